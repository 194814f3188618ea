import { newId } from './ids.ts';
import { CURRENT_SCHEMA_VERSION, DEFAULT_BACKLOG_THRESHOLD, EMPTY_WORKSHOP, type SessionDocument } from './schema.ts';

export function createSessionDocument(title: string, now: Date = new Date()): SessionDocument {
  const stamp = now.toISOString();
  const journeyId = newId();
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    session: {
      id: newId(),
      title,
      product: '',
      description: '',
      createdAt: stamp,
      updatedAt: stamp,
      settings: { theme: 'system', backlogThreshold: DEFAULT_BACKLOG_THRESHOLD },
    },
    participants: [],
    journeys: [{ id: journeyId, name: 'Main journey', persona: '', goal: '', critical: false, stages: [] }],
    steps: [],
    flows: [],
    threats: [],
    outcomes: [],
    mitigations: [],
    backlogPins: [],
    workshop: { ...EMPTY_WORKSHOP, timer: { ...EMPTY_WORKSHOP.timer } },
  };
}

/** What the home screen lists, kept in its own small table so the list never loads documents. */
export interface SessionSummary {
  id: string;
  title: string;
  updatedAt: string;
  createdAt: string;
  counts: { journeys: number; steps: number; threats: number; outcomes: number; mitigations: number };
}

/**
 * A summary row as stored, made safe to list: a row damaged by a bug, another program or a
 * half-finished write must not blank the home screen. A row without a usable id cannot be
 * opened and is skipped; everything else gets a readable stand-in.
 */
export function readSummaryRow(row: unknown): SessionSummary | null {
  if (typeof row !== 'object' || row === null) return null;
  const r = row as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '' || r.id.length > 64) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const counts = (typeof r.counts === 'object' && r.counts !== null ? r.counts : {}) as Record<string, unknown>;
  const count = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0);
  const title = text(r.title).trim();
  return {
    id: r.id,
    title: title === '' ? 'Untitled session' : title.slice(0, 200),
    updatedAt: text(r.updatedAt),
    createdAt: text(r.createdAt),
    counts: {
      journeys: count(counts.journeys),
      steps: count(counts.steps),
      threats: count(counts.threats),
      outcomes: count(counts.outcomes),
      mitigations: count(counts.mitigations),
    },
  };
}

export function summarize(doc: SessionDocument): SessionSummary {
  return {
    id: doc.session.id,
    title: doc.session.title,
    updatedAt: doc.session.updatedAt,
    createdAt: doc.session.createdAt,
    counts: {
      journeys: doc.journeys.length,
      steps: doc.steps.length,
      threats: doc.threats.length,
      outcomes: doc.outcomes.length,
      mitigations: doc.mitigations.length,
    },
  };
}

/** A copy under a new session id; entity ids are scoped to a session, so they can stay. */
export function duplicateSessionDocument(doc: SessionDocument, makeId: () => string = newId, now: Date = new Date()): SessionDocument {
  const stamp = now.toISOString();
  return {
    ...structuredCloneJson(doc),
    session: { ...doc.session, id: makeId(), title: `${doc.session.title} (copy)`.slice(0, 200), createdAt: stamp, updatedAt: stamp },
  };
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
