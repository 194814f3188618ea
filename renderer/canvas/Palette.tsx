import { useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { StepKind } from '../../shared/schema.ts';
import { STEP_KINDS } from '../../shared/step-kinds.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import { addStep } from '../store/journey-actions.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { StepKindIcon } from './StepKindIcon.tsx';
import { addStepNextToSelection } from './add-step-here.ts';

const DRAG_THRESHOLD = 4;

/**
 * Step kinds to drag onto the canvas (pointer events: mouse, pen, touch) or to press (adds the
 * step next to the selected one). Keys 1–7 do the same from the keyboard.
 */
export function Palette({ journeyId }: { journeyId: string }) {
  const flow = useReactFlow();
  const ghost = useRef<HTMLDivElement>(null);
  const drag = useRef<{ kind: StepKind; startX: number; startY: number; active: boolean } | null>(null);
  const suppressClick = useRef(false);

  const moveGhost = (x: number, y: number) => {
    if (ghost.current) ghost.current.style.transform = `translate(${x + 8}px, ${y + 8}px)`;
  };

  const onPointerDown = (kind: StepKind) => (event: ReactPointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { kind, startX: event.clientX, startY: event.clientY, active: false };
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    if (!current) return;
    if (!current.active && Math.hypot(event.clientX - current.startX, event.clientY - current.startY) > DRAG_THRESHOLD) {
      current.active = true;
      if (ghost.current) {
        ghost.current.hidden = false;
        ghost.current.dataset.kind = current.kind;
        ghost.current.textContent = STEP_KINDS.find((info) => info.kind === current.kind)?.name ?? '';
      }
    }
    if (current.active) moveGhost(event.clientX, event.clientY);
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    drag.current = null;
    if (ghost.current) ghost.current.hidden = true;
    if (!current?.active) return;
    suppressClick.current = true;
    const target = document.elementFromPoint(event.clientX, event.clientY);
    if (!target?.closest('.react-flow__pane, .react-flow__node, .react-flow__edge')) return;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const id = addStep(journeyId, current.kind, { x: position.x - STEP_NODE_SIZE.width / 2, y: position.y - STEP_NODE_SIZE.height / 2 });
    useCanvasUi.getState().selectWhenReady([id]);
  };

  const onClick = (kind: StepKind) => () => {
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    addStepNextToSelection(flow, journeyId, kind, document.querySelector('.canvas'));
  };

  return (
    <aside className="palette" aria-label="Step palette">
      <h2 className="palette-heading">Steps</h2>
      <p className="palette-hint">Drag onto the canvas, or press to add next to the selected step.</p>
      <ul className="palette-list">
        {STEP_KINDS.map((info, index) => (
          <li key={info.kind}>
            <button
              type="button"
              className={`palette-item kind-${info.kind}`}
              aria-label={`Add ${info.name} step`}
              aria-keyshortcuts={String(index + 1)}
              title={`${info.hint} (key ${index + 1})`}
              onPointerDown={onPointerDown(info.kind)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={() => {
                drag.current = null;
                if (ghost.current) ghost.current.hidden = true;
              }}
              onClick={onClick(info.kind)}
            >
              <span className="palette-icon">
                <StepKindIcon kind={info.kind} />
              </span>
              <span className="palette-name">{info.name}</span>
              <kbd className="palette-key">{index + 1}</kbd>
            </button>
          </li>
        ))}
      </ul>
      <div ref={ghost} className="palette-ghost" hidden aria-hidden="true" />
    </aside>
  );
}
