/**
 * The CLI's file rules on a real file system (issue #17, items 11 and 12): only regular files
 * are read, within the limit; writes go through a temporary file and a rename, never through a
 * symbolic link, and change nothing when they fail or are cancelled.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileReadError, FileWriteError, pathKind, readRegularFile, WriteCancelledError, writeFilesAtomically } from '../../tools/cli-files.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ts-cli-files-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Rejects when `promise` takes longer than `ms`: a read that blocks must fail the test, not hang it. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);
}

async function readError(promise: Promise<unknown>): Promise<FileReadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FileReadError) return error;
    throw error;
  }
  throw new Error('the read succeeded');
}

describe('readRegularFile', () => {
  it('reads a regular file, and one reached through a link', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), '{"a":1}');
    symlinkSync(join(dir, 'a.json'), join(dir, 'link.json'));
    const progress: Array<[number, number]> = [];
    expect(Buffer.from(await readRegularFile(join(dir, 'a.json'), 100, (done, total) => progress.push([done, total]))).toString()).toBe('{"a":1}');
    expect(progress).toEqual([[7, 7]]);
    expect(Buffer.from(await readRegularFile(join(dir, 'link.json'), 100)).toString()).toBe('{"a":1}');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(tempDir(), 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const error = await within(readError(readRegularFile(fifo, 1024)), 2000);
    expect(error.code).toBe('NOT_REGULAR');
    expect(error.message).toContain('a named pipe');
  });

  it('refuses /dev/zero (a device that never ends) without reading it', async () => {
    const error = await within(readError(readRegularFile('/dev/zero', 1024)), 2000);
    expect(error.code).toBe('NOT_REGULAR');
    expect(error.message).toContain('a device');
  });

  it('refuses a folder, a missing file and a file over the limit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(101));
    expect((await readError(readRegularFile(dir, 100))).code).toBe('EISDIR');
    expect((await readError(readRegularFile(join(dir, 'nope.json'), 100))).code).toBe('ENOENT');
    const big = await readError(readRegularFile(join(dir, 'big.json'), 100));
    expect(big.code).toBe('TOO_LARGE');
    expect(big.size).toBe(101);
  });

  it('stops at the limit while reading, whatever size the file claims', async () => {
    // /proc files say they hold 0 bytes and then have content.
    expect(statSync('/proc/self/status').size).toBe(0);
    const error = await readError(readRegularFile('/proc/self/status', 16));
    expect(error.code).toBe('TOO_LARGE');
    expect(Buffer.from(await readRegularFile('/proc/self/status', 1024 * 1024)).toString()).toContain('Name:');
  });
});

describe('writeFilesAtomically', () => {
  it('refuses a symbolic link at the target and leaves what it points to untouched', async () => {
    const dir = tempDir();
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'private key', { mode: 0o600 });
    chmodSync(secret, 0o600);
    symlinkSync(secret, join(dir, 'backlog.csv'));
    await expect(writeFilesAtomically([{ path: join(dir, 'backlog.csv'), content: 'a,b\n' }])).rejects.toThrow(/symbolic link/);
    expect(readFileSync(secret, 'utf8')).toBe('private key');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dir, 'backlog.csv')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['backlog.csv', 'secret']);
  });

  it('refuses a dangling link, a folder and a FIFO at a target, before writing any file', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'not-yet'), join(dir, 'dangling.csv'));
    mkdirSync(join(dir, 'folder.csv'));
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    for (const name of ['dangling.csv', 'folder.csv', 'pipe.csv']) {
      const error = await writeFilesAtomically([
        { path: join(dir, 'first.csv'), content: 'first' },
        { path: join(dir, name), content: 'x' },
      ]).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(FileWriteError);
      expect((error as FileWriteError).path).toBe(join(dir, name));
    }
    expect(existsSync(join(dir, 'first.csv'))).toBe(false);
    expect(existsSync(join(dir, 'not-yet'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['dangling.csv', 'folder.csv', 'pipe.csv']);
  });

  it('replaces an existing file whole, keeps its mode, and says it replaced it', async () => {
    const dir = tempDir();
    const target = join(dir, 'out.csv');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    const inode = statSync(target).ino;
    const result = await writeFilesAtomically([
      { path: target, content: 'new' },
      { path: join(dir, 'sub', 'new.sh'), content: '#!/bin/sh\n', executable: true },
    ]);
    expect(result.replaced).toEqual([target]);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    // A new file took the name (rename), rather than the old one being rewritten in place.
    expect(statSync(target).ino).not.toBe(inode);
    expect(statSync(join(dir, 'sub', 'new.sh')).mode & 0o111).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['out.csv', 'sub']);
  });

  it('does not reuse a temporary name someone planted (a link there is not followed)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'victim'), 'keep');
    symlinkSync(join(dir, 'victim'), join(dir, '.out.csv.tmp-fixed'));
    await expect(writeFilesAtomically([{ path: join(dir, 'out.csv'), content: 'x' }], { randomSuffix: () => 'fixed' })).rejects.toThrow(FileWriteError);
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('keep');
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });

  it('changes nothing when cancelled before the renames, and leaves no temporary file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'old a');
    const controller = new AbortController();
    const error = await writeFilesAtomically(
      [
        { path: join(dir, 'a.csv'), content: 'new a' },
        { path: join(dir, 'b.csv'), content: 'new b' },
      ],
      { signal: controller.signal, onProgress: (done) => done === 1 && controller.abort() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteCancelledError);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('old a');
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });

  it('reports what is at a path without following links', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), '');
    symlinkSync(join(dir, 'f'), join(dir, 'l'));
    execFileSync('mkfifo', [join(dir, 'p')]);
    expect(await pathKind(join(dir, 'f'))).toBe('file');
    expect(await pathKind(join(dir, 'l'))).toBe('symlink');
    expect(await pathKind(join(dir, 'p'))).toBe('other');
    expect(await pathKind(dir)).toBe('directory');
    expect(await pathKind(join(dir, 'none'))).toBe('missing');
    expect(await pathKind(join(dir, 'f', 'below-a-file'))).toBe('missing');
  });
});
