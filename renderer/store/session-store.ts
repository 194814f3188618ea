/**
 * The open session: one immutable document plus its undo history. Every change goes through a
 * named action (`change(label, recipe)`), so components re-render from narrow selectors, the
 * history records one entry per gesture and autosave sees each new document.
 */
import { createStore, useStore } from 'zustand';
import { checkDocument, describeDocumentIssues, type DocumentIssue } from '../../shared/document-check.ts';
import { notify } from '../notices.ts';
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

export interface SessionStoreOptions {
  now?: () => Date;
  /**
   * Called when a change is refused because its result would break a rule of the format (a
   * limit, a dangling reference). The named operations keep the rules themselves; this is the
   * second line of defence that keeps a bug from ever reaching the stored session.
   */
  onRefused?: (label: string, issues: DocumentIssue[]) => void;
}

export function createSessionStore(options: SessionStoreOptions | (() => Date) = {}) {
  const { now = () => new Date(), onRefused = () => undefined } = typeof options === 'function' ? { now: options } : options;
  /** The result of a recipe, touched, or null when it is refused. */
  const checked = (label: string, before: SessionDocument, after: SessionDocument): SessionDocument | null => {
    const next = touch(after, now());
    const issues = checkDocument(next, before);
    if (issues.length === 0) return next;
    onRefused(label, issues);
    return null;
  };
  return createStore<SessionState>()((set, get) => ({
    document: null,
    history: emptyHistory(),
    lastChange: null,
    open: (document) => set({ document, history: emptyHistory(), lastChange: null }),
    close: () => set({ document: null, history: emptyHistory(), lastChange: null }),
    change: (label, recipe, coalesceKey = null) => {
      const { document, history } = get();
      if (!document) return;
      const result = recipe(document);
      if (result === document) return;
      const next = checked(label, document, result);
      if (next) set({ document: next, history: record(history, document, coalesceKey), lastChange: label });
    },
    changeQuietly: (recipe) => {
      const { document } = get();
      if (!document) return;
      const result = recipe(document);
      if (result === document) return;
      const issues = checkDocument(result, document);
      if (issues.length === 0) set({ document: result });
      else onRefused('Change the view', issues);
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

/**
 * Says why an addition cannot happen (a limit of the format) and returns true; false when there
 * is room. Named actions call it so a full session explains itself instead of ignoring a click.
 */
export function refused(reason: string | null): reason is string {
  if (reason === null) return false;
  notify.error(reason);
  return true;
}

export const sessionStore = createSessionStore({
  onRefused: (label, issues) => {
    // A limit is the person's business ("at most 1,000 journeys"); anything else is our bug.
    const first = issues[0];
    const limit = first !== undefined && /at most/.test(first.message);
    notify.error(
      limit ? `${label}: not done, ${first.message}.` : `${label}: not done, because the result would break the session's format. Nothing was changed.`,
      describeDocumentIssues(issues),
    );
  },
});

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(sessionStore, selector);
}
