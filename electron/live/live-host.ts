/**
 * Starting and stopping the live room for the facilitator's window, the same way whichever
 * channel carries the requests: Electron IPC in the desktop app (live-ipc.ts), the loopback
 * control socket in `npm start`'s browser fallback (tools/live-control.ts). One room at a time;
 * nothing listens on the network before a start or after a stop; a start names one of this
 * computer's own interfaces.
 */
import { networkInterfaces } from 'node:os';
import { liveStartRequestSchema, type LiveInterface, type LiveStartResult } from '../../shared/platform-api.ts';
import type { ServerToHost } from '../../shared/live/messages.ts';
import type { RoomLimits, RoomServer, RoomServerOptions } from './room-server.ts';

/** The room's default port (THREATSTORM_HOST_PORT overrides it): fixed, so a join link stays valid across a restart. */
export const DEFAULT_ROOM_PORT = 4781;

/** The machine's interfaces a room can be offered on: this computer only first, then the networks. */
export function listInterfaces(read: typeof networkInterfaces = networkInterfaces): LiveInterface[] {
  const found: LiveInterface[] = [{ name: 'This computer only', address: '127.0.0.1', family: 'IPv4' }];
  for (const [name, addresses] of Object.entries(read())) {
    for (const address of addresses ?? []) {
      if (address.internal) continue;
      if (address.family === 'IPv6' && address.address.toLowerCase().startsWith('fe80')) continue;
      found.push({ name, address: address.address, family: address.family === 'IPv6' ? 'IPv6' : 'IPv4' });
    }
  }
  return found;
}

export interface LiveHostDependencies {
  startRoomServer(options: RoomServerOptions): Promise<RoomServer>;
  rendererRoot: string;
  roomPort: number;
  interfaces(): LiveInterface[];
  limits?: Partial<RoomLimits>;
  log?: (line: string) => void;
}

export interface LiveHostService {
  interfaces(): LiveInterface[];
  start(request: unknown, toWindow: (message: ServerToHost) => void): Promise<LiveStartResult>;
  stop(): Promise<void>;
  /** A message from the facilitator's window for the room (validated by the room). */
  receive(message: unknown): void;
  /** The window went away: the link stops, the room keeps its participants. */
  windowGone(): void;
  room(): RoomServer | null;
}

export function createLiveHostService(deps: LiveHostDependencies): LiveHostService {
  let room: RoomServer | null = null;
  let key = '';
  return {
    interfaces: () => deps.interfaces(),
    async start(raw, toWindow) {
      const parsed = liveStartRequestSchema.safeParse(raw);
      if (!parsed.success) return { ok: false, message: 'The room could not be started: the request was not understood.' };
      const request = parsed.data;
      if (!deps.interfaces().some((i) => i.address === request.address)) return { ok: false, message: 'That network interface is not on this computer.' };
      const wanted = `${request.address}|${request.roomId}|${request.secret}`;
      if (room && key !== wanted) {
        await room.stop();
        room = null;
      }
      if (!room) {
        try {
          room = await deps.startRoomServer({
            address: request.address,
            port: deps.roomPort,
            rendererRoot: deps.rendererRoot,
            roomId: request.roomId,
            secret: request.secret,
            ...(deps.limits ? { limits: deps.limits } : {}),
            ...(deps.log ? { log: deps.log } : {}),
          });
          key = wanted;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          return {
            ok: false,
            message:
              code === 'EADDRINUSE'
                ? `Port ${deps.roomPort} is in use on ${request.address}: stop the other program, or set THREATSTORM_HOST_PORT.`
                : code === 'EADDRNOTAVAIL'
                  ? `${request.address} is not available any more (did the network change?): choose the interface again.`
                  : `The room could not be started: ${(error as Error).message}`,
          };
        }
      }
      room.host.connect(toWindow);
      return { ok: true, joinLink: room.joinLink, url: room.url };
    },
    async stop() {
      const current = room;
      room = null;
      key = '';
      await current?.stop();
    },
    receive(message) {
      room?.host.receive(message);
    },
    windowGone() {
      room?.host.disconnect();
    },
    room: () => room,
  };
}
