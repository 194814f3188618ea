/**
 * The decks a room can deal from: the built-in ones plus custom decks imported from JSON files.
 * Custom decks are validated before they are stored; a bad file changes nothing.
 */
import { create } from 'zustand';
import { BUILT_IN_DECKS } from '../../shared/decks/index.ts';
import { parseDeck, type Deck } from '../../shared/deck-schema.ts';
import { openDatabase as database } from '../persistence/storage.ts';

interface DeckLibrary {
  custom: Deck[];
  loaded: boolean;
  load(): Promise<void>;
  /** Returns an error message, or null when the deck was added. */
  importDeck(fileName: string, text: string): Promise<{ ok: true; deck: Deck } | { ok: false; message: string; details: string[] }>;
  remove(id: string): Promise<void>;
}


export const useDeckLibrary = create<DeckLibrary>()((set, get) => ({
  custom: [],
  loaded: false,
  load: async () => {
    if (get().loaded) return;
    const db = await database();
    const rows = db ? await db.decks.toArray().catch(() => []) : [];
    const custom: Deck[] = [];
    for (const row of rows) {
      // Stored decks are re-validated: the database is a boundary like any file. A row that
      // cannot even be serialised (cycles, BigInt) is skipped, not allowed to hide the others.
      try {
        const parsed = parseDeck(JSON.stringify(row.deck));
        if (parsed.ok) custom.push(parsed.deck);
      } catch {
        continue;
      }
    }
    set({ custom, loaded: true });
  },
  importDeck: async (fileName, text) => {
    const parsed = parseDeck(text);
    if (!parsed.ok) return { ok: false, message: `"${fileName}" is not a valid card deck: ${parsed.message}`, details: parsed.details };
    const deck = parsed.deck;
    if (BUILT_IN_DECKS.some((builtIn) => builtIn.id === deck.id)) {
      return { ok: false, message: `"${fileName}" uses the id "${deck.id}" of a built-in deck; give the custom deck its own id.`, details: [] };
    }
    // Threats remember the card they came from by id, so a card id must mean one card only.
    const taken = new Set(allDecks(get().custom.filter((d) => d.id !== deck.id)).flatMap((d) => d.cards.map((c) => c.id)));
    const clashes = deck.cards.filter((card) => taken.has(card.id)).map((card) => card.id);
    if (clashes.length > 0) {
      return { ok: false, message: `"${fileName}" reuses card ids of another deck; rename them.`, details: clashes.slice(0, 5).map((id) => `card id "${id}"`) };
    }
    const db = await database();
    if (db) await db.decks.put({ id: deck.id, deck, importedAt: new Date().toISOString() });
    set((state) => ({ custom: [...state.custom.filter((d) => d.id !== deck.id), deck] }));
    return { ok: true, deck };
  },
  remove: async (id) => {
    const db = await database();
    if (db) await db.decks.delete(id);
    set((state) => ({ custom: state.custom.filter((d) => d.id !== id) }));
  },
}));

export function allDecks(custom: readonly Deck[]): Deck[] {
  return [...BUILT_IN_DECKS, ...custom];
}

