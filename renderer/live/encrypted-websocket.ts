/**
 * A WebSocket look-alike for `HocuspocusProviderWebsocket`'s `WebSocketPolyfill` option that runs
 * the live protocol (shared/live/protocol.ts) over a real WebSocket: it proves the room secret,
 * checks the host's proof, and only then reports "open"; every `send` is sealed and every
 * incoming DATA frame is opened before the provider sees it.
 *
 * The surface is what the provider really uses (node_modules/@hocuspocus/provider/src/
 * HocuspocusProviderWebsocket.ts): `new Polyfill(url)`, `binaryType = "arraybuffer"`, an
 * `identifier` property it sets, `addEventListener`/`removeEventListener` for open, message,
 * close and error, `readyState` compared with 1 (open), `send(Uint8Array)` and `close()`; the
 * `on…` handler properties, the state constants and `url` are there too, as on a WebSocket.
 *
 * Any refusal (DENY from the host, a host that cannot prove the secret, a frame that fails its
 * integrity check, a handshake that never ends) closes the socket and is told once through
 * `onRefused` with a message for the participant. The provider then sees an ordinary close and
 * retries with back-off; the integration decides whether to stop it (a wrong key stays wrong).
 */
import {
  ClientHandshake,
  DEFAULT_MAX_HOST_FRAME_BYTES,
  LiveProtocolError,
  clientCloseCode,
  deriveRoomKeys,
  faultFromCloseCode,
  faultMessage,
  type LiveFault,
  type RoomKeys,
  type SealedChannel,
} from '../../shared/live/protocol.ts';

/** The host normally refuses a slow handshake itself after 5 s; this catches a silent server. */
export const DEFAULT_CLIENT_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface EncryptedWebSocketOptions {
  readonly roomId: string;
  readonly secret: string;
  /** Largest frame accepted from the host (default DEFAULT_MAX_HOST_FRAME_BYTES, 64 MiB). */
  readonly maxFrameBytes?: number;
  /** How long the handshake may take before the participant gives up (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** Told once per refused or broken connection, with what to tell the participant. */
  readonly onRefused?: (message: string, fault: LiveFault) => void;
  /** The WebSocket to wrap; the browser's by default (tests in Node pass the `ws` package's). */
  readonly WebSocketImpl?: typeof WebSocket;
}

interface Config {
  readonly keys: RoomKeys;
  readonly maxFrameBytes: number;
  readonly handshakeTimeoutMs: number;
  readonly onRefused: ((message: string, fault: LiveFault) => void) | undefined;
  readonly WebSocketImpl: typeof WebSocket;
}

type Handler<E extends Event> = ((this: EncryptedWebSocket, event: E) => unknown) | null;

export type LiveCloseEvent = Event & { readonly code: number; readonly reason: string; readonly wasClean: boolean };

function closeEvent(code: number, reason: string, wasClean: boolean): LiveCloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason, wasClean });
  // Node 20 (tests) has no CloseEvent; the provider reads only code and reason.
  return Object.assign(new Event('close'), { code, reason, wasClean });
}

function bytesOf(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('The live connection carries binary messages only.');
}

/** An ArrayBuffer holding exactly these bytes, as a binaryType "arraybuffer" socket gives. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer;
}

export class EncryptedWebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readonly url: string;
  /** Kept for the WebSocket surface; messages are always delivered as ArrayBuffer. */
  binaryType: BinaryType = 'arraybuffer';
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onclose: Handler<LiveCloseEvent> = null;
  onerror: Handler<Event> = null;

  private state: number = EncryptedWebSocket.CONNECTING;
  private readonly inner: WebSocket;
  private readonly handshake: ClientHandshake;
  private channel: SealedChannel | null = null;
  /** Set when this side closes for a fault: the close event reports it, not the echo. */
  private failure: { code: number; reason: string } | null = null;
  private refusalReported = false;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onRefusedCallback: ((message: string, fault: LiveFault) => void) | undefined;
  /** A close asked for before the TCP connection was up, done once it is. */
  private deferredClose: { code: number | undefined; reason: string | undefined } | null = null;

  constructor(url: string | URL, config: Config) {
    super();
    this.url = String(url);
    this.handshake = new ClientHandshake(config.keys, { maxFrameBytes: config.maxFrameBytes });
    this.onRefusedCallback = config.onRefused;
    this.inner = new config.WebSocketImpl(this.url);
    this.inner.binaryType = 'arraybuffer';
    this.inner.addEventListener('open', () => {
      if (this.deferredClose) this.inner.close(this.deferredClose.code, this.deferredClose.reason);
    });
    this.inner.addEventListener('message', (event) => this.receive(event.data));
    this.inner.addEventListener('close', (event) => this.innerClosed(event.code, event.reason, event.wasClean));
    this.inner.addEventListener('error', () => this.fire(new Event('error'), this.onerror));
    this.handshakeTimer = setTimeout(() => this.fail('too-slow', 'handshake timeout'), config.handshakeTimeoutMs);
  }

  get readyState(): number {
    return this.state;
  }

  get bufferedAmount(): number {
    return this.inner.bufferedAmount;
  }

  get protocol(): string {
    return this.inner.protocol;
  }

  get extensions(): string {
    return this.inner.extensions;
  }

  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.state === EncryptedWebSocket.CONNECTING) {
      throw new DOMException('The live connection is not open yet.', 'InvalidStateError');
    }
    const bytes = bytesOf(data);
    // Like a WebSocket, data sent while closing is dropped.
    if (this.state !== EncryptedWebSocket.OPEN || !this.channel) return;
    this.inner.send(this.channel.seal(bytes));
  }

  close(code?: number, reason?: string): void {
    if (this.state === EncryptedWebSocket.CLOSING || this.state === EncryptedWebSocket.CLOSED) return;
    this.closeInner(code, reason);
    this.state = EncryptedWebSocket.CLOSING;
    this.clearHandshakeTimer();
  }

  /**
   * Closing a WebSocket that is still connecting makes the browser log an error ("closed
   * before the connection is established"), and the provider does that when it gives up on an
   * attempt: such a close waits for the connection, then happens at once.
   */
  private closeInner(code: number | undefined, reason: string | undefined): void {
    if (this.inner.readyState === EncryptedWebSocket.CONNECTING) {
      // Check the arguments now, as close() would, rather than fail later.
      if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
        throw new DOMException(`The close code ${code} is neither 1000 nor in 3000–4999.`, 'InvalidAccessError');
      }
      this.deferredClose = { code, reason };
      return;
    }
    this.inner.close(code, reason);
  }

  private receive(data: unknown): void {
    if (this.state === EncryptedWebSocket.CLOSING || this.state === EncryptedWebSocket.CLOSED) return;
    let bytes: Uint8Array;
    try {
      bytes = bytesOf(data);
    } catch {
      this.fail('malformed', 'text frame');
      return;
    }
    if (!this.channel) {
      const step = this.handshake.receive(bytes);
      if (step.kind === 'reply') {
        this.inner.send(step.frame);
      } else if (step.kind === 'refused') {
        this.fail(step.fault, step.detail);
      } else {
        this.channel = step.channel;
        this.clearHandshakeTimer();
        this.state = EncryptedWebSocket.OPEN;
        this.fire(new Event('open'), this.onopen);
      }
      return;
    }
    let plaintext: Uint8Array;
    try {
      plaintext = this.channel.open(bytes);
    } catch (error) {
      this.fail(error instanceof LiveProtocolError ? error.fault : 'malformed', String(error));
      return;
    }
    this.fire(new MessageEvent('message', { data: exactBuffer(plaintext) }), this.onmessage);
  }

  private fail(fault: LiveFault, _detail: string): void {
    if (this.state === EncryptedWebSocket.CLOSING || this.state === EncryptedWebSocket.CLOSED) return;
    const code = clientCloseCode(fault);
    // The fault's name is short and ASCII: well under the 123-byte limit of a close reason.
    this.failure = { code, reason: fault };
    this.state = EncryptedWebSocket.CLOSING;
    this.clearHandshakeTimer();
    this.reportRefusal(fault);
    try {
      this.closeInner(code, fault);
    } catch {
      // Already closing: the close event follows anyway.
    }
  }

  private innerClosed(code: number, reason: string, wasClean: boolean): void {
    if (this.state === EncryptedWebSocket.CLOSED) return;
    this.clearHandshakeTimer();
    if (!this.failure && !this.channel) {
      // Closed before the handshake ended: if the code names a refusal (the DENY frame itself
      // may not have arrived), say so.
      const fault = faultFromCloseCode(code);
      if (fault) this.reportRefusal(fault);
    }
    this.state = EncryptedWebSocket.CLOSED;
    const event = this.failure ? closeEvent(this.failure.code, this.failure.reason, false) : closeEvent(code, reason, wasClean);
    this.fire(event, this.onclose);
  }

  private reportRefusal(fault: LiveFault): void {
    if (this.refusalReported) return;
    this.refusalReported = true;
    try {
      this.onRefusedCallback?.(faultMessage(fault), fault);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  }

  private clearHandshakeTimer(): void {
    if (this.handshakeTimer !== null) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  private fire<E extends Event>(event: E, handler: Handler<E>): void {
    this.dispatchEvent(event);
    if (!handler) return;
    try {
      handler.call(this, event);
    } catch (error) {
      // As with a WebSocket: a handler's exception is reported, it does not break the socket.
      setTimeout(() => {
        throw error;
      });
    }
  }
}

export interface EncryptedWebSocketConstructor {
  new (url: string | URL): EncryptedWebSocket;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}

/**
 * A WebSocket class bound to one room's credentials, for
 * `new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: encryptedWebSocketClass(…) })`.
 * Throws if the credentials are malformed (parse them with parseJoinFragment first).
 */
export function encryptedWebSocketClass(options: EncryptedWebSocketOptions): EncryptedWebSocketConstructor {
  const WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
  if (typeof WebSocketImpl !== 'function') throw new Error('This browser has no WebSocket.');
  const config: Config = {
    keys: deriveRoomKeys({ roomId: options.roomId, secret: options.secret }),
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_HOST_FRAME_BYTES,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? DEFAULT_CLIENT_HANDSHAKE_TIMEOUT_MS,
    onRefused: options.onRefused,
    WebSocketImpl,
  };
  return class RoomWebSocket extends EncryptedWebSocket {
    constructor(url: string | URL) {
      super(url, config);
    }
  };
}
