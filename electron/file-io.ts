/**
 * Reading and writing the user's files from main: writes are atomic (a crash or a full disk
 * never leaves a half-written session behind), reads are bounded and must be UTF-8 text, and
 * every failure becomes a sentence a workshop facilitator can act on. Messages never contain
 * paths: they travel to the renderer, which is only ever told file names.
 */
import { randomBytes } from 'node:crypto';

/** Larger than any real session or import, small enough not to stall the main process. */
export const MAX_READ_BYTES = 50 * 1024 * 1024;

export interface FileSystem {
  writeFile(path: string, data: string | Uint8Array, options: { flag: 'wx'; flush: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  stat(path: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

export type FileOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const WRITE_MESSAGES: Readonly<Record<string, string>> = {
  ENOSPC: 'The disk is full. Free some space or save somewhere else, then try again.',
  EDQUOT: 'Your disk quota is used up. Free some space or save somewhere else, then try again.',
  EACCES: 'Threatstorm is not allowed to write there. Choose a folder you can write to.',
  EPERM: 'Threatstorm is not allowed to write there. Choose a folder you can write to.',
  EROFS: 'That location is read-only. Choose another folder.',
  ENOENT: 'That folder no longer exists. Choose another location.',
  ENOTDIR: 'That folder no longer exists. Choose another location.',
  EISDIR: 'There is a folder with that name. Choose another file name.',
  EBUSY: 'The file is in use by another program. Close it there, then try again.',
  ENAMETOOLONG: 'The file name or folder path is too long. Choose a shorter name.',
};

const READ_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'The file no longer exists.',
  ENOTDIR: 'The file no longer exists.',
  EACCES: 'Threatstorm is not allowed to read that file.',
  EPERM: 'Threatstorm is not allowed to read that file.',
  EISDIR: 'That is a folder, not a file.',
  EBUSY: 'The file is in use by another program. Close it there, then try again.',
};

/** The system's own message would name the full path, so only the code is ever passed on. */
export function describeWriteError(error: unknown): string {
  const code = errorCode(error);
  return (code && WRITE_MESSAGES[code]) ?? `The file could not be saved${code ? ` (${code})` : ''}.`;
}

export function describeReadError(error: unknown): string {
  const code = errorCode(error);
  return (code && READ_MESSAGES[code]) ?? `The file could not be read${code ? ` (${code})` : ''}.`;
}

/**
 * Writes beside the target and renames over it: rename within one directory is atomic, so the
 * target holds either the old or the new content, never a torn mix. `wx` refuses to reuse an
 * existing temp file (or a symlink planted under its name); `flush` puts the data on disk
 * before the rename makes it visible.
 */
export async function writeFileAtomically(
  fs: Pick<FileSystem, 'writeFile' | 'rename' | 'rm'>,
  target: string,
  data: string | Uint8Array,
  randomSuffix: () => string = () => randomBytes(6).toString('hex'),
): Promise<FileOutcome<void>> {
  const temp = `${target}.tmp-${randomSuffix()}`;
  try {
    await fs.writeFile(temp, data, { flag: 'wx', flush: true });
    await fs.rename(temp, target);
    return { ok: true, value: undefined };
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    return { ok: false, message: describeWriteError(error) };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readTextFile(
  fs: Pick<FileSystem, 'stat' | 'readFile'>,
  source: string,
  maxBytes: number = MAX_READ_BYTES,
): Promise<FileOutcome<string>> {
  const tooLarge = `The file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB, too large to be a Threatstorm file.`;
  let bytes: Uint8Array;
  try {
    const info = await fs.stat(source);
    if (!info.isFile()) return { ok: false, message: 'That is not a regular file.' };
    if (info.size > maxBytes) return { ok: false, message: tooLarge };
    bytes = await fs.readFile(source);
  } catch (error) {
    return { ok: false, message: describeReadError(error) };
  }
  // The file may have grown between stat and read.
  if (bytes.byteLength > maxBytes) return { ok: false, message: tooLarge };
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    return { ok: false, message: 'The file is not a text file (it is not valid UTF-8).' };
  }
}
