/**
 * Live hosting in the desktop app, tested in Node with Electron's objects replaced by fakes:
 * the four channels answer only the app's own page, a start needs one of this computer's
 * interfaces and a well-formed request, the room's messages go to the window, and the preload
 * exposes the same API the browser fallback has.
 */
import { describe, expect, it } from 'vitest';
import { createDesktopApi, type DesktopIpcRenderer } from '../../electron/desktop-api.ts';
import { createLiveHostService, listInterfaces } from '../../electron/live/live-host.ts';
import { LIVE_CHANNELS, LIVE_EVENT_CHANNEL, registerLiveIpc } from '../../electron/live/live-ipc.ts';
import type { RoomServer, RoomServerOptions } from '../../electron/live/room-server.ts';
import type { ServerToHost } from '../../shared/live/messages.ts';

const APP_FRAME = { senderFrame: { url: 'app://threatstorm/index.html', parent: null } };
const OTHER_FRAME = { senderFrame: { url: 'https://evil.example/', parent: null } };
const CREDENTIALS = { roomId: 'AAAAAAAAAAAAAAAAAAAAAA', secret: 'BBBBBBBBBBBBBBBBBBBBBB' };

function fakeRooms() {
  const started: RoomServerOptions[] = [];
  const received: unknown[] = [];
  let stopped = 0;
  const start = async (options: RoomServerOptions): Promise<RoomServer> => {
    started.push(options);
    let toHost: ((message: ServerToHost) => void) | null = null;
    return {
      url: `http://${options.address}:4781/`,
      port: 4781,
      joinLink: `http://${options.address}:4781/#room=${options.roomId}&key=${options.secret}`,
      host: {
        receive: (message) => received.push(message),
        connect: (send) => {
          toHost = send;
          send({ type: 'people', people: [] });
        },
        disconnect: () => (toHost = null),
      },
      people: () => [],
      stats: () => ({ connections: 0, docBytes: 0 }),
      stop: async () => {
        stopped++;
        void toHost;
      },
    };
  };
  return { start, started, received, stopped: () => stopped };
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, handler),
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, listener),
    },
    invoke: (channel: string, event: unknown, ...args: unknown[]) => Promise.resolve().then(() => handlers.get(channel)!(event, ...args)),
    send: (channel: string, event: unknown, ...args: unknown[]) => listeners.get(channel)!(event, ...args),
  };
}

describe('live hosting in the desktop app', () => {
  it('starts a room on one of this computer’s interfaces, for the app’s own page only, and streams the link both ways', async () => {
    const rooms = fakeRooms();
    const service = createLiveHostService({
      startRoomServer: rooms.start,
      rendererRoot: '/app/renderer',
      roomPort: 4781,
      interfaces: () => [{ name: 'Wi-Fi', address: '192.168.1.20', family: 'IPv4' }],
    });
    const toWindow: ServerToHost[] = [];
    const ipc = fakeIpcMain();
    registerLiveIpc(ipc.ipcMain as never, service, (message) => toWindow.push(message));

    await expect(ipc.invoke(LIVE_CHANNELS.interfaces, OTHER_FRAME)).rejects.toThrow('Untrusted sender');
    expect(await ipc.invoke(LIVE_CHANNELS.interfaces, APP_FRAME)).toEqual([{ name: 'Wi-Fi', address: '192.168.1.20', family: 'IPv4' }]);
    // Nothing listens on an address that is not this computer's, nor for a malformed request.
    expect(await ipc.invoke(LIVE_CHANNELS.start, APP_FRAME, { address: '10.0.0.1', ...CREDENTIALS })).toMatchObject({ ok: false, message: expect.stringMatching(/not on this computer/) });
    expect(await ipc.invoke(LIVE_CHANNELS.start, APP_FRAME, { address: '192.168.1.20', roomId: 'x', secret: 'y' })).toMatchObject({ ok: false });
    expect(rooms.started).toEqual([]);

    const started = await ipc.invoke(LIVE_CHANNELS.start, APP_FRAME, { address: '192.168.1.20', ...CREDENTIALS });
    expect(started).toEqual({ ok: true, joinLink: `http://192.168.1.20:4781/#room=${CREDENTIALS.roomId}&key=${CREDENTIALS.secret}`, url: 'http://192.168.1.20:4781/' });
    expect(rooms.started).toEqual([expect.objectContaining({ address: '192.168.1.20', port: 4781, rendererRoot: '/app/renderer', ...CREDENTIALS })]);
    expect(toWindow).toEqual([{ type: 'people', people: [] }]);

    ipc.send(LIVE_CHANNELS.send, OTHER_FRAME, { type: 'reveal', voteId: 'v1' });
    ipc.send(LIVE_CHANNELS.send, APP_FRAME, { type: 'reveal', voteId: 'v1' });
    expect(rooms.received).toEqual([{ type: 'reveal', voteId: 'v1' }]);

    await ipc.invoke(LIVE_CHANNELS.stop, APP_FRAME);
    expect(rooms.stopped()).toBe(1);
    expect(service.room()).toBeNull();
  });

  it('offers this computer only first, and no link-local or internal addresses', () => {
    const found = listInterfaces(() => ({
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
      wlan0: [
        { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 },
      ],
    }));
    expect(found).toEqual([
      { name: 'This computer only', address: '127.0.0.1', family: 'IPv4' },
      { name: 'wlan0', address: '192.168.1.20', family: 'IPv4' },
    ]);
  });

  it('the preload exposes live hosting on fixed channels, passing no Electron object to the page', async () => {
    const invoked: Array<[string, unknown[]]> = [];
    const sent: Array<[string, unknown[]]> = [];
    const listeners = new Map<string, (event: unknown, message: unknown) => void>();
    const ipc = {
      invoke: async (channel: string, ...args: unknown[]) => invoked.push([channel, args]),
      send: (channel: string, ...args: unknown[]) => sent.push([channel, args]),
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    } as unknown as DesktopIpcRenderer;
    const api = createDesktopApi(ipc);
    expect(Object.isFrozen(api.live)).toBe(true);
    await api.live!.start({ address: '192.168.1.20', ...CREDENTIALS });
    api.live!.send({ type: 'reveal', voteId: 'v1' });
    expect(invoked).toEqual([[LIVE_CHANNELS.start, [{ address: '192.168.1.20', ...CREDENTIALS }]]]);
    expect(sent).toEqual([[LIVE_CHANNELS.send, [{ type: 'reveal', voteId: 'v1' }]]]);
    const heard: unknown[] = [];
    const unsubscribe = api.live!.onMessage((message) => heard.push(message));
    listeners.get(LIVE_EVENT_CHANNEL)!({ sender: 'the raw ipcRenderer' }, { type: 'people', people: [] });
    expect(heard).toEqual([{ type: 'people', people: [] }]);
    unsubscribe();
    expect(listeners.has(LIVE_EVENT_CHANNEL)).toBe(false);
  });
});
