/**
 * The CLI's own file system rules, on the real file system:
 * - reads only regular files, checked before opening (a FIFO would block `open` forever, a
 *   device such as /dev/zero never ends) and again on the open descriptor, and stops at the
 *   size limit while reading, whatever the size said;
 * - writes a set of files so that no target changes until every new content is complete on
 *   disk: each goes to a temporary file beside its target, then all are renamed; never through a
 *   symbolic link, never over a folder or a device, keeping the mode of a file it replaces; a
 *   failure or a cancel before the renames removes the temporary files and changes nothing.
 * Errors carry a code and a sentence for the person at the terminal.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { chmod, lstat, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type PathKind = 'missing' | 'file' | 'directory' | 'symlink' | 'other';

export type ReadProblem = 'ENOENT' | 'EACCES' | 'EISDIR' | 'NOT_REGULAR' | 'TOO_LARGE' | 'OTHER';

export class FileReadError extends Error {
  constructor(
    readonly code: ReadProblem,
    message: string,
    /** The size found, for TOO_LARGE. */
    readonly size?: number,
  ) {
    super(message);
  }
}

export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export class WriteCancelledError extends Error {
  constructor(
    /** The exit status to end with: 128 + the signal's number (130 for Ctrl+C). */
    readonly exitCode = 130,
  ) {
    super('cancelled before anything was written');
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What a non-regular file is, in words. */
export function describeKind(info: Pick<Stats, 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket' | 'isDirectory' | 'isSymbolicLink'>): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function readFailure(error: unknown): FileReadError {
  if (error instanceof FileReadError) return error;
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileReadError('ENOENT', 'no such file');
  if (code === 'EACCES' || code === 'EPERM') return new FileReadError('EACCES', 'permission denied');
  if (code === 'EISDIR') return new FileReadError('EISDIR', 'is a directory, not a file');
  return new FileReadError('OTHER', code ?? (error as Error)?.message ?? String(error));
}

const CHUNK = 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes`. Follows a symbolic link to a regular file (a
 * session file linked into a repository is ordinary); refuses anything else before opening.
 */
export async function readRegularFile(path: string, maxBytes: number, onProgress?: (done: number, total: number) => void): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new FileReadError('EISDIR', 'is a directory, not a file');
    if (!info.isFile()) throw new FileReadError('NOT_REGULAR', `not a regular file (it is ${describeKind(info)}); threatstorm reads only files`);
    if (info.size > maxBytes) throw new FileReadError('TOO_LARGE', 'too large', info.size);
    // O_NONBLOCK: should the path have become a FIFO since the check, opening it does not wait
    // for a writer. It changes nothing for a regular file.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw new FileReadError('NOT_REGULAR', `not a regular file (it is ${describeKind(opened)}); threatstorm reads only files`);
      if (opened.size > maxBytes) throw new FileReadError('TOO_LARGE', 'too large', opened.size);
      const chunks: Buffer[] = [];
      let total = 0;
      // Bounded by the limit, not by the size reported: a file can grow, and some files
      // (in /proc, for instance) report 0 bytes and then have content.
      for (;;) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > maxBytes) throw new FileReadError('TOO_LARGE', 'too large', total);
        chunks.push(buffer.subarray(0, bytesRead));
        onProgress?.(total, Math.max(total, opened.size));
      }
      return Buffer.concat(chunks, total);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw readFailure(error);
  }
}

export async function pathKind(path: string): Promise<PathKind> {
  let info: Stats;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isDirectory()) return 'directory';
  return info.isFile() ? 'file' : 'other';
}

const WRITE_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the location is read-only',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'there is a folder with that name',
  ENAMETOOLONG: 'the name is too long',
};

function writeFailure(path: string, error: unknown): FileWriteError {
  if (error instanceof FileWriteError) return error;
  const code = errorCode(error);
  return new FileWriteError(path, (code && WRITE_REASONS[code]) ?? (code ? `${code}` : String((error as Error)?.message ?? error)));
}

export interface OutputFile {
  path: string;
  content: string;
  /** A script: executable by whoever may read it. */
  executable?: boolean;
}

export interface WriteOptions {
  /** Aborted (Ctrl+C): stop before the renames and leave every target as it was. */
  signal?: AbortSignal;
  /** After each temporary file is complete: (files done, files in all). */
  onProgress?: (done: number, total: number) => void;
  /** Temporary-name suffix; tests make it predictable. */
  randomSuffix?: () => string;
}

/** Paths of the targets that existed (and were replaced). */
export interface WriteResult {
  replaced: string[];
}

/** The mode of the new file: the replaced file's, or the usual one; scripts get execute bits. */
function modeFor(file: OutputFile, existing: Stats | null): number {
  const base = existing ? existing.mode & 0o777 : 0o666 & ~process.umask();
  if (!file.executable) return base;
  // Execute for whoever may read: u+x for an owner-only file, never more than the read bits.
  return base | ((base & 0o444) >> 2);
}

/**
 * Writes every file, or changes nothing when anything fails before the renames: the targets are checked first (no link, folder or device at any
 * of them), all contents go to temporary files beside their targets, and only when every one is
 * complete are they renamed into place. Rename replaces a name, never follows it, so even a
 * link planted after the check is replaced, not written through.
 */
export async function writeFilesAtomically(files: readonly OutputFile[], options: WriteOptions = {}): Promise<WriteResult> {
  const suffix = options.randomSuffix ?? (() => randomBytes(6).toString('hex'));
  const existing = new Map<string, Stats | null>();
  for (const file of files) {
    let info: Stats | null = null;
    try {
      info = await lstat(file.path);
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw writeFailure(file.path, error);
    }
    if (info?.isSymbolicLink()) throw new FileWriteError(file.path, 'it is a symbolic link; threatstorm does not write through links (remove the link or choose another path)');
    if (info?.isDirectory()) throw new FileWriteError(file.path, 'there is a folder with that name');
    if (info && !info.isFile()) throw new FileWriteError(file.path, `it is ${describeKind(info)}, not a file`);
    existing.set(file.path, info);
  }

  const temps: string[] = [];
  const removeTemps = () => Promise.all(temps.map((temp) => rm(temp, { force: true }).catch(() => undefined)));
  try {
    for (const [index, file] of files.entries()) {
      if (options.signal?.aborted) throw new WriteCancelledError();
      const folder = dirname(file.path);
      try {
        await mkdir(folder, { recursive: true });
      } catch (error) {
        throw writeFailure(folder, error);
      }
      const temp = join(folder, `.${basename(file.path)}.tmp-${suffix()}`);
      try {
        // 'wx' creates the temporary file or fails: never reuses a name or follows a link there.
        await writeFile(temp, file.content, { encoding: 'utf8', flag: 'wx', mode: 0o600, flush: true });
        temps.push(temp);
        await chmod(temp, modeFor(file, existing.get(file.path) ?? null));
      } catch (error) {
        throw writeFailure(file.path, error);
      }
      options.onProgress?.(index + 1, files.length);
    }
    if (options.signal?.aborted) throw new WriteCancelledError();
  } catch (error) {
    await removeTemps();
    throw error;
  }

  // The commit: quick renames within each folder, done whole even if a cancel arrives now.
  for (const [index, file] of files.entries()) {
    try {
      await rename(temps[index]!, file.path);
    } catch (error) {
      await Promise.all(temps.slice(index).map((temp) => rm(temp, { force: true }).catch(() => undefined)));
      throw writeFailure(file.path, error);
    }
  }
  return { replaced: files.filter((file) => existing.get(file.path)).map((file) => file.path) };
}
