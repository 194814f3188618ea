/**
 * Points steps out on the canvas: highlights them, shows the journey that holds most of them and
 * has the canvas zoom to them once it is drawn. The caller switches to the Journeys view (the
 * "Show on canvas" buttons).
 */
import type { SessionDocument } from '../../shared/schema.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';

export function pointOutSteps(doc: Pick<SessionDocument, 'steps'>, stepIds: readonly string[], journeyId?: string | null): void {
  const ui = useCanvasUi.getState();
  ui.setHighlighted([...stepIds]);
  const target = journeyId ?? busiestJourney(doc, stepIds);
  if (target) ui.setActiveJourney(target);
  const wanted = new Set(stepIds);
  const shown = doc.steps.filter((step) => step.journeyId === target && wanted.has(step.id)).map((step) => step.id);
  ui.requestView(shown.length > 0 ? { kind: 'fit-steps', stepIds: shown } : null);
}

/** Shows a journey with the canvas coverage overlay on: steps nobody has considered stand out. */
export function showCoverageGaps(journeyId: string): void {
  const ui = useCanvasUi.getState();
  ui.setHighlighted([]);
  ui.setCoverage(true);
  ui.setActiveJourney(journeyId);
}

export function clearPointOut(): void {
  useCanvasUi.getState().setHighlighted([]);
}

/** The journey with most of the steps; the first such journey in step order on a tie. */
function busiestJourney(doc: Pick<SessionDocument, 'steps'>, stepIds: readonly string[]): string | null {
  const wanted = new Set(stepIds);
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const step of doc.steps) {
    if (!wanted.has(step.id)) continue;
    const count = (counts.get(step.journeyId) ?? 0) + 1;
    counts.set(step.journeyId, count);
    if (best === null || count > (counts.get(best) ?? 0)) best = step.journeyId;
  }
  return best;
}
