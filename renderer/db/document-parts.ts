/**
 * How a session document is laid out in IndexedDB (database version 3 on).
 *
 * An autosave must cost little main-thread time whatever the session's size (DESIGN.md §4: ≤ 20
 * ms for 300 steps / 1,500 threats). Writing the whole document means a structured clone of all
 * of it on every save, ~20 ms for that session on its own. So the five big collections (steps,
 * flows, threats, outcomes, mitigations) are stored in blocks of `BLOCK_SIZE` items, one row per
 * block, and the rest of the document (the head: session, journeys, participants, workshop,
 * pins) in the `documents` row. The session's documents are immutable (every edit makes new
 * objects for what it changed and keeps the others), so a block whose items are the very same
 * objects as in the block last written is unchanged and is not written again.
 *
 * Rows written before version 3 hold the whole document (`document`); they are still read, and
 * the next save rewrites them in this layout.
 */
import type { SessionDocument } from '../../shared/schema.ts';

export const BLOCK_SIZE = 100;
export const CHUNKED_COLLECTIONS = ['steps', 'flows', 'threats', 'outcomes', 'mitigations'] as const;
export type ChunkedCollection = (typeof CHUNKED_COLLECTIONS)[number];

/** One block of a collection: `items` are up to BLOCK_SIZE consecutive entries. */
export interface DocumentBlock {
  key: string;
  sessionId: string;
  items: unknown;
}

/**
 * The documents row: the head and how many blocks each collection has, or (before v3) the whole
 * document. Kept as `unknown`: every load validates it through the migration chain.
 */
export interface DocumentRow {
  id: string;
  revision?: number;
  /** Before version 3: the whole document. */
  document?: unknown;
  /** The document without its chunked collections. */
  head?: unknown;
  /** Number of blocks of each chunked collection. */
  blocks?: unknown;
}

export type Blocks = Record<ChunkedCollection, readonly (readonly unknown[])[]>;

export function blockKey(sessionId: string, collection: ChunkedCollection, index: number): string {
  return `${sessionId}\u0000${collection}\u0000${index}`;
}

/** Splits a document into its head and the blocks of its chunked collections. */
export function splitDocument(document: SessionDocument): { head: Record<string, unknown>; blocks: Blocks } {
  const head: Record<string, unknown> = { ...document };
  const blocks = {} as Record<ChunkedCollection, unknown[][]>;
  for (const collection of CHUNKED_COLLECTIONS) {
    const items = document[collection] as readonly unknown[];
    const list: unknown[][] = [];
    for (let start = 0; start < items.length; start += BLOCK_SIZE) list.push(items.slice(start, start + BLOCK_SIZE));
    blocks[collection] = list;
    head[collection] = [];
  }
  return { head, blocks };
}

/** The documents row of a split document. */
export function documentRow(id: string, head: Record<string, unknown>, blocks: Blocks, revision: number): DocumentRow {
  const counts = Object.fromEntries(CHUNKED_COLLECTIONS.map((collection) => [collection, blocks[collection].length]));
  return { id, revision, head, blocks: counts };
}

/** Every row a document is stored as: its documents row and all its blocks (for seeding tools). */
export function storedRows(document: SessionDocument, revision = 1): { row: DocumentRow; blocks: DocumentBlock[] } {
  const id = document.session.id;
  const { head, blocks } = splitDocument(document);
  const rows = CHUNKED_COLLECTIONS.flatMap((collection) =>
    blocks[collection].map((items, index) => ({ key: blockKey(id, collection, index), sessionId: id, items })),
  );
  return { row: documentRow(id, head, blocks, revision), blocks: rows };
}

/** True when two blocks hold the very same objects in the same order. */
export function sameBlock(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Block counts of a stored row, or null when the row does not carry valid ones. */
export function blockCounts(row: DocumentRow): Record<ChunkedCollection, number> | null {
  const counts = row.blocks;
  if (typeof counts !== 'object' || counts === null) return null;
  const result = {} as Record<ChunkedCollection, number>;
  for (const collection of CHUNKED_COLLECTIONS) {
    const count = (counts as Record<string, unknown>)[collection];
    // A block holds at least one item and the schema allows at most 20,000 per collection.
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || count > 100_000) return null;
    result[collection] = count;
  }
  return result;
}

export type Assembled = { ok: true; document: unknown } | { ok: false; message: string };

/**
 * Puts a stored document back together (not validated: the caller runs it through the
 * migration chain). A missing or damaged block is reported, never guessed.
 */
export async function assembleDocument(
  row: DocumentRow,
  readBlocks: (keys: string[]) => Promise<(DocumentBlock | undefined)[]>,
): Promise<Assembled> {
  if (row.head === undefined) return { ok: true, document: row.document };
  const counts = blockCounts(row);
  const head = row.head;
  if (!counts || typeof head !== 'object' || head === null || Array.isArray(head)) {
    return { ok: false, message: 'The stored session is damaged: its list of parts is unreadable.' };
  }
  const document: Record<string, unknown> = { ...(head as Record<string, unknown>) };
  for (const collection of CHUNKED_COLLECTIONS) {
    const keys = Array.from({ length: counts[collection] }, (_, index) => blockKey(row.id, collection, index));
    const stored = keys.length > 0 ? await readBlocks(keys) : [];
    const items: unknown[] = [];
    for (let index = 0; index < keys.length; index++) {
      const block = stored[index]?.items;
      if (!Array.isArray(block)) {
        return { ok: false, message: `The stored session is damaged: part ${index + 1} of its ${collection} is missing.` };
      }
      for (const item of block) items.push(item);
    }
    document[collection] = items;
  }
  return { ok: true, document };
}
