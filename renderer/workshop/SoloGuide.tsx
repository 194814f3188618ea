import { useSession } from '../store/session-store.ts';

interface GuideStep {
  title: string;
  how: string;
  done: boolean;
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
  const scored = doc.threats.length > 0 && doc.threats.every((t) => t.likelihood !== 3 || t.impact !== 3);
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
          </li>
        ))}
      </ol>
      {next === -1 && <p className="field-hint">All done. Export again whenever the session changes.</p>}
    </aside>
  );
}
