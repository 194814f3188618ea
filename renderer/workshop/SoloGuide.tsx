import type { ReactNode } from 'react';
import type { SessionDocument, Threat } from '../../shared/schema.ts';
import { isOpen, isScored } from '../../shared/scoring.ts';
import { isUntouchedPlaceholder } from '../../shared/threat-placeholder.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { useSession } from '../store/session-store.ts';
import '../styles/scoring.css';

interface GuideStep {
  title: string;
  how: string;
  done: boolean;
  /** What is left to do, when the step can name it. */
  left?: ReactNode;
}

/** How many unscored threats the guide names; the rest are counted. */
const LISTED = 5;

/** Selects a threat's step (or flow) and its journey, so the inspector shows it for scoring. */
function showThreat(doc: SessionDocument, threat: Threat): void {
  const anchor = threat.anchor;
  if (!anchor) return;
  const ui = useCanvasUi.getState();
  const journeyId = anchor.type === 'step' ? doc.steps.find((s) => s.id === anchor.id)?.journeyId : doc.flows.find((f) => f.id === anchor.id)?.journeyId;
  if (journeyId) ui.setActiveJourney(journeyId);
  if (anchor.type === 'step') ui.setSelection([anchor.id], []);
  else ui.setSelection([], [anchor.id]);
}

/**
 * A short guided path for a product manager alone: five steps, each ticked off from what the
 * session already holds, so a first-time user can finish in ten minutes without reading docs.
 */
export function SoloGuide({ onClose }: { onClose(): void }) {
  const doc = useSession((s) => s.document);
  if (!doc) return null;
  const journeyWithSteps = doc.journeys.some((j) => doc.steps.filter((s) => s.journeyId === j.id).length >= 3);
  const fromCards = doc.threats.some((t) => t.cardId);
  // Open threats nobody has scored (a deliberate 3 × 3 is scored; an empty placeholder is no threat yet).
  const threats = doc.threats.filter((t) => !isUntouchedPlaceholder(t));
  const unscored = threats.filter((t) => isOpen(t) && !isScored(t));
  const scored = threats.length > 0 && unscored.length === 0;
  const steps: GuideStep[] = [
    {
      title: 'Draw the journey',
      how: 'Use “New journey from template…”, or drag step kinds from the Steps palette and connect them.',
      done: journeyWithSteps,
    },
    {
      title: 'Deal cards, step by step',
      how: 'Select a step, open “Threat cards”, and drag the cards that ring true onto the step.',
      done: fromCards,
    },
    {
      title: 'Write what the user must be able to trust',
      how: 'In the inspector, “+ Outcome”: one sentence in the user’s words, such as “only I can see my saved cards”.',
      done: doc.outcomes.length > 0,
    },
    {
      title: 'Score each threat',
      how: 'Open each threat and set how likely it is and how bad it would be.',
      done: scored,
      left:
        unscored.length > 0 ? (
          <>
            <p className="field-hint">{unscored.length === 1 ? '1 threat is' : `${unscored.length} threats are`} not scored yet:</p>
            <ul className="left-to-score" aria-label="Threats left to score">
              {unscored.slice(0, LISTED).map((threat) => (
                <li key={threat.id}>
                  {threat.anchor ? (
                    <button type="button" className="link-button" onClick={() => showThreat(doc, threat)}>
                      {threat.title}
                    </button>
                  ) : (
                    `${threat.title} (not placed yet)`
                  )}
                </li>
              ))}
              {unscored.length > LISTED && <li>and {unscored.length - LISTED} more</li>}
            </ul>
          </>
        ) : undefined,
    },
    {
      title: 'Export the backlog',
      how: 'Open “Backlog”, choose your tool (Jira, Azure DevOps, Linear, GitHub or CSV) and press “Export backlog”.',
      done: doc.mitigations.length > 0 || doc.threats.some((t) => t.status !== 'open'),
    },
  ];
  const next = steps.findIndex((s) => !s.done);
  return (
    <aside className="solo-guide" aria-label="Solo guide">
      <div className="section-title">
        <h2>Threat-storm a journey on your own</h2>
        <button type="button" className="icon-button" aria-label="Close the guide" onClick={onClose}>
          ×
        </button>
      </div>
      <ol>
        {steps.map((step, index) => (
          <li key={step.title} className={step.done ? 'is-done' : index === next ? 'is-next' : ''} aria-current={index === next ? 'step' : undefined}>
            <strong>
              {step.done ? '✓ ' : ''}
              {step.title}
            </strong>
            {!step.done && <p>{step.how}</p>}
            {!step.done && step.left}
          </li>
        ))}
      </ol>
      {next === -1 && <p className="field-hint">All done. Export again whenever the session changes.</p>}
    </aside>
  );
}
