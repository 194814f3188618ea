/**
 * Keyboard shortcuts of the session screen: undo/redo, copy/paste/duplicate, select all,
 * rename, Escape to clear the selection, 1–7 to add a step, and F6 to move between the
 * sidebar, the canvas and the inspector. Ignored while typing in a field, where the browser's
 * own text editing (and its own undo) applies. Enter renames only when the canvas or a step has
 * the focus: on a button, a tab or a card, Enter is that control's own key.
 */
import { useEffect } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { STEP_KINDS } from '../../shared/step-kinds.ts';
import { copyToClipboard, pasteClipboard } from '../store/journey-actions.ts';
import { sessionStore } from '../store/session-store.ts';
import { useCanvasUi } from './canvas-ui-store.ts';
import { stepClipboard } from './clipboard.ts';
import { addStepNextToSelection } from './add-step-here.ts';
import { notify } from '../notices.ts';
import { isTyping, isOnCanvas, cycleRegion } from '../keyboard.ts';
import { setPresenting } from '../workshop/presenting.ts';


export function useCanvasShortcuts(journeyId: string | null): void {
  const flow = useReactFlow();
  const storeApi = useStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      if (event.key === 'F6' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        cycleRegion(event.shiftKey ? -1 : 1);
        return;
      }
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const session = sessionStore.getState();
      const ui = useCanvasUi.getState();

      if (mod && key === 'z' && !event.shiftKey) {
        event.preventDefault();
        session.undo();
      } else if ((mod && key === 'z' && event.shiftKey) || (mod && key === 'y')) {
        event.preventDefault();
        session.redo();
      } else if (!journeyId) {
        return;
      } else if (mod && key === 'c') {
        const copied = copyToClipboard(ui.selectedStepIds);
        if (copied) {
          event.preventDefault();
          stepClipboard.set(copied);
          notify.info(copied.steps.length === 1 ? 'Copied 1 step.' : `Copied ${copied.steps.length} steps.`);
        }
      } else if (mod && key === 'v') {
        const contents = stepClipboard.get();
        if (!contents) return;
        event.preventDefault();
        ui.selectWhenReady(pasteClipboard(contents, journeyId, stepClipboard.nextOffset()));
      } else if (mod && key === 'd') {
        event.preventDefault();
        const copied = copyToClipboard(ui.selectedStepIds);
        if (copied) ui.selectWhenReady(pasteClipboard(copied, journeyId, { x: 40, y: 40 }));
      } else if (mod && key === 'a') {
        event.preventDefault();
        const ids = (session.document?.steps ?? []).filter((step) => step.journeyId === journeyId).map((step) => step.id);
        storeApi.getState().addSelectedNodes(ids);
      } else if ((key === 'enter' || key === 'f2') && !mod && ui.selectedStepIds.length === 1 && isOnCanvas(event.target)) {
        event.preventDefault();
        ui.setEditing(ui.selectedStepIds[0]!);
      } else if (key === 'escape' && !mod && ui.presenting) {
        event.preventDefault();
        setPresenting(false);
      } else if (key === 'escape' && !mod && (ui.selectedStepIds.length > 0 || ui.selectedFlowIds.length > 0)) {
        event.preventDefault();
        const focusWasInInspector = event.target instanceof Element && event.target.closest('.inspector') !== null;
        storeApi.getState().unselectNodesAndEdges();
        ui.setSelection([], []);
        // The inspector's controls go with the selection: keep the keyboard on the canvas.
        if (focusWasInInspector) document.getElementById('journey-canvas')?.focus({ preventScroll: true });
      } else if (!mod && !event.altKey && /^[1-7]$/.test(event.key)) {
        const info = STEP_KINDS[Number(event.key) - 1];
        if (!info) return;
        event.preventDefault();
        addStepNextToSelection(flow, journeyId, info.kind, document.querySelector('.canvas'));
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [flow, storeApi, journeyId]);
}
