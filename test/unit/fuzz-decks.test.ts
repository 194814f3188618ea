/**
 * Hostile card decks, imported through the app's own deck library (`useDeckLibrary.importDeck`:
 * parseDeck → built-in and card-id clash checks → IndexedDB) against a fake-indexeddb database
 * that already holds sessions and a custom deck. For every generated file:
 *
 * - importing never throws and never pollutes a shared prototype;
 * - a refused deck changes nothing stored and gets a readable message whose details name the
 *   damaged place (`cards[3].deck: …`); deck objects are strict, so `__proto__`/`constructor`
 *   keys are refused, not stripped;
 * - an accepted deck is stored as the validated deck and nothing else changes.
 *
 * Decks already stored are re-read through the same validation; hostile rows (cycles, BigInt,
 * Maps) are skipped without breaking the library.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ABUSE_DECK } from '../../shared/decks/index.ts';
import { MAX_DECK_TEXT, parseDeck, serializeDeck, type Deck } from '../../shared/deck-schema.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import type { ThreatstormDatabase } from '../../renderer/db/database.ts';
import { useDeckLibrary } from '../../renderer/cards/deck-library.ts';
import { openStorage } from '../../renderer/persistence/storage.ts';
import {
  caseCounter,
  collectPaths,
  countCase,
  damagedDocument,
  dangerousKeysIn,
  FUZZ_TIMEOUT_MS,
  garbageText,
  getAt,
  prototypeFingerprint,
  prototypeProblems,
  readableRefusalProblems,
  runs,
  type HostileCase,
  type Json,
  type JsonPath,
} from './fuzz-arbitraries.ts';

const AT = '2026-05-01T10:00:00.000Z';

/** A custom deck: eight abuse cards under ids of their own (built-in ids are refused on import). */
function customDeck(): Deck {
  const id = 'fuzz-deck';
  return {
    ...structuredClone(ABUSE_DECK),
    id,
    name: 'Fuzzed deck',
    cards: ABUSE_DECK.cards.slice(0, 8).map((card) => ({ ...structuredClone(card), id: `fuzz-${card.id}`, deck: id })),
  };
}

const REQUIRED: Record<string, readonly string[]> = {
  '': ['id', 'name', 'version', 'cards'],
  cards: ['id', 'deck', 'category', 'title', 'prompt'],
  'cards.category': ['framework', 'key'],
  categories: ['framework', 'key', 'name'],
};

function contextOf(path: JsonPath): string {
  return path
    .slice(0, -1)
    .filter((part): part is string => typeof part === 'string')
    .join('.');
}

function deckDamage(base: Json) {
  const paths = collectPaths(base);
  const where = (test: (path: JsonPath, value: Json | undefined) => boolean) => paths.filter((path) => test(path, getAt(base, path)));
  return damagedDocument(base, {
    entityIdPaths: where((path) => path.length === 3 && path[0] === 'cards' && path[2] === 'id'),
    referencePaths: where((path) => path.length === 3 && path[0] === 'cards' && path[2] === 'deck'),
    numberPaths: where((_path, value) => typeof value === 'number'),
    stringPaths: where((_path, value) => typeof value === 'string'),
    isRequired: (path) => (REQUIRED[contextOf(path)] ?? []).includes(String(path.at(-1))),
    strictObjects: true,
  });
}

let db: ThreatstormDatabase;
let baseline = '';
let prototypes = '';

async function databaseFingerprint(): Promise<string> {
  const [sessions, documents, decks] = await Promise.all([db.sessions.toArray(), db.documents.toArray(), db.decks.toArray()]);
  return JSON.stringify({ sessions, documents, decks: decks.map(({ importedAt: _at, ...row }) => row) });
}

beforeAll(async () => {
  const storage = await openStorage();
  if (!storage.ok) throw new Error(storage.message);
  db = storage.repository.database;
  await storage.repository.save(createSessionDocument('A stored session', new Date(AT)));
  const stored = { ...customDeck(), id: 'stored-deck', cards: [{ ...customDeck().cards[0]!, id: 'stored-card', deck: 'stored-deck' }] };
  await db.decks.put({ id: stored.id, deck: stored, importedAt: AT });
  await useDeckLibrary.getState().load();
  baseline = await databaseFingerprint();
  prototypes = prototypeFingerprint();
});

afterAll(() => {
  const total = [...caseCounter.values()].reduce((sum, count) => sum + count, 0);
  console.info(`deck fuzzing: ${[...caseCounter].map(([target, count]) => `${target} ${count}`).join(', ')} (${total} cases)`);
});

beforeEach(async () => {
  // Put the library and the database back, so one failing case cannot fail every later one.
  for (const row of await db.decks.toArray()) if (row.id !== 'stored-deck') await useDeckLibrary.getState().remove(row.id);
});

async function importHostile(hostile: HostileCase, target: string): Promise<string[]> {
  countCase(target);
  // A file over the size limit is refused as a whole, before anything in it is looked at.
  if (hostile.text.length > MAX_DECK_TEXT) hostile = { ...hostile, path: null };
  const before = await databaseFingerprint();
  let result: Awaited<ReturnType<ReturnType<typeof useDeckLibrary.getState>['importDeck']>>;
  try {
    result = await useDeckLibrary.getState().importDeck('hostile-deck.json', hostile.text);
  } catch (error) {
    return [`importDeck threw: ${String(error)}`];
  }
  const problems = prototypeProblems(prototypes);
  if (!result.ok) {
    problems.push(...readableRefusalProblems(hostile, result.message, result.details));
    if (!result.message.includes('hostile-deck.json')) problems.push(`the message does not name the file: ${result.message}`);
    if ((await databaseFingerprint()) !== before) problems.push('a refused deck changed the database');
  } else {
    if (hostile.mustReject) problems.push('a deck that breaks the format was accepted');
    problems.push(...dangerousKeysIn(result.deck).map((key) => `accepted deck keeps ${key}`));
    const row = await db.decks.get(result.deck.id);
    if (!row) problems.push('an accepted deck was not stored');
    else if (JSON.stringify(row.deck) !== JSON.stringify(result.deck)) problems.push('the stored deck is not the validated deck');
    const again = parseDeck(serializeDeck(result.deck));
    if (!again.ok || JSON.stringify(again.deck) !== JSON.stringify(result.deck)) problems.push('the accepted deck does not round-trip');
    await useDeckLibrary.getState().remove(result.deck.id);
  }
  if ((await databaseFingerprint()) !== baseline) problems.push('the database differs from the baseline');
  return problems;
}

function report(hostile: HostileCase, problems: string[]): void {
  expect(problems, `${hostile.kind}\n${hostile.text.slice(0, 300)}${hostile.text.length > 300 ? '…' : ''}`).toEqual([]);
}

describe('hostile card decks', () => {
  it('the base deck is valid and importable (so every refusal is caused by the damage)', async () => {
    const deck = customDeck();
    expect(parseDeck(serializeDeck(deck))).toMatchObject({ ok: true });
    expect(await importHostile({ kind: 'base', text: serializeDeck(deck), path: null, mustReject: false }, 'base')).toEqual([]);
  });

  it('damaged decks are refused with the place named (or repaired); nothing stored changes', async () => {
    const base = customDeck() as unknown as Json;
    await fc.assert(
      fc.asyncProperty(deckDamage(base), async (hostile) => report(hostile, await importHostile(hostile, 'deck'))),
      runs(350),
    );
  }, FUZZ_TIMEOUT_MS);

  it('text that is no deck at all is refused with a message', async () => {
    await fc.assert(
      fc.asyncProperty(garbageText, async (hostile) => report(hostile, await importHostile(hostile, 'not a deck'))),
      runs(60),
    );
  }, FUZZ_TIMEOUT_MS);

  it('a deck file over the size limit is refused before it is parsed', async () => {
    const text = `{"id":"big","padding":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    const hostile: HostileCase = { kind: 'over 2 MB', text, path: null, mustReject: true };
    report(hostile, await importHostile(hostile, 'size'));
  });

  async function loadWithRows(rows: readonly unknown[]): Promise<void> {
    for (const [index, deck] of rows.entries()) await db.decks.put({ id: `hostile-${index}`, deck, importedAt: AT });
    useDeckLibrary.setState({ loaded: false, custom: [] });
    const problems: string[] = [];
    try {
      await useDeckLibrary.getState().load();
    } catch (error) {
      problems.push(`load threw: ${String(error)}`);
    }
    for (const [index] of rows.entries()) await db.decks.delete(`hostile-${index}`);
    expect(problems).toEqual([]);
    expect(useDeckLibrary.getState().custom.map((deck) => deck.id)).toEqual(['stored-deck']);
  }

  it('hostile rows already in the decks table are skipped when the library loads', async () => {
    const wrongDeck = { ...customDeck(), id: 'wrong', cards: [{ ...customDeck().cards[0]!, deck: 'elsewhere' }] };
    await loadWithRows([new Map([['id', 'map']]), Object.create(null), 'text', null, 42, [customDeck()], wrongDeck, { __proto__: { id: 'x' } }]);
  });

  // Was a bug: JSON.stringify of a cyclic or BigInt row (which IndexedDB stores happily) threw
  // inside load(), so no custom deck loaded at all. deck-library.ts now skips such a row.
  it('a cyclic or BigInt row in the decks table does not break loading the other decks', async () => {
    const cyclic: Record<string, unknown> = { id: 'cyclic' };
    cyclic['cards'] = [cyclic];
    await loadWithRows([cyclic, { id: 'big', cards: [2n ** 70n] }]);
  });
});
