import { useId, useMemo, type ReactNode } from 'react';
import type { JourneyReadiness, ReadinessReason } from '../../shared/insights.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { isOpen, riskOf } from '../../shared/scoring.ts';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { MITIGATION_STATUS_LABELS } from '../risks/labels.ts';
import { pointOutSteps } from './point-out.ts';

/** How many items a reason lists by name before "and N more". */
const LISTED = 4;

interface Lookup {
  threats: Map<string, SessionDocument['threats'][number]>;
  outcomes: Map<string, SessionDocument['outcomes'][number]>;
  mitigations: Map<string, SessionDocument['mitigations'][number]>;
  stepLabels: Map<string, string>;
}

function useLookup(doc: SessionDocument): Lookup {
  return useMemo(
    () => ({
      threats: new Map(doc.threats.map((t) => [t.id, t])),
      outcomes: new Map(doc.outcomes.map((o) => [o.id, o])),
      mitigations: new Map(doc.mitigations.map((m) => [m.id, m])),
      stepLabels: new Map(doc.steps.map((s) => [s.id, s.label || 'Untitled step'])),
    }),
    [doc],
  );
}

function ReasonItems({ reason, lookup }: { reason: ReadinessReason; lookup: Lookup }) {
  const items: Array<{ key: string; node: ReactNode }> = [];
  for (const id of reason.mitigationIds ?? []) {
    const m = lookup.mitigations.get(id);
    if (m) items.push({ key: `m-${id}`, node: <>{m.title} <span className="status-tag status-wont-do">{MITIGATION_STATUS_LABELS[m.status]}</span></> });
  }
  for (const id of reason.threatIds ?? []) {
    const t = lookup.threats.get(id);
    if (!t) continue;
    const where = t.anchor?.type === 'step' ? lookup.stepLabels.get(t.anchor.id) : null;
    items.push({
      key: `t-${id}`,
      node: (
        <>
          <SeverityChip risk={riskOf(t)} muted={!isOpen(t)} /> {t.title}
          {where && <span className="field-hint"> · {where}</span>}
          {t.status === 'accepted' && t.acceptance && <span className="field-hint"> · review was due {t.acceptance.reviewDate}</span>}
        </>
      ),
    });
  }
  for (const id of reason.outcomeIds ?? []) {
    const o = lookup.outcomes.get(id);
    if (o) items.push({ key: `o-${id}`, node: <>“{o.statement}” <span className="field-hint">· {lookup.stepLabels.get(o.stepId)}</span></> });
  }
  if (items.length === 0) return null;
  return (
    <ul className="readiness-items">
      {items.slice(0, LISTED).map((item) => (
        <li key={item.key}>{item.node}</li>
      ))}
      {items.length > LISTED && <li className="field-hint">and {items.length - LISTED} more</li>}
    </ul>
  );
}

/**
 * One card per critical journey saying plainly "Ready" or "Not ready", with the reasons and the
 * items behind each. With `onShowOnCanvas`, each reason can point its steps out on the canvas.
 */
export function ReadinessCards({
  doc,
  readiness,
  onShowOnCanvas,
  headingLevel = 3,
}: {
  doc: SessionDocument;
  readiness: JourneyReadiness[];
  onShowOnCanvas?: () => void;
  headingLevel?: 3 | 4;
}) {
  const lookup = useLookup(doc);
  const idPrefix = useId();
  if (readiness.length === 0) {
    return <p className="field-hint">No journey is marked critical yet. Mark the journeys that matter most as critical to see whether they are ready to launch.</p>;
  }
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const show = (journeyId: string, stepIds: string[]) => {
    pointOutSteps(doc, stepIds, journeyId);
    onShowOnCanvas?.();
  };
  return (
    <ul className="readiness-cards" aria-label="Launch readiness of critical journeys">
      {readiness.map((journey) => {
        const headingId = `${idPrefix}-${journey.journeyId}`;
        return (
          <li key={journey.journeyId}>
            <article className={`readiness-card ${journey.ready ? 'is-ready' : 'is-not-ready'}`} aria-labelledby={headingId}>
              <div className="readiness-head">
                <Heading id={headingId} className="readiness-journey">
                  {journey.name}
                </Heading>
                <p className="readiness-verdict">
                  <span className="readiness-mark" aria-hidden="true">
                    {journey.ready ? '✓' : '✕'}
                  </span>
                  {journey.ready ? 'Ready' : 'Not ready'}
                </p>
              </div>
              {journey.ready ? (
                <p className="readiness-note">Every open High or Critical threat and every security outcome has a planned mitigation; no accepted risk is overdue.</p>
              ) : (
                <ul className="readiness-reasons" aria-label={`Why ${journey.name} is not ready`}>
                  {journey.reasons.map((reason) => (
                    <li key={reason.kind} className={`readiness-reason reason-${reason.kind}`}>
                      <div className="readiness-reason-line">
                        <span className="readiness-message">{reason.message}</span>
                        {onShowOnCanvas && (
                          <button
                            type="button"
                            className="button button-quiet readiness-show"
                            aria-label={`${reason.stepIds.length > 0 ? 'Show on canvas' : 'Open journey'}: ${journey.name}, ${reason.message}`}
                            onClick={() => show(journey.journeyId, reason.stepIds)}
                          >
                            {reason.stepIds.length > 0 ? 'Show on canvas' : 'Open journey'}
                          </button>
                        )}
                      </div>
                      <ReasonItems reason={reason} lookup={lookup} />
                    </li>
                  ))}
                </ul>
              )}
            </article>
          </li>
        );
      })}
    </ul>
  );
}
