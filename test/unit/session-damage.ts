/**
 * Damaged session documents for property tests: a rich base session (every kind of reference
 * filled in), the same in format 1, and fast-check damage of any one place in them (wrong type,
 * missing key, dangling reference, duplicate id, huge text, …). Shared by the tests of opening
 * hostile files and of repairing broken sessions.
 */
import type { SessionDocument } from '../../shared/schema.ts';
import { checkoutSession } from './export-fixture.ts';
import { collectPaths, damagedDocument, getAt, type Json, type JsonPath } from './fuzz-arbitraries.ts';

// ---------------------------------------------------------------------------------------------
// The base documents every hostile file is made from

export const AT = '2026-05-01T10:00:00.000Z';

/** The checkout fixture with every kind of reference filled in: workshop, votes, pins, viewport. */
export function richSession(): SessionDocument {
  const doc = structuredClone(checkoutSession());
  doc.session.id = 'fuzz-base';
  doc.participants.push({ id: 'p2', name: 'Bo', role: 'participant' });
  doc.journeys[0]!.stages = ['Browse', 'Pay'];
  doc.journeys[0]!.viewport = { x: -120.5, y: 40, zoom: 0.75 };
  doc.steps[1]!.dataTags = ['payment-card', 'personal'];
  doc.threats[1]!.authorId = 'p2';
  doc.mitigations[0]!.externalKey = 'SEC-12';
  doc.backlogPins = [{ id: 'pin1', itemKey: 'mitigation:m2', relation: 'above', otherKey: 'mitigation:m1', note: 'Quick win', by: 'Ana', at: AT }];
  doc.workshop = {
    phases: [
      { id: 'ph1', name: 'Walk the journey', minutes: 20 },
      { id: 'ph2', name: 'Storm threats', minutes: 30 },
    ],
    currentPhaseId: 'ph2',
    timer: { startedAt: AT, elapsedMs: 60_000, extraMinutes: 5 },
    speakerId: 'p1',
    votes: [
      {
        id: 'v1',
        scope: 'session',
        dotsPerParticipant: 3,
        status: 'open',
        openedAt: AT,
        ballots: [
          { participantId: 'p1', threatId: 't1', dots: 2 },
          { participantId: 'p2', threatId: 't5', dots: 1 },
        ],
      },
    ],
  };
  return doc;
}

/** The same session in format 1 (before the workshop state), to go through the migration chain. */
export function formatOneSession(): Json {
  const { workshop: _workshop, ...rest } = richSession();
  return { ...(structuredClone(rest) as unknown as Record<string, Json>), schemaVersion: 1 };
}

const ENTITY_COLLECTIONS = ['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins'] as const;

/** Keys that may be left out (they have defaults or are optional), by their place in the document. */
const OPTIONAL: Record<string, readonly string[]> = {
  '': ['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins', 'workshop'],
  session: ['product', 'description', 'settings'],
  'session.settings': ['theme', 'backlogThreshold'],
  journeys: ['persona', 'goal', 'critical', 'stages', 'viewport'],
  steps: ['description', 'actor', 'dataTags'],
  flows: ['label', 'crossesTrustBoundary'],
  threats: ['statement', 'likelihood', 'impact', 'status', 'votes', 'notes', 'cardId', 'authorId', 'acceptance'],
  'threats.statement': ['source', 'prerequisites', 'action', 'impact', 'impactedGoals', 'impactedAssets'],
  outcomes: ['threatIds', 'acceptanceCriteria', 'status', 'authorId'],
  mitigations: ['description', 'threatIds', 'effort', 'status', 'owner', 'externalKey', 'authorId'],
  backlogPins: ['note', 'by'],
  workshop: ['phases', 'currentPhaseId', 'timer', 'speakerId', 'votes'],
  'workshop.timer': ['startedAt', 'elapsedMs', 'extraMinutes'],
  'workshop.votes': ['ballots'],
};

function contextOf(path: JsonPath): string {
  return path
    .slice(0, -1)
    .filter((part): part is string => typeof part === 'string')
    .join('.');
}

export function sessionDamage(base: Json) {
  const paths = collectPaths(base);
  const where = (test: (path: JsonPath, value: Json | undefined) => boolean) => paths.filter((path) => test(path, getAt(base, path)));
  const isEntityId = (path: JsonPath) =>
    path.length === 3 && (ENTITY_COLLECTIONS as readonly string[]).includes(String(path[0])) && typeof path[1] === 'number' && path[2] === 'id';
  // Reference fields by their place: `source` is a step id in a flow but prose in a threat statement.
  const referenceKeys: Record<string, readonly string[]> = {
    steps: ['journeyId'],
    flows: ['journeyId', 'source', 'target'],
    threats: ['authorId'],
    'threats.anchor': ['id'],
    outcomes: ['stepId', 'authorId'],
    mitigations: ['authorId'],
    workshop: ['currentPhaseId', 'speakerId'],
    'workshop.votes.ballots': ['participantId', 'threatId'],
  };
  return damagedDocument(base, {
    entityIdPaths: where(isEntityId),
    referencePaths: where(
      (path, value) =>
        typeof value === 'string' &&
        ((referenceKeys[contextOf(path)] ?? []).includes(String(path.at(-1))) ||
          (path.at(-2) === 'threatIds' && typeof path.at(-1) === 'number')),
    ),
    referenceReportedAt: (path) => (path.at(-2) === 'anchor' ? path.slice(0, -1) : path),
    numberPaths: where((path, value) => typeof value === 'number' && path[0] !== 'schemaVersion'),
    stringPaths: where((_path, value) => typeof value === 'string'),
    isRequired: (path) => {
      const key = String(path.at(-1));
      return !(OPTIONAL[contextOf(path)] ?? []).includes(key);
    },
    strictObjects: false,
  });
}

