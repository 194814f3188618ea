/**
 * Keyboard shortcuts of the session screen: undo/redo, copy/paste/duplicate, select all,
 * rename, and 1–7 to add a step. Ignored while typing in a field, where the browser's own
 * text editing (and its own undo) applies.
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
import { isTyping } from '../keyboard.ts';


export function useCanvasShortcuts(journeyId: string | null): void {
  const flow = useReactFlow();
  const storeApi = useStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
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
      } else if ((key === 'enter' || key === 'f2') && !mod && ui.selectedStepIds.length === 1) {
        event.preventDefault();
        ui.setEditing(ui.selectedStepIds[0]!);
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
