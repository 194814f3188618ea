/**
 * A mitigation holds at most 1,000 threat links in a session. Peer files can link one
 * mitigation to more; the importers split it into parts (“… (part 2)”) so every link survives,
 * and the report's counts are counted in the document that was built.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { MAX_LINKS_PER_MITIGATION, partTitle } from '../../shared/import/mitigation-parts.ts';
import { LIMITS, type SessionDocument } from '../../shared/schema.ts';

function ids(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

function imported(model: unknown, fileName = 'model.json'): Extract<ImportResult, { ok: true }> {
  const result = importThreatModel(JSON.stringify(model), { fileName, now: new Date('2026-06-01T09:00:00.000Z'), makeId: ids() });
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return result;
}

/** The shape of the red-team file td-1500-threats-shared-mitigation.json: `shared` threats on one process share one mitigation text. */
function threatDragonSharedMitigation(shared: number, mitigation = 'Use MFA everywhere') {
  const threats = Array.from({ length: shared }, (_, i) => ({ id: `th${i}`, title: `T${i}`, type: 'Spoofing', status: 'Open', severity: 'High', mitigation }));
  return {
    version: '2.2.0',
    summary: { title: 'TD proto', owner: 'o', description: 'd', id: 0 },
    detail: {
      contributors: [],
      reviewer: '',
      diagrams: [
        {
          id: 0,
          title: 'Main',
          diagramType: 'STRIDE',
          version: '2.2.0',
          cells: [
            { id: 'a1', shape: 'actor', position: { x: 0, y: 0 }, size: { width: 160, height: 80 }, data: { type: 'tm.Actor', name: 'User', threats: [{ id: 'x', title: 'Spoof', type: 'Spoofing', status: 'Open', severity: 'High' }] } },
            { id: 'p1', shape: 'process', position: { x: 300, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: 'API', threats } },
            { id: 'f1', shape: 'flow', source: { cell: 'a1' }, target: { cell: 'p1' }, data: { type: 'tm.Flow', name: 'call' } },
          ],
        },
      ],
    },
  };
}

/** Counts taken straight from a document, independently of the importer's report. */
function countsOf(doc: SessionDocument) {
  return {
    journeys: doc.journeys.length,
    steps: doc.steps.length,
    flows: doc.flows.length,
    threats: doc.threats.length,
    unanchoredThreats: doc.threats.filter((t) => t.anchor === null).length,
    mitigations: doc.mitigations.length,
    links: doc.mitigations.reduce((sum, m) => sum + m.threatIds.length, 0),
    participants: doc.participants.length,
  };
}

describe('a mitigation shared by more threats than one may link', () => {
  it('Threat Dragon: 1,500 threats sharing one mitigation are all linked, through two parts, and the report says so', () => {
    const result = imported(threatDragonSharedMitigation(1_500));
    const doc = result.document;
    const withText = doc.threats.filter((t) => /^T\d+$/.test(t.title));
    expect(withText).toHaveLength(1_500);
    expect(doc.mitigations.map((m) => [m.title, m.threatIds.length])).toEqual([
      ['Use MFA everywhere', 1_000],
      ['Use MFA everywhere (part 2)', 500],
    ]);
    // Every threat that had the text is linked exactly once, in file order.
    expect(doc.mitigations.flatMap((m) => m.threatIds)).toEqual(withText.map((t) => t.id));
    expect(new Set(doc.mitigations.map((m) => m.id)).size).toBe(2);
    expect(result.report.mapped).toMatchObject({ mitigations: 2, links: 1_500 });
    expect(result.report.warnings).toContainEqual(expect.stringContaining('“Use MFA everywhere” is linked to 1,500 threats; a mitigation links at most 1,000, so it was split into 2 parts'));
  });

  it('Threat Dragon: exactly 1,000 threats stay one mitigation; 2,001 make three parts', () => {
    expect(imported(threatDragonSharedMitigation(1_000)).document.mitigations.map((m) => m.threatIds.length)).toEqual([1_000]);
    const three = imported(threatDragonSharedMitigation(2_001)).document.mitigations;
    expect(three.map((m) => [m.title, m.threatIds.length])).toEqual([
      ['Use MFA everywhere', 1_000],
      ['Use MFA everywhere (part 2)', 1_000],
      ['Use MFA everywhere (part 3)', 1],
    ]);
  });

  it('Threat Composer: a mitigation linked to 2,500 threats keeps every link, in three parts, with its status and tracker key on the first', () => {
    const threats = Array.from({ length: 2_500 }, (_, i) => ({ id: `t-${i}`, numericId: i + 1, threatAction: `do harm ${i}`, status: 'threatIdentified' }));
    const file = {
      schema: 1,
      applicationInfo: { name: 'Shared' },
      threats,
      mitigations: [
        {
          id: 'm-1',
          numericId: 1,
          content: 'Rate-limit every endpoint',
          status: 'mitigationInProgress',
          metadata: [{ key: 'custom:threatstorm:external-key', value: 'SEC-42' }],
        },
      ],
      // Every threat once, plus a repeated link that must not count twice.
      mitigationLinks: [...threats.map((t) => ({ mitigationId: 'm-1', linkedId: t.id })), { mitigationId: 'm-1', linkedId: 't-0' }],
    };
    const result = imported(file, 'shared.tc.json');
    const { mitigations, threats: imported_ } = result.document;
    expect(mitigations.map((m) => [m.title, m.threatIds.length, m.status, m.externalKey])).toEqual([
      ['Rate-limit every endpoint', 1_000, 'in-progress', 'SEC-42'],
      ['Rate-limit every endpoint (part 2)', 1_000, 'in-progress', undefined],
      ['Rate-limit every endpoint (part 3)', 500, 'in-progress', undefined],
    ]);
    expect(mitigations.flatMap((m) => m.threatIds)).toEqual(imported_.map((t) => t.id));
    expect(result.report.skipped.filter((s) => s.what === 'mitigation link')).toEqual([]);
    expect(result.report.mapped).toMatchObject({ mitigations: 3, links: 2_500 });
  });

  it('a part title stays within the name limit', () => {
    const long = 'M'.repeat(LIMITS.name);
    expect(partTitle(long, 12).length).toBeLessThanOrEqual(LIMITS.name);
    expect(partTitle(long, 12).endsWith(' (part 12)')).toBe(true);
    expect(MAX_LINKS_PER_MITIGATION).toBe(1_000);
  });
});

describe('the report counts what the document holds', () => {
  const cases: Array<[string, () => Extract<ImportResult, { ok: true }>]> = [
    ['Threat Dragon, 1,500 shared', () => imported(threatDragonSharedMitigation(1_500))],
    ['Threat Dragon, 10 shared', () => imported(threatDragonSharedMitigation(10))],
    ...[
      'threat-dragon/payment-online.json',
      'threat-dragon/three-tier-web-app.json',
      'threat-dragon/v2-threat-model.json',
      'threat-dragon/v2-new-model.json',
      'threat-composer/ThreatComposer.tc.json',
      'threat-composer/ThreatComposerWorkspace-reinforce2024-ex1.tc.json',
      'threat-composer/ThreatModelingForBuilders-Exercise1.tc.json',
    ].map((path): [string, () => Extract<ImportResult, { ok: true }>] => [path, () => imported(JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/peers', path), 'utf8')), path)]),
  ];
  it.each(cases)('%s', (_name, run) => {
    const result = run();
    expect(result.report.mapped).toMatchObject(countsOf(result.document));
    const crossing = result.document.flows.filter((f) => f.crossesTrustBoundary).length;
    expect(result.report.mapped.flowsCrossingTrustBoundaries ?? 0).toBe(crossing);
  });
});
