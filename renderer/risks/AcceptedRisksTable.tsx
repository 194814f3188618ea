import type { AcceptedRisk } from '../../shared/backlog.ts';
import { SeverityChip } from './SeverityChip.tsx';

/** Deliberately deferred risks with who owns them, why, and when to look again. */
export function AcceptedRisksTable({ risks, className }: { risks: readonly AcceptedRisk[]; className?: string }) {
  return (
    <table className={className}>
      <thead>
        <tr>
          <th scope="col">Risk</th>
          <th scope="col">Threat</th>
          <th scope="col">Owner</th>
          <th scope="col">Reason</th>
          <th scope="col">Review</th>
        </tr>
      </thead>
      <tbody>
        {risks.map((risk) => (
          <tr key={risk.threatId} className={risk.overdue ? 'is-overdue' : undefined}>
            <td>
              <SeverityChip risk={risk.risk} />
            </td>
            <td>
              {risk.title}
              {risk.place && <span className="field-hint"> · {risk.place.label}</span>}
            </td>
            <td>{risk.owner || '—'}</td>
            <td>{risk.reason || '—'}</td>
            <td>
              {risk.reviewDate ?? '—'}
              {risk.overdue && <span className="overdue-tag"> Overdue</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
