/**
 * Where the CLI writes an export's files, from `--out PATH` and what is already at PATH:
 * - one file: PATH is that file, exactly (`--out backlog.csv` writes backlog.csv);
 * - PATH ends with "/": every file goes into that folder under the exporter's own name;
 * - several parts of one export (all of one kind, as when Azure DevOps' 1,000-item limit
 *   splits a backlog): numbered beside each other, `backlog.csv` → `backlog-1.csv`,
 *   `backlog-2.csv`, …;
 * - several files of different kinds that belong together (the GitHub script and its data):
 *   PATH is their folder.
 * A path that exists as the other kind (a folder where a file is wanted, or the reverse) is an
 * error before anything is written.
 */
import { basename, extname, join } from 'node:path';
import type { OutputFile, PathKind } from './cli-files.ts';

export interface ProducedFile {
  name: string;
  content: string;
}

export type OutputPlan =
  | {
      ok: true;
      files: OutputFile[];
      /** The files are numbered parts of one export. */
      split: boolean;
      /** A numbered part left from an earlier, longer export beside the new ones. */
      leftover: string | null;
    }
  | { ok: false; message: string };

const endsWithSeparator = (path: string) => /[\\/]$/.test(path);

function extensionOf(name: string): string {
  const ext = extname(name);
  return ext === name ? '' : ext;
}

/** Several files, all with the same extension: parts of one export rather than a set. */
export function isSplitExport(files: readonly ProducedFile[]): boolean {
  if (files.length < 2) return false;
  const ext = extensionOf(files[0]!.name);
  return files.every((file) => extensionOf(file.name) === ext);
}

/** `backlog.csv`, 2 → `backlog-2.csv`; `backlog`, 2 → `backlog-2`. */
export function numberedPath(path: string, index: number): string {
  const ext = extensionOf(basename(path));
  return ext ? `${path.slice(0, -ext.length)}-${index}${ext}` : `${path}-${index}`;
}

const asOutput = (path: string, file: ProducedFile): OutputFile => ({ path, content: file.content, executable: file.name.endsWith('.sh') });

function folderWanted(out: string, kind: PathKind): string | null {
  if (kind === 'file' || kind === 'other') return `${out}: there is a file with that name, so it cannot be the folder to write into; choose another path.`;
  return null;
}

function fileWanted(out: string, kind: PathKind, example: string): string | null {
  if (kind === 'directory') {
    return `${out} is a folder. End the path with "/" to write into it (--out ${out}/), or give a file name such as ${join(out, example)}.`;
  }
  return null;
}

export async function planOutputPaths(files: readonly ProducedFile[], out: string, kindOf: (path: string) => Promise<PathKind>): Promise<OutputPlan> {
  if (files.length === 0) return { ok: false, message: 'the export produced no file.' };
  const split = isSplitExport(files);
  const folder = endsWithSeparator(out) || (files.length > 1 && !split);

  if (folder) {
    const trimmed = out.replace(/[\\/]+$/, '') || out;
    const problem = folderWanted(out, await kindOf(trimmed));
    if (problem) return { ok: false, message: problem };
    return { ok: true, files: files.map((file) => asOutput(join(out, file.name), file)), split, leftover: null };
  }

  const problem = fileWanted(out, await kindOf(out), files[0]!.name);
  if (problem) return { ok: false, message: problem };
  if (files.length === 1) return { ok: true, files: [asOutput(out, files[0]!)], split: false, leftover: null };

  const planned = files.map((file, i) => asOutput(numberedPath(out, i + 1), file));
  const next = numberedPath(out, files.length + 1);
  const leftover = (await kindOf(next)) === 'file' ? next : null;
  return { ok: true, files: planned, split: true, leftover };
}
