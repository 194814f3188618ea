import { remainingMs } from '../../shared/workshop-ops.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { useSession } from '../store/session-store.ts';
import { setPresenting } from './presenting.ts';
import { formatRemaining } from './timer-format.ts';
import { useNow } from './use-now.ts';

/**
 * The one strip the presenter's view keeps, in large type: which journey, which phase and its
 * time, the way to the neighbouring journeys, and the way out. Nothing to edit.
 */
export function PresentBar({ journeyId }: { journeyId: string }) {
  const journeys = useSession((s) => s.document?.journeys);
  const workshop = useSession((s) => s.document?.workshop);
  const running = !!workshop?.timer.startedAt;
  const now = useNow(running);
  if (!journeys || !workshop) return null;
  const index = journeys.findIndex((j) => j.id === journeyId);
  const journey = journeys[index];
  const phase = workshop.phases.find((p) => p.id === workshop.currentPhaseId);
  const remaining = remainingMs(workshop, now);
  const go = (to: number) => {
    const next = journeys[to];
    if (next) useCanvasUi.getState().setActiveJourney(next.id);
  };
  return (
    <div className="present-bar" role="toolbar" aria-label="Presenting">
      <h1 className="present-title">
        {journey?.critical && (
          <span className="critical-dot" title="Critical journey">
            <span className="visually-hidden">Critical: </span>
          </span>
        )}
        {journey?.name ?? ''}
      </h1>
      {phase && remaining !== null && (
        <p className={`present-phase${remaining <= 0 ? ' is-over' : ''}`}>
          <span>{phase.name}</span>
          <span className="present-timer" role="timer" aria-label={`Time left in ${phase.name}`}>
            {formatRemaining(remaining)}
          </span>
          {remaining <= 0 && <span className="timer-cue">Time is up</span>}
        </p>
      )}
      {journeys.length > 1 && (
        <span className="present-journeys">
          <button type="button" className="button" aria-label="Previous journey" disabled={index <= 0} onClick={() => go(index - 1)}>
            ‹
          </button>
          <span className="present-count">
            Journey {index + 1} of {journeys.length}
          </span>
          <button type="button" className="button" aria-label="Next journey" disabled={index >= journeys.length - 1} onClick={() => go(index + 1)}>
            ›
          </button>
        </span>
      )}
      <button type="button" className="button" aria-keyshortcuts="Escape" onClick={() => setPresenting(false)}>
        Stop presenting
      </button>
    </div>
  );
}
