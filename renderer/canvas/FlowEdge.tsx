import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { Flow } from '../../shared/schema.ts';
import { useShallow } from 'zustand/react/shallow';
import { useSession } from '../store/session-store.ts';
import { summaryFor } from './anchor-summaries.ts';
import { StepBadges } from './StepNode.tsx';

export type FlowEdgeData = { flow: Flow };
export type FlowFlowEdge = Edge<FlowEdgeData, 'flow'>;

/** A flow between steps; one that crosses a trust boundary is dashed, red and says so. */
function FlowEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<FlowFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const flow = data?.flow;
  const boundary = flow?.crossesTrustBoundary ?? false;
  const summary = useSession(useShallow((state) => summaryFor(state.document, 'flow', id)));
  const hasRisks = summary.threats > 0;
  const className = `flow-edge${boundary ? ' crosses-boundary' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={className} markerEnd={markerEnd} interactionWidth={24} />
      {(flow?.label || boundary || hasRisks) && (
        <EdgeLabelRenderer>
          <div
            data-flow-id={id}
            className={`flow-label nodrag nopan${boundary ? ' crosses-boundary' : ''}${selected ? ' is-selected' : ''}${summary.heat ? ` heat-${summary.heat}` : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {boundary && (
              <span className="boundary-badge" title="Crosses a trust boundary">
                <span aria-hidden="true">⚑</span>
                <span className="visually-hidden">Crosses a trust boundary</span>
              </span>
            )}
            {flow?.label}
            {hasRisks && <StepBadges summary={summary} />}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
