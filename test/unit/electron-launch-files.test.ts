import { describe, expect, it } from 'vitest';
import { createLaunchFileQueue, launchFileQuestion, OPEN_BUTTON, sessionFileFromArgv, summarizeSessionText, type SessionSummary } from '../../electron/launch-files.ts';
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

  it('holds files until the page is ready, asks, then sends only names and text', async () => {
    const sent: OpenedFile[] = [];
    const errors: string[] = [];
    const asked: Array<[string, SessionSummary | null]> = [];
    const queue = createLaunchFileQueue({
      fs: fakeFs({ '/docs/a.threatstorm.json': '{"x":1}' }),
      confirm: async (file, summary) => (asked.push([file, summary]), true),
      send: (f) => sent.push(f),
      onError: (m) => errors.push(m),
    });
    queue.add('/docs/a.threatstorm.json');
    queue.add('/docs/missing.threatstorm.json');
    expect(sent).toEqual([]);
    queue.ready();
    await queue.settled();
    expect(asked.map(([file]) => file)).toEqual(['/docs/a.threatstorm.json']);
    expect(sent).toEqual([{ fileName: 'a.threatstorm.json', content: '{"x":1}' }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('missing.threatstorm.json');
    expect(errors[0]).not.toContain('/docs');
  });

  it('stores nothing from outside the app unless the person says Open (it used to send at once)', async () => {
    const session = JSON.stringify({ schemaVersion: 2, session: { title: 'Quarterly review' }, journeys: [{}], steps: [{}, {}], threats: [{}, {}, {}], outcomes: [], mitigations: [{}] });
    const sent: OpenedFile[] = [];
    const asked: Array<[string, SessionSummary | null]> = [];
    const answers = [false, true];
    const queue = createLaunchFileQueue({
      fs: fakeFs({ '/home/ann/Plan.threatstorm.json': session }),
      confirm: async (file, summary) => (asked.push([file, summary]), answers.shift()!),
      send: (f) => sent.push(f),
      onError: () => undefined,
    });
    queue.ready();
    queue.add('/home/ann/Plan.threatstorm.json');
    await queue.settled();
    expect(sent).toEqual([]);
    expect(asked).toEqual([
      ['/home/ann/Plan.threatstorm.json', { title: 'Quarterly review', counts: { journeys: 1, steps: 2, threats: 3, outcomes: 0, mitigations: 1 } }],
    ]);
    queue.add('/home/ann/Plan.threatstorm.json');
    await queue.settled();
    expect(sent).toEqual([{ fileName: 'Plan.threatstorm.json', content: session }]);
  });

  it('asks one question at a time, and a failed dialog counts as Cancel', async () => {
    const sent: string[] = [];
    const open: string[] = [];
    let answer: (value: boolean) => void = () => undefined;
    const queue = createLaunchFileQueue({
      fs: fakeFs({ '/a.json': '{}', '/b.json': '{}', '/c.json': '{}' }),
      confirm: (file) => {
        open.push(file);
        if (file === '/c.json') return Promise.reject(new Error('no window'));
        return new Promise<boolean>((resolve) => (answer = resolve));
      },
      send: (f) => sent.push(f.fileName),
      onError: () => undefined,
    });
    queue.ready();
    queue.add('/a.json');
    queue.add('/b.json');
    queue.add('/c.json');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open).toEqual(['/a.json']);
    answer(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(open).toEqual(['/a.json', '/b.json']);
    answer(false);
    await queue.settled();
    expect(open).toEqual(['/a.json', '/b.json', '/c.json']);
    expect(sent).toEqual(['a.json']);
  });

  it('keeps a file answered Open while the page reloads, and sends it when the page is back', async () => {
    const sent: string[] = [];
    let answer: (value: boolean) => void = () => undefined;
    const queue = createLaunchFileQueue({
      fs: fakeFs({ '/a.json': '{}' }),
      confirm: () => new Promise<boolean>((resolve) => (answer = resolve)),
      send: (f) => sent.push(f.fileName),
      onError: () => undefined,
    });
    queue.ready();
    queue.add('/a.json');
    await new Promise((resolve) => setTimeout(resolve, 10));
    queue.reset();
    answer(true);
    await queue.settled();
    expect(sent).toEqual([]);
    queue.ready();
    expect(sent).toEqual(['a.json']);
  });

  it('summarizes a file without trusting it', () => {
    expect(summarizeSessionText('\uFEFF{"session":{"title":"  T  "},"threats":[1,2]}')).toEqual({ title: 'T', counts: { journeys: 0, steps: 0, threats: 2, outcomes: 0, mitigations: 0 } });
    expect(summarizeSessionText('{"session":{"title":42},"steps":"many","__proto__":{"threats":[1]}}')).toEqual({ title: '', counts: { journeys: 0, steps: 0, threats: 0, outcomes: 0, mitigations: 0 } });
    expect(summarizeSessionText(JSON.stringify({ session: { title: '🚀'.repeat(200) } }))!.title).toBe(`${'🚀'.repeat(119)}…`);
    for (const text of ['not json', '[1]', 'null', '"x"']) expect(summarizeSessionText(text)).toBeNull();
  });

  it('shows the full path and what the file holds, with disguising characters escaped', () => {
    const summary = { title: 'Plan\u202eexe.json\u001b]0;x\u0007', counts: { journeys: 1, steps: 2, threats: 1, outcomes: 0, mitigations: 3 } };
    const question = launchFileQuestion('/home/ann/Down\u202eloads/x\nfake.threatstorm.json', summary);
    expect(question.buttons).toEqual(['Open', 'Cancel']);
    expect(question.defaultId).toBe(OPEN_BUTTON);
    expect(question.cancelId).toBe(1);
    expect(question.message).toBe('Open this file in Threatstorm?');
    expect(question.detail).toBe(
      [
        'File: /home/ann/Down\\u202eloads/x\\nfake.threatstorm.json',
        'Session: “Plan\\u202eexe.json\\x1b]0;x\\x07”',
        'It holds 1 journey, 2 steps, 1 threat, 0 outcomes and 3 mitigations.',
        '',
        'Opening stores the session on this computer. Open only files you expect.',
      ].join('\n'),
    );
    expect(launchFileQuestion('/x.json', null).detail).toContain('It does not look like a Threatstorm session');
    expect(launchFileQuestion('/x.json', { title: '', counts: summary.counts }).detail).toContain('Session: (no title)');
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
