/**
 * Sessions in IndexedDB: a small index row for the home screen and the full document, always
 * written together in one transaction so the list never disagrees with the content.
 *
 * Two windows (or tabs) on the same session must never overwrite each other silently. Every
 * stored document row carries a `revision` (a counter on the row, not in the session document,
 * so files and exports never see it). A repository remembers the revision it last read or wrote
 * for each session; a save first compares it with the stored one inside the write transaction
 * (IndexedDB runs overlapping read-write transactions one after the other, across windows), and
 * when another window has saved in between it refuses with a `SessionConflictError` instead of
 * writing.
 *
 * The document is stored as a head row plus blocks of its big collections (document-parts.ts):
 * a save writes the head and only the blocks that changed since this window's last write.
 */
import { checkDocument, describeDocumentIssues } from '../../shared/document-check.ts';
import { loadSessionDocument, type LoadResult } from '../../shared/migrations.ts';
import { newId } from '../../shared/ids.ts';
import { readSummaryRow, summarize, type SessionSummary } from '../../shared/session-factory.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import type { ThreatstormDatabase } from './database.ts';
import { assembleDocument, blockCounts, type Assembled, blockKey, CHUNKED_COLLECTIONS, documentRow, sameBlock, splitDocument, type Blocks, type DocumentBlock, type DocumentRow } from './document-parts.ts';

export type SessionLoad = LoadResult | { ok: false; error: 'not-found'; details: [] };

/** What this window last wrote of a session: at which revision, and the blocks it wrote. */
interface Written {
  revision: number;
  blocks: Blocks;
}

export const SESSION_CONFLICT_MESSAGE =
  'this session was changed in another window. Your latest edits here are not saved: reload to get the other version, or keep yours with "Save as a copy" or "Save to file".';

/** A save refused because another window saved the same session after this one read it. */
export class SessionConflictError extends Error {
  override readonly name = 'SessionConflictError';
  constructor(
    readonly sessionId: string,
    readonly storedRevision: number,
    readonly knownRevision: number,
  ) {
    super(`Session ${sessionId} is at revision ${storedRevision}; this window last saw revision ${knownRevision}.`);
  }
}

export function isSessionConflict(error: unknown): error is SessionConflictError {
  const inner = (error as { inner?: unknown } | null)?.inner;
  return error instanceof SessionConflictError || inner instanceof SessionConflictError;
}

/** A save refused because the document breaks a rule of the format: the stored version stays as it was. */
export class InvalidDocumentError extends Error {
  override readonly name = 'InvalidDocumentError';
  constructor(readonly details: string[]) {
    super(`the session breaks a rule of its format (${details[0] ?? 'unknown'}), so it was not saved over the stored version`);
  }
}

export interface SaveOptions {
  /** Write even when another window saved in between: only for a deliberate "Replace". */
  overwrite?: boolean;
}

/** Storage errors in words a facilitator can act on. */
export function describeStorageError(error: unknown): string {
  if (isSessionConflict(error)) return SESSION_CONFLICT_MESSAGE;
  if (error instanceof InvalidDocumentError) return `${error.message}. Your edits are kept in memory; use "Save to file" to keep them.`;
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  // Dexie's bulk writes report each failed row (BulkError.failures); a full disk fails them all.
  const failures = (error as { failures?: unknown } | null)?.failures;
  const failed = Array.isArray(failures) ? failures.map((f) => (f as { name?: string } | null)?.name ?? '') : [];
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError' || failed.includes('QuotaExceededError')) {
    return 'the storage on this computer is full. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  if (name === 'MissingAPIError' || name === 'InvalidStateError' || name === 'SecurityError') {
    return 'this browser does not allow local storage here. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  if (name === 'DatabaseClosedError' || name === 'OpenFailedError') {
    return 'the local database could not be opened. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  if (name === 'BulkError' || name === 'AbortError' || name === 'UnknownError') {
    return 'the local database refused the write. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  return `${error instanceof Error ? error.message : String(error)}. Your edits are kept in memory; use "Save to file" to keep them.`;
}

export class SessionRepository {
  /** The revision of each session as this window last read or wrote it. */
  private readonly revisions = new Map<string, number>();
  /** The blocks stored at a revision this window knows, so a save can skip the unchanged ones. */
  private readonly written = new Map<string, Written>();
  /** The document this window last loaded or saved of each session: a save checks only what changed since. */
  private readonly lastGood = new Map<string, SessionDocument>();

  constructor(private readonly db: ThreatstormDatabase) {}

  /** The database itself, for the app-wide tables (card decks). */
  get database(): ThreatstormDatabase {
    return this.db;
  }

  /**
   * Every session, most recently changed first. Read as plain rows and checked one by one (not
   * through the updatedAt index, which silently leaves out a row whose date is damaged).
   */
  async listSessions(): Promise<SessionSummary[]> {
    const rows: unknown[] = await this.db.sessions.toArray();
    return rows
      .map(readSummaryRow)
      .filter((row): row is SessionSummary => row !== null)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }

  /**
   * Writes a document and its index row. Refuses (SessionConflictError, nothing written) when
   * this window has read or written the session before and another window has saved it since.
   * A session this window has never seen is written as it is: a new session, or a file the
   * person chose to open in place of the stored one.
   */
  async save(document: SessionDocument, options: SaveOptions = {}): Promise<void> {
    const id = document.session.id;
    // Never replace a stored session with one that would not load again.
    const issues = checkDocument(document, this.lastGood.get(id) ?? null);
    if (issues.length > 0) throw new InvalidDocumentError(describeDocumentIssues(issues));
    const known = this.revisions.get(id);
    const { head, blocks } = splitDocument(document);
    const written = await this.db.transaction('rw', [this.db.sessions, this.db.documents, this.db.blocks], async () => {
      const stored = await this.db.documents.get(id);
      const storedRevision = stored ? revisionOf(stored) : 0;
      if (stored && known !== undefined && storedRevision !== known && !options.overwrite) {
        throw new SessionConflictError(id, storedRevision, known);
      }
      const counts = stored ? blockCounts(stored) : null;
      // Blocks known to be stored as they are: only when what is stored is what this window wrote.
      const previous = this.written.get(id);
      const reuse = counts && previous?.revision === storedRevision ? previous.blocks : null;
      const changed: DocumentBlock[] = [];
      const stale: string[] = [];
      for (const collection of CHUNKED_COLLECTIONS) {
        const list = blocks[collection];
        list.forEach((items, index) => {
          if (!reuse || !sameBlock(reuse[collection][index], items)) changed.push({ key: blockKey(id, collection, index), sessionId: id, items });
        });
        for (let index = list.length; index < (counts?.[collection] ?? 0); index++) stale.push(blockKey(id, collection, index));
      }
      if (changed.length > 0) await this.db.blocks.bulkPut(changed);
      if (stale.length > 0) await this.db.blocks.bulkDelete(stale);
      const revision = storedRevision + 1;
      await this.db.documents.put(documentRow(id, head, blocks, revision));
      await this.db.sessions.put(summarize(document));
      return revision;
    });
    this.revisions.set(id, written);
    this.written.set(id, { revision: written, blocks });
    this.lastGood.set(id, document);
  }

  /** Forgets what this window knew of a session: its next save writes whatever is stored. */
  forget(id: string): void {
    this.revisions.delete(id);
    this.written.delete(id);
    this.lastGood.delete(id);
  }

  /**
   * Loads and validates a document. A document that fails is reported, never rewritten; a
   * document upgraded by the migration chain gets a snapshot of its original first, so an upgrade
   * can always be undone by hand.
   */
  async load(id: string): Promise<SessionLoad> {
    const found = await this.read(id);
    if (!found) return { ok: false, error: 'not-found', details: [] };
    const { stored, assembled } = found;
    if (!assembled.ok) return { ok: false, error: assembled.message, details: [] };
    const result = loadSessionDocument(assembled.document);
    this.written.delete(id);
    if (result.ok) {
      this.revisions.set(id, revisionOf(stored));
      this.lastGood.set(id, result.document);
      // The blocks as stored are the loaded document's, unless an upgrade changed it.
      if (result.migratedFrom === null && stored.head !== undefined) {
        this.written.set(id, { revision: revisionOf(stored), blocks: splitDocument(result.document).blocks });
      }
    }
    if (result.ok && result.migratedFrom !== null) {
      await this.db.snapshots.put({
        id: newId(),
        sessionId: id,
        name: `Before upgrade from format ${result.migratedFrom}`,
        createdAt: new Date().toISOString(),
        document: assembled.document,
      });
    }
    return result;
  }

  /** The stored document as it is (not validated), or undefined: for tools and tests that look underneath. */
  async readStored(id: string): Promise<unknown> {
    const assembled = (await this.read(id))?.assembled;
    return assembled?.ok ? assembled.document : undefined;
  }

  /** A stored row and its document put back together (unvalidated), or undefined when there is none. */
  private async read(id: string): Promise<{ stored: DocumentRow; assembled: Assembled } | undefined> {
    const stored = await this.db.documents.get(id);
    if (!stored) return undefined;
    return { stored, assembled: await assembleDocument(stored, (keys) => this.db.blocks.bulkGet(keys)) };
  }

  /**
   * Replaces a stored session that does not load with its repaired version, keeping the original
   * as a snapshot ("Before repair") of the same session first, so the repair can be undone by hand.
   */
  async replaceWithRepaired(original: unknown, repaired: SessionDocument): Promise<void> {
    const id = repaired.session.id;
    await this.db.snapshots.put({ id: newId(), sessionId: id, name: 'Before repair', createdAt: new Date().toISOString(), document: original });
    this.forget(id);
    await this.save(repaired, { overwrite: true });
  }

  /** Applies a change to a stored (valid) document; a document that does not load is left alone. */
  async update(id: string, recipe: (document: SessionDocument) => SessionDocument): Promise<SessionLoad> {
    const loaded = await this.load(id);
    if (!loaded.ok) return loaded;
    const next = recipe(loaded.document);
    if (next !== loaded.document) await this.save(next);
    return { ...loaded, document: next };
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.documents.get(id)) !== undefined;
  }

  async delete(id: string): Promise<void> {
    this.forget(id);
    await this.db.transaction('rw', [this.db.sessions, this.db.documents, this.db.blocks, this.db.snapshots, this.db.events, this.db.liveRooms, this.db.liveUpdates], async () => {
      await this.db.liveRooms.delete(id);
      await this.db.liveUpdates.where('sessionId').equals(id).delete();
      await this.db.sessions.delete(id);
      await this.db.documents.delete(id);
      await this.db.blocks.where('sessionId').equals(id).delete();
      await this.db.snapshots.where('sessionId').equals(id).delete();
      await this.db.events.where('sessionId').equals(id).delete();
    });
  }
}

function revisionOf(row: DocumentRow): number {
  return typeof row.revision === 'number' && Number.isSafeInteger(row.revision) && row.revision >= 0 ? row.revision : 0;
}
