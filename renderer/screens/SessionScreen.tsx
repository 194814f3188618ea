import { useEffect, useRef, useState } from 'react';
import { BacklogView, InsightsView, preloadViews, ReportView, ViewLoading } from './lazy-views.tsx';
import { appCommands } from '../app-commands.ts';
import { SessionWorkspace } from '../canvas/SessionWorkspace.tsx';
import { SessionRecovery } from './SessionRecovery.tsx';
import { leaveHostedSession, resumeHosting } from '../live/host-room.ts';
import { platform } from '../platform/current-platform.ts';
import { useCanvasUi } from '../canvas/canvas-ui-store.ts';
import { attachAuditLog, auditWriter } from '../workshop/audit-log.ts';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { navigate } from '../navigation.ts';
import { focusRegion } from '../keyboard.ts';
import { SaveIndicator } from '../components/SaveIndicator.tsx';
import { SessionTitle } from '../components/SessionTitle.tsx';
import { ThemeSwitch } from '../components/ThemeSwitch.tsx';
import { useSaveState } from '../persistence/save-state.ts';
import { attachAutosave } from '../persistence/session-autosave.ts';
import { trackPendingSave, type StorageStatus } from '../persistence/storage.ts';
import { clearUnstored, unstoredState, type Unstored } from '../persistence/unstored.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { describeStorageError } from '../db/session-repository.ts';

const VIEW_NAMES = { insights: 'Insights', backlog: 'The backlog', report: 'The report' } as const;

type LoadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string; details: string[]; recoverable?: boolean };

export function SessionScreen({ sessionId, storage }: { sessionId: string; storage: StorageStatus }) {
  const [load, setLoad] = useState<LoadState>(() => {
    if (sessionStore.getState().document?.session.id === sessionId) return { kind: 'ready' };
    if (!storage.ok) return { kind: 'failed', message: 'This session is not available: local storage is unavailable.', details: [] };
    return { kind: 'loading' };
  });
  const hasDocument = useSession((state) => state.document?.session.id === sessionId);
  const [view, setView] = useState<'journeys' | 'insights' | 'backlog' | 'report'>('journeys');
  /** Set when the open document could not be stored when it was opened (see unstored.ts). */
  const unstored = useRef<Unstored | null>(null);
  /** Bumped to load the session again (after a repair). */
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    useCanvasUi.getState().reset();
    const setSaveState = useSaveState.getState().set;
    if (sessionStore.getState().document?.session.id === sessionId) {
      // Opened from a file or an import just now: "Saved" only if it really was stored.
      const notStored = unstoredState(sessionId);
      unstored.current = notStored ?? null;
      if (!storage.ok) setSaveState({ kind: 'disabled', message: 'Not saved on this computer: storage is unavailable' });
      else if (notStored?.kind === 'no-room') setSaveState({ kind: 'disabled', message: notStored.message });
      else if (notStored) setSaveState({ kind: 'error', message: notStored.message });
      else setSaveState({ kind: 'saved', at: new Date() });
      return;
    }
    if (!storage.ok) return;
    let alive = true;
    storage.repository.load(sessionId).then(
      (result) => {
        if (!alive) return;
        if (result.ok) {
          sessionStore.getState().open(result.document);
          setSaveState({ kind: 'saved', at: new Date() });
          setLoad({ kind: 'ready' });
        } else if (result.error === 'not-found') {
          setLoad({ kind: 'failed', message: 'There is no session with this address on this computer.', details: [] });
        } else {
          setLoad({
            kind: 'failed',
            message: `This session could not be opened: ${result.error} It has not been changed; your other sessions are not affected.`,
            details: result.details,
            recoverable: true,
          });
        }
      },
      (error: unknown) => alive && setLoad({ kind: 'failed', message: `This session could not be read: ${describeStorageError(error)}`, details: [] }),
    );
    return () => {
      alive = false;
    };
  }, [sessionId, storage, attempt]);

  useEffect(() => (load.kind === 'ready' ? preloadViews() : undefined), [load.kind]);

  // A live room this window was hosting for the session (before a reload or a restart) resumes:
  // the same link, the same history. Leaving the session stops the link, not the room.
  useEffect(() => {
    const live = platform.live;
    if (load.kind !== 'ready' || !live) return;
    void resumeHosting(live, sessionId);
    return () => leaveHostedSession();
  }, [load.kind, sessionId]);

  // The session's Y.Doc is built once the page is idle after opening, so the first edit does
  // not wait for it (and opening does not either).
  useEffect(() => {
    if (load.kind !== 'ready') return;
    const prepare = () => sessionStore.getState().prepare();
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(prepare, 1_000);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(prepare, { timeout: 4_000 });
    return () => cancelIdleCallback(idle);
  }, [load.kind, sessionId]);

  // Every change of a loaded session goes to its audit log.
  useEffect(() => {
    if (load.kind !== 'ready') return;
    let detach: (() => void) | null = null;
    let alive = true;
    void auditWriter().then((write) => {
      if (alive && write) detach = attachAuditLog(sessionStore, write);
    });
    return () => {
      alive = false;
      detach?.();
    };
  }, [load.kind]);

  // Autosave only a session that loaded and validated: a broken document is never overwritten;
  // nor one refused for lack of room (a write would only fill the disk further).
  useEffect(() => {
    if (load.kind !== 'ready' || !storage.ok || unstored.current?.kind === 'no-room') return;
    const save = async (document: SessionDocument) => {
      await storage.repository.save(document);
      clearUnstored(document.session.id);
    };
    const handle = attachAutosave(sessionStore, save, useSaveState.getState().set);
    // A first write that failed is tried again at once (and says so again if it still fails).
    const document = sessionStore.getState().document;
    if (unstored.current?.kind === 'retry' && document) handle.retry(document);
    return () => trackPendingSave(handle.detach());
  }, [load.kind, storage]);

  return (
    <div className="session-screen">
      {load.kind === 'ready' && hasDocument && view === 'journeys' && <SkipLinks />}
      <header className="app-header">
        <a className="button button-quiet back-link" href="#/">
          ← Sessions
        </a>
        {load.kind === 'ready' && hasDocument && <SessionTitle />}
        {load.kind === 'ready' && hasDocument && (
          <div role="tablist" aria-label="Views" className="view-switch">
            {(['journeys', 'insights', 'backlog', 'report'] as const).map((name) => (
              <button key={name} type="button" role="tab" aria-selected={view === name} className="view-tab" onClick={() => setView(name)}>
                {name === 'journeys' ? 'Journeys' : name === 'insights' ? 'Insights' : name === 'backlog' ? 'Backlog' : 'Report'}
              </button>
            ))}
          </div>
        )}
        <div className="header-actions">
          {load.kind === 'ready' && <SaveIndicator />}
          <ThemeSwitch />
          {load.kind === 'ready' && (
            <button type="button" className="button" onClick={() => void appCommands.saveToFile()}>
              Save to file
            </button>
          )}
        </div>
      </header>
      {load.kind === 'loading' && (
        <p className="loading" role="status">
          Opening session…
        </p>
      )}
      {load.kind === 'failed' && (
        <main className="session-error" role="alert">
          <h1>Session not opened</h1>
          <p>{load.message}</p>
          {load.details.length > 0 && (
            <ul className="notice-details">
              {load.details.map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          )}
          {load.recoverable && storage.ok && (
            <SessionRecovery
              sessionId={sessionId}
              repository={storage.repository}
              onRepaired={() => {
                setLoad({ kind: 'loading' });
                setAttempt((n) => n + 1);
              }}
            />
          )}
          <a className="button" href="#/">
            Back to sessions
          </a>
        </main>
      )}
      {load.kind === 'ready' && hasDocument && (
        <main className="session-main">
          {/* Each view has its own error boundary: one that fails to draw leaves the session,
              the header and the other views working. */}
          {view === 'journeys' ? (
            <ErrorBoundary key="journeys" what="The journey canvas" back={{ label: 'Back to sessions', run: () => navigate({ name: 'home' }) }}>
              <SessionWorkspace />
            </ErrorBoundary>
          ) : (
            <ErrorBoundary key={view} what={VIEW_NAMES[view]} back={{ label: 'Back to the canvas', run: () => setView('journeys') }}>
              <ViewLoading>
                {view === 'insights' ? <InsightsView onShowOnCanvas={() => setView('journeys')} /> : view === 'backlog' ? <BacklogView /> : <ReportView />}
              </ViewLoading>
            </ErrorBoundary>
          )}
        </main>
      )}
    </div>
  );
}

/**
 * The first stops of the Tab order (shown when focused): straight to the canvas, the sidebar or
 * the inspector instead of through every toolbar button. F6 then moves between those three.
 */
function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      <button type="button" className="skip-link" onClick={() => focusRegion('journey-canvas')}>
        Skip to the canvas
      </button>
      <button type="button" className="skip-link" onClick={() => focusRegion('workspace-sidebar')}>
        Skip to steps and threat cards
      </button>
      <button type="button" className="skip-link" onClick={() => focusRegion('inspector')}>
        Skip to the inspector
      </button>
    </nav>
  );
}
