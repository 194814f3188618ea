/**
 * Opens the database once for the whole app. When IndexedDB is unavailable (private mode,
 * blocked by policy, broken profile) the app still runs: sessions live in memory and can be
 * saved to files, and the UI says so.
 */
import { ThreatstormDatabase } from '../db/database.ts';
import { describeStorageError, SessionRepository } from '../db/session-repository.ts';
import { requestPersistentStorage } from './storage-space.ts';

export type StorageStatus = { ok: true; repository: SessionRepository } | { ok: false; message: string };

let opening: Promise<StorageStatus> | null = null;

export function openStorage(): Promise<StorageStatus> {
  opening ??= (async () => {
    try {
      if (typeof indexedDB === 'undefined') throw Object.assign(new Error('IndexedDB is missing'), { name: 'MissingAPIError' });
      const db = new ThreatstormDatabase();
      await db.open();
      // Without it a browser may evict the whole database when the disk runs low.
      void requestPersistentStorage();
      return { ok: true, repository: new SessionRepository(db) } as const;
    } catch (error) {
      return { ok: false, message: `Local storage is unavailable: ${describeStorageError(error)}` } as const;
    }
  })();
  return opening;
}

/** The database for the app-wide tables (decks, events, snapshots), or null without storage. */
export async function openDatabase(): Promise<ThreatstormDatabase | null> {
  const storage = await openStorage();
  return storage.ok ? storage.repository.database : null;
}

/** Writes still in flight from a session screen that just closed; the home list waits for them. */
let inFlight: Promise<unknown> = Promise.resolve();

export function trackPendingSave(promise: Promise<unknown>): void {
  inFlight = Promise.all([inFlight, promise.catch(() => undefined)]);
}

export function afterPendingSaves(): Promise<unknown> {
  return inFlight;
}
