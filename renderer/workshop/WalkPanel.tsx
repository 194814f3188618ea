import { useEffect, useMemo, useRef } from 'react';
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
import { createOutcome, createThreat } from '../store/threat-actions.ts';
import { isTyping } from '../keyboard.ts';


/**
 * Walk mode: the room goes through the journey one step at a time. The current step is centred
 * and highlighted, the others dimmed; prompts and fitting cards sit beside it, and what is added
 * here is anchored to the current step.
 */
export function WalkPanel({ journeyId }: { journeyId: string }) {
  const flow = useReactFlow();
  const panel = useRef<HTMLElement>(null);
  const steps = useSession((s) => s.document?.steps);
  const flows = useSession((s) => s.document?.flows);
  const threats = useSession((s) => s.document?.threats);
  const current = useCanvasUi((s) => s.walkStepId);
  const order = useMemo(() => (steps && flows ? walkOrder({ steps, flows }, journeyId) : []), [steps, flows, journeyId]);
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

  // Centre the current step and show it in the inspector.
  useEffect(() => {
    if (!step) return;
    // Centre the step in the part of the canvas the panel leaves free.
    const zoom = 1.1;
    const covered = (panel.current?.offsetHeight ?? 0) / 2 / zoom;
    void flow.setCenter(step.position.x + STEP_NODE_SIZE.width / 2, step.position.y + STEP_NODE_SIZE.height / 2 + covered, { zoom, duration: 300 });
    useCanvasUi.getState().setSelection([step.id], []);
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
    <section ref={panel} className="walk-panel" aria-label="Walk mode">
      <div className="walk-head">
        <span className="walk-count">
          Step {index + 1} of {order.length}
        </span>
        <h2 className="walk-step">{step.label || 'Untitled step'}</h2>
      </div>
      <ul className="walk-prompts" aria-label="Prompts">
        {WALK_PROMPTS.slice(0, 3).map((prompt) => (
          <li key={prompt}>{prompt}</li>
        ))}
      </ul>
      {cards.length > 0 && (
        <div className="walk-cards">
          {cards.map(({ card }) =>
            added.has(card.id) ? (
              <button key={card.id} type="button" className="button button-quiet is-added" title={card.prompt} disabled>
                ✓ {card.title} (added)
              </button>
            ) : (
              <button
                key={card.id}
                type="button"
                className="button button-quiet"
                title={card.prompt}
                onClick={() => createThreat(blankThreat({ type: 'step', id: step.id }, { ...threatDraftFromCard(card), notes: card.prompt }), `Play card "${card.title}"`)}
              >
                + {card.title}
              </button>
            ),
          )}
        </div>
      )}
      <div className="walk-actions">
        <button type="button" className="button" onClick={() => createThreat(blankThreat({ type: 'step', id: step.id }))}>
          + Threat here
        </button>
        <button type="button" className="button" onClick={() => createOutcome(step.id, 'Only I can …')}>
          + Outcome here
        </button>
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
    </section>
  );
}
