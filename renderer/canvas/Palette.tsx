import { useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { STEP_KINDS, type StepKindInfo } from '../../shared/step-kinds.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import { addStep } from '../store/journey-actions.ts';
import { usePointerDrag } from '../components/use-pointer-drag.ts';
import { StepKindIcon } from './StepKindIcon.tsx';
import { addStepNextToSelection, showNewStep } from './add-step-here.ts';

/**
 * Step kinds to drag onto the canvas (pointer events: mouse, pen, touch) or to press (adds the
 * step next to the selected one). Keys 1–7 do the same from the keyboard.
 */
interface Ghost {
  show(info: StepKindInfo): void;
  move(x: number, y: number): void;
  hide(): void;
}

export function Palette({ journeyId }: { journeyId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // One ghost follows the pointer for whichever step kind is being dragged.
  const ghost: Ghost = {
    show: (info) => {
      if (!ref.current) return;
      ref.current.hidden = false;
      ref.current.dataset.kind = info.kind;
      ref.current.textContent = info.name;
    },
    move: (x, y) => {
      if (ref.current) ref.current.style.transform = `translate(${x + 8}px, ${y + 8}px)`;
    },
    hide: () => {
      if (ref.current) ref.current.hidden = true;
    },
  };
  return (
    <aside className="palette" aria-label="Step palette">
      <h2 className="palette-heading">Steps</h2>
      <p className="palette-hint">Drag onto the canvas, or press to add next to the selected step.</p>
      <ul className="palette-list">
        {STEP_KINDS.map((info, index) => (
          <li key={info.kind}>
            <PaletteItem info={info} shortcut={index + 1} journeyId={journeyId} ghost={ghost} />
          </li>
        ))}
      </ul>
      <div ref={ref} className="palette-ghost" hidden aria-hidden="true" />
    </aside>
  );
}

function PaletteItem({ info, shortcut, journeyId, ghost }: { info: StepKindInfo; shortcut: number; journeyId: string; ghost: Ghost }) {
  const flow = useReactFlow();
  const { handlers, isRealClick } = usePointerDrag({
    onStart: () => ghost.show(info),
    onMove: ghost.move,
    onEnd: ghost.hide,
    onDrop: (x, y) => {
      const target = document.elementFromPoint(x, y);
      if (!target?.closest('.react-flow__pane, .react-flow__node, .react-flow__edge')) return;
      const position = flow.screenToFlowPosition({ x, y });
      const id = addStep(journeyId, info.kind, { x: position.x - STEP_NODE_SIZE.width / 2, y: position.y - STEP_NODE_SIZE.height / 2 });
      showNewStep(id);
    },
  });
  return (
    <button
      type="button"
      className={`palette-item kind-${info.kind}`}
      aria-keyshortcuts={String(shortcut)}
      title={`${info.hint} (key ${shortcut})`}
      {...handlers}
      onClick={() => {
        if (isRealClick()) addStepNextToSelection(flow, journeyId, info.kind, document.querySelector('.canvas'));
      }}
    >
      <span className="palette-icon">
        <StepKindIcon kind={info.kind} />
      </span>
      {/* Name from content, "Add <kind> step" (label in name, WCAG 2.5.3); the key is announced
          through aria-keyshortcuts. */}
      <span className="palette-name">
        <span className="visually-hidden">Add </span>
        {info.name}
        <span className="visually-hidden"> step</span>
      </span>
      <kbd className="palette-key" aria-hidden="true">
        {shortcut}
      </kbd>
    </button>
  );
}
