/**
 * Hosting a live room from the browser fallback: the page talks to `npm start`'s local server
 * over a WebSocket on its own origin (`/live/control`, loopback only; tools/live-control.ts).
 * Requests (interfaces, start, stop) are answered by id; the host link's messages flow both ways
 * on the same socket: a tag byte, then JSON (0) or a Yjs sync message (1).
 */
import type { LiveHostingApi, LiveInterface, LiveStartRequest, LiveStartResult } from '../../shared/platform-api.ts';

const TAG_JSON = 0;
const TAG_SYNC = 1;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The fallback can host only when the page comes from the local server itself. */
export function canHostFromHere(location: Pick<Location, 'hostname' | 'protocol'>): boolean {
  return location.protocol === 'http:' && LOOPBACK.has(location.hostname);
}

export function browserLiveHosting(location: Pick<Location, 'host'> = window.location): LiveHostingApi {
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Set<(message: unknown) => void>();

  const open = (): Promise<WebSocket> => {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/live/control`);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = null;
        reject(new Error('The local server does not answer: is `npm start` still running?'));
      };
      ws.onclose = () => {
        if (socket === ws) socket = null;
        for (const resolveRequest of pending.values()) resolveRequest({ ok: false, message: 'The local server closed the connection.' });
        pending.clear();
      };
      ws.onmessage = (event) => {
        const data = new Uint8Array(event.data as ArrayBuffer);
        if (data[0] === TAG_SYNC) {
          for (const listener of listeners) listener({ type: 'sync', data: data.slice(1) });
          return;
        }
        const message = JSON.parse(new TextDecoder().decode(data.subarray(1))) as { id?: number; result?: unknown };
        if (typeof message.id === 'number' && pending.has(message.id)) {
          pending.get(message.id)!(message.result);
          pending.delete(message.id);
          return;
        }
        for (const listener of listeners) listener(message);
      };
    });
    return opening;
  };

  const request = async <T>(op: string, body: Record<string, unknown> = {}): Promise<T> => {
    const ws = await open();
    const id = nextId++;
    return new Promise<T>((resolve) => {
      pending.set(id, resolve as (result: unknown) => void);
      ws.send(frame(TAG_JSON, new TextEncoder().encode(JSON.stringify({ op, id, ...body }))));
    });
  };

  return {
    interfaces: () => request<LiveInterface[]>('interfaces'),
    start: async (startRequest: LiveStartRequest) => {
      try {
        return await request<LiveStartResult>('start', { request: startRequest });
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
    stop: async () => {
      if (socket) await request('stop');
    },
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      const m = message as { type?: string; data?: Uint8Array };
      if (m.type === 'sync' && m.data instanceof Uint8Array) socket.send(frame(TAG_SYNC, m.data));
      else socket.send(frame(TAG_JSON, new TextEncoder().encode(JSON.stringify(message))));
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function frame(tag: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = tag;
  out.set(body, 1);
  return out;
}
