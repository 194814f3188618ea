/**
 * Identical threats: the same card played twice on one step, or a walk-mode suggestion clicked
 * twice, makes two threats that say the same thing in the same place. They are one piece of work,
 * so the backlog shows them as one item (and offers to merge them), and the card panel and the
 * walk panel show a card as "already added" where it already is.
 */
import type { Threat } from './schema.ts';

type Anchor = NonNullable<Threat['anchor']>;

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Two open threats with the same key are duplicates: same step or flow, same title, same
 * statement (case and spacing aside). Unplaced threats have no key: without a place nobody can
 * tell whether two of them are about the same thing.
 */
export function duplicateKey(threat: Pick<Threat, 'anchor' | 'title' | 'statement'>): string | null {
  const anchor = threat.anchor;
  if (!anchor) return null;
  const s = threat.statement;
  return [
    anchor.type,
    anchor.id,
    norm(threat.title),
    norm(s.source),
    norm(s.prerequisites),
    norm(s.action),
    norm(s.impact),
    s.impactedGoals.map(norm).join(','),
    s.impactedAssets.map(norm).join(','),
  ].join('\u0000');
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
