import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store/session-store.ts';
import { editJourney, removeJourney, reorderJourney } from '../store/journey-actions.ts';
import { sessionStore } from '../store/session-store.ts';
import { notify } from '../notices.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { TextField } from '../components/TextField.tsx';

/** The active journey's name, persona, goal and the prominent Critical journey switch. */
export function JourneyBar({ journeyId }: { journeyId: string }) {
  const { journey, index, count } = useSession(
    useShallow((state) => {
      const journeys = state.document?.journeys ?? [];
      const i = journeys.findIndex((j) => j.id === journeyId);
      return { journey: journeys[i], index: i, count: journeys.length };
    }),
  );
  if (!journey) return null;

  const remove = () => {
    const before = sessionStore.getState().document;
    const neighbour = before?.journeys.find((j) => j.id !== journeyId);
    removeJourney(journeyId);
    const deletion = sessionStore.getState().lastChange?.seq;
    if (neighbour) useCanvasUi.getState().setActiveJourney(neighbour.id);
    notify.info(`Deleted the journey "${journey.name}".`, {
      label: 'Undo',
      run: () => {
        // Undo only while the deletion is still the latest change: otherwise this would undo
        // whatever was done after it and leave the journey deleted.
        const { lastChange, undo } = sessionStore.getState();
        if (deletion === undefined || lastChange?.seq !== deletion) {
          notify.info(`Other changes came after deleting "${journey.name}", so it cannot be restored from here. Use Undo (Ctrl+Z) to step back through them.`);
          return;
        }
        undo();
        useCanvasUi.getState().setActiveJourney(journeyId);
      },
    });
  };

  return (
    <div className="journey-bar">
      <TextField label="Journey" value={journey.name} gestureKey={`journey-name:${journeyId}`} onChange={(name, key) => editJourney(journeyId, { name }, key)} />
      <TextField label="Persona" placeholder="e.g. returning customer" value={journey.persona} gestureKey={`journey-persona:${journeyId}`} onChange={(persona, key) => editJourney(journeyId, { persona }, key)} />
      <TextField label="Goal" placeholder="What the user wants to get done" maxLength={1000} value={journey.goal} gestureKey={`journey-goal:${journeyId}`} onChange={(goal, key) => editJourney(journeyId, { goal }, key)} />
      <button
        type="button"
        role="switch"
        aria-checked={journey.critical}
        className={`critical-switch${journey.critical ? ' is-on' : ''}`}
        onClick={() => editJourney(journeyId, { critical: !journey.critical })}
        title="Critical journeys weigh more when the backlog is prioritized"
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        Critical journey
      </button>
      <div className="journey-actions">
        <button type="button" className="icon-button" aria-label="Move journey left" disabled={index <= 0} onClick={() => reorderJourney(journeyId, index - 1)}>
          ‹
        </button>
        <button type="button" className="icon-button" aria-label="Move journey right" disabled={index >= count - 1} onClick={() => reorderJourney(journeyId, index + 1)}>
          ›
        </button>
        <button type="button" className="button button-quiet button-danger" disabled={count <= 1} title={count <= 1 ? 'A session keeps at least one journey' : undefined} onClick={remove}>
          Delete journey
        </button>
      </div>
    </div>
  );
}

