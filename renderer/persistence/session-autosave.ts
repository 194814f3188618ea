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
  target.addEventListener('visibilitychange', onHide);
  target.addEventListener('pagehide', onPageHide);
  return {
    flush: () => saver.flush(),
    detach: async () => {
      unsubscribe();
      target.removeEventListener('visibilitychange', onHide);
      target.removeEventListener('pagehide', onPageHide);
      await saver.flush();
    },
  };
}
