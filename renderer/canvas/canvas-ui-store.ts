/**
 * Canvas UI state that is not part of the document: which journey is showing, what is selected,
 * which step label is being edited. Kept out of the document so it never enters undo or files.
 */
import { create } from 'zustand';

export interface CanvasUiState {
  activeJourneyId: string | null;
  selectedStepIds: string[];
  selectedFlowIds: string[];
  editingStepId: string | null;
  /** Steps to select once they appear on the canvas (after paste, duplicate, add). */
  pendingSelection: string[] | null;
  /** Highlight steps nobody has considered yet (no threats, no outcomes). */
  coverage: boolean;
  setCoverage(on: boolean): void;
  /** Steps another view asked to point out (e.g. a risk-matrix cell); empty for none. */
  highlightedStepIds: string[];
  setHighlighted(stepIds: string[]): void;
  /** Walk mode: the step the room is looking at, or null when not walking. */
  walkStepId: string | null;
  setWalkStep(stepId: string | null): void;
  /** Presenter view: panels hidden, large type. */
  presenting: boolean;
  setPresenting(on: boolean): void;
  setActiveJourney(id: string | null): void;
  setSelection(stepIds: string[], flowIds: string[]): void;
  setEditing(stepId: string | null): void;
  selectWhenReady(stepIds: string[]): void;
  consumePendingSelection(): string[] | null;
  reset(): void;
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

export const useCanvasUi = create<CanvasUiState>()((set, get) => ({
  activeJourneyId: null,
  selectedStepIds: [],
  selectedFlowIds: [],
  editingStepId: null,
  pendingSelection: null,
  coverage: false,
  setCoverage: (coverage) => set({ coverage }),
  highlightedStepIds: [],
  setHighlighted: (highlightedStepIds) => set({ highlightedStepIds }),
  walkStepId: null,
  setWalkStep: (walkStepId) => set({ walkStepId }),
  presenting: false,
  setPresenting: (presenting) => set({ presenting }),
  setActiveJourney: (id) =>
    set((state) => (state.activeJourneyId === id ? state : { activeJourneyId: id, selectedStepIds: [], selectedFlowIds: [], editingStepId: null })),
  setSelection: (stepIds, flowIds) =>
    set((state) =>
      sameIds(state.selectedStepIds, stepIds) && sameIds(state.selectedFlowIds, flowIds) ? state : { selectedStepIds: stepIds, selectedFlowIds: flowIds },
    ),
  setEditing: (stepId) => set({ editingStepId: stepId }),
  selectWhenReady: (stepIds) => set({ pendingSelection: stepIds }),
  consumePendingSelection: () => {
    const pending = get().pendingSelection;
    if (pending) set({ pendingSelection: null });
    return pending;
  },
  reset: () =>
    set({ activeJourneyId: null, selectedStepIds: [], selectedFlowIds: [], editingStepId: null, pendingSelection: null, walkStepId: null, presenting: false, highlightedStepIds: [] }),
}));
