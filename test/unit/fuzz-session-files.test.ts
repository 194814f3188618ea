/**
 * Hostile session files, opened through the app's own command (`appCommands.openSessionText`:
 * parseSessionFile → migration chain → validation → store) against a fake-indexeddb database
 * that already holds sessions, snapshots, events and a deck. For every generated file:
 *
 * - opening it never throws, and never pollutes a shared prototype;
 * - a refused file changes nothing in the database and gets a readable message whose details
 *   name the damaged place (`steps[2].label: …`);
 * - an accepted (repaired) file adds exactly one session — a valid one without `__proto__`-style
 *   keys that loads back equal — and touches nothing already stored.
 *
 * Stored documents are a boundary too: hostile values written straight into IndexedDB (cycles,
 * Maps, Dates, typed arrays, NaN, null prototypes) must be refused by `SessionRepository.load`
 * and `update` without a write.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CURRENT_SCHEMA_VERSION, type SessionDocument } from '../../shared/schema.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import type { ThreatstormDatabase } from '../../renderer/db/database.ts';
import type { SessionRepository } from '../../renderer/db/session-repository.ts';
import type { StorageStatus } from '../../renderer/persistence/storage.ts';
// Types only: the modules themselves are imported once `window` is stubbed (see beforeAll).
import type * as AppCommandsModule from '../../renderer/app-commands.ts';
import type * as NoticesModule from '../../renderer/notices.ts';
import { checkoutSession } from './export-fixture.ts';
import {
  caseCounter,
  FUZZ_TIMEOUT_MS,
  collectPaths,
  countCase,
  damagedDocument,
  dangerousKeysIn,
  garbageText,
  getAt,
  prototypeFingerprint,
  prototypeProblems,
  readableRefusalProblems,
  runs,
  type HostileCase,
  type Json,
  type JsonPath,
} from './fuzz-arbitraries.ts';

// ---------------------------------------------------------------------------------------------
// The base documents every hostile file is made from

const AT = '2026-05-01T10:00:00.000Z';

/** The checkout fixture with every kind of reference filled in: workshop, votes, pins, viewport. */
function richSession(): SessionDocument {
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
function formatOneSession(): Json {
  const { workshop: _workshop, ...rest } = richSession();
  return { ...(structuredClone(rest) as unknown as Record<string, Json>), schemaVersion: 1 };
}

const ENTITY_COLLECTIONS = ['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins'] as const;

/** Keys that may be left out (they have defaults or are optional), by their place in the document. */
const OPTIONAL: Record<string, readonly string[]> = {
  '': ['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins', 'workshop'],
  session: ['product', 'description', 'settings'],
  'session.settings': ['theme'],
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

function sessionDamage(base: Json) {
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

// ---------------------------------------------------------------------------------------------
// The app, a database with something in it, and a fingerprint of that database

let appCommands: typeof AppCommandsModule.appCommands;
let useNotices: typeof NoticesModule.useNotices;
let storage: StorageStatus;
let repository: SessionRepository;
let db: ThreatstormDatabase;

/** Everything stored, as text; rows of `except` (a session id) are left out. */
async function databaseFingerprint(except?: string): Promise<string> {
  const keep = (row: { id?: unknown; sessionId?: unknown }) => except === undefined || (row.id !== except && row.sessionId !== except);
  const [sessions, documents, snapshots, events, decks] = await Promise.all([
    db.sessions.toArray(),
    db.documents.toArray(),
    db.snapshots.toArray(),
    db.events.toArray(),
    db.decks.toArray(),
  ]);
  return JSON.stringify({
    sessions: sessions.filter(keep),
    documents: documents.filter(keep),
    snapshots: snapshots.filter(keep),
    events: events.filter(keep),
    decks: decks.filter(keep),
  });
}

let baseline = '';
let prototypes = '';

beforeAll(async () => {
  // The app's commands touch `window.location` (navigation) and pick the platform at import.
  vi.stubGlobal('window', { location: { hash: '' } });
  ({ appCommands } = await import('../../renderer/app-commands.ts'));
  ({ useNotices } = await import('../../renderer/notices.ts'));
  const { openStorage } = await import('../../renderer/persistence/storage.ts');
  storage = await openStorage();
  if (!storage.ok) throw new Error(storage.message);
  repository = storage.repository;
  db = repository.database;
  await db.delete();
  await db.open();
  const stored = structuredClone(checkoutSession());
  await repository.save(stored);
  await repository.save(createSessionDocument('Another stored session', new Date(AT)));
  await db.snapshots.put({ id: 'snap1', sessionId: stored.session.id, name: 'Before the workshop', createdAt: AT, document: stored });
  await db.events.add({ sessionId: stored.session.id, at: AT, actor: 'Ana', action: 'create', detail: '' });
  await db.decks.put({ id: 'stored-deck', deck: { id: 'stored-deck' }, importedAt: AT });
  baseline = await databaseFingerprint();
  baselineIds = (await repository.listSessions()).map((summary) => summary.id);
  prototypes = prototypeFingerprint();
});

afterAll(async () => {
  vi.unstubAllGlobals();
  const total = [...caseCounter.values()].reduce((sum, count) => sum + count, 0);
  console.info(`session fuzzing: ${[...caseCounter].map(([target, count]) => `${target} ${count}`).join(', ')} (${total} cases)`);
});

let baselineIds: string[] = [];

/** Puts the database back as it was, so one failing case cannot make every later case fail. */
async function restoreBaseline(): Promise<void> {
  for (const summary of await repository.listSessions()) if (!baselineIds.includes(summary.id)) await repository.delete(summary.id);
  await db.documents.where('id').noneOf(baselineIds).delete();
}

beforeEach(async () => {
  useNotices.setState({ notices: [] });
  await restoreBaseline();
});

/** Opens `hostile` the way the app does and returns everything that went wrong. */
async function openHostile(hostile: HostileCase, target: string): Promise<string[]> {
  countCase(target);
  const problems: string[] = [];
  useNotices.setState({ notices: [] });
  const before = await databaseFingerprint();
  const idsBefore = (await repository.listSessions()).map((summary) => summary.id);
  try {
    await appCommands.openSessionText(storage, 'hostile.threatstorm.json', hostile.text);
  } catch (error) {
    return [`openSessionText threw: ${String(error)}`];
  }
  problems.push(...prototypeProblems(prototypes));
  const notices = useNotices.getState().notices;
  const refusal = notices.find((notice) => notice.tone === 'error');
  if (refusal) {
    problems.push(...readableRefusalProblems(hostile, refusal.message, refusal.details));
    if (!refusal.message.includes('hostile.threatstorm.json')) problems.push(`the message does not name the file: ${refusal.message}`);
    if ((await databaseFingerprint()) !== before) problems.push('a refused file changed the database');
  } else {
    if (hostile.mustReject) problems.push('a file that breaks the format was accepted');
    const listed = await repository.listSessions();
    const added = listed.filter((summary) => !idsBefore.includes(summary.id));
    if (added.length !== 1) problems.push(`an accepted file added ${added.length} sessions`);
    for (const summary of added) {
      const loaded = await repository.load(summary.id);
      if (!loaded.ok) problems.push(`the accepted file does not load back: ${loaded.error} ${loaded.details.join('; ')}`);
      else {
        problems.push(...dangerousKeysIn(loaded.document).map((key) => `accepted document keeps ${key}`));
        const again = loadSessionDocument(JSON.parse(JSON.stringify(loaded.document)));
        if (!again.ok || JSON.stringify(again.document) !== JSON.stringify(loaded.document)) problems.push('the repaired document does not round-trip');
      }
      await repository.delete(summary.id);
    }
    if ((await databaseFingerprint()) !== baseline) problems.push('accepting a file changed what was already stored');
  }
  if ((await databaseFingerprint()) !== baseline) problems.push('the database differs from the baseline');
  return problems;
}

function report(hostile: HostileCase, problems: string[]): void {
  expect(problems, `${hostile.kind}\n${hostile.text.slice(0, 300)}${hostile.text.length > 300 ? '…' : ''}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

describe('hostile session files', () => {
  it('the base documents themselves are valid (so every refusal is caused by the damage)', () => {
    expect(loadSessionDocument(richSession())).toMatchObject({ ok: true, migratedFrom: null });
    expect(loadSessionDocument(formatOneSession())).toMatchObject({ ok: true, migratedFrom: 1 });
  });

  it(`damaged format-${CURRENT_SCHEMA_VERSION} sessions are refused with the place named, or repaired; never stored broken`, async () => {
    const base = richSession() as unknown as Json;
    await fc.assert(
      fc.asyncProperty(sessionDamage(base), async (hostile) => report(hostile, await openHostile(hostile, 'session format 2'))),
      runs(450),
    );
  }, FUZZ_TIMEOUT_MS);

  it('damaged format-1 sessions (through the migration chain) behave the same', async () => {
    const base = formatOneSession();
    await fc.assert(
      fc.asyncProperty(sessionDamage(base), async (hostile) => report(hostile, await openHostile(hostile, 'session format 1'))),
      runs(150),
    );
  }, FUZZ_TIMEOUT_MS);

  it('text that is no session at all is refused with a message', async () => {
    await fc.assert(
      fc.asyncProperty(garbageText, async (hostile) => report(hostile, await openHostile(hostile, 'not a session'))),
      runs(100),
    );
  }, FUZZ_TIMEOUT_MS);

  it('a bad or future schemaVersion is refused with a message that says so', async () => {
    const base = richSession() as unknown as Record<string, Json>;
    const versions = ['0', '-1', '1.5', '"2"', '3', '999', '1e999', 'null', '[2]', '{"v":2}', 'true'];
    for (const version of versions) {
      const text = JSON.stringify({ ...base, schemaVersion: 0 }).replace('"schemaVersion":0', `"schemaVersion":${version}`);
      const problems = await openHostile({ kind: `schemaVersion ${version}`, text, path: null, mustReject: true }, 'schemaVersion');
      const message = useNotices.getState().notices.at(-1)?.message ?? '';
      expect(message, version).toMatch(/schemaVersion|newer Threatstorm/);
      report({ kind: `schemaVersion ${version}`, text, path: null, mustReject: true }, problems);
    }
    const { schemaVersion: _version, ...unversioned } = base;
    const missing: HostileCase = { kind: 'no schemaVersion', text: JSON.stringify(unversioned), path: null, mustReject: true };
    report(missing, await openHostile(missing, 'schemaVersion'));
  }, FUZZ_TIMEOUT_MS);
});

// ---------------------------------------------------------------------------------------------
// Hostile values already in IndexedDB (a hand-edited profile, an old bug, another program)

/** Values the structured clone algorithm can store but JSON cannot express. */
const cloneable: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(NaN, Infinity, -Infinity, -0, undefined, null, 2n ** 70n, new Date(Number.NaN), new Date(0), /x/g),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.integer(),
    fc.constant(new Uint8Array([1, 2, 3])),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new Map(items.map((item, index) => [index, item]))),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('id', 'title', 'steps', 'session', 'schemaVersion', '__proto__', 'constructor'), tie('value'), { maxKeys: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 3 }).map((entries) => Object.assign(Object.create(null) as object, entries)),
  ),
})).value;

/** A format-2 session with one place replaced by a hostile stored value, or made cyclic. */
const hostileStoredDocument = fc
  .record({
    path: fc.constantFrom(...collectPaths(richSession() as unknown as Json)),
    value: cloneable,
    cycle: fc.boolean(),
  })
  .map(({ path, value, cycle }) => {
    const doc = structuredClone(richSession()) as unknown as Record<string, unknown>;
    (doc['session'] as Record<string, unknown>)['id'] = 'hostile';
    let parent: unknown = doc;
    for (const part of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[part];
    // A cycle: the place points back at the whole document (or at its own parent).
    (parent as Record<string | number, unknown>)[path.at(-1)!] = cycle ? (path.length % 2 ? doc : parent) : value;
    return { label: `${cycle ? 'cycle' : 'stored value'} at ${path.join('.')}`, doc };
  });

describe('hostile documents already in the database', () => {
  it('load and update refuse them without throwing or writing; nothing else is touched', async () => {
    const fingerprint = prototypeFingerprint();
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileStoredDocument, cloneable.map((doc) => ({ label: 'any stored value', doc }))), async ({ label, doc }) => {
        countCase('stored documents');
        await db.documents.put({ id: 'hostile', document: doc });
        const before = await databaseFingerprint('hostile');
        const stored = await db.documents.get('hostile');
        const load = await repository.load('hostile');
        let updated = false;
        const update = await repository.update('hostile', (document) => {
          updated = true;
          return { ...document, session: { ...document.session, title: 'Changed' } };
        });
        const after = await db.documents.get('hostile');
        const problems = prototypeProblems(fingerprint);
        if (load.ok) {
          // The damage was repaired by validation (e.g. an unknown key stripped); fine if valid.
          problems.push(...dangerousKeysIn(load.document).map((key) => `loaded document keeps ${key}`));
        } else {
          problems.push(...readableRefusalProblems({ kind: label, text: '', path: null, mustReject: false }, load.error, load.details));
          if (updated) problems.push('update ran its recipe on a document that does not load');
          if (update.ok) problems.push('update succeeded on a document that does not load');
          expect(after, label).toEqual(stored);
        }
        if ((await databaseFingerprint('hostile')) !== before) problems.push('another row changed');
        await db.documents.delete('hostile');
        await db.sessions.delete('hostile');
        await db.snapshots.where('sessionId').equals('hostile').delete();
        expect(problems, label).toEqual([]);
      }),
      runs(150),
    );
    expect(await databaseFingerprint()).toBe(baseline);
  }, FUZZ_TIMEOUT_MS);
});
