/**
 * Memoized anchor summaries: computed once per change of the threats or outcomes arrays and
 * shared by every node, so each node's selector is a map lookup.
 */
import { EMPTY_SUMMARY, anchorKey, summarizeAnchors, type AnchorSummary } from '../../shared/coverage.ts';
import type { SessionDocument } from '../../shared/schema.ts';

let lastThreats: SessionDocument['threats'] | null = null;
let lastOutcomes: SessionDocument['outcomes'] | null = null;
let lastIndex = new Map<string, AnchorSummary>();

export function summaryFor(doc: SessionDocument | null, type: 'step' | 'flow', id: string): AnchorSummary {
  if (!doc) return EMPTY_SUMMARY;
  if (doc.threats !== lastThreats || doc.outcomes !== lastOutcomes) {
    lastIndex = summarizeAnchors(doc);
    lastThreats = doc.threats;
    lastOutcomes = doc.outcomes;
  }
  return lastIndex.get(anchorKey(type, id)) ?? EMPTY_SUMMARY;
}
