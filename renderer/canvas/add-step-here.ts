/**
 * Where a new step goes when it is not dropped by pointer: right of the selected step (and
 * connected from it), or in the middle of what the canvas shows. Either way the new step is
 * selected, brought into view and opened for renaming.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import type { StepKind } from '../../shared/schema.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';
import { addStep } from '../store/journey-actions.ts';
import { sessionStore } from '../store/session-store.ts';
import { useCanvasUi } from './canvas-ui-store.ts';

const GAP_X = 70;

export function addStepNextToSelection(flow: Pick<ReactFlowInstance, 'screenToFlowPosition'>, journeyId: string, kind: StepKind, canvas: Element | null): string {
  const { selectedStepIds } = useCanvasUi.getState();
  const doc = sessionStore.getState().document;
  const anchor = selectedStepIds.length === 1 ? doc?.steps.find((step) => step.id === selectedStepIds[0] && step.journeyId === journeyId) : undefined;
  let id: string;
  if (anchor) {
    id = addStep(journeyId, kind, { x: anchor.position.x + STEP_NODE_SIZE.width + GAP_X, y: anchor.position.y }, anchor.id);
  } else {
    const rect = canvas?.getBoundingClientRect();
    const centre = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    id = addStep(journeyId, kind, { x: centre.x - STEP_NODE_SIZE.width / 2, y: centre.y - STEP_NODE_SIZE.height / 2 });
  }
  showNewStep(id);
  return id;
}

/** A new step: selected, in sight and with its rename box open, so the next keys name it. */
export function showNewStep(stepId: string): void {
  const ui = useCanvasUi.getState();
  ui.selectWhenReady([stepId]);
  ui.setEditing(stepId);
  ui.requestView({ kind: 'reveal', stepId });
}
