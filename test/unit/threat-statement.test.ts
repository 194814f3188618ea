import { describe, expect, it } from 'vitest';
import type { Card } from '../../shared/deck-schema.ts';
import { findCard } from '../../shared/decks/index.ts';
import {
  cardScoreSuggestion,
  indefiniteArticle,
  statementFromCard,
  threatDraftFromCard,
  threatSentence,
  type ThreatStatement,
} from '../../shared/threat-statement.ts';

const full: ThreatStatement = {
  source: 'attacker',
  prerequisites: 'with a customer’s leaked password',
  action: 'sign in as the customer',
  impact: 'orders placed in their name',
  impactedGoals: ['confidentiality', 'integrity'],
  impactedAssets: ['customer account'],
};

describe('threatSentence', () => {
  it('builds the whole sentence', () => {
    expect(threatSentence(full)).toBe(
      'An attacker with a customer’s leaked password can sign in as the customer, which leads to orders placed in their name, resulting in reduced confidentiality and integrity of customer account.',
    );
  });

  it('returns an empty string when there is nothing to say', () => {
    expect(threatSentence({})).toBe('');
    expect(threatSentence({ source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] })).toBe('');
    expect(threatSentence({ source: '   ', action: '\n', impactedGoals: ['  '], impactedAssets: [''] })).toBe('');
  });

  it('leaves out missing parts and still reads', () => {
    expect(threatSentence({ action: 'steal saved cards' })).toBe('Someone can steal saved cards.');
    expect(threatSentence({ prerequisites: 'with access to the admin panel', action: 'issue refunds' })).toBe(
      'Someone with access to the admin panel can issue refunds.',
    );
    expect(threatSentence({ source: 'insider' })).toBe('An insider.');
    expect(threatSentence({ source: 'insider', impact: 'data leaks' })).toBe('An insider, which leads to data leaks.');
    expect(threatSentence({ impact: 'Lost money' })).toBe('Lost money.');
    expect(threatSentence({ impactedGoals: ['confidentiality'], impactedAssets: ['card data'] })).toBe('Reduced confidentiality of card data.');
    expect(threatSentence({ action: 'read cards', impactedGoals: ['confidentiality'] })).toBe('Someone can read cards, resulting in reduced confidentiality.');
    expect(threatSentence({ action: 'read cards', impactedAssets: ['card data', 'receipts'] })).toBe(
      'Someone can read cards, putting card data and receipts at risk.',
    );
    expect(threatSentence({ impactedAssets: ['card data'] })).toBe('Card data at risk.');
  });

  it('chooses “a” or “an”, and adds none where the source has its own', () => {
    expect(threatSentence({ source: 'user', action: 'x' })).toBe('A user can x.');
    expect(threatSentence({ source: 'unauthenticated visitor', action: 'x' })).toBe('An unauthenticated visitor can x.');
    expect(threatSentence({ source: 'SMS provider', action: 'x' })).toBe('An SMS provider can x.');
    expect(threatSentence({ source: 'An attacker', action: 'x' })).toBe('An attacker can x.');
    expect(threatSentence({ source: 'the support team', action: 'x' })).toBe('The support team can x.');
    expect(threatSentence({ source: 'Someone on the same Wi-Fi', action: 'x' })).toBe('Someone on the same Wi-Fi can x.');
    expect(threatSentence({ source: 'malicious bots', action: 'x' })).toBe('Malicious bots can x.');
    expect(threatSentence({ source: 'Malicious insider', action: 'x' })).toBe('A malicious insider can x.');
    expect(threatSentence({ source: 'business partner', action: 'x' })).toBe('A business partner can x.');
  });

  it.each([
    ['attacker', 'an'],
    ['user', 'a'],
    ['unique visitor', 'a'],
    ['uninformed customer', 'an'],
    ['hour', 'an'],
    ['honest mistake', 'an'],
    ['hostile vendor', 'a'],
    ['one-time helper', 'a'],
    ['European reseller', 'a'],
    ['employee', 'an'],
    ['SMS gateway', 'an'],
    ['URL', 'a'],
    ['API client', 'an'],
    ['MSP', 'an'],
    ['8-year-old child', 'an'],
    ['18-year-old', 'an'],
    ['12-year-old', 'a'],
    ['“insider”', 'an'],
    ['iPhone thief', 'an'],
  ])('uses the right article for %s', (word, article) => {
    expect(indefiniteArticle(word)).toBe(article);
  });

  it('tidies what people type', () => {
    expect(
      threatSentence({
        source: '  An   attacker ',
        prerequisites: 'on public Wi-Fi, ',
        action: 'Can  Steal the session cookie.',
        impact: 'which leads to account takeover!!',
        impactedGoals: ['Reduced confidentiality', ' Integrity. '],
        impactedAssets: ['sessions;'],
      }),
    ).toBe(
      'An attacker on public Wi-Fi can steal the session cookie, which leads to account takeover, resulting in reduced confidentiality and integrity of sessions.',
    );
    expect(threatSentence({ action: 'SQL-inject the search', impact: 'Leads to data loss.' })).toBe(
      'Someone can SQL-inject the search, which leads to data loss.',
    );
  });

  it('joins lists of three or more with commas and “and”', () => {
    expect(threatSentence({ impactedGoals: ['confidentiality', 'integrity', 'availability'], impactedAssets: ['a', 'b', 'c'] })).toBe(
      'Reduced confidentiality, integrity and availability of a, b and c.',
    );
  });

  it('never produces double spaces, stray commas or a sentence without its capital and full stop', () => {
    const parts = {
      source: ' rogue  admin. ',
      prerequisites: ' with  root ',
      action: ' delete  logs ;',
      impact: ' untraceable  misuse ',
      impactedGoals: [' accountability ', ''],
      impactedAssets: [' audit log ', '  '],
    } as const;
    const keys = Object.keys(parts) as Array<keyof typeof parts>;
    for (let mask = 1; mask < 1 << keys.length; mask++) {
      const statement: Partial<ThreatStatement> = {};
      keys.forEach((key, bit) => {
        if (mask & (1 << bit)) Object.assign(statement, { [key]: parts[key] });
      });
      const sentence = threatSentence(statement);
      expect(sentence, JSON.stringify(statement)).not.toMatch(/\s{2}|\s[,.]|,,|\.\.|,\s*\.|^\s|\s$/);
      expect(sentence, JSON.stringify(statement)).toMatch(/^[A-Z].*[^.,;\s]\.$/);
    }
  });
});

describe('cards and statements', () => {
  const bare: Card = {
    id: 'x-card',
    deck: 'x',
    category: { framework: 'X', key: 'y' },
    title: 'A card',
    prompt: 'What if?',
    example: '',
    fitsKinds: [],
    fitsData: [],
    suggestedOutcomes: [],
    suggestedMitigations: [],
  };

  it('gives an empty statement for a card without defaults', () => {
    expect(statementFromCard(bare)).toEqual({ source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] });
  });

  it('fills a statement from a card’s defaults without sharing its arrays', () => {
    const card = { ...bare, statement: { source: 'bot', impactedGoals: ['availability'] } };
    const statement = statementFromCard(card);
    expect(statement).toEqual({ source: 'bot', prerequisites: '', action: '', impact: '', impactedGoals: ['availability'], impactedAssets: [] });
    statement.impactedGoals.push('integrity');
    expect(card.statement.impactedGoals).toEqual(['availability']);
  });

  it('drafts a threat from a card not scored: the card’s scores are only a suggestion', () => {
    expect(threatDraftFromCard(bare)).toEqual({
      title: 'A card',
      category: { framework: 'X', key: 'y' },
      statement: statementFromCard(bare),
      likelihood: null,
      impact: null,
      cardId: 'x-card',
    });
    expect(cardScoreSuggestion(bare)).toBeNull();
    expect(cardScoreSuggestion({ defaultLikelihood: 2 })).toEqual({ likelihood: 2, impact: 3 });
    const stuffing = findCard('abuse-stuffing-at-scale')!;
    const draft = threatDraftFromCard(stuffing);
    expect(draft).toMatchObject({ likelihood: null, impact: null, cardId: 'abuse-stuffing-at-scale', category: { framework: 'ABUSE', key: 'credential-stuffing' } });
    expect(cardScoreSuggestion(stuffing)).toEqual({ likelihood: 4, impact: 4 });
    expect(threatSentence(draft.statement)).toBe(
      'A criminal group with lists of leaked passwords can test them against our sign-in at scale, which leads to many accounts taken over at once, resulting in reduced confidentiality and integrity of customer accounts.',
    );
  });
});
