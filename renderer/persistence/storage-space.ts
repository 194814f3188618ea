/**
 * Room on the disk for the app's database. A browser gives each site a quota; when it is used up
 * a write fails part-way. So a large write (opening or importing a big file) first asks how much
 * room is left and refuses with plain words while there is still room to spare, rather than
 * failing in the middle. And the app asks once for persistent storage, so the browser does not
 * evict the whole database when the disk runs low.
 */

/** IndexedDB keeps a document in more space than its JSON text: structured clone, indexes, log. */
const OVERHEAD_FACTOR = 3;
/** What must stay free after the write: room for autosaves, snapshots and the audit log. */
const MARGIN_BYTES = 5 * 1024 * 1024;

export interface StorageManagerLike {
  estimate?(): Promise<{ quota?: number; usage?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

const manager = (): StorageManagerLike | undefined => (typeof navigator === 'undefined' ? undefined : (navigator.storage as StorageManagerLike | undefined));

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * Null when a document of about `textBytes` of JSON fits with room to spare (or when the browser
 * cannot tell); otherwise the reason, in words a person can act on.
 */
export async function roomFor(textBytes: number, storage: StorageManagerLike | undefined = manager()): Promise<string | null> {
  if (!storage?.estimate) return null;
  let estimate: { quota?: number; usage?: number };
  try {
    estimate = await storage.estimate();
  } catch {
    return null;
  }
  if (typeof estimate.quota !== 'number' || typeof estimate.usage !== 'number') return null;
  const free = estimate.quota - estimate.usage;
  const needed = textBytes * OVERHEAD_FACTOR + MARGIN_BYTES;
  if (free >= needed) return null;
  return `there is not enough room on this computer to store it (about ${megabytes(needed)} needed, ${megabytes(Math.max(0, free))} free). Free some disk space or delete old sessions, then try again; until then it stays open here without being stored — use "Save to file" to keep it.`;
}

let asked: Promise<boolean> | null = null;

/** Asks once per run for storage the browser will not evict under disk pressure. */
export function requestPersistentStorage(storage: StorageManagerLike | undefined = manager()): Promise<boolean> {
  asked ??= (async () => {
    try {
      if (!storage?.persist) return false;
      if (storage.persisted && (await storage.persisted())) return true;
      return await storage.persist();
    } catch {
      return false;
    }
  })();
  return asked;
}
