/**
 * Hosting a live room from the browser fallback of `npm start` (the desktop app does the same in
 * its main process, through IPC): the facilitator's page, served on loopback, opens a WebSocket
 * to `/live/control` on the same origin and, through it, starts and stops the room on the
 * interface it chose and carries the host link (Y.Doc sync and room messages).
 *
 * Only the facilitator's own page may use it: the upgrade must come to the loopback server with
 * a loopback Host header and the page's own Origin (a web page elsewhere cannot open it; a
 * DNS-rebinding name fails the Host check). Nothing listens on the network before a start, or
 * after a stop.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLiveHostService, listInterfaces, type LiveHostService } from '../electron/live/live-host.ts';
import { startRoomServer, type RoomLimits, type RoomServer } from '../electron/live/room-server.ts';
import type { LiveInterface } from '../shared/platform-api.ts';
import type { ServerToHost } from '../shared/live/messages.ts';

export { DEFAULT_ROOM_PORT } from '../electron/live/live-host.ts';

/** Frames on the control socket: a tag byte, then JSON (0) or a host-link sync message (1). */
const TAG_JSON = 0;
const TAG_SYNC = 1;

export interface LiveControlOptions {
  rendererRoot: string;
  /** The loopback server's own port (for the Host and Origin checks). */
  port: () => number;
  roomPort: number;
  limits?: Partial<RoomLimits>;
  log?: (line: string) => void;
  /** The interfaces offered (tests give only loopback). */
  interfaces?: () => LiveInterface[];
}

export interface LiveControl {
  /** The room running now, if any. */
  room(): RoomServer | null;
  close(): Promise<void>;
}

function frame(tag: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = tag;
  out.set(body, 1);
  return out;
}

function sendTo(socket: WebSocket, message: ServerToHost | Record<string, unknown>): void {
  if (socket.readyState !== socket.OPEN) return;
  if ('type' in message && message.type === 'sync') socket.send(frame(TAG_SYNC, message.data as Uint8Array));
  else socket.send(frame(TAG_JSON, new TextEncoder().encode(JSON.stringify(message))));
}

export function attachLiveControl(server: Server, options: LiveControlOptions): LiveControl {
  const log = options.log ?? ((line: string) => console.warn(`[live] ${line}`));
  const service: LiveHostService = createLiveHostService({
    startRoomServer,
    rendererRoot: options.rendererRoot,
    roomPort: options.roomPort,
    interfaces: options.interfaces ?? (() => listInterfaces()),
    log,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
  let controller: WebSocket | null = null;
  const loopback = () => [`127.0.0.1:${options.port()}`, `localhost:${options.port()}`, `[::1]:${options.port()}`];

  const handle = async (socket: WebSocket, data: Uint8Array) => {
    if (data[0] === TAG_SYNC) return service.receive({ type: 'sync', data: data.slice(1) });
    const message = JSON.parse(new TextDecoder().decode(data.subarray(1))) as { op?: unknown; id?: unknown; request?: unknown; type?: unknown };
    if (message.type !== undefined) return service.receive(message);
    const answer = (result: unknown) => sendTo(socket, { id: message.id, result });
    if (message.op === 'interfaces') return answer(service.interfaces());
    if (message.op === 'stop') {
      await service.stop();
      return answer(null);
    }
    if (message.op === 'start') return answer(await service.start(message.request, (out) => sendTo(socket, out)));
    log('dropped an unknown control message');
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== '/live/control') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const host = (request.headers.host ?? '').toLowerCase();
    const origin = request.headers.origin ?? '';
    if (!loopback().includes(host) || !loopback().map((h) => `http://${h}`).includes(origin)) {
      log(`refused a control connection (Host ${JSON.stringify(host.slice(0, 80))}, Origin ${JSON.stringify(origin.slice(0, 80))})`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // One facilitator window at a time: a new one (a reload) takes over the link.
      controller?.close(4409, 'another window took over');
      controller = ws;
      ws.on('message', (raw: Buffer, isBinary: boolean) => {
        if (!isBinary || raw.length === 0) return;
        handle(ws, new Uint8Array(raw.buffer, raw.byteOffset, raw.length)).catch((error: unknown) => log(`a control message failed (${String(error)})`));
      });
      ws.on('close', () => {
        if (controller !== ws) return;
        controller = null;
        service.windowGone();
      });
      ws.on('error', (error) => log(`control socket error (${String(error)})`));
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    room: () => service.room(),
    async close() {
      server.off('upgrade', onUpgrade);
      controller?.close();
      await service.stop();
      sockets.close();
    },
  };
}
