import { useMemo, useState } from 'react';
import { deriveBacklog, filterBacklog, type BacklogFilter, type BacklogItem } from '../../shared/backlog.ts';
import { EXPORT_FORMATS, summaryLines, type AdoProcess, type ExportFormatId } from '../../shared/export/index.ts';
import { severities, SEVERITY_LABELS, type Severity } from '../../shared/scoring.ts';
import { notify } from '../notices.ts';
import { platform } from '../platform/current-platform.ts';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { AcceptedRisksTable } from '../risks/AcceptedRisksTable.tsx';
import { MITIGATION_STATUS_LABELS } from '../risks/labels.ts';
import { sessionStore, useSession } from '../store/session-store.ts';
import { pinBacklogItem, unpinBacklogItem } from '../store/backlog-actions.ts';
import { recordEvent } from '../workshop/audit-log.ts';
import { runWithProgress } from '../jobs/run-with-progress.ts';
import { saveExportFiles } from './save-export.ts';
import '../styles/export-summary.css';

const STATUS_LABELS: Record<BacklogItem['status'], string> = { ...MITIGATION_STATUS_LABELS, 'to-decide': 'To decide' };

/** The prioritized backlog derived from the session, with the numbers behind each rank. */
export function BacklogView() {
  const doc = useSession((s) => s.document);
  const backlog = useMemo(() => (doc ? deriveBacklog(doc) : null), [doc]);
  const [filter, setFilter] = useState<BacklogFilter>({});
  const [open, setOpen] = useState<string | null>(null);
  const [lastExport, setLastExport] = useState<LastExport | null>(null);
  const items = useMemo(() => (backlog ? filterBacklog(backlog.items, filter) : []), [backlog, filter]);
  if (!doc || !backlog) return null;
  const set = (patch: Partial<BacklogFilter>) => setFilter((current) => ({ ...current, ...patch }));
  const frameworks = [...new Set(doc.threats.map((t) => t.category.framework))].sort();

  return (
    <div className="backlog">
      <div className="backlog-head">
        <div>
          <h1 className="backlog-title">Security backlog</h1>
          <p className="field-hint">
            {backlog.items.length} items ranked by risk, critical journeys, votes and effort. {backlog.accepted.length} accepted risks, {backlog.closed.length} closed items.
          </p>
        </div>
        <ExportControl onExported={setLastExport} />
      </div>
      {lastExport && <ExportSummaryPanel last={lastExport} onDismiss={() => setLastExport(null)} />}
      <div className="backlog-filters" role="group" aria-label="Filters">
        <select aria-label="Journey" value={filter.journeyId ?? ''} onChange={(e) => set({ journeyId: e.target.value || undefined })}>
          <option value="">All journeys</option>
          {doc.journeys.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name}
            </option>
          ))}
        </select>
        <select aria-label="Severity" value={filter.severity ?? ''} onChange={(e) => set({ severity: (e.target.value || undefined) as Severity | undefined })}>
          <option value="">Any severity</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
        <select aria-label="Status" value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as BacklogItem['status'] | undefined })}>
          <option value="">Any status</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select aria-label="Framework" value={filter.framework ?? ''} onChange={(e) => set({ framework: e.target.value || undefined })}>
          <option value="">Any framework</option>
          {frameworks.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <input type="search" aria-label="Search backlog" placeholder="Search…" value={filter.search ?? ''} onChange={(e) => set({ search: e.target.value || undefined })} />
      </div>
      {items.length === 0 ? (
        <p className="empty-state">
          {backlog.items.length === 0
            ? 'No backlog yet. Add mitigations to threats, or score threats Medium or higher so the room decides on them.'
            : 'No item matches these filters.'}
        </p>
      ) : (
        <ol className="backlog-list" aria-label="Ranked backlog">
          {items.map((item) => (
            <BacklogRow key={item.key} item={item} ranked={backlog.items} expanded={open === item.key} onToggle={() => setOpen(open === item.key ? null : item.key)} />
          ))}
        </ol>
      )}
      {backlog.accepted.length > 0 && (
        <section className="accepted" aria-labelledby="accepted-heading">
          <h2 id="accepted-heading">Accepted risks</h2>
          <AcceptedRisksTable risks={backlog.accepted} />
        </section>
      )}
    </div>
  );
}

function BacklogRow({ item, ranked, expanded, onToggle }: { item: BacklogItem; ranked: BacklogItem[]; expanded: boolean; onToggle(): void }) {
  const index = ranked.findIndex((other) => other.key === item.key);
  const above = ranked[index - 1];
  const below = ranked[index + 1];
  return (
    <li className={`backlog-item priority-${item.priority}`}>
      <div className="backlog-row">
        <span className="backlog-rank" aria-label={`Rank ${item.rank}`}>
          {item.rank}
        </span>
        <span className={`priority-tag ${item.priority}`}>{item.priority}</span>
        <button type="button" className="backlog-item-title" aria-expanded={expanded} onClick={onToggle}>
          {item.title}
        </button>
        <span className="backlog-where">{item.places.map((p) => p.label).join(', ')}</span>
        {item.risk > 0 ? <SeverityChip risk={item.risk} /> : <span className="field-hint">no open risk</span>}
        <span className="effort-tag">{item.effort}</span>
        <span className="status-tag">{STATUS_LABELS[item.status]}</span>
        <span className="pin-buttons">
          <button type="button" className="icon-button" aria-label={`Move “${item.title}” up`} disabled={!above} onClick={() => above && pinBacklogItem(item.key, 'above', above.key)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label={`Move “${item.title}” down`} disabled={!below} onClick={() => below && pinBacklogItem(item.key, 'below', below.key)}>
            ↓
          </button>
        </span>
      </div>
      {item.pinned && (
        <p className="pin-note">
          Pinned {item.pinned.relation} “{ranked.find((r) => r.key === item.pinned?.otherKey)?.title ?? 'another item'}” by the facilitator
          {' · '}
          <button type="button" className="link-button" onClick={() => unpinBacklogItem(item.key)}>
            Remove pin
          </button>
        </p>
      )}
      {expanded && (
        <div className="backlog-detail">
          <h3>Why it ranks here</h3>
          <ul className="why-list" aria-label="Why it ranks here">
            {item.why.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {item.threats.length > 0 && (
            <>
              <h3>Threats</h3>
              <ul>
                {item.threats.map((t) => (
                  <li key={t.id}>
                    {t.title} <SeverityChip risk={t.risk} muted={!t.open} /> {t.statement && <span className="field-hint">— {t.statement}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {item.acceptanceCriteria.length > 0 && (
            <>
              <h3>Acceptance criteria</h3>
              <ul>
                {item.acceptanceCriteria.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** What the last export did, shown until the next one or until dismissed. */
interface LastExport {
  lines: string[];
  /** Files saved, and the saving problem if not all were. */
  saved: string[];
  incomplete: string | null;
}

function ExportSummaryPanel({ last, onDismiss }: { last: LastExport; onDismiss(): void }) {
  const [headline, ...notes] = last.lines;
  return (
    <section className={`export-summary${last.incomplete ? ' export-summary-incomplete' : ''}`} aria-labelledby="export-summary-title">
      <div className="export-summary-head">
        <h2 id="export-summary-title" className="export-summary-title">
          {last.incomplete ? 'Export not fully saved' : 'Exported'}
        </h2>
        <button type="button" className="button button-quiet" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <p className="export-summary-headline">{headline}</p>
      {last.incomplete && <p className="export-summary-problem">{last.incomplete}</p>}
      {notes.length > 0 && (
        <ul className="export-summary-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ExportControl({ onExported }: { onExported(last: LastExport): void }) {
  const [format, setFormat] = useState<ExportFormatId>('jira');
  const [process, setProcess] = useState<AdoProcess>('agile');
  const chosen = EXPORT_FORMATS.find((f) => f.id === format)!;
  return (
    <div className="export-control" role="group" aria-label="Export">
      <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormatId)} title={chosen.description}>
        {EXPORT_FORMATS.map((f) => (
          <option key={f.id} value={f.id}>
            {f.label}
          </option>
        ))}
      </select>
      {format === 'azure-devops' && (
        <select aria-label="Azure DevOps process" value={process} onChange={(e) => setProcess(e.target.value as AdoProcess)}>
          <option value="agile">Agile process</option>
          <option value="scrum">Scrum process</option>
          <option value="basic">Basic process</option>
        </select>
      )}
      <button
        type="button"
        className="button button-primary"
        onClick={() =>
          void exportBacklog(format, process).then((last) => {
            if (last) onExported(last);
          })
        }
      >
        Export backlog
      </button>
    </div>
  );
}

/**
 * Builds the export files in the job worker (progress dialog when it takes a while), then saves
 * them (see save-export.ts for the names). A cancel ends the job before any file is saved. Returns
 * what to show about the export, or null when nothing was saved.
 */
async function exportBacklog(formatId: ExportFormatId, process: AdoProcess): Promise<LastExport | null> {
  const doc = sessionStore.getState().document;
  const format = EXPORT_FORMATS.find((f) => f.id === formatId);
  if (!doc || !format) return null;
  const outcome = await runWithProgress({ action: 'Exporting', subject: format.label }, { kind: 'export', formatId, document: doc, process, pictures: true });
  if (outcome.status === 'cancelled') {
    notify.info('Export cancelled — no file was saved.');
    return null;
  }
  if (outcome.status === 'failed') {
    notify.error(`The export failed: ${outcome.message}`);
    return null;
  }
  const result = outcome.value;
  const { saved, stopped } = await saveExportFiles(result.files, (request) => platform.saveFile(request));
  const lines = summaryLines(result.summary);
  if (saved.length === 0) {
    if (stopped?.reason === 'error') notify.error(`Could not save ${stopped.file}: ${stopped.message}`);
    return null;
  }
  void recordEvent(`Export backlog (${format.label})`, saved.join(', '));
  if (stopped) {
    const why = stopped.reason === 'error' ? `could not be saved (${stopped.message})` : 'was not saved (cancelled)';
    const incomplete = `Saved ${saved.length} of ${result.files.length} files (${saved.join(', ')}); ${stopped.file} ${why} and the files after it were not saved. Export again to save them all.`;
    notify.error(`Saved ${saved.length} of ${result.files.length} files of the ${format.label} export; the export summary says which.`);
    return { lines, saved, incomplete };
  }
  notify.info(`Exported ${format.label}: saved ${saved.join(', ')}.`);
  return { lines, saved, incomplete: null };
}
