/**
 * Progress points of a session's snapshots, read from the Dexie `snapshots` table and kept live:
 * a snapshot taken while the Insights are open appears without a reload. Each snapshot document
 * is validated (progressFromSnapshots), so the points are computed once per change of the table,
 * not on every edit of the open session.
 */
import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';
import { progressFromSnapshots, type Progress } from '../../shared/insights.ts';
import { openDatabase } from '../persistence/storage.ts';

/** The most recent snapshots charted: validating each one costs time on a large session. */
export const MAX_CHARTED_SNAPSHOTS = 40;

export type SnapshotProgress =
  | { status: 'loading' }
  | { status: 'unavailable'; message: string }
  | { status: 'ready'; progress: Progress; total: number };

export function useSnapshotProgress(sessionId: string): SnapshotProgress {
  const [state, setState] = useState<{ sessionId: string; value: SnapshotProgress }>({ sessionId, value: { status: 'loading' } });

  useEffect(() => {
    let alive = true;
    let unsubscribe: (() => void) | null = null;
    void openDatabase().then((db) => {
      if (!alive) return;
      if (!db) {
        setState({ sessionId, value: { status: 'unavailable', message: 'Snapshots are not available: local storage is unavailable.' } });
        return;
      }
      const subscription = liveQuery(() => db.snapshots.where('sessionId').equals(sessionId).sortBy('createdAt')).subscribe({
        next: (snapshots) => {
          if (!alive) return;
          const recent = snapshots.slice(-MAX_CHARTED_SNAPSHOTS);
          setState({ sessionId, value: { status: 'ready', progress: progressFromSnapshots(recent, null), total: snapshots.length } });
        },
        error: () => {
          if (alive) setState({ sessionId, value: { status: 'unavailable', message: 'The snapshots of this session could not be read.' } });
        },
      });
      unsubscribe = () => subscription.unsubscribe();
    });
    return () => {
      alive = false;
      unsubscribe?.();
    };
  }, [sessionId]);

  return state.sessionId === sessionId ? state.value : { status: 'loading' };
}
