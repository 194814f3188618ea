import { useMemo, useState } from 'react';
import type { SessionSummary } from '../../shared/session-factory.ts';
import { Dialog } from '../components/Dialog.tsx';
import { formatTimestamp } from '../format-time.ts';
import { plural } from '../../shared/plural.ts';

export type SessionListActions = {
  rename(id: string, title: string): void;
  duplicate(id: string): void;
  remove(id: string): void;
};

type SortKey = 'updated' | 'title';


/** The home screen's sessions: search, sort, rename in place, duplicate, delete with confirmation. */
export function SessionList({ sessions, actions }: { sessions: SessionSummary[]; actions: SessionListActions }) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('updated');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<SessionSummary | null>(null);

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const filtered = needle ? sessions.filter((s) => s.title.toLowerCase().includes(needle)) : sessions.slice();
    return sort === 'title'
      ? filtered.sort((a, b) => a.title.localeCompare(b.title))
      : filtered.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }, [sessions, query, sort]);

  return (
    <>
      <div className="list-controls">
        <input type="search" aria-label="Search sessions" placeholder="Search sessions…" value={query} onChange={(event) => setQuery(event.target.value)} />
        <label className="sort-control">
          Sort by
          <select aria-label="Sort sessions" value={sort} onChange={(event) => setSort(event.target.value as SortKey)}>
            <option value="updated">Last changed</option>
            <option value="title">Title</option>
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="empty-state">No session matches “{query}”.</p>
      ) : (
        <ul className="session-list" aria-label="Sessions">
          {shown.map((session) => (
            <li key={session.id} className="session-card">
              {renaming === session.id ? (
                <RenameField
                  initial={session.title}
                  onDone={(title) => {
                    setRenaming(null);
                    if (title !== null) actions.rename(session.id, title);
                  }}
                />
              ) : (
                <a className="session-link" href={`#/session/${session.id}`}>
                  <span className="session-title">{session.title}</span>
                  <span className="session-meta">
                    Last changed <time dateTime={session.updatedAt}>{formatTimestamp(session.updatedAt)}</time>
                    {' · '}
                    {plural(session.counts.journeys, 'journey', 'journeys')}, {plural(session.counts.steps, 'step', 'steps')},{' '}
                    {plural(session.counts.threats, 'threat', 'threats')}
                  </span>
                </a>
              )}
              <div className="session-actions">
                <button type="button" className="button button-quiet" aria-label={`Rename ${session.title}`} onClick={() => setRenaming(session.id)}>
                  Rename
                </button>
                <button type="button" className="button button-quiet" aria-label={`Duplicate ${session.title}`} onClick={() => actions.duplicate(session.id)}>
                  Duplicate
                </button>
                <button type="button" className="button button-quiet button-danger" aria-label={`Delete ${session.title}`} onClick={() => setConfirming(session)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <Dialog title={`Delete “${confirming.title}”?`} onClose={() => setConfirming(null)}>
          <p>
            This removes the session, its {plural(confirming.counts.journeys, 'journey', 'journeys')} and {plural(confirming.counts.threats, 'threat', 'threats')}, its snapshots and its audit log from this computer. Files you saved are not affected.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" autoFocus onClick={() => setConfirming(null)}>
              Keep it
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                actions.remove(confirming.id);
                setConfirming(null);
              }}
            >
              Delete session
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function RenameField({ initial, onDone }: { initial: string; onDone(title: string | null): void }) {
  const [value, setValue] = useState(initial);
  return (
    <form
      className="session-rename"
      onSubmit={(event) => {
        event.preventDefault();
        onDone(value);
      }}
    >
      <input
        aria-label="New session title"
        value={value}
        maxLength={200}
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && onDone(null)}
        onBlur={() => onDone(value)}
      />
    </form>
  );
}
