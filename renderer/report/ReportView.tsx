import { useMemo } from 'react';
import { deriveBacklog } from '../../shared/backlog.ts';
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
import type { SessionDocument } from '../../shared/schema.ts';
import { sessionFileName } from '../session-files.ts';
import { formatTimestamp } from '../format-time.ts';
import { ReportInsights } from '../insights/ReportInsights.tsx';

/** The printable report: what a facilitator hands out after the workshop (print or PDF). */
/**
 * `document` shows another version read-only (a snapshot); by default the open session. The
 * report never edits anything either way.
 */
export function ReportView({ document: given, label = 'Report' }: { document?: SessionDocument; label?: string } = {}) {
  const open = useSession((s) => s.document);
  const shown = given ?? open;
  // Untouched "New threat" placeholders are nobody's work yet: the report leaves them out.
  const doc = useMemo(() => (shown ? withoutPlaceholders(shown) : null), [shown]);
  const backlog = useMemo(() => (doc ? deriveBacklog(doc) : null), [doc]);
  const pictures = useMemo(
    () => new Map((doc?.journeys ?? []).map((j) => [j.id, `data:image/svg+xml;charset=utf-8,${encodeURIComponent(journeySvg(doc!, j.id))}`])),
    [doc],
  );
  if (!doc || !backlog) return null;
  const openThreats = doc.threats.filter(isOpen);
  const bySeverity = severities.map((s) => [s, openThreats.filter((t) => threatSeverity(t) === s).length] as const);
  const unscored = openThreats.filter((t) => threatSeverity(t) === null).length;

  const print = async () => {
    const result = await platform.printToPdf({ suggestedName: sessionFileName(doc.session.title).replace('.threatstorm.json', '-report.pdf') });
    if (result.status === 'error') notify.error(`Could not print: ${result.message}`);
  };

  return (
    <article className="report" aria-label={label}>
      <div className="report-actions no-print">
        <button type="button" className="button button-primary" onClick={() => void print()}>
          Print or save as PDF
        </button>
      </div>
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

      <ReportInsights doc={doc} />

      {doc.journeys.map((journey) => {
        const steps = doc.steps.filter((s) => s.journeyId === journey.id).sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y);
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
            {steps.map((step) => {
              const threats = doc.threats.filter((t) => t.anchor?.type === 'step' && t.anchor.id === step.id).sort((a, b) => riskForSorting(b) - riskForSorting(a));
              const outcomes = doc.outcomes.filter((o) => o.stepId === step.id);
              if (threats.length === 0 && outcomes.length === 0) return null;
              return (
                <div key={step.id} className="report-step">
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
            })}
          </section>
        );
      })}

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
              {backlog.items.map((item) => (
                <tr key={item.key}>
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

      {backlog.accepted.length > 0 && (
        <section className="report-section" aria-labelledby="report-accepted">
          <h2 id="report-accepted">Accepted risks</h2>
          <AcceptedRisksTable risks={backlog.accepted} className="report-table" />
        </section>
      )}
    </article>
  );
}
