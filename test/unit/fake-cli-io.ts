/**
 * An in-memory `CliIo` for the CLI tests: files to read, what was written, and the two streams.
 * It keeps the contract of the real one (`tools/cli-files.ts`, tested on a real file system in
 * `cli-files.test.ts`): reads refuse folders, pipes and files over the limit without reading
 * them; writes refuse links and folders at a target and then write every file or none.
 */
import type { CliIo } from '../../tools/cli.ts';
import { FileReadError, FileWriteError, type PathKind } from '../../tools/cli-files.ts';

export interface FakeIo extends CliIo {
  out: string;
  err: string;
  written: Map<string, { content: string; executable: boolean }>;
  /** Paths read, in order. */
  reads: string[];
}

export interface FakeIoOptions {
  /** What is at a path other than a plain file: a folder, a link, a FIFO or device ('other'). */
  kinds?: Record<string, PathKind>;
  stdoutIsTerminal?: boolean;
  stderrIsTerminal?: boolean;
  stderrColumns?: number;
}

/** `sizes` overrides the size reported for a path (to test size limits without big buffers). */
export function fakeIo(files: Record<string, string | Uint8Array>, sizes: Record<string, number> = {}, options: FakeIoOptions = {}): FakeIo {
  const kinds = options.kinds ?? {};
  const bytesOf = (data: string | Uint8Array) => (typeof data === 'string' ? new TextEncoder().encode(data) : data);
  const isFolder = (path: string) => {
    const prefix = path.replace(/\/+$/, '') + '/';
    return [...Object.keys(files), ...io.written.keys()].some((p) => p.startsWith(prefix));
  };
  const io: FakeIo = {
    out: '',
    err: '',
    written: new Map(),
    reads: [],
    ...(options.stdoutIsTerminal !== undefined ? { stdoutIsTerminal: options.stdoutIsTerminal } : {}),
    ...(options.stderrIsTerminal !== undefined ? { stderrIsTerminal: options.stderrIsTerminal } : {}),
    ...(options.stderrColumns !== undefined ? { stderrColumns: options.stderrColumns } : {}),
    async readFile(path, maxBytes, onProgress) {
      const kind = await io.pathKind(path);
      if (kind === 'directory') throw new FileReadError('EISDIR', 'is a directory, not a file');
      if (kind === 'other') throw new FileReadError('NOT_REGULAR', 'not a regular file (it is a named pipe); threatstorm reads only files');
      if (Object.hasOwn(sizes, path) && sizes[path]! > maxBytes) throw new FileReadError('TOO_LARGE', 'too large', sizes[path]);
      const data = Object.hasOwn(files, path) ? files[path] : undefined;
      if (data === undefined) throw new FileReadError('ENOENT', 'no such file');
      if (bytesOf(data).length > maxBytes) throw new FileReadError('TOO_LARGE', 'too large', bytesOf(data).length);
      io.reads.push(path);
      const bytes = bytesOf(data);
      onProgress?.(bytes.length, bytes.length);
      return bytes;
    },
    async pathKind(path) {
      if (Object.hasOwn(kinds, path)) return kinds[path]!;
      if (Object.hasOwn(files, path) || Object.hasOwn(sizes, path) || io.written.has(path)) return 'file';
      return isFolder(path) ? 'directory' : 'missing';
    },
    async writeFiles(targets, onProgress) {
      const replaced: string[] = [];
      for (const target of targets) {
        const kind = await io.pathKind(target.path);
        if (kind === 'symlink') throw new FileWriteError(target.path, 'it is a symbolic link; threatstorm does not write through links (remove the link or choose another path)');
        if (kind === 'directory') throw new FileWriteError(target.path, 'there is a folder with that name');
        if (kind === 'other') throw new FileWriteError(target.path, 'it is a named pipe, not a file');
        if (kind === 'file') replaced.push(target.path);
      }
      for (const [i, target] of targets.entries()) {
        io.written.set(target.path, { content: target.content, executable: target.executable ?? false });
        onProgress?.(i + 1, targets.length);
      }
      return { replaced };
    },
    stdout(text) {
      io.out += text;
    },
    stderr(text) {
      io.err += text;
    },
  };
  return io;
}
