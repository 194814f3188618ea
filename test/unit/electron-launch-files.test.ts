import { describe, expect, it } from 'vitest';
import { createLaunchFileQueue, sessionFileFromArgv } from '../../electron/launch-files.ts';
import { createDesktopApi } from '../../electron/desktop-api.ts';
import type { OpenedFile } from '../../shared/platform-api.ts';

function fakeFs(files: Record<string, string>) {
  return {
    stat: async (file: string) => {
      if (!(file in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return { size: files[file]!.length, isFile: () => true };
    },
    readFile: async (file: string) => new TextEncoder().encode(files[file]!),
  };
}

describe('files the operating system asks us to open', () => {
  it('finds the session file among the command-line arguments', () => {
    expect(sessionFileFromArgv(['/opt/Threatstorm/threatstorm', '--no-sandbox', '/home/a/Plan.threatstorm.json'])).toBe('/home/a/Plan.threatstorm.json');
    expect(sessionFileFromArgv(['threatstorm.exe', 'C:\\Users\\a\\x.JSON'])).toBe('C:\\Users\\a\\x.JSON');
    expect(sessionFileFromArgv(['threatstorm', '--inspect=9229', 'notes.txt'])).toBeNull();
    expect(sessionFileFromArgv(['/path/that/is/the/binary.json'])).toBeNull();
  });

  it('holds files until the page is ready, then sends only names and text', async () => {
    const sent: OpenedFile[] = [];
    const errors: string[] = [];
    const queue = createLaunchFileQueue({ fs: fakeFs({ '/docs/a.threatstorm.json': '{"x":1}' }), send: (f) => sent.push(f), onError: (m) => errors.push(m) });
    queue.add('/docs/a.threatstorm.json');
    queue.add('/docs/missing.threatstorm.json');
    expect(sent).toEqual([]);
    queue.ready();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([{ fileName: 'a.threatstorm.json', content: '{"x":1}' }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('missing.threatstorm.json');
    expect(errors[0]).not.toContain('/docs');
  });

  it('the preload forwards only well-formed opened files to the page', () => {
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const api = createDesktopApi({
      invoke: async () => undefined,
      on: ((channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener)) as never,
      removeListener: ((channel: string) => listeners.delete(channel)) as never,
    });
    const received: OpenedFile[] = [];
    const unsubscribe = api.onOpenFile((file) => received.push(file));
    const forward = listeners.get('threatstorm:open-file-event')!;
    forward({ sender: 'ipc' }, { fileName: 'a.json', content: '{}', extra: 'dropped' });
    forward({}, { fileName: 3, content: '{}' });
    forward({}, 'not an object');
    expect(received).toEqual([{ fileName: 'a.json', content: '{}' }]);
    unsubscribe();
    expect(listeners.has('threatstorm:open-file-event')).toBe(false);
  });
});
