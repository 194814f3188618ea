import { useCallback, useEffect, useState } from 'react';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { newId } from '../../shared/ids.ts';
import { diffSessions, isEmptyDiff, type SessionDiff } from '../../shared/snapshot-diff.ts';
import type { Snapshot } from '../db/database.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ReportView, ViewLoading } from '../screens/lazy-views.tsx';
import { formatTimestamp } from '../format-time.ts';
import { notify } from '../notices.ts';
import { openDatabase } from '../persistence/storage.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import type { SessionDocument } from '../../shared/schema.ts';

async function snapshotsTable() {
  return (await openDatabase())?.snapshots ?? null;
}

const LABELS: Record<keyof SessionDiff, string> = {
  journeys: 'Journeys',
  steps: 'Steps',
  flows: 'Flows',
  threats: 'Threats',
  outcomes: 'Security outcomes',
  mitigations: 'Mitigations',
  participants: 'People',
  agenda: 'Agenda phases',
};

/** Named checkpoints of the session: save, compare with now, restore (undoable). */
export function SnapshotsDialog({ onClose }: { onClose(): void }) {
  const sessionId = useSession((s) => s.document?.session.id);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [name, setName] = useState('');
  const [compared, setCompared] = useState<{ name: string; diff: SessionDiff } | null>(null);
  const [viewing, setViewing] = useState<{ name: string; document: SessionDocument } | null>(null);

  const refresh = useCallback(async () => {
    const table = await snapshotsTable();
    const list = table && sessionId ? (await table.where('sessionId').equals(sessionId).sortBy('createdAt')).reverse() : [];
    setSnapshots(list);
  }, [sessionId]);
  useEffect(() => {
    const timer = setTimeout(() => void refresh(), 0);
    return () => clearTimeout(timer);
  }, [refresh]);

  const save = async () => {
    const doc = sessionStore.getState().document;
    const table = await snapshotsTable();
    if (!doc || !table) return notify.error('Snapshots need local storage, which is unavailable.');
    const label = name.trim() || `Snapshot ${new Date().toLocaleString()}`;
    await table.put({ id: newId(), sessionId: doc.session.id, name: label.slice(0, 200), createdAt: new Date().toISOString(), document: doc });
    setName('');
    notify.info(`Saved the snapshot “${label}”.`);
    await refresh();
  };

  const load = (snapshot: Snapshot) => {
    const result = loadSessionDocument(snapshot.document);
    if (!result.ok) notify.error(`The snapshot “${snapshot.name}” cannot be read: ${result.error}`, result.details);
    return result.ok ? result.document : null;
  };

  const compare = (snapshot: Snapshot) => {
    const then = load(snapshot);
    const now = sessionStore.getState().document;
    if (then && now) setCompared({ name: snapshot.name, diff: diffSessions(then, now) });
  };

  const restore = (snapshot: Snapshot) => {
    const then = load(snapshot);
    const now = sessionStore.getState().document;
    if (!then || !now) return;
    sessionStore.getState().change(`Restore snapshot “${snapshot.name}”`, () => ({ ...then, session: { ...then.session, id: now.session.id } }));
    notify.info(`Restored “${snapshot.name}”. Undo (Ctrl+Z) brings back what was there before.`);
    onClose();
  };

  if (viewing) {
    return (
      <Dialog title={`Snapshot “${viewing.name}” (read-only)`} onClose={() => setViewing(null)}>
        <div className="snapshot-view">
          <ViewLoading>
            <ReportView document={viewing.document} label={`Snapshot ${viewing.name}`} />
          </ViewLoading>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => setViewing(null)}>
            Back to snapshots
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Snapshots" onClose={onClose}>
      <form
        className="button-row"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <input aria-label="Snapshot name" placeholder="e.g. End of workshop 1" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button button-primary">
          Save snapshot
        </button>
      </form>
      {snapshots === null ? (
        <p role="status">Loading…</p>
      ) : snapshots.length === 0 ? (
        <p className="field-hint">No snapshots yet. Save one at the end of each workshop to see progress over time.</p>
      ) : (
        <ul className="snapshot-list" aria-label="Snapshots">
          {snapshots.map((snapshot) => (
            <li key={snapshot.id}>
              <span className="snapshot-name">{snapshot.name}</span>
              <span className="field-hint">{formatTimestamp(snapshot.createdAt)}</span>
              <button
                type="button"
                className="button button-quiet"
                aria-label={`View “${snapshot.name}”`}
                onClick={() => {
                  const document = load(snapshot);
                  if (document) setViewing({ name: snapshot.name, document });
                }}
              >
                View
              </button>
              <button type="button" className="button button-quiet" aria-label={`Compare “${snapshot.name}” with now`} onClick={() => compare(snapshot)}>
                Compare
              </button>
              <button type="button" className="button button-quiet" aria-label={`Restore “${snapshot.name}”`} onClick={() => restore(snapshot)}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
      {compared && (
        <section className="snapshot-diff" aria-label="Changes since the snapshot">
          <h3>Since “{compared.name}”</h3>
          {isEmptyDiff(compared.diff) ? (
            <p>Nothing changed.</p>
          ) : (
            <ul>
              {(Object.keys(LABELS) as (keyof SessionDiff)[]).map((key) => {
                const d = compared.diff[key];
                if (d.added.length + d.removed.length + d.changed.length === 0) return null;
                return (
                  <li key={key}>
                    <strong>{LABELS[key]}:</strong> {d.added.length} added, {d.removed.length} removed, {d.changed.length} changed
                    {d.added.length > 0 && <span className="field-hint"> (added: {d.added.slice(0, 5).join(', ')})</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
