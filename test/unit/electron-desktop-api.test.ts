// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { IpcRendererEvent } from 'electron';
import {
  DESKTOP_API_GLOBAL as SHARED_GLOBAL,
  IPC_CHANNELS as SHARED_CHANNELS,
  MENU_EVENT_CHANNEL as SHARED_MENU_CHANNEL,
  menuCommands,
} from '../../shared/platform-api.ts';
import { DESKTOP_API_GLOBAL, IPC_CHANNELS, MENU_COMMANDS, MENU_EVENT_CHANNEL, isMenuCommand } from '../../electron/channels.ts';
import { createDesktopApi, type DesktopIpcRenderer } from '../../electron/desktop-api.ts';

type Listener = (event: IpcRendererEvent, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const invocations: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (...args: unknown[]) => {
      invocations.push(args);
      return { status: 'cancelled' };
    }),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      return ipc;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipc;
    }),
  };
  // What a real IpcRendererEvent carries: the raw ipcRenderer, which must never reach the page.
  const event = { sender: ipc, senderId: 0, ports: [] } as unknown as IpcRendererEvent;
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
  };
  return { ipc: ipc as unknown as DesktopIpcRenderer, raw: ipc, invocations, listeners, emit };
}

describe('the preload-safe constants', () => {
  it('match the shared contract', () => {
    expect(IPC_CHANNELS).toEqual(SHARED_CHANNELS);
    expect(MENU_EVENT_CHANNEL).toBe(SHARED_MENU_CHANNEL);
    expect(MENU_COMMANDS).toEqual(menuCommands);
    expect(DESKTOP_API_GLOBAL).toBe(SHARED_GLOBAL);
    expect(Object.isFrozen(IPC_CHANNELS)).toBe(true);
    expect(Object.isFrozen(MENU_COMMANDS)).toBe(true);
  });

  it('recognise menu commands strictly', () => {
    for (const command of menuCommands) expect(isMenuCommand(command)).toBe(true);
    for (const value of ['OPEN', 'open ', 'quit', '', 42, null, undefined, { command: 'open' }, ['open']]) {
      expect(isMenuCommand(value)).toBe(false);
    }
  });
});

describe('createDesktopApi', () => {
  it('is frozen and has exactly the contract methods', () => {
    const api = createDesktopApi(fakeIpcRenderer().ipc);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['appInfo', 'onMenuCommand', 'onOpenFile', 'openFile', 'printToPdf', 'saveFile']);
    expect(() => {
      (api as unknown as Record<string, unknown>)['saveFile'] = () => 'hijacked';
    }).toThrow(TypeError);
    expect(() => {
      (api as unknown as Record<string, unknown>)['invoke'] = () => 'added';
    }).toThrow(TypeError);
  });

  it('forwards each call to its one fixed channel with exactly one argument', async () => {
    const fake = fakeIpcRenderer();
    const api = createDesktopApi(fake.ipc);
    const save = { suggestedName: 'a.csv', content: 'x', kind: 'csv' } as const;
    // Extra arguments from the page are dropped, not forwarded.
    const call = api.saveFile as unknown as (...args: unknown[]) => Promise<unknown>;
    await call(save, 'app://threatstorm', '/etc/passwd');
    await api.openFile({ kind: 'deck' });
    await api.printToPdf({ suggestedName: 'report.pdf' });
    await api.appInfo();
    expect(fake.invocations).toEqual([
      [SHARED_CHANNELS.saveFile, save],
      [SHARED_CHANNELS.openFile, { kind: 'deck' }],
      [SHARED_CHANNELS.printToPdf, { suggestedName: 'report.pdf' }],
      [SHARED_CHANNELS.appInfo],
    ]);
  });

  it('passes menu commands, never the IPC event, and drops anything else', () => {
    const fake = fakeIpcRenderer();
    const api = createDesktopApi(fake.ipc);
    const listener = vi.fn();
    api.onMenuCommand(listener);

    fake.emit(SHARED_MENU_CHANNEL, 'open');
    fake.emit(SHARED_MENU_CHANNEL, 'delete-everything');
    fake.emit(SHARED_MENU_CHANNEL, { command: 'open' });
    fake.emit(SHARED_MENU_CHANNEL);
    fake.emit(SHARED_MENU_CHANNEL, 'about', 'extra');

    expect(listener.mock.calls).toEqual([['open'], ['about']]);
    expect(fake.raw.on).toHaveBeenCalledTimes(1);
    expect(fake.raw.on.mock.calls[0]?.[0]).toBe(SHARED_MENU_CHANNEL);
  });

  it('unsubscribes the same listener, once', () => {
    const fake = fakeIpcRenderer();
    const api = createDesktopApi(fake.ipc);
    const listener = vi.fn();
    const unsubscribe = api.onMenuCommand(listener);
    unsubscribe();
    unsubscribe();
    fake.emit(SHARED_MENU_CHANNEL, 'open');
    expect(listener).not.toHaveBeenCalled();
    expect(fake.raw.removeListener).toHaveBeenCalledTimes(1);
    expect(fake.raw.removeListener.mock.calls[0]?.[1]).toBe(fake.raw.on.mock.calls[0]?.[1]);
    expect(fake.listeners.get(SHARED_MENU_CHANNEL)?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const api = createDesktopApi(fakeIpcRenderer().ipc);
    expect(() => api.onMenuCommand('alert(1)' as unknown as () => void)).toThrow(TypeError);
  });
});
