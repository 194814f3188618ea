/** The decks that ship with Threatstorm, in the order they are offered. */
import type { Card, CardCategory, Deck } from '../deck-schema.ts';
import { ABUSE_DECK } from './abuse.ts';
import { LINDDUN_DECK } from './linddun.ts';
import { STRIDE_DECK } from './stride.ts';

export { ABUSE_DECK, LINDDUN_DECK, STRIDE_DECK };

export const BUILT_IN_DECKS: readonly Deck[] = [STRIDE_DECK, LINDDUN_DECK, ABUSE_DECK];

const cardsById = new Map<string, Card>(BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((card) => [card.id, card] as const)));

/** A built-in card by id (threats keep `cardId`), or undefined for a custom or unknown card. */
export function findCard(id: string): Card | undefined {
  return cardsById.get(id);
}

/**
 * A readable name for a category: the deck's own name for it when a deck knows it
 * ("Information disclosure"), otherwise the key made readable ("information disclosure").
 */
export function categoryName(category: CardCategory, decks: readonly Deck[] = BUILT_IN_DECKS): string {
  for (const deck of decks) {
    const known = deck.categories.find((c) => c.framework === category.framework && c.key === category.key);
    if (known) return known.name;
  }
  const words = category.key.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
