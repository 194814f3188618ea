/**
 * Canvas UI state that is not part of the document: which journey is showing, what is selected,
 * which step label is being edited. Kept out of the document so it never enters undo or files.
 */
import { create } from 'zustand';

/**
 * What the canvas should bring into view once its nodes are drawn: the whole journey (opened or
 * inserted), some steps (pointed out from Insights) or one new step (with its rename box).
 */
export type ViewRequest = { kind: 'fit-all' } | { kind: 'fit-steps'; stepIds: string[] } | { kind: 'reveal'; stepId: string };

/** Below this window width the minimap starts folded away: the canvas is too small to share. */
export const MINIMAP_OPEN_FROM_WIDTH = 1440;
const minimapFitsByDefault = () => typeof window === 'undefined' || window.innerWidth >= MINIMAP_OPEN_FROM_WIDTH;

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
  /** A view the canvas owes the person (see ViewRequest); the canvas clears it once done. */
  viewRequest: ViewRequest | null;
  requestView(request: ViewRequest | null): void;
  /** The minimap ("overview map") is shown. */
  minimapOpen: boolean;
  setMinimapOpen(open: boolean): void;
  /**
   * A security outcome being written on a step before it has any words: it lives here, not in
   * the document (an outcome must have a statement), until the first character is typed.
   */
  outcomeDraft: { stepId: string; id: string } | null;
  setOutcomeDraft(draft: { stepId: string; id: string } | null): void;
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
  viewRequest: null,
  requestView: (viewRequest) => set({ viewRequest }),
  minimapOpen: minimapFitsByDefault(),
  setMinimapOpen: (minimapOpen) => set({ minimapOpen }),
  outcomeDraft: null,
  setOutcomeDraft: (outcomeDraft) => set({ outcomeDraft }),
  setActiveJourney: (id) =>
    set((state) => (state.activeJourneyId === id ? state : { activeJourneyId: id, selectedStepIds: [], selectedFlowIds: [], editingStepId: null })),
  setSelection: (stepIds, flowIds) =>
    set((state) => {
      if (sameIds(state.selectedStepIds, stepIds) && sameIds(state.selectedFlowIds, flowIds)) return state;
      // A wordless outcome draft belongs to the step it was started on; leaving the step drops it.
      const draft = state.outcomeDraft && stepIds.length === 1 && stepIds[0] === state.outcomeDraft.stepId ? state.outcomeDraft : null;
      return { selectedStepIds: stepIds, selectedFlowIds: flowIds, outcomeDraft: draft };
    }),
  setEditing: (stepId) => set({ editingStepId: stepId }),
  selectWhenReady: (stepIds) => set({ pendingSelection: stepIds }),
  consumePendingSelection: () => {
    const pending = get().pendingSelection;
    if (pending) set({ pendingSelection: null });
    return pending;
  },
  reset: () =>
    set({
      activeJourneyId: null,
      selectedStepIds: [],
      selectedFlowIds: [],
      editingStepId: null,
      pendingSelection: null,
      walkStepId: null,
      presenting: false,
      highlightedStepIds: [],
      viewRequest: null,
      minimapOpen: minimapFitsByDefault(),
      outcomeDraft: null,
    }),
}));
