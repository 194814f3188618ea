/**
 * The audit log: who changed what, when, in its own IndexedDB table. Every undoable change of
 * the open session is recorded once per gesture (typing into a field is one event), plus
 * exports and imports. Append-only: the UI can read and export it, never edit it.
 */
import type { AuditEvent } from '../db/database.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import type { SessionStore } from '../store/session-store.ts';
import { openDatabase as database } from '../persistence/storage.ts';
import { sessionStore } from '../store/session-store.ts';

const COLLECTIONS = ['journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'participants'] as const;

/** "threats +1, mitigations −1": what a change did to the collections, cheaply. */
export function describeDelta(before: SessionDocument, after: SessionDocument): string {
  const parts: string[] = [];
  for (const key of COLLECTIONS) {
    const delta = after[key].length - before[key].length;
    if (delta !== 0) parts.push(`${key} ${delta > 0 ? '+' : '−'}${Math.abs(delta)}`);
  }
  return parts.join(', ');
}

function actorOf(doc: SessionDocument): string {
  const speaker = doc.participants.find((p) => p.id === doc.workshop.speakerId);
  return speaker ? speaker.name : 'Unattributed';
}

/**
 * Who a change is by: a dot placed or taken back in a vote is the voter's (whoever is speaking),
 * anything else is the speaker's. Only the voter is named, never the threat: the vote is blind.
 */
export function actorOfChange(before: SessionDocument, after: SessionDocument): string {
  const voter = voterOf(before, after);
  return voter ?? actorOf(after);
}

/**
 * The one participant whose dots in the open vote changed, if exactly one did and nothing else
 * about the vote or the people changed (a removed person's withdrawn dots are not their act).
 */
function voterOf(before: SessionDocument, after: SessionDocument): string | null {
  if (before.workshop.votes === after.workshop.votes || before.participants !== after.participants) return null;
  const open = after.workshop.votes.find((v) => v.status === 'open');
  const was = open && before.workshop.votes.find((v) => v.id === open.id && v.status === 'open');
  if (!open || !was) return null;
  const dots = (ballots: typeof open.ballots) => new Map(ballots.map((b) => [`${b.participantId}\u0000${b.threatId}`, b.dots]));
  const then = dots(was.ballots);
  const now = dots(open.ballots);
  const changed = new Set<string>();
  for (const [key, count] of now) if (then.get(key) !== count) changed.add(key.split('\u0000')[0]!);
  for (const [key, count] of then) if (now.get(key) !== count) changed.add(key.split('\u0000')[0]!);
  if (changed.size !== 1) return null;
  const [participantId] = changed;
  return after.participants.find((p) => p.id === participantId)?.name ?? null;
}

export async function recordEvent(action: string, detail = ''): Promise<void> {
  const doc = sessionStore.getState().document;
  const db = await database();
  if (!doc || !db) return;
  await db.events.add({ sessionId: doc.session.id, at: new Date().toISOString(), actor: actorOf(doc), action, detail }).catch(() => undefined);
}

/** Records the store's changes until the returned function is called. */
export function attachAuditLog(store: SessionStore, write: (event: AuditEvent) => Promise<unknown>): () => void {
  let lastGesture: string | null = null;
  return store.subscribe((state, previous) => {
    const next = state.document;
    const before = previous.document;
    const change = state.lastChange;
    if (!next || !before || next === before || !change || change === previous.lastChange) return;
    // Changes arriving from other laptops are recorded by the host, with who made them.
    if (next.session.id !== before.session.id || !change.local) return;
    if (change.gesture !== null && change.gesture === lastGesture) return;
    lastGesture = change.gesture;
    void write({ sessionId: next.session.id, at: next.session.updatedAt, actor: actorOfChange(before, next), action: change.label, detail: describeDelta(before, next) }).catch(() => undefined);
  });
}

export async function readAuditLog(sessionId: string): Promise<AuditEvent[]> {
  const db = await database();
  if (!db) return [];
  return (await db.events.where('sessionId').equals(sessionId).toArray()).reverse();
}

export async function auditWriter(): Promise<((event: AuditEvent) => Promise<unknown>) | null> {
  const db = await database();
  return db ? (event) => db.events.add(event) : null;
}
