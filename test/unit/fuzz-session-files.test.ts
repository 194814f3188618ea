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
import { CURRENT_SCHEMA_VERSION } from '../../shared/schema.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import type { ThreatstormDatabase } from '../../renderer/db/database.ts';
import type { SessionRepository } from '../../renderer/db/session-repository.ts';
import type { StorageStatus } from '../../renderer/persistence/storage.ts';
// Types only: the modules themselves are imported once `window` is stubbed (see beforeAll).
import type * as AppCommandsModule from '../../renderer/app-commands.ts';
import type * as NoticesModule from '../../renderer/notices.ts';
import type { Question } from '../../renderer/components/confirm.tsx';
import { checkoutSession } from './export-fixture.ts';
import { AT, formatOneSession, richSession, sessionDamage } from './session-damage.ts';
import {
  caseCounter,
  FUZZ_TIMEOUT_MS,
  collectPaths,
  countCase,
  dangerousKeysIn,
  garbageText,
  prototypeFingerprint,
  prototypeProblems,
  readableRefusalProblems,
  runs,
  type HostileCase,
  type Json,
} from './fuzz-arbitraries.ts';

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

/** Questions the app asked (`ask` from confirm.tsx, replaced below), and the next answer to give. */
const questions: Question<string>[] = [];
const answers: { next: string | null } = { next: null };
vi.mock('../../renderer/components/confirm.tsx', () => ({
  ask: async (question: Question<string>) => {
    questions.push(question);
    if (question.title === 'This session is already here') return 'copy';
    return answers.next;
  },
}));

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
  // A file that breaks a rule is offered a repair: accept it for every other file, decline it
  // for the rest, and check both outcomes.
  const acceptRepair = hostile.text.length % 2 === 0;
  questions.length = 0;
  answers.next = acceptRepair ? 'repair' : null;
  try {
    await appCommands.openSessionText(storage, 'hostile.threatstorm.json', hostile.text);
  } catch (error) {
    return [`openSessionText threw: ${String(error)}`];
  }
  problems.push(...prototypeProblems(prototypes));
  const notices = useNotices.getState().notices;
  const refusal = notices.find((notice) => notice.tone === 'error');
  const repairOffered = questions.find((q) => q.title === 'Repair this session file?');
  if (repairOffered) {
    countCase(`${target}: repair offered`);
    if (!repairOffered.details || repairOffered.details.length === 0) problems.push('a repair was offered without listing its changes');
  }
  if (repairOffered && !acceptRepair) {
    if ((await databaseFingerprint()) !== before) problems.push('a declined repair changed the database');
  } else if (refusal) {
    problems.push(...readableRefusalProblems(hostile, refusal.message, refusal.details));
    if (!refusal.message.includes('hostile.threatstorm.json')) problems.push(`the message does not name the file: ${refusal.message}`);
    if ((await databaseFingerprint()) !== before) problems.push('a refused file changed the database');
  } else {
    if (hostile.mustReject && !repairOffered) problems.push('a file that breaks the format was accepted without a repair the person agreed to');
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
    const versions = ['0', '-1', '1.5', '"2"', String(CURRENT_SCHEMA_VERSION + 1), '999', '1e999', 'null', '[2]', '{"v":2}', 'true'];
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
