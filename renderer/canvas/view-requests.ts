/**
 * Carries out a ViewRequest on the canvas once the nodes it needs are drawn and measured:
 * fit the whole journey, fit some steps (pointed out from Insights), or bring one new step into
 * view with room for its rename box. Returns false while the nodes are not there yet. The view
 * jumps rather than glides: the rename box must be where the person is about to type.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { ViewRequest } from './canvas-ui-store.ts';
import type { FitMargins } from './fit-view.ts';
import { openingViewport, READABLE_ZOOM } from './fit-view.ts';
import type { StepFlowNode } from './StepNode.tsx';
import type { FlowFlowEdge } from './FlowEdge.tsx';

type Flow = ReactFlowInstance<StepFlowNode, FlowFlowEdge>;

const px = (value: number) => `${value}px` as const;

function measured(flow: Flow, id: string): { x: number; y: number; width: number; height: number } | null {
  const node = flow.getInternalNode(id);
  const width = node?.measured.width;
  const height = node?.measured.height;
  if (!node || !width || !height) return null;
  return { ...node.internals.positionAbsolute, width, height };
}

export function performViewRequest(flow: Flow, request: ViewRequest, pane: { width: number; height: number }, margins: FitMargins, markOurMove: () => void): boolean {
  if (pane.width === 0 || pane.height === 0) return false;
  if (request.kind === 'fit-all') {
    const nodes = flow.getNodes();
    if (nodes.length === 0) return true;
    markOurMove();
    void flow.setViewport(openingViewport(nodes, pane.width, pane.height, margins));
    return true;
  }
  if (request.kind === 'fit-steps') {
    const ids = request.stepIds.filter((id) => flow.getInternalNode(id));
    if (ids.length === 0) return flow.getNodes().length > 0;
    if (ids.some((id) => !measured(flow, id))) return false;
    markOurMove();
    void flow.fitView({
      nodes: ids.map((id) => ({ id })),
      padding: { top: px(margins.top), right: px(margins.right), bottom: px(margins.bottom), left: px(margins.left) },
      // Close enough to read the pointed-out steps, never a single step filling the screen.
      maxZoom: 1.1,
      minZoom: 0.1,
    });
    return true;
  }
  const box = measured(flow, request.stepId);
  if (!box) return false;
  const { x, y, zoom } = flow.getViewport();
  const left = box.x * zoom + x;
  const top = box.y * zoom + y;
  const inView =
    left >= margins.left && top >= margins.top && left + box.width * zoom <= pane.width - margins.right && top + box.height * zoom <= pane.height - margins.bottom;
  // A new step gets a rename box: it must be in sight, at a size one can type into.
  if (inView && zoom >= READABLE_ZOOM) return true;
  const target = Math.max(zoom, READABLE_ZOOM);
  const freeCentreX = margins.left + (pane.width - margins.left - margins.right) / 2;
  const freeCentreY = margins.top + (pane.height - margins.top - margins.bottom) / 2;
  void flow.setViewport(
    { x: freeCentreX - (box.x + box.width / 2) * target, y: freeCentreY - (box.y + box.height / 2) * target, zoom: target },
  );
  return true;
}
