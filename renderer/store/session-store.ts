/**
 * The open session: one immutable document plus its undo history. Every change goes through a
 * named action (`change(label, recipe)`), so components re-render from narrow selectors, the
 * history records one entry per gesture and autosave sees each new document.
 */
import { createStore, useStore } from 'zustand';
import { renameSession, touch } from '../../shared/document-ops.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { emptyHistory, record, redo, undo, type History } from './history.ts';

export interface SessionState {
  document: SessionDocument | null;
  history: History<SessionDocument>;
  /** Label of the last change, for the audit log and screen readers. */
  lastChange: string | null;
  open(document: SessionDocument): void;
  close(): void;
  /**
   * Applies a pure recipe. Changes with the same non-null `coalesceKey` in a row form one undo
   * entry (a whole drag); call `endGesture` when the gesture ends.
   */
  change(label: string, recipe: (doc: SessionDocument) => SessionDocument, coalesceKey?: string | null): void;
  /** A change that is saved but not undoable (viewport, UI state stored in the document). */
  changeQuietly(recipe: (doc: SessionDocument) => SessionDocument): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  renameSession(title: string): void;
}

export function createSessionStore(now: () => Date = () => new Date()) {
  return createStore<SessionState>()((set, get) => ({
    document: null,
    history: emptyHistory(),
    lastChange: null,
    open: (document) => set({ document, history: emptyHistory(), lastChange: null }),
    close: () => set({ document: null, history: emptyHistory(), lastChange: null }),
    change: (label, recipe, coalesceKey = null) => {
      const { document, history } = get();
      if (!document) return;
      const next = recipe(document);
      if (next === document) return;
      set({ document: touch(next, now()), history: record(history, document, coalesceKey), lastChange: label });
    },
    changeQuietly: (recipe) => {
      const { document } = get();
      if (!document) return;
      const next = recipe(document);
      if (next !== document) set({ document: next });
    },
    endGesture: () => set((state) => ({ history: { ...state.history, openGesture: null } })),
    undo: () => {
      const { document, history } = get();
      if (!document) return;
      const result = undo(history, document);
      if (result) set({ document: touch(result.document, now()), history: result.history, lastChange: 'Undo' });
    },
    redo: () => {
      const { document, history } = get();
      if (!document) return;
      const result = redo(history, document);
      if (result) set({ document: touch(result.document, now()), history: result.history, lastChange: 'Redo' });
    },
    renameSession: (title) => get().change('Rename session', (doc) => renameSession(doc, title)),
  }));
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export const sessionStore = createSessionStore();

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}
