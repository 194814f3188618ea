/**
 * What the canvas shows on each step and flow: threats by severity (and those not scored yet),
 * outcomes, and the heat of the highest open risk. Derived from the document, never stored.
 */
import type { SessionDocument } from './schema.ts';
import { compareSeverity, isOpen, threatSeverity, type Severity } from './scoring.ts';

export interface AnchorSummary {
  low: number;
  medium: number;
  high: number;
  critical: number;
  /** Open threats not scored yet (in no severity band). */
  unscored: number;
  /** All threats on the anchor, whatever their status. */
  threats: number;
  outcomes: number;
  /** Severity of the highest-risk open threat; null when none is open. */
  heat: Severity | null;
}

export const EMPTY_SUMMARY: AnchorSummary = Object.freeze({ low: 0, medium: 0, high: 0, critical: 0, unscored: 0, threats: 0, outcomes: 0, heat: null });

export function anchorKey(type: 'step' | 'flow', id: string): string {
  return `${type}:${id}`;
}

function blank(): AnchorSummary {
  return { low: 0, medium: 0, high: 0, critical: 0, unscored: 0, threats: 0, outcomes: 0, heat: null };
}

/** One pass over threats and outcomes: O(threats + outcomes). */
export function summarizeAnchors(doc: Pick<SessionDocument, 'threats' | 'outcomes'>): Map<string, AnchorSummary> {
  const map = new Map<string, AnchorSummary>();
  const get = (key: string) => {
    let summary = map.get(key);
    if (!summary) map.set(key, (summary = blank()));
    return summary;
  };
  for (const threat of doc.threats) {
    if (!threat.anchor) continue;
    const summary = get(anchorKey(threat.anchor.type, threat.anchor.id));
    summary.threats += 1;
    if (!isOpen(threat)) continue;
    const severity = threatSeverity(threat);
    if (severity === null) {
      summary.unscored += 1;
      continue;
    }
    summary[severity] += 1;
    if (summary.heat === null || compareSeverity(severity, summary.heat) > 0) summary.heat = severity;
  }
  for (const outcome of doc.outcomes) get(anchorKey('step', outcome.stepId)).outcomes += 1;
  return map;
}

/** A step is covered once the room considered it: it has a threat or a security outcome. */
export function isCovered(summary: AnchorSummary | undefined): boolean {
  return !!summary && (summary.threats > 0 || summary.outcomes > 0);
}

