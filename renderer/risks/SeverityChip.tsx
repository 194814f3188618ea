import { SEVERITY_LABELS, severityOf } from '../../shared/scoring.ts';

export function SeverityChip({ risk, muted = false }: { risk: number; muted?: boolean }) {
  const severity = severityOf(risk);
  return (
    <span className={`severity-chip severity-${severity}${muted ? ' is-muted' : ''}`}>
      {SEVERITY_LABELS[severity]} · {risk}
    </span>
  );
}
