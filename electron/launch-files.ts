/**
 * Session files the operating system asks us to open: a path on the command line (Windows,
 * Linux, and a second launch while running) or macOS's `open-file` event. Paths come from the
 * OS, never from the page; main reads the file (size-limited) and hands the page only its name
 * and text, which the page validates like any file it opens.
 */
import path from 'node:path';
import { readTextFile, type FileSystem } from './file-io.ts';
import type { OpenedFile } from '../shared/platform-api.ts';

/** The first argument that names a `.threatstorm.json` (or `.json`) file, skipping switches. */
export function sessionFileFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const lower = arg.toLowerCase();
    if (lower.endsWith('.threatstorm.json') || lower.endsWith('.json')) return arg;
  }
  return null;
}

/**
 * Holds paths until the page can receive them (it may not have loaded yet), then reads each and
 * sends it. A file that cannot be read is reported through `onError`, never sent half-way.
 */
export function createLaunchFileQueue(deps: {
  fs: Pick<FileSystem, 'stat' | 'readFile'>;
  send(file: OpenedFile): void;
  onError(message: string): void;
}) {
  const pending: string[] = [];
  let ready = false;
  const deliver = async (file: string) => {
    const read = await readTextFile(deps.fs, file);
    if (read.ok) deps.send({ fileName: path.basename(file), content: read.value });
    else deps.onError(`${path.basename(file)}: ${read.message}`);
  };
  return {
    add(file: string): void {
      if (ready) void deliver(file);
      else pending.push(file);
    },
    /** The page has loaded: everything queued goes now, later files go at once. */
    ready(): void {
      ready = true;
      for (const file of pending.splice(0)) void deliver(file);
    },
    /** The page is reloading or gone: queue again until it says it is ready. */
    reset(): void {
      ready = false;
    },
  };
}
