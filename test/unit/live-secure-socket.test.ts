/**
 * The live transport over real sockets on 127.0.0.1 (nothing else): a `ws` server whose
 * connections go through `acceptSecureSocket`, participants using the browser class
 * `encryptedWebSocketClass` (given the `ws` client, since Node 20 has no stable WebSocket) or
 * speaking the protocol by hand to misbehave, and at the end the real Hocuspocus server and
 * provider syncing a Y.Doc through the layer.
 */
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as WsWebSocket, WebSocketServer, type ServerOptions } from 'ws';
import * as Y from 'yjs';
import { Hocuspocus } from '@hocuspocus/server';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  ClientHandshake,
  DEFAULT_MAX_FRAME_BYTES,
  ServerHandshake,
  createRoomCredentials,
  deriveRoomKeys,
  encodeWelcome,
  faultMessage,
  type LiveFault,
  type RoomCredentials,
  type SealedChannel,
} from '../../shared/live/protocol.ts';
import { acceptSecureSocket, refuseSecureSocket, type SecureSocket, type SecureSocketLogEvent, type SecureSocketOptions } from '../../electron/live/secure-socket.ts';
import { encryptedWebSocketClass, type EncryptedWebSocket, type EncryptedWebSocketOptions } from '../../renderer/live/encrypted-websocket.ts';

const NodeWebSocket = WsWebSocket as unknown as typeof WebSocket;
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | ArrayBuffer) => new TextDecoder().decode(bytes);

/** Waits for an expectation to hold; generous, as this machine's two cores are shared. */
function eventually(check: () => void, options: { timeout?: number } = {}) {
  return vi.waitFor(check, { timeout: options.timeout ?? 5_000, interval: 5 });
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Host {
  url: string;
  credentials: RoomCredentials;
  log: SecureSocketLogEvent[];
  sockets: SecureSocket[];
  /** Plaintexts received per authenticated connection. */
  received: Uint8Array[][];
  /** Every raw frame each connection put on the wire towards the host. */
  wireIn: Uint8Array[][];
  refused: string[];
  wss: WebSocketServer;
}

async function startHost(
  options: Partial<SecureSocketOptions> = {},
  serverOptions: ServerOptions = {},
  credentials: RoomCredentials = createRoomCredentials(),
): Promise<Host> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...serverOptions });
  await once(wss, 'listening');
  const host: Host = {
    url: `ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}/`,
    credentials,
    log: [],
    sockets: [],
    received: [],
    wireIn: [],
    refused: [],
    wss,
  };
  wss.on('connection', (ws) => {
    const wire: Uint8Array[] = [];
    host.wireIn.push(wire);
    ws.on('message', (data: Buffer) => wire.push(new Uint8Array(data)));
    acceptSecureSocket(ws, {
      ...credentials,
      onAuthenticated: (socket) => {
        const inbox: Uint8Array[] = [];
        host.sockets.push(socket);
        host.received.push(inbox);
        socket.onMessage((data) => inbox.push(data));
      },
      onRefused: (fault) => host.refused.push(fault),
      log: (event) => host.log.push(event),
      ...options,
    });
  });
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  return host;
}

/** A participant speaking the protocol by hand: every frame it gets, and how it was closed. */
async function rawClient(url: string) {
  const ws = new WsWebSocket(url);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  ws.on('error', () => undefined);
  cleanups.push(() => ws.terminate());
  await once(ws, 'open');
  const openedAt = Date.now();
  const frame = async (index: number) => {
    await eventually(() => expect(frames.length).toBeGreaterThan(index));
    return frames[index] as Uint8Array;
  };
  return { ws, frames, closed, openedAt, frame };
}

/** A raw participant that completes the handshake with `credentials` and returns its channel. */
async function authenticatedRawClient(url: string, credentials: RoomCredentials) {
  const client = await rawClient(url);
  const handshake = new ClientHandshake(deriveRoomKeys(credentials));
  const proof = handshake.receive(await client.frame(0));
  if (proof.kind !== 'reply') throw new Error(proof.kind);
  client.ws.send(proof.frame);
  const opened = handshake.receive(await client.frame(1));
  if (opened.kind !== 'open') throw new Error(opened.kind);
  return { ...client, proof: proof.frame, channel: opened.channel as SealedChannel };
}

function participantClass(credentials: RoomCredentials, options: Partial<EncryptedWebSocketOptions> = {}) {
  const refusals: { message: string; fault: LiveFault }[] = [];
  const Class = encryptedWebSocketClass({
    ...credentials,
    WebSocketImpl: NodeWebSocket,
    onRefused: (message, fault) => refusals.push({ message, fault }),
    ...options,
  });
  return { Class, refusals };
}

function watch(socket: EncryptedWebSocket) {
  const messages: ArrayBuffer[] = [];
  const events: string[] = [];
  let close: { code: number; reason: string } | null = null;
  socket.addEventListener('open', () => events.push('open'));
  socket.addEventListener('message', (event) => messages.push((event as MessageEvent).data as ArrayBuffer));
  socket.addEventListener('close', (event) => {
    events.push('close');
    const { code, reason } = event as Event & { code: number; reason: string };
    close = { code, reason };
  });
  cleanups.push(() => socket.close());
  return { messages, events, closed: () => close };
}

describe('a participant with the right key', () => {
  it('opens only after the host’s proof, then messages flow both ways, sealed on the wire', async () => {
    const host = await startHost();
    const { Class, refusals } = participantClass(host.credentials);
    const socket = new Class(host.url);
    const seen = watch(socket);
    expect(socket.readyState).toBe(Class.CONNECTING);
    expect(() => socket.send(utf8('too early'))).toThrow(/not open yet/);
    await eventually(() => expect(socket.readyState).toBe(Class.OPEN));
    expect(seen.events).toEqual(['open']);

    const secretWords = 'threat: admin password reset by email';
    socket.send(utf8(secretWords));
    socket.send(utf8('second'));
    await eventually(() => expect(host.received[0]).toHaveLength(2));
    expect(host.received[0]?.map((bytes) => text(bytes))).toEqual([secretWords, 'second']);

    const hostSocket = host.sockets[0] as SecureSocket;
    expect(hostSocket.readyState).toBe(1);
    hostSocket.send(utf8('from the host'));
    hostSocket.send(new Uint8Array(0));
    await eventually(() => expect(seen.messages).toHaveLength(2));
    expect(seen.messages[0]).toBeInstanceOf(ArrayBuffer);
    expect(text(seen.messages[0] as ArrayBuffer)).toBe('from the host');
    expect((seen.messages[1] as ArrayBuffer).byteLength).toBe(0);

    // What a listener on the network saw from the participant: PROOF and DATA frames, never the words.
    const wire = host.wireIn[0] as Uint8Array[];
    expect(wire.map((frame) => frame[1])).toEqual([2, 16, 16]);
    for (const frame of wire) expect(Buffer.from(frame).includes(Buffer.from('admin password'))).toBe(false);
    expect(Buffer.from(wire[1] as Uint8Array).includes(Buffer.from(host.credentials.secret))).toBe(false);
    expect(refusals).toEqual([]);
    expect(host.log).toEqual([{ kind: 'authenticated' }]);

    // Either side can close; the host's close listener hears it once.
    const closes: { code: number; reason: string }[] = [];
    hostSocket.onClose((event) => closes.push(event));
    socket.close(1000, 'bye');
    await eventually(() => expect(closes).toEqual([{ code: 1000, reason: 'bye' }]));
    await eventually(() => expect(seen.closed()).toEqual({ code: 1000, reason: 'bye' }));
    expect(socket.readyState).toBe(Class.CLOSED);
    expect(hostSocket.readyState).toBe(3);
  });

  it('the host closing (as Hocuspocus does) reaches the participant with its code', async () => {
    const host = await startHost();
    const { Class } = participantClass(host.credentials);
    const socket = new Class(host.url);
    const seen = watch(socket);
    await eventually(() => expect(host.sockets).toHaveLength(1));
    const hostSocket = host.sockets[0] as SecureSocket;
    const closes: { code: number; reason: string }[] = [];
    hostSocket.onClose((event) => closes.push(event));
    hostSocket.close(4403, 'Forbidden');
    expect(hostSocket.readyState).toBe(2);
    hostSocket.send(utf8('after close'));
    await eventually(() => expect(seen.closed()).toEqual({ code: 4403, reason: 'Forbidden' }));
    await eventually(() => expect(closes).toHaveLength(1));
    expect(seen.messages).toEqual([]);
    // An onClose registered after the close still hears it.
    const late: unknown[] = [];
    hostSocket.onClose((event) => late.push(event));
    await eventually(() => expect(late).toEqual([{ code: 4403, reason: 'Forbidden' }]));
  });

  it('frames that arrive before the integration listens wait for its listener, in order', async () => {
    const host = await startHost({
      onAuthenticated: (socket) => {
        host.sockets.push(socket);
        setTimeout(() => {
          const inbox: Uint8Array[] = [];
          host.received.push(inbox);
          socket.onMessage((data) => inbox.push(data));
        }, 100);
      },
    });
    const raw = await authenticatedRawClient(host.url, host.credentials);
    raw.ws.send(raw.channel.seal(utf8('a')));
    raw.ws.send(raw.channel.seal(utf8('b')));
    await eventually(() => expect(host.received[0]?.map((bytes) => text(bytes))).toEqual(['a', 'b']));
    raw.ws.send(raw.channel.seal(utf8('c')));
    await eventually(() => expect(host.received[0]?.map((bytes) => text(bytes))).toEqual(['a', 'b', 'c']));
  });
  it('closing while still connecting (as the provider does when it gives up) waits for the connection: no error event', async () => {
    const host = await startHost();
    const { Class, refusals } = participantClass(host.credentials);
    const socket = new Class(host.url);
    const seen = watch(socket);
    const errors: Event[] = [];
    socket.addEventListener('error', (event) => errors.push(event));
    socket.close(1000, 'gave up');
    expect(socket.readyState).toBe(Class.CLOSING);
    const other = new Class(host.url);
    expect(() => other.close(1001)).toThrow(/close code 1001/);
    other.close();
    await eventually(() => expect(seen.closed()).toEqual({ code: 1000, reason: 'gave up' }));
    expect(errors).toEqual([]);
    expect(seen.events).toEqual(['close']);
    expect(refusals).toEqual([]);
    await eventually(() => expect(host.log).toEqual([{ kind: 'abandoned' }, { kind: 'abandoned' }]));
    expect(host.sockets).toEqual([]);
  });
});

describe('refusals at the handshake', () => {
  it('a wrong key gets HELLO, DENY “wrong key” and 4401, and not one data frame', async () => {
    const host = await startHost();
    const wrong = { roomId: host.credentials.roomId, secret: createRoomCredentials().secret };
    const client = await rawClient(host.url);
    const handshake = new ClientHandshake(deriveRoomKeys(wrong));
    const proof = handshake.receive(await client.frame(0));
    if (proof.kind !== 'reply') throw new Error(proof.kind);
    client.ws.send(proof.frame);
    const closed = await client.closed;
    expect(closed.code).toBe(4401);
    expect(client.frames.map((frame) => [...frame.subarray(0, 2)])).toEqual([
      [1, 1],
      [1, 4],
    ]);
    expect([...(client.frames[1] as Uint8Array)]).toEqual([1, 4, 1]);
    expect(host.sockets).toEqual([]);
    expect(host.refused).toEqual(['wrong-key']);
    expect(host.log).toEqual([{ kind: 'refused', fault: 'wrong-key', detail: expect.any(String) }]);

    // The browser class tells the participant what to do.
    const { Class, refusals } = participantClass(wrong);
    const socket = new Class(host.url);
    const seen = watch(socket);
    await eventually(() => expect(seen.closed()).not.toBeNull());
    expect(seen.closed()?.code).toBe(4401);
    expect(seen.events).toEqual(['close']);
    expect(refusals).toEqual([{ fault: 'wrong-key', message: 'The room key in this link is wrong: ask the facilitator for the current link.' }]);
  });

  it('no key (a plain, unsealed client) or garbage as the first frame gets DENY “malformed” and 4400', async () => {
    const host = await startHost();
    const firsts: (Uint8Array | string)[] = [
      // What an unsealed Hocuspocus provider sends first: its auth message.
      Uint8Array.of(7, ...utf8('session'), 2, 0, 0),
      Uint8Array.of(0xff, 0x00, 0x13, 0x37),
      new Uint8Array(0),
      '{"room":"x"}',
    ];
    for (const first of firsts) {
      const client = await rawClient(host.url);
      await client.frame(0);
      client.ws.send(first);
      const closed = await client.closed;
      expect(closed.code, String(first)).toBe(4400);
      expect(client.frames.map((frame) => [...frame])).toEqual([[...(client.frames[0] as Uint8Array)], [1, 4, 3]]);
    }
    expect(host.refused).toEqual(['malformed', 'malformed', 'malformed', 'malformed']);
    expect(host.sockets).toEqual([]);
  });

  it('a PROOF replayed from an earlier connection is refused (4401)', async () => {
    const host = await startHost();
    const honest = await authenticatedRawClient(host.url, host.credentials);
    const attacker = await rawClient(host.url);
    await attacker.frame(0);
    attacker.ws.send(honest.proof);
    expect((await attacker.closed).code).toBe(4401);
    expect([...(attacker.frames[1] as Uint8Array)]).toEqual([1, 4, 1]);
    expect(host.sockets).toHaveLength(1);
  });

  it('a participant that never answers HELLO is refused with 4408 within the timeout', async () => {
    const host = await startHost({ handshakeTimeoutMs: 300 });
    const client = await rawClient(host.url);
    const closed = await client.closed;
    expect(closed.code).toBe(4408);
    expect(closed.at - client.openedAt).toBeGreaterThanOrEqual(250);
    expect(closed.at - client.openedAt).toBeLessThan(2_000);
    expect([...(client.frames[1] as Uint8Array)]).toEqual([1, 4, 2]);
    expect(host.refused).toEqual(['too-slow']);
  });

  it('an oversized first frame gets DENY “too big” and 1009', async () => {
    const host = await startHost({ maxFrameBytes: 1024 });
    const client = await rawClient(host.url);
    await client.frame(0);
    client.ws.send(new Uint8Array(2048));
    expect((await client.closed).code).toBe(1009);
    expect([...(client.frames[1] as Uint8Array)]).toEqual([1, 4, 4]);
  });

  it('200 rapid connections with wrong keys are all refused, and the host still serves an honest participant', async () => {
    const host = await startHost();
    const codes: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const client = await rawClient(host.url);
          const handshake = new ClientHandshake(deriveRoomKeys({ roomId: host.credentials.roomId, secret: createRoomCredentials().secret }));
          const proof = handshake.receive(await client.frame(0));
          if (proof.kind === 'reply') client.ws.send(proof.frame);
          codes.push((await client.closed).code);
        }),
      );
    }
    expect(codes).toHaveLength(200);
    expect(new Set(codes)).toEqual(new Set([4401]));
    expect(host.refused).toHaveLength(200);
    expect(host.sockets).toEqual([]);

    const { Class } = participantClass(host.credentials);
    const socket = new Class(host.url);
    const seen = watch(socket);
    await eventually(() => expect(socket.readyState).toBe(Class.OPEN));
    socket.send(utf8('still here'));
    await eventually(() => expect(host.received[0]?.map((bytes) => text(bytes))).toEqual(['still here']));
    host.sockets[0]?.send(utf8('welcome back'));
    await eventually(() => expect(seen.messages.map((data) => text(data))).toEqual(['welcome back']));
  }, 30_000);

  it('a connection over the integration’s cap is told the room is full (4429)', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    cleanups.push(() => new Promise((resolve) => wss.close(resolve)));
    wss.on('connection', (ws) => refuseSecureSocket(ws, 'room-full'));
    const credentials = createRoomCredentials();
    const { Class, refusals } = participantClass(credentials);
    const socket = new Class(`ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}/`);
    const seen = watch(socket);
    await eventually(() => expect(seen.closed()?.code).toBe(4429));
    expect(refusals).toEqual([{ fault: 'room-full', message: faultMessage('room-full') }]);
  });
});

describe('an authenticated connection that misbehaves', () => {
  it('a replayed DATA frame closes the connection (4403) and is logged; the first copy was delivered once', async () => {
    const host = await startHost();
    const raw = await authenticatedRawClient(host.url, host.credentials);
    const frame = raw.channel.seal(utf8('vote for threat 7'));
    raw.ws.send(frame);
    raw.ws.send(frame);
    expect((await raw.closed).code).toBe(4403);
    expect(host.received[0]?.map((bytes) => text(bytes))).toEqual(['vote for threat 7']);
    expect(host.log).toContainEqual({ kind: 'dropped', fault: 'replay', detail: expect.any(String) });
  });

  it('a DATA frame replayed into another connection closes that one (4403)', async () => {
    const host = await startHost();
    const first = await authenticatedRawClient(host.url, host.credentials);
    const frame = first.channel.seal(utf8('hello'));
    first.ws.send(frame);
    await eventually(() => expect(host.received[0]).toHaveLength(1));
    const second = await authenticatedRawClient(host.url, host.credentials);
    second.ws.send(frame);
    expect((await second.closed).code).toBe(4403);
    expect(host.received[1]).toEqual([]);
    expect(host.log).toContainEqual({ kind: 'dropped', fault: 'undecryptable', detail: expect.any(String) });
  });

  it('a tampered, text or handshake frame after WELCOME closes the connection', async () => {
    const host = await startHost();
    const tampered = await authenticatedRawClient(host.url, host.credentials);
    const frame = tampered.channel.seal(utf8('hello'));
    frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 1;
    tampered.ws.send(frame);
    expect((await tampered.closed).code).toBe(4403);

    const textFrame = await authenticatedRawClient(host.url, host.credentials);
    textFrame.ws.send('hello');
    expect((await textFrame.closed).code).toBe(4400);

    const proofAgain = await authenticatedRawClient(host.url, host.credentials);
    proofAgain.ws.send(proofAgain.proof);
    expect((await proofAgain.closed).code).toBe(4400);
    expect(host.received.flat()).toEqual([]);
  });

  it('an oversized DATA frame closes with 1009 unread', async () => {
    const host = await startHost({ maxFrameBytes: 4096 });
    const raw = await authenticatedRawClient(host.url, host.credentials);
    raw.ws.send(raw.channel.seal(new Uint8Array(5000)));
    expect((await raw.closed).code).toBe(1009);
    expect(host.received[0]).toEqual([]);
    expect(host.log).toContainEqual({ kind: 'dropped', fault: 'too-big', detail: expect.any(String) });
  });

  it('ws’s own payload limit and invalid WebSocket framing are logged, not thrown (the host process lives on)', async () => {
    const host = await startHost({}, { maxPayload: 1024 });
    const big = await rawClient(host.url);
    big.ws.send(new Uint8Array(4096));
    expect((await big.closed).code).toBe(1009);
    await eventually(() => expect(host.log).toContainEqual({ kind: 'error', detail: expect.stringMatching(/payload/i) }));

    // Raw TCP: a valid upgrade, then a frame with a reserved opcode.
    const port = Number(new URL(host.url).port);
    const tcp = net.connect(port, '127.0.0.1');
    cleanups.push(() => tcp.destroy());
    await once(tcp, 'connect');
    tcp.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await once(tcp, 'data');
    tcp.write(Uint8Array.of(0x83, 0x80, 1, 2, 3, 4));
    await eventually(() => expect(host.log).toContainEqual({ kind: 'error', detail: expect.stringMatching(/opcode/i) }));

    const { Class } = participantClass(host.credentials);
    const socket = new Class(host.url);
    await eventually(() => expect(socket.readyState).toBe(Class.OPEN));
    watch(socket);
  });

  it('an integration callback that throws closes that connection (1011), logged, never thrown', async () => {
    const host = await startHost({
      onAuthenticated: (socket) => {
        socket.onMessage(() => {
          throw new Error('hocuspocus blew up');
        });
      },
      onRefused: () => {
        throw new Error('onRefused blew up');
      },
      log: (event) => {
        host.log.push(event);
        throw new Error('the logger blew up too');
      },
    });
    const raw = await authenticatedRawClient(host.url, host.credentials);
    raw.ws.send(raw.channel.seal(utf8('boom')));
    expect((await raw.closed).code).toBe(1011);
    expect(host.log).toContainEqual({ kind: 'error', detail: expect.stringContaining('hocuspocus blew up') });
    const refusedClient = await rawClient(host.url);
    await refusedClient.frame(0);
    refusedClient.ws.send(new Uint8Array(3));
    expect((await refusedClient.closed).code).toBe(4400);
    expect(host.log).toContainEqual({ kind: 'error', detail: expect.stringContaining('onRefused blew up') });
  });
});

describe('the participant’s side against a host that is not what it claims', () => {
  async function fakeHost(onConnection: (ws: WsWebSocket) => void) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    wss.on('connection', (ws) => {
      ws.on('error', () => undefined);
      onConnection(ws);
    });
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    });
    return `ws://127.0.0.1:${(wss.address() as net.AddressInfo).port}/`;
  }

  it('a host that cannot prove the secret is “not the room’s host”: closed, never opened', async () => {
    const credentials = createRoomCredentials();
    const url = await fakeHost((ws) => {
      // Knows the protocol, not the secret: it answers any PROOF with a made-up WELCOME.
      const impostor = new ServerHandshake(deriveRoomKeys(createRoomCredentials()));
      ws.send(impostor.hello);
      ws.on('message', () => ws.send(encodeWelcome(new Uint8Array(32).fill(7))));
    });
    const { Class, refusals } = participantClass(credentials);
    const socket = new Class(url);
    const seen = watch(socket);
    await eventually(() => expect(seen.closed()).not.toBeNull());
    expect(seen.closed()?.code).toBe(4403);
    expect(seen.events).toEqual(['close']);
    expect(refusals).toEqual([{ fault: 'not-host', message: faultMessage('not-host') }]);
  });

  it('an undecryptable frame from the host closes the connection and says it was tampered with', async () => {
    const credentials = createRoomCredentials();
    const url = await fakeHost((ws) => {
      const server = new ServerHandshake(deriveRoomKeys(credentials));
      ws.send(server.hello);
      ws.once('message', (data: Buffer) => {
        const outcome = server.receive(new Uint8Array(data));
        if (outcome.kind !== 'accepted') return;
        ws.send(outcome.reply);
        ws.send(outcome.channel.seal(utf8('genuine')));
        const frame = outcome.channel.seal(utf8('altered'));
        frame[40] = (frame[40] as number) ^ 0x20;
        ws.send(frame);
        ws.send(outcome.channel.seal(utf8('after the tampering')));
      });
    });
    const { Class, refusals } = participantClass(credentials);
    const socket = new Class(url);
    const seen = watch(socket);
    await eventually(() => expect(seen.closed()).not.toBeNull());
    expect(seen.events).toEqual(['open', 'close']);
    expect(seen.messages.map((data) => text(data))).toEqual(['genuine']);
    expect(seen.closed()?.code).toBe(4403);
    expect(refusals).toEqual([{ fault: 'undecryptable', message: faultMessage('undecryptable') }]);
  });

  it('a server that never sends HELLO makes the participant give up after its own timeout', async () => {
    const credentials = createRoomCredentials();
    const url = await fakeHost(() => undefined);
    const { Class, refusals } = participantClass(credentials, { handshakeTimeoutMs: 200 });
    const socket = new Class(url);
    const seen = watch(socket);
    await eventually(() => expect(seen.closed()).not.toBeNull());
    expect(seen.closed()?.code).toBe(4408);
    expect(refusals.map((refusal) => refusal.fault)).toEqual(['too-slow']);
  });

  it('a refusal known only by its close code (the DENY frame lost) is still reported', async () => {
    const credentials = createRoomCredentials();
    const url = await fakeHost((ws) => ws.close(4401, 'wrong-key'));
    const { Class, refusals } = participantClass(credentials);
    const seen = watch(new Class(url));
    await eventually(() => expect(seen.closed()).not.toBeNull());
    expect(seen.closed()?.code).toBe(4401);
    expect(refusals.map((refusal) => refusal.fault)).toEqual(['wrong-key']);
  });
});

describe('under Hocuspocus', () => {
  it('the real server and provider sync a Y.Doc between two participants through the sealed layer', async () => {
    const hocuspocus = new Hocuspocus({ quiet: true });
    const host = await startHost({
      onAuthenticated: (socket) => {
        host.sockets.push(socket);
        const connection = hocuspocus.handleConnection(socket, new Request('http://127.0.0.1/'), {});
        socket.onMessage((data) => connection.handleMessage(data));
        socket.onClose((event) => connection.handleClose(event));
      },
    });
    const { Class } = participantClass(host.credentials);
    const docs = [new Y.Doc(), new Y.Doc()];
    const providers = docs.map((document) => {
      const websocketProvider = new HocuspocusProviderWebsocket({ url: host.url, WebSocketPolyfill: Class });
      const provider = new HocuspocusProvider({ websocketProvider, name: 'session', document });
      provider.attach();
      cleanups.push(() => {
        provider.destroy();
        websocketProvider.destroy();
      });
      return provider;
    });
    await eventually(() => expect(providers.every((provider) => provider.isSynced)).toBe(true), { timeout: 10_000 });
    docs[0]?.getMap('threats').set('t1', 'Session fixation on the join link');
    docs[1]?.getMap('threats').set('t2', 'Replay of a vote');
    await eventually(
      () => {
        for (const doc of docs) expect(doc.getMap('threats').toJSON()).toEqual({ t1: 'Session fixation on the join link', t2: 'Replay of a vote' });
      },
      { timeout: 10_000 },
    );
    expect(hocuspocus.documents.get('session')?.getMap('threats').size).toBe(2);
    // Nothing Hocuspocus said went over the wire in clear.
    for (const wire of host.wireIn) {
      for (const frame of wire) expect(Buffer.from(frame).includes(Buffer.from('Session fixation'))).toBe(false);
    }
    expect(host.log.filter((event) => event.kind !== 'authenticated')).toEqual([]);
  }, 20_000);
});

describe('limits', () => {
  it('by default the host accepts a frame of exactly 2 MiB and closes on one byte more (1009)', async () => {
    const host = await startHost();
    const exact = await authenticatedRawClient(host.url, host.credentials);
    const overhead = 2 + 8 + 24 + 16;
    exact.ws.send(exact.channel.seal(new Uint8Array(DEFAULT_MAX_FRAME_BYTES - overhead)));
    await eventually(() => expect(host.received[0]?.[0]).toHaveLength(DEFAULT_MAX_FRAME_BYTES - overhead));
    const over = await authenticatedRawClient(host.url, host.credentials);
    over.ws.send(over.channel.seal(new Uint8Array(DEFAULT_MAX_FRAME_BYTES - overhead + 1)));
    expect((await over.closed).code).toBe(1009);
    expect(host.received[1]).toEqual([]);
  });
});
