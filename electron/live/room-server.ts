/**
 * The live room a facilitator hosts: one HTTP server on the interface they chose, serving the
 * app to participants' browsers and, on `/live`, the room itself — Hocuspocus (a maintained Yjs
 * server) holding the room's Y.Doc as a full peer, reached only through the sealed, authenticated
 * transport of secure-socket.ts.
 *
 * The host is the authority (DESIGN.md §2): every update a participant sends is checked against
 * the room's shape and the host-only rules before Hocuspocus applies and relays it
 * (update-guard.ts); a refused update means a broken or hostile client, which is disconnected and
 * logged. Blind ballots go to the host alone. Hostile clients meet bounds everywhere: frame size,
 * update size, messages and bytes per second, connections in all, awareness size. Nothing a
 * client sends can end the process.
 *
 * The facilitator's own window is not a network client: it is linked to the room's Y.Doc through
 * `host` (Electron IPC, or the browser fallback's loopback socket), trusted, and it is where the
 * session is stored (Dexie stays the store of record).
 *
 * Plain functions over Node's http and the `ws` package; the Electron main process and `npm
 * start`'s browser fallback both use it, and the tests drive it on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hocuspocus, type Connection, type Document } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { addParticipant } from '../../shared/workshop-ops.ts';
import { BlindBallots } from '../../shared/live/blind-vote.ts';
import {
  hostToServerSchema,
  participantMessageSchema,
  presenceColor,
  type HostToParticipant,
  type LivePerson,
  type ServerToHost,
} from '../../shared/live/messages.ts';
import { Projection } from '../../shared/live/projection.ts';
import { inspectUpdate, updateInMessage, type UpdateDescription } from '../../shared/live/update-guard.ts';
import { writeDiff } from '../../shared/live/ydoc-mapping.ts';
import { linkYDoc, type YLink } from '../../shared/live/y-link.ts';
import { LIMITS } from '../../shared/schema.ts';
import { joinLink } from '../../shared/live/protocol.ts';
import { acceptSecureSocket, refuseSecureSocket, type SecureSocketLogEvent } from './secure-socket.ts';
import { createStaticHandler } from '../../tools/static-server.ts';
import { guardRequestHandler, hardenedServerOptions, logServerErrors } from '../../tools/http-hardening.ts';

export interface RoomLimits {
  /** Participant connections at once (the facilitator's window is not one). */
  maxConnections: number;
  /** Sealed frame size, checked before any decryption. */
  maxFrameBytes: number;
  /** One Yjs update (a participant's offline batch included). */
  maxUpdateBytes: number;
  /** Messages per second per connection, sustained (a burst of twice that is let through). */
  messagesPerSecond: number;
  /** Bytes per second per connection, sustained. */
  bytesPerSecond: number;
  /** One participant's awareness state, as JSON. */
  maxAwarenessBytes: number;
  handshakeTimeoutMs: number;
}

export const DEFAULT_ROOM_LIMITS: Readonly<RoomLimits> = Object.freeze({
  maxConnections: 80,
  maxFrameBytes: 4 * 1024 * 1024,
  maxUpdateBytes: 2 * 1024 * 1024,
  messagesPerSecond: 80,
  bytesPerSecond: 2 * 1024 * 1024,
  maxAwarenessBytes: 4 * 1024,
  handshakeTimeoutMs: 5_000,
});

export interface RoomServerOptions {
  /** The interface to listen on (the one the facilitator chose), e.g. 192.168.1.20; tests use 127.0.0.1. */
  address: string;
  /** 0 picks a free port (tests); the app uses 4781 (THREATSTORM_HOST_PORT). */
  port: number;
  /** The renderer build served to participants. */
  rendererRoot: string;
  roomId: string;
  /** The room secret, base64url (it never leaves the link's fragment). */
  secret: string;
  limits?: Partial<RoomLimits>;
  /** One line per security-relevant event (refused client, dropped update). */
  log?: (line: string) => void;
}

export interface HostEndpoint {
  /** A message from the facilitator's window (validated here). */
  receive(message: unknown): void;
  /** Where messages to the facilitator's window go; set by the integration (IPC, loopback socket). */
  connect(send: (message: ServerToHost) => void): void;
  /** The window went away (reload): the link restarts when it connects again. */
  disconnect(): void;
}

export interface RoomServer {
  url: string;
  port: number;
  /** The link a participant opens: the secret only in the fragment. */
  joinLink: string;
  host: HostEndpoint;
  people(): LivePerson[];
  /** Bytes of the room's Y.Doc state and connections, for the benchmark and the host's screen. */
  stats(): { connections: number; docBytes: number };
  /** Tells every participant the room closed, closes their connections, and stops listening. */
  stop(): Promise<void>;
}

/** What the room knows of one participant connection (shared by reference with Hocuspocus' context). */
interface Peer {
  participantId: string | null;
  name: string;
  /** Changes made before the connection said who it is (an offline batch on reconnect). */
  unnamed: Array<{ action: string; detail: string }>;
  /** Ends the whole connection (Hocuspocus alone would close only the document, not the socket). */
  hangUp(code: number, reason: string): void;
  /** Token bucket for messages and bytes. */
  tokens: number;
  bytes: number;
  at: number;
}

interface PeerContext {
  peer: Peer;
}

const HOST_ORIGIN = Symbol('threatstorm:host-link');
const SERVER_ORIGIN = { source: 'local' as const, skipStoreHooks: true };

class Refusal extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Refuses what a connection sent: the socket is closed with `code`, and Hocuspocus drops the message. */
function refuse(peer: Peer, code: number, reason: string): never {
  peer.hangUp(code, reason);
  throw new Refusal(code, reason);
}

export async function startRoomServer(options: RoomServerOptions): Promise<RoomServer> {
  const limits: RoomLimits = { ...DEFAULT_ROOM_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => console.warn(`[live room] ${line}`));
  const ballots = new BlindBallots();
  const peers = new Map<Connection, Peer>();
  let toHost: ((message: ServerToHost) => void) | null = null;
  let hostLink: YLink | null = null;
  let stopped = false;

  const tellHost = (message: ServerToHost) => {
    try {
      toHost?.(message);
    } catch (error) {
      log(`the host window could not be told (${String(error)})`);
    }
  };

  const hocuspocus = new Hocuspocus<PeerContext>({
    name: 'threatstorm-room',
    quiet: true,
    // Relay each change at once: latency matters more than batching in a room of a few dozen.
    flushDelay: false,
    async onConnect({ documentName }) {
      if (documentName !== options.roomId) throw new Refusal(4404, 'no such room');
    },
    async beforeHandleMessage({ connection, update: raw, context }) {
      const peer = context.peer;
      if (!spend(peer, raw.byteLength, limits)) refuse(peer, 4429, 'too many messages');
      const found = updateInMessage(raw);
      if (found.kind === 'malformed') refuse(peer, 4400, 'malformed message');
      if (found.kind === 'none') return;
      // Checked and described against the document it is about to be applied to.
      const inspection = inspectUpdate(found.update, connection.document, { writer: 'participant', maxBytes: limits.maxUpdateBytes });
      if (!inspection.ok) {
        log(`refused an update from ${JSON.stringify(peer.name)}: ${inspection.reason}`);
        tellHost({ type: 'refused', message: `An edit from ${peer.name} was refused and their connection closed (${inspection.reason}).` });
        refuse(peer, 4403, 'update refused');
      }
      pendingAudit.set(connection, inspection.description);
    },
    async afterHandleMessage({ connection, context }) {
      const described = pendingAudit.get(connection);
      pendingAudit.delete(connection);
      if (!described || described.entities.length === 0) return;
      const peer = context.peer;
      const entry = { action: auditAction(described.entities), detail: auditDetail(described.entities) };
      // A reconnecting participant's offline edits can sync a moment before it says who it is:
      // they are recorded under its name once it does.
      if (peer.participantId === null) {
        if (peer.unnamed.length < 200) peer.unnamed.push(entry);
        return;
      }
      tellHost({ type: 'audit', actor: peer.name, ...entry });
      reportVoteProgress();
    },
    async beforeHandleAwareness({ states, context }) {
      const peer = context?.peer;
      if (!peer) return;
      for (const [clientId, state] of states) {
        // A participant speaks for themselves only: identity is the host's, the rest is bounded.
        if (peer.participantId === null || JSON.stringify(state ?? null).length > limits.maxAwarenessBytes) {
          states.delete(clientId);
          continue;
        }
        const selection = typeof state?.selection === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(state.selection) ? state.selection : null;
        states.set(clientId, { user: { participantId: peer.participantId, name: peer.name, color: presenceColor(peer.participantId) }, selection });
      }
    },
    async onStateless({ connection, payload }) {
      const peer = peers.get(connection);
      if (!peer) return;
      let parsed;
      try {
        parsed = participantMessageSchema.safeParse(JSON.parse(payload));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        log(`dropped a malformed message from ${JSON.stringify(peer.name)}`);
        peer.hangUp(4400, 'malformed message');
        return;
      }
      const message = parsed.data;
      if (message.t === 'hello') return hello(connection, peer, message.name, message.participantId);
      if (peer.participantId === null) return reply(connection, { t: 'dot-refused', message: 'Say who you are first.' });
      const outcome = ballots.cast(projection().document, peer.participantId, message.threatId, message.delta);
      if (!outcome.ok) return reply(connection, { t: 'dot-refused', message: outcome.message });
      reply(connection, { t: 'my-dots', voteId: outcome.voteId, dots: outcome.mine, left: outcome.left });
      reportVoteProgress();
    },
    async connected({ connection, context }) {
      peers.set(connection, context.peer);
    },
    async onDisconnect({ context }) {
      for (const [connection, peer] of peers) if (peer === context.peer) peers.delete(connection);
      reportPeople();
    },
  });
  const pendingAudit = new Map<Connection, UpdateDescription>();

  // The room's document, loaded once and kept for the room's life (a direct connection holds it).
  const direct = await hocuspocus.openDirectConnection(options.roomId, { peer: hostPeer() });
  const document: Document = direct.document!;
  let view: Projection | null = null;
  const projection = (): Projection => {
    if (!view) {
      view = new Projection(document);
      document.on('afterTransaction', (transaction: Y.Transaction) => view!.update(transaction));
    }
    return view;
  };

  const reply = (connection: Connection, message: HostToParticipant) => connection.sendStateless(JSON.stringify(message));

  const hello = (connection: Connection, peer: Peer, rawName: string, participantId?: string) => {
    const doc = projection().document;
    const known = participantId ? doc.participants.find((p) => p.id === participantId) : undefined;
    if (participantId && !known) return reply(connection, { t: 'hello-refused', message: 'That person is not in this session any more: join under your name.' });
    let id = known?.id;
    let name = known?.name ?? rawName.replace(/[\r\n\t]+/g, ' ').trim().slice(0, LIMITS.name);
    if (!name) return reply(connection, { t: 'hello-refused', message: 'Type your name to join.' });
    if (!known) {
      const sameName = doc.participants.find((p) => p.name.toLowerCase() === name.toLowerCase());
      if (sameName) {
        id = sameName.id;
        name = sameName.name;
      } else {
        id = crypto.randomUUID();
        const next = addParticipant(doc, { id, name, role: 'participant' });
        if (next === doc) return reply(connection, { t: 'hello-refused', message: 'This session has no room for more people.' });
        writeDiff(document, doc, next, SERVER_ORIGIN);
        tellHost({ type: 'audit', actor: name, action: 'Joined the live workshop', detail: 'added as a participant' });
      }
    }
    peer.participantId = id!;
    peer.name = name;
    for (const entry of peer.unnamed.splice(0)) tellHost({ type: 'audit', actor: name, ...entry });
    reply(connection, { t: 'welcome', participantId: id!, name });
    const vote = doc.workshop.votes.find((v) => v.status === 'open');
    if (vote) reply(connection, { t: 'my-dots', voteId: vote.id, ...ballotsOf(vote, id!) });
    reportPeople();
  };

  const ballotsOf = (vote: { dotsPerParticipant: number }, participantId: string) => {
    const { mine, left } = ballots.mine(vote, participantId);
    return { dots: mine, left };
  };

  const reportPeople = () => tellHost({ type: 'people', people: listPeople() });
  const reportVoteProgress = () => {
    const progress = ballots.progress(projection().document);
    if (progress) tellHost({ type: 'vote-progress', ...progress });
  };
  const listPeople = (): LivePerson[] => {
    const byId = new Map<string, LivePerson>();
    for (const peer of peers.values()) {
      if (!peer.participantId) continue;
      const person = byId.get(peer.participantId) ?? { participantId: peer.participantId, name: peer.name, devices: 0 };
      person.devices += 1;
      byId.set(peer.participantId, person);
    }
    return [...byId.values()];
  };

  document.awareness.on('update', () => {
    const states = [...document.awareness.getStates()].filter(([clientId]) => clientId !== document.awareness.clientID);
    tellHost({ type: 'awareness', states: states as Array<[number, Record<string, unknown>]> });
  });

  const host: HostEndpoint = {
    receive(message) {
      const parsed = hostToServerSchema.safeParse(message);
      if (!parsed.success) {
        log('dropped a malformed message from the host window');
        return;
      }
      const m = parsed.data;
      if (m.type === 'sync') hostLink?.receive(m.data);
      else if (m.type === 'awareness') document.awareness.setLocalState(m.state === null ? null : { host: true, ...m.state });
      else if (m.type === 'reveal') {
        const taken = ballots.take(projection().document, m.voteId);
        if (taken) tellHost({ type: 'ballots', voteId: m.voteId, ballots: taken });
      }
    },
    connect(send) {
      toHost = send;
      hostLink?.stop();
      hostLink = linkYDoc(document, (data) => tellHost({ type: 'sync', data }), HOST_ORIGIN);
      hostLink.start();
      reportPeople();
    },
    disconnect() {
      hostLink?.stop();
      hostLink = null;
      toHost = null;
    },
  };

  // HTTP: the app for participants (same CSP and headers as everywhere), and the room on /live.
  const server: Server = createServer(hardenedServerOptions());
  let port = options.port;
  const allowedHost = () => [`${hostForUrl(options.address)}:${port}`];
  server.on('request', guardRequestHandler(createStaticHandler({ root: options.rendererRoot, allowedHosts: allowedHost }), (message, error) => log(`${message} ${String(error)}`)));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      const path = (request.url ?? '').split('?')[0];
      const hostOk = allowedHost().includes((request.headers.host ?? '').toLowerCase());
      if (stopped || path !== '/live' || !hostOk || request.headers.upgrade?.toLowerCase() !== 'websocket') {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return;
      }
      const full = hocuspocus.getConnectionsCount() >= limits.maxConnections + 1;
      sockets.handleUpgrade(request, socket, head, (ws) => {
        if (full) {
          log('refused a connection: the room is full');
          refuseSecureSocket(ws, 'room-full');
          return;
        }
        acceptSecureSocket(ws, {
          roomId: options.roomId,
          secret: options.secret,
          handshakeTimeoutMs: limits.handshakeTimeoutMs,
          maxFrameBytes: limits.maxFrameBytes,
          log: (event) => {
            if (event.kind !== 'authenticated') log(`transport: ${describeSocketEvent(event)}`);
          },
          onRefused: (fault) => log(`refused a client at ${request.socket.remoteAddress ?? '?'}: ${fault}`),
          onAuthenticated: (secure) => {
            const peer: Peer = { participantId: null, name: 'someone joining', unnamed: [], hangUp: (code, reason) => secure.close(code, reason), tokens: limits.messagesPerSecond * 2, bytes: limits.bytesPerSecond * 2, at: Date.now() };
            const url = `http://${hostForUrl(options.address)}:${port}/live`;
            const client = hocuspocus.handleConnection(secure, new Request(url), { peer });
            secure.onMessage((data) => {
              try {
                client.handleMessage(data);
              } catch (error) {
                log(`closed a connection after a message it could not handle (${String(error)})`);
                secure.close(4400, 'malformed message');
              }
            });
            secure.onClose((event) => client.handleClose({ code: event.code, reason: event.reason }));
          },
        });
      });
    } catch (error) {
      log(`an upgrade failed (${String(error)})`);
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  logServerErrors(server, (message, error) => log(`${message} ${String(error)}`));
  const address = server.address();
  if (address && typeof address === 'object') port = address.port;
  const url = `http://${hostForUrl(options.address)}:${port}/`;

  return {
    url,
    port,
    joinLink: joinLink(url, options.roomId, options.secret),
    host,
    people: listPeople,
    stats: () => ({ connections: peers.size, docBytes: Y.encodeStateAsUpdate(document).byteLength }),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const connection of peers.keys()) {
        try {
          reply(connection, { t: 'room-closed' });
        } catch {
          // Gone already.
        }
      }
      hocuspocus.closeConnections();
      host.disconnect();
      await direct.disconnect();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function hostPeer(): Peer {
    return { participantId: null, name: 'the facilitator', unnamed: [], hangUp: () => undefined, tokens: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY, at: Date.now() };
  }
}

/** Token buckets: a burst of twice the rate is let through; false for a client sending faster. */
function spend(peer: Peer, bytes: number, limits: RoomLimits): boolean {
  const now = Date.now();
  const elapsed = (now - peer.at) / 1000;
  peer.at = now;
  peer.tokens = Math.min(limits.messagesPerSecond * 2, peer.tokens + elapsed * limits.messagesPerSecond) - 1;
  peer.bytes = Math.min(limits.bytesPerSecond * 2, peer.bytes + elapsed * limits.bytesPerSecond) - bytes;
  return peer.tokens >= 0 && peer.bytes >= 0;
}

function describeSocketEvent(event: SecureSocketLogEvent): string {
  return JSON.stringify(event).slice(0, 300);
}

function hostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

const COLLECTION_WORDS: Record<string, string> = {
  participants: 'person',
  journeys: 'journey',
  steps: 'step',
  flows: 'flow',
  threats: 'threat',
  outcomes: 'security outcome',
  mitigations: 'mitigation',
  backlogPins: 'backlog order',
};

type Described = UpdateDescription['entities'];

function auditAction(entities: Described): string {
  const first = entities[0]!;
  const verb = first.kind === 'added' ? 'Add' : first.kind === 'deleted' ? 'Delete' : 'Edit';
  const what = COLLECTION_WORDS[first.collection] ?? first.collection;
  return entities.length === 1 ? `${verb} ${what}` : `${verb} ${what} and ${entities.length - 1} more`;
}

function auditDetail(entities: Described): string {
  return entities
    .slice(0, 5)
    .map((e) => `${COLLECTION_WORDS[e.collection] ?? e.collection} ${e.kind}${e.fields.length > 0 ? ` (${e.fields.slice(0, 6).join(', ')})` : ''}`)
    .join('; ');
}
