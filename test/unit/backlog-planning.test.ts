/**
 * The backlog as a planning team reads it (issue 16, section 1): the list reads top-down, items
 * read like work, the threat sentence is the app's own, nothing disappears silently (threshold
 * section, placeholders), duplicates are one item, and "not scored" is a state of its own.
 *
 * The evidence session (test/fixtures/ux/checkout-threat-storm.threatstorm.json) is the one a
 * product manager made in ten minutes while the issue was written: two checkout journeys with
 * the same step names, 18 threats from cards, a dot vote, no mitigations.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveBacklog, type Backlog, type BacklogItem } from '../../shared/backlog.ts';
import { setBacklogThreshold } from '../../shared/document-ops.ts';
import { EXPORT_FORMATS } from '../../shared/export/index.ts';
import { exportJira } from '../../shared/export/jira-csv.ts';
import { markdownReport } from '../../shared/export/markdown-report.ts';
import { launchReadiness, riskMatrix } from '../../shared/insights.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { sessionDocumentSchema, type SessionDocument, type Threat } from '../../shared/schema.ts';
import { riskOf } from '../../shared/scoring.ts';
import { blankThreat, mergeThreats } from '../../shared/threat-ops.ts';
import { threatDraftFromCard, threatSentence } from '../../shared/threat-statement.ts';
import { findCard } from '../../shared/decks/index.ts';
import { cardsOn } from '../../shared/threat-duplicates.ts';
import { mitigationSuggestions } from '../../shared/card-suggestions.ts';
import { checkoutSession, parseCsv } from './export-fixture.ts';
import { runs } from './fuzz-arbitraries.ts';

const NOW = new Date(2026, 11, 2, 15);
const EVIDENCE = new URL('../fixtures/ux/checkout-threat-storm.threatstorm.json', import.meta.url);

function evidence(): SessionDocument {
  const loaded = loadSessionDocument(JSON.parse(readFileSync(EVIDENCE, 'utf8')));
  if (!loaded.ok) throw new Error(`${loaded.error} ${loaded.details.join('; ')}`);
  return loaded.document;
}

function threat(id: string, fields: Partial<Threat>): Threat {
  return { ...blankThreat({ type: 'step', id: 's2' }), id, title: `Threat ${id}`, ...fields };
}

/** A session of the checkout fixture with only the given threats (no mitigations, no outcomes). */
function withThreats(threats: Threat[]): SessionDocument {
  return { ...checkoutSession(), threats, mitigations: [], outcomes: [] };
}

const keys = (items: readonly BacklogItem[]) => items.map((i) => i.key);
const everyItem = (backlog: Backlog) => [...backlog.items, ...backlog.belowThreshold, ...backlog.notScored, ...backlog.closed];

describe('the evidence session, as the planning team would get it', () => {
  it('reads top-down: no item has a higher priority than the one above it', () => {
    const { items } = deriveBacklog(evidence(), { now: NOW });
    expect(items.length).toBeGreaterThan(10);
    for (let i = 1; i < items.length; i++) expect(items[i]!.priority >= items[i - 1]!.priority, `${items[i - 1]!.title} / ${items[i]!.title}`).toBe(true);
    // The screenshot's #1, "Paying with stolen cards" (High · 12, 5 votes, critical journey),
    // stays on top and is P1 now, with the reason shown.
    expect(items[0]).toMatchObject({ priority: 'P1', risk: 12, title: 'Decide: Paying with stolen cards at Authorises the payment' });
    expect(items[0]!.why).toBe('High risk on a critical journey · 5 votes · needs a decision');
    expect(items[1]).toMatchObject({ priority: 'P1', risk: 20, why: 'Critical risk · needs a decision' });
  });

  it('names the journey when a step name is on both checkouts', () => {
    const titles = deriveBacklog(evidence(), { now: NOW }).items.map((i) => i.title);
    expect(titles).toContain('Decide: Done without the user meaning to at Checkout (my draft) › Enters card details');
    expect(titles).toContain('Decide: Paying with stolen cards at Check out and pay › Enters card details');
    expect(titles).toContain('Decide: Changing what is sent at Payment provider authorises');
  });

  it('holds the card played twice on one step as one item, votes added up', () => {
    const backlog = deriveBacklog(evidence(), { now: NOW });
    const stolen = everyItem(backlog).filter((i) => i.title === 'Decide: Paying with stolen cards at Authorises the payment');
    expect(stolen).toHaveLength(1);
    expect(stolen[0]).toMatchObject({ duplicates: 1, votes: 5 });
    expect(stolen[0]!.threats).toHaveLength(2);
  });

  it('keeps the Low threat visible below the threshold instead of dropping it', () => {
    const backlog = deriveBacklog(evidence(), { now: NOW });
    expect(backlog.threshold).toBe(5);
    expect(backlog.belowThreshold.map((i) => [i.title, i.priority, i.why])).toEqual([
      ['Decide: A look-alike on the other end at Checkout (my draft) › Creates the order', 'P4', 'Low risk, below the backlog threshold of 5 · needs a decision'],
    ]);
  });

  it('exports descriptions without ranking arithmetic, internal ids or status codes', () => {
    const doc = evidence();
    const [header, ...rows] = parseCsv(exportJira(doc, { now: NOW }).files[0]!.content);
    const description = header!.indexOf('Description');
    for (const row of rows) {
      const text = row[description]!;
      expect(text).not.toMatch(/decide:|mitigation:|[0-9a-f]{8}\\?-[0-9a-f]{4}|to\\?-decide|score \d|÷|≥|rank \d+ at export|effort S/);
      // One short reference line at the end.
      if (row[1] !== 'Epic') expect(text.split('\n').at(-1)).toMatch(/^From the Threatstorm session “Checkout threat storm” · ref D[0-9A-Z]{7}$/);
    }
  });
});

describe('the threat sentence in exports is the one the app shows', () => {
  it('keeps the first word ("A customer with a browser’s developer tools…", not "customer with…")', () => {
    const doc = evidence();
    const changing = doc.threats.find((t) => t.title === 'Changing what is sent')!;
    const sentence = threatSentence(changing.statement);
    expect(sentence.startsWith('A customer with a browser’s developer tools can change values')).toBe(true);
    const jira = exportJira(doc, { now: NOW }).files[0]!.content;
    expect(jira).toContain(sentence);
    expect(jira).not.toMatch(/\*\* customer with/);
  });

  it('every format carries, for every exported threat, the sentence the threat editor shows', () => {
    const doc = evidence();
    const backlog = deriveBacklog(doc, { now: NOW });
    for (const item of backlog.items) {
      const shown = threatSentence(doc.threats.find((t) => t.id === item.threats[0]!.id)!.statement);
      expect(item.threats[0]!.statement).toBe(shown);
    }
    // The text as each format writes it (escaping aside: these sentences hold no markup characters
    // except the hyphen of "signed-in", which Jira escapes).
    const plainSentences = backlog.items.map((i) => i.threats[0]!.statement).filter((s) => !/[-*_[\]|{}!#+^~?]/.test(s));
    expect(plainSentences.length).toBeGreaterThan(5);
    for (const format of EXPORT_FORMATS) {
      if (format.id === 'threat-composer') continue; // a threat model, not a backlog: it keeps its own grammar
      const text = format.run(doc, { now: NOW, backlog }).files.map((f) => f.content).join('\n');
      for (const sentence of plainSentences) expect(text, `${format.id}: ${sentence}`).toContain(sentence);
    }
  });
});

describe('rank and priority agree, whatever the session', () => {
  const threatArb = fc.record({
    likelihood: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 5 }),
    impact: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 5 }),
    votes: fc.integer({ min: 0, max: 15 }),
    step: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
    covered: fc.option(fc.constantFrom<'S' | 'M' | 'L' | 'XL'>('S', 'M', 'L', 'XL'), { freq: 2 }),
  });

  it('the priority shown never goes up as the rank goes down, pins included', () => {
    fc.assert(
      fc.property(
        fc.array(threatArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 6 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        (specs, pins, threshold, critical) => {
          const doc = withThreats(
            specs.map((s, i) => threat(`t${i}`, { anchor: { type: 'step', id: s.step }, likelihood: s.likelihood, impact: s.impact, votes: s.votes, title: `T${i}` })),
          );
          doc.journeys[1]!.critical = critical;
          doc.session.settings.backlogThreshold = threshold;
          specs.forEach((s, i) => {
            if (s.covered) doc.mitigations.push({ id: `m${i}`, title: `Fix ${i}`, description: '', threatIds: [`t${i}`], effort: s.covered, status: 'proposed', owner: '' });
          });
          const ranked = deriveBacklog(doc, { now: NOW }).items;
          pins.forEach(([a, b, above], i) => {
            const x = ranked[a % Math.max(1, ranked.length)];
            const y = ranked[b % Math.max(1, ranked.length)];
            if (x && y) doc.backlogPins.push({ id: `p${i}`, itemKey: x.key, relation: above ? 'above' : 'below', otherKey: y.key, note: '', by: 'Ana', at: '2026-05-02T09:00:00.000Z' });
          });
          const backlog = deriveBacklog(doc, { now: NOW });
          const priorities = backlog.items.map((i) => i.priority);
          for (let i = 1; i < priorities.length; i++) expect(priorities[i]! >= priorities[i - 1]!).toBe(true);
          // Items nobody moved show the priority of their own risk.
          for (const item of backlog.items) if (!item.pinned) expect(item.priority).toBe(item.ownPriority);
          // Every open, scored threat is somewhere; nothing below the threshold is ranked as a decision.
          for (const item of backlog.items) if (item.kind === 'decide') expect(item.risk).toBeGreaterThanOrEqual(threshold);
          for (const item of backlog.belowThreshold) expect([item.risk < threshold, item.priority]).toEqual([true, 'P4']);
          for (const item of backlog.notScored) expect(item.threats.every((t) => !t.open || t.risk === null)).toBe(true);
          const placed = new Set(everyItem(backlog).flatMap((i) => i.threats.map((t) => t.id)));
          expect(doc.threats.every((t) => placed.has(t.id))).toBe(true);
        },
      ),
      runs(200),
    );
  });
});

describe('nothing disappears silently', () => {
  it('lists open threats below the threshold in their own section, and the threshold moves them', () => {
    const doc = withThreats([threat('a', { likelihood: 2, impact: 2 }), threat('b', { likelihood: 3, impact: 3 }), threat('c', { likelihood: 1, impact: 1, votes: 4 })]);
    let backlog = deriveBacklog(doc, { now: NOW });
    expect(keys(backlog.items)).toEqual(['decide:b']);
    expect(keys(backlog.belowThreshold)).toEqual(['decide:a', 'decide:c']);
    expect(backlog.belowThreshold.every((i) => i.rank === 0 && i.priority === 'P4')).toBe(true);

    const lower = setBacklogThreshold(doc, 1);
    backlog = deriveBacklog(lower, { now: NOW });
    expect(keys(backlog.items)).toEqual(['decide:b', 'decide:a', 'decide:c']);
    expect(backlog.belowThreshold).toEqual([]);
    expect(sessionDocumentSchema.safeParse(lower).success).toBe(true);

    const higher = setBacklogThreshold(doc, 10);
    expect(keys(deriveBacklog(higher, { now: NOW }).belowThreshold)).toEqual(['decide:b', 'decide:a', 'decide:c']);
    expect(setBacklogThreshold(doc, 99).session.settings.backlogThreshold).toBe(25);
    expect(setBacklogThreshold(doc, Number.NaN)).toBe(doc);
    expect(setBacklogThreshold(doc, 5)).toBe(doc);
  });

  it('exports them only when asked, after the ranked list', () => {
    const doc = withThreats([threat('a', { likelihood: 2, impact: 2 }), threat('b', { likelihood: 3, impact: 3 }), threat('u', { title: 'Unscored' })]);
    for (const format of EXPORT_FORMATS.filter((f) => f.id === 'csv' || f.id === 'jira-flat' || f.id === 'linear')) {
      const plain = parseCsv(format.run(doc, { now: NOW }).files[0]!.content);
      const all = parseCsv(format.run(doc, { now: NOW, includeBelowThreshold: true, includeNotScored: true }).files[0]!.content);
      const titles = (rows: string[][]) => rows.flat().filter((cell) => cell.startsWith('Decide: '));
      expect(titles(plain), format.id).toEqual(['Decide: Threat b at Enter card']);
      expect(titles(all), format.id).toEqual(['Decide: Threat b at Enter card', 'Decide: Threat a at Enter card', 'Decide: Unscored at Enter card']);
    }
    const csv = parseCsv(EXPORT_FORMATS.find((f) => f.id === 'csv')!.run(doc, { now: NOW, includeBelowThreshold: true }).files[0]!.content);
    const items = csv.filter((r) => r[2] === 'Decision');
    // b: Medium 9 on the critical Checkout journey (13.5) is P2; a, below the threshold, is P4 after it.
    expect(items.map((r) => [r[6], r[7]])).toEqual([
      ['P2', '1'],
      ['P4', '2'],
    ]);
  });

  it('never lets an untouched “New threat” into the backlog or an export, and counts it', () => {
    const placeholder = blankThreat({ type: 'step', id: 's2' }, { id: 'new' });
    const doc = withThreats([placeholder, threat('b', { likelihood: 3, impact: 3 })]);
    const backlog = deriveBacklog(doc, { now: NOW });
    expect(everyItem(backlog).flatMap((i) => i.threats.map((t) => t.id))).toEqual(['b']);
    expect(backlog.placeholders).toBe(1);
    for (const format of EXPORT_FORMATS.filter((f) => f.id !== 'threat-composer')) {
      const text = format.run(doc, { now: NOW, includeBelowThreshold: true, includeNotScored: true }).files.map((f) => f.content).join('\n');
      expect(text, format.id).not.toContain('New threat');
    }
    // Once somebody writes in it, or scores it, it is a threat.
    const named = withThreats([{ ...placeholder, statement: { ...placeholder.statement, source: 'a bot' } }]);
    expect(keys(deriveBacklog(named, { now: NOW }).notScored)).toEqual(['decide:new']);
    const scored = withThreats([{ ...placeholder, likelihood: 3, impact: 3 }]);
    expect(keys(deriveBacklog(scored, { now: NOW }).items)).toEqual(['decide:new']);
  });
});

describe('not scored is a state', () => {
  it('a new threat, from a card or not, starts not scored; the card only suggests', () => {
    expect(blankThreat(null)).toMatchObject({ likelihood: null, impact: null });
    const card = findCard('abuse-stuffing-at-scale')!;
    const fromCard = blankThreat({ type: 'step', id: 's2' }, { ...threatDraftFromCard(card), id: 'x' });
    expect(riskOf(fromCard)).toBeNull();
    const backlog = deriveBacklog(withThreats([fromCard]), { now: NOW });
    expect(backlog.items).toEqual([]);
    expect(backlog.notScored.map((i) => [i.title, i.why, i.rank, i.risk, i.severity])).toEqual([
      [`Decide: ${card.title} at Enter card`, 'Not scored yet · needs a decision', 0, 0, null],
    ]);
  });

  it('a deliberate 3 × 3 is scored; half a score is not', () => {
    const backlog = deriveBacklog(withThreats([threat('a', { likelihood: 3, impact: 3 }), threat('b', { likelihood: 3, impact: null })]), { now: NOW });
    expect(keys(backlog.items)).toEqual(['decide:a']);
    expect(keys(backlog.notScored)).toEqual(['decide:b']);
  });

  it('a mitigation ranks by its scored threats and says how many are not scored', () => {
    const doc = withThreats([threat('a', { likelihood: 4, impact: 4 }), threat('b', {}), threat('c', {})]);
    doc.mitigations = [
      { id: 'm1', title: 'Both', description: '', threatIds: ['a', 'b'], effort: 'S', status: 'proposed', owner: '' },
      { id: 'm2', title: 'Only unscored', description: '', threatIds: ['c'], effort: 'S', status: 'proposed', owner: '' },
    ];
    const backlog = deriveBacklog(doc, { now: NOW });
    expect(backlog.items.map((i) => [i.key, i.risk, i.unscored, i.why])).toEqual([['mitigation:m1', 16, 1, 'High risk on a critical journey · 1 linked threat not scored · small effort']]);
    expect(backlog.notScored.map((i) => [i.key, i.why])).toEqual([['mitigation:m2', 'Not scored yet · small effort']]);
  });

  it('stays out of the risk matrix, and keeps a critical journey from being ready', () => {
    const doc = withThreats([threat('a', {}), threat('b', { likelihood: 2, impact: 2 })]);
    const matrix = riskMatrix(doc, { openOnly: true });
    expect([matrix.total, matrix.unscored]).toEqual([1, 1]);
    const checkout = launchReadiness(doc, { now: NOW }).find((j) => j.journeyId === 'j1')!;
    expect(checkout.ready).toBe(false);
    expect(checkout.reasons.map((r) => [r.kind, r.message])).toContainEqual(['unscored-threat', '1 open threat is not scored yet']);
    // Scored, Low and mitigation-free: nothing else keeps it from being ready.
    const scored = withThreats([threat('a', { likelihood: 1, impact: 1 }), threat('b', { likelihood: 2, impact: 2 })]);
    expect(launchReadiness(scored, { now: NOW }).find((j) => j.journeyId === 'j1')!.ready).toBe(true);
  });

  it('the report counts them and lists them apart', () => {
    const md = markdownReport(withThreats([threat('a', { title: 'Unsure' }), threat('b', { likelihood: 2, impact: 2 })]), { now: NOW });
    expect(md).toContain('- Threats: 2, 2 open (Critical 0, High 0, Medium 0, Low 1, not scored 1)');
    expect(md).toContain('### Not scored yet (1)');
    expect(md).toContain('- **Decide: Unsure at Enter card** — Not scored yet · needs a decision');
    expect(md).toContain('### Below the backlog threshold (1)');
  });
});

describe('duplicates', () => {
  const card = findCard('abuse-stuffing-at-scale')!;
  const played = (id: string, votes = 0) => ({ ...blankThreat({ type: 'step', id: 's2' }, { ...threatDraftFromCard(card), notes: card.prompt }), id, votes, likelihood: 4, impact: 4 });

  it('knows which cards are already on a step or flow', () => {
    const doc = withThreats([played('a'), { ...played('b'), anchor: { type: 'flow', id: 'f2' } }]);
    expect([...cardsOn(doc.threats, { type: 'step', id: 's2' })]).toEqual([card.id]);
    expect(cardsOn(doc.threats, { type: 'step', id: 's1' }).size).toBe(0);
    expect([...cardsOn(doc.threats, { type: 'flow', id: 'f2' })]).toEqual([card.id]);
  });

  it('makes one backlog item of the same card played twice on a step (or a suggestion clicked twice)', () => {
    const doc = withThreats([played('a', 2), played('b', 1), { ...played('c'), anchor: { type: 'step', id: 's3' } }]);
    const backlog = deriveBacklog(doc, { now: NOW });
    expect(backlog.items.map((i) => [i.key, i.duplicates, i.votes])).toEqual([
      ['decide:a', 1, 3],
      ['decide:c', 0, 0],
    ]);
    // The same card elsewhere, or edited into another threat, is not a duplicate.
    doc.threats[1] = { ...doc.threats[1]!, title: 'Stuffing through the API' };
    expect(deriveBacklog(doc, { now: NOW }).items.map((i) => i.duplicates)).toEqual([0, 0, 0]);
  });

  it('merges duplicates into one threat, keeping links, votes, ballots and pins, and every rule of the format', () => {
    const doc = withThreats([played('a', 2), { ...played('b', 1), likelihood: null, impact: null, notes: 'Seen in the logs' }, threat('z', { likelihood: 2, impact: 2 })]);
    doc.participants = [
      { id: 'p1', name: 'Ana', role: 'facilitator' },
      { id: 'p2', name: 'Bo', role: 'participant' },
    ];
    doc.outcomes = [{ id: 'o1', stepId: 's2', statement: 'Only I sign in as me', threatIds: ['b', 'a'], acceptanceCriteria: [], status: 'draft' }];
    doc.mitigations = [{ id: 'm1', title: 'Rate limits', description: '', threatIds: ['b', 'z'], effort: 'S', status: 'proposed', owner: '' }];
    doc.backlogPins = [{ id: 'pin', itemKey: 'decide:b', relation: 'above', otherKey: 'decide:z', note: '', by: 'Ana', at: '2026-05-02T09:00:00.000Z' }];
    doc.workshop = {
      ...doc.workshop,
      votes: [
        {
          id: 'v1',
          scope: 'session',
          dotsPerParticipant: 3,
          status: 'open',
          openedAt: '2026-05-02T09:00:00.000Z',
          ballots: [
            { participantId: 'p1', threatId: 'a', dots: 1 },
            { participantId: 'p1', threatId: 'b', dots: 2 },
            { participantId: 'p2', threatId: 'b', dots: 1 },
          ],
        },
      ],
    };
    expect(sessionDocumentSchema.safeParse(doc).success).toBe(true);

    const merged = mergeThreats(doc, 'a', ['b']);
    expect(sessionDocumentSchema.safeParse(merged).success).toBe(true);
    expect(merged.threats.map((t) => t.id)).toEqual(['a', 'z']);
    expect(merged.threats[0]).toMatchObject({ votes: 3, likelihood: 4, impact: 4, cardId: card.id, notes: `${card.prompt}\n\nSeen in the logs` });
    expect(merged.outcomes[0]!.threatIds).toEqual(['a']);
    expect(merged.mitigations[0]!.threatIds).toEqual(['a', 'z']);
    expect(merged.backlogPins).toEqual([{ ...doc.backlogPins[0]!, itemKey: 'decide:a' }]);
    expect(merged.workshop.votes[0]!.ballots).toEqual([
      { participantId: 'p1', threatId: 'a', dots: 3 },
      { participantId: 'p2', threatId: 'a', dots: 1 },
    ]);
    // Nothing to merge: the same document.
    expect(mergeThreats(doc, 'a', [])).toBe(doc);
    expect(mergeThreats(doc, 'a', ['a', 'gone'])).toBe(doc);
    // An unscored keeper takes the scores of the one merged into it.
    expect(mergeThreats(doc, 'b', ['a']).threats.find((t) => t.id === 'b')).toMatchObject({ likelihood: 4, impact: 4 });
  });
});

describe('card suggestions on Decide items', () => {
  it('come from the map the caller gives (the decks it knows), for the threat’s card', () => {
    const doc = evidence();
    expect(deriveBacklog(doc, { now: NOW }).items.every((i) => i.suggestions.length === 0)).toBe(true);
    const suggestions = mitigationSuggestions(doc.threats, findCard);
    const items = deriveBacklog(doc, { now: NOW, suggestions }).items;
    const changing = items.find((i) => i.title === 'Decide: Changing what is sent at Payment provider authorises')!;
    expect(changing.suggestions).toEqual(findCard('stride-tampering-changed-values')!.suggestedMitigations);
    // A custom card nobody here knows suggests nothing; the item still reads.
    expect(mitigationSuggestions([{ cardId: 'custom-card' }, { cardId: undefined }], findCard).size).toBe(0);
  });
});
