/**
 * Named actions on journeys, steps and flows: each is one undoable change of the open session.
 * Components call these; they never build documents themselves.
 */
import {
  addFlow,
  addJourney,
  addSteps,
  canConnect,
  copySteps,
  deleteFlows,
  deleteJourney,
  clampCoordinate,
  deleteSteps,
  roomFor,
  moveJourney,
  moveSteps,
  pasteSteps,
  setJourneyViewport,
  updateFlow,
  updateJourney,
  updateStep,
  type FlowPatch,
  type JourneyPatch,
  type StepClipboard,
  type StepPatch,
} from '../../shared/document-ops.ts';
import { newId } from '../../shared/ids.ts';
import { layoutJourney } from '../../shared/layout.ts';
import type { Journey, StepKind, Viewport } from '../../shared/schema.ts';
import { stepKindInfo } from '../../shared/step-kinds.ts';
import { instantiateTemplate, type JourneyTemplate } from '../../shared/templates.ts';
import { refused, sessionStore } from './session-store.ts';

const change = (...args: Parameters<ReturnType<typeof sessionStore.getState>['change']>) => sessionStore.getState().change(...args);
const doc = () => sessionStore.getState().document;

export function addBlankJourney(name = 'New journey'): string {
  const journey: Journey = { id: newId(), name, persona: '', goal: '', critical: false, stages: [] };
  const current = doc();
  if (current && refused(roomFor(current, 'journeys', 1))) return journey.id;
  change('Add journey', (d) => addJourney(d, journey));
  return journey.id;
}

export function addJourneyFromTemplate(template: JourneyTemplate): string {
  const { journey, steps, flows } = instantiateTemplate(template, newId);
  const current = doc();
  if (current && refused(roomFor(current, 'journeys', 1) ?? roomFor(current, 'steps', steps.length) ?? roomFor(current, 'flows', flows.length))) return journey.id;
  change(`Add journey from template "${template.name}"`, (d) => addJourney(d, journey, steps, flows));
  return journey.id;
}

export function editJourney(journeyId: string, patch: JourneyPatch, coalesceKey: string | null = null): void {
  change('Edit journey', (d) => updateJourney(d, journeyId, patch), coalesceKey);
}

export function reorderJourney(journeyId: string, toIndex: number): void {
  change('Reorder journeys', (d) => moveJourney(d, journeyId, toIndex));
}

export function removeJourney(journeyId: string): void {
  change('Delete journey', (d) => deleteJourney(d, journeyId));
}

export function rememberViewport(journeyId: string, viewport: Viewport): void {
  sessionStore.getState().changeQuietly((d) => setJourneyViewport(d, journeyId, viewport));
}

export function addStep(journeyId: string, kind: StepKind, position: { x: number; y: number }, connectFrom?: string): string {
  const id = newId();
  const step = {
    id,
    journeyId,
    kind,
    label: stepKindInfo(kind).defaultLabel,
    description: '',
    actor: '',
    dataTags: [],
    position: { x: clampCoordinate(position.x), y: clampCoordinate(position.y) },
  };
  const current = doc();
  if (current && refused(roomFor(current, 'steps', 1))) return id;
  change('Add step', (d) => {
    const withStep = addSteps(d, [step]);
    if (!connectFrom || !canConnect(withStep, connectFrom, id).ok) return withStep;
    return addFlow(withStep, { id: newId(), journeyId, source: connectFrom, target: id, label: '', crossesTrustBoundary: false });
  });
  return id;
}

export function editStep(stepId: string, patch: StepPatch, coalesceKey: string | null = null): void {
  change('Edit step', (d) => updateStep(d, stepId, patch), coalesceKey);
}

export function moveStepsTo(positions: ReadonlyMap<string, { x: number; y: number }>, coalesceKey: string | null = null): void {
  change('Move steps', (d) => moveSteps(d, positions), coalesceKey);
}

export function connectSteps(source: string, target: string): string | null {
  const current = doc();
  if (!current) return null;
  const check = canConnect(current, source, target);
  if (!check.ok) return check.reason;
  const journeyId = current.steps.find((step) => step.id === source)!.journeyId;
  change('Connect steps', (d) => addFlow(d, { id: newId(), journeyId, source, target, label: '', crossesTrustBoundary: false }));
  return null;
}

export function editFlow(flowId: string, patch: FlowPatch, coalesceKey: string | null = null): void {
  change('Edit flow', (d) => updateFlow(d, flowId, patch), coalesceKey);
}

export function deleteSelection(stepIds: readonly string[], flowIds: readonly string[]): void {
  if (stepIds.length === 0 && flowIds.length === 0) return;
  const label = stepIds.length > 0 ? (stepIds.length === 1 ? 'Delete step' : `Delete ${stepIds.length} steps`) : 'Delete flow';
  change(label, (d) => deleteSteps(deleteFlows(d, flowIds), stepIds));
}

export function copyToClipboard(stepIds: readonly string[]): StepClipboard | null {
  const current = doc();
  if (!current || stepIds.length === 0) return null;
  return copySteps(current, stepIds);
}

export function pasteClipboard(clipboard: StepClipboard, journeyId: string, offset: { x: number; y: number }): string[] {
  let pasted: string[] = [];
  const current = doc();
  if (current && refused(roomFor(current, 'steps', clipboard.steps.length))) return pasted;
  const label = clipboard.steps.length === 1 ? 'Paste step' : `Paste ${clipboard.steps.length} steps`;
  change(label, (d) => {
    const result = pasteSteps(d, clipboard, journeyId, offset, newId);
    pasted = result.stepIds;
    return result.document;
  });
  return pasted;
}

/** Lays the journey out left to right; one undo step. */
export function autoLayout(journeyId: string): void {
  change('Auto-layout', (d) => {
    const steps = d.steps.filter((step) => step.journeyId === journeyId);
    const flows = d.flows.filter((flow) => flow.journeyId === journeyId);
    if (steps.length === 0) return d;
    const positions = layoutJourney(steps, flows, { direction: 'LR' });
    return moveSteps(d, positions);
  });
}
