import { describe, expect, it } from 'vitest';
import {
  deriveBacklog,
  explainRanking,
  filterBacklog,
  itemRef,
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

  it('ranks items by the documented model: priority first, then risk removed per effort, urgency, risk, key', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    expect(items.map((i) => i.key)).toEqual(EXPECTED_ORDER);
    expect(items.map((i) => i.rank)).toEqual(EXPECTED_ORDER.map((_, n) => n + 1));
    expect(items.map((i) => i.urgency)).toEqual([39, 18, 16, 15, 18, 9, 8, 4, 4, 0]);
    expect(items.map((i) => i.score)).toEqual([19.5, 18, 16, 15, 6, 9, 4, 4, 4, 0]);
    expect(items.map((i) => i.priority)).toEqual(['P1', 'P2', 'P2', 'P2', 'P2', 'P3', 'P3', 'P4', 'P4', 'P4']);
  });

  it('never shows a lower priority above a higher one (the screenshot: P2 “High · 12” above P1 “Critical · 20”)', () => {
    // Paying with stolen cards: High 12 on a critical journey with 5 votes; Changing what is
    // sent: Critical 20 on another journey. The votes put the first one on top; its priority
    // must then be P1 as well, and the line must say why.
    const doc = checkoutSession();
    doc.mitigations = [];
    doc.threats = doc.threats.filter((t) => t.id === 't2' || t.id === 't5');
    doc.outcomes = [];
    doc.threats.find((t) => t.id === 't2')!.votes = 5; // 12 × 1.5 × 1.5 = 27
    doc.threats.find((t) => t.id === 't5')!.likelihood = 5; // 20 on Profile (not critical)
    doc.threats.find((t) => t.id === 't5')!.impact = 4;
    const { items } = deriveBacklog(doc, { now: NOW });
    expect(items.map((i) => [i.key, i.priority, i.risk])).toEqual([
      ['decide:t2', 'P1', 12],
      ['decide:t5', 'P1', 20],
    ]);
    expect(items[0]!.why).toBe('High risk on a critical journey · 5 votes · needs a decision');
    expect(items[1]!.why).toBe('Critical risk · needs a decision');
  });

  it('explains each item in one human line: risk, critical journey, votes, effort', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    expect(items.map((i) => i.why)).toEqual([
      'Critical risk on a critical journey · 3 votes · medium effort',
      'High risk on a critical journey · small effort',
      'High risk · needs a decision',
      'High risk on a critical journey · needs a decision',
      'Medium risk · 12 votes · large effort',
      'Medium risk · needs a decision',
      'Medium risk · medium effort',
      'Low risk · small effort',
      'Low risk · small effort',
      'No open risk left · very large effort',
    ]);
    // No arithmetic in the line; the numbers are in the explanation the app shows on request.
    for (const item of items) expect(item.why).not.toMatch(/[×÷≥]|score|\d+\.\d/);
    expect(explainRanking(items[0]!, 5)).toEqual([
      'Risk 20, Critical (likelihood 4 × impact 5), from “Card skimming”.',
      '× 1.5: on a critical journey.',
      '× 1.3: 3 votes, 0.1 each.',
      '= urgency 39: P1 (20 or more; P1 from 20, P2 from 10, P3 from 5).',
      'Within P1: urgency ÷ effort M (2) = 19.5; higher comes first.',
    ]);
    expect(explainRanking(items[4]!, 5)).toContain('× 2: 12 votes (10 count), 0.1 each.');
  });

  it('names the work, the threat and the step in each title', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    expect(items.map((i) => i.title)).toEqual([
      'Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)',
      'Do: Bind session to device — Session hijack at Enter card',
      'Decide: Data linkability at Accounts DB',
      'Decide: Processor spoofing at Payment processor',
      'Do: Sign profile changes — Profile tampering at Edit profile',
      'Decide: Unplaced threat',
      'Do: Rate-limit lookups — Profile enumeration at Accounts DB',
      'Do: Tie A — Weak password at Edit profile',
      'Do: Tie B — Weak password at Edit profile',
      'Do: Patch old bug — Old bug at Enter card',
    ]);
  });

  it('adds the journey to a title when the step’s name is on another journey too', () => {
    const doc = checkoutSession();
    doc.steps.find((s) => s.id === 's5')!.label = 'Enter card'; // Profile now has an "Enter card" too
    const { items } = deriveBacklog(doc, { now: NOW });
    expect(item(items, 'decide:t5').title).toBe('Decide: Data linkability at Profile › Enter card');
    expect(item(items, 'mitigation:m2').title).toBe('Do: Bind session to device — Session hijack at Checkout › Enter card');
    // A name used twice on one journey gains nothing from the journey's name.
    doc.steps.find((s) => s.id === 's5')!.label = 'Edit profile';
    expect(item(deriveBacklog(doc, { now: NOW }).items, 'decide:t5').title).toBe('Decide: Data linkability at Edit profile');
  });

  it('gives each item a short reference that stays the same', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    for (const i of items) {
      expect(i.ref).toMatch(i.kind === 'decide' ? /^D[0-9A-HJKMNP-TV-Z]{7}$/ : /^M[0-9A-HJKMNP-TV-Z]{7}$/);
      expect(i.ref).toBe(itemRef(i.key));
    }
    expect(new Set(items.map((i) => i.ref)).size).toBe(items.length);
    expect(itemRef('decide:6fe6e958-c5bc-4b82-87dd-d194a75c9b57')).toBe(itemRef('decide:6fe6e958-c5bc-4b82-87dd-d194a75c9b57'));
  });

  it('explains the rank with the numbers that made it', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    const m1 = item(items, 'mitigation:m1');
    expect(m1).toMatchObject({ risk: 20, severity: 'critical', critical: true, criticalWeight: 1.5, votes: 3, voteFactor: 1.3, effortWeight: 2, urgency: 39, topThreatId: 't1' });
    expect(item(items, 'mitigation:m4')).toMatchObject({ risk: 0, severity: null, topThreatId: null, why: 'No open risk left · very large effort' });
    expect(explainRanking(item(items, 'decide:t5'), 5).at(-1)).toBe('Within P2: urgency ÷ a decision counts as effort S (1) = 16; higher comes first.');
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
    expect(base).toMatchObject({ urgency: 18, score: 18, priority: 'P2' });

    doc.journeys[0]!.critical = false;
    const notCritical = item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2');
    expect(notCritical).toMatchObject({ urgency: 12, score: 12, priority: 'P2', why: 'High risk · small effort' });

    doc.threats.find((t) => t.id === 't2')!.votes = 4;
    expect(item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2')).toMatchObject({ urgency: 16.8, score: 16.8 });

    doc.mitigations.find((m) => m.id === 'm2')!.effort = 'XL';
    // Effort orders work within a priority; it never lowers the priority.
    expect(item(deriveBacklog(doc, { now: NOW }).items, 'mitigation:m2')).toMatchObject({ urgency: 16.8, score: 3.36, priority: 'P2' });
  });

  it('puts priority bands on urgency: risk × journey weight × votes', () => {
    expect([25, 20, 19.5, 16, 10, 9, 5, 4.9, 0].map(priorityOf)).toEqual(['P1', 'P1', 'P2', 'P2', 'P2', 'P3', 'P3', 'P4', 'P4']);
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    // Profile tampering (9) with 12 votes (×2, 10 count): 18 → P2, and its line says so.
    expect(item(items, 'mitigation:m3')).toMatchObject({ priority: 'P2', why: 'Medium risk · 12 votes · large effort' });
    // Processor spoofing (10) on the critical journey: 15 → P2.
    expect(item(items, 'decide:t10').priority).toBe('P2');
  });

  it('creates Decide items only for open, uncovered threats at or above Medium', () => {
    const { items } = deriveBacklog(checkoutSession(), { now: NOW });
    const decide = items.filter((i) => i.kind === 'decide').map((i) => i.key);
    // t4 (risk 4) is too low, t12 is covered by a done mitigation, t10's only mitigation is won't-do.
    expect(decide.sort()).toEqual(['decide:t10', 'decide:t5', 'decide:t9']);
    const t5 = item(items, 'decide:t5');
    expect(t5).toMatchObject({ title: 'Decide: Data linkability at Accounts DB', effort: 'S', status: 'to-decide', primaryJourneyId: 'j2' });
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
      'A malicious script injected into the checkout page can read the card number, which leads to card fraud, resulting in reduced confidentiality of card data.',
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
      'mitigation:m3',
      'decide:t9',
      'mitigation:m9',
      'mitigation:m7',
    ]);
    expect(items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const m4 = item(items, 'mitigation:m4');
    expect(m4.pinned).toEqual({ relation: 'above', otherKey: 'mitigation:m1', note: 'Audit finding, must go first', by: 'Ana', at: '2026-05-02T09:00:00.000Z' });
    expect(m4.why).toBe('No open risk left · very large effort · moved above “Tokenize card entry” by Ana: Audit finding, must go first');
    // A moved item takes a priority that fits its place, so the list still reads top-down.
    expect(items.map((i) => i.priority)).toEqual(['P1', 'P1', 'P2', 'P2', 'P2', 'P2', 'P2', 'P3', 'P3', 'P4']);
    expect(m4).toMatchObject({ ownPriority: 'P4', priority: 'P1' });
    expect(item(items, 'mitigation:m8')).toMatchObject({ ownPriority: 'P4', priority: 'P2' });
    expect(explainRanking(m4, 5).at(-1)).toBe('Moved above another item by Ana; shown as P1 to fit its new place (P4 by its risk).');
    expect(item(items, 'mitigation:m8').pinned?.relation).toBe('below');
    expect(item(items, 'decide:t9').pinned).toBeNull();
    expect(item(items, 'mitigation:m1').pinned).toBeNull();
  });

  it('applies later pins on top of earlier ones, including moves to the end', () => {
    const doc = checkoutSession();
    pin(doc, 'pin1', 'mitigation:m1', 'below', 'mitigation:m4');
    pin(doc, 'pin2', 'mitigation:m2', 'below', 'mitigation:m1');
    const items = deriveBacklog(doc, { now: NOW }).items;
    const keys = items.map((i) => i.key);
    expect(keys.slice(-3)).toEqual(['mitigation:m4', 'mitigation:m1', 'mitigation:m2']);
    expect(keys[0]).toBe('decide:t5');
    // Moved to the very end, below a P4: they show P4 there.
    expect(items.slice(-3).map((i) => i.priority)).toEqual(['P4', 'P4', 'P4']);
    expect(items[0]!.priority).toBe('P2');
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
    expect(filterBacklog(items, { search: items[2]!.ref.toLowerCase() }).map((i) => i.key)).toEqual([items[2]!.key]);
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

  it('takes today in local time', () => {
    expect(localIsoDate(new Date(2026, 1, 3, 0, 5))).toBe('2026-02-03');
  });
});
