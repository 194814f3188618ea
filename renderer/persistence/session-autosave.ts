/**
 * Connects the open session to the autosaver: every new document of the same session is
 * scheduled; hiding or leaving the page flushes at once.
 *
 * When another window saved the same session in between, the repository refuses the write
 * (SessionConflictError): the save state says so, and a message offers to keep this window's
 * version as a copy (a new session, so nothing of the other window's work is overwritten).
 */
import { describeStorageError, isSessionConflict } from '../db/session-repository.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import type { SessionStore } from '../store/session-store.ts';
import { navigate } from '../navigation.ts';
import { notify, useNotices } from '../notices.ts';
import { asCopy } from '../session-files.ts';
import { Autosaver, type SaveState } from './autosave.ts';

export const CONFLICT_NOTICE =
  'Another window saved this session after you opened it here, so your latest edits were not saved over it. Reload the page to get that version, or keep yours as a copy.';

export interface AutosaveHandle {
  flush(): Promise<void>;
  /** Schedules a write of `document` as if it had just changed (a first write that failed). */
  retry(document: SessionDocument): void;
  detach(): Promise<void>;
}

export function attachAutosave(
  store: SessionStore,
  save: (document: SessionDocument) => Promise<void>,
  onState: (state: SaveState) => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> & { document?: Pick<Document, 'visibilityState'> } = window,
): AutosaveHandle {
  let conflictNoticeShown = false;
  const saveAsCopy = async () => {
    const current = store.getState().document;
    if (!current) return;
    // This window's version becomes a new session; the conflicting write is dropped, not retried.
    saver.cancel();
    const copy = asCopy(current);
    try {
      await save(copy);
    } catch (error) {
      notify.error(`The copy could not be saved: ${describeStorageError(error)}`);
      return;
    }
    store.getState().open(copy);
    navigate({ name: 'session', id: copy.session.id });
    notify.info(`Your version is saved as "${copy.session.title}".`);
  };
  const saveChecked = async (document: SessionDocument) => {
    try {
      await save(document);
      conflictNoticeShown = false;
    } catch (error) {
      if (isSessionConflict(error) && !conflictNoticeShown) {
        conflictNoticeShown = true;
        useNotices.getState().push('error', CONFLICT_NOTICE, [], { label: 'Save as a copy', run: () => void saveAsCopy() });
      }
      throw error;
    }
  };
  const saver = new Autosaver<SessionDocument>({ save: saveChecked, onState, describeError: describeStorageError });
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
    retry: (document) => saver.schedule(document),
    detach: async () => {
      unsubscribe();
      target.removeEventListener('visibilitychange', onHide);
      target.removeEventListener('pagehide', onPageHide);
      target.removeEventListener('beforeunload', onBeforeUnload as EventListener);
      await saver.flush();
    },
  };
}
