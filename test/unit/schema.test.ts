import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { CURRENT_SCHEMA_VERSION, sessionDocumentSchema, sessionJsonSchema, type SessionDocument } from '../../shared/schema.ts';
import { loadSessionDocument, runMigrations, type MigrationStep } from '../../shared/migrations.ts';

function sampleDocument(): SessionDocument {
  const doc = createSessionDocument('Checkout', new Date('2026-01-02T03:04:05.000Z'));
  const journeyId = doc.journeys[0]!.id;
  return {
    ...doc,
    participants: [{ id: 'p1', name: 'Ana', role: 'facilitator' }],
    steps: [
      { id: 's1', journeyId, kind: 'start', label: 'Open cart', description: '', actor: 'Customer', dataTags: [], position: { x: 0, y: 0 } },
      { id: 's2', journeyId, kind: 'thirdparty', label: 'Pay', description: '', actor: 'PSP', dataTags: ['payment'], position: { x: 250, y: 0 } },
    ],
    flows: [{ id: 'f1', journeyId, source: 's1', target: 's2', label: 'card details', crossesTrustBoundary: true }],
    threats: [
      {
        id: 't1',
        anchor: { type: 'flow', id: 'f1' },
        title: 'Card skimming script',
        category: { framework: 'STRIDE', key: 'information-disclosure' },
        statement: { source: 'An attacker', prerequisites: '', action: 'injects a script', impact: 'steals cards', impactedGoals: ['confidentiality'], impactedAssets: ['card data'] },
        likelihood: 3,
        impact: 5,
        status: 'open',
        votes: 2,
        notes: '',
        authorId: 'p1',
      },
    ],
    outcomes: [{ id: 'o1', stepId: 's2', statement: 'Only the shop I pay can see my card', threatIds: ['t1'], acceptanceCriteria: [], status: 'draft' }],
    mitigations: [{ id: 'm1', title: 'Subresource integrity and CSP on checkout', description: '', threatIds: ['t1'], effort: 'M', status: 'planned', owner: '' }],
  };
}

describe('session document schema', () => {
  it('accepts a complete, consistent document and keeps it unchanged', () => {
    const doc = sampleDocument();
    const parsed = sessionDocumentSchema.parse(JSON.parse(JSON.stringify(doc)));
    expect(parsed).toEqual(doc);
  });

  it('fills defaults for optional fields of a minimal document', () => {
    const doc = sampleDocument();
    const minimal = JSON.parse(JSON.stringify(doc));
    delete minimal.participants;
    delete minimal.threats[0].statement;
    delete minimal.threats[0].votes;
    minimal.threats[0].authorId = undefined;
    const parsed = sessionDocumentSchema.parse(minimal);
    expect(parsed.participants).toEqual([]);
    expect(parsed.threats[0]!.votes).toBe(0);
    expect(parsed.threats[0]!.statement.action).toBe('');
  });

  it.each([
    ['a dangling flow target', (d: SessionDocument) => (d.flows[0]!.target = 'nope'), 'flows[0].target: no step "nope"'],
    ['a duplicate id across collections', (d: SessionDocument) => (d.flows[0]!.id = 's1'), 'flows[0].id: duplicate id "s1"'],
    ['a threat anchored on a missing step', (d: SessionDocument) => (d.threats[0]!.anchor = { type: 'step', id: 'x' }), 'threats[0].anchor: no step "x"'],
    ['a likelihood out of range', (d: SessionDocument) => (d.threats[0]!.likelihood = 9), 'threats[0].likelihood'],
    ['a mitigation linked to a missing threat', (d: SessionDocument) => (d.mitigations[0]!.threatIds = ['zz']), 'mitigations[0].threatIds[0]: no threat "zz"'],
    ['an id with a path in it', (d: SessionDocument) => (d.steps[0]!.id = '../etc'), 'steps[0].id'],
    ['a huge label', (d: SessionDocument) => (d.steps[0]!.label = 'x'.repeat(100_000)), 'steps[0].label: must be at most 200 characters'],
  ])('rejects %s with a message that says where', (_name, breakIt, expected) => {
    const doc = sampleDocument();
    breakIt(doc);
    const result = loadSessionDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.join('\n')).toContain(expected);
  });

  it('rejects non-objects and documents without a version', () => {
    expect(loadSessionDocument(null)).toMatchObject({ ok: false, error: expect.stringContaining('expected a JSON object') });
    expect(loadSessionDocument([])).toMatchObject({ ok: false });
    expect(loadSessionDocument({ session: {} })).toMatchObject({ ok: false, error: expect.stringContaining('schemaVersion') });
  });

  it('refuses a document from a newer version with a clear message', () => {
    const result = loadSessionDocument({ ...sampleDocument(), schemaVersion: CURRENT_SCHEMA_VERSION + 1 });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('newer Threatstorm') });
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const raw = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(sampleDocument()).slice(1)}`);
    const result = loadSessionDocument(raw);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.document)).toBe(Object.prototype);
  });
});

describe('migration chain', () => {
  const steps: Record<number, MigrationStep> = {
    1: (doc) => ({ ...doc, renamed: doc.old, old: undefined }),
    2: (doc) => ({ ...doc, added: 'yes' }),
  };

  it('runs every step from the document version to the target, in order', () => {
    const result = runMigrations({ schemaVersion: 1, old: 'value' }, steps, 3);
    expect(result).toEqual({ ok: true, from: 1, doc: { schemaVersion: 3, renamed: 'value', old: undefined, added: 'yes' } });
  });

  it('starts in the middle of the chain for a newer document', () => {
    const result = runMigrations({ schemaVersion: 2 }, steps, 3);
    expect(result).toEqual({ ok: true, from: 2, doc: { schemaVersion: 3, added: 'yes' } });
  });

  it('reports a gap in the chain instead of guessing', () => {
    expect(runMigrations({ schemaVersion: 1 }, { 2: steps[2]! }, 3)).toEqual({ ok: false, error: 'No upgrade path from format 1 to 2.' });
  });

  it('upgrades a version-1 document: workshop state is added and everything else is kept', () => {
    const current = sampleDocument();
    const { workshop: _workshop, ...rest } = current;
    const v1 = JSON.parse(JSON.stringify({ ...rest, schemaVersion: 1 }));
    const result = loadSessionDocument(v1);
    expect(result).toMatchObject({ ok: true, migratedFrom: 1 });
    if (result.ok) {
      expect(result.document.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(result.document.workshop).toEqual({ phases: [], currentPhaseId: null, timer: { startedAt: null, elapsedMs: 0, extraMinutes: 0 }, speakerId: null, votes: [] });
      expect(result.document.threats).toEqual(current.threats);
    }
  });

  it('upgrades a version-2 document: its threats keep their scores; an untouched 3 × 3 placeholder becomes not scored', () => {
    const current = sampleDocument();
    const v2 = JSON.parse(JSON.stringify({ ...current, schemaVersion: 2, session: { ...current.session, settings: { theme: 'dark' } } }));
    const placeholder = { id: 't2', anchor: { type: 'step', id: 's1' }, title: 'New threat', category: { framework: 'Custom', key: 'custom' }, likelihood: 3, impact: 3, status: 'open', votes: 0, notes: '' };
    v2.threats.push(
      placeholder,
      // Format 2 filled missing scores with 3: they were shown, and treated, as scored.
      { id: 't3', anchor: null, title: 'Written down, scores left out', category: { framework: 'Custom', key: 'custom' } },
      // A "New threat" somebody voted on, or scored 3 × 3 with a note, was touched: it keeps its scores.
      { ...placeholder, id: 't4', votes: 2 },
      { ...placeholder, id: 't5', notes: 'ask the payments team' },
      { ...placeholder, id: 't6', likelihood: 4 },
    );
    const result = loadSessionDocument(v2);
    expect(result).toMatchObject({ ok: true, migratedFrom: 2 });
    if (!result.ok) return;
    const scores = result.document.threats.map((t) => [t.id, t.likelihood, t.impact]);
    expect(scores).toEqual([
      ['t1', 3, 5],
      ['t2', null, null],
      ['t3', 3, 3],
      ['t4', 3, 3],
      ['t5', 3, 3],
      ['t6', 4, 3],
    ]);
    expect(result.document.session.settings).toEqual({ theme: 'dark', backlogThreshold: 5 });
  });

  it('reads a missing score in a version-3 document as not scored, and checks the threshold', () => {
    const doc = JSON.parse(JSON.stringify(sampleDocument()));
    delete doc.threats[0].likelihood;
    doc.threats[0].impact = null;
    const result = loadSessionDocument(doc);
    expect(result.ok && result.document.threats[0]).toMatchObject({ likelihood: null, impact: null });
    for (const backlogThreshold of [0, 26, 2.5, '5']) {
      const bad = JSON.parse(JSON.stringify(sampleDocument()));
      bad.session.settings.backlogThreshold = backlogThreshold;
      const loaded = loadSessionDocument(bad);
      expect(loaded.ok, String(backlogThreshold)).toBe(false);
      if (!loaded.ok) expect(loaded.details.join(' ')).toContain('session.settings.backlogThreshold');
    }
  });

  it('loads a current document without migrating it', () => {
    const result = loadSessionDocument(sampleDocument());
    expect(result).toMatchObject({ ok: true, migratedFrom: null });
  });
});

describe('published JSON Schema', () => {
  it('is committed and up to date (run `npm run schema` after changing the model)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../shared/threatstorm-session.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(sessionJsonSchema())));
  });
});
