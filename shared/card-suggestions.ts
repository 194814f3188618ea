/**
 * What the cards a session's threats came from suggest as mitigations, by card id: the backlog
 * offers them on Decide items ("Mitigations the threat card suggests"). Built by whoever knows
 * the decks (the app: built-in and custom decks; the CLI: the built-in ones) and handed to
 * deriveBacklog, so the backlog and the export worker need no deck data of their own.
 */
import type { Card } from './deck-schema.ts';
import type { Threat } from './schema.ts';

export function mitigationSuggestions(
  threats: readonly Pick<Threat, 'cardId'>[],
  findCard: (id: string) => Pick<Card, 'suggestedMitigations'> | undefined,
): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const threat of threats) {
    const id = threat.cardId;
    if (id === undefined || out.has(id)) continue;
    const card = findCard(id);
    if (card && card.suggestedMitigations.length > 0) out.set(id, card.suggestedMitigations);
  }
  return out;
}
