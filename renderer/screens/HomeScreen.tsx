import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../shared/session-factory.ts';
import { appCommands } from '../app-commands.ts';
import { ThemeSwitch } from '../components/ThemeSwitch.tsx';
import { SessionList, type SessionListActions } from './SessionList.tsx';
import { duplicateSessionDocument } from '../../shared/session-factory.ts';
import { renameSession, touch } from '../../shared/document-ops.ts';
import { notify } from '../notices.ts';
import { afterPendingSaves, type StorageStatus } from '../persistence/storage.ts';
import { sessionStore } from '../store/session-store.ts';
import { describeStorageError } from '../db/session-repository.ts';

export function HomeScreen({ storage, onAbout }: { storage: StorageStatus; onAbout(): void }) {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(storage.ok ? null : []);
  const [busy, setBusy] = useState(false);

  // Back on the home screen the session screen has handed its last edits to autosave; the
  // in-memory copy goes, so opening a session (renamed here, say) always reads what is stored.
  useEffect(() => {
    void afterPendingSaves().then(() => sessionStore.getState().close());
  }, []);

  useEffect(() => {
    if (!storage.ok) return;
    let alive = true;
    afterPendingSaves()
      .then(() => storage.repository.listSessions())
      .then(
      (list) => alive && setSessions(list),
      (error: unknown) => {
        if (!alive) return;
        setSessions([]);
        notify.error(`The sessions could not be listed: ${describeStorageError(error)}`);
      },
    );
    return () => {
      alive = false;
    };
  }, [storage]);

  const refresh = () => {
    if (storage.ok) void storage.repository.listSessions().then(setSessions);
  };
  const guarded = (what: string, action: () => Promise<unknown>) => () =>
    void action()
      .then((result) => {
        const failed = result as { ok?: boolean; error?: string } | undefined;
        if (failed && failed.ok === false) notify.error(`Could not ${what}: the session does not open (${failed.error}).`);
      })
      .catch((error: unknown) => notify.error(`Could not ${what}: ${describeStorageError(error)}`))
      .finally(refresh);
  const listActions: SessionListActions = {
    rename: (id, title) => storage.ok && guarded('rename the session', () => storage.repository.update(id, (doc) => {
          const renamed = renameSession(doc, title);
          return renamed === doc ? doc : touch(renamed);
        }))(),
    duplicate: (id) =>
      storage.ok &&
      guarded('duplicate the session', async () => {
        const loaded = await storage.repository.load(id);
        if (loaded.ok) await storage.repository.save(duplicateSessionDocument(loaded.document));
        return loaded;
      })(),
    remove: (id) => storage.ok && guarded('delete the session', () => storage.repository.delete(id))(),
  };

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };

  return (
    <div className="home">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Threatstorm</span>
        </div>
        <div className="header-actions">
          <ThemeSwitch />
          <button type="button" className="button button-quiet" onClick={onAbout}>
            About
          </button>
        </div>
      </header>
      <main className="home-main">
        <section className="home-intro">
          <h1>Workshop sessions</h1>
          <p>Draw a user journey, storm what could go wrong at each step, and leave with a prioritized security backlog.</p>
          <div className="home-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => run(() => appCommands.newSession(storage))}>
              New session
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => run(() => appCommands.openFile(storage))}>
              Open file…
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              title="Threat Dragon v2 or Threat Composer JSON"
              onClick={() => run(() => appCommands.importFile(storage))}
            >
              Import threat model…
            </button>
          </div>
        </section>
        <section aria-labelledby="session-list-heading" className="session-list-section">
          <h2 id="session-list-heading" className="section-heading">
            Recent sessions
          </h2>
          {sessions === null ? (
            <p role="status">Loading sessions…</p>
          ) : sessions.length === 0 ? (
            <p className="empty-state">No sessions yet. Start one with “New session”.</p>
          ) : (
            <SessionList sessions={sessions} actions={listActions} />
          )}
        </section>
      </main>
    </div>
  );
}
