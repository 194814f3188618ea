/**
 * Saving an export's files through the platform, one save per file (a native dialog in the
 * desktop app, a download in the browser).
 *
 * The names follow the same rule as the CLI's `--out`: a one-file export is saved as that file; a
 * split Azure DevOps export (over 1,000 work items) is NAME-1.csv, NAME-2.csv, …. When the person
 * renames the first file in the dialog, the next files follow that name ("backlog-1.csv" or
 * "backlog.csv" → "backlog-2.csv", …), so the parts stay together and in order.
 * A cancelled or failed save stops there and says which files were saved, never silently.
 */
import type { ExportFile } from '../../shared/export/index.ts';
import type { FileKind, SaveFileRequest, SaveFileResult } from '../../shared/platform-api.ts';

export function kindOfFile(name: string): FileKind {
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.md')) return 'markdown';
  if (name.endsWith('.sh')) return 'shell';
  if (name.endsWith('.svg')) return 'svg';
  return 'json';
}

export interface SavedExport {
  /** The names the files were saved under, in order. */
  saved: string[];
  /** Why saving stopped before the last file, or null when every file was saved. */
  stopped: null | { reason: 'cancelled'; file: string } | { reason: 'error'; file: string; message: string };
}

/** True for the parts of a split export: NAME-1.ext, NAME-2.ext, … in order. */
export function isNumberedSeries(names: readonly string[]): boolean {
  if (names.length < 2) return false;
  const first = /^(.+)-1(\.[^.]+)$/.exec(names[0]!);
  return !!first && names.every((name, i) => name === `${first[1]}-${i + 1}${first[2]}`);
}

/** The name of part `index` (0-based) of a series whose first part was saved as `first`. */
export function partName(first: string, index: number): string {
  const numbered = /^(.+)-1(\.[^.]+)$/.exec(first);
  if (numbered) return `${numbered[1]}-${index + 1}${numbered[2]}`;
  const dot = first.lastIndexOf('.');
  return dot > 0 ? `${first.slice(0, dot)}-${index + 1}${first.slice(dot)}` : `${first}-${index + 1}`;
}

export async function saveExportFiles(files: readonly ExportFile[], save: (request: SaveFileRequest) => Promise<SaveFileResult>): Promise<SavedExport> {
  const series = isNumberedSeries(files.map((f) => f.name));
  const saved: string[] = [];
  for (const [i, file] of files.entries()) {
    const suggestedName = series && i > 0 ? partName(saved[0]!, i) : file.name;
    const result = await save({ suggestedName, content: file.content, kind: kindOfFile(file.name) });
    if (result.status === 'cancelled') return { saved, stopped: { reason: 'cancelled', file: suggestedName } };
    if (result.status === 'error') return { saved, stopped: { reason: 'error', file: suggestedName, message: result.message } };
    saved.push(result.fileName || suggestedName);
  }
  return { saved, stopped: null };
}
