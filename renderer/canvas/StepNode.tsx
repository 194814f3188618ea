import { memo, useEffect, useRef, useState } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Step } from '../../shared/schema.ts';
import type { AnchorSummary } from '../../shared/coverage.ts';
import { stepKindInfo } from '../../shared/step-kinds.ts';
import { editStep } from '../store/journey-actions.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store/session-store.ts';
import { summaryFor } from './anchor-summaries.ts';
import { isCovered } from '../../shared/coverage.ts';
import { StepKindIcon } from './StepKindIcon.tsx';
import '../styles/scoring.css';

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
  const highlighted = useCanvasUi((state) => state.highlightedStepIds.includes(id));
  const current = useCanvasUi((state) => state.walkStepId === id);
  // A map lookup in a summary computed once per change of threats/outcomes; shallow-compared so
  // a node re-renders only when its own numbers change.
  const summary = useSession(useShallow((state) => summaryFor(state.document, 'step', id)));
  const kind = stepKindInfo(step.kind);
  const classes = [
    'step-node',
    `kind-${step.kind}`,
    selected ? 'is-selected' : '',
    summary.heat ? `heat-${summary.heat}` : '',
    isCovered(summary) ? '' : 'is-uncovered',
    highlighted ? 'is-highlighted' : '',
    current ? 'is-current' : '',
  ].filter(Boolean);
  return (
    <div className={classes.join(' ')} title={step.description || undefined}>
      <StepBadges summary={summary} />
      <Handle type="target" position={Position.Left} className="step-handle" role="img" aria-label={`Flow into ${step.label}`} />
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
      <Handle type="source" position={Position.Right} className="step-handle" role="img" aria-label={`Flow out of ${step.label}`} />
    </div>
  );
}

export const StepNode = memo(StepNodeView);

const BADGE_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** Open threats by severity (and those not scored yet) and the number of security outcomes, readable without colour. */
export function StepBadges({ summary }: { summary: AnchorSummary }) {
  const parts = BADGE_ORDER.filter((severity) => summary[severity] > 0);
  if (parts.length === 0 && summary.outcomes === 0 && summary.threats === 0) return null;
  const allClosed = summary.threats > 0 && parts.length === 0 && summary.unscored === 0;
  const description = [
    ...parts.map((severity) => `${summary[severity]} ${severity}`),
    summary.unscored > 0 ? `${summary.unscored} not scored` : '',
    allClosed ? `${summary.threats} closed` : '',
    summary.outcomes > 0 ? `${summary.outcomes} ${summary.outcomes === 1 ? 'outcome' : 'outcomes'}` : '',
  ].filter(Boolean);
  return (
    <div className="step-badges" role="img" aria-label={`Threats and outcomes: ${description.join(', ')}`} title={description.join(', ')}>
      {parts.map((severity) => (
        <span key={severity} className={`step-badge severity-${severity}`}>
          {summary[severity]}
        </span>
      ))}
      {summary.unscored > 0 && <span className="step-badge unscored-badge">?{summary.unscored}</span>}
      {allClosed && <span className="step-badge closed-badge">✓{summary.threats}</span>}
      {summary.outcomes > 0 && <span className="step-badge outcome-badge">◆{summary.outcomes}</span>}
    </div>
  );
}
