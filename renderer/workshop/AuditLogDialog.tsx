import { useEffect, useMemo, useState } from 'react';
import type { AuditEvent } from '../db/database.ts';
import { Dialog } from '../components/Dialog.tsx';
import { formatTimestamp } from '../format-time.ts';
import { notify } from '../notices.ts';
import { platform } from '../platform/current-platform.ts';
import { sessionFileName } from '../session-files.ts';
import { useSession } from '../store/session-store.ts';
import { readAuditLog } from './audit-log.ts';

/** Who changed what, when: read-only, filterable, exportable. */
export function AuditLogDialog({ onClose }: { onClose(): void }) {
  const sessionId = useSession((s) => s.document?.session.id);
  const title = useSession((s) => s.document?.session.title ?? 'session');
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (sessionId) void readAuditLog(sessionId).then(setEvents);
  }, [sessionId]);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (events ?? []).filter((e) => !needle || `${e.actor} ${e.action} ${e.detail}`.toLowerCase().includes(needle));
  }, [events, filter]);
  const stem = sessionFileName(title).replace('.threatstorm.json', '');

  const save = async (kind: 'csv' | 'json') => {
    // The CSV writer loads on first use: it is not needed to open a session.
    const content =
      kind === 'csv'
        ? (await import('../../shared/export/csv-safety.ts')).writeCsv(['When', 'Who', 'What', 'Detail'], shown.map((e) => [e.at, e.actor, e.action, e.detail]), { bom: true }).content
        : `${JSON.stringify(shown, null, 2)}\n`;
    const result = await platform.saveFile({ suggestedName: `${stem}-audit-log.${kind}`, content, kind });
    if (result.status === 'error') notify.error(result.message);
  };

  return (
    <Dialog title="Audit log" onClose={onClose}>
      <div className="button-row">
        <input type="search" aria-label="Filter the audit log" placeholder="Filter by person or change…" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="button" className="button" onClick={() => void save('csv')}>
          Export CSV
        </button>
        <button type="button" className="button" onClick={() => void save('json')}>
          Export JSON
        </button>
      </div>
      {events === null ? (
        <p role="status">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="field-hint">No changes recorded{filter ? ' match this filter' : ''}.</p>
      ) : (
        <table className="report-table audit-table" tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <tr key={event.seq}>
                <td>{formatTimestamp(event.at)}</td>
                <td>{event.actor}</td>
                <td>{event.action}</td>
                <td>{event.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
