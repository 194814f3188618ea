// @vitest-environment node
import * as realFs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { IPC_CHANNELS, type AppInfo } from '../../shared/platform-api.ts';
import type { FileSystem } from '../../electron/file-io.ts';
import {
  createIpcHandlers,
  IPC_CHANNEL_LIST,
  isTrustedSender,
  registerIpcHandlers,
  type IpcDependencies,
  type IpcHandlers,
} from '../../electron/ipc.ts';

const APP_INFO: AppInfo = { name: 'Threatstorm', version: '0.1.0', shell: 'electron', os: 'linux' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'threatstorm-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function errnoError(code: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, open '${file}'`), { code });
}

/** Dependencies backed by the real file system in the temp dir, with scripted dialogs. */
function setup(overrides: Partial<IpcDependencies> & { savePath?: string | undefined; openPath?: string | undefined } = {}) {
  const { savePath, openPath, ...rest } = overrides;
  const showSaveDialog = vi.fn(async (_options: SaveDialogOptions) =>
    savePath === undefined ? { canceled: true } : { canceled: false, filePath: savePath },
  );
  const showOpenDialog = vi.fn(async (_options: OpenDialogOptions) =>
    openPath === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [openPath] },
  );
  const printToPdf = vi.fn(async () => new TextEncoder().encode('%PDF-1.7 fake'));
  const deps: IpcDependencies = { showSaveDialog, showOpenDialog, fs: realFs, printToPdf, appInfo: () => APP_INFO, ...rest };
  return { handlers: createIpcHandlers(deps), showSaveDialog, showOpenDialog, printToPdf };
}

const save = (handlers: IpcHandlers, ...args: unknown[]) => handlers[IPC_CHANNELS.saveFile](...args);
const open = (handlers: IpcHandlers, ...args: unknown[]) => handlers[IPC_CHANNELS.openFile](...args);
const print = (handlers: IpcHandlers, ...args: unknown[]) => handlers[IPC_CHANNELS.printToPdf](...args);

describe('isTrustedSender', () => {
  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedSender({ senderFrame: { url: 'app://threatstorm/index.html', parent: null } })).toBe(true);
  });

  it.each([
    ['another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['another app host', { senderFrame: { url: 'app://evil/index.html', parent: null } }],
    ['a file page', { senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
    ['a subframe of the app', { senderFrame: { url: 'app://threatstorm/frame.html', parent: { url: 'app://threatstorm/' } } }],
    ['a missing frame', { senderFrame: null }],
    ['an undefined frame', { senderFrame: undefined }],
  ])('refuses %s', (_label, event) => {
    expect(isTrustedSender(event)).toBe(false);
  });

  it('refuses a frame that throws because it was disposed', () => {
    const disposed = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(isTrustedSender(disposed)).toBe(false);
  });
});

describe('registerIpcHandlers', () => {
  function register() {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = { handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => registered.set(channel, listener) };
    const calls: unknown[][] = [];
    const handlers = Object.fromEntries(
      IPC_CHANNEL_LIST.map((channel) => [channel, async (...args: unknown[]) => calls.push([channel, ...args])]),
    ) as unknown as IpcHandlers;
    registerIpcHandlers(ipcMain as unknown as Pick<IpcMain, 'handle'>, handlers);
    return { registered, calls };
  }

  it('registers exactly the fixed channels', () => {
    const { registered } = register();
    expect([...registered.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(IPC_CHANNEL_LIST).toHaveLength(4);
  });

  it('refuses untrusted senders before the handler runs', () => {
    const { registered, calls } = register();
    for (const listener of registered.values()) {
      expect(() => listener({ senderFrame: { url: 'https://evil.example/', parent: null } }, { kind: 'session' })).toThrow('Untrusted sender');
      expect(() => listener({ senderFrame: { url: 'app://threatstorm/', parent: {} } })).toThrow('Untrusted sender');
      expect(() => listener({ senderFrame: null })).toThrow('Untrusted sender');
    }
    expect(calls).toEqual([]);
  });

  it('passes only the arguments, never the event, to the handler', async () => {
    const { registered, calls } = register();
    await registered.get(IPC_CHANNELS.openFile)?.({ senderFrame: { url: 'app://threatstorm/index.html', parent: null } }, { kind: 'deck' });
    expect(calls).toEqual([[IPC_CHANNELS.openFile, { kind: 'deck' }]]);
  });
});

describe('argument validation', () => {
  const validSave = { suggestedName: 'plan.threatstorm.json', content: '{}', kind: 'session' };

  it.each([
    ['an extra key', { ...validSave, path: '/etc/passwd' }, /Unrecognized key/],
    ['a wrong content type', { ...validSave, content: 42 }, /content/],
    ['an unknown kind', { ...validSave, kind: 'exe' }, /kind/],
    ['a path as the name', { ...validSave, suggestedName: '../../.bashrc' }, /suggestedName: must be a plain file name/],
    ['a nested name', { ...validSave, suggestedName: 'dir/plan.json' }, /suggestedName/],
    ['a Windows path', { ...validSave, suggestedName: 'C:\\Users\\x\\plan.json' }, /suggestedName/],
    ['a dot-dot name', { ...validSave, suggestedName: '..' }, /suggestedName/],
    ['an empty name', { ...validSave, suggestedName: '' }, /suggestedName/],
    ['a control character', { ...validSave, suggestedName: 'plan\u0000.json' }, /suggestedName/],
    ['a string instead of an object', 'plan.json', /request/],
    ['null', null, /request/],
  ])('saveFile rejects %s', async (_label, request, message) => {
    const { handlers, showSaveDialog } = setup({ savePath: path.join(dir, 'x.json') });
    await expect(save(handlers, request)).rejects.toThrow(message);
    await expect(save(handlers, request)).rejects.toThrow(/Invalid request on threatstorm:save-file/);
    expect(showSaveDialog).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects a missing or an extra argument', async () => {
    const { handlers, showSaveDialog } = setup();
    await expect(save(handlers)).rejects.toThrow(/expected exactly one argument, got 0/);
    await expect(save(handlers, validSave, validSave)).rejects.toThrow(/expected exactly one argument, got 2/);
    expect(showSaveDialog).not.toHaveBeenCalled();
  });

  it('openFile rejects unknown kinds and smuggled paths', async () => {
    const { handlers, showOpenDialog } = setup();
    await expect(open(handlers, { kind: 'file' })).rejects.toThrow(/kind/);
    await expect(open(handlers, { kind: 'session', path: '/etc/passwd' })).rejects.toThrow(/Unrecognized key/);
    await expect(open(handlers, {})).rejects.toThrow(/kind/);
    expect(showOpenDialog).not.toHaveBeenCalled();
  });

  it('printToPdf rejects extra keys and path-like names', async () => {
    const { handlers, printToPdf } = setup();
    await expect(print(handlers, { suggestedName: 'report.pdf', landscape: true })).rejects.toThrow(/Unrecognized key/);
    await expect(print(handlers, { suggestedName: '/tmp/report.pdf' })).rejects.toThrow(/suggestedName/);
    expect(printToPdf).not.toHaveBeenCalled();
  });

  it('appInfo takes no arguments', async () => {
    const { handlers } = setup();
    await expect(handlers[IPC_CHANNELS.appInfo]()).resolves.toEqual(APP_INFO);
    await expect(handlers[IPC_CHANNELS.appInfo]({ sneaky: true })).rejects.toThrow(/expected no arguments/);
  });
});

describe('saveFile', () => {
  it('writes the content where the user chose and returns only the file name', async () => {
    const target = path.join(dir, 'plan.threatstorm.json');
    const { handlers, showSaveDialog } = setup({ savePath: target });
    const result = await save(handlers, { suggestedName: 'plan', content: '{"schemaVersion":1}', kind: 'session' });
    expect(result).toEqual({ status: 'saved', fileName: 'plan.threatstorm.json' });
    expect(JSON.stringify(result)).not.toContain(dir);
    expect(await readFile(target, 'utf8')).toBe('{"schemaVersion":1}');
    expect(await readdir(dir)).toEqual(['plan.threatstorm.json']);

    const options = showSaveDialog.mock.calls[0]?.[0];
    expect(options?.defaultPath).toBe('plan.threatstorm.json');
    expect(options?.filters?.[0]?.extensions).toContain('threatstorm.json');
    expect(options?.properties).toContain('showOverwriteConfirmation');
  });

  it('replaces an existing file whole', async () => {
    const target = path.join(dir, 'threats.csv');
    await writeFile(target, 'old,content,that,is,longer,than,the,new,one\n');
    const { handlers } = setup({ savePath: target });
    await expect(save(handlers, { suggestedName: 'threats.csv', content: 'a,b\n', kind: 'csv' })).resolves.toEqual({
      status: 'saved',
      fileName: 'threats.csv',
    });
    expect(await readFile(target, 'utf8')).toBe('a,b\n');
    expect(await readdir(dir)).toEqual(['threats.csv']);
  });

  it.each([
    ['csv', 'threats', 'threats.csv', 'csv'],
    ['markdown', 'report', 'report.md', 'md'],
    ['json', 'export', 'export.json', 'json'],
    ['session', 'plan.json', 'plan.threatstorm.json', 'threatstorm.json'],
  ] as const)('adds the %s extension the dialog left off', async (kind, typed, expected, filterExtension) => {
    const { handlers, showSaveDialog } = setup({ savePath: path.join(dir, typed) });
    await expect(save(handlers, { suggestedName: typed, content: 'x', kind })).resolves.toEqual({ status: 'saved', fileName: expected });
    expect(await readdir(dir)).toEqual([expected]);
    expect(showSaveDialog.mock.calls[0]?.[0].filters?.[0]?.extensions).toContain(filterExtension);
  });

  it('will not silently replace a file the dialog never asked about', async () => {
    await writeFile(path.join(dir, 'threats.csv'), 'precious');
    const { handlers } = setup({ savePath: path.join(dir, 'threats') });
    const result = await save(handlers, { suggestedName: 'threats', content: 'new', kind: 'csv' });
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('“threats.csv” already exists') });
    expect(await readFile(path.join(dir, 'threats.csv'), 'utf8')).toBe('precious');
  });

  it('reports cancel and writes nothing', async () => {
    const { handlers } = setup({ savePath: undefined });
    await expect(save(handlers, { suggestedName: 'a.csv', content: 'x', kind: 'csv' })).resolves.toEqual({ status: 'cancelled' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves nothing behind when the disk fills up mid-write', async () => {
    const target = path.join(dir, 'plan.threatstorm.json');
    // A real partial temp file, then ENOSPC, as a full disk would do it.
    const fullDisk: FileSystem = {
      ...realFs,
      writeFile: async (file, data) => {
        await realFs.writeFile(file, String(data).slice(0, 3));
        throw errnoError('ENOSPC', file);
      },
    };
    const { handlers } = setup({ savePath: target, fs: fullDisk });
    const result = await save(handlers, { suggestedName: 'plan', content: '{"big":true}', kind: 'session' });
    expect(result).toEqual({ status: 'error', message: expect.stringMatching(/^The disk is full/) });
    expect(JSON.stringify(result)).not.toContain(dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the old file and cleans up when the final rename is refused', async () => {
    const target = path.join(dir, 'plan.threatstorm.json');
    await writeFile(target, 'old');
    const locked: FileSystem = { ...realFs, rename: async (_from, to) => Promise.reject(errnoError('EPERM', to)) };
    const { handlers } = setup({ savePath: target, fs: locked });
    const result = await save(handlers, { suggestedName: 'plan', content: 'new', kind: 'session' });
    expect(result).toEqual({ status: 'error', message: expect.stringMatching(/^Threatstorm is not allowed to write/) });
    expect(await readdir(dir)).toEqual(['plan.threatstorm.json']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });

  it('remembers the folder of the last dialog', async () => {
    const { handlers, showSaveDialog } = setup({ savePath: path.join(dir, 'a.csv'), initialDirectory: '/home/someone/Documents' });
    await save(handlers, { suggestedName: 'a.csv', content: 'x', kind: 'csv' });
    await save(handlers, { suggestedName: 'b.csv', content: 'x', kind: 'csv' });
    expect(showSaveDialog.mock.calls.map(([options]) => options.defaultPath)).toEqual([
      path.join('/home/someone/Documents', 'a.csv'),
      path.join(dir, 'b.csv'),
    ]);
  });
});

describe('openFile', () => {
  it('reads UTF-8 text and returns the file name, never the path', async () => {
    const source = path.join(dir, 'Workshop Ü.threatstorm.json');
    const content = '{"title":"Checkout ✓ — Zahlung"}';
    await writeFile(source, `\uFEFF${content}`);
    const { handlers, showOpenDialog } = setup({ openPath: source });
    const result = await open(handlers, { kind: 'session' });
    expect(result).toEqual({ status: 'opened', fileName: 'Workshop Ü.threatstorm.json', content });
    expect(JSON.stringify(result)).not.toContain(dir);
    const options = showOpenDialog.mock.calls[0]?.[0];
    expect(options?.properties).toEqual(['openFile']);
    expect(options?.filters?.[0]?.extensions).toContain('threatstorm.json');
  });

  it.each(['import', 'deck'] as const)('offers JSON files for %s', async (kind) => {
    const { handlers, showOpenDialog } = setup();
    await expect(open(handlers, { kind })).resolves.toEqual({ status: 'cancelled' });
    const options = showOpenDialog.mock.calls[0]?.[0];
    expect(options?.filters?.flatMap((filter) => filter.extensions)).toEqual(['json']);
    expect(options?.properties).toEqual(['openFile']);
  });

  it('refuses binary files', async () => {
    const source = path.join(dir, 'image.json');
    await writeFile(source, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0xc3]));
    const { handlers } = setup({ openPath: source });
    await expect(open(handlers, { kind: 'import' })).resolves.toEqual({
      status: 'error',
      message: 'The file is not a text file (it is not valid UTF-8).',
    });
  });

  it('refuses files over 50 MB without reading them', async () => {
    const readFileSpy = vi.fn((file: string) => realFs.readFile(file));
    const huge: FileSystem = { ...realFs, stat: async () => ({ size: 50 * 1024 * 1024 + 1, isFile: () => true }), readFile: readFileSpy };
    const { handlers } = setup({ openPath: path.join(dir, 'huge.json'), fs: huge });
    const result = await open(handlers, { kind: 'session' });
    expect(result).toEqual({ status: 'error', message: expect.stringContaining('larger than 50 MB') });
    expect(readFileSpy).not.toHaveBeenCalled();
  });

  it('refuses a file that grew past the limit after it was measured', async () => {
    const growing: FileSystem = {
      ...realFs,
      stat: async () => ({ size: 10, isFile: () => true }),
      readFile: async () => new Uint8Array(50 * 1024 * 1024 + 1),
    };
    const { handlers } = setup({ openPath: path.join(dir, 'growing.json'), fs: growing });
    await expect(open(handlers, { kind: 'session' })).resolves.toMatchObject({ status: 'error', message: expect.stringContaining('too large') });
  });

  it('explains missing files and folders without naming the path', async () => {
    const { handlers } = setup({ openPath: path.join(dir, 'gone.json') });
    const missing = await open(handlers, { kind: 'session' });
    expect(missing).toEqual({ status: 'error', message: 'The file no longer exists.' });

    const folder = setup({ openPath: dir });
    await expect(open(folder.handlers, { kind: 'session' })).resolves.toEqual({ status: 'error', message: 'That is not a regular file.' });
  });
});

describe('printToPdf', () => {
  it('prints after the user picks a place and writes a .pdf', async () => {
    const { handlers, printToPdf, showSaveDialog } = setup({ savePath: path.join(dir, 'report') });
    await expect(print(handlers, { suggestedName: 'report' })).resolves.toEqual({ status: 'saved', fileName: 'report.pdf' });
    expect(printToPdf).toHaveBeenCalledOnce();
    expect(await readFile(path.join(dir, 'report.pdf'), 'utf8')).toBe('%PDF-1.7 fake');
    expect(showSaveDialog.mock.calls[0]?.[0].filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
  });

  it('does not print when the user cancels', async () => {
    const { handlers, printToPdf } = setup({ savePath: undefined });
    await expect(print(handlers, { suggestedName: 'report.pdf' })).resolves.toEqual({ status: 'cancelled' });
    expect(printToPdf).not.toHaveBeenCalled();
  });

  it('reports a failed print and writes nothing', async () => {
    const { handlers } = setup({ savePath: path.join(dir, 'report.pdf'), printToPdf: () => Promise.reject(new Error('renderer gone')) });
    await expect(print(handlers, { suggestedName: 'report.pdf' })).resolves.toEqual({ status: 'error', message: 'The PDF could not be created.' });
    expect(await readdir(dir)).toEqual([]);
  });
});
