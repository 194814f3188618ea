/** What changed between two versions of a session: added, removed and changed items by title. */
import type { SessionDocument } from './schema.ts';

export interface CollectionDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface SessionDiff {
  journeys: CollectionDiff;
  steps: CollectionDiff;
  flows: CollectionDiff;
  threats: CollectionDiff;
  outcomes: CollectionDiff;
  mitigations: CollectionDiff;
  participants: CollectionDiff;
  agenda: CollectionDiff;
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

/** A flow by its ends ("Enter card → Pay"), read from whichever version has the steps. */
function flowName(before: SessionDocument, after: SessionDocument): (flow: SessionDocument['flows'][number]) => string {
  const labels = new Map<string, string>();
  for (const step of [...before.steps, ...after.steps]) labels.set(step.id, step.label || 'Untitled step');
  return (flow) => `${labels.get(flow.source) ?? '?'} → ${labels.get(flow.target) ?? '?'}${flow.label ? ` (${flow.label})` : ''}`;
}

export function diffSessions(before: SessionDocument, after: SessionDocument): SessionDiff {
  return {
    journeys: diff(before.journeys, after.journeys, (j) => j.name),
    steps: diff(before.steps, after.steps, (s) => s.label || 'Untitled step'),
    flows: diff(before.flows, after.flows, flowName(before, after)),
    threats: diff(before.threats, after.threats, (t) => t.title),
    outcomes: diff(before.outcomes, after.outcomes, (o) => o.statement),
    mitigations: diff(before.mitigations, after.mitigations, (m) => m.title),
    participants: diff(before.participants, after.participants, (p) => p.name),
    agenda: diff(before.workshop.phases, after.workshop.phases, (p) => p.name),
  };
}

export function isEmptyDiff(d: SessionDiff): boolean {
  return Object.values(d).every((c: CollectionDiff) => c.added.length + c.removed.length + c.changed.length === 0);
}
