/** An in-memory `CliIo` for the CLI tests: files to read, what was written, and the two streams. */
import type { CliIo } from '../../tools/cli.ts';

export interface FakeIo extends CliIo {
  out: string;
  err: string;
  written: Map<string, { content: string; executable: boolean }>;
  /** Paths read, in order. */
  reads: string[];
}

/** `sizes` overrides the size reported for a path (to test size limits without big buffers). */
export function fakeIo(files: Record<string, string | Uint8Array>, sizes: Record<string, number> = {}): FakeIo {
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  const io: FakeIo = {
    out: '',
    err: '',
    written: new Map(),
    reads: [],
    async fileSize(path) {
      if (path in sizes) return sizes[path]!;
      const data = files[path];
      if (data === undefined) throw missing(path);
      return typeof data === 'string' ? new TextEncoder().encode(data).length : data.length;
    },
    async readFile(path) {
      io.reads.push(path);
      const data = files[path];
      if (data === undefined) throw missing(path);
      return typeof data === 'string' ? new TextEncoder().encode(data) : data;
    },
    async writeFile(path, content, options) {
      io.written.set(path, { content, executable: options?.executable ?? false });
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
