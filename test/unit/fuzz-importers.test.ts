/**
 * Hostile files for the importers of other tools' threat models (`importThreatModel`: OWASP
 * Threat Dragon v2, AWS Threat Composer, and Threatstorm sessions through the same door), made
 * by damaging real files from those tools (test/fixtures/peers). For every generated file:
 *
 * - the importer never throws and never pollutes a shared prototype;
 * - a refusal has a readable message whose details name the damaged place;
 * - an import that goes through (the importers skip or repair what they cannot map) yields a
 *   session that passes the same validation as any stored document, carries no
 *   `__proto__`-style keys, and reports what it skipped in readable lines.
 *
 * Each file also goes through the app's own command (`appCommands.importFile`, with the
 * platform's file picker answering with the file) against a fake-indexeddb database that
 * already holds a session: a refused file changes nothing stored and gets a readable error
 * notice; an accepted one adds exactly one valid session and touches nothing already there.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { MAX_DEPTH } from '../../shared/import/json-guard.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import type { OpenFileResult } from '../../shared/platform-api.ts';
import type { SessionRepository } from '../../renderer/db/session-repository.ts';
import type { StorageStatus } from '../../renderer/persistence/storage.ts';
// Types only: the modules themselves are imported once `window` is stubbed (see beforeAll).
import type * as AppCommandsModule from '../../renderer/app-commands.ts';
import type * as NoticesModule from '../../renderer/notices.ts';
import type * as PlatformModule from '../../renderer/platform/current-platform.ts';
import { checkoutSession } from './export-fixture.ts';
import {
  caseCounter,
  collectPaths,
  countCase,
  damagedDocument,
  dangerousKeysIn,
  ECHO_LIMIT,
  FUZZ_TIMEOUT_MS,
  garbageText,
  getAt,
  prototypeFingerprint,
  prototypeProblems,
  PROTO_KEYS,
  readableRefusalProblems,
  runs,
  withValueAt,
  type HostileCase,
  type Json,
  type JsonPath,
} from './fuzz-arbitraries.ts';

const PEERS = join(import.meta.dirname, '../fixtures/peers');
const readJson = (path: string) => JSON.parse(readFileSync(join(PEERS, path), 'utf8')) as Record<string, Json>;

/** Threat Dragon's own demo model (one diagram, 21 cells: processes, stores, actors, flows, boundaries). */
function threatDragonBase(): Json {
  return readJson('threat-dragon/v2-threat-model.json');
}

/** A Threat Composer export cut down to a few threats, mitigations, assumptions and their links. */
function threatComposerBase(): Json {
  type Item = Record<string, Json>;
  const full = readJson('threat-composer/ThreatComposer.tc.json') as Record<string, Json> & {
    threats: Item[];
    mitigations: Item[];
    assumptions: Item[];
    mitigationLinks: Item[];
    assumptionLinks: Item[];
  };
  const threats = full.threats.slice(0, 4);
  const threatIds = new Set(threats.map((threat) => threat['id']));
  const mitigationLinks = full.mitigationLinks.filter((link) => threatIds.has(link['linkedId']!)).slice(0, 6);
  const mitigationIds = new Set(mitigationLinks.map((link) => link['mitigationId']));
  const assumptionLinks = full.assumptionLinks.filter((link) => threatIds.has(link['linkedId']!)).slice(0, 3);
  const assumptionIds = new Set(assumptionLinks.map((link) => link['assumptionId']));
  return {
    ...full,
    applicationInfo: { name: 'Fuzzed application', description: 'A short description.' },
    // The embedded pictures are 180 KB of base64 that no damage needs.
    architecture: { description: 'Architecture in words.' },
    dataflow: { description: 'Data flow in words.' },
    threats,
    mitigations: full.mitigations.filter((mitigation) => mitigationIds.has(mitigation['id']!)),
    mitigationLinks,
    assumptions: full.assumptions.filter((assumption) => assumptionIds.has(assumption['id']!)),
    assumptionLinks,
  };
}

function damage(base: Json, ids: (path: JsonPath) => boolean, references: (path: JsonPath) => boolean) {
  const paths = collectPaths(base);
  const where = (test: (path: JsonPath, value: Json | undefined) => boolean) => paths.filter((path) => test(path, getAt(base, path)));
  return damagedDocument(base, {
    entityIdPaths: where((path, value) => typeof value === 'string' && ids(path)),
    referencePaths: where((path, value) => typeof value === 'string' && references(path)),
    numberPaths: where((_path, value) => typeof value === 'number'),
    stringPaths: where((_path, value) => typeof value === 'string'),
    isRequired: () => false,
    strictObjects: false,
    refusedKeys: ['__proto__'],
    lenient: { maxDepth: MAX_DEPTH },
  });
}

const prototypes = prototypeFingerprint();

let appCommands: typeof AppCommandsModule.appCommands;
let useNotices: typeof NoticesModule.useNotices;
let platform: typeof PlatformModule.platform;
let storage: StorageStatus;
let repository: SessionRepository;
let baselineIds: string[] = [];
let baseline = '';

async function databaseFingerprint(): Promise<string> {
  const db = repository.database;
  const [sessions, documents, snapshots, events, decks] = await Promise.all([
    db.sessions.toArray(),
    db.documents.toArray(),
    db.snapshots.toArray(),
    db.events.toArray(),
    db.decks.toArray(),
  ]);
  return JSON.stringify({ sessions, documents, snapshots, events, decks });
}

beforeAll(async () => {
  vi.stubGlobal('window', { location: { hash: '' } });
  ({ appCommands } = await import('../../renderer/app-commands.ts'));
  ({ useNotices } = await import('../../renderer/notices.ts'));
  ({ platform } = await import('../../renderer/platform/current-platform.ts'));
  const { openStorage } = await import('../../renderer/persistence/storage.ts');
  storage = await openStorage();
  if (!storage.ok) throw new Error(storage.message);
  repository = storage.repository;
  await repository.save(createSessionDocument('Already stored', new Date('2026-05-01T10:00:00.000Z')));
  await repository.database.events.add({ sessionId: 'elsewhere', at: '2026-05-01T10:00:00.000Z', actor: 'Ana', action: 'create', detail: '' });
  baselineIds = (await repository.listSessions()).map((summary) => summary.id);
  baseline = await databaseFingerprint();
});

/** Imports `text` the way the app does (File › Import…) and returns what went wrong. */
async function importThroughTheApp(hostile: HostileCase, refusedByImporter: boolean): Promise<string[]> {
  const problems: string[] = [];
  useNotices.setState({ notices: [] });
  const picked: OpenFileResult = { status: 'opened', fileName: 'hostile.json', content: hostile.text };
  const openFile = vi.spyOn(platform, 'openFile').mockResolvedValue(picked);
  try {
    await appCommands.importFile(storage);
  } catch (error) {
    return [`importFile threw: ${String(error)}`];
  } finally {
    openFile.mockRestore();
  }
  // Let the fire-and-forget audit event of an accepted import land before looking.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const added = (await repository.listSessions()).filter((summary) => !baselineIds.includes(summary.id));
  const refusal = useNotices.getState().notices.find((notice) => notice.tone === 'error');
  if (refusedByImporter) {
    if (!refusal) problems.push('the app showed no error for a refused file');
    else problems.push(...readableRefusalProblems(hostile, refusal.message, refusal.details));
    if (added.length > 0 || (await databaseFingerprint()) !== baseline) problems.push('a refused file changed the database');
  } else if (refusal) {
    problems.push(`the app refused what the importer accepted: ${refusal.message}`);
  } else {
    if (added.length !== 1) problems.push(`an accepted import added ${added.length} sessions`);
    for (const summary of added) {
      const loaded = await repository.load(summary.id);
      if (!loaded.ok) problems.push(`the imported session does not load back: ${loaded.error} ${loaded.details.join('; ')}`);
      await repository.delete(summary.id);
    }
    if ((await databaseFingerprint()) !== baseline) problems.push('an accepted import changed what was already stored');
  }
  return problems;
}

afterAll(() => {
  vi.unstubAllGlobals();
  const total = [...caseCounter.values()].reduce((sum, count) => sum + count, 0);
  console.info(`importer fuzzing: ${[...caseCounter].map(([target, count]) => `${target} ${count}`).join(', ')} (${total} cases)`);
});

/** The importer's own answer, checked without the app around it. */
function importProblems(hostile: HostileCase, target: string): string[] {
  countCase(target);
  let result: ImportResult;
  try {
    result = importThreatModel(hostile.text, { fileName: 'hostile.json', now: new Date('2026-05-01T10:00:00.000Z') });
  } catch (error) {
    return [`importThreatModel threw: ${String(error)}`];
  }
  const problems = prototypeProblems(prototypes);
  if (!result.ok) {
    if ('document' in result) problems.push('a refusal carries a document');
    if (/unexpectedly/.test(result.message)) problems.push(`the importer hit a bug of its own: ${result.message} ${result.details.join('; ')}`);
    problems.push(...readableRefusalProblems(hostile, result.message, result.details));
    return problems;
  }
  if (hostile.mustReject) problems.push('a file that cannot be read was imported');
  const checked = loadSessionDocument(JSON.parse(JSON.stringify(result.document)));
  if (!checked.ok) problems.push(`the imported session is not valid: ${checked.error} ${checked.details.join('; ')}`);
  problems.push(...dangerousKeysIn(result.document).map((key) => `imported session keeps ${key}`));
  const lines = [...result.report.warnings, ...result.report.skipped.map((item) => `${item.where}: ${item.what}: ${item.reason}`)];
  for (const line of lines) {
    if (typeof line !== 'string' || line.trim() === '') problems.push('an empty line in the import report');
    else if (line.length > ECHO_LIMIT) problems.push(`a report line of ${line.length} characters`);
  }
  return problems;
}

async function check(hostile: HostileCase, target: string): Promise<void> {
  const problems = importProblems(hostile, target);
  if (problems.length === 0) {
    const refused = !importThreatModel(hostile.text, { fileName: 'hostile.json' }).ok;
    problems.push(...(await importThroughTheApp(hostile, refused)));
  }
  expect(problems, `${hostile.kind}\n${hostile.text.slice(0, 300)}${hostile.text.length > 300 ? '…' : ''}`).toEqual([]);
}

describe('hostile files for the importers', () => {
  it('the base files import (so every refusal is caused by the damage)', () => {
    for (const [name, base] of [
      ['threat-dragon', threatDragonBase()],
      ['threat-composer', threatComposerBase()],
    ] as const) {
      const result = importThreatModel(JSON.stringify(base), { fileName: `${name}.json` });
      expect(result.ok, name).toBe(true);
    }
  });

  it('damaged Threat Dragon v2 models are refused with the place named, or imported as a valid session', async () => {
    const base = threatDragonBase();
    await fc.assert(
      fc.asyncProperty(
        damage(
          base,
          (path) => path.at(-1) === 'id' && path.includes('cells'),
          (path) => (path.at(-2) === 'source' || path.at(-2) === 'target') && path.at(-1) === 'cell',
        ),
        (hostile) => check(hostile, 'threat-dragon'),
      ),
      runs(220),
    );
  }, FUZZ_TIMEOUT_MS);

  it('damaged Threat Composer exports are refused with the place named, or imported as a valid session', async () => {
    const base = threatComposerBase();
    await fc.assert(
      fc.asyncProperty(
        damage(
          base,
          (path) => path.length === 3 && ['threats', 'mitigations', 'assumptions'].includes(String(path[0])) && path[2] === 'id',
          (path) => ['mitigationId', 'assumptionId', 'linkedId'].includes(String(path.at(-1))),
        ),
        (hostile) => check(hostile, 'threat-composer'),
      ),
      runs(220),
    );
  }, FUZZ_TIMEOUT_MS);

  it('damaged Threatstorm sessions through the import door are refused or valid', async () => {
    const doc = structuredClone(checkoutSession());
    // Its own id: a session file whose id is already stored would ask "replace or keep both?".
    doc.session.id = 'fuzz-import-base';
    const base = doc as unknown as Json;
    await fc.assert(
      fc.asyncProperty(
        damage(
          base,
          (path) => path.length === 3 && path[2] === 'id',
          (path) => ['journeyId', 'stepId', 'threatId'].includes(String(path.at(-1))),
        ),
        (hostile) => check(hostile, 'threatstorm via import'),
      ),
      runs(60),
    );
  }, FUZZ_TIMEOUT_MS);

  // Values (not keys) that name what Object.prototype holds: looked up in a plain object they would
  // be taken for a method. Every text field of these formats takes any text, so such a value is
  // never a reason to refuse the file: it is imported (as an unknown value, reported) or used as text.
  it.each([
    ['Threat Dragon', threatDragonBase, (path: JsonPath) => path.length === 1 && path[0] === 'version'],
    ['Threat Composer', threatComposerBase, () => false],
  ] as const)('%s: any text field holding a prototype property name still imports', (_name, base, decidesFormat) => {
    const doc = base();
    const stringPaths = collectPaths(doc).filter((path) => typeof getAt(doc, path) === 'string' && !decidesFormat(path));
    // Mostly the fields the importers look up in tables; any text field now and then.
    const lookedUp = stringPaths.filter((path) => ['status', 'severity', 'type', 'modelType', 'shape', 'diagramType', 'value'].includes(String(path.at(-1))));
    const names = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...PROTO_KEYS])];
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: fc.constantFrom(...lookedUp), weight: 3 }, { arbitrary: fc.constantFrom(...stringPaths), weight: 1 }),
        fc.constantFrom(...names),
        fc.constantFrom((n: string) => n, (n: string) => n.toUpperCase(), (n: string) => n.charAt(0).toUpperCase() + n.slice(1)),
        (path, name, spelling) => {
          const value = spelling(name);
          const result = importThreatModel(JSON.stringify(withValueAt(doc, path, value)), { fileName: 'proto-values.json' });
          expect(prototypeProblems(prototypes)).toEqual([]);
          expect(result.ok, result.ok ? '' : `${path.join('.')} = ${value}: ${result.message} ${result.details.join('; ')}`).toBe(true);
          if (result.ok) expect(loadSessionDocument(JSON.parse(JSON.stringify(result.document))).ok).toBe(true);
        },
      ),
      runs(150),
    );
  }, FUZZ_TIMEOUT_MS);

  it('text that is no threat model at all is refused with a message', async () => {
    await fc.assert(
      fc.asyncProperty(garbageText, async (hostile) => {
        // Some tiny JSON values are valid empty models of a peer format ({"schema":1,...} is not
        // generated, but `{}` may be read as an empty file): only a crash or a bad message fails.
        await check({ ...hostile, mustReject: false }, 'not a threat model');
      }),
      runs(80),
    );
  }, FUZZ_TIMEOUT_MS);
});
