/**
 * Risk scoring: likelihood × impact on 1–5 scales gives a risk from 1 to 25, banded into
 * severities. Derived, never stored.
 */
import type { Threat } from './schema.ts';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const SEVERITY_LABELS: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

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

export function riskOf(threat: Pick<Threat, 'likelihood' | 'impact'>): number {
  return threat.likelihood * threat.impact;
}

export function threatSeverity(threat: Pick<Threat, 'likelihood' | 'impact'>): Severity {
  return severityOf(riskOf(threat));
}

/** Statuses under which a threat still needs a decision or work. */
export function isOpen(threat: Pick<Threat, 'status'>): boolean {
  return threat.status === 'open' || threat.status === 'mitigating';
}

export function compareSeverity(a: Severity, b: Severity): number {
  return severities.indexOf(a) - severities.indexOf(b);
}
