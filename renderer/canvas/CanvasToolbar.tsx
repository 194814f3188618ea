import { useReactFlow } from '@xyflow/react';
import { fitAllOptions } from './fit-view.ts';
import { autoLayout } from '../store/journey-actions.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import { useCanvasUi } from './canvas-ui-store.ts';

export function CanvasToolbar({ journeyId }: { journeyId: string }) {
  const flow = useReactFlow();
  const canUndo = useSession((state) => state.canUndo);
  const canRedo = useSession((state) => state.canRedo);
  const coverage = useCanvasUi((state) => state.coverage);
  const highlighted = useCanvasUi((state) => state.highlightedStepIds.length);
  const minimapOpen = useCanvasUi((state) => state.minimapOpen);
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      <button type="button" className="button" disabled={!canUndo} aria-keyshortcuts="Control+Z" onClick={() => sessionStore.getState().undo()}>
        Undo
      </button>
      <button type="button" className="button" disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y" onClick={() => sessionStore.getState().redo()}>
        Redo
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <button
        type="button"
        className="button"
        onClick={() => {
          autoLayout(journeyId);
          // Let React Flow take the new positions before fitting.
          requestAnimationFrame(() => void flow.fitView(fitAllOptions(minimapOpen)));
        }}
      >
        Auto-layout
      </button>
      <button type="button" className="button" onClick={() => void flow.fitView(fitAllOptions(minimapOpen))}>
        Fit view
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <button type="button" className="button" aria-pressed={coverage} onClick={() => useCanvasUi.getState().setCoverage(!coverage)}>
        Show coverage
      </button>
      {highlighted > 0 && (
        <button type="button" className="button" onClick={() => useCanvasUi.getState().setHighlighted([])}>
          Clear highlight ({highlighted})
        </button>
      )}
    </div>
  );
}
