/**
 * The open session. One path for every change (DESIGN.md §2, "Live workshops"):
 *
 *   named action → pure operation on the immutable document → checked (a change that would
 *   break a rule of the format is refused) → written to the Y.Doc as the smallest diff, in one
 *   transaction with the local origin → the projection (shared/live/projection.ts) updates the
 *   immutable document from what that transaction changed → zustand → narrow selectors.
 *
 * Undo is Yjs' UndoManager tracking the local origin only: Ctrl+Z undoes my last gesture, never
 * a neighbour's in a live workshop. One gesture is one undo step: changes with the same coalesce
 * key (a drag, typing in one field) are captured together; any other change starts a new step.
 * Remote changes of a live room arrive on the same Y.Doc and reach the document the same way.
 *
 * The Y.Doc is built from the document lazily (`prepare()`, called when the page is idle after
 * opening, or by the first change), so opening a large session costs no more than before.
 */
import * as Y from 'yjs';
import { createStore, useStore } from 'zustand';
import { checkDocument, describeDocumentIssues, type DocumentIssue } from '../../shared/document-check.ts';
import { renameSession, touch } from '../../shared/document-ops.ts';
import { Projection } from '../../shared/live/projection.ts';
import { COLLECTIONS, documentToYDoc, ROOT_MAPS, rootMap, writeDiff } from '../../shared/live/ydoc-mapping.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { notify } from '../notices.ts';

/** Undo steps kept per session (older ones are dropped). */
export const HISTORY_LIMIT = 500;

/** Transaction origins. Only LOCAL is undoable; QUIET is saved but not undoable (a viewport). */
export const LOCAL_ORIGIN = Symbol('threatstorm:local');
export const QUIET_ORIGIN = Symbol('threatstorm:quiet');
const BUILD_ORIGIN = Symbol('threatstorm:build');

export interface LastChange {
  label: string;
  /** The coalesce key of the gesture it belongs to (null: a gesture of its own). */
  gesture: string | null;
  /** Made here (an edit, undo or redo) rather than arriving from another laptop. */
  local: boolean;
  /** Counts every change of the open session, so "is this still the latest change?" is one comparison. */
  seq: number;
}

export interface SessionState {
  document: SessionDocument | null;
  canUndo: boolean;
  canRedo: boolean;
  /** The last change, for the audit log and screen readers. */
  lastChange: LastChange | null;
  /**
   * Who is making changes in this window when it is not the facilitator's (a participant of a
   * live room): new threats, outcomes and mitigations are attributed to them.
   */
  actorId: string | null;
  /**
   * An extra rule for this window's changes (a participant may not change what only the host
   * may): returns why a change is refused, or null. Checked before anything is written.
   */
  setWriteRule(rule: ((before: SessionDocument, after: SessionDocument) => string | null) | null, actorId?: string | null): void;
  open(document: SessionDocument): void;
  /**
   * Opens a session that lives in an existing Y.Doc (a live room): the document is its
   * projection, and every change goes into that Y.Doc.
   */
  attach(ydoc: Y.Doc): void;
  close(): void;
  /**
   * Applies a pure recipe. Changes with the same non-null `coalesceKey` in a row form one undo
   * step (a whole drag); call `endGesture` when the gesture ends.
   */
  change(label: string, recipe: (doc: SessionDocument) => SessionDocument, coalesceKey?: string | null): void;
  /** A change that is saved but not undoable (viewport, UI state stored in the document). */
  changeQuietly(recipe: (doc: SessionDocument) => SessionDocument): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  renameSession(title: string): void;
  /** Builds the Y.Doc now, so the first edit does not wait for it. */
  prepare(): void;
  /** The open session's Y.Doc (built if needed); null without a session. */
  ydoc(): Y.Doc | null;
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

/** The Y side of the open session: its Y.Doc, projection and undo manager. */
interface Engine {
  ydoc: Y.Doc;
  projection: Projection;
  undo: Y.UndoManager;
  /** The coalesce key of the gesture being captured, or null when the next change starts a new step. */
  openGesture: string | null;
  /** What the next transaction is, for lastChange (set just before writing). */
  pending: { label: string; gesture: string | null; local: boolean } | null;
  detach(): void;
}

export function createSessionStore(options: SessionStoreOptions | (() => Date) = {}) {
  const { now = () => new Date(), onRefused = () => undefined } = typeof options === 'function' ? { now: options } : options;
  let engine: Engine | null = null;
  let seq = 0;
  let writeRule: ((before: SessionDocument, after: SessionDocument) => string | null) | null = null;

  return createStore<SessionState>()((set, get) => {
    const undoState = () => ({ canUndo: (engine?.undo.undoStack.length ?? 0) > 0, canRedo: (engine?.undo.redoStack.length ?? 0) > 0 });

    /** Wires a Y.Doc to the store: its projection becomes the document, its transactions update it. */
    const connect = (ydoc: Y.Doc, known?: SessionDocument): Engine => {
      const projection = new Projection(ydoc, known);
      const undo = new Y.UndoManager(
        ROOT_MAPS.map((name) => rootMap(ydoc, name)),
        // Gestures, not time, decide what one undo step is: capturing only stops when told to.
        { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: Number.MAX_SAFE_INTEGER },
      );
      const created: Engine = { ydoc, projection, undo, openGesture: null, pending: null, detach: () => undefined };
      const onTransaction = (transaction: Y.Transaction) => {
        if (transaction.origin === BUILD_ORIGIN || engine !== created) return;
        if (!projection.update(transaction)) return;
        const pending = created.pending;
        created.pending = null;
        const undoing = transaction.origin === undo;
        const local = pending?.local ?? (undoing || transaction.origin === LOCAL_ORIGIN || transaction.origin === QUIET_ORIGIN);
        const quiet = transaction.origin === QUIET_ORIGIN;
        set({
          document: projection.document,
          ...undoState(),
          ...(quiet
            ? {}
            : { lastChange: { label: pending?.label ?? (undoing ? 'Undo' : 'Change from another laptop'), gesture: pending?.gesture ?? null, local, seq: ++seq } }),
        });
      };
      const onStack = () => {
        // A bounded history: the oldest steps go.
        while (undo.undoStack.length > HISTORY_LIMIT) undo.undoStack.shift();
        set(undoState());
      };
      ydoc.on('afterTransaction', onTransaction);
      undo.on('stack-item-added', onStack);
      undo.on('stack-item-popped', onStack);
      created.detach = () => {
        ydoc.off('afterTransaction', onTransaction);
        undo.destroy();
      };
      return created;
    };

    /** The engine of the open document, building its Y.Doc if needed. */
    const ensureEngine = (): Engine | null => {
      const { document } = get();
      if (!document) return null;
      if (!engine) {
        const ydoc = new Y.Doc();
        documentToYDoc(document, ydoc, BUILD_ORIGIN);
        engine = connect(ydoc, document);
      }
      return engine;
    };

    const reset = () => {
      engine?.detach();
      engine = null;
    };

    /** Writes `next` (checked) into the Y.Doc under `origin`. */
    const write = (label: string, next: SessionDocument, origin: symbol, gesture: string | null) => {
      const current = ensureEngine();
      const document = get().document;
      if (!current || !document) return;
      current.pending = { label, gesture, local: true };
      writeDiff(current.ydoc, document, next, origin);
      current.pending = null;
    };

    const touchAfterHistory = () => {
      const document = get().document;
      const current = engine;
      if (!document || !current) return;
      // The step restored the old "last changed" date too; the session did change now.
      writeDiff(current.ydoc, document, touch(document, now()), QUIET_ORIGIN);
    };

    return {
      document: null,
      canUndo: false,
      canRedo: false,
      lastChange: null,
      actorId: null,
      setWriteRule: (rule, actorId = null) => {
        writeRule = rule;
        set({ actorId });
      },
      open: (document) => {
        reset();
        set({ document, canUndo: false, canRedo: false, lastChange: null });
      },
      attach: (ydoc) => {
        reset();
        engine = connect(ydoc);
        set({ document: engine.projection.document, canUndo: false, canRedo: false, lastChange: null });
      },
      close: () => {
        reset();
        set({ document: null, canUndo: false, canRedo: false, lastChange: null });
      },
      change: (label, recipe, coalesceKey = null) => {
        const { document } = get();
        if (!document) return;
        const result = recipe(document);
        if (result === document) return;
        const next = touch(result, now());
        const ruled = writeRule?.(document, next) ?? null;
        if (ruled) {
          notify.error(`${label}: ${ruled}`);
          return;
        }
        const issues = checkDocument(next, document);
        if (issues.length > 0) {
          onRefused(label, issues);
          return;
        }
        const current = ensureEngine();
        if (!current) return;
        if (coalesceKey === null || coalesceKey !== current.openGesture) current.undo.stopCapturing();
        current.openGesture = coalesceKey;
        write(label, next, LOCAL_ORIGIN, coalesceKey);
      },
      changeQuietly: (recipe) => {
        const { document } = get();
        if (!document) return;
        const result = recipe(document);
        if (result === document) return;
        const issues = checkDocument(result, document);
        if (issues.length === 0) write('Change the view', result, QUIET_ORIGIN, null);
        else onRefused('Change the view', issues);
      },
      endGesture: () => {
        if (engine) engine.openGesture = null;
      },
      undo: () => {
        if (!engine || engine.undo.undoStack.length === 0) return;
        engine.openGesture = null;
        engine.undo.stopCapturing();
        engine.pending = { label: 'Undo', gesture: null, local: true };
        engine.undo.undo();
        engine.pending = null;
        touchAfterHistory();
      },
      redo: () => {
        if (!engine || engine.undo.redoStack.length === 0) return;
        engine.openGesture = null;
        engine.pending = { label: 'Redo', gesture: null, local: true };
        engine.undo.redo();
        engine.pending = null;
        touchAfterHistory();
      },
      renameSession: (title) => get().change('Rename session', (doc) => renameSession(doc, title)),
      prepare: () => void ensureEngine(),
      ydoc: () => ensureEngine()?.ydoc ?? null,
    };
  });
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

/** The collections a Y.Doc of a session holds (for the live layer's checks). */
export const SESSION_COLLECTIONS = COLLECTIONS;
