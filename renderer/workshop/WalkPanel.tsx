import { useEffect, useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { dealCards } from '../../shared/card-fit.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import { BUILT_IN_DECKS } from '../../shared/decks/index.ts';
import { threatDraftFromCard } from '../../shared/threat-statement.ts';
import { walkOrder, WALK_PROMPTS } from '../../shared/workshop-ops.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { useSession } from '../store/session-store.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import { cardsOn } from '../../shared/threat-duplicates.ts';
import '../styles/already-added.css';
import { createThreat } from '../store/threat-actions.ts';
import { startOutcomeDraft } from '../risks/outcome-draft.ts';
import { isTyping } from '../keyboard.ts';


/**
 * Walk mode: the room goes through the journey one step at a time. The current step is centred
 * and highlighted, the others dimmed; prompts and fitting cards sit beside it, and what is added
 * here is anchored to the current step.
 */
export function WalkPanel({ journeyId }: { journeyId: string }) {
  const flow = useReactFlow();
  const steps = useSession((s) => s.document?.steps);
  const threats = useSession((s) => s.document?.threats);
  const flows = useSession((s) => s.document?.flows);
  const current = useCanvasUi((s) => s.walkStepId);
  const presenting = useCanvasUi((s) => s.presenting);
  // Only while walking: a large journey's order is not recomputed at every edit of a session
  // nobody is walking (issue 17 item 6).
  const walking = current !== null;
  const order = useMemo(() => (walking && steps && flows ? walkOrder({ steps, flows }, journeyId) : []), [walking, steps, flows, journeyId]);
  const index = current ? order.indexOf(current) : -1;
  const step = steps?.find((s) => s.id === current);

  const go = (to: number) => {
    const id = order[Math.max(0, Math.min(order.length - 1, to))];
    if (id) useCanvasUi.getState().setWalkStep(id);
  };
  const exit = () => useCanvasUi.getState().setWalkStep(null);

  useEffect(() => {
    if (current && !order.includes(current)) useCanvasUi.getState().setWalkStep(order[0] ?? null);
  }, [current, order]);

  // Bring the current step into view and show it in the inspector. The panel sits below the
  // canvas (it never covers a step), so the canvas's own size is what is free.
  useEffect(() => {
    if (!step) return;
    useCanvasUi.getState().setSelection([step.id], []);
    // Where the step is drawn: the presenter's layout moves steps without touching the document.
    const node = flow.getInternalNode(step.id);
    const at = node?.internals.positionAbsolute ?? step.position;
    const width = node?.measured.width ?? STEP_NODE_SIZE.width;
    const height = node?.measured.height ?? STEP_NODE_SIZE.height;
    if (presenting) {
      // The presenter's view shows the journey readably already: move only for a step out of sight.
      const pane = document.getElementById('journey-canvas');
      const { x, y, zoom } = flow.getViewport();
      const left = at.x * zoom + x;
      const top = at.y * zoom + y;
      if (pane && left >= 0 && top >= 0 && left + width * zoom <= pane.clientWidth && top + height * zoom <= pane.clientHeight) return;
      void flow.setCenter(at.x + width / 2, at.y + height / 2, { zoom, duration: 300 });
      return;
    }
    void flow.setCenter(at.x + width / 2, at.y + height / 2, { zoom: 1.1, duration: 300 });
    // Only when the step changes, not on every edit of it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step?.id]);

  useEffect(() => {
    if (!current) return;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') go(index + 1);
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') go(index - 1);
      else if (event.key === 'Escape') exit();
      else return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  if (!step) return null;
  const cards = dealCards(step, BUILT_IN_DECKS, { limit: 3 });
  // A suggestion clicked twice would make the same threat twice: once added, it says so.
  const added = cardsOn(threats ?? [], { type: 'step', id: step.id });
  return (
    <section className="walk-panel" aria-label="Walk mode">
      {/* The way on (and out) sits in the first row: however little room the panel gets, it
          stays in sight; the prompts and cards below scroll. */}
      <div className="walk-head">
        <span className="walk-count">
          Step {index + 1} of {order.length}
        </span>
        <h2 className="walk-step">{step.label || 'Untitled step'}</h2>
        <span className="walk-nav">
          <button type="button" className="button" aria-label="Previous step" disabled={index <= 0} onClick={() => go(index - 1)}>
            ← Previous
          </button>
          <button type="button" className="button button-primary" aria-label="Next step" disabled={index >= order.length - 1} onClick={() => go(index + 1)}>
            Next →
          </button>
          <button type="button" className="button button-quiet" onClick={exit}>
            End walk
          </button>
        </span>
      </div>
      <div className="walk-body">
        <ul className="walk-prompts" aria-label="Prompts">
          {WALK_PROMPTS.slice(0, 3).map((prompt) => (
            <li key={prompt}>{prompt}</li>
          ))}
        </ul>
        <div className="walk-actions">
          {cards.map(({ card }) =>
            added.has(card.id) ? (
              <button key={card.id} type="button" className="button button-quiet walk-card is-added" title={card.prompt} disabled>
                ✓ {card.title} (added)
              </button>
            ) : (
              <button
                key={card.id}
                type="button"
                className="button button-quiet walk-card"
                title={card.prompt}
                onClick={() => createThreat(blankThreat({ type: 'step', id: step.id }, { ...threatDraftFromCard(card), notes: card.prompt }), `Play card "${card.title}"`)}
              >
                + {card.title}
              </button>
            ),
          )}
          {/* Writing needs the inspector, which the presenter's view hides: cards still play. */}
          {!presenting && (
            <>
              <button type="button" className="button" onClick={() => createThreat(blankThreat({ type: 'step', id: step.id }))}>
                + Threat here
              </button>
              <button type="button" className="button" onClick={() => startOutcomeDraft(step.id)}>
                + Outcome here
              </button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
