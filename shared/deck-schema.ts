/**
 * Threat card decks: the format of a deck file and its validation. A card is a prompt a team
 * can deal onto a journey step ("Could someone complete this step as another user?"), with the
 * kinds of step and the data it fits, suggested security outcomes in the user's words, and
 * suggested mitigations (where the jargon belongs).
 *
 * Built-in decks live in `shared/decks/`; teams can also import their own deck files, so a deck
 * is validated like any other file crossing into the app: size first, then JSON, then the
 * schema, then the rules a schema cannot express (unique card ids, cards belong to the deck).
 * Objects are strict: an unknown key (including `__proto__`) is an error with its path, not
 * something silently carried along.
 */
import { z } from 'zod';
import { stepKinds } from './schema.ts'; // also applies the zod configuration (jitless)
import { describeIssues } from './validation.ts';

/** 2 MB of text: dozens of times the size of a large real deck. Checked before parsing. */
export const MAX_DECK_TEXT = 2 * 1024 * 1024;

export const DECK_LIMITS = {
  slug: 120,
  name: 200,
  text: 1_000,
  description: 5_000,
  version: 40,
  cards: 1_000,
  categories: 200,
  suggestions: 20,
  dataTags: 32,
} as const;

const slug = z
  .string()
  .min(1, 'must not be empty')
  .max(DECK_LIMITS.slug, `must be at most ${DECK_LIMITS.slug} characters`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug: lowercase letters and digits joined by "-"');
const nonEmpty = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => text.trim().length > 0, 'must not be empty');
const text = z.string().max(DECK_LIMITS.text, `must be at most ${DECK_LIMITS.text} characters`);
const score = z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
const suggestionList = z
  .array(nonEmpty(DECK_LIMITS.text))
  .max(DECK_LIMITS.suggestions, `must have at most ${DECK_LIMITS.suggestions} items`);
const tagList = z
  .array(z.string().min(1, 'must not be empty').max(60, 'must be at most 60 characters'))
  .max(DECK_LIMITS.dataTags, `must have at most ${DECK_LIMITS.dataTags} items`);

/** Same limits as a threat's category in the session document, so a card's category always fits. */
export const cardCategorySchema = z.strictObject({
  framework: nonEmpty(40),
  key: nonEmpty(60),
});

/** Defaults for the threat grammar; every part optional (a card cannot know the step's context). */
export const cardStatementSchema = z.strictObject({
  source: text.optional(),
  prerequisites: text.optional(),
  action: text.optional(),
  impact: text.optional(),
  impactedGoals: tagList.optional(),
  impactedAssets: tagList.optional(),
});

export const cardSchema = z.strictObject({
  id: slug,
  deck: slug,
  category: cardCategorySchema,
  title: nonEmpty(DECK_LIMITS.name),
  /** A plain question about one journey step. */
  prompt: nonEmpty(DECK_LIMITS.text),
  example: text.default(''),
  /** Empty: the card fits any kind of step. */
  fitsKinds: z.array(z.enum(stepKinds)).max(stepKinds.length, `must have at most ${stepKinds.length} items`).default([]),
  /** Data tags (see STANDARD_DATA_TAGS); empty: the card fits whatever data the step handles. */
  fitsData: tagList.default([]),
  /** What the user must be able to trust, in the user's words. */
  suggestedOutcomes: suggestionList.default([]),
  /** Controls; jargon is fine here. */
  suggestedMitigations: suggestionList.default([]),
  defaultLikelihood: score.optional(),
  defaultImpact: score.optional(),
  statement: cardStatementSchema.optional(),
});

/** A human name for a category key used by the deck's cards ("information-disclosure"). */
export const deckCategorySchema = z.strictObject({
  framework: nonEmpty(40),
  key: nonEmpty(60),
  name: nonEmpty(DECK_LIMITS.name),
  description: text.default(''),
});

const deckShape = z.strictObject({
  id: slug,
  name: nonEmpty(DECK_LIMITS.name),
  description: z.string().max(DECK_LIMITS.description, `must be at most ${DECK_LIMITS.description} characters`).default(''),
  /** The deck's own content version, e.g. "1.0". */
  version: z
    .string()
    .min(1, 'must not be empty')
    .max(DECK_LIMITS.version, `must be at most ${DECK_LIMITS.version} characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9.+-]*$/, 'must look like a version, e.g. "1.0"'),
  categories: z.array(deckCategorySchema).max(DECK_LIMITS.categories, `must have at most ${DECK_LIMITS.categories} items`).default([]),
  cards: z.array(cardSchema).min(1, 'must have at least one card').max(DECK_LIMITS.cards, `must have at most ${DECK_LIMITS.cards} cards`),
});

/** A value quoted in a message, shortened: a hostile deck must not make messages huge. */
function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

export const deckSchema = deckShape.superRefine((deck, ctx) => {
  const seen = new Set<string>();
  deck.cards.forEach((card, index) => {
    if (seen.has(card.id)) ctx.addIssue({ code: 'custom', path: ['cards', index, 'id'], message: `duplicate card id ${quote(card.id)}` });
    seen.add(card.id);
    if (card.deck !== deck.id) {
      ctx.addIssue({ code: 'custom', path: ['cards', index, 'deck'], message: `must be the deck's id ${quote(deck.id)}, not ${quote(card.deck)}` });
    }
  });
  const categoryKeys = new Set<string>();
  deck.categories.forEach((category, index) => {
    const key = `${category.framework}/${category.key}`;
    if (categoryKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['categories', index], message: `duplicate category ${quote(key)}` });
    categoryKeys.add(key);
  });
});

export type Card = z.output<typeof cardSchema>;
export type CardCategory = z.output<typeof cardCategorySchema>;
export type CardStatement = z.output<typeof cardStatementSchema>;
export type DeckCategory = z.output<typeof deckCategorySchema>;
export type Deck = z.output<typeof deckShape>;
/** What a deck file may leave out (defaults fill it in). */
export type DeckInput = z.input<typeof deckShape>;

export type ParseDeckResult = { ok: true; deck: Deck } | { ok: false; message: string; details: string[] };

/** Validates a deck file's text. Never throws: every failure is a message plus where it is. */
export function parseDeck(json: string): ParseDeckResult {
  try {
    if (typeof json !== 'string') return { ok: false, message: 'A deck file must be text.', details: [] };
    if (json.length > MAX_DECK_TEXT) {
      return {
        ok: false,
        message: `This deck file is too large (over ${MAX_DECK_TEXT / (1024 * 1024)} MB of text).`,
        details: [`(top level): ${json.length} characters; the limit is ${MAX_DECK_TEXT}`],
      };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (error) {
      return { ok: false, message: 'This deck file is not valid JSON.', details: [error instanceof Error ? error.message : String(error)] };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, message: 'This is not a Threatstorm card deck: expected a JSON object.', details: [] };
    }
    const parsed = deckSchema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, message: 'The deck does not match the Threatstorm deck format.', details: describeIssues(parsed.error) };
    }
    return { ok: true, deck: parsed.data };
  } catch (error) {
    // Belt and braces: e.g. a stack overflow on absurdly nested input.
    return { ok: false, message: 'The deck could not be read.', details: [error instanceof Error ? error.message : String(error)] };
  }
}

/** A deck as a file: pretty-printed JSON that `parseDeck` reads back to an equal deck. */
export function serializeDeck(deck: Deck): string {
  return `${JSON.stringify(deck, null, 2)}\n`;
}

/** Card content without the deck id, which `defineDeck` stamps on every card. */
export type CardDraft = Omit<Card, 'deck'>;

/** Builds a deck from card drafts (used by the built-in decks). */
export function defineDeck(meta: Omit<Deck, 'cards'>, cards: readonly CardDraft[]): Deck {
  return { ...meta, cards: cards.map((card) => ({ ...card, deck: meta.id })) };
}

