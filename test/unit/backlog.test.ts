import { describe, expect, it } from 'vitest';
import {
  deriveBacklog,
  filterBacklog,
  formatThreatStatement,
  localIsoDate,
  priorityOf,
  slugify,
  type BacklogItem,
} from '../../shared/backlog.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { checkoutSession, EXPECTED_ORDER } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12, 0, 0); // local noon, 15 June 2026

function item(items: BacklogItem[], key: string): BacklogItem {
  const found = items.find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
}

function pin(doc: SessionDocument, id: string, itemKey: string, relation: 'above' | 'below', otherKey: string, note = '') {
  doc.backlogPins.push({ id, itemKey, relation, otherKey, note, by: 'Ana', at: '2026-05-02T09:00:00.000Z' });
}

describe('deriveBacklog', () => {
  it('starts from a valid session document', () => {
    expect(loadSessionDocument(checkoutSession()).ok).toBe(true);
  });

  it('ranks items by the documented model, with ties broken by risk and then key', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    expect(items.map((i) => i.key)).toEqual(EXPECTED_ORDER);
    expect(items.map((i) => i.rank)).toEqual(EXPECTED_ORDER.map((_, n) => n + 1));
    expect(items.map((i) => i.score)).toEqual([19.5, 18, 16, 15, 9, 6, 4, 4, 4, 0]);
    expect(items.map((i) => i.priority)).toEqual(['P1', 'P2', 'P2', 'P2', 'P3', 'P3', 'P3', 'P4', 'P4', 'P4']);
  });

  it('explains the rank with the numbers that made it', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    const m1 = item(items, 'mitigation:m1');
    expect(m1.why).toEqual([
      'highest open risk 20 (Critical) from ‘Card skimming’',
      'critical journey ×1.5 (Checkout)',
      '3 votes ×1.3',
      'effort M ÷2',
      'score 19.5',
      'P1: risk × journey weight 30 ≥ 20',
    ]);
    expect(m1).toMatchObject({ risk: 20, severity: 'critical', criticalWeight: 1.5, votes: 3, voteFactor: 1.3, effortWeight: 2, value: 39 });

    const m3 = item(items, 'mitigation:m3');
    expect(m3.why).toContain('12 votes ×2 (10 counted)');
    expect(m3.why).toContain('effort L ÷3');
    expect(m3.why).not.toContain('critical journey ×1.5 (Profile)');

    expect(item(items, 'mitigation:m4').why[0]).toBe('no open linked threat: risk 0');
    expect(item(items, 'decide:t5').why).toContain('effort S ÷1 (a decision is a small task)');
  });

  it('ignores closed threats for the base risk and votes', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    // m1 also links t6 (risk 25, 5 votes, mitigated); only t1 counts.
    expect(item(items, 'mitigation:m1').risk).toBe(20);
    expect(item(items, 'mitigation:m1').votes).toBe(3);
    expect(item(items, 'mitigation:m4')).toMatchObject({ risk: 0, severity: null, score: 0, priority: 'P4' });
  });

  it('weights critical journeys, votes and effort as documented', () => {
    const doc = checkoutSession();
    const base = item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2');
    expect(base.score).toBe(18);

    doc.journeys[0]!.critical = false;
    const notCritical = item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2');
    expect(notCritical.score).toBe(12);
    expect(notCritical.priority).toBe('P2');

    doc.threats.find((t) => t.id === 't2')!.votes = 4;
    expect(item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2').score).toBe(16.8);

    doc.mitigations.find((m) => m.id === 'm2')!.effort = 'XL';
    expect(item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2').score).toBe(3.36);
  });

  it('puts priority buckets on risk × journey weight only', () => {
    expect([25, 20, 19.5, 16, 10, 9, 5, 4.9, 0].map(priorityOf)).toEqual(['P1', 'P1', 'P2', 'P2', 'P2', 'P3', 'P3', 'P4', 'P4']);
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    // Profile tampering (9) gets ×2 from votes but stays P3: votes never escalate priority.
    expect(item(items, 'mitigation:m3').priority).toBe('P3');
    // Processor spoofing (10) on the critical journey: 15 → P2.
    expect(item(items, 'decide:t10').priority).toBe('P2');
  });

  it('creates Decide items only for open, uncovered threats at or above Medium', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    const decide = items.filter((i) => i.kind === 'decide').map((i) => i.key);
    // t4 (risk 4) is too low, t12 is covered by a done mitigation, t10's only mitigation is won't-do.
    expect(decide.sort()).toEqual(['decide:t10', 'decide:t5', 'decide:t9']);
    const t5 = item(items, 'decide:t5');
    expect(t5).toMatchObject({ title: 'Decide: mitigate or accept ‘Data linkability’', effort: 'S', status: 'to-decide', primaryJourneyId: 'j2' });
    expect(item(items, 'decide:t9').primaryJourneyId).toBeNull();
  });

  it('reports done and won’t-do mitigations apart, unranked', () => {
    const { closed, items } = deriveBacklog(checkoutSession(), { now: NOW });
    expect(closed.map((i) => i.key)).toEqual(['mitigation:m5', 'mitigation:m6', 'mitigation:m10']);
    expect(closed.every((i) => i.rank === 0)).toBe(true);
    expect(items.some((i) => i.key === 'mitigation:m6')).toBe(false);
  });

  it('adds outcomes and their deduplicated acceptance criteria to the items that protect them', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    const m2 = item(items, 'mitigation:m2');
    expect(m2.outcomes.map((o) => o.id)).toEqual(['o1', 'o2']);
    expect(m2.outcomes[1]!.where).toBe('Checkout › Enter card');
    // "card number never stored by us " repeats o1's criterion with other case and spacing.
    expect(m2.acceptanceCriteria).toEqual(['Card number never stored by us', 'Checkout page loads no third-party script', 'Session ends after 15 minutes idle']);
    expect(item(items, 'mitigation:m1').acceptanceCriteria).toHaveLength(2);
    expect(item(items, 'mitigation:m3').acceptanceCriteria).toEqual([]);
  });

  it('resolves journeys and places through step and flow anchors', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    const m1 = item(items, 'mitigation:m1');
    expect(m1.journeys.map((j) => j.name)).toEqual(['Checkout']);
    expect(m1.places.map((p) => p.label)).toEqual(['Enter card → Payment processor (card details)', 'Enter card']);
    expect(m1.places[0]!.stepIds).toEqual(['s2', 's3']);
    expect(m1.labels).toEqual(['security', 'journey-checkout', 'severity-critical', 'stride-information-disclosure', 'stride-tampering']);
    expect(m1.threats[0]!.statement).toBe(
      'A malicious script injected into the checkout page can read the card number, which leads to card fraud, negatively impacting confidentiality of card data.',
    );
  });

  it('is deterministic whatever the document order', () => {
    const doc = checkoutSession();
    doc.mitigations.reverse();
    doc.threats.reverse();
    expect(deriveBacklog(doc, { now: NOW }).items.map((i) => i.key)).toEqual(EXPECTED_ORDER);
  });

  it('applies pins in order and records them on the moved item', () => {
    const doc = checkoutSession();
    pin(doc, 'pin1', 'mitigation:m4', 'above', 'mitigation:m1', 'Audit finding, must go first');
    pin(doc, 'pin2', 'mitigation:m8', 'below', 'mitigation:m2');
    pin(doc, 'pin3', 'mitigation:gone', 'above', 'mitigation:m1'); // item no longer exists
    pin(doc, 'pin4', 'decide:t9', 'below', 'mitigation:m6'); // m6 is done, not ranked
    const { items } = deriveBacklog(doc, { now: NOW });
    expect(items.map((i) => i.key)).toEqual([
      'mitigation:m4',
      'mitigation:m1',
      'mitigation:m2',
      'mitigation:m8',
      'decide:t5',
      'decide:t10',
      'decide:t9',
      'mitigation:m3',
      'mitigation:m9',
      'mitigation:m7',
    ]);
    expect(items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const m4 = item(items, 'mitigation:m4');
    expect(m4.pinned).toEqual({ relation: 'above', otherKey: 'mitigation:m1', note: 'Audit finding, must go first', by: 'Ana', at: '2026-05-02T09:00:00.000Z' });
    expect(m4.why.at(-1)).toBe('pinned above ‘Tokenize card entry’ by Ana: Audit finding, must go first');
    expect(item(items, 'mitigation:m8').pinned?.relation).toBe('below');
    expect(item(items, 'decide:t9').pinned).toBeNull();
    expect(item(items, 'mitigation:m1').pinned).toBeNull();
  });

  it('applies later pins on top of earlier ones, including moves to the end', () => {
    const doc = checkoutSession();
    pin(doc, 'pin1', 'mitigation:m1', 'below', 'mitigation:m4');
    pin(doc, 'pin2', 'mitigation:m2', 'below', 'mitigation:m1');
    const keys = deriveBacklog(doc, { now: NOW }).items.map((i) => i.key);
    expect(keys.slice(-3)).toEqual(['mitigation:m4', 'mitigation:m1', 'mitigation:m2']);
    expect(keys[0]).toBe('decide:t5');
  });

  it('lists accepted risks with owner, reason, review date and overdue flag', () => {
    const { accepted } = deriveBacklog(checkoutSession(), { now: NOW });
    expect(accepted).toHaveLength(2);
    expect(accepted[0]).toMatchObject({ threatId: 't7', owner: 'Ana', reason: 'Internal tool only', reviewDate: '2026-01-01', overdue: true, recorded: true });
    expect(accepted[0]!.place?.label).toBe('Accounts DB');
    expect(accepted[1]).toMatchObject({ threatId: 't8', reviewDate: '2026-12-31', overdue: false, place: null });

    const later = deriveBacklog(checkoutSession(), { now: new Date(2027, 0, 1, 12) }).accepted;
    expect(later.every((a) => a.overdue)).toBe(true);
    const onTheDay = deriveBacklog(checkoutSession(), { now: new Date(2026, 0, 1, 23, 30) }).accepted;
    expect(onTheDay.find((a) => a.threatId === 't7')!.overdue).toBe(false);
  });

  it('flags an accepted risk without a recorded acceptance', () => {
    const doc = checkoutSession();
    delete doc.threats.find((t) => t.id === 't8')!.acceptance;
    const a = deriveBacklog(doc, { now: NOW }).accepted.find((r) => r.threatId === 't8')!;
    expect(a).toMatchObject({ recorded: false, owner: '', reviewDate: null, overdue: false });
  });

  it('derives 5,000 items in linear time', () => {
    const doc = checkoutSession();
    doc.threats = [];
    doc.mitigations = [];
    for (let i = 0; i < 5_000; i++) {
      doc.threats.push({
        id: `bt${i}`,
        anchor: { type: 'step', id: 's2' },
        title: `Threat ${i}`,
        category: { framework: 'STRIDE', key: 'spoofing' },
        statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] },
        likelihood: (i % 5) + 1,
        impact: ((i * 3) % 5) + 1,
        status: 'open',
        votes: i % 7,
        notes: '',
      });
      doc.mitigations.push({ id: `bm${i}`, title: `Fix ${i}`, description: '', threatIds: [`bt${i}`], effort: 'M', status: 'proposed', owner: '' });
      if (i % 10 === 0) pin(doc, `bp${i}`, `mitigation:bm${i}`, 'above', 'mitigation:bm0');
    }
    const start = performance.now();
    const { items } = deriveBacklog(doc, { now: NOW });
    expect(items).toHaveLength(5_000);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

describe('filterBacklog', () => {
  const { items } = deriveBacklog(checkoutSession(), { now: NOW });

  it('filters by journey, severity, status, framework and category', () => {
    expect(filterBacklog(items, { journeyId: 'j2' }).map((i) => i.key)).toEqual(['decide:t5', 'mitigation:m3', 'mitigation:m9', 'mitigation:m7', 'mitigation:m8']);
    expect(filterBacklog(items, { severity: 'critical' }).map((i) => i.key)).toEqual(['mitigation:m1']);
    expect(filterBacklog(items, { status: 'to-decide' })).toHaveLength(3);
    expect(filterBacklog(items, { framework: 'linddun' }).map((i) => i.key)).toEqual(['decide:t5']);
    expect(filterBacklog(items, { category: 'STRIDE/spoofing' }).map((i) => i.key)).toEqual(['mitigation:m2', 'decide:t10']);
    expect(filterBacklog(items, { category: 'spoofing', journeyId: 'j2' })).toEqual([]);
  });

  it('searches titles, threats, outcomes and criteria, all words, any case', () => {
    expect(filterBacklog(items, { search: 'SKIMMING' }).map((i) => i.key)).toEqual(['mitigation:m1']);
    expect(filterBacklog(items, { search: 'idle session' }).map((i) => i.key)).toEqual(['mitigation:m2']);
    expect(filterBacklog(items, { search: 'nobody ELSE' }).map((i) => i.key)).toEqual(['mitigation:m2']);
    expect(filterBacklog(items, { search: '  ' })).toHaveLength(items.length);
  });
});

describe('helpers', () => {
  it('slugifies labels without spaces or a leading dash, keeping any script', () => {
    expect(slugify('  Checkout & Pay — Step 2!')).toBe('checkout-pay-step-2');
    expect(slugify('-=Danger=-')).toBe('danger');
    expect(slugify('Café Zürich')).toBe('cafe-zurich');
    expect(slugify('お支払い')).toBe('お支払い');
    expect(slugify('***')).toBe('');
  });

  it('writes the threat grammar as one sentence', () => {
    expect(formatThreatStatement({ source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] })).toBe('');
    expect(formatThreatStatement({ source: 'An insider', prerequisites: '', action: 'copy\nthe database', impact: '', impactedGoals: [], impactedAssets: ['accounts'] })).toBe(
      'An insider can copy the database, affecting accounts.',
    );
  });

  it('takes today in local time', () => {
    expect(localIsoDate(new Date(2026, 1, 3, 0, 5))).toBe('2026-02-03');
  });
});
