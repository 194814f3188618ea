import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { IMPORTED_THREATS_JOURNEY, MITIGATION_STATUS_MAP, PRIORITY_MAP, STATUS_MAP } from '../../shared/import/threat-composer.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';

const DIR = join(import.meta.dirname, '../fixtures/peers/threat-composer');
const NOW = new Date('2026-06-01T09:00:00.000Z');
const FIXTURES = ['ThreatComposer.tc.json', 'ThreatComposerWorkspace-reinforce2024-ex1.tc.json', 'ThreatModelingForBuilders-Exercise1.tc.json'];

function read(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

function run(text: string, options: { fileName?: string; keepImages?: boolean } = {}): ImportResult {
  let n = 0;
  return importThreatModel(text, { fileName: options.fileName ?? 'model.tc.json', now: NOW, makeId: () => `id-${++n}`, keepImages: options.keepImages ?? false });
}

function imported(text: string, options: { fileName?: string; keepImages?: boolean } = {}): Extract<ImportResult, { ok: true }> {
  const result = run(text, options);
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return result;
}

interface RawThreat {
  id: string;
  numericId: number;
  threatSource?: string;
  prerequisites?: string;
  threatAction?: string;
  threatImpact?: string;
  impactedGoal?: string[];
  impactedAssets?: string[];
  status?: string;
  metadata?: Array<{ key: string; value: string | string[] }>;
}
interface RawFile {
  applicationInfo: { name: string };
  threats: RawThreat[];
  mitigations: Array<{ id: string; content: string; status?: string }>;
  assumptions: Array<{ id: string; content: string }>;
  mitigationLinks: Array<{ mitigationId: string; linkedId: string }>;
  assumptionLinks: Array<{ assumptionId: string; linkedId: string; type: string }>;
}

describe('Threat Composer import: the sample files', () => {
  it.each(FIXTURES)('%s imports into a valid session whose counts match the file', (name) => {
    const text = read(name);
    const result = imported(text, { fileName: name });
    expect(result.format).toBe('threat-composer');
    expect(loadSessionDocument(JSON.parse(JSON.stringify(result.document))).ok).toBe(true);

    const raw = JSON.parse(text) as RawFile;
    const doc = result.document;
    const threatIds = new Set(raw.threats.map((t) => t.id));
    const mitigationIds = new Set(raw.mitigations.map((m) => m.id));
    const validLinks = new Set(raw.mitigationLinks.filter((l) => mitigationIds.has(l.mitigationId) && threatIds.has(l.linkedId)).map((l) => `${l.mitigationId}>${l.linkedId}`));
    expect(doc.threats).toHaveLength(raw.threats.length);
    expect(doc.mitigations).toHaveLength(raw.mitigations.length);
    expect(doc.mitigations.reduce((n, m) => n + m.threatIds.length, 0)).toBe(validLinks.size);
    expect(result.report.mapped).toMatchObject({
      journeys: 1,
      steps: 0,
      threats: raw.threats.length,
      unanchoredThreats: raw.threats.length,
      mitigations: raw.mitigations.length,
      links: validLinks.size,
    });
    // Threat Composer has no canvas: one "Imported threats" journey with no steps, threats unanchored.
    expect(doc.journeys.map((j) => j.name)).toEqual([IMPORTED_THREATS_JOURNEY]);
    expect(doc.steps).toEqual([]);
    expect(doc.threats.every((t) => t.anchor === null)).toBe(true);
    expect(doc.session.title).toBe(raw.applicationInfo.name);
    // Links to ids the file does not hold are reported, one entry each.
    const danglingMitigationLinks = raw.mitigationLinks.filter((l) => !mitigationIds.has(l.mitigationId) || (!threatIds.has(l.linkedId) && !raw.assumptions.some((a) => a.id === l.linkedId)));
    expect(result.report.skipped.filter((s) => s.what === 'mitigation link')).toHaveLength(danglingMitigationLinks.length);
  });

  it('maps the threat grammar one to one, and every source threat appears once with its status', () => {
    const text = read('ThreatComposer.tc.json');
    const raw = JSON.parse(text) as RawFile;
    const doc = imported(text).document;
    const key = (s: { source: string; prerequisites: string; action: string; impact: string; impactedGoals: string[]; impactedAssets: string[] }, status: string) =>
      JSON.stringify([s.source, s.prerequisites, s.action, s.impact, s.impactedGoals, s.impactedAssets, status]);
    const expected = raw.threats
      .map((t) =>
        key(
          { source: t.threatSource ?? '', prerequisites: t.prerequisites ?? '', action: t.threatAction ?? '', impact: t.threatImpact ?? '', impactedGoals: t.impactedGoal ?? [], impactedAssets: t.impactedAssets ?? [] },
          STATUS_MAP.get(t.status ?? 'threatIdentified')!,
        ),
      )
      .sort();
    expect(doc.threats.map((t) => key(t.statement, t.status)).sort()).toEqual(expected);
    const first = doc.threats[0]!;
    expect(first.title).toBe('Read the contents of local browser storage');
    expect(first.statement).toEqual({
      source: 'threat actor',
      prerequisites: 'that is able to trick a user into installing a malicous userscript extension (e.g. tampermonkey, browser extension)',
      action: 'read the contents of local browser storage',
      impact: 'the exfiltration of the contents of browser storage to an endpoint controlled by the actor',
      impactedGoals: ['confidentiality'],
      impactedAssets: ['application metadata', 'threats', 'mitigations', 'assumptions'],
    });
  });

  it('drops a leading “can” from the action in the title', () => {
    const doc = imported(read('ThreatComposer.tc.json')).document;
    expect(doc.threats.map((t) => t.title)).toContain('Input a datatype not expected by the code');
  });

  it('maps Priority to likelihood × impact and STRIDE letters to the category', () => {
    const text = read('ThreatComposer.tc.json');
    const raw = JSON.parse(text) as RawFile;
    const doc = imported(text).document;
    raw.threats.forEach((t, i) => {
      const priority = t.metadata!.find((m) => m.key === 'Priority')!.value as string;
      const stride = t.metadata!.find((m) => m.key === 'STRIDE')!.value as string[];
      const threat = doc.threats[i]!;
      expect({ likelihood: threat.likelihood, impact: threat.impact }).toEqual(PRIORITY_MAP.get(priority));
      const keys = { S: 'spoofing', T: 'tampering', R: 'repudiation', I: 'information-disclosure', D: 'denial-of-service', E: 'elevation-of-privilege' } as const;
      expect(threat.category).toEqual({ framework: 'STRIDE', key: keys[stride[0] as keyof typeof keys] });
      if (stride.length > 1) expect(threat.notes).toContain(`STRIDE in Threat Composer: ${stride.join(', ')}.`);
    });
  });

  it('keeps mitigations with their status and comments', () => {
    const doc = imported(read('ThreatComposer.tc.json')).document;
    const validation = doc.mitigations.find((m) => m.title === 'Schema validation on data import')!;
    expect(validation.status).toBe('done');
    expect(validation.description).toContain('Implementation in code - [Import and data validation]');
    const reinforce = imported(read('ThreatComposerWorkspace-reinforce2024-ex1.tc.json'));
    expect(reinforce.document.mitigations.every((m) => m.status === 'proposed')).toBe(true);
    expect(reinforce.report.warnings).toContain('18 mitigations without a status: imported as proposed.');
    expect(reinforce.report.warnings).toContain('18 threats without a status: imported as open.');
  });

  it('turns assumptions into notes on the threats they are linked to', () => {
    const text = read('ThreatComposer.tc.json');
    const raw = JSON.parse(text) as RawFile;
    const doc = imported(text).document;
    const assumption = raw.assumptions.find((a) => a.content.startsWith('We cannot protect against threats on the client endpoint'))!;
    const linkedThreatIds = raw.assumptionLinks.filter((l) => l.assumptionId === assumption.id && l.type === 'Threat').map((l) => l.linkedId);
    expect(linkedThreatIds.length).toBeGreaterThan(0);
    const indexes = linkedThreatIds.map((id) => raw.threats.findIndex((t) => t.id === id)).filter((i) => i >= 0);
    for (const i of indexes) expect(doc.threats[i]!.notes).toContain(`Assumption A-3: ${assumption.content}`);
    expect(doc.threats[0]!.notes).toContain('Tags: Social engineering');
  });

  it('omits base64 images and reports each one, whether or not the user asked to keep images', () => {
    const text = read('ThreatComposer.tc.json');
    const plain = imported(text);
    const images = plain.report.skipped.filter((s) => s.what === 'image');
    expect(images.map((s) => s.where)).toEqual(['architecture.image', 'dataflow.image']);
    expect(images[0]!.reason).toMatch(/^image omitted/);
    expect(JSON.stringify(plain.document)).not.toContain('base64');

    const keep = imported(text, { keepImages: true });
    const kept = keep.report.skipped.filter((s) => s.what === 'image');
    expect(kept).toHaveLength(2);
    expect(kept[0]!.reason).toContain('you asked to keep images, but a session has no place for images yet');
    expect(JSON.stringify(keep.document)).not.toContain('base64');
  });

  it('strips a base64 image inside Markdown text, keeps an image link', () => {
    const file = {
      schema: 1,
      applicationInfo: { name: 'App', description: 'Look: ![diagram](data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==) and more' },
      architecture: { description: '', image: 'https://example.invalid/diagram.png' },
      threats: [],
    };
    const result = imported(JSON.stringify(file));
    expect(result.document.session.description).toContain('Look: ![diagram]((image omitted)) and more');
    expect(result.document.session.description).toContain('Architecture diagram: https://example.invalid/diagram.png');
    expect(result.report.skipped).toEqual([expect.objectContaining({ what: 'image', where: 'applicationInfo.description' })]);
  });
});

describe('Threat Composer import: mapping tables and odd files', () => {
  it.each([...STATUS_MAP])('threat status %s → %s', (tcStatus, ours) => {
    const doc = imported(JSON.stringify({ schema: 1, threats: [{ id: 'a'.repeat(36), numericId: 1, threatAction: 'do harm', status: tcStatus }] })).document;
    expect(doc.threats[0]!.status).toBe(ours);
  });

  it.each([...MITIGATION_STATUS_MAP])('mitigation status %s → %s', (tcStatus, ours) => {
    const doc = imported(JSON.stringify({ schema: 1, mitigations: [{ id: 'm'.repeat(36), numericId: 1, content: 'Fix it', status: tcStatus }] })).document;
    expect(doc.mitigations[0]!.status).toBe(ours);
  });

  it('reports an unknown status and priority, reading them as open and not scored', () => {
    const result = imported(
      JSON.stringify({ schema: 1, threats: [{ id: 'a'.repeat(36), numericId: 7, threatAction: 'do harm', status: 'threatParked', metadata: [{ key: 'Priority', value: 'Urgent' }] }] }),
    );
    expect(result.document.threats[0]).toMatchObject({ status: 'open', likelihood: null, impact: null });
    expect(result.report.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('unknown status “threatParked”'), expect.stringContaining('unknown priority “Urgent”')]),
    );
  });

  it('imports the older bare list of threats', () => {
    const list = [
      { id: '1'.repeat(36), numericId: 1, threatSource: 'An attacker', threatAction: 'steal a session cookie', impactedGoal: ['confidentiality'] },
      { id: '2'.repeat(36), numericId: 2, statement: 'A free-text threat written without the grammar.' },
    ];
    const result = imported(JSON.stringify(list), { fileName: 'threats.json' });
    expect(result.format).toBe('threat-composer');
    expect(result.document.session.title).toBe('threats');
    expect(result.document.threats.map((t) => t.title)).toEqual(['Steal a session cookie', 'A free-text threat written without the grammar.']);
    expect(result.report.warnings).toContainEqual(expect.stringContaining('older Threat Composer export'));
  });

  it('repairs missing ids and links to missing ids with a message', () => {
    const file = {
      schema: 1,
      threats: [{ numericId: 1, threatAction: 'no id here' }, { id: 't'.repeat(36), numericId: 2, threatAction: 'has an id' }],
      mitigations: [{ id: 'm'.repeat(36), numericId: 1, content: 'Fix' }, { numericId: 2, content: '' }],
      mitigationLinks: [
        { mitigationId: 'm'.repeat(36), linkedId: 't'.repeat(36) },
        { mitigationId: 'm'.repeat(36), linkedId: 'x'.repeat(36) },
        { mitigationId: 'y'.repeat(36), linkedId: 't'.repeat(36) },
      ],
      assumptionLinks: [{ type: 'Threat', assumptionId: 'z'.repeat(36), linkedId: 't'.repeat(36) }],
    };
    const result = imported(JSON.stringify(file));
    expect(result.document.threats).toHaveLength(2);
    expect(result.document.mitigations).toHaveLength(1);
    expect(result.document.mitigations[0]!.threatIds).toEqual([result.document.threats[1]!.id]);
    expect(result.report.warnings).toContain('threats[0] has no id; it is imported, but no mitigation or assumption can link to it.');
    expect(result.report.skipped.map((s) => `${s.what} @ ${s.where}`)).toEqual([
      'mitigation @ mitigations[1]',
      'mitigation link @ mitigationLinks[1]',
      'mitigation link @ mitigationLinks[2]',
      'assumption link @ assumptionLinks[0]',
    ]);
  });

  it('puts unlinked assumptions into the session description and reports unknown top-level fields', () => {
    const file = { schema: 1, assumptions: [{ id: 'a'.repeat(36), numericId: 1, content: 'Users keep their laptops locked' }], threats: [], futureField: { x: 1 } };
    const result = imported(JSON.stringify(file));
    expect(result.document.session.description).toContain('### Assumptions (not linked to a threat)\n- Assumption A-1: Users keep their laptops locked');
    expect(result.report.mapped.notes).toBe(1);
    expect(result.report.skipped).toContainEqual(expect.objectContaining({ where: 'futureField' }));
  });

  it('counts and reports brainstorm ideas it has no place for', () => {
    const file = { schema: 1, threats: [], brainstorm: { assumptions: [{ id: 'b', content: 'idea' }], threatSources: [] } };
    const result = imported(JSON.stringify(file));
    expect(result.report.skipped).toEqual([expect.objectContaining({ what: 'brainstorm assumptions (1 item)', where: 'brainstorm.assumptions' })]);
  });

  it('keeps goals and assets longer than a tag in the notes, with a warning', () => {
    const long = 'the complete customer record including address history and payment instruments';
    const result = imported(JSON.stringify({ schema: 1, threats: [{ id: 'a'.repeat(36), numericId: 1, threatAction: 'read it', impactedAssets: ['cards', long] }] }));
    const threat = result.document.threats[0]!;
    expect(threat.statement.impactedAssets).toEqual(['cards']);
    expect(threat.notes).toContain(`Impacted assets (in full): cards, ${long}`);
    expect(result.report.warnings.some((w) => w.includes('longer than 60 characters'))).toBe(true);
  });

  it('rejects a newer format and wrong types, naming the path', () => {
    expect(run(JSON.stringify({ schema: 2, threats: [] }))).toMatchObject({ ok: false, format: 'threat-composer', message: expect.stringContaining('format 2') });
    const wrong = run(JSON.stringify({ schema: 1, threats: [{ id: 'a', numericId: 1, impactedGoal: 'confidentiality' }] }));
    expect(wrong).toMatchObject({ ok: false, format: 'threat-composer', details: ['threats[0].impactedGoal: expected a list, found text'] });
    const metadata = run(JSON.stringify({ schema: 1, threats: [{ id: 'a', numericId: 1, metadata: [{ key: 'Priority', value: 3 }] }] }));
    expect(metadata).toMatchObject({ ok: false, details: ['threats[0].metadata[0].value: expected text or a list'] });
  });
});
