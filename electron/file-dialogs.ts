/**
 * What each kind of file looks like in the native dialogs, and the extension a saved file must
 * end with. Paths are chosen by the user in these dialogs and nowhere else.
 */
import type { FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { FileKind, OpenFileRequest } from '../shared/platform-api.ts';
import { SESSION_FILE_EXTENSION } from '../shared/schema.ts';

export type SaveKind = FileKind | 'pdf';
export type OpenKind = OpenFileRequest['kind'];

interface SaveFormat {
  title: string;
  /** What the saved file's name must end with (lower case, leading dot). */
  extension: string;
  /** Other endings accepted as already correct. */
  alsoAccepted?: readonly string[];
  filters: FileFilter[];
}

// `json` sits beside `threatstorm.json` because macOS matches only the last extension; without
// it no session file could be picked there.
const SESSION_FILTER: FileFilter = {
  name: 'Threatstorm session',
  extensions: [SESSION_FILE_EXTENSION.slice(1), 'json'],
};

const SAVE_FORMATS: Readonly<Record<SaveKind, SaveFormat>> = {
  session: { title: 'Save session', extension: SESSION_FILE_EXTENSION, filters: [SESSION_FILTER] },
  csv: { title: 'Export CSV', extension: '.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] },
  markdown: {
    title: 'Export Markdown',
    extension: '.md',
    alsoAccepted: ['.markdown'],
    filters: [{ name: 'Markdown', extensions: ['md', 'markdown'] }],
  },
  json: { title: 'Export JSON', extension: '.json', filters: [{ name: 'JSON', extensions: ['json'] }] },
  shell: { title: 'Export script', extension: '.sh', filters: [{ name: 'Shell script', extensions: ['sh'] }] },
  svg: { title: 'Export picture', extension: '.svg', filters: [{ name: 'SVG picture', extensions: ['svg'] }] },
  pdf: { title: 'Save as PDF', extension: '.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] },
};

const OPEN_FORMATS: Readonly<Record<OpenKind, { title: string; filters: FileFilter[] }>> = {
  session: { title: 'Open session', filters: [SESSION_FILTER] },
  import: {
    title: 'Import threat model',
    filters: [{ name: 'Threat models (Threatstorm, Threat Dragon, Threat Composer)', extensions: ['json'] }],
  },
  deck: { title: 'Open card deck', filters: [{ name: 'Card deck', extensions: ['json'] }] },
};

/**
 * The name or path with the kind's extension. Some dialogs (GTK) do not add the extension of
 * the selected filter, and a session saved as `plan` or `plan.json` could not be reopened
 * through the session filter or the file association.
 */
export function withExtension(nameOrPath: string, kind: SaveKind): string {
  const { extension, alsoAccepted = [] } = SAVE_FORMATS[kind];
  const lower = nameOrPath.toLowerCase();
  if ([extension, ...alsoAccepted].some((ending) => lower.endsWith(ending))) return nameOrPath;
  if (kind === 'session' && lower.endsWith('.json')) return `${nameOrPath.slice(0, -'.json'.length)}${extension}`;
  return `${nameOrPath}${extension}`;
}

export function saveDialogOptions(kind: SaveKind, defaultPath: string): SaveDialogOptions {
  const { title, filters } = SAVE_FORMATS[kind];
  return {
    title,
    defaultPath,
    filters,
    // GTK replaces an existing file silently unless asked to confirm.
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function openDialogOptions(kind: OpenKind, defaultPath: string | undefined): OpenDialogOptions {
  const { title, filters } = OPEN_FORMATS[kind];
  return { title, filters, properties: ['openFile'], ...(defaultPath === undefined ? {} : { defaultPath }) };
}
