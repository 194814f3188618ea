/**
 * The placeholder a "+ Threat" button makes: "New threat" with nothing filled in. Until somebody
 * writes, scores or votes on it, it is a blank card on the table, not a threat: it never becomes
 * a backlog item and never reaches an export (the backlog counts it, so nothing vanishes unseen).
 */
import type { Threat } from './schema.ts';

export const PLACEHOLDER_TITLE = 'New threat';

type PlaceholderFields = Pick<Threat, 'title' | 'statement' | 'notes' | 'cardId' | 'likelihood' | 'impact' | 'votes' | 'status'>;

/** Nothing about the threat was touched since "+ Threat" made it. */
export function isUntouchedPlaceholder(threat: PlaceholderFields): boolean {
  const s = threat.statement;
  return (
    threat.title.trim() === PLACEHOLDER_TITLE &&
    threat.likelihood === null &&
    threat.impact === null &&
    threat.votes === 0 &&
    threat.status === 'open' &&
    threat.cardId === undefined &&
    threat.notes.trim() === '' &&
    s.source.trim() === '' &&
    s.prerequisites.trim() === '' &&
    s.action.trim() === '' &&
    s.impact.trim() === '' &&
    s.impactedGoals.length === 0 &&
    s.impactedAssets.length === 0
  );
}
