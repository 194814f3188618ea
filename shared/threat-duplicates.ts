/**
 * Identical threats: the same card played twice on one step, or a walk-mode suggestion clicked
 * twice, makes two threats that say the same thing in the same place. They are one piece of work,
 * so the backlog shows them as one item (and offers to merge them), and the card panel and the
 * walk panel show a card as "already added" where it already is.
 */
import type { Threat } from './schema.ts';

type Anchor = NonNullable<Threat['anchor']>;
type Compared = Pick<Threat, 'anchor' | 'title' | 'statement'>;

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function same(a: string, b: string): boolean {
  return a === b || norm(a) === norm(b);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, i) => same(entry, b[i]!));
}

/**
 * Where duplicates of a threat can be: its step or flow and its title (trimmed, any case). Only
 * threats in the same bucket need comparing, so finding duplicates among thousands of threats
 * stays linear. Unplaced threats have no bucket: without a place nobody can tell whether two of
 * them are about the same thing.
 */
export function duplicateBucket(threat: Compared): string | null {
  const anchor = threat.anchor;
  return anchor ? `${anchor.type}:${anchor.id}\u0000${threat.title.trim().toLowerCase()}` : null;
}

/** Same place, same title, same statement (case and spacing aside). */
export function sameThreat(a: Compared, b: Compared): boolean {
  if (!a.anchor || !b.anchor || a.anchor.type !== b.anchor.type || a.anchor.id !== b.anchor.id) return false;
  const x = a.statement;
  const y = b.statement;
  return (
    same(a.title, b.title) &&
    same(x.source, y.source) &&
    same(x.prerequisites, y.prerequisites) &&
    same(x.action, y.action) &&
    same(x.impact, y.impact) &&
    sameList(x.impactedGoals, y.impactedGoals) &&
    sameList(x.impactedAssets, y.impactedAssets)
  );
}

/** The ids of the cards already played on one step or flow. */
export function cardsOn(threats: readonly Pick<Threat, 'anchor' | 'cardId'>[], anchor: Anchor | null): Set<string> {
  const out = new Set<string>();
  if (!anchor) return out;
  for (const threat of threats) {
    if (threat.cardId !== undefined && threat.anchor?.type === anchor.type && threat.anchor.id === anchor.id) out.add(threat.cardId);
  }
  return out;
}
