/**
 * How deriveBacklog gathers an item's journeys, places, outcomes, criteria and labels from its
 * threats (memoized per threat, deduplicated per item), checked against a plain reading of the
 * rules on items with one threat, a few, and many.
 */
import { describe, expect, it } from 'vitest';
import { deriveBacklog, oneLine, slugify, type BacklogItem } from '../../shared/backlog.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { workloadSession } from '../../tools/sample-sessions.ts';
import { checkoutSession } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

function unique<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The documented rules, read the slow way from the document. */
function expectedLinks(doc: SessionDocument, threatIds: readonly string[]) {
  const threats = unique(threatIds, (id) => id)
    .map((id) => doc.threats.find((t) => t.id === id))
    .filter((t) => t !== undefined);
  const placed = threats.filter((t) => t.anchor);
  const journeyOf = (t: (typeof threats)[number]) => {
    const anchor = t.anchor!;
    const journeyId =
      anchor.type === 'step' ? doc.steps.find((s) => s.id === anchor.id)?.journeyId : doc.flows.find((f) => f.id === anchor.id)?.journeyId;
    return doc.journeys.find((j) => j.id === journeyId);
  };
  const journeys = unique(placed.map(journeyOf).filter((j) => j !== undefined), (j) => j.id);
  const outcomes = unique(
    threats.flatMap((t) => doc.outcomes.filter((o) => o.threatIds.includes(t.id))),
    (o) => o.id,
  );
  const criteria = unique(
    outcomes.flatMap((o) => o.acceptanceCriteria.map((c) => c.trim())).filter((c) => oneLine(c) !== ''),
    (c) => oneLine(c).toLowerCase(),
  );
  const places = unique(placed.filter((t) => journeyOf(t)), (t) => `${t.anchor!.type}:${t.anchor!.id}`).map((t) => t.anchor);
  const categories = unique(
    threats.map((t) => slugify(`${t.category.framework}-${t.category.key}`, 60)),
    (c) => c,
  );
  return { threats: threats.map((t) => t.id), journeys: journeys.map((j) => j.id), outcomes: outcomes.map((o) => o.id), criteria, places, categories };
}

function checkItem(doc: SessionDocument, item: BacklogItem, threatIds: readonly string[]) {
  const expected = expectedLinks(doc, threatIds);
  expect(item.threats.map((t) => t.id)).toEqual(expected.threats);
  expect(item.journeys.map((j) => j.id)).toEqual(expected.journeys);
  expect(item.places.map((p) => p.anchor)).toEqual(expected.places);
  expect(item.outcomes.map((o) => o.id)).toEqual(expected.outcomes);
  expect(item.acceptanceCriteria).toEqual(expected.criteria);
  for (const category of expected.categories) expect(item.labels).toContain(category);
  expect(new Set(item.labels).size).toBe(item.labels.length);
}

function manyThreatsSession(): SessionDocument {
  const doc = checkoutSession();
  // One mitigation on every threat, twice over and in a shuffled order (more than the few a
  // short scan handles), and outcomes that share threats and criteria.
  const ids = doc.threats.map((t) => t.id);
  doc.mitigations.push({
    id: 'm-all',
    title: 'Everything at once',
    description: '',
    threatIds: [...ids.slice().reverse(), ...ids],
    effort: 'XL',
    status: 'proposed',
    owner: '',
  });
  doc.outcomes.push({
    id: 'o3',
    stepId: 's5',
    statement: 'My profile is mine',
    threatIds: ['t3', 't11', 't12', 't3'],
    acceptanceCriteria: ['Session ends after 15 minutes idle', '  ', 'SESSION ENDS  after 15 minutes idle', 'Changes are signed'],
    status: 'draft',
  });
  return doc;
}

describe('deriveBacklog: what items gather from their threats', () => {
  for (const [name, make] of [
    ['the checkout fixture', checkoutSession],
    ['one mitigation on many threats', manyThreatsSession],
    ['a generated workload', () => workloadSession({ steps: 30, threats: 120, outcomes: 50, mitigations: 70 }, 5)],
  ] as const) {
    it(`follows the rules for every item (${name})`, () => {
      const doc = make();
      const backlog = deriveBacklog(doc, { now: NOW });
      for (const item of [...backlog.items, ...backlog.closed]) {
        const threatIds = item.kind === 'decide' ? [item.sourceId] : doc.mitigations.find((m) => m.id === item.sourceId)!.threatIds;
        checkItem(doc, item, threatIds);
      }
    });
  }

  it('gives every item lists of its own', () => {
    const { items } = deriveBacklog(manyThreatsSession(), { now: NOW });
    // (`why` is one string, shared by items with the same reasons: strings are immutable.)
    const lists = items.flatMap((item) => [item.journeys, item.places, item.threats, item.outcomes, item.acceptanceCriteria, item.labels]);
    expect(new Set(lists).size).toBe(lists.length);
  });

  it('derives the same backlog again, also after a derivation that failed half-way', () => {
    const doc = manyThreatsSession();
    const first = deriveBacklog(doc, { now: NOW });
    const broken = manyThreatsSession();
    // Not a valid document: fails while an item's outcomes are being gathered.
    broken.outcomes.push({ ...broken.outcomes[0]!, id: 'o-bad', acceptanceCriteria: null as unknown as string[] });
    expect(() => deriveBacklog(broken, { now: NOW })).toThrow();
    expect(deriveBacklog(doc, { now: NOW })).toEqual(first);
  });
});
