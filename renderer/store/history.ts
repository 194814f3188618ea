/**
 * Undo history of immutable session documents. One gesture is one entry: consecutive changes
 * carrying the same coalesce key (a drag, typing in one field) replace the newest entry's "after"
 * instead of pushing a new one.
 */
export const HISTORY_LIMIT = 500;

export interface History<T> {
  past: T[];
  future: T[];
  /** Coalesce key of the newest past entry, null when the next change must start a new entry. */
  openGesture: string | null;
}

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], openGesture: null };
}

export function record<T>(history: History<T>, before: T, coalesceKey: string | null): History<T> {
  if (coalesceKey !== null && history.openGesture === coalesceKey) {
    return { ...history, future: [] };
  }
  const past = history.past.length >= HISTORY_LIMIT ? history.past.slice(1) : history.past.slice();
  past.push(before);
  return { past, future: [], openGesture: coalesceKey };
}

export function undo<T>(history: History<T>, current: T): { history: History<T>; document: T } | null {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return null;
  return {
    history: { past: history.past.slice(0, -1), future: [current, ...history.future], openGesture: null },
    document: previous,
  };
}

export function redo<T>(history: History<T>, current: T): { history: History<T>; document: T } | null {
  const [next, ...rest] = history.future;
  if (next === undefined) return null;
  return {
    history: { past: [...history.past, current], future: rest, openGesture: null },
    document: next,
  };
}
