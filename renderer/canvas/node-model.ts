/**
 * Turns the document's steps and flows into React Flow nodes and edges, reusing the previous
 * node object whenever its step did not change. Stable objects are what let React Flow and the
 * memoized StepNode skip work on a 300-step journey.
 */
import { MarkerType, Position, type NodeHandle } from '@xyflow/react';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import type { Flow, Step } from '../../shared/schema.ts';
import type { FlowFlowEdge } from './FlowEdge.tsx';
import type { StepFlowNode } from './StepNode.tsx';

/**
 * Size and handles a step node has before React Flow measures it. Without them React Flow renders
 * every node once, hidden, just to measure it, even with onlyRenderVisibleElements: 300 nodes
 * built and thrown away to show the three in view. Measured values replace these when a node
 * is actually drawn.
 */
const HANDLE = 12;
const INITIAL_HANDLES: NodeHandle[] = [
  { id: null, type: 'target', position: Position.Left, x: -HANDLE / 2, y: STEP_NODE_SIZE.height / 2 - HANDLE / 2, width: HANDLE, height: HANDLE },
  { id: null, type: 'source', position: Position.Right, x: STEP_NODE_SIZE.width - HANDLE / 2, y: STEP_NODE_SIZE.height / 2 - HANDLE / 2, width: HANDLE, height: HANDLE },
];

export function reconcileNodes(previous: readonly StepFlowNode[], steps: readonly Step[], journeyId: string, select: ReadonlySet<string> | null): StepFlowNode[] {
  const byId = new Map(previous.map((node) => [node.id, node]));
  const nodes: StepFlowNode[] = [];
  for (const step of steps) {
    if (step.journeyId !== journeyId) continue;
    const old = byId.get(step.id);
    const selected = select ? select.has(step.id) : (old?.selected ?? false);
    if (old && old.data.step === step && old.selected === selected) {
      nodes.push(old);
      continue;
    }
    nodes.push({
      id: step.id,
      type: 'step',
      position: old?.dragging ? old.position : step.position,
      data: { step },
      selected,
      initialWidth: STEP_NODE_SIZE.width,
      initialHeight: STEP_NODE_SIZE.height,
      handles: INITIAL_HANDLES,
      ...(old?.measured ? { measured: old.measured } : {}),
      ariaLabel: `${step.label || 'Untitled step'} (${step.kind})`,
    });
  }
  return nodes;
}

const arrow = { type: MarkerType.ArrowClosed, width: 18, height: 18 } as const;

export function reconcileEdges(previous: readonly FlowFlowEdge[], flows: readonly Flow[], journeyId: string): FlowFlowEdge[] {
  const byId = new Map(previous.map((edge) => [edge.id, edge]));
  const edges: FlowFlowEdge[] = [];
  for (const flow of flows) {
    if (flow.journeyId !== journeyId) continue;
    const old = byId.get(flow.id);
    if (old && old.data?.flow === flow) {
      edges.push(old);
      continue;
    }
    edges.push({
      id: flow.id,
      type: 'flow',
      source: flow.source,
      target: flow.target,
      data: { flow },
      selected: old?.selected ?? false,
      markerEnd: arrow,
      ariaLabel: `Flow${flow.label ? ` "${flow.label}"` : ''}${flow.crossesTrustBoundary ? ', crosses a trust boundary' : ''}`,
    });
  }
  return edges;
}
