/** What changed between two versions of a session: added, removed and changed items by title. */
import type { SessionDocument } from './schema.ts';

export interface CollectionDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface SessionDiff {
  threats: CollectionDiff;
  outcomes: CollectionDiff;
  mitigations: CollectionDiff;
  steps: CollectionDiff;
}

function diff<T extends { id: string }>(before: readonly T[], after: readonly T[], name: (item: T) => string): CollectionDiff {
  const old = new Map(before.map((item) => [item.id, item]));
  const result: CollectionDiff = { added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const item of after) {
    seen.add(item.id);
    const previous = old.get(item.id);
    if (!previous) result.added.push(name(item));
    else if (JSON.stringify(previous) !== JSON.stringify(item)) result.changed.push(name(item));
  }
  for (const item of before) if (!seen.has(item.id)) result.removed.push(name(item));
  return result;
}

export function diffSessions(before: SessionDocument, after: SessionDocument): SessionDiff {
  return {
    threats: diff(before.threats, after.threats, (t) => t.title),
    outcomes: diff(before.outcomes, after.outcomes, (o) => o.statement),
    mitigations: diff(before.mitigations, after.mitigations, (m) => m.title),
    steps: diff(before.steps, after.steps, (s) => s.label || 'Untitled step'),
  };
}

export function isEmptyDiff(d: SessionDiff): boolean {
  return Object.values(d).every((c: CollectionDiff) => c.added.length + c.removed.length + c.changed.length === 0);
}
