/**
 * Hosting the open session as a live room, from the facilitator's window.
 *
 * The window's Y.Doc (the session store's, where every local change goes) is linked to the room
 * server's Y.Doc through the platform's host link (IPC in the desktop app, a loopback socket in
 * the browser fallback). Participants' edits arrive on that link like any remote change: the
 * projection updates, autosave stores the session in this computer's database as always, and the
 * audit log records them with the person who made them.
 *
 * The room's Yjs history is kept too (liveUpdates, appended as it grows), with its credentials
 * (liveRooms): after a reload or a restart the window resumes the same room from the same history,
 * so participants reconnect to the same link and nothing they had sent is lost or doubled.
 */
import * as Y from 'yjs';
import { create } from 'zustand';
import { createRoomCredentials } from '../../shared/live/protocol.ts';
import type { HostAwareness, LivePerson, ServerToHost } from '../../shared/live/messages.ts';
import { linkYDoc, type YLink } from '../../shared/live/y-link.ts';
import type { LiveHostingApi, LiveInterface } from '../../shared/platform-api.ts';
import { revealWithBallots } from '../../shared/workshop-ops.ts';
import type { ThreatstormDatabase } from '../db/database.ts';
import { notify } from '../notices.ts';
import { openDatabase } from '../persistence/storage.ts';
import { sessionStore } from '../store/session-store.ts';
import { usePresence } from './presence.ts';

/** Changes from the room are applied with this origin: not undoable here, not sent back. */
export const ROOM_ORIGIN = Symbol('threatstorm:room');

export interface LiveHostState {
  status: 'idle' | 'starting' | 'hosting' | 'failed';
  sessionId: string | null;
  joinLink: string | null;
  address: string | null;
  message: string | null;
  people: LivePerson[];
  /** Of the open vote: how many people have placed a dot (never how many dots where). */
  voteProgress: { voteId: string; voted: number; of: number } | null;
}

export const useLiveHost = create<LiveHostState>()(() => ({
  status: 'idle',
  sessionId: null,
  joinLink: null,
  address: null,
  message: null,
  people: [],
  voteProgress: null,
}));

interface Running {
  api: LiveHostingApi;
  sessionId: string;
  link: YLink;
  unsubscribe: () => void;
  persist: () => void;
  stopPersisting: () => void;
}

let running: Running | null = null;

/** Persists a hosted Y.Doc's updates in order, batched (a burst of typing is one write). */
function persistUpdates(db: ThreatstormDatabase | null, sessionId: string, ydoc: Y.Doc): { flush: () => void; stop: () => void } {
  let buffer: Uint8Array[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!db || buffer.length === 0) return;
    const update = buffer.length === 1 ? buffer[0]! : Y.mergeUpdates(buffer);
    buffer = [];
    void db.liveUpdates.add({ sessionId, update }).catch(() => notify.error('The live room’s history could not be stored on this computer: the session itself is still saved.'));
  };
  const onUpdate = (update: Uint8Array) => {
    buffer.push(update);
    timer ??= setTimeout(flush, 150);
  };
  ydoc.on('update', onUpdate);
  const onHide = () => flush();
  window.addEventListener('pagehide', onHide);
  return {
    flush,
    stop: () => {
      flush();
      ydoc.off('update', onUpdate);
      window.removeEventListener('pagehide', onHide);
    },
  };
}

/**
 * The Y.Doc to host from: the room's stored history when this session was being hosted (a
 * resumed room keeps its lineage, so participants' copies merge), else the session's own.
 */
async function roomDoc(db: ThreatstormDatabase | null, sessionId: string): Promise<Y.Doc | null> {
  if (!db) return null;
  const rows = await db.liveUpdates.where('sessionId').equals(sessionId).sortBy('seq');
  if (rows.length === 0) return null;
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.mergeUpdates(rows.map((row) => row.update)));
  return ydoc;
}

export async function hostInterfaces(api: LiveHostingApi): Promise<LiveInterface[]> {
  try {
    return await api.interfaces();
  } catch (error) {
    notify.error(`The network interfaces could not be listed: ${(error as Error).message}`);
    return [];
  }
}

/** Starts (or resumes) hosting the open session on `address`. */
export async function startHosting(api: LiveHostingApi, address: string): Promise<void> {
  const document = sessionStore.getState().document;
  if (!document || running) return;
  const sessionId = document.session.id;
  useLiveHost.setState({ status: 'starting', sessionId, message: null, address });
  const db = await openDatabase();
  const stored = await db?.liveRooms.get(sessionId);
  const credentials = stored && stored.address === address ? { roomId: stored.roomId, secret: stored.secret } : createRoomCredentials();
  // A resumed room continues its own history; a new one starts from the session as it is now.
  let ydoc = stored ? await roomDoc(db, sessionId) : null;
  if (ydoc && stored?.address === address) {
    sessionStore.getState().attach(ydoc);
  } else {
    if (db) await db.liveUpdates.where('sessionId').equals(sessionId).delete();
    ydoc = sessionStore.getState().ydoc();
    if (!ydoc) return;
    await db?.liveUpdates.add({ sessionId, update: Y.encodeStateAsUpdate(ydoc) });
  }
  await db?.liveRooms.put({ sessionId, roomId: credentials.roomId, secret: credentials.secret, address, active: true });

  const link = linkYDoc(ydoc, (data) => api.send({ type: 'sync', data }), ROOM_ORIGIN);
  const persistence = persistUpdates(db, sessionId, ydoc);
  const unsubscribe = api.onMessage((message) => onServerMessage(message as ServerToHost, link));
  running = { api, sessionId, link, unsubscribe, persist: persistence.flush, stopPersisting: persistence.stop };
  const result = await api.start({ address, roomId: credentials.roomId, secret: credentials.secret });
  if (!result.ok) {
    stopLocal();
    await db?.liveRooms.update(sessionId, { active: false });
    useLiveHost.setState({ status: 'failed', message: result.message });
    return;
  }
  link.start();
  useLiveHost.setState({ status: 'hosting', joinLink: result.joinLink, message: null });
  publishHostAwareness();
}

function onServerMessage(message: ServerToHost, link: YLink): void {
  switch (message.type) {
    case 'sync':
      link.receive(message.data);
      return;
    case 'people':
      useLiveHost.setState({ people: message.people });
      return;
    case 'awareness':
      usePresence.getState().setStates(message.states);
      return;
    case 'audit':
      void recordRemoteChange(message.actor, message.action, message.detail);
      return;
    case 'vote-progress':
      useLiveHost.setState({ voteProgress: { voteId: message.voteId, voted: message.voted, of: message.of } });
      return;
    case 'ballots':
      sessionStore.getState().change('Reveal the vote', (doc) => revealWithBallots(doc, message.voteId, message.ballots));
      useLiveHost.setState({ voteProgress: null });
      return;
    case 'refused':
      notify.error(message.message);
      return;
  }
}

async function recordRemoteChange(actor: string, action: string, detail: string): Promise<void> {
  const db = await openDatabase();
  const document = sessionStore.getState().document;
  if (!db || !document) return;
  await db.events.add({ sessionId: document.session.id, at: new Date().toISOString(), actor, action, detail }).catch(() => undefined);
}

/** Asks the room for the open vote's ballots; the reveal itself happens when they arrive. */
export function revealLiveVote(voteId: string): void {
  running?.api.send({ type: 'reveal', voteId });
}

/** What participants see of the facilitator: their selection, the walk and the presenter view. */
export function publishHostAwareness(state: Partial<NonNullable<HostAwareness>> = {}): void {
  if (!running) return;
  const current = { name: 'Facilitator', journeyId: null, selection: null, walk: null, presenting: false, ...lastAwareness, ...state };
  lastAwareness = current;
  running.api.send({ type: 'awareness', state: current });
}
let lastAwareness: NonNullable<HostAwareness> | null = null;

function stopLocal(): void {
  if (!running) return;
  running.link.stop();
  running.unsubscribe();
  running.stopPersisting();
  running = null;
  lastAwareness = null;
  usePresence.getState().clear();
}

/** Stops hosting: participants are told, nothing listens any more; the session stays as it is. */
export async function stopHosting(): Promise<void> {
  const current = running;
  if (!current) return;
  current.persist();
  stopLocal();
  await current.api.stop();
  const db = await openDatabase();
  await db?.liveRooms.delete(current.sessionId);
  await db?.liveUpdates.where('sessionId').equals(current.sessionId).delete();
  useLiveHost.setState({ status: 'idle', joinLink: null, people: [], voteProgress: null, message: null, sessionId: null });
}

/** When the session screen closes: the link stops, the room keeps running for a reload to resume. */
export function leaveHostedSession(): void {
  stopLocal();
  useLiveHost.setState({ status: 'idle', joinLink: null, people: [], voteProgress: null, sessionId: null });
}

/** Resumes hosting after a reload when this session's room was active. */
export async function resumeHosting(api: LiveHostingApi, sessionId: string): Promise<void> {
  const db = await openDatabase();
  const stored = await db?.liveRooms.get(sessionId);
  if (!stored?.active || running) return;
  await startHosting(api, stored.address);
}
