import { describe, expect, it } from 'vitest';
import { MAX_DECK_TEXT, parseDeck, serializeDeck, type Card, type Deck, type DeckInput } from '../../shared/deck-schema.ts';
import { ABUSE_DECK, BUILT_IN_DECKS, LINDDUN_DECK, STRIDE_DECK, categoryName, findCard } from '../../shared/decks/index.ts';
import { findJargon } from '../../shared/jargon.ts';
import { threatSchema } from '../../shared/schema.ts';
import { STANDARD_DATA_TAGS } from '../../shared/step-kinds.ts';
import { threatDraftFromCard, threatSentence, statementFromCard } from '../../shared/threat-statement.ts';

const allCards: Card[] = BUILT_IN_DECKS.flatMap((deck) => deck.cards);

function countByCategory(deck: Deck): Map<string, number> {
  const counts = new Map<string, number>();
  for (const card of deck.cards) counts.set(card.category.key, (counts.get(card.category.key) ?? 0) + 1);
  return counts;
}

describe('built-in decks', () => {
  it('ships STRIDE, privacy and abuse decks in that order', () => {
    expect(BUILT_IN_DECKS.map((deck) => deck.id)).toEqual(['stride', 'linddun', 'abuse']);
  });

  it.each([
    [STRIDE_DECK, 'STRIDE', ['spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege'], 4, 8],
    [LINDDUN_DECK, 'LINDDUN', ['linking', 'identifying', 'non-repudiation', 'detecting', 'data-disclosure', 'unawareness', 'non-compliance'], 2, 5],
    [
      ABUSE_DECK,
      'ABUSE',
      [
        'account-takeover',
        'credential-stuffing',
        'mfa-fatigue',
        'account-enumeration',
        'bots-scalping',
        'payment-fraud',
        'support-social-engineering',
        'account-recovery',
        'shadow-vendor',
        'data-retention',
        'legacy-edge',
        'exposed-storage',
        'ransomware',
        'insider-misuse',
      ],
      1,
      2,
    ],
  ] as const)('%# has every category of its framework with the agreed number of cards', (deck, framework, keys, min, max) => {
    const counts = countByCategory(deck);
    expect([...counts.keys()].sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const count = counts.get(key) ?? 0;
      expect(count, `${deck.id}/${key}`).toBeGreaterThanOrEqual(min);
      expect(count, `${deck.id}/${key}`).toBeLessThanOrEqual(max);
    }
    expect(deck.cards.every((card) => card.category.framework === framework)).toBe(true);
    // Every category used by a card has a human name in the deck, and no name is unused.
    expect(deck.categories.map((c) => c.key).sort()).toEqual([...keys].sort());
  });

  it('gives every card a globally unique id prefixed with its deck, and the right deck id', () => {
    const ids = allCards.map((card) => card.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const deck of BUILT_IN_DECKS) {
      for (const card of deck.cards) {
        expect(card.deck).toBe(deck.id);
        expect(card.id.startsWith(`${deck.id}-`), card.id).toBe(true);
      }
    }
  });

  it.each(allCards.map((card) => [card.id, card] as const))('card %s is well formed and in plain words', (_id, card) => {
    expect(card.prompt.trim().endsWith('?'), 'prompt is a question').toBe(true);
    expect(card.example.length).toBeGreaterThan(0);
    expect(card.suggestedOutcomes.length).toBeGreaterThanOrEqual(1);
    expect(card.suggestedOutcomes.length).toBeLessThanOrEqual(3);
    expect(card.suggestedMitigations.length).toBeGreaterThanOrEqual(1);
    expect(card.suggestedMitigations.length).toBeLessThanOrEqual(4);
    for (const tag of card.fitsData) expect(STANDARD_DATA_TAGS as readonly string[]).toContain(tag);
    expect(new Set(card.fitsKinds).size).toBe(card.fitsKinds.length);
    expect(new Set(card.fitsData).size).toBe(card.fitsData.length);
    // Outcomes are what the user must be able to trust: no jargon, or our own nudge would fire.
    for (const outcome of card.suggestedOutcomes) expect(findJargon(outcome), outcome).toEqual([]);
    // Prompts, titles and examples are for the whole room, not just the security people.
    for (const text of [card.title, card.prompt, card.example]) expect(findJargon(text), text).toEqual([]);
    // The statement defaults read as a sentence.
    expect(threatSentence(statementFromCard(card))).toMatch(/^[A-Z].* can .*, which leads to .*, resulting in reduced .*\.$/);
  });

  it('gives a new threat drawn from any card a valid title, category and statement', () => {
    for (const card of allCards) {
      const threat = { id: 't1', anchor: { type: 'step', id: 's1' }, ...threatDraftFromCard(card) };
      const parsed = threatSchema.safeParse(threat);
      expect(parsed.success, card.id).toBe(true);
    }
  });

  it('fits cards to the steps they are about', () => {
    const card = (id: string) => {
      const found = findCard(id);
      if (!found) throw new Error(`no card ${id}`);
      return found;
    };
    expect(card('abuse-stuffing-at-scale').fitsData).toEqual(['credentials']);
    expect(card('abuse-ato-leaked-password').fitsData).toContain('credentials');
    expect(card('abuse-payment-stolen-cards').fitsData).toEqual(['payment']);
    expect(card('abuse-payment-stolen-cards').fitsKinds).toEqual(expect.arrayContaining(['thirdparty', 'system']));
    expect(card('abuse-storage-open-to-all').fitsKinds).toContain('datastore');
    expect(card('abuse-storage-open-to-all').fitsData).toContain('files');
    expect(card('abuse-vendor-nobody-knew').fitsKinds).toEqual(['thirdparty']);
    expect(card('abuse-ransomware-file-host').fitsData).toContain('files');
  });

  it('every built-in deck survives serializeDeck → parseDeck unchanged', () => {
    for (const deck of BUILT_IN_DECKS) {
      const text = serializeDeck(deck);
      expect(text.length).toBeLessThan(MAX_DECK_TEXT);
      const parsed = parseDeck(text);
      expect(parsed.ok, deck.id).toBe(true);
      if (parsed.ok) expect(parsed.deck).toEqual(deck);
    }
  });

  it('finds cards by id', () => {
    expect(findCard('stride-spoofing-as-another-user')?.title).toBe('Doing this step as someone else');
    expect(findCard('abuse-insider-bulk-export')?.deck).toBe('abuse');
    expect(findCard('no-such-card')).toBeUndefined();
    expect(findCard('__proto__')).toBeUndefined();
  });

  it('names categories for people', () => {
    expect(categoryName({ framework: 'STRIDE', key: 'information-disclosure' })).toBe('Information disclosure');
    expect(categoryName({ framework: 'ABUSE', key: 'mfa-fatigue' })).toBe('MFA fatigue');
    expect(categoryName({ framework: 'CUSTOM', key: 'supply_chain' })).toBe('Supply chain');
  });
});

function minimalDeck(): DeckInput & { cards: Array<Record<string, unknown>> } {
  return {
    id: 'team-deck',
    name: 'Our deck',
    version: '1.0',
    cards: [
      { id: 'team-one', deck: 'team-deck', category: { framework: 'CUSTOM', key: 'ours' }, title: 'One', prompt: 'Could this go wrong?' },
      { id: 'team-two', deck: 'team-deck', category: { framework: 'CUSTOM', key: 'ours' }, title: 'Two', prompt: 'And this?' },
    ],
  };
}

function rejection(text: string): { message: string; details: string } {
  const result = parseDeck(text);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  return { message: result.message, details: result.details.join('\n') };
}

describe('parseDeck', () => {
  it('accepts a minimal deck and fills the defaults', () => {
    const result = parseDeck(JSON.stringify(minimalDeck()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.deck.description).toBe('');
    expect(result.deck.categories).toEqual([]);
    expect(result.deck.cards[0]).toEqual({
      id: 'team-one',
      deck: 'team-deck',
      category: { framework: 'CUSTOM', key: 'ours' },
      title: 'One',
      prompt: 'Could this go wrong?',
      example: '',
      fitsKinds: [],
      fitsData: [],
      suggestedOutcomes: [],
      suggestedMitigations: [],
    });
  });

  it('rejects text that is not JSON, or not an object', () => {
    expect(rejection('{"id": ').message).toBe('This deck file is not valid JSON.');
    expect(rejection('').message).toBe('This deck file is not valid JSON.');
    for (const text of ['null', '[]', '42', '"deck"']) expect(rejection(text).message).toContain('expected a JSON object');
    expect(parseDeck(42 as unknown as string)).toMatchObject({ ok: false, message: 'A deck file must be text.' });
  });

  it('rejects a file over 2 MB before parsing it', () => {
    const deck = minimalDeck();
    deck.cards[0]!.example = 'x'.repeat(3 * 1024 * 1024);
    const { message, details } = rejection(JSON.stringify(deck));
    expect(message).toContain('too large');
    expect(details).toContain('(top level)');
    // Not even valid JSON matters at that size: the size check comes first.
    expect(rejection(`{${' '.repeat(MAX_DECK_TEXT)}`).message).toContain('too large');
  });

  it('rejects an overlong string inside the limit with its path', () => {
    const deck = minimalDeck();
    deck.cards[1]!.title = 'x'.repeat(1_500_000);
    expect(rejection(JSON.stringify(deck)).details).toContain('cards[1].title: must be at most 200 characters');
  });

  it('rejects __proto__ and constructor keys by path and leaves Object.prototype alone', () => {
    const text =
      '{"id":"team-deck","name":"Ours","version":"1.0","__proto__":{"polluted":"top"},' +
      '"cards":[{"id":"team-one","deck":"team-deck","category":{"framework":"X","key":"y","__proto__":{"polluted":"category"}},' +
      '"title":"One","prompt":"Why?","constructor":{"prototype":{"polluted":"constructor"}}}]}';
    const { message, details } = rejection(text);
    expect(message).toBe('The deck does not match the Threatstorm deck format.');
    expect(details).toContain('(top level): Unrecognized key: "__proto__"');
    expect(details).toContain('cards[0].category: Unrecognized key: "__proto__"');
    expect(details).toContain('cards[0]: Unrecognized key: "constructor"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('rejects wrong types with the path of each problem', () => {
    const deck = minimalDeck();
    Object.assign(deck.cards[0]!, { defaultLikelihood: 'high', fitsKinds: ['castle'], fitsData: 'credentials' });
    Object.assign(deck.cards[1]!, { defaultImpact: 6, suggestedOutcomes: [''] });
    const { details } = rejection(JSON.stringify(deck));
    expect(details).toContain('cards[0].defaultLikelihood');
    expect(details).toContain('cards[0].fitsKinds[0]');
    expect(details).toContain('cards[0].fitsData: Invalid input: expected array');
    expect(details).toContain('cards[1].defaultImpact: must be 1 to 5');
    expect(details).toContain('cards[1].suggestedOutcomes[0]: must not be empty');
    expect(rejection(JSON.stringify({ ...minimalDeck(), cards: 'all of them' })).details).toContain('cards: Invalid input: expected array');
    expect(rejection(JSON.stringify({ ...minimalDeck(), id: '../etc/passwd' })).details).toContain('id: must be a slug');
  });

  it('rejects duplicate card ids and cards that claim another deck', () => {
    const deck = minimalDeck();
    deck.cards[1]!.id = 'team-one';
    expect(rejection(JSON.stringify(deck)).details).toContain('cards[1].id: duplicate card id "team-one"');
    const other = minimalDeck();
    other.cards[0]!.deck = 'stride';
    expect(rejection(JSON.stringify(other)).details).toContain('cards[0].deck: must be the deck\'s id "team-deck", not "stride"');
  });

  it('rejects a deck with no cards', () => {
    expect(rejection(JSON.stringify({ ...minimalDeck(), cards: [] })).details).toContain('cards: must have at least one card');
  });

  it('never throws, even on absurdly nested input', () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(() => parseDeck(deep)).not.toThrow();
    expect(parseDeck(deep).ok).toBe(false);
    const deepInField = JSON.stringify({ ...minimalDeck(), name: 'x' }).replace('"x"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => parseDeck(deepInField)).not.toThrow();
    expect(parseDeck(deepInField).ok).toBe(false);
  });
});
