/**
 * The live room server against honest and hostile clients, on 127.0.0.1 only: a facilitator's
 * window linked through the host endpoint, participants as real Hocuspocus providers through the
 * sealed transport, and raw clients that hold the room key but break the rules. The host must
 * keep serving honest people whatever the others send, and its session must hold only what the
 * rules allow.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { startRoomServer, type RoomServer } from '../../electron/live/room-server.ts';
import { encryptedWebSocketClass } from '../../renderer/live/encrypted-websocket.ts';
import type { ServerToHost } from '../../shared/live/messages.ts';
import { Projection } from '../../shared/live/projection.ts';
import { ClientHandshake, createRoomCredentials, deriveRoomKeys, type SealedChannel } from '../../shared/live/protocol.ts';
import { documentToYDoc, writeDiff } from '../../shared/live/ydoc-mapping.ts';
import { linkYDoc } from '../../shared/live/y-link.ts';
import { updateThreat } from '../../shared/threat-ops.ts';
import { openVote } from '../../shared/workshop-ops.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { checkoutSession } from './export-fixture.ts';
import { assertSurvivesHostileRequests } from './server-robustness.ts';

const HOST_ORIGIN = Symbol('host-window-test');
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function eventually(check: () => void, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function rendererRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ts-room-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Threatstorm</title>');
  return root;
}

/** A room on loopback with the facilitator's window linked to it, holding the checkout session. */
async function hostedRoom(limits = {}) {
  const credentials = createRoomCredentials();
  const log: string[] = [];
  const room: RoomServer = await startRoomServer({ address: '127.0.0.1', port: 0, rendererRoot: rendererRoot(), ...credentials, limits, log: (line) => log.push(line) });
  cleanups.push(() => room.stop());
  const session = checkoutSession();
  const hostDoc = new Y.Doc();
  documentToYDoc(session, hostDoc);
  const hostView = new Projection(hostDoc, session);
  hostDoc.on('afterTransaction', (tr: Y.Transaction) => hostView.update(tr));
  const fromRoom: ServerToHost[] = [];
  const link = linkYDoc(hostDoc, (data) => room.host.receive({ type: 'sync', data }), HOST_ORIGIN);
  room.host.connect((message) => {
    fromRoom.push(message);
    if (message.type === 'sync') link.receive(message.data);
  });
  link.start();
  const hostEdit = (recipe: (doc: SessionDocument) => SessionDocument) => writeDiff(hostDoc, hostView.document, recipe(hostView.document), 'host-window');
  return { room, credentials, hostDoc, hostView, fromRoom, log, hostEdit };
}

/** A participant as a browser is one: a provider through the sealed transport, saying hello. */
function participant(room: RoomServer, credentials: { roomId: string; secret: string }, name: string) {
  const document = new Y.Doc();
  const stateless: Array<Record<string, unknown>> = [];
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${room.port}/live`,
    WebSocketPolyfill: encryptedWebSocketClass({ ...credentials, WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket }),
  });
  const provider = new HocuspocusProvider({
    websocketProvider,
    name: credentials.roomId,
    document,
    onAuthenticated: () => provider.sendStateless(JSON.stringify({ t: 'hello', name })),
    onStateless: ({ payload }) => stateless.push(JSON.parse(payload) as Record<string, unknown>),
  });
  provider.attach();
  cleanups.push(() => {
    provider.destroy();
    websocketProvider.destroy();
  });
  const view = () => new Projection(document).document;
  return { document, provider, stateless, view, edit: (recipe: (doc: SessionDocument) => SessionDocument) => writeDiff(document, view(), recipe(view()), 'participant-edit') };
}

/** A client that holds the key and speaks the sealed transport, but sends whatever it likes. */
async function rawClient(room: RoomServer, credentials: { roomId: string; secret: string }) {
  const ws = new NodeWebSocket(`ws://127.0.0.1:${room.port}/live`);
  ws.binaryType = 'arraybuffer';
  const frames: Uint8Array[] = [];
  let wake: (() => void) | null = null;
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  ws.on('message', (data: ArrayBuffer) => {
    frames.push(new Uint8Array(data));
    wake?.();
  });
  const next = async (index: number) => {
    while (frames.length <= index) await new Promise<void>((resolve) => (wake = resolve));
    return frames[index]!;
  };
  await new Promise((resolve) => ws.once('open', resolve));
  const handshake = new ClientHandshake(deriveRoomKeys(credentials));
  const proof = handshake.receive(await next(0));
  if (proof.kind !== 'reply') throw new Error(proof.kind);
  ws.send(proof.frame);
  const opened = handshake.receive(await next(1));
  if (opened.kind !== 'open') throw new Error(opened.kind);
  const channel = opened.channel as SealedChannel;
  cleanups.push(() => ws.terminate());
  const client = {
    closed,
    /** A Hocuspocus message: document name, type, payload written by `write`. */
    send(type: number, write: (encoder: encoding.Encoder) => void) {
      const encoder = encoding.createEncoder();
      encoding.writeVarString(encoder, credentials.roomId);
      encoding.writeVarUint(encoder, type);
      write(encoder);
      ws.send(channel.seal(encoding.toUint8Array(encoder)));
    },
    sendRaw(bytes: Uint8Array) {
      ws.send(channel.seal(bytes));
    },
    /** Sends a Yjs update as a sync "update" message. */
    sendUpdate(update: Uint8Array) {
      this.send(0, (encoder) => syncProtocol.writeUpdate(encoder, update));
    },
    hello(name: string) {
      this.send(5, (encoder) => encoding.writeVarString(encoder, JSON.stringify({ t: 'hello', name })));
    },
  };
  // Hocuspocus handles a document's messages once the connection has sent its (empty) token.
  client.send(2, (encoder) => {
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarString(encoder, '');
  });
  return client;
}

/** An update built on a copy of the room's state, so it refers to items the host has. */
function updateOn(base: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

describe('the live room', () => {
  it('an honest participant joins by name, syncs the session, and their edit reaches the host with their name in the audit', async () => {
    const { room, credentials, hostView, fromRoom } = await hostedRoom();
    const ann = participant(room, credentials, 'Ann');
    await eventually(() => expect(ann.stateless).toContainEqual(expect.objectContaining({ t: 'welcome', name: 'Ann' })));
    await eventually(() => expect(ann.view().threats).toHaveLength(hostView.document.threats.length));
    const threatId = hostView.document.threats[0]!.id;
    ann.edit((doc) => updateThreat(doc, threatId, { notes: 'Seen in the wild' }));
    await eventually(() => expect(hostView.document.threats.find((t) => t.id === threatId)!.notes).toBe('Seen in the wild'));
    expect(hostView.document.participants.some((p) => p.name === 'Ann')).toBe(true);
    await eventually(() => expect(fromRoom).toContainEqual(expect.objectContaining({ type: 'audit', actor: 'Ann', action: 'Edit threat' })));
    expect(room.people()).toEqual([expect.objectContaining({ name: 'Ann', devices: 1 })]);
  });

  it('a client that writes outside the session’s shape is disconnected and logged; the session is untouched and others keep working', async () => {
    const { room, credentials, hostDoc, hostView, fromRoom, log } = await hostedRoom();
    // Mallory says hello (and so is added to the people), then tries to write what she may not.
    const withoutPeople = (doc: SessionDocument) => JSON.stringify({ ...doc, participants: [], session: { ...doc.session, updatedAt: '' } });
    const before = withoutPeople(hostView.document);
    const hostile = [
      updateOn(hostDoc, (doc) => doc.getMap('secrets').set('x', 1)),
      updateOn(hostDoc, (doc) => (doc.getMap('threats').get(hostView.document.threats[0]!.id) as Y.Map<unknown>).set('__proto__', { polluted: true })),
      updateOn(hostDoc, (doc) => (doc.getMap('threats').get(hostView.document.threats[0]!.id) as Y.Map<unknown>).set('likelihood', 99)),
      updateOn(hostDoc, (doc) => (doc.getMap('threats').get(hostView.document.threats[0]!.id) as Y.Map<unknown>).set('votes', 500)),
      updateOn(hostDoc, (doc) => doc.getMap('workshop').set('votes', [])),
      updateOn(hostDoc, (doc) => doc.getMap('participants').delete(hostView.document.participants[0]!.id)),
    ];
    for (const update of hostile) {
      const client = await rawClient(room, credentials);
      client.hello('Mallory');
      client.sendUpdate(update);
      expect((await client.closed).code).toBe(4403);
    }
    expect(log.filter((line) => /refused an update from "Mallory"/.test(line))).toHaveLength(hostile.length);
    expect(fromRoom.filter((m) => m.type === 'refused')).toHaveLength(hostile.length);
    expect(withoutPeople(hostView.document)).toBe(before);
    expect(hostView.document.participants.filter((p) => p.name === 'Mallory')).toHaveLength(1);
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Garbage after the handshake: closed, nothing applied.
    const garbage = await rawClient(room, credentials);
    garbage.sendRaw(new Uint8Array([0xff, 0xfe, 0x00, 0x13, 0x37]));
    expect([4400, 4401, 4403, 1011]).toContain((await garbage.closed).code);
    // Still serving the honest.
    const bo = participant(room, credentials, 'Bo');
    await eventually(() => expect(bo.stateless).toContainEqual(expect.objectContaining({ t: 'welcome', name: 'Bo' })));
    await eventually(() => expect(bo.view().threats).toHaveLength(hostView.document.threats.length));
  }, 30_000);

  it('a flood of messages closes that connection (4429) and no other', async () => {
    const { room, credentials, hostDoc } = await hostedRoom({ messagesPerSecond: 20 });
    const flood = await rawClient(room, credentials);
    flood.hello('Flo');
    for (let i = 0; i < 200; i++) flood.send(0, (encoder) => syncProtocol.writeSyncStep1(encoder, hostDoc));
    expect((await flood.closed).code).toBe(4429);
    const ann = participant(room, credentials, 'Ann');
    await eventually(() => expect(ann.stateless).toContainEqual(expect.objectContaining({ t: 'welcome' })));
  }, 20_000);

  it('a blind vote: dots go to the host alone, no one spends more than allowed, the reveal hands the ballots to the host window', async () => {
    const { room, credentials, hostView, hostEdit, fromRoom } = await hostedRoom();
    hostEdit((doc) => openVote(doc, { id: 'v1', scope: 'session', dotsPerParticipant: 2 }, new Date('2026-12-02T10:00:00Z')));
    const ann = participant(room, credentials, 'Ann');
    await eventually(() => expect(ann.stateless).toContainEqual(expect.objectContaining({ t: 'my-dots', voteId: 'v1', left: 2 })));
    const threatId = hostView.document.threats.find((t) => t.status === 'open')!.id;
    for (let i = 0; i < 3; i++) ann.provider.sendStateless(JSON.stringify({ t: 'dot', threatId, delta: 1 }));
    await eventually(() => expect(ann.stateless).toContainEqual(expect.objectContaining({ t: 'dot-refused', message: expect.stringMatching(/used all 2 dots/) })));
    expect(ann.stateless.filter((m) => m.t === 'my-dots').at(-1)).toMatchObject({ left: 0, dots: [{ threatId, dots: 2 }] });
    // Nothing of it is in the shared session before the reveal: the participant's own copy has no ballots.
    expect(ann.view().workshop.votes[0]!.ballots).toEqual([]);
    await eventually(() => expect(fromRoom).toContainEqual({ type: 'vote-progress', voteId: 'v1', voted: 1, of: expect.any(Number) }));
    room.host.receive({ type: 'reveal', voteId: 'v1' });
    await eventually(() => expect(fromRoom).toContainEqual({ type: 'ballots', voteId: 'v1', ballots: [{ participantId: expect.any(String), threatId, dots: 2 }] }));
  });

  it('answers normal requests whatever hostile HTTP requests come first (the rule for every server)', async () => {
    const { room } = await hostedRoom();
    await assertSurvivesHostileRequests({ host: '127.0.0.1', port: room.port, hostHeader: `127.0.0.1:${room.port}` });
  }, 60_000);

  it('refuses 200 rapid connections with a wrong key and still serves an honest participant', async () => {
    const { room, credentials } = await hostedRoom();
    const wrong = { roomId: credentials.roomId, secret: createRoomCredentials().secret };
    const attempts = Array.from({ length: 200 }, async () => {
      const ws = new NodeWebSocket(`ws://127.0.0.1:${room.port}/live`);
      const closed = new Promise<number>((resolve) => ws.on('close', resolve));
      ws.on('error', () => undefined);
      ws.on('message', (data: ArrayBuffer) => {
        const frame = new Uint8Array(data as ArrayBuffer);
        if (frame[1] !== 1) return;
        const handshake = new ClientHandshake(deriveRoomKeys(wrong));
        const step = handshake.receive(frame);
        if (step.kind === 'reply') ws.send(step.frame);
      });
      return closed;
    });
    const codes = await Promise.all(attempts);
    expect(codes.every((code) => code === 4401)).toBe(true);
    const ann = participant(room, credentials, 'Ann');
    await eventually(() => expect(ann.stateless).toContainEqual(expect.objectContaining({ t: 'welcome' })));
  }, 60_000);
});
