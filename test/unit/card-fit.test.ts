import { describe, expect, it } from 'vitest';
import { cardFits, dealCards, type StepForCards } from '../../shared/card-fit.ts';
import { defineDeck, type CardDraft } from '../../shared/deck-schema.ts';
import { BUILT_IN_DECKS } from '../../shared/decks/index.ts';
import { stepKinds } from '../../shared/schema.ts';
import { STANDARD_DATA_TAGS } from '../../shared/step-kinds.ts';

function draft(id: string, fitsKinds: CardDraft['fitsKinds'], fitsData: string[]): CardDraft {
  return {
    id,
    category: { framework: 'TEST', key: 'test' },
    title: id,
    prompt: `${id}?`,
    example: '',
    fitsKinds,
    fitsData,
    suggestedOutcomes: [],
    suggestedMitigations: [],
  };
}

const step = (kind: StepForCards['kind'], ...dataTags: string[]): StepForCards => ({ kind, dataTags });
const ids = (dealt: ReturnType<typeof dealCards>) => dealt.map((d) => d.card.id);

describe('cardFits', () => {
  const anyCard = draft('any', [], []);
  const storeCard = draft('store', ['datastore'], []);
  const credentialsCard = draft('creds', [], ['credentials']);
  const both = draft('both', ['action', 'system'], ['credentials', 'payment']);

  it('fits any step when the card names no kinds and no data', () => {
    for (const kind of stepKinds) expect(cardFits(anyCard, step(kind))).toBe(true);
  });

  it('needs the step to be one of the card’s kinds', () => {
    expect(cardFits(storeCard, step('datastore'))).toBe(true);
    expect(cardFits(storeCard, step('datastore', 'files'))).toBe(true);
    expect(cardFits(storeCard, step('action'))).toBe(false);
  });

  it('needs the step to handle at least one of the card’s data tags', () => {
    expect(cardFits(credentialsCard, step('action', 'credentials'))).toBe(true);
    expect(cardFits(credentialsCard, step('action', 'personal', 'credentials'))).toBe(true);
    expect(cardFits(credentialsCard, step('action', 'personal'))).toBe(false);
    expect(cardFits(credentialsCard, step('action'))).toBe(false);
  });

  it('needs both when the card names both', () => {
    expect(cardFits(both, step('system', 'payment'))).toBe(true);
    expect(cardFits(both, step('datastore', 'payment'))).toBe(false);
    expect(cardFits(both, step('system', 'health'))).toBe(false);
  });

  it('compares data tags without regard to case or stray spaces', () => {
    expect(cardFits(credentialsCard, step('action', ' Credentials '))).toBe(true);
  });
});

describe('dealCards', () => {
  const deckA = defineDeck({ id: 'a', name: 'A', description: '', version: '1', categories: [] }, [
    draft('a-generic', [], []),
    draft('a-kind-broad', ['action', 'system', 'decision'], []),
    draft('a-kind-narrow', ['action'], []),
    draft('a-data-broad', [], ['credentials', 'personal', 'payment', 'health']),
    draft('a-data-narrow', [], ['credentials']),
    draft('a-data-and-kind', ['action'], ['credentials']),
    draft('a-wrong-kind', ['datastore'], []),
    draft('a-wrong-data', [], ['health']),
  ]);
  const deckB = defineDeck({ id: 'b', name: 'B', description: '', version: '1', categories: [] }, [
    draft('b-generic', [], []),
    draft('b-data-narrow', [], ['credentials']),
    draft('b-two-tags', [], ['credentials', 'personal']),
  ]);

  it('ranks data matches first, then kind matches, then generic cards, and leaves out what does not fit', () => {
    const dealt = dealCards(step('action', 'credentials', 'personal'), [deckA, deckB]);
    expect(ids(dealt)).toEqual([
      'b-two-tags', // both of the step's tags matched, two named
      'a-data-and-kind', // one tag + the kind
      'a-data-broad', // both tags matched, but four named: less specific than b-two-tags
      'a-data-narrow', // one tag matched
      'b-data-narrow', // same score: deck order decides
      'a-kind-narrow', // kind only, one kind named
      'a-kind-broad', // kind only, three named
      'a-generic', // no constraints: last, in deck order
      'b-generic',
    ]);
    for (let i = 1; i < dealt.length; i++) expect(dealt[i - 1]!.score).toBeGreaterThanOrEqual(dealt[i]!.score);
  });

  it('prefers a card about one kind of data to a card about many', () => {
    expect(ids(dealCards(step('decision', 'credentials'), [deckA, deckB]))).toEqual([
      'a-data-narrow',
      'b-data-narrow',
      'b-two-tags',
      'a-data-broad',
      'a-kind-broad',
      'a-generic',
      'b-generic',
    ]);
  });

  it('says why each card fits', () => {
    const byId = new Map(dealCards(step('action', 'credentials', 'personal'), [deckA, deckB]).map((d) => [d.card.id, d.reasons]));
    expect(byId.get('b-two-tags')).toEqual(['handles credentials', 'handles personal details']);
    expect(byId.get('a-data-and-kind')).toEqual(['handles credentials', 'user action']);
    expect(byId.get('a-kind-narrow')).toEqual(['user action']);
    expect(byId.get('a-generic')).toEqual(['fits any step']);
    const thirdParty = dealCards(step('thirdparty', 'Loyalty points'), [
      defineDeck({ id: 'c', name: 'C', description: '', version: '1', categories: [] }, [draft('c-1', ['thirdparty'], ['loyalty points'])]),
    ]);
    expect(thirdParty[0]!.reasons).toEqual(['handles loyalty points', 'third-party step']);
  });

  it('is deterministic and does not reorder the decks it is given', () => {
    const before = JSON.stringify([deckA, deckB]);
    const first = dealCards(step('system', 'credentials'), [deckA, deckB]);
    const second = dealCards(step('system', 'credentials'), [deckA, deckB]);
    expect(second).toEqual(first);
    expect(JSON.stringify([deckA, deckB])).toBe(before);
    // Swapping the decks swaps ties between them.
    const swapped = ids(dealCards(step('system', 'credentials'), [deckB, deckA]));
    expect(swapped.indexOf('b-data-narrow')).toBeLessThan(swapped.indexOf('a-data-narrow'));
  });

  it('honours limit and exclude', () => {
    const all = ids(dealCards(step('action', 'credentials'), [deckA, deckB]));
    expect(ids(dealCards(step('action', 'credentials'), [deckA, deckB], { limit: 3 }))).toEqual(all.slice(0, 3));
    expect(dealCards(step('action', 'credentials'), [deckA, deckB], { limit: 0 })).toEqual([]);
    expect(dealCards(step('action', 'credentials'), [deckA, deckB], { limit: -2 })).toEqual([]);
    expect(ids(dealCards(step('action', 'credentials'), [deckA, deckB], { limit: Number.NaN }))).toEqual(all);
    const excluded = ids(dealCards(step('action', 'credentials'), [deckA, deckB], { exclude: new Set(['a-data-and-kind', 'b-generic']) }));
    expect(excluded).toEqual(all.filter((id) => id !== 'a-data-and-kind' && id !== 'b-generic'));
  });

  it('deals nothing from no decks', () => {
    expect(dealCards(step('action', 'credentials'), [])).toEqual([]);
  });
});

describe('dealing the built-in decks', () => {
  it('puts account takeover and credential stuffing near the top for a step that handles credentials', () => {
    for (const kind of ['action', 'system', 'decision'] as const) {
      const top = ids(dealCards(step(kind, 'credentials'), BUILT_IN_DECKS, { limit: 6 }));
      expect(top, kind).toContain('abuse-ato-leaked-password');
      expect(top, kind).toContain('abuse-stuffing-at-scale');
    }
  });

  it('puts payment fraud first for a payment provider', () => {
    const top = ids(dealCards(step('thirdparty', 'payment'), BUILT_IN_DECKS, { limit: 3 }));
    expect(top).toContain('abuse-payment-stolen-cards');
    expect(top).toContain('abuse-payment-chargeback-abuse');
  });

  it('puts open storage and ransomware near the top for a store of files', () => {
    const top = ids(dealCards(step('datastore', 'files'), BUILT_IN_DECKS, { limit: 4 }));
    expect(top).toContain('abuse-storage-open-to-all');
    expect(top).toContain('abuse-ransomware-file-host');
  });

  it('deals the forgotten-vendor card on a third party whatever it handles', () => {
    for (const tags of [[], ['personal'], ['files', 'other']]) {
      expect(ids(dealCards(step('thirdparty', ...tags), BUILT_IN_DECKS))).toContain('abuse-vendor-nobody-knew');
    }
  });

  it('never deals a credentials-only card on a step without credentials', () => {
    const dealt = ids(dealCards(step('action', 'personal'), BUILT_IN_DECKS));
    expect(dealt).not.toContain('abuse-stuffing-at-scale');
    expect(dealt).not.toContain('abuse-mfa-fatigue-prompts');
  });

  it('has something to ask of every kind of step, with or without data', () => {
    for (const kind of stepKinds) {
      expect(dealCards(step(kind), BUILT_IN_DECKS).length, kind).toBeGreaterThanOrEqual(3);
      for (const tag of STANDARD_DATA_TAGS) {
        const dealt = dealCards(step(kind, tag), BUILT_IN_DECKS);
        expect(dealt.length, `${kind} + ${tag}`).toBeGreaterThanOrEqual(3);
        for (const { card } of dealt) expect(cardFits(card, step(kind, tag))).toBe(true);
      }
    }
  });
});
