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
    void write({ sessionId: next.session.id, at: next.session.updatedAt, actor: actorOf(next), action: change.label, detail: describeDelta(before, next) }).catch(() => undefined);
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
