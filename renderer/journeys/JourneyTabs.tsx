import { useRef, type KeyboardEvent } from 'react';
import type { Journey } from '../../shared/schema.ts';
import { useSession } from '../store/session-store.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { addBlankJourney } from '../store/journey-actions.ts';

const NO_JOURNEYS: Journey[] = [];

/** Journeys as tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). */
export function JourneyTabs({ activeId, onTemplate }: { activeId: string; onTemplate(): void }) {
  const journeys = useSession((state) => state.document?.journeys ?? NO_JOURNEYS);
  const setActive = useCanvasUi((state) => state.setActiveJourney);
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? journeys.length - 1 : delta ? (index + delta + journeys.length) % journeys.length : -1;
    if (target < 0) return;
    event.preventDefault();
    const next = journeys[target];
    if (!next) return;
    setActive(next.id);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[target]?.focus();
  };

  return (
    <div className="journey-tabs">
      <div role="tablist" aria-label="Journeys" ref={list} className="journey-tablist">
        {journeys.map((journey, index) => (
          <button
            key={journey.id}
            type="button"
            role="tab"
            id={`journey-tab-${journey.id}`}
            aria-selected={journey.id === activeId}
            aria-controls="journey-panel"
            tabIndex={journey.id === activeId ? 0 : -1}
            className="journey-tab"
            onClick={() => setActive(journey.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {journey.critical && (
              <span className="critical-dot" title="Critical journey">
                <span className="visually-hidden">Critical: </span>
              </span>
            )}
            {journey.name}
          </button>
        ))}
      </div>
      <button type="button" className="button button-quiet" onClick={() => setActive(addBlankJourney())}>
        + Journey
      </button>
      <button type="button" className="button button-quiet" onClick={onTemplate}>
        New journey from template…
      </button>
    </div>
  );
}
