import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { findExportFormat } from '../../shared/export/index.ts';
import { exportThreatComposer, makeTcIds } from '../../shared/export/threat-composer.ts';
import { importThreatModel } from '../../shared/import/index.ts';
import type { SessionDocument, Threat } from '../../shared/schema.ts';
import { riskOf } from '../../shared/scoring.ts';
import { checkoutSession, hostileSession } from './export-fixture.ts';

const PEERS = join(import.meta.dirname, '../fixtures/peers');
const schema = JSON.parse(readFileSync(join(PEERS, 'threat-composer/threat-composer-v1.schema.json'), 'utf8')) as object;
// Threat Composer's own schema, checked by a real JSON Schema validator (draft 2020-12). Formats
// are not checked (no ajv-formats here); the one date-time field also carries a pattern.
const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

function exported(doc: SessionDocument) {
  const result = exportThreatComposer(doc);
  expect(result.files).toHaveLength(1);
  const file = result.files[0]!;
  const json = JSON.parse(file.content) as TcOut;
  const valid = validate(json);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
  expect(valid).toBe(true);
  return { result, file, json };
}

function reimport(content: string): SessionDocument {
  let n = 0;
  const back = importThreatModel(content, { fileName: 'back.tc.json', now: new Date('2026-06-01T00:00:00Z'), makeId: () => `back-${++n}` });
  if (!back.ok) throw new Error(`${back.message}\n${back.details.join('\n')}`);
  expect(back.format).toBe('threat-composer');
  return back.document;
}

interface TcOut {
  applicationInfo: { name: string };
  threats: Array<{ id: string; numericId: number; threatAction: string; status: string; metadata: Array<{ key: string; value: string | string[] }> }>;
  mitigations: Array<{ id: string; content: string; status: string; metadata: Array<{ key: string; value: string | string[] }> }>;
  mitigationLinks: Array<{ mitigationId: string; linkedId: string }>;
}

/** What must survive the round trip, keyed so documents with different ids compare. */
function threatEssence(t: Threat) {
  return { title: t.title, category: t.category, statement: t.statement, likelihood: t.likelihood, impact: t.impact, status: t.status, acceptance: t.acceptance, votes: t.votes };
}

function linksByTitle(doc: SessionDocument): string[] {
  const title = new Map(doc.threats.map((t) => [t.id, t.title]));
  return doc.mitigations.flatMap((m) => m.threatIds.map((id) => `${m.title} → ${title.get(id)}`)).sort();
}

describe('export to Threat Composer', () => {
  it('is registered as an export format writing <slug>.tc.json', () => {
    const format = findExportFormat('threat-composer');
    expect(format).toMatchObject({ id: 'threat-composer', multiFile: false });
    const { file, result } = exported(checkoutSession());
    expect(file.name).toBe('checkout-review.tc.json');
    expect(file.mime).toBe('application/json');
    expect(result.stats).toEqual({ rows: 12 + 10, neutralized: 0, truncated: 0, altered: 0 });
    expect(format!.run(checkoutSession()).files[0]!.content).toBe(file.content);
  });

  it('validates against Threat Composer’s own JSON schema, ids exactly 36 characters', () => {
    const { json } = exported(checkoutSession());
    const ids = [...json.threats.map((t) => t.id), ...json.mitigations.map((m) => m.id)];
    expect(ids.every((id) => id.length === 36)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(ids);
    expect(json.mitigationLinks.every((l) => known.has(l.mitigationId) && known.has(l.linkedId))).toBe(true);
    exported(hostileSession());
  });

  it('keeps UUID ids and derives stable UUID-shaped ones from any other id', () => {
    const ids = makeTcIds();
    const uuid = '0d9909ea-1398-4898-be81-cf1c808324dc';
    expect(ids(uuid)).toBe(uuid);
    const derived = ids('t1');
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids('t1')).toBe(derived);
    expect(makeTcIds()('t1')).toBe(derived);
    expect(ids('t2')).not.toBe(derived);
  });

  it('writes priority, STRIDE letter, comments, status and the journey/step anchor as metadata', () => {
    const doc = checkoutSession();
    const { json } = exported(doc);
    const anchored = doc.threats.findIndex((t) => t.anchor?.type === 'step');
    const meta = Object.fromEntries(json.threats[anchored]!.metadata.map((m) => [m.key, m.value]));
    const threat = doc.threats[anchored]!;
    const step = doc.steps.find((s) => s.id === threat.anchor!.id)!;
    expect(meta['custom:threatstorm:step']).toBe(step.label);
    expect(meta['custom:threatstorm:journey']).toBe(doc.journeys.find((j) => j.id === step.journeyId)!.name);
    expect(meta['Priority']).toMatch(/^(High|Medium|Low)$/);
    expect(meta['custom:threatstorm:category']).toBe(`${threat.category.framework}/${threat.category.key}`);
  });

  it('round-trips a session through Threat Composer: same threats, mitigations and links', () => {
    const doc = checkoutSession();
    const { file } = exported(doc);
    const back = reimport(file.content);
    expect(back.threats.map(threatEssence)).toEqual(doc.threats.map(threatEssence));
    expect(back.mitigations.map((m) => ({ title: m.title, description: m.description, status: m.status, effort: m.effort, owner: m.owner, externalKey: m.externalKey }))).toEqual(
      doc.mitigations.map((m) => ({ title: m.title, description: m.description, status: m.status, effort: m.effort, owner: m.owner, externalKey: m.externalKey })),
    );
    expect(linksByTitle(back)).toEqual(linksByTitle(doc));
    // The notes keep what was there, plus where the threat sat (the steps stay behind).
    doc.threats.forEach((t, i) => expect(back.threats[i]!.notes.startsWith(t.notes)).toBe(true));
    expect(back.threats.every((t) => t.anchor === null)).toBe(true);
  });

  it('cuts text to Threat Composer’s limits, counts the cuts, and restores the full text on the way back', () => {
    const doc = checkoutSession();
    const longAction = `read ${'every card number and '.repeat(30)}expiry date`;
    const longNotes = 'n'.repeat(1_500);
    doc.threats[0]!.statement.action = longAction;
    doc.threats[0]!.notes = longNotes;
    doc.mitigations[0]!.description = 'd'.repeat(1_200);
    const { json, result } = exported(doc);
    expect(result.stats.truncated).toBe(3);
    expect(json.threats[0]!.threatAction.length).toBeLessThanOrEqual(200);
    const back = reimport(result.files[0]!.content);
    expect(back.threats[0]!.statement.action).toBe(longAction);
    expect(back.threats[0]!.notes.startsWith(longNotes)).toBe(true);
    expect(back.mitigations[0]!.description).toBe('d'.repeat(1_200));
  });

  it('an edit made in Threat Composer wins over the metadata we saved', () => {
    const doc = checkoutSession();
    const { json } = exported(doc);
    const index = doc.threats.findIndex((t) => t.status === 'open');
    const edited = json.threats[index]!;
    edited.status = 'threatResolvedNotUseful';
    edited.metadata = edited.metadata.map((m) => (m.key === 'Priority' ? { key: 'Priority', value: m.value === 'Low' ? 'High' : 'Low' } : m));
    json.mitigations[0]!.status = 'mitigationResolvedWillNotAction';
    const back = reimport(JSON.stringify(json));
    expect(back.threats[index]!.status).toBe('not-applicable');
    const priority = edited.metadata.find((m) => m.key === 'Priority')!.value;
    expect(riskOf(back.threats[index]!)).toBe(priority === 'High' ? 16 : 4);
    expect(back.mitigations[0]!.status).toBe('wont-do');
  });

  it('a threat nobody scored has no priority in Threat Composer and comes back not scored; a placeholder stays home', () => {
    const doc = checkoutSession();
    doc.threats[0] = { ...doc.threats[0]!, likelihood: null, impact: null };
    doc.threats.push({ ...doc.threats[1]!, id: 'blank', title: 'New threat', statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] }, likelihood: null, impact: null, notes: '', votes: 0, status: 'open', anchor: null });
    const { json } = exported(doc);
    expect(json.threats).toHaveLength(doc.threats.length - 1);
    const keys = json.threats[0]!.metadata.map((m) => m.key);
    expect(keys).not.toContain('Priority');
    expect(keys).not.toContain('custom:threatstorm:likelihood');
    const back = reimport(JSON.stringify(json));
    expect(back.threats[0]).toMatchObject({ title: doc.threats[0]!.title, likelihood: null, impact: null });
    expect(back.threats[1]).toMatchObject({ likelihood: doc.threats[1]!.likelihood, impact: doc.threats[1]!.impact });
  });

  it('an accepted risk keeps its owner, reason and review date through the round trip', () => {
    const doc = checkoutSession();
    const accepted = doc.threats.filter((t) => t.status === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    const back = reimport(exported(doc).file.content);
    for (const t of accepted) expect(back.threats.find((b) => b.title === t.title)!.acceptance).toEqual(t.acceptance);
  });

  it('Threat Dragon → Threatstorm → Threat Composer → Threatstorm keeps threats, mitigations and links', () => {
    const text = readFileSync(join(PEERS, 'threat-dragon/v2-threat-model.json'), 'utf8');
    const first = importThreatModel(text, { fileName: 'v2-threat-model.json' });
    if (!first.ok) throw new Error(first.message);
    const { file } = exported(first.document);
    const back = reimport(file.content);
    expect(back.threats.map(threatEssence)).toEqual(first.document.threats.map(threatEssence));
    expect(back.mitigations.map((m) => [m.title, m.status])).toEqual(first.document.mitigations.map((m) => [m.title, m.status]));
    expect(linksByTitle(back)).toEqual(linksByTitle(first.document));
    expect(back.threats[0]!.notes).toContain('In Threatstorm it was on the step “Worker Config” of the journey “Main Request Data Flow”.');
  });

  it('a Threat Composer sample survives our export and import unchanged in grammar, statuses and links', () => {
    const text = readFileSync(join(PEERS, 'threat-composer/ThreatComposer.tc.json'), 'utf8');
    const first = importThreatModel(text, { fileName: 'ThreatComposer.tc.json' });
    if (!first.ok) throw new Error(first.message);
    const back = reimport(exported(first.document).file.content);
    expect(back.threats.map(threatEssence)).toEqual(first.document.threats.map(threatEssence));
    expect(linksByTitle(back)).toEqual(linksByTitle(first.document));
    expect(back.session.title).toBe(first.document.session.title);
  });
});
