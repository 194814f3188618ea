import type { JourneyCoverage } from '../../shared/insights.ts';

/** A bar drawn in SVG (attributes, no inline styles); the numbers beside it are the text. */
function Bar({ value, total }: { value: number; total: number }) {
  const share = total === 0 ? 0 : value / total;
  const state = total === 0 ? 'is-none' : share >= 1 ? 'is-full' : share === 0 ? 'is-zero' : 'is-partial';
  return (
    <span className={`coverage-meter ${state}`}>
      <svg className="coverage-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="coverage-track" x="0" y="0" width="100" height="10" />
        {share > 0 && <rect className="coverage-fill" x="0" y="0" width={Math.max(2, share * 100)} height="10" />}
      </svg>
      <span className="coverage-numbers">
        {total === 0 ? '—' : `${value} of ${total}`}
        {total > 0 && <span className="coverage-percent"> · {Math.round(share * 100)}%</span>}
      </span>
    </span>
  );
}

/**
 * Coverage per journey as a table of bars: how many steps the room considered (threats), how many
 * carry security outcomes, and how many outcomes have a mitigation planned, in progress or done.
 * With `onShowGaps`, a journey with steps left to consider links to the canvas coverage overlay.
 */
export function CoverageBars({ coverage, onShowGaps }: { coverage: JourneyCoverage[]; onShowGaps?: (journeyId: string) => void }) {
  if (coverage.length === 0) return <p className="field-hint">No journeys yet.</p>;
  return (
    <table className="coverage-table">
      <caption className="visually-hidden">Coverage per journey</caption>
      <thead>
        <tr>
          <th scope="col">Journey</th>
          <th scope="col">Steps with threats</th>
          <th scope="col">Steps with outcomes</th>
          <th scope="col">Outcomes with a planned mitigation</th>
        </tr>
      </thead>
      <tbody>
        {coverage.map((row) => (
          <tr key={row.journeyId}>
            <th scope="row">
              <span className="coverage-journey">{row.name}</span>
              {row.critical && <span className="critical-tag">Critical</span>}
              {onShowGaps && row.stepsConsidered < row.steps && (
                <button type="button" className="button button-quiet coverage-gaps" aria-label={`Show gaps on canvas: ${row.name}`} onClick={() => onShowGaps(row.journeyId)}>
                  Show gaps
                </button>
              )}
            </th>
            <td>
              <Bar value={row.stepsWithThreats} total={row.steps} />
            </td>
            <td>
              <Bar value={row.stepsWithOutcomes} total={row.steps} />
            </td>
            <td>
              <Bar value={row.outcomesWithPlan} total={row.outcomes} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
