import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { SEVERITY_MAP, STATUS_MAP, TD_POSITION_SCALE } from '../../shared/import/threat-dragon.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { Threat } from '../../shared/schema.ts';

const DIR = join(import.meta.dirname, '../fixtures/peers/threat-dragon');
const NOW = new Date('2026-06-01T09:00:00.000Z');

function read(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

function ids(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

function run(text: string, fileName = 'model.json'): ImportResult {
  return importThreatModel(text, { fileName, now: NOW, makeId: ids() });
}

function imported(text: string, fileName = 'model.json'): Extract<ImportResult, { ok: true }> {
  const result = run(text, fileName);
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return result;
}

interface RawThreat {
  title?: string;
  status?: string;
  severity?: string;
  mitigation?: string;
  type?: string;
}
interface RawCell {
  id: string;
  shape: string;
  position?: { x: number; y: number };
  size?: { width: number; height: number };
  source?: { cell?: string };
  target?: { cell?: string };
  data?: { name?: string; description?: string; isEncrypted?: boolean; outOfScope?: boolean; threats?: RawThreat[] };
  threats?: RawThreat[];
}
interface RawModel {
  summary: { title: string; owner?: string };
  detail: { contributors: Array<{ name: string }>; reviewer?: string; diagrams: Array<{ title: string; cells: RawCell[] }> };
}

const NODE_SHAPES = new Set(['actor', 'process', 'store']);
const threatsOfCell = (cell: RawCell) => [...(cell.data?.threats ?? []), ...(cell.threats ?? [])];

/** What the file holds, counted straight from the JSON, independently of the importer. */
function expectedCounts(model: RawModel) {
  const cells = model.detail.diagrams.flatMap((d) => d.cells);
  const threats = cells.flatMap(threatsOfCell);
  const flows = cells.filter((c) => c.shape === 'flow');
  return {
    journeys: Math.max(1, model.detail.diagrams.length),
    steps: cells.filter((c) => NODE_SHAPES.has(c.shape)).length,
    // One flow per ordered pair of elements (parallel flows are merged); a loose end counts as its own.
    flows: new Set(flows.map((f, i) => (f.source?.cell && f.target?.cell ? `${f.source.cell}>${f.target.cell}` : `loose ${i}`))).size,
    threats: threats.length,
    mitigations: new Set(threats.map((t) => (t.mitigation ?? '').trim()).filter(Boolean)).size,
    notes:
      cells.filter((c) => c.shape === 'td-text-block' && (c.data?.name ?? '').trim()).length +
      flows.filter((f) => f.data?.description?.trim() || f.data?.isEncrypted || f.data?.outOfScope).length,
  };
}

const FIXTURES = ['payment-online.json', 'three-tier-web-app.json', 'v2-threat-model.json', 'v2-new-model.json'];

describe('Threat Dragon v2 import: the sample models', () => {
  it.each(FIXTURES)('%s imports into a valid session whose counts match the file', (name) => {
    const text = read(name);
    const result = imported(text, name);
    expect(result.format).toBe('threat-dragon-v2');
    const loaded = loadSessionDocument(JSON.parse(JSON.stringify(result.document)));
    expect(loaded.ok).toBe(true);

    const raw = JSON.parse(text) as RawModel;
    const expected = expectedCounts(raw);
    const doc = result.document;
    expect(doc.journeys).toHaveLength(expected.journeys);
    expect(doc.steps).toHaveLength(expected.steps);
    expect(doc.flows).toHaveLength(expected.flows);
    expect(doc.threats).toHaveLength(expected.threats);
    expect(doc.mitigations).toHaveLength(expected.mitigations);
    expect(result.report.mapped).toMatchObject({
      journeys: expected.journeys,
      steps: expected.steps,
      flows: expected.flows,
      threats: expected.threats,
      mitigations: expected.mitigations,
      notes: expected.notes,
    });
    // No flow of the samples is lost: every one is attached (or snapped, and then reported).
    expect(result.report.skipped.filter((s) => s.what === 'flow')).toEqual([]);
    // Every trust boundary is reported, none silently dropped.
    const boundaries = raw.detail.diagrams.flatMap((d) => d.cells).filter((c) => c.shape.startsWith('trust-boundary'));
    expect(result.report.skipped.filter((s) => s.what === 'trust boundary')).toHaveLength(boundaries.length);
  });

  it('carries the titles, the owner as facilitator and contributors and reviewer as participants', () => {
    const doc = imported(read('v2-threat-model.json')).document;
    expect(doc.session.title).toBe('Demo Threat Model');
    expect(doc.session.createdAt).toBe(NOW.toISOString());
    expect(doc.session.description).toContain('A sample model of a web application');
    expect(doc.journeys.map((j) => j.name)).toEqual(['Main Request Data Flow']);
    expect(doc.participants.map((p) => [p.name, p.role])).toEqual([
      ['Mike Goodwin', 'facilitator'],
      ['Tom Brown', 'participant'],
      ['Albert Moneypenny', 'participant'],
      ['Jane Smith', 'participant'],
    ]);
  });

  it('maps actors, processes and stores to step kinds, and joins multi-line names', () => {
    const result = imported(read('v2-threat-model.json'));
    const kinds = Object.fromEntries(result.document.steps.map((s) => [s.label, s.kind]));
    expect(kinds).toEqual({
      'Worker Config': 'datastore',
      Database: 'datastore',
      'Web Application Config': 'datastore',
      'Message Queue': 'datastore',
      'Background Worker Process': 'system',
      'Web Application': 'system',
      // Requests and responses flow both ways; the actor that sends first is where the journey starts.
      Browser: 'start',
    });
    expect(result.report.warnings).toContain('2 names had line breaks, joined with spaces.');
    const config = result.document.steps.find((s) => s.label === 'Worker Config')!;
    expect(config.dataTags).toEqual(['credentials']);
    const webConfig = result.document.steps.find((s) => s.label === 'Web Application Config')!;
    expect(webConfig.description).toContain('Out of scope in Threat Dragon');
  });

  it('an actor that nothing flows into starts the journey; flows into other actors make them user actions', () => {
    const model = tinyModel([
      node('a1', 'actor', 'Customer', 0, 0),
      node('a2', 'actor', 'Support agent', 400, 0),
      node('p1', 'process', 'Shop', 200, 0),
      flow('f1', 'a1', 'p1', 'Order'),
      flow('f2', 'p1', 'a2', 'Ticket'),
    ]);
    const doc = imported(JSON.stringify(model)).document;
    expect(Object.fromEntries(doc.steps.map((s) => [s.label, s.kind]))).toEqual({ Customer: 'start', 'Support agent': 'action', Shop: 'system' });
  });

  it('keeps positions: centres scaled by 1.25, the diagram moved to start at (0, 0)', () => {
    const text = read('v2-threat-model.json');
    const raw = JSON.parse(text) as RawModel;
    const doc = imported(text).document;
    const nodes = raw.detail.diagrams[0]!.cells.filter((c) => NODE_SHAPES.has(c.shape));
    const centres = nodes.map((c) => ({
      name: (c.data?.name ?? '').replace(/\s+/g, ' '),
      x: (c.position!.x + c.size!.width / 2) * TD_POSITION_SCALE - STEP_NODE_SIZE.width / 2,
      y: (c.position!.y + c.size!.height / 2) * TD_POSITION_SCALE - STEP_NODE_SIZE.height / 2,
    }));
    const minX = Math.min(...centres.map((c) => c.x));
    const minY = Math.min(...centres.map((c) => c.y));
    for (const c of centres) {
      const step = doc.steps.find((s) => s.label === c.name)!;
      expect(step.position.x, c.name).toBeCloseTo(c.x - minX, -0.5);
      expect(step.position.y, c.name).toBeCloseTo(c.y - minY, -0.5);
    }
    expect(Math.min(...doc.steps.map((s) => s.position.x))).toBe(0);
    expect(Math.min(...doc.steps.map((s) => s.position.y))).toBe(0);
    expect(doc.steps.find((s) => s.label === 'Browser')!.position).toEqual({ x: 0, y: 21 });
  });

  it('lays the journey out automatically when an element has no position, and says so', () => {
    const model = tinyModel([node('a1', 'actor', 'Customer', 0, 0), node('p1', 'process', 'Shop', 200, 0), flow('f1', 'a1', 'p1', 'Order')]);
    delete (model.detail.diagrams[0]!.cells[1] as Partial<RawCell>).position;
    const result = imported(JSON.stringify(model));
    const [customer, shop] = result.document.steps;
    expect(customer!.position.x).toBeLessThan(shop!.position.x);
    expect(result.report.warnings.some((w) => w.includes('laid out automatically'))).toBe(true);
  });

  it('marks flows that cross a boundary box (one end inside) or a boundary curve, or use a public network', () => {
    const payment = imported(read('payment-online.json')).document;
    const name = (id: string) => payment.steps.find((s) => s.id === id)!.label;
    const crossing = payment.flows.filter((f) => f.crossesTrustBoundary).map((f) => `${name(f.source)} → ${name(f.target)}`);
    // Both ends of the two Stripe-internal flows lie in the "Stripe / Web" box. (10 flows drawn,
    // 3 of them from the customer to the client: merged into one.)
    expect(payment.flows).toHaveLength(8);
    expect(crossing).toHaveLength(6);
    expect(crossing).not.toContain('Stripe API service → Stripe Payment Service');
    expect(crossing).not.toContain('Stripe Payment Service → Stripe API service');

    const threeTier = imported(read('three-tier-web-app.json')).document;
    const tierName = (id: string) => threeTier.steps.find((s) => s.id === id)!.label;
    expect(Object.fromEntries(threeTier.flows.map((f) => [`${tierName(f.source)} → ${tierName(f.target)}`, f.crossesTrustBoundary]))).toEqual({
      'Web UI → Web Service': true,
      'Web Service → Web UI': true,
      'Web Service → PostgresSQL': false,
    });

    const demo = imported(read('v2-threat-model.json')).document;
    const demoName = (id: string) => demo.steps.find((s) => s.id === id)!.label;
    const demoFlows = Object.fromEntries(demo.flows.map((f) => [`${demoName(f.source)} → ${demoName(f.target)}`, f.crossesTrustBoundary]));
    // Reading a config file on the same host crosses no boundary curve; the browser's requests do.
    expect(demoFlows['Web Application Config → Web Application']).toBe(false);
    expect(demoFlows['Worker Config → Background Worker Process']).toBe(false);
    expect(demoFlows['Browser → Web Application']).toBe(true);
    expect(demoFlows['Web Application → Browser']).toBe(true);
  });

  it('a curve crossing is found geometrically even without any flag', () => {
    const model = tinyModel([
      node('a', 'process', 'Left', 0, 0),
      node('b', 'process', 'Right', 400, 0),
      node('c', 'process', 'Left too', 0, 200),
      flow('f1', 'a', 'b', 'over'),
      flow('f2', 'a', 'c', 'same side'),
      { id: 'bc', shape: 'trust-boundary-curve', zIndex: 1, source: { x: 300, y: -100 }, target: { x: 300, y: 400 }, vertices: [{ x: 310, y: 100 }], data: { type: 'tm.Boundary', isTrustBoundary: true, hasOpenThreats: false } },
    ]);
    const doc = imported(JSON.stringify(model)).document;
    expect(doc.flows.map((f) => [f.label, f.crossesTrustBoundary])).toEqual([
      ['over', true],
      ['same side', false],
    ]);
  });

  it('attaches a loose flow end dropped next to an element, with a warning', () => {
    const result = imported(read('v2-threat-model.json'));
    const doc = result.document;
    const browser = doc.steps.find((s) => s.label === 'Browser')!;
    expect(doc.flows.some((f) => f.source === browser.id && f.label.startsWith('Web Request'))).toBe(true);
    expect(result.report.warnings.some((w) => /source was not attached to anything; it ends 10 px from “Browser”/.test(w))).toBe(true);
  });

  it('skips a flow that joins nothing, reports it and keeps its threats unanchored', () => {
    const loose = flow('f1', 'a1', 'nowhere', 'Lost');
    loose.target = { x: 5000, y: 5000 } as RawCell['target'];
    loose.data!.threats = [tdThreat({ title: 'Sniffing', status: 'Open', severity: 'Low' })];
    const result = imported(JSON.stringify(tinyModel([node('a1', 'actor', 'Customer', 0, 0), loose])));
    expect(result.document.flows).toEqual([]);
    expect(result.report.skipped).toContainEqual(expect.objectContaining({ what: 'flow', reason: expect.stringContaining('target is not attached') }));
    expect(result.document.threats.map((t) => [t.title, t.anchor])).toEqual([['Sniffing', null]]);
    expect(result.report.mapped.unanchoredThreats).toBe(1);
  });

  it('puts protocol and "two-way" in the flow label, text blocks and flow details into the notes', () => {
    const result = imported(read('v2-threat-model.json'));
    const doc = result.document;
    expect(doc.flows.map((f) => f.label)).toContain('Web Request (HTTP/S)');
    expect(doc.session.description).toContain('Notes from the diagram “Main Request Data Flow”:');
    expect(doc.session.description).toContain('- A Demo Threat Model showing an example web application, with a queue-decoupled background process');
    expect(doc.session.description).toContain('Flow “Read web app config” (Web Application Config → Web Application): Out of scope: This data flow represents a read from the file system.');

    const payment = imported(read('payment-online.json'));
    expect(payment.document.flows.filter((f) => f.label.endsWith(', two-way)') || f.label.endsWith('(two-way)'))).toHaveLength(1);
    expect(payment.report.warnings).toContain('1 two-way flow kept as one flow in the drawn direction, labelled “two-way”.');
  });

  it('every threat of the source appears once, on the same element, with its mapped status', () => {
    const text = read('v2-threat-model.json');
    const raw = JSON.parse(text) as RawModel;
    const doc = imported(text).document;
    const place = (t: Threat) => {
      if (!t.anchor) return '(none)';
      if (t.anchor.type === 'step') return doc.steps.find((s) => s.id === t.anchor!.id)!.label;
      const f = doc.flows.find((fl) => fl.id === t.anchor!.id)!;
      return `flow ${f.label}`;
    };
    const actual = doc.threats.map((t) => `${t.title} | ${t.status} | ${place(t)}`).sort();
    const cells = raw.detail.diagrams[0]!.cells;
    const expected = cells
      .flatMap((c) =>
        threatsOfCell(c).map((t) => {
          const where = c.shape === 'flow' ? `flow ${doc.flows.find((f) => f.label.startsWith(c.data!.name!))!.label}` : c.data!.name!.replace(/\s+/g, ' ');
          return `${t.title} | ${STATUS_MAP.get(t.status!.toLowerCase())!.status} | ${where}`;
        }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('turns each distinct mitigation text into one mitigation linked to its threats', () => {
    const doc = imported(read('v2-threat-model.json')).document;
    const https = doc.mitigations.find((m) => m.title.startsWith('The requests should require HTTP/S'))!;
    expect(https.threatIds).toHaveLength(4);
    // Two of its four threats are still open, so the work is not done.
    expect(https.status).toBe('proposed');
    const auth = doc.mitigations.find((m) => m.title === 'Require all queries to be authenticated.')!;
    expect(auth.status).toBe('done');
    expect(doc.threats.find((t) => t.id === auth.threatIds[0])!.status).toBe('mitigated');
    const links = doc.mitigations.reduce((n, m) => n + m.threatIds.length, 0);
    expect(links).toBe(14);
  });

  it('keeps the threat description, severity and score in the notes', () => {
    const doc = imported(read('three-tier-web-app.json')).document;
    const [first, second] = doc.threats;
    expect(first!.notes).toBe('Sensitive data is compromised if the host itself is compromised\n\nThreat Dragon: severity High; score 7.5; #1.');
    expect(second!.notes).toContain('severity Medium; #2.');
    expect(first!.category).toEqual({ framework: 'STRIDE', key: 'information-disclosure' });
  });
});

describe('Threat Dragon v2 import: mapping tables', () => {
  it.each([
    ['Open', 'open', false],
    ['Mitigated', 'mitigated', false],
    ['NotApplicable', 'not-applicable', false],
    ['NA', 'not-applicable', false],
    ['Transferred', 'transferred', false],
    ['Accepted', 'open', true],
    ['Avoided', 'not-applicable', true],
    ['Eliminated', 'mitigated', true],
    ['Postponed', 'open', true],
    ['', 'open', false],
  ] as const)('status “%s” → %s (reported: %s)', (status, expected, reported) => {
    const result = imported(JSON.stringify(tinyModel([node('p', 'process', 'Shop', 0, 0, [tdThreat({ title: 'T', status, severity: 'High' })])])));
    const threat = result.document.threats[0]!;
    expect(threat.status).toBe(expected);
    // An accepted risk is never invented: no acceptance without owner, reason and review date.
    expect(threat.acceptance).toBeUndefined();
    const mentioned = result.report.warnings.some((w) => w.includes('“T”'));
    expect(mentioned).toBe(reported);
    if (reported) expect(threat.notes).toContain(`status “${status}”`);
  });

  it.each([
    ['Critical', 5, 4],
    ['High', 4, 4],
    ['high', 4, 4],
    ['Medium', 3, 3],
    ['Low', 2, 2],
    // No severity, or one we do not know: nobody judged it here, so it arrives not scored.
    ['TBD', null, null],
    ['', null, null],
    ['Catastrophic', null, null],
  ] as const)('severity “%s” → likelihood %s × impact %s', (severity, likelihood, impact) => {
    const result = imported(JSON.stringify(tinyModel([node('p', 'process', 'Shop', 0, 0, [tdThreat({ title: 'T', status: 'Open', severity })])])));
    expect(result.document.threats[0]).toMatchObject({ likelihood, impact });
    expect(SEVERITY_MAP.get(severity.toLowerCase()) ?? { likelihood: null, impact: null }).toEqual({ likelihood, impact });
  });

  it.each([
    ['STRIDE', 'Spoofing', { framework: 'STRIDE', key: 'spoofing' }],
    ['STRIDE', 'Elevation of privilege', { framework: 'STRIDE', key: 'elevation-of-privilege' }],
    ['LINDDUN', 'Linkability', { framework: 'LINDDUN', key: 'linking' }],
    ['LINDDUN', 'Disclosure of information', { framework: 'LINDDUN', key: 'data-disclosure' }],
    ['CIA', 'Availability', { framework: 'CIA', key: 'availability' }],
    ['CIADIE', 'Ephemeral', { framework: 'CIA-DIE', key: 'ephemeral' }],
    ['DIE', 'Immutable', { framework: 'CIA-DIE', key: 'immutable' }],
    ['PLOT4ai', 'Ethics & Human Rights', { framework: 'PLOT4ai', key: 'ethics-and-human-rights' }],
    ['PLOT4ai', 'Unawareness', { framework: 'PLOT4ai', key: 'unawareness' }],
    ['LINDDUN', 'Unawareness', { framework: 'LINDDUN', key: 'unawareness' }],
    ['EOP', 'Data Validation & Encoding', { framework: 'EoP', key: 'data-validation-and-encoding' }],
    ['EOP', 'Wild Card', { framework: 'EoP', key: 'wild-card' }],
    ['Generic', 'Tampering', { framework: 'STRIDE', key: 'tampering' }],
    ['Generic', 'Integrity', { framework: 'CIA', key: 'integrity' }],
    ['STRIDE', 'Supply chain poisoning', { framework: 'Custom', key: 'supply-chain-poisoning' }],
    ['STRIDE', '', { framework: 'Custom', key: 'custom' }],
  ] as const)('%s type “%s” → %o', (modelType, type, category) => {
    const result = imported(JSON.stringify(tinyModel([node('p', 'process', 'Shop', 0, 0, [tdThreat({ title: 'T', status: 'Open', severity: 'Low', type, modelType })])])));
    expect(result.document.threats[0]!.category).toEqual(category);
    if (category.framework === 'Custom' && type) expect(result.document.threats[0]!.notes).toContain(`type “${type}”`);
  });

  it('reads threats from cells[].threats as the schema allows, and from data.threats, once each', () => {
    const cell = node('p', 'process', 'Shop', 0, 0, [tdThreat({ id: 'same', title: 'In data', status: 'Open', severity: 'Low' })]);
    cell.threats = [tdThreat({ id: 'other', title: 'On the cell', status: 'Open', severity: 'Low' }), tdThreat({ id: 'same', title: 'In data', status: 'Open', severity: 'Low' })];
    const result = imported(JSON.stringify(tinyModel([cell])));
    expect(result.document.threats.map((t) => t.title)).toEqual(['In data', 'On the cell']);
    expect(result.report.warnings.some((w) => w.includes('listed twice'))).toBe(true);
  });

  it('accepts a numeric score', () => {
    const result = imported(JSON.stringify(tinyModel([node('p', 'process', 'Shop', 0, 0, [{ ...tdThreat({ title: 'T', status: 'Open', severity: 'Low' }), score: 9.8 }])])));
    expect(result.document.threats[0]!.notes).toContain('score 9.8');
  });
});

describe('Threat Dragon v2 import: damaged models', () => {
  it('rejects v2-malformed-new-model.json, naming every problem and the likely typo', () => {
    const result = run(read('v2-malformed-new-model.json'), 'v2-malformed-new-model.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe('threat-dragon-v2');
    expect(result.message).toMatch(/looks like a Threat Dragon v2 model but does not match/);
    expect(result.details).toEqual([
      'summary.title: missing (expected text)',
      'summary.description: expected text, found a number',
      'detail: missing (expected an object)',
      'The file has "details" where Threat Dragon writes "detail".',
    ]);
  });

  it('rejects a wrong type deep in a cell with its path', () => {
    const model = tinyModel([node('p', 'process', 'Shop', 0, 0, [tdThreat({ title: 'T', status: 'Open', severity: 'Low' })])]);
    (model.detail.diagrams[0]!.cells[0]!.data!.threats![0] as unknown as { title: number }).title = 42;
    const result = run(JSON.stringify(model));
    expect(result).toMatchObject({ ok: false, details: ['detail.diagrams[0].cells[0].data.threats[0].title: expected text, found a number'] });
  });

  it('explains that Threat Dragon version 1 models must be saved by Threat Dragon 2 first', () => {
    const v1 = { summary: { title: 'Old' }, detail: { contributors: [], diagrams: [{ title: 'D', diagramJson: { cells: [] } }] } };
    expect(run(JSON.stringify(v1))).toMatchObject({ ok: false, format: 'threat-dragon-v1', message: expect.stringContaining('version 1') });
    expect(run(JSON.stringify({ version: '3.0.0', summary: { title: 'x' }, detail: { diagrams: [] } }))).toMatchObject({ ok: false, message: expect.stringContaining('version "3.0.0"') });
    // A hostile version is named, not echoed (found by the importer fuzzing: a 20,000-character one).
    const huge = run(JSON.stringify({ version: 'x'.repeat(20_001), summary: { title: 'x' }, detail: { diagrams: [] } }));
    expect(huge).toMatchObject({ ok: false, message: expect.stringMatching(/^This looks like a Threat Dragon model, but of version "x+…; Threatstorm imports version 2\.x\.$/) });
    expect(huge.ok || huge.message.length).toBeLessThan(200);
  });

  it('names an untitled model after the file and an untitled diagram by its number', () => {
    const model = tinyModel([]);
    model.summary.title = '  ';
    model.detail.diagrams[0]!.title = '';
    const result = imported(JSON.stringify(model), 'models/Checkout flow.json');
    expect(result.document.session.title).toBe('Checkout flow');
    expect(result.document.journeys[0]!.name).toBe('Diagram 1');
    expect(result.report.warnings.filter((w) => w.includes('no title'))).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------

function tdThreat(fields: { id?: string; title: string; status: string; severity: string; type?: string; modelType?: string }) {
  return { id: fields.id ?? `t-${fields.title}`, description: '', mitigation: '', type: fields.type ?? 'Tampering', modelType: fields.modelType ?? 'STRIDE', ...fields };
}

function node(id: string, shape: 'actor' | 'process' | 'store', name: string, x: number, y: number, threats: unknown[] = []): RawCell {
  const type = { actor: 'tm.Actor', process: 'tm.Process', store: 'tm.Store' }[shape];
  return { id, shape, zIndex: 1, position: { x, y }, size: { width: 160, height: 80 }, data: { type, name, description: '', hasOpenThreats: false, threats } } as unknown as RawCell;
}

function flow(id: string, source: string, target: string, name: string): RawCell {
  return { id, shape: 'flow', zIndex: 10, source: { cell: source }, target: { cell: target }, vertices: [], data: { type: 'tm.Flow', name, description: '', hasOpenThreats: false, threats: [] } } as unknown as RawCell;
}

function tinyModel(cells: unknown[]): RawModel & { version: string } {
  return {
    version: '2.3.0',
    summary: { title: 'Tiny', owner: '' },
    detail: { contributors: [], reviewer: '', diagrams: [{ title: 'Tiny diagram', cells: cells as RawCell[] }] },
  } as RawModel & { version: string };
}
