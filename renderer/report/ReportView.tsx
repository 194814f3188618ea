import { memo, useMemo, useState } from 'react';
import { deriveBacklog, type BacklogItem } from '../../shared/backlog.ts';
import { journeySvg } from '../../shared/journey-svg.ts';
import { riskForSorting, riskOf, isOpen, severities, SEVERITY_LABELS, threatSeverity } from '../../shared/scoring.ts';
import { stepKindInfo } from '../../shared/step-kinds.ts';
import { withoutPlaceholders } from '../../shared/threat-ops.ts';
import { notify } from '../notices.ts';
import { platform } from '../platform/current-platform.ts';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { AcceptedRisksTable } from '../risks/AcceptedRisksTable.tsx';
import { OUTCOME_STATUS_LABELS, THREAT_STATUS_LABELS } from '../risks/labels.ts';
import { useSession } from '../store/session-store.ts';
import type { Outcome, SessionDocument, Step, Threat } from '../../shared/schema.ts';
import { sessionFileName } from '../session-files.ts';
import { formatTimestamp } from '../format-time.ts';
import { ReportInsights } from '../insights/ReportInsights.tsx';
import { ProgressBar } from '../jobs/ProgressDialog.tsx';
import { useProgressiveCount } from '../jobs/use-progressive-count.ts';
import '../styles/report-progress.css';

/**
 * Steps and backlog rows in the first slice (later slices double, up to 8×). On the benchmark's
 * large session (300 steps, 1,500 threats, ~1,000 backlog items) the whole report took 450–820 ms
 * of main-thread work to appear in one go; in slices the page paints the first part at once and
 * shows how far the rest is.
 */
export const REPORT_SLICE = 60;

/** Per step, its threats (riskiest first) and outcomes: one pass over each list, not one per step. */
function byStep(doc: SessionDocument): { threats: Map<string, Threat[]>; outcomes: Map<string, Outcome[]> } {
  const threats = new Map<string, Threat[]>();
  for (const threat of doc.threats) {
    if (threat.anchor?.type !== 'step') continue;
    let list = threats.get(threat.anchor.id);
    if (!list) threats.set(threat.anchor.id, (list = []));
    list.push(threat);
  }
  for (const list of threats.values()) list.sort((a, b) => riskForSorting(b) - riskForSorting(a));
  const outcomes = new Map<string, Outcome[]>();
  for (const outcome of doc.outcomes) {
    let list = outcomes.get(outcome.stepId);
    if (!list) outcomes.set(outcome.stepId, (list = []));
    list.push(outcome);
  }
  return { threats, outcomes };
}

const NONE: never[] = [];

/** The printable report: what a facilitator hands out after the workshop (print or PDF). */
/**
 * `document` shows another version read-only (a snapshot); by default the open session. The
 * report never edits anything either way. A large report is laid out in slices with a progress
 * bar; printing waits until all of it is there.
 */
export function ReportView({ document: given, label = 'Report' }: { document?: SessionDocument; label?: string } = {}) {
  const open = useSession((s) => s.document);
  const source = given ?? open;
  // Untouched "New threat" placeholders are nobody's work yet: the report leaves them out.
  const doc = useMemo(() => (source ? withoutPlaceholders(source) : null), [source]);
  const backlog = useMemo(() => (doc ? deriveBacklog(doc) : null), [doc]);
  const pictures = useMemo(
    () => new Map((doc?.journeys ?? []).map((j) => [j.id, `data:image/svg+xml;charset=utf-8,${encodeURIComponent(journeySvg(doc!, j.id))}`])),
    [doc],
  );
  const journeys = useMemo(() => {
    const steps = new Map<string, Step[]>();
    for (const step of doc?.steps ?? []) {
      let list = steps.get(step.journeyId);
      if (!list) steps.set(step.journeyId, (list = []));
      list.push(step);
    }
    return (doc?.journeys ?? []).map((journey) => ({
      journey,
      steps: (steps.get(journey.id) ?? NONE).sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y),
    }));
  }, [doc]);
  const anchored = useMemo(() => (doc ? byStep(doc) : null), [doc]);
  // The same element while the document is the same: React skips it when the next slice renders.
  const insights = useMemo(() => (doc ? <ReportInsights doc={doc} /> : null), [doc]);
  const total = journeys.reduce((sum, j) => sum + j.steps.length, 0) + (backlog?.items.length ?? 0);
  const shown = useProgressiveCount(total, REPORT_SLICE, REPORT_SLICE * 8);
  const [printing, setPrinting] = useState(false);
  if (!doc || !backlog || !anchored) return null;
  const complete = shown >= total;
  const openThreats = doc.threats.filter(isOpen);
  const bySeverity = severities.map((s) => [s, openThreats.filter((t) => threatSeverity(t) === s).length] as const);
  const unscored = openThreats.filter((t) => threatSeverity(t) === null).length;

  const print = async () => {
    setPrinting(true);
    try {
      const result = await platform.printToPdf({ suggestedName: sessionFileName(doc.session.title).replace('.threatstorm.json', '-report.pdf') });
      if (result.status === 'error') notify.error(`Could not print: ${result.message}`);
    } finally {
      setPrinting(false);
    }
  };

  // What this slice shows: journeys in order, each with as many of its steps as fit, then backlog rows.
  const laidOut: { journey: (typeof journeys)[number]['journey']; steps: Step[]; visible: Step[] }[] = [];
  let budget = shown;
  for (const { journey, steps } of journeys) {
    if (budget <= 0 && steps.length > 0) break;
    const visible = steps.length <= budget ? steps : steps.slice(0, budget);
    budget -= visible.length;
    laidOut.push({ journey, steps, visible });
  }
  const backlogRows = budget >= backlog.items.length ? backlog.items : backlog.items.slice(0, Math.max(0, budget));
  const backlogStarted = budget > 0 || complete;
  return (
    <article className="report" aria-label={label} aria-busy={!complete}>
      <div className="report-actions no-print">
        <button type="button" className="button button-primary" disabled={!complete || printing} aria-busy={printing} onClick={() => void print()}>
          {printing ? 'Preparing the PDF…' : 'Print or save as PDF'}
        </button>
      </div>
      {/* Outside the actions, which a snapshot's read-only view hides: the progress shows there too. */}
      {!complete && (
        <div className="report-progress no-print">
          <p className="field-hint report-progress-text">
            Laying out the report: {shown.toLocaleString('en-US')} of {total.toLocaleString('en-US')} steps and backlog items…
          </p>
          <ProgressBar progress={{ phase: 'Laying out the report', done: shown, total, unit: 'items' }} label="Report progress" />
        </div>
      )}
      <header className="report-header">
        <h1>{doc.session.title}</h1>
        {doc.session.product && <p className="report-product">{doc.session.product}</p>}
        <p className="field-hint">Threat-storming report · last changed {formatTimestamp(doc.session.updatedAt)}</p>
        <dl className="report-summary">
          <div>
            <dt>Journeys</dt>
            <dd>{doc.journeys.length}</dd>
          </div>
          <div>
            <dt>Steps</dt>
            <dd>{doc.steps.length}</dd>
          </div>
          {bySeverity.map(([severity, count]) => (
            <div key={severity}>
              <dt>Open {SEVERITY_LABELS[severity].toLowerCase()}</dt>
              <dd>{count}</dd>
            </div>
          ))}
          {unscored > 0 && (
            <div>
              <dt>Open, not scored</dt>
              <dd>{unscored}</dd>
            </div>
          )}
          <div>
            <dt>Security outcomes</dt>
            <dd>{doc.outcomes.length}</dd>
          </div>
          <div>
            <dt>Mitigations</dt>
            <dd>{doc.mitigations.length}</dd>
          </div>
        </dl>
      </header>

      {insights}

      {laidOut.map(({ journey, steps, visible }) => {
        return (
          <section key={journey.id} className="report-journey" aria-labelledby={`report-${journey.id}`}>
            <h2 id={`report-${journey.id}`}>
              {journey.name} {journey.critical && <span className="critical-tag">Critical journey</span>}
            </h2>
            {(journey.persona || journey.goal) && (
              <p>
                {journey.persona && <strong>{journey.persona}: </strong>}
                {journey.goal}
              </p>
            )}
            <img className="report-picture" src={pictures.get(journey.id)} alt={`The journey “${journey.name}” as a flow of ${steps.length} steps`} />
            {visible.map((step) => (
              <StepBlock key={step.id} step={step} threats={anchored.threats.get(step.id) ?? NONE} outcomes={anchored.outcomes.get(step.id) ?? NONE} />
            ))}
          </section>
        );
      })}

      {backlogStarted && (
        <section className="report-section" aria-labelledby="report-backlog">
          <h2 id="report-backlog">Prioritized backlog</h2>
          {backlog.items.length === 0 ? (
            <p className="field-hint">No backlog items yet.</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Item and why it is there</th>
                  <th scope="col">Risk</th>
                  <th scope="col">Effort</th>
                </tr>
              </thead>
              <tbody>
                {backlogRows.map((item) => (
                  <BacklogRow key={item.key} item={item} />
                ))}
              </tbody>
            </table>
          )}
          <h3>Below the backlog threshold ({backlog.belowThreshold.length})</h3>
          <p className="field-hint">Open threats with a risk below {backlog.threshold}: not ranked, not forgotten.</p>
          {backlog.belowThreshold.length > 0 && (
            <ul aria-label="Below the backlog threshold">
              {backlog.belowThreshold.map((item) => (
                <li key={item.key}>
                  {item.title} <span className="field-hint">— {item.why}</span>
                </li>
              ))}
            </ul>
          )}
          <h3>Not scored yet ({backlog.notScored.length})</h3>
          {backlog.notScored.length > 0 ? (
            <ul aria-label="Not scored yet">
              {backlog.notScored.map((item) => (
                <li key={item.key}>{item.title}</li>
              ))}
            </ul>
          ) : (
            <p className="field-hint">Every open threat is scored.</p>
          )}
        </section>
      )}

      {complete && backlog.accepted.length > 0 && (
        <section className="report-section" aria-labelledby="report-accepted">
          <h2 id="report-accepted">Accepted risks</h2>
          <AcceptedRisksTable risks={backlog.accepted} className="report-table" />
        </section>
      )}
    </article>
  );
}

/** One step with its outcomes and threats; nothing when it has neither. Re-renders only when they change. */
const StepBlock = memo(function StepBlock({ step, threats, outcomes }: { step: Step; threats: readonly Threat[]; outcomes: readonly Outcome[] }) {
  if (threats.length === 0 && outcomes.length === 0) return null;
  return (
    <div className="report-step">
      <h3>
        {step.label || 'Untitled step'} <span className="field-hint">· {stepKindInfo(step.kind).name}</span>
      </h3>
      {outcomes.length > 0 && (
        <ul className="report-outcomes">
          {outcomes.map((o) => (
            <li key={o.id}>
              <span className="outcome-mark" aria-hidden="true">
                ✓
              </span>{' '}
              {o.statement} <span className="field-hint">({OUTCOME_STATUS_LABELS[o.status]})</span>
            </li>
          ))}
        </ul>
      )}
      {threats.length > 0 && (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              <th scope="col">Threat</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {threats.map((t) => (
              <tr key={t.id}>
                <td>
                  <SeverityChip risk={riskOf(t)} muted={!isOpen(t)} />
                </td>
                <td>{t.title}</td>
                <td>{THREAT_STATUS_LABELS[t.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});

const BacklogRow = memo(function BacklogRow({ item }: { item: BacklogItem }) {
  return (
    <tr>
      <td>{item.rank}</td>
      <td>{item.priority}</td>
      <td>
        {item.title}
        <br />
        <span className="field-hint">{item.why}</span>
      </td>
      <td>{item.risk > 0 ? <SeverityChip risk={item.risk} /> : '—'}</td>
      <td>{item.kind === 'mitigation' ? item.effort : 'decision'}</td>
    </tr>
  );
});
