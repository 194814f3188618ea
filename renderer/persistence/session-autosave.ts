/**
 * Connects the open session to the autosaver: every new document of the same session is
 * scheduled; hiding or leaving the page flushes at once.
 */
import { describeStorageError } from '../db/session-repository.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import type { SessionStore } from '../store/session-store.ts';
import { Autosaver, type SaveState } from './autosave.ts';

export interface AutosaveHandle {
  flush(): Promise<void>;
  detach(): Promise<void>;
}

export function attachAutosave(
  store: SessionStore,
  save: (document: SessionDocument) => Promise<void>,
  onState: (state: SaveState) => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> & { document?: Pick<Document, 'visibilityState'> } = window,
): AutosaveHandle {
  const saver = new Autosaver<SessionDocument>({ save, onState, describeError: describeStorageError });
  const unsubscribe = store.subscribe((state, previous) => {
    const next = state.document;
    if (next && previous.document && next !== previous.document && next.session.id === previous.document.session.id) {
      saver.schedule(next);
    }
  });
  const onHide = () => {
    if (!target.document || target.document.visibilityState === 'hidden') void saver.flush();
  };
  const onPageHide = () => void saver.flush();
  // Closing the window with an unwritten change: hold the close, write, then close for real.
  // Electron cancels the close silently and our second close() goes through; a browser asks
  // the person whether to leave, and the write has started either way.
  // One hold per close attempt, so a write that keeps failing (full disk) never traps the window.
  let holding = false;
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!saver.busy || holding) return;
    event.preventDefault();
    holding = true;
    void saver.flush().finally(() => {
      window.close();
      setTimeout(() => (holding = false), 1_000);
    });
  };
  target.addEventListener('visibilitychange', onHide);
  target.addEventListener('pagehide', onPageHide);
  target.addEventListener('beforeunload', onBeforeUnload as EventListener);
  return {
    flush: () => saver.flush(),
    detach: async () => {
      unsubscribe();
      target.removeEventListener('visibilitychange', onHide);
      target.removeEventListener('pagehide', onPageHide);
      target.removeEventListener('beforeunload', onBeforeUnload as EventListener);
      await saver.flush();
    },
  };
}
