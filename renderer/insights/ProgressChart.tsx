import { useCallback, useState } from 'react';
import type { ProgressPoint } from '../../shared/insights.ts';
import { formatTimestamp } from '../format-time.ts';

/** Drawn at the figure's real width (one user unit = one CSS pixel), so text never shrinks. */
const DEFAULT_WIDTH = 640;
const HEIGHT = 230;
const MARGIN = { top: 14, right: 20, bottom: 38, left: 36 };

type SeriesKey = 'open' | 'mitigated' | 'outcomesCovered';

const SERIES: ReadonlyArray<{ key: SeriesKey; label: string; marker: 'circle' | 'square' | 'diamond' }> = [
  { key: 'open', label: 'Open threats', marker: 'circle' },
  { key: 'mitigated', label: 'Mitigated threats', marker: 'square' },
  { key: 'outcomesCovered', label: 'Outcomes with a planned mitigation', marker: 'diamond' },
];

/** A round top for the y axis and a step giving at most five gridlines. */
function yScale(max: number): { top: number; step: number } {
  const top = Math.max(4, max);
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  return { top: Math.ceil(top / step) * step, step };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function Marker({ shape, x, y, size = 5 }: { shape: 'circle' | 'square' | 'diamond'; x: number; y: number; size?: number }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r={size} />;
  if (shape === 'square') return <rect x={x - size} y={y - size} width={size * 2} height={size * 2} />;
  const d = size * 1.3;
  return <polygon points={`${x},${y - d} ${x + d},${y} ${x},${y + d} ${x - d},${y}`} />;
}

export function progressSummary(points: readonly ProgressPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'No progress recorded yet.';
  if (points.length === 1) {
    return `${last.name}: ${last.open} open threats, ${last.mitigated} mitigated, ${last.outcomesCovered} of ${last.outcomes} outcomes with a planned mitigation.`;
  }
  return (
    `Progress over ${points.length} points, from “${first.name}” to “${last.name}”: ` +
    `open threats ${first.open} → ${last.open}, mitigated threats ${first.mitigated} → ${last.mitigated}, ` +
    `outcomes with a planned mitigation ${first.outcomesCovered} of ${first.outcomes} → ${last.outcomesCovered} of ${last.outcomes}.`
  );
}

/**
 * Open vs. mitigated threats and covered outcomes at each snapshot (oldest first) and now, as a
 * small line chart. Points are evenly spaced: snapshots follow the workshop's phases, not a clock.
 * The chart carries a one-sentence summary for screen readers; the table below gives every number.
 */
export function ProgressChart({ points }: { points: readonly ProgressPoint[] }) {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  const measure = useCallback((node: HTMLElement | null) => {
    if (!node || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.round(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.min(1600, Math.max(280, measured)));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(0, ...points.flatMap((p) => [p.open, p.mitigated, p.outcomesCovered]));
  const { top, step } = yScale(max);
  const x = (index: number) => MARGIN.left + (points.length === 1 ? plotWidth / 2 : (index * plotWidth) / (points.length - 1));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const ticks: number[] = [];
  for (let value = 0; value <= top + 1e-9; value += step) ticks.push(value);
  // About one x label per 130 px: first and last always, others when they fit.
  const fitting = Math.max(2, Math.floor(plotWidth / 130));
  const every = points.length <= fitting ? 1 : Math.ceil(points.length / fitting);
  const labelled = (index: number) => index === 0 || index === points.length - 1 || (index % every === 0 && points.length - 1 - index >= every / 2);

  return (
    <figure className="progress-chart" ref={measure}>
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} className="progress-svg" role="img" aria-label={progressSummary(points)}>
        <g className="progress-grid">
          {ticks.map((value) => (
            <g key={value}>
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(value)} y2={y(value)} />
              <text x={MARGIN.left - 8} y={y(value)} dy="0.35em" textAnchor="end">
                {value}
              </text>
            </g>
          ))}
        </g>
        <g className="progress-x">
          {points.map((point, index) =>
            labelled(index) ? (
              <text
                key={index}
                x={x(index)}
                y={HEIGHT - MARGIN.bottom + 22}
                textAnchor={points.length === 1 ? 'middle' : index === 0 ? 'start' : index === points.length - 1 ? 'end' : 'middle'}
                className={point.current ? 'is-current' : undefined}
              >
                {truncate(point.name, 22)}
              </text>
            ) : null,
          )}
        </g>
        {SERIES.map((series) => (
          <g key={series.key} className={`progress-series series-${series.key}`}>
            {points.length > 1 && <polyline fill="none" points={points.map((p, i) => `${x(i)},${y(p[series.key])}`).join(' ')} />}
            {points.map((p, i) => (
              <g key={i}>
                <title>{`${p.name}: ${series.label.toLowerCase()} ${p[series.key]}`}</title>
                <Marker shape={series.marker} x={x(i)} y={y(p[series.key])} />
              </g>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="progress-legend">
        {SERIES.map((series) => (
          <span key={series.key} className={`legend-item series-${series.key}`}>
            <svg viewBox="0 0 24 12" width="24" height="12" aria-hidden="true" focusable="false">
              <line x1="0" x2="24" y1="6" y2="6" />
              <Marker shape={series.marker} x={12} y={6} size={3.5} />
            </svg>
            {series.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Every number of the chart, for anyone who prefers (or needs) a table. */
export function ProgressTable({ points }: { points: readonly ProgressPoint[] }) {
  return (
    <table className="report-table progress-table">
      <caption className="visually-hidden">Progress at each snapshot</caption>
      <thead>
        <tr>
          <th scope="col">Snapshot</th>
          <th scope="col">Taken</th>
          <th scope="col">Open threats</th>
          <th scope="col">Mitigated threats</th>
          <th scope="col">Outcomes with a planned mitigation</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p, index) => (
          <tr key={index}>
            <th scope="row">{p.name}</th>
            <td>{formatTimestamp(p.at)}</td>
            <td>{p.open}</td>
            <td>{p.mitigated}</td>
            <td>
              {p.outcomesCovered} of {p.outcomes}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
