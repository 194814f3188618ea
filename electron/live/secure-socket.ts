/**
 * The host's side of the live protocol (shared/live/protocol.ts) on a `ws` WebSocket: it sends
 * HELLO, checks the participant's PROOF within the handshake timeout, and only then hands the
 * integration a socket that Hocuspocus can drive — `Hocuspocus.handleConnection(socket, …)`
 * takes it as its WebSocketLike (send / close / readyState), `socket.onMessage` feeds
 * `ClientConnection.handleMessage` and `socket.onClose` feeds `ClientConnection.handleClose`.
 * Everything Hocuspocus sends is sealed; everything it receives was opened and in order.
 *
 * A hostile participant must never crash the host: no exception leaves a `ws` event handler or
 * a timer. A bad frame closes that one connection (with the protocol's close code) and is
 * logged; nothing is sent to a connection that has not proved the room secret except HELLO and
 * DENY.
 *
 * Give the WebSocketServer `maxPayload: maxFrameBytes` (same default) so `ws` refuses an
 * oversized frame (1009) before buffering it; this module checks the size again before any
 * decryption work.
 */
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_MAX_FRAME_BYTES,
  LiveProtocolError,
  ServerHandshake,
  deriveRoomKeys,
  encodeDeny,
  type DenyReason,
  type LiveFault,
  type SealedChannel,
} from '../../shared/live/protocol.ts';

/** `ws`'s readyState values (the same as the browser's). */
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** After the host closes a connection, how long the peer has to finish the close handshake. */
const CLOSE_GRACE_MS = 2_000;

export interface SecureSocketCloseEvent {
  readonly code: number;
  readonly reason: string;
}

/** An authenticated participant's connection, as Hocuspocus wants it (its WebSocketLike and more). */
export interface SecureSocket {
  readonly readyState: number;
  /** Seals and sends one frame. Binary only (Hocuspocus sends Uint8Array). */
  send(data: ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  /** Each incoming frame's plaintext, in order. Frames that arrive before a listener is set wait for it. */
  onMessage(listener: (data: Uint8Array) => void): void;
  /** Called once when the connection has closed (at once if it already has). */
  onClose(listener: (event: SecureSocketCloseEvent) => void): void;
}

export type SecureSocketLogEvent =
  /** The participant proved the room secret. */
  | { readonly kind: 'authenticated' }
  /** The handshake failed: DENY sent, connection closed. */
  | { readonly kind: 'refused'; readonly fault: DenyReason; readonly detail: string }
  /** The participant left before finishing the handshake. */
  | { readonly kind: 'abandoned' }
  /** An authenticated connection sent a frame that could not be accepted; it was closed. */
  | { readonly kind: 'dropped'; readonly fault: LiveFault; readonly detail: string }
  /** A socket error, or an integration callback that threw; the connection was closed. */
  | { readonly kind: 'error'; readonly detail: string };

export interface SecureSocketOptions {
  readonly roomId: string;
  readonly secret: string;
  /** Default 5 s: a participant that has not proved the secret by then is refused (4408). */
  readonly handshakeTimeoutMs?: number;
  /** Default 2 MiB: a bigger frame closes the connection (1009) unread. */
  readonly maxFrameBytes?: number;
  /** Called (synchronously, right after WELCOME) with the authenticated connection. */
  readonly onAuthenticated: (socket: SecureSocket) => void;
  /** Called when the handshake is refused, with the reason sent in DENY. */
  readonly onRefused?: (fault: DenyReason) => void;
  readonly log?: (event: SecureSocketLogEvent) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function rawBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

function outgoingBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('The live connection carries binary messages only.');
}

/**
 * Closes `ws` with `code`, then cuts it if the peer does not finish the close handshake in time
 * (a hostile client would otherwise hold the socket for ws's 30 s close timeout).
 */
function closeFirmly(ws: WebSocket, code?: number, reason?: string): void {
  if (ws.readyState === CLOSING || ws.readyState === CLOSED) return;
  try {
    ws.close(code, reason);
  } catch {
    // An invalid code or an over-long reason (from an integration's call): close anyway.
    try {
      ws.close(1011);
    } catch {
      ws.terminate();
      return;
    }
  }
  const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  ws.once('close', () => clearTimeout(timer));
}

/**
 * Refuses a connection before any handshake (for example over the integration's connection
 * cap): DENY with the reason, then close with its code.
 */
export function refuseSecureSocket(ws: WebSocket, fault: DenyReason = 'room-full'): void {
  ws.on('error', () => undefined);
  if (ws.readyState !== OPEN) return;
  try {
    ws.send(encodeDeny(fault));
  } catch {
    // The close below still tells the participant.
  }
  closeFirmly(ws, CLOSE_CODES[fault], fault);
}

/**
 * Runs the host's side of the handshake on a freshly upgraded `ws` socket, then hands the
 * authenticated connection to `onAuthenticated`. Never throws from an event handler.
 */
export function acceptSecureSocket(ws: WebSocket, options: SecureSocketOptions): void {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const log = (event: SecureSocketLogEvent) => {
    try {
      options.log?.(event);
    } catch {
      // A logger that throws must not take the connection (or the host) down.
    }
  };
  // Without an 'error' listener an EventEmitter throws: a bad frame (invalid opcode, payload
  // over maxPayload) would end the host process.
  ws.on('error', (error) => log({ kind: 'error', detail: describe(error) }));

  let phase: 'handshake' | 'open' | 'closing' | 'closed' = 'handshake';
  let channel: SealedChannel | null = null;
  const messageListeners: ((data: Uint8Array) => void)[] = [];
  const closeListeners: ((event: SecureSocketCloseEvent) => void)[] = [];
  const waiting: Uint8Array[] = [];
  let waitingBytes = 0;
  let closed: SecureSocketCloseEvent | null = null;

  const shutDown = (code: number, reason: string) => {
    if (phase === 'closed') return;
    phase = 'closing';
    clearTimeout(handshakeTimer);
    closeFirmly(ws, code, reason);
  };

  let handshake: ServerHandshake;
  try {
    handshake = new ServerHandshake(deriveRoomKeys({ roomId: options.roomId, secret: options.secret }), { maxFrameBytes });
  } catch (error) {
    log({ kind: 'error', detail: describe(error) });
    closeFirmly(ws, 1011, 'host misconfigured');
    return;
  }

  const refuse = (fault: DenyReason, detail: string) => {
    const outcome = handshake.refuse(fault, detail);
    try {
      ws.send(outcome.reply);
    } catch (error) {
      log({ kind: 'error', detail: describe(error) });
    }
    shutDown(outcome.closeCode, fault);
    log({ kind: 'refused', fault, detail });
    try {
      options.onRefused?.(fault);
    } catch (error) {
      log({ kind: 'error', detail: `onRefused threw: ${describe(error)}` });
    }
  };

  const handshakeTimer = setTimeout(() => {
    if (phase === 'handshake') refuse('too-slow', `No proof within ${options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS} ms.`);
  }, options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS);

  const deliver = (plaintext: Uint8Array) => {
    if (messageListeners.length === 0) {
      waiting.push(plaintext);
      waitingBytes += plaintext.length;
      // Frames wait only for a listener set a moment late; a listener never set must not let
      // a participant fill the host's memory.
      if (waitingBytes > maxFrameBytes) {
        log({ kind: 'error', detail: 'Frames arrived and no message listener was set.' });
        shutDown(1011, 'not ready');
      }
      return;
    }
    for (const listener of messageListeners) listener(plaintext);
  };

  const socket: SecureSocket = {
    get readyState() {
      return phase === 'closing' && ws.readyState === OPEN ? CLOSING : ws.readyState;
    },
    send(data) {
      if (phase !== 'open' || ws.readyState !== OPEN || !channel) return;
      ws.send(channel.seal(outgoingBytes(data)));
    },
    close(code, reason) {
      if (phase !== 'open') return;
      phase = 'closing';
      closeFirmly(ws, code, reason);
    },
    onMessage(listener) {
      messageListeners.push(listener);
      if (messageListeners.length !== 1) return;
      const pending = waiting.splice(0);
      waitingBytes = 0;
      for (const plaintext of pending) {
        if (phase !== 'open') return;
        try {
          listener(plaintext);
        } catch (error) {
          log({ kind: 'error', detail: `The message listener threw: ${describe(error)}` });
          shutDown(1011, 'host error');
          return;
        }
      }
    },
    onClose(listener) {
      if (closed) {
        const event = closed;
        queueMicrotask(() => {
          try {
            listener(event);
          } catch (error) {
            log({ kind: 'error', detail: `The close listener threw: ${describe(error)}` });
          }
        });
        return;
      }
      closeListeners.push(listener);
    },
  };

  const onFrame = (data: RawData, isBinary: boolean) => {
    if (phase === 'closing' || phase === 'closed') return;
    const bytes = rawBytes(data);
    if (phase === 'handshake') {
      if (!isBinary) {
        refuse('malformed', 'A text frame during the handshake.');
        return;
      }
      const outcome = handshake.receive(bytes);
      if (outcome.kind === 'refused') {
        refuse(outcome.fault, outcome.detail);
        return;
      }
      clearTimeout(handshakeTimer);
      ws.send(outcome.reply);
      channel = outcome.channel;
      phase = 'open';
      log({ kind: 'authenticated' });
      try {
        options.onAuthenticated(socket);
      } catch (error) {
        log({ kind: 'error', detail: `onAuthenticated threw: ${describe(error)}` });
        shutDown(1011, 'host error');
      }
      return;
    }
    let plaintext: Uint8Array;
    try {
      if (!isBinary) throw new LiveProtocolError('malformed', 'A text frame.');
      if (bytes.length > maxFrameBytes) {
        throw new LiveProtocolError('too-big', `A frame of ${bytes.length} bytes is over the limit of ${maxFrameBytes}.`);
      }
      plaintext = (channel as SealedChannel).open(bytes);
    } catch (error) {
      const fault = error instanceof LiveProtocolError ? error.fault : 'malformed';
      log({ kind: 'dropped', fault, detail: describe(error) });
      shutDown(CLOSE_CODES[fault], fault);
      return;
    }
    try {
      deliver(plaintext);
    } catch (error) {
      log({ kind: 'error', detail: `The message listener threw: ${describe(error)}` });
      shutDown(1011, 'host error');
    }
  };

  ws.on('message', (data, isBinary) => {
    try {
      onFrame(data, isBinary);
    } catch (error) {
      log({ kind: 'error', detail: describe(error) });
      shutDown(1011, 'host error');
    }
  });

  ws.on('close', (code, reason) => {
    const wasOpen = channel !== null;
    const wasHandshake = phase === 'handshake';
    phase = 'closed';
    clearTimeout(handshakeTimer);
    waiting.length = 0;
    if (wasHandshake) log({ kind: 'abandoned' });
    if (!wasOpen) return;
    closed = { code, reason: reason.toString('utf8') };
    for (const listener of closeListeners.splice(0)) {
      try {
        listener(closed);
      } catch (error) {
        log({ kind: 'error', detail: `The close listener threw: ${describe(error)}` });
      }
    }
  });

  try {
    ws.send(handshake.hello);
  } catch (error) {
    log({ kind: 'error', detail: describe(error) });
    shutDown(1011, 'host error');
  }
}
