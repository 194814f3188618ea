/**
 * Dealing cards onto a journey step: which cards fit the step, best first, and why.
 *
 * A card fits when the step is one of the card's kinds (or the card names none) and the step
 * handles at least one of the card's data tags (or the card names none). Among the cards that
 * fit, what the step handles counts most: a card about credentials is the first thing to ask of
 * a step that handles credentials. Then the step's kind. A card that names few kinds or tags is
 * more specific than one that names many, so it ranks a little higher. Cards with no
 * constraints at all fit everywhere and come last. Ties keep deck order, then card order, so the
 * same step always gets the same hand.
 */
import type { Card, Deck } from './deck-schema.ts';
import { stepKinds, type Step, type StepKind } from './schema.ts';

export type StepForCards = Pick<Step, 'kind' | 'dataTags'>;

export interface DealtCard {
  card: Card;
  /** Higher is a better fit; only meaningful relative to other cards for the same step. */
  score: number;
  /** Why it fits, for people: "handles credentials", "third-party step". */
  reasons: string[];
}

export interface DealOptions {
  /** At most this many cards (default: all that fit). */
  limit?: number;
  /** Card ids to leave out, e.g. cards already played on the step. */
  exclude?: ReadonlySet<string>;
}

const DATA_MATCH = 10;
const KIND_MATCH = 2;

const KIND_REASONS: Record<StepKind, string> = {
  start: 'start of a journey',
  action: 'user action',
  decision: 'decision step',
  system: 'system step',
  datastore: 'data store step',
  thirdparty: 'third-party step',
  end: 'end of a journey',
};

const DATA_REASONS: Record<string, string> = {
  credentials: 'handles credentials',
  payment: 'handles payment details',
  personal: 'handles personal details',
  health: 'handles health details',
  location: 'handles location',
  messages: 'handles messages',
  files: 'handles files',
  other: 'handles other sensitive data',
};

const normalTag = (tag: string) => tag.trim().toLowerCase();

function matchedTags(card: Pick<Card, 'fitsData'>, step: StepForCards): string[] {
  const handled = new Set(step.dataTags.map(normalTag));
  return card.fitsData.filter((tag) => handled.has(normalTag(tag)));
}

/** Whether the card belongs on this step at all. */
export function cardFits(card: Pick<Card, 'fitsKinds' | 'fitsData'>, step: StepForCards): boolean {
  const kindOk = card.fitsKinds.length === 0 || card.fitsKinds.includes(step.kind);
  return kindOk && (card.fitsData.length === 0 || matchedTags(card, step).length > 0);
}

function rate(card: Card, step: StepForCards): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  const tags = matchedTags(card, step);
  if (tags.length > 0) {
    // Each matching tag is strong; a card about one kind of data beats one about many.
    score += DATA_MATCH * tags.length + Math.max(0, 6 - card.fitsData.length);
    for (const tag of tags) reasons.push(DATA_REASONS[normalTag(tag)] ?? `handles ${normalTag(tag)}`);
  }
  if (card.fitsKinds.length > 0) {
    score += KIND_MATCH + (stepKinds.length - card.fitsKinds.length);
    reasons.push(KIND_REASONS[step.kind]);
  }
  if (reasons.length === 0) reasons.push('fits any step');
  return { score, reasons };
}

/** The cards of `decks` that fit `step`, best first. */
export function dealCards(step: StepForCards, decks: readonly Deck[], options: DealOptions = {}): DealtCard[] {
  const ranked: Array<DealtCard & { order: number }> = [];
  let order = 0;
  for (const deck of decks) {
    for (const card of deck.cards) {
      order++;
      if (options.exclude?.has(card.id) || !cardFits(card, step)) continue;
      ranked.push({ card, ...rate(card, step), order });
    }
  }
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  const { limit } = options;
  const count = limit !== undefined && Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : ranked.length;
  return ranked.slice(0, count).map(({ card, score, reasons }) => ({ card, score, reasons }));
}
