import { newId } from './ids.ts';
import { CURRENT_SCHEMA_VERSION, EMPTY_WORKSHOP, type SessionDocument } from './schema.ts';

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
      settings: { theme: 'system' },
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
