import { SEVERITY_LABELS, severityOf } from '../../shared/scoring.ts';

/** A risk's band and number ("High · 12"), or "Not scored" while nobody has scored it. */
export function SeverityChip({ risk, muted = false }: { risk: number | null; muted?: boolean }) {
  if (risk === null) return <span className={`severity-chip severity-none${muted ? ' is-muted' : ''}`}>Not scored</span>;
  const severity = severityOf(risk);
  return (
    <span className={`severity-chip severity-${severity}${muted ? ' is-muted' : ''}`}>
      {SEVERITY_LABELS[severity]} · {risk}
    </span>
  );
}
