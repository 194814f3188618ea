/**
 * Risk scoring: likelihood × impact on 1–5 scales gives a risk from 1 to 25, banded into
 * severities. Derived, never stored.
 *
 * "Not scored" is a state of its own: a threat whose likelihood or impact is still null has no
 * risk (null), no severity and no place in the risk matrix. Nothing shows it as if somebody had
 * judged it; a deliberate 3 × 3 is as scored as any other pair.
 */
import type { Threat } from './schema.ts';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const SEVERITY_LABELS: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

type Scores = Pick<Threat, 'likelihood' | 'impact'>;

/** A threat (or any pair of scores) with both numbers set. */
export type Scored<T extends Scores> = T & { likelihood: number; impact: number };

/**
 * Band edges. 1–4 Low (rare or minor), 5–9 Medium, 10–16 High, 20–25 Critical (likely and
 * severe: 4×5, 5×4, 5×5). The gap between 16 and 20 is real: no product of two 1–5 scores
 * falls in 17–19.
 */
export function severityOf(risk: number): Severity {
  if (risk >= 20) return 'critical';
  if (risk >= 10) return 'high';
  if (risk >= 5) return 'medium';
  return 'low';
}

export function isScored<T extends Scores>(threat: T): threat is Scored<T> {
  return threat.likelihood !== null && threat.impact !== null;
}

/** likelihood × impact; null while the threat is not scored. */
export function riskOf(threat: Scores): number | null {
  return threat.likelihood !== null && threat.impact !== null ? threat.likelihood * threat.impact : null;
}

/** The severity band; null while the threat is not scored. */
export function threatSeverity(threat: Scores): Severity | null {
  const risk = riskOf(threat);
  return risk === null ? null : severityOf(risk);
}

/** For sorting: scored threats by risk, unscored ones after every scored one. */
export function riskForSorting(threat: Scores): number {
  return riskOf(threat) ?? -1;
}

/** Statuses under which a threat still needs a decision or work. */
export function isOpen(threat: Pick<Threat, 'status'>): boolean {
  return threat.status === 'open' || threat.status === 'mitigating';
}

export function compareSeverity(a: Severity, b: Severity): number {
  return severities.indexOf(a) - severities.indexOf(b);
}
