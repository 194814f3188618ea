import { memo, useEffect, useRef, useState } from 'react';
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from '@xyflow/react';
import type { Step } from '../../shared/schema.ts';
import type { AnchorSummary } from '../../shared/coverage.ts';
import { stepKindInfo } from '../../shared/step-kinds.ts';
import { editStep } from '../store/journey-actions.ts';
import { usePresence } from '../live/presence.ts';
import { PRESENCE_COLORS } from '../../shared/live/messages.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store/session-store.ts';
import { summaryFor } from './anchor-summaries.ts';
import { isCovered } from '../../shared/coverage.ts';
import { StepKindIcon } from './StepKindIcon.tsx';
import '../styles/scoring.css';

/** `direction`: set while presenting, where every other row of the snake runs right to left. */
export type StepNodeData = { step: Step; direction?: 'ltr' | 'rtl' };
export type StepFlowNode = Node<StepNodeData, 'step'>;

function LabelEditor({ step }: { step: Step }) {
  const [draft, setDraft] = useState(step.label);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  const setEditing = useCanvasUi((state) => state.setEditing);
  useEffect(() => {
    // No scrolling: React Flow's pane is overflow-hidden and the canvas brings the step into view.
    ref.current?.focus({ preventScroll: true });
    ref.current?.select();
  }, []);
  const finish = (commit: boolean, refocus: boolean) => {
    if (done.current) return;
    done.current = true;
    if (commit && draft.trim() !== '') editStep(step.id, { label: draft.trim() });
    setEditing(null);
    // Enter or Escape hands the keyboard back to the step, so Enter renames it again and the
    // arrow keys, Delete and Escape act on it; a click elsewhere already moved the focus.
    if (refocus) {
      const node = ref.current?.closest<HTMLElement>('.react-flow__node');
      // Only if the keyboard is not already somewhere else by then.
      requestAnimationFrame(() => {
        if (!document.activeElement || document.activeElement === document.body) node?.focus({ preventScroll: true });
      });
    }
  };
  return (
    <input
      ref={ref}
      className="step-label-input nodrag nopan"
      aria-label="Step label"
      value={draft}
      maxLength={200}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => finish(true, false)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(true, true);
        else if (event.key === 'Escape') finish(false, true);
      }}
    />
  );
}

/**
 * One journey step. Memoized and fed only its own step object, so moving or editing one step
 * re-renders that step alone.
 */
function StepNodeView({ id, data, selected }: NodeProps<StepFlowNode>) {
  const { step, direction = 'ltr' } = data;
  // Flows enter a right-to-left row on the right: the handles swap sides with the row.
  const updateNodeInternals = useUpdateNodeInternals();
  const drawnDirection = useRef(direction);
  useEffect(() => {
    // Only on a change: a call per node on mount would re-measure a 300-step journey for nothing.
    if (drawnDirection.current === direction) return;
    drawnDirection.current = direction;
    updateNodeInternals(id);
  }, [direction, id, updateNodeInternals]);
  const into = direction === 'rtl' ? Position.Right : Position.Left;
  const out = direction === 'rtl' ? Position.Left : Position.Right;
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
      <PresenceMarkers stepId={id} />
      <Handle type="target" position={into} className="step-handle" role="img" aria-label={`Flow into ${step.label}`} />
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
      <Handle type="source" position={out} className="step-handle" role="img" aria-label={`Flow out of ${step.label}`} />
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

/** People in a live room who have this step selected: a coloured initial each, named for screen readers. */
function PresenceMarkers({ stepId }: { stepId: string }) {
  const people = usePresence((state) => state.byStep.get(stepId));
  if (!people || people.length === 0) return null;
  return (
    <ul className="presence-markers" aria-label={`Here: ${people.map((p) => p.name).join(', ')}`}>
      {people.slice(0, 4).map((person) => (
        <li key={person.clientId} className={`presence-marker presence-${presenceIndex(person.color)}`} title={person.name} aria-hidden="true">
          {initials(person.name)}
        </li>
      ))}
      {people.length > 4 && (
        <li className="presence-marker presence-more" aria-hidden="true">
          +{people.length - 4}
        </li>
      )}
    </ul>
  );
}

function initials(name: string): string {
  const letters = Array.from(name.trim());
  return (letters[0] ?? '?').toUpperCase();
}

function presenceIndex(color: string): number {
  const index = (PRESENCE_COLORS as readonly string[]).indexOf(color);
  return index < 0 ? 0 : index;
}
