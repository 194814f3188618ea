/**
 * Sessions opened from a file or an import that could not be stored: the session screen must not
 * claim "Saved" for them. `retry`: the write failed (the next autosave tries again); `no-room`:
 * refused before writing because the disk is too full, so nothing is written until the person
 * makes room and opens the file again (Save to file works meanwhile).
 */
export interface Unstored {
  kind: 'retry' | 'no-room';
  message: string;
}

const unstored = new Map<string, Unstored>();

export function markUnstored(sessionId: string, state: Unstored): void {
  unstored.set(sessionId, state);
}

export function unstoredState(sessionId: string): Unstored | undefined {
  return unstored.get(sessionId);
}

/** Called after a successful write of the session. */
export function clearUnstored(sessionId: string): void {
  unstored.delete(sessionId);
}
