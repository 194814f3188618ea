/**
 * Sessions in IndexedDB: a small index row for the home screen and the full document, always
 * written together in one transaction so the list never disagrees with the content.
 */
import { loadSessionDocument, type LoadResult } from '../../shared/migrations.ts';
import { newId } from '../../shared/ids.ts';
import { summarize, type SessionSummary } from '../../shared/session-factory.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import type { ThreatstormDatabase } from './database.ts';

export type SessionLoad = LoadResult | { ok: false; error: 'not-found'; details: [] };

/** Storage errors in words a facilitator can act on. */
export function describeStorageError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return 'the storage on this computer is full. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  if (name === 'MissingAPIError' || name === 'InvalidStateError' || name === 'SecurityError') {
    return 'this browser does not allow local storage here. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  if (name === 'DatabaseClosedError' || name === 'OpenFailedError') {
    return 'the local database could not be opened. Your edits are kept in memory; use "Save to file" to keep them.';
  }
  return `${error instanceof Error ? error.message : String(error)}. Your edits are kept in memory; use "Save to file" to keep them.`;
}

export class SessionRepository {
  constructor(private readonly db: ThreatstormDatabase) {}

  /** The database itself, for the app-wide tables (card decks). */
  get database(): ThreatstormDatabase {
    return this.db;
  }

  listSessions(): Promise<SessionSummary[]> {
    return this.db.sessions.orderBy('updatedAt').reverse().toArray();
  }

  async save(document: SessionDocument): Promise<void> {
    await this.db.transaction('rw', this.db.sessions, this.db.documents, async () => {
      await this.db.documents.put({ id: document.session.id, document });
      await this.db.sessions.put(summarize(document));
    });
  }

  /**
   * Loads and validates a document. A document that fails is reported, never rewritten; a
   * document upgraded by the migration chain gets a snapshot of its original first, so an upgrade
   * can always be undone by hand.
   */
  async load(id: string): Promise<SessionLoad> {
    const stored = await this.db.documents.get(id);
    if (!stored) return { ok: false, error: 'not-found', details: [] };
    const result = loadSessionDocument(stored.document);
    if (result.ok && result.migratedFrom !== null) {
      await this.db.snapshots.put({
        id: newId(),
        sessionId: id,
        name: `Before upgrade from format ${result.migratedFrom}`,
        createdAt: new Date().toISOString(),
        document: stored.document,
      });
    }
    return result;
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
    await this.db.transaction('rw', [this.db.sessions, this.db.documents, this.db.snapshots, this.db.events], async () => {
      await this.db.sessions.delete(id);
      await this.db.documents.delete(id);
      await this.db.snapshots.where('sessionId').equals(id).delete();
      await this.db.events.where('sessionId').equals(id).delete();
    });
  }
}
