/**
 * Writing a security outcome starts as a draft with a placeholder, not as text to delete: the
 * draft lives in the canvas UI state until its first words are typed, and only then becomes an
 * outcome in the document (whose statement must never be empty).
 */
import { newId } from '../../shared/ids.ts';
import type { Outcome } from '../../shared/schema.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';

/** Starts writing an outcome on a step ("+ Outcome", walk mode's "+ Outcome here"). */
export function startOutcomeDraft(stepId: string): void {
  useCanvasUi.getState().setOutcomeDraft({ stepId, id: newId() });
}

/** What a draft looks like to the editor: an outcome with no words yet, never stored as such. */
export function draftOutcome(id: string, stepId: string): Outcome {
  return { id, stepId, statement: '', threatIds: [], acceptanceCriteria: [], status: 'draft' };
}
