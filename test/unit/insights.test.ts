/** Insights: risk matrix, coverage per journey, launch readiness rules, progress across snapshots. */
import { describe, expect, it } from 'vitest';
import {
  journeyCoverage,
  launchReadiness,
  matrixCell,
  progressCounts,
  progressFromSnapshots,
  riskMatrix,
  threatPlaces,
  type JourneyReadiness,
  type ReadinessKind,
} from '../../shared/insights.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import { CURRENT_SCHEMA_VERSION, EMPTY_WORKSHOP, type Mitigation, type Outcome, type SessionDocument, type Step, type Threat } from '../../shared/schema.ts';

const AT = '2026-05-01T10:00:00.000Z';
const NOW = new Date(2026, 5, 15, 12, 0, 0); // local noon, 15 June 2026

function step(id: string, journeyId: string, label: string, x: number): Step {
  return { id, journeyId, kind: 'action', label, description: '', actor: '', dataTags: [], position: { x, y: 0 } };
}

function threat(id: string, anchor: Threat['anchor'], likelihood: number, impact: number, partial: Partial<Threat> = {}): Threat {
  return blankThreat(anchor, { id, title: `Threat ${id}`, category: { framework: 'STRIDE', key: 'spoofing' }, likelihood, impact, ...partial });
}

function mitigation(id: string, threatIds: string[], status: Mitigation['status']): Mitigation {
  return { id, title: `Mitigation ${id}`, description: '', threatIds, effort: 'M', status, owner: '' };
}

function outcome(id: string, stepId: string, threatIds: string[]): Outcome {
  return { id, stepId, statement: `Outcome ${id}`, threatIds, acceptanceCriteria: [], status: 'draft' };
}

const onStep = (id: string) => ({ type: 'step' as const, id });
const onFlow = (id: string) => ({ type: 'flow' as const, id });

/** Two journeys: Pay (critical: s1 → s2 → s3) and Browse (s4 → s5), no threats yet. */
function base(): SessionDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    session: { id: 'sess', title: 'Insights', product: '', description: '', createdAt: AT, updatedAt: AT, settings: { theme: 'system', backlogThreshold: 5 } },
    participants: [],
    journeys: [
      { id: 'pay', name: 'Pay', persona: '', goal: '', critical: true, stages: [] },
      { id: 'browse', name: 'Browse', persona: '', goal: '', critical: false, stages: [] },
    ],
    steps: [step('s1', 'pay', 'Basket', 0), step('s2', 'pay', 'Card', 200), step('s3', 'pay', 'Processor', 400), step('s4', 'browse', 'List', 0), step('s5', 'browse', 'Item', 200)],
    flows: [
      { id: 'f1', journeyId: 'pay', source: 's1', target: 's2', label: '', crossesTrustBoundary: false },
      { id: 'f2', journeyId: 'pay', source: 's2', target: 's3', label: 'card', crossesTrustBoundary: true },
      { id: 'f3', journeyId: 'browse', source: 's4', target: 's5', label: '', crossesTrustBoundary: false },
    ],
    threats: [],
    outcomes: [],
    mitigations: [],
    backlogPins: [],
    workshop: EMPTY_WORKSHOP,
  };
}

function valid(doc: SessionDocument): SessionDocument {
  const loaded = loadSessionDocument(doc);
  if (!loaded.ok) throw new Error(`fixture invalid: ${loaded.error} ${loaded.details.join('; ')}`);
  return doc;
}

/** A session with threats in known cells on both journeys, one unplaced. */
function stormed(): SessionDocument {
  const doc = base();
  doc.threats = [
    threat('t1', onStep('s2'), 4, 5), // critical 20, pay
    threat('t2', onFlow('f2'), 4, 5), // critical 20, pay (flow s2 → s3)
    threat('t3', onStep('s1'), 2, 5, { status: 'mitigated' }), // high 10, closed
    threat('t4', onStep('s4'), 3, 3), // medium 9, browse
    threat('t5', onStep('s5'), 1, 4, { status: 'accepted', acceptance: { owner: 'Ana', reason: 'Low value', reviewDate: '2026-12-31' } }), // low 4
    threat('t6', null, 4, 5), // critical, not placed
    threat('t7', onStep('s4'), 3, 3, { status: 'mitigating' }), // medium, open
  ];
  doc.outcomes = [outcome('o1', 's2', ['t1']), outcome('o2', 's2', []), outcome('o3', 's4', ['t4'])];
  doc.mitigations = [mitigation('m1', ['t1'], 'planned'), mitigation('m2', ['t4'], 'proposed')];
  return valid(doc);
}

function kinds(readiness: JourneyReadiness | undefined): ReadinessKind[] {
  return (readiness?.reasons ?? []).map((r) => r.kind);
}

function reason(readiness: JourneyReadiness | undefined, kind: ReadinessKind) {
  const found = readiness?.reasons.find((r) => r.kind === kind);
  if (!found) throw new Error(`no reason ${kind}`);
  return found;
}

describe('riskMatrix', () => {
  it('counts every threat of the session in its likelihood × impact cell, with the threat ids', () => {
    const matrix = riskMatrix(stormed(), { openOnly: false });
    expect(matrix.total).toBe(7);
    expect(matrix.maxCount).toBe(3);
    expect(matrixCell(matrix, 4, 5)).toMatchObject({ count: 3, threatIds: ['t1', 't2', 't6'], risk: 20, severity: 'critical' });
    expect(matrixCell(matrix, 2, 5)).toMatchObject({ count: 1, threatIds: ['t3'], risk: 10, severity: 'high' });
    expect(matrixCell(matrix, 3, 3)).toMatchObject({ count: 2, threatIds: ['t4', 't7'], severity: 'medium' });
    expect(matrixCell(matrix, 1, 4)).toMatchObject({ count: 1, threatIds: ['t5'], severity: 'low' });
    const counts = matrix.cells.map((row) => row.map((cell) => cell.count));
    expect(counts).toEqual([
      [0, 0, 0, 1, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 2, 0, 0],
      [0, 0, 0, 0, 3],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('gives every cell the severity band of its risk, whatever it holds', () => {
    const matrix = riskMatrix(base(), { openOnly: false });
    expect(matrix.total).toBe(0);
    expect(matrix.maxCount).toBe(0);
    expect(matrix.cells.map((row) => row.map((cell) => cell.severity[0]))).toEqual([
      ['l', 'l', 'l', 'l', 'm'],
      ['l', 'l', 'm', 'm', 'h'],
      ['l', 'm', 'm', 'h', 'h'],
      ['l', 'm', 'h', 'h', 'c'],
      ['m', 'h', 'h', 'c', 'c'],
    ]);
    expect(matrix.cells[2]![3]).toMatchObject({ likelihood: 3, impact: 4, risk: 12 });
  });

  it('counts only open threats (open, mitigating) when asked', () => {
    const matrix = riskMatrix(stormed(), { openOnly: true });
    expect(matrix.total).toBe(5);
    expect(matrixCell(matrix, 2, 5).count).toBe(0);
    expect(matrixCell(matrix, 1, 4).count).toBe(0);
    expect(matrixCell(matrix, 3, 3).threatIds).toEqual(['t4', 't7']);
  });

  it('narrows to one journey: threats on its steps and flows, never unplaced ones', () => {
    const pay = riskMatrix(stormed(), { journeyId: 'pay', openOnly: false });
    expect(pay.total).toBe(3);
    expect(matrixCell(pay, 4, 5).threatIds).toEqual(['t1', 't2']);
    expect(matrixCell(pay, 2, 5).threatIds).toEqual(['t3']);
    const browse = riskMatrix(stormed(), { journeyId: 'browse', openOnly: true });
    expect(browse.total).toBe(2);
    expect(matrixCell(browse, 3, 3).threatIds).toEqual(['t4', 't7']);
  });

  it('knows where each threat sits: a step, or both ends of a flow', () => {
    const places = threatPlaces(stormed());
    expect(places.get('t1')).toEqual({ journeyId: 'pay', stepIds: ['s2'] });
    expect(places.get('t2')).toEqual({ journeyId: 'pay', stepIds: ['s2', 's3'] });
    expect(places.get('t6')).toEqual({ journeyId: null, stepIds: [] });
  });
});

describe('journeyCoverage', () => {
  it('counts steps considered, steps with outcomes and outcomes with a planned mitigation', () => {
    expect(journeyCoverage(stormed())).toEqual([
      // s1 and s2 have threats on the step (t2 on a flow does not count for s3); o1, o2 on s2;
      // o1's threat t1 has a planned mitigation, o2 has no threat.
      { journeyId: 'pay', name: 'Pay', critical: true, steps: 3, stepsWithThreats: 2, stepsWithOutcomes: 1, stepsConsidered: 2, outcomes: 2, outcomesWithPlan: 1 },
      // o3's threat t4 has only a proposed mitigation.
      { journeyId: 'browse', name: 'Browse', critical: false, steps: 2, stepsWithThreats: 2, stepsWithOutcomes: 1, stepsConsidered: 2, outcomes: 1, outcomesWithPlan: 0 },
    ]);
  });

  it('counts a step with only an outcome as considered, once', () => {
    const doc = stormed();
    doc.outcomes.push(outcome('o4', 's3', []), outcome('o5', 's1', []));
    expect(journeyCoverage(valid(doc))[0]).toMatchObject({ steps: 3, stepsWithThreats: 2, stepsWithOutcomes: 3, stepsConsidered: 3, outcomes: 4 });
  });

  it('counts in-progress and done mitigations as planned, never proposed or won’t do', () => {
    const doc = stormed();
    for (const [status, covered] of [
      ['proposed', 0],
      ['wont-do', 0],
      ['planned', 1],
      ['in-progress', 1],
      ['done', 1],
    ] as const) {
      doc.mitigations = [mitigation('m2', ['t4'], status)];
      expect(journeyCoverage(doc)[1]?.outcomesWithPlan, status).toBe(covered);
    }
  });

  it('lists journeys without steps with zeros', () => {
    const doc = base();
    doc.journeys.push({ id: 'empty', name: 'Empty', persona: '', goal: '', critical: false, stages: [] });
    expect(journeyCoverage(doc)[2]).toEqual({
      journeyId: 'empty',
      name: 'Empty',
      critical: false,
      steps: 0,
      stepsWithThreats: 0,
      stepsWithOutcomes: 0,
      stepsConsidered: 0,
      outcomes: 0,
      outcomesWithPlan: 0,
    });
  });
});

describe('launchReadiness', () => {
  /** Pay with one open High threat on s2 (risk 12) and nothing else. */
  function oneHigh(): SessionDocument {
    const doc = base();
    doc.threats = [threat('h1', onStep('s2'), 3, 4)];
    return doc;
  }

  it('reports critical journeys only, in document order', () => {
    const doc = oneHigh();
    doc.journeys.push({ id: 'admin', name: 'Admin', persona: '', goal: '', critical: true, stages: [] });
    expect(launchReadiness(doc, { now: NOW }).map((r) => r.journeyId)).toEqual(['pay', 'admin']);
    doc.journeys.forEach((j) => (j.critical = false));
    expect(launchReadiness(doc, { now: NOW })).toEqual([]);
  });

  it('is ready when every open High/Critical threat and every outcome has a planned mitigation', () => {
    const doc = oneHigh();
    doc.threats.push(threat('low', onStep('s1'), 2, 2), threat('medium', onStep('s1'), 3, 3));
    doc.outcomes = [outcome('o1', 's2', ['h1'])];
    doc.mitigations = [mitigation('m1', ['h1'], 'planned')];
    const [pay] = launchReadiness(valid(doc), { now: NOW });
    expect(pay).toEqual({ journeyId: 'pay', name: 'Pay', ready: true, reasons: [] });
  });

  describe('rule 1: open High/Critical threats without a mitigation', () => {
    it('flags an open High threat with no mitigation, with its step', () => {
      const [pay] = launchReadiness(valid(oneHigh()), { now: NOW });
      expect(pay?.ready).toBe(false);
      expect(pay?.reasons).toEqual([
        { kind: 'unmitigated-threat', message: '1 open High or Critical threat has no planned mitigation', threatIds: ['h1'], stepIds: ['s2'] },
      ]);
    });

    it('counts a proposed mitigation as no plan; planned, in progress and done clear it', () => {
      for (const [status, ready] of [
        ['proposed', false],
        ['planned', true],
        ['in-progress', true],
        ['done', true],
      ] as const) {
        const doc = oneHigh();
        doc.mitigations = [mitigation('m1', ['h1'], status)];
        expect(launchReadiness(valid(doc), { now: NOW })[0]?.ready, status).toBe(ready);
      }
    });

    it('ignores Low and Medium threats, and High threats that are no longer open', () => {
      const doc = base();
      doc.threats = [
        threat('medium', onStep('s1'), 3, 3),
        threat('done', onStep('s2'), 5, 5, { status: 'mitigated' }),
        threat('moved', onStep('s2'), 5, 5, { status: 'transferred' }),
        threat('na', onStep('s2'), 5, 5, { status: 'not-applicable' }),
      ];
      expect(launchReadiness(valid(doc), { now: NOW })[0]?.ready).toBe(true);
    });

    it('counts mitigating threats as open, Critical ones too, and points at both ends of a flow', () => {
      const doc = base();
      doc.threats = [threat('c1', onFlow('f2'), 5, 5, { status: 'mitigating' }), threat('h2', onStep('s1'), 2, 5), threat('other', onStep('s4'), 5, 5)];
      const [pay] = launchReadiness(valid(doc), { now: NOW });
      expect(reason(pay, 'unmitigated-threat')).toEqual({
        kind: 'unmitigated-threat',
        message: '2 open High or Critical threats have no planned mitigation',
        threatIds: ['c1', 'h2'],
        stepIds: ['s2', 's3', 's1'],
      });
    });
  });

  describe('rule 2: mitigations marked won’t do on a High/Critical threat', () => {
    it('flags a won’t-do mitigation that leaves an open High threat without a plan (once, not also as rule 1)', () => {
      const doc = oneHigh();
      doc.mitigations = [mitigation('m1', ['h1'], 'wont-do'), mitigation('m2', ['h1'], 'proposed')];
      const [pay] = launchReadiness(valid(doc), { now: NOW });
      expect(pay?.reasons).toEqual([
        {
          kind: 'rejected-mitigation',
          message: '1 mitigation is marked won’t do on an open High or Critical threat that has no other plan',
          threatIds: ['h1'],
          mitigationIds: ['m1'],
          stepIds: ['s2'],
        },
      ]);
    });

    it('is history once a planned mitigation replaces it, or the risk is decided otherwise', () => {
      const replaced = oneHigh();
      replaced.mitigations = [mitigation('m1', ['h1'], 'wont-do'), mitigation('m2', ['h1'], 'done')];
      expect(launchReadiness(valid(replaced), { now: NOW })[0]?.ready).toBe(true);

      const accepted = oneHigh();
      accepted.threats[0] = { ...accepted.threats[0]!, status: 'accepted', acceptance: { owner: 'Ana', reason: 'Fraud team covers it', reviewDate: '2026-09-01' } };
      accepted.mitigations = [mitigation('m1', ['h1'], 'wont-do')];
      expect(launchReadiness(valid(accepted), { now: NOW })[0]?.ready).toBe(true);
    });

    it('does not block on a won’t-do mitigation of a Medium threat', () => {
      const doc = base();
      doc.threats = [threat('m', onStep('s1'), 3, 3)];
      doc.mitigations = [mitigation('m1', ['m'], 'wont-do')];
      expect(launchReadiness(valid(doc), { now: NOW })[0]?.ready).toBe(true);
    });

    it('counts several rejected mitigations and threats', () => {
      const doc = base();
      doc.threats = [threat('a', onStep('s1'), 4, 4), threat('b', onStep('s3'), 5, 4)];
      doc.mitigations = [mitigation('m1', ['a', 'b'], 'wont-do'), mitigation('m2', ['b'], 'wont-do')];
      const found = reason(launchReadiness(valid(doc), { now: NOW })[0], 'rejected-mitigation');
      expect(found.message).toBe('2 mitigations are marked won’t do on 2 open High or Critical threats that have no other plan');
      expect(found.threatIds).toEqual(['a', 'b']);
      expect(found.mitigationIds).toEqual(['m1', 'm2']);
      expect(found.stepIds).toEqual(['s1', 's3']);
    });
  });

  describe('rule 3: accepted risks whose review date has passed', () => {
    function acceptedOn(reviewDate: string): SessionDocument {
      const doc = base();
      doc.threats = [
        threat('a1', onStep('s3'), 2, 2, { status: 'accepted', acceptance: { owner: 'Ana', reason: 'Later', reviewDate } }),
        threat('elsewhere', onStep('s4'), 2, 2, { status: 'accepted', acceptance: { owner: 'Ana', reason: 'Later', reviewDate: '2020-01-01' } }),
      ];
      return valid(doc);
    }

    it('flags a review date before today, whatever the risk', () => {
      const [pay] = launchReadiness(acceptedOn('2026-06-14'), { now: NOW });
      expect(pay?.reasons).toEqual([
        { kind: 'overdue-acceptance', message: '1 accepted risk is past the review date', threatIds: ['a1'], stepIds: ['s3'] },
      ]);
    });

    it('treats a review due today or later as still valid (local date of now)', () => {
      expect(launchReadiness(acceptedOn('2026-06-15'), { now: NOW })[0]?.ready).toBe(true);
      expect(launchReadiness(acceptedOn('2026-06-15'), { now: new Date(2026, 5, 16, 0, 5) })[0]?.ready).toBe(false);
      expect(launchReadiness(acceptedOn('2026-06-15'), { now: new Date(2026, 5, 15, 23, 55) })[0]?.ready).toBe(true);
    });
  });

  describe('rule 4: security outcomes without a planned mitigation', () => {
    it('flags outcomes whose threats have no planned mitigation, and outcomes linked to no threat', () => {
      const doc = base();
      doc.threats = [threat('l1', onStep('s1'), 1, 2), threat('l2', onStep('s2'), 1, 2)];
      doc.outcomes = [outcome('o1', 's1', ['l1']), outcome('o2', 's2', []), outcome('o3', 's2', ['l1', 'l2']), outcome('o4', 's4', [])];
      doc.mitigations = [mitigation('m1', ['l1'], 'proposed'), mitigation('m2', ['l2'], 'in-progress')];
      const [pay] = launchReadiness(valid(doc), { now: NOW });
      expect(pay?.reasons).toEqual([
        { kind: 'outcome-without-plan', message: '2 security outcomes have no planned mitigation', outcomeIds: ['o1', 'o2'], stepIds: ['s1', 's2'] },
      ]);
    });

    it('accepts a done mitigation on any one of the outcome’s threats', () => {
      const doc = base();
      doc.threats = [threat('l1', onStep('s1'), 1, 2), threat('l2', onStep('s2'), 1, 2)];
      doc.outcomes = [outcome('o1', 's1', ['l1', 'l2'])];
      doc.mitigations = [mitigation('m1', ['l2'], 'done'), mitigation('m2', ['l1'], 'wont-do')];
      expect(launchReadiness(valid(doc), { now: NOW })[0]?.ready).toBe(true);
    });
  });

  describe('rule 5: nothing stormed yet', () => {
    it('never calls a journey without threats ready', () => {
      const [pay] = launchReadiness(valid(base()), { now: NOW });
      expect(pay?.ready).toBe(false);
      expect(pay?.reasons).toEqual([
        { kind: 'not-reviewed', message: 'No threats recorded yet: storm this journey before calling it ready', threatIds: [], stepIds: [] },
      ]);
    });

    it('counts a threat on one of its flows as storming', () => {
      const doc = base();
      doc.threats = [threat('f', onFlow('f1'), 1, 1)];
      expect(launchReadiness(valid(doc), { now: NOW })[0]?.ready).toBe(true);
    });
  });

  it('lists every reason that holds, in the order of the rules', () => {
    const doc = base();
    doc.threats = [
      threat('h1', onStep('s1'), 4, 4),
      threat('h2', onStep('s2'), 4, 4),
      threat('a1', onStep('s3'), 1, 1, { status: 'accepted', acceptance: { owner: 'Ana', reason: 'Later', reviewDate: '2026-01-01' } }),
    ];
    doc.outcomes = [outcome('o1', 's1', ['h1'])];
    doc.mitigations = [mitigation('m1', ['h2'], 'wont-do')];
    const [pay] = launchReadiness(valid(doc), { now: NOW });
    expect(kinds(pay)).toEqual(['unmitigated-threat', 'rejected-mitigation', 'overdue-acceptance', 'outcome-without-plan']);
  });

  it('turns ready when the last open High threat gets a planned mitigation', () => {
    const doc = stormed();
    const before = launchReadiness(doc, { now: NOW })[0];
    // t2 (flow, Critical) has no mitigation; o2 is linked to no threat.
    expect(kinds(before)).toEqual(['unmitigated-threat', 'outcome-without-plan']);
    expect(reason(before, 'unmitigated-threat').threatIds).toEqual(['t2']);
    doc.outcomes = doc.outcomes.filter((o) => o.id !== 'o2');
    doc.mitigations.push(mitigation('m3', ['t2'], 'planned'));
    expect(launchReadiness(valid(doc), { now: NOW })[0]).toMatchObject({ journeyId: 'pay', ready: true, reasons: [] });
  });
});

describe('progress over time', () => {
  function withStatuses(statuses: Array<Threat['status']>): SessionDocument {
    const doc = base();
    doc.threats = statuses.map((status, n) =>
      threat(`t${n}`, onStep('s1'), 2, 2, status === 'accepted' ? { status, acceptance: { owner: 'Ana', reason: 'Later', reviewDate: '2027-01-01' } } : { status }),
    );
    doc.outcomes = [outcome('o1', 's1', ['t0']), outcome('o2', 's1', [])];
    return valid(doc);
  }

  it('counts open, mitigated and covered outcomes', () => {
    const doc = withStatuses(['open', 'mitigating', 'mitigated', 'accepted', 'not-applicable']);
    doc.mitigations = [mitigation('m1', ['t0'], 'in-progress')];
    expect(progressCounts(doc)).toEqual({ threats: 5, open: 2, mitigated: 1, outcomes: 2, outcomesCovered: 1 });
  });

  it('orders snapshots by time, appends the current document and skips invalid snapshots', () => {
    const early = withStatuses(['open', 'open']);
    const later = withStatuses(['open', 'mitigated', 'open']);
    later.mitigations = [mitigation('m1', ['t0'], 'planned')];
    const legacy: Record<string, unknown> = { ...structuredClone(early), schemaVersion: 1 };
    delete legacy.workshop;
    const current = withStatuses(['mitigated', 'mitigated', 'open']);
    current.session.updatedAt = '2026-05-03T09:00:00.000Z';

    const progress = progressFromSnapshots(
      [
        { name: 'After storming', createdAt: '2026-05-02T15:00:00.000Z', document: later },
        { name: 'Start', createdAt: '2026-05-02T09:00:00.000Z', document: early },
        { name: 'Broken', createdAt: '2026-05-02T10:00:00.000Z', document: { schemaVersion: 2, session: {} } },
        { name: 'Not JSON', createdAt: '2026-05-02T10:00:00.000Z', document: 'nope' },
        { name: 'No date', createdAt: 'yesterday', document: early },
        { name: 'Before upgrade from format 1', createdAt: '2026-05-01T08:00:00.000Z', document: legacy },
      ],
      current,
    );
    expect(progress.skipped).toBe(3);
    expect(progress.points).toEqual([
      { name: 'Before upgrade from format 1', at: '2026-05-01T08:00:00.000Z', current: false, threats: 2, open: 2, mitigated: 0, outcomes: 2, outcomesCovered: 0 },
      { name: 'Start', at: '2026-05-02T09:00:00.000Z', current: false, threats: 2, open: 2, mitigated: 0, outcomes: 2, outcomesCovered: 0 },
      { name: 'After storming', at: '2026-05-02T15:00:00.000Z', current: false, threats: 3, open: 2, mitigated: 1, outcomes: 2, outcomesCovered: 1 },
      { name: 'Now', at: '2026-05-03T09:00:00.000Z', current: true, threats: 3, open: 1, mitigated: 2, outcomes: 2, outcomesCovered: 0 },
    ]);
  });

  it('works without snapshots and without a current document', () => {
    expect(progressFromSnapshots([], null)).toEqual({ points: [], skipped: 0 });
    expect(progressFromSnapshots([], withStatuses(['open'])).points).toHaveLength(1);
  });
});
