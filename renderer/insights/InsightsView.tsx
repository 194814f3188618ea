import { useId, useMemo, useState } from 'react';
import {
  journeyCoverage,
  launchReadiness,
  matrixCell,
  progressCounts,
  riskMatrix,
  stepsOfThreats,
  threatPlaces,
  type MatrixCell,
  type ProgressPoint,
} from '../../shared/insights.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { isOpen, riskForSorting, riskOf } from '../../shared/scoring.ts';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { THREAT_STATUS_LABELS } from '../risks/labels.ts';
import { useSession } from '../store/session-store.ts';
import { CoverageBars } from './CoverageBars.tsx';
import { ProgressChart, ProgressTable } from './ProgressChart.tsx';
import { ReadinessCards } from './ReadinessCards.tsx';
import { RiskMatrixTable, cellName, type CellRef } from './RiskMatrix.tsx';
import { clearPointOut, pointOutSteps, showCoverageGaps } from './point-out.ts';
import { useSnapshotProgress } from './use-snapshot-progress.ts';
import '../styles/insights.css';

/** Threats listed under the matrix before "and N more". */
const MAX_LISTED = 60;
const NO_POINTS: ProgressPoint[] = [];

/**
 * The Insights dashboard: launch readiness of the critical journeys, the risk matrix with its
 * threat list, coverage per journey and progress across snapshots. Everything is derived from the
 * open document (memoized per change); only the snapshots come from the database.
 */
export function InsightsView({ onShowOnCanvas }: { onShowOnCanvas: () => void }) {
  const doc = useSession((s) => s.document);
  if (!doc) return null;
  return <Insights doc={doc} onShowOnCanvas={onShowOnCanvas} />;
}

function Insights({ doc, onShowOnCanvas }: { doc: SessionDocument; onShowOnCanvas: () => void }) {
  const readiness = useMemo(() => launchReadiness(doc, { now: new Date() }), [doc]);
  const coverage = useMemo(() => journeyCoverage(doc), [doc]);
  const notReady = readiness.filter((r) => !r.ready).length;

  return (
    <div className="insights">
      <header className="insights-head">
        <h1 className="insights-title">Insights</h1>
        <p className="field-hint">What is still open on the journeys that matter, at a glance. Everything here follows the session as you edit it.</p>
      </header>

      <section className="insight-card insight-readiness" aria-labelledby="insights-readiness">
        <h2 id="insights-readiness">
          Launch readiness
          {readiness.length > 0 && (
            <span className="insight-count">
              {notReady === 0 ? (readiness.length === 1 ? ' · ready' : ` · all ${readiness.length} ready`) : ` · ${notReady} of ${readiness.length} not ready`}
            </span>
          )}
        </h2>
        <ReadinessCards doc={doc} readiness={readiness} onShowOnCanvas={onShowOnCanvas} />
      </section>

      <MatrixSection doc={doc} onShowOnCanvas={onShowOnCanvas} />

      <div className="insights-row">
        <section className="insight-card" aria-labelledby="insights-coverage">
          <h2 id="insights-coverage">Coverage by journey</h2>
          <CoverageBars
            coverage={coverage}
            onShowGaps={(journeyId) => {
              showCoverageGaps(journeyId);
              onShowOnCanvas();
            }}
          />
        </section>
        <ProgressSection doc={doc} />
      </div>
    </div>
  );
}

function MatrixSection({ doc, onShowOnCanvas }: { doc: SessionDocument; onShowOnCanvas: () => void }) {
  const [journeyId, setJourneyId] = useState<string>('');
  const [openOnly, setOpenOnly] = useState(true);
  const [selected, setSelected] = useState<CellRef | null>(null);
  const radioName = useId();
  const journeyExists = journeyId === '' || doc.journeys.some((j) => j.id === journeyId);
  const scope = journeyExists ? journeyId : '';
  const matrix = useMemo(() => riskMatrix(doc, { journeyId: scope || null, openOnly }), [doc, scope, openOnly]);
  const places = useMemo(() => threatPlaces(doc), [doc]);
  const cell = selected ? matrixCell(matrix, selected.likelihood, selected.impact) : null;

  const resetSelection = () => {
    if (selected) clearPointOut();
    setSelected(null);
  };
  const select = (next: MatrixCell) => {
    if (selected?.likelihood === next.likelihood && selected.impact === next.impact) {
      resetSelection();
      return;
    }
    setSelected({ likelihood: next.likelihood, impact: next.impact });
    pointOutSteps(doc, stepsOfThreats(places, next.threatIds), scope || null);
  };
  const cellSteps = cell ? stepsOfThreats(places, cell.threatIds) : [];
  const showCell = () => {
    if (!cell) return;
    pointOutSteps(doc, cellSteps, scope || null);
    onShowOnCanvas();
  };
  const scopeName = scope ? (doc.journeys.find((j) => j.id === scope)?.name ?? '') : 'the whole session';
  const caption = `Risk matrix of ${openOnly ? 'open' : 'all'} threats in ${scope ? `the journey “${scopeName}”` : scopeName}: likelihood rows from 5 (top) to 1, impact columns from 1 to 5.`;

  return (
    <section className="insight-card insight-matrix" aria-labelledby="insights-matrix">
      <div className="insight-card-head">
        <h2 id="insights-matrix">Risk matrix</h2>
        <div className="insight-filters" role="group" aria-label="Matrix filters">
          <select
            aria-label="Journey"
            value={scope}
            onChange={(event) => {
              setJourneyId(event.target.value);
              resetSelection();
            }}
          >
            <option value="">All journeys</option>
            {doc.journeys.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
          <fieldset className="segmented">
            <legend className="visually-hidden">Threats counted</legend>
            {[
              { value: true, label: 'Open threats' },
              { value: false, label: 'All threats' },
            ].map((option) => (
              <label key={option.label} className={option.value === openOnly ? 'is-checked' : undefined}>
                <input
                  type="radio"
                  name={radioName}
                  checked={option.value === openOnly}
                  onChange={() => {
                    setOpenOnly(option.value);
                    resetSelection();
                  }}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
        </div>
      </div>
      <div className="matrix-layout">
        <RiskMatrixTable matrix={matrix} caption={caption} selected={selected} onSelect={select} />
        <MatrixThreats
          doc={doc}
          places={places}
          threatIds={cell ? cell.threatIds : null}
          allIds={matrix.cells.flat().flatMap((c) => c.threatIds)}
          title={cell ? cellName(cell) : null}
          canShow={cellSteps.length > 0}
          onShowCell={showCell}
          onClear={resetSelection}
          onShowThreat={(stepIds) => {
            pointOutSteps(doc, stepIds, scope || null);
            onShowOnCanvas();
          }}
        />
      </div>
      {matrix.unscored > 0 && (
        <p className="field-hint">
          {matrix.unscored === 1 ? '1 threat is' : `${matrix.unscored} threats are`} not scored yet and not in the matrix: score them to place them.
        </p>
      )}
    </section>
  );
}

/** The threats of the selected cell, or of the whole matrix (highest risk first) when none is. */
function MatrixThreats({
  doc,
  places,
  threatIds,
  allIds,
  title,
  canShow,
  onShowCell,
  onClear,
  onShowThreat,
}: {
  doc: SessionDocument;
  places: ReturnType<typeof threatPlaces>;
  threatIds: string[] | null;
  allIds: string[];
  title: string | null;
  canShow: boolean;
  onShowCell(): void;
  onClear(): void;
  onShowThreat(stepIds: string[]): void;
}) {
  const headingId = useId();
  const lookup = useMemo(
    () => ({
      threats: new Map(doc.threats.map((t) => [t.id, t])),
      steps: new Map(doc.steps.map((s) => [s.id, s])),
      flows: new Map(doc.flows.map((f) => [f.id, f])),
      journeys: new Map(doc.journeys.map((j) => [j.id, j.name])),
    }),
    [doc],
  );
  const ids = threatIds ?? allIds;
  const threats = ids
    .map((id) => lookup.threats.get(id))
    .filter((t) => t !== undefined)
    .sort((a, b) => riskForSorting(b) - riskForSorting(a));
  const where = (threatId: string): string => {
    const threat = lookup.threats.get(threatId);
    const place = places.get(threatId);
    if (!threat?.anchor || !place?.journeyId) return 'Not placed on a journey';
    const journey = lookup.journeys.get(place.journeyId) ?? '';
    const label = (id: string) => lookup.steps.get(id)?.label || 'Untitled step';
    if (threat.anchor.type === 'step') return `${journey} › ${label(threat.anchor.id)}`;
    const flow = lookup.flows.get(threat.anchor.id);
    return flow ? `${journey} › ${label(flow.source)} → ${label(flow.target)}` : journey;
  };

  return (
    <div className="matrix-threats">
      <div className="matrix-threats-head">
        <h3 id={headingId}>
          {title ? `Threats in this cell (${threats.length})` : `All threats in the matrix (${threats.length})`}
        </h3>
        {title ? (
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={!canShow} onClick={onShowCell}>
              Show on canvas
            </button>
            <button type="button" className="button" onClick={onClear}>
              Clear selection
            </button>
          </div>
        ) : null}
      </div>
      <p className="field-hint">{title ?? 'Pick a cell to list its threats and point out their steps on the canvas.'}</p>
      {threats.length === 0 ? (
        <p className="field-hint matrix-empty">No threats here.</p>
      ) : (
        <ul className="matrix-threat-list" aria-labelledby={headingId}>
          {threats.slice(0, MAX_LISTED).map((threat) => {
            const stepIds = places.get(threat.id)?.stepIds ?? [];
            return (
              <li key={threat.id} className="matrix-threat">
                <SeverityChip risk={riskOf(threat)} muted={!isOpen(threat)} />
                <span className="matrix-threat-text">
                  <span className="matrix-threat-title">{threat.title}</span>
                  <span className="field-hint">
                    {where(threat.id)} · {THREAT_STATUS_LABELS[threat.status]}
                  </span>
                </span>
                {stepIds.length > 0 && (
                  <button type="button" className="button button-quiet matrix-threat-show" aria-label={`Show “${threat.title}” on canvas`} onClick={() => onShowThreat(stepIds)}>
                    Show
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {threats.length > MAX_LISTED && <p className="field-hint">…and {threats.length - MAX_LISTED} more. Pick a cell to narrow the list.</p>}
    </div>
  );
}

function ProgressSection({ doc }: { doc: SessionDocument }) {
  const snapshots = useSnapshotProgress(doc.session.id);
  const snapshotPoints = snapshots.status === 'ready' ? snapshots.progress.points : NO_POINTS;
  const points = useMemo(
    () => [...snapshotPoints, { name: 'Now', at: doc.session.updatedAt, current: true, ...progressCounts(doc) }],
    [snapshotPoints, doc],
  );
  return (
    <section className="insight-card" aria-labelledby="insights-progress">
      <h2 id="insights-progress">Progress over time</h2>
      {snapshots.status === 'loading' ? (
        <p className="field-hint" role="status">
          Reading snapshots…
        </p>
      ) : (
        <>
          <ProgressChart points={points} />
          {snapshotPoints.length === 0 && (
            <p className="field-hint">
              {snapshots.status === 'unavailable' ? snapshots.message : 'No snapshots of this session yet: each snapshot taken during the workshop becomes a point here, next to now.'}
            </p>
          )}
          {snapshots.status === 'ready' && snapshots.progress.skipped > 0 && (
            <p className="field-hint">
              {snapshots.progress.skipped} {snapshots.progress.skipped === 1 ? 'snapshot could not be read and is' : 'snapshots could not be read and are'} left out.
            </p>
          )}
          {snapshots.status === 'ready' && snapshots.total > snapshots.progress.points.length + snapshots.progress.skipped && (
            <p className="field-hint">Showing the {snapshots.progress.points.length + snapshots.progress.skipped} most recent of {snapshots.total} snapshots.</p>
          )}
          <details className="progress-details">
            <summary>Show the numbers as a table</summary>
            <ProgressTable points={points} />
          </details>
        </>
      )}
    </section>
  );
}
