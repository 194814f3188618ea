/** Comparing a snapshot with now covers everything a workshop changes, not only threats and steps. */
import { describe, expect, it } from 'vitest';
import { diffSessions, isEmptyDiff } from '../../shared/snapshot-diff.ts';
import { checkoutSession } from './export-fixture.ts';

describe('snapshot compare', () => {
  it('reports journeys, flows, people and agenda phases added, removed and changed', () => {
    const before = checkoutSession();
    const after = structuredClone(before);
    after.journeys[0]!.name = 'Checkout, renamed';
    after.journeys.push({ id: 'j9', name: 'Refunds', persona: '', goal: '', critical: false, stages: [] });
    after.flows = after.flows.filter((f) => f.id !== 'f3');
    after.flows[0]!.label = 'card number';
    after.participants.push({ id: 'p9', name: 'Kim', role: 'observer' });
    after.workshop.phases = [{ id: 'ph9', name: 'Storm threats', minutes: 30 }];
    const diff = diffSessions(before, after);
    expect(diff.journeys).toEqual({ added: ['Refunds'], removed: [], changed: ['Checkout, renamed'] });
    expect(diff.flows.removed).toEqual(['Edit profile → Accounts DB']);
    expect(diff.flows.changed).toEqual(['Open cart → Enter card (card number)']);
    expect(diff.participants.added).toEqual(['Kim']);
    expect(diff.agenda.added).toEqual(['Storm threats']);
    expect(isEmptyDiff(diffSessions(before, structuredClone(before)))).toBe(true);
  });
});
