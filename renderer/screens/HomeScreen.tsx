import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../shared/session-factory.ts';
import { appCommands } from '../app-commands.ts';
import { Notices } from '../components/Notices.tsx';
import { ThemeSwitch } from '../components/ThemeSwitch.tsx';
import { formatTimestamp } from '../format-time.ts';
import { notify } from '../notices.ts';
import { afterPendingSaves, type StorageStatus } from '../persistence/storage.ts';
import { describeStorageError } from '../db/session-repository.ts';

export function HomeScreen({ storage, onAbout }: { storage: StorageStatus; onAbout(): void }) {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(storage.ok ? null : []);
  const [busy, setBusy] = useState(false);

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
      <Notices />
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
            <ul className="session-list" aria-label="Sessions">
              {sessions.map((session) => (
                <li key={session.id} className="session-card">
                  <a className="session-link" href={`#/session/${session.id}`}>
                    <span className="session-title">{session.title}</span>
                    <span className="session-meta">
                      Last changed <time dateTime={session.updatedAt}>{formatTimestamp(session.updatedAt)}</time>
                      {' · '}
                      {session.counts.journeys} {session.counts.journeys === 1 ? 'journey' : 'journeys'}, {session.counts.steps}{' '}
                      {session.counts.steps === 1 ? 'step' : 'steps'}, {session.counts.threats}{' '}
                      {session.counts.threats === 1 ? 'threat' : 'threats'}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}
