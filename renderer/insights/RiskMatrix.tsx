import { plural } from '../../shared/plural.ts';
import { SCALE, type MatrixCell, type RiskMatrix } from '../../shared/insights.ts';
import { severities, SEVERITY_LABELS } from '../../shared/scoring.ts';
import { IMPACT_LABELS, LIKELIHOOD_LABELS } from '../risks/labels.ts';

export interface CellRef {
  likelihood: number;
  impact: number;
}

const LIKELIHOOD_DOWN = [...SCALE].reverse();


export function cellName(cell: CellRef): string {
  return `Likelihood ${cell.likelihood} (${LIKELIHOOD_LABELS[cell.likelihood - 1]}) × impact ${cell.impact} (${IMPACT_LABELS[cell.impact - 1]})`;
}

/** Colour strength of a cell: 0 empty, then 1–4 by its share of the fullest cell. */
function level(count: number, maxCount: number): number {
  if (count === 0 || maxCount === 0) return 0;
  return Math.max(1, Math.ceil((count / maxCount) * 4));
}

/**
 * The likelihood × impact heat map as a table: likelihood rows (5 at the top), impact columns. A
 * table is its own text alternative: screen readers announce each count with its row and column.
 * With `onSelect`, cells holding threats are toggle buttons.
 */
export function RiskMatrixTable({
  matrix,
  caption,
  selected = null,
  onSelect,
  compact = false,
}: {
  matrix: RiskMatrix;
  caption: string;
  selected?: CellRef | null;
  onSelect?: (cell: MatrixCell) => void;
  compact?: boolean;
}) {
  return (
    <figure className={`risk-matrix${compact ? ' is-compact' : ''}`}>
      <table className="risk-matrix-table">
        <caption className="visually-hidden">{caption}</caption>
        {/* Shown below the rows (CSS table-footer-group) but read first, so screen readers pair the
            column heads with the cells while the impact axis sits at the bottom as on paper. */}
        <thead>
          <tr>
            <td colSpan={2} />
            {SCALE.map((impact) => (
              <th key={impact} scope="col" className="risk-matrix-col-head">
                <span className="axis-number">{impact}</span>
                {!compact && <span className="axis-word">{IMPACT_LABELS[impact - 1]}</span>}
              </th>
            ))}
          </tr>
          <tr>
            <td colSpan={2} />
            <td colSpan={SCALE.length} className="risk-matrix-axis axis-impact" aria-hidden="true">
              Impact →
            </td>
          </tr>
        </thead>
        <tbody>
          {LIKELIHOOD_DOWN.map((likelihood, row) => (
            <tr key={likelihood}>
              {row === 0 && (
                <td rowSpan={SCALE.length} className="risk-matrix-axis axis-likelihood" aria-hidden="true">
                  <span>Likelihood →</span>
                </td>
              )}
              <th scope="row" className="risk-matrix-row-head">
                <span className="axis-number">{likelihood}</span>
                {!compact && <span className="axis-word">{LIKELIHOOD_LABELS[likelihood - 1]}</span>}
              </th>
              {SCALE.map((impact) => {
                const cell = matrix.cells[likelihood - 1]![impact - 1]!;
                const isSelected = selected?.likelihood === likelihood && selected.impact === impact;
                const classes = ['matrix-cell', `severity-${cell.severity}`, `level-${level(cell.count, matrix.maxCount)}`, isSelected ? 'is-selected' : ''].filter(Boolean).join(' ');
                const label = `${cellName(cell)}: risk ${cell.risk}, ${SEVERITY_LABELS[cell.severity]}, ${plural(cell.count, 'threat', 'threats')}`;
                return (
                  <td key={impact} className={classes}>
                    {onSelect && cell.count > 0 ? (
                      <button type="button" className="matrix-cell-button" aria-label={label} aria-pressed={isSelected} onClick={() => onSelect(cell)}>
                        <span className="matrix-count">{cell.count}</span>
                      </button>
                    ) : (
                      <span className="matrix-cell-static" aria-label={label} role="img">
                        <span className="matrix-count">{cell.count > 0 ? cell.count : ''}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="risk-legend">
        {severities.map((severity) => (
          <span key={severity} className={`legend-swatch severity-${severity}`}>
            {SEVERITY_LABELS[severity]}
          </span>
        ))}
        <span className="field-hint">· {plural(matrix.total, 'threat', 'threats')}</span>
      </figcaption>
    </figure>
  );
}
