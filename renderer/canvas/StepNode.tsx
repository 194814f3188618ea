import { memo, useEffect, useRef, useState } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Step } from '../../shared/schema.ts';
import { stepKindInfo } from '../../shared/step-kinds.ts';
import { editStep } from '../store/journey-actions.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { StepKindIcon } from './StepKindIcon.tsx';

export type StepNodeData = { step: Step };
export type StepFlowNode = Node<StepNodeData, 'step'>;

function LabelEditor({ step }: { step: Step }) {
  const [draft, setDraft] = useState(step.label);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  const setEditing = useCanvasUi((state) => state.setEditing);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (commit: boolean) => {
    if (done.current) return;
    done.current = true;
    if (commit && draft.trim() !== '') editStep(step.id, { label: draft.trim() });
    setEditing(null);
  };
  return (
    <input
      ref={ref}
      className="step-label-input nodrag nopan"
      aria-label="Step label"
      value={draft}
      maxLength={200}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(true);
        else if (event.key === 'Escape') finish(false);
      }}
    />
  );
}

/**
 * One journey step. Memoized and fed only its own step object, so moving or editing one step
 * re-renders that step alone.
 */
function StepNodeView({ id, data, selected }: NodeProps<StepFlowNode>) {
  const { step } = data;
  const editing = useCanvasUi((state) => state.editingStepId === id);
  const kind = stepKindInfo(step.kind);
  return (
    <div className={`step-node kind-${step.kind}${selected ? ' is-selected' : ''}`} title={step.description || undefined}>
      <Handle type="target" position={Position.Left} className="step-handle" aria-label={`Flow into ${step.label}`} />
      <div className="step-shape" aria-hidden="true" />
      <div className="step-body">
        <div className="step-kind">
          <StepKindIcon kind={step.kind} />
          <span>{kind.name}</span>
        </div>
        {editing ? <LabelEditor step={step} /> : <div className="step-label">{step.label || 'Untitled step'}</div>}
        {step.dataTags.length > 0 && (
          <ul className="step-tags" aria-label="Data handled">
            {step.dataTags.slice(0, 4).map((tag) => (
              <li key={tag} className={`data-tag tag-${tag}`}>
                {tag}
              </li>
            ))}
            {step.dataTags.length > 4 && <li className="data-tag">+{step.dataTags.length - 4}</li>}
          </ul>
        )}
      </div>
      <Handle type="source" position={Position.Right} className="step-handle" aria-label={`Flow out of ${step.label}`} />
    </div>
  );
}

export const StepNode = memo(StepNodeView);
