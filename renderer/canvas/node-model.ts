/**
 * Turns the document's steps and flows into React Flow nodes and edges, reusing the previous
 * node object whenever its step did not change. Stable objects are what let React Flow and the
 * memoized StepNode skip work on a 300-step journey.
 */
import { MarkerType } from '@xyflow/react';
import type { Flow, Step } from '../../shared/schema.ts';
import type { FlowFlowEdge } from './FlowEdge.tsx';
import type { StepFlowNode } from './StepNode.tsx';

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
