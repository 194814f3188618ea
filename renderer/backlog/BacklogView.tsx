import { useEffect, useId, useMemo, useState } from 'react';
import {
  deriveBacklog,
  explainRanking,
  filterBacklog,
  ITEM_STATUS_LABELS,
  type Backlog,
  type BacklogFilter,
  type BacklogItem,
} from '../../shared/backlog.ts';
import { mitigationSuggestions } from '../../shared/card-suggestions.ts';
import { findCard } from '../../shared/decks/index.ts';
import { EXPORT_FORMATS, summaryLines, type AdoProcess, type ExportFormatId } from '../../shared/export/index.ts';
import { severities, SEVERITY_LABELS, type Severity } from '../../shared/scoring.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { notify } from '../notices.ts';
import { platform } from '../platform/current-platform.ts';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { AcceptedRisksTable } from '../risks/AcceptedRisksTable.tsx';
import { ThreatScoring } from '../risks/ThreatScoring.tsx';
import { sessionStore, useSession } from '../store/session-store.ts';
import { pinBacklogItem, setBacklogThreshold, unpinBacklogItem } from '../store/backlog-actions.ts';
import { createMitigation, mergeDuplicateThreats } from '../store/threat-actions.ts';
import { recordEvent } from '../workshop/audit-log.ts';
import { runWithProgress } from '../jobs/run-with-progress.ts';
import { useDeckLibrary } from '../cards/deck-library.ts';
import '../styles/backlog.css';
import { saveExportFiles } from './save-export.ts';
import { plural } from '../../shared/plural.ts';
import '../styles/export-summary.css';

/** Risks a threshold can sit at: the products of two 1–5 scores, with the band each starts. */
const THRESHOLDS: ReadonlyArray<{ value: number; label: string }> = [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25].map((value) => ({
  value,
  label: value === 1 ? '1 (every scored threat)' : value === 5 ? '5 (Medium)' : value === 10 ? '10 (High)' : value === 20 ? '20 (Critical)' : String(value),
}));


/**
 * The prioritized backlog derived from the session: the ranked list, each item with its one-line
 * reason, then what is not ranked and why (below the threshold, not scored yet), so nothing
 * disappears without a trace.
 */
export function BacklogView() {
  const doc = useSession((s) => s.document);
  const suggestions = useCardSuggestions(doc?.threats);
  const backlog = useMemo(() => (doc ? deriveBacklog(doc, { suggestions }) : null), [doc, suggestions]);
  const [filter, setFilter] = useState<BacklogFilter>({});
  const [open, setOpen] = useState<string | null>(null);
  const [lastExport, setLastExport] = useState<LastExport | null>(null);
  const items = useMemo(() => (backlog ? filterBacklog(backlog.items, filter) : []), [backlog, filter]);
  const below = useMemo(() => (backlog ? filterBacklog(backlog.belowThreshold, filter) : []), [backlog, filter]);
  const notScored = useMemo(() => (backlog ? filterBacklog(backlog.notScored, filter) : []), [backlog, filter]);
  if (!doc || !backlog) return null;
  const set = (patch: Partial<BacklogFilter>) => setFilter((current) => ({ ...current, ...patch }));
  const frameworks = [...new Set(doc.threats.map((t) => t.category.framework))].sort();
  const toggle = (key: string) => setOpen((current) => (current === key ? null : key));

  return (
    <div className="backlog">
      <div className="backlog-head">
        <div>
          <h1 className="backlog-title">Security backlog</h1>
          <p className="field-hint">
            {plural(backlog.items.length, 'item', 'items')}, highest priority first · {backlog.belowThreshold.length} below the threshold ·{' '}
            {backlog.notScored.length} not scored yet · {plural(backlog.accepted.length, 'accepted risk', 'accepted risks')} ·{' '}
            {backlog.closed.length} closed
          </p>
        </div>
        <ExportControl backlog={backlog} suggestions={suggestions} onExported={setLastExport} />
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
          {Object.entries(ITEM_STATUS_LABELS).map(([value, label]) => (
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
            ? `No ranked items yet. Add mitigations to threats, or score threats: an open threat with a risk of ${backlog.threshold} or more asks the room for a decision.`
            : below.length + notScored.length > 0
              ? 'No ranked item matches these filters; see the sections below.'
              : 'No item matches these filters.'}
        </p>
      ) : (
        <ol className="backlog-list" aria-label="Ranked backlog">
          {items.map((item) => (
            <BacklogRow key={item.key} item={item} ranked={backlog.items} threshold={backlog.threshold} expanded={open === item.key} onToggle={() => toggle(item.key)} />
          ))}
        </ol>
      )}

      <section className="backlog-section" aria-labelledby="below-threshold-heading">
        <div className="backlog-section-head">
          <h2 id="below-threshold-heading">Below the threshold ({backlog.belowThreshold.length})</h2>
          <ThresholdControl threshold={backlog.threshold} />
        </div>
        <p className="field-hint">
          Open threats with a risk below {backlog.threshold} wait here instead of in the ranked list. Lower the threshold to rank them, or include them in an export.
        </p>
        {below.length > 0 && (
          <ul className="backlog-list" aria-label="Below the threshold">
            {below.map((item) => (
              <BacklogRow key={item.key} item={item} ranked={[]} threshold={backlog.threshold} expanded={open === item.key} onToggle={() => toggle(item.key)} />
            ))}
          </ul>
        )}
      </section>

      <section className="backlog-section" aria-labelledby="not-scored-heading">
        <h2 id="not-scored-heading">Not scored yet ({backlog.notScored.length})</h2>
        <p className="field-hint">Nobody has judged how likely and how bad these are, so they have no rank. Score them here or in the inspector.</p>
        {notScored.length > 0 && (
          <ul className="backlog-list" aria-label="Not scored yet">
            {notScored.map((item) => (
              <NotScoredRow key={item.key} item={item} doc={doc} />
            ))}
          </ul>
        )}
        {backlog.placeholders > 0 && (
          <p className="field-hint">
            {plural(backlog.placeholders, 'empty “New threat” placeholder is', 'empty “New threat” placeholders are')} left out until something is written in{' '}
            {backlog.placeholders === 1 ? 'it' : 'them'}.
          </p>
        )}
      </section>

      {backlog.accepted.length > 0 && (
        <section className="accepted" aria-labelledby="accepted-heading">
          <h2 id="accepted-heading">Accepted risks</h2>
          <AcceptedRisksTable risks={backlog.accepted} />
        </section>
      )}
    </div>
  );
}

/** What the cards of the session's threats suggest as mitigations (built-in and custom decks). */
function useCardSuggestions(threats: SessionDocument['threats'] | undefined): ReadonlyMap<string, readonly string[]> {
  const custom = useDeckLibrary((s) => s.custom);
  useEffect(() => void useDeckLibrary.getState().load(), []);
  return useMemo(() => {
    const customCards = new Map(custom.flatMap((deck) => deck.cards.map((card) => [card.id, card] as const)));
    return mitigationSuggestions(threats ?? [], (id) => findCard(id) ?? customCards.get(id));
  }, [threats, custom]);
}

function ThresholdControl({ threshold }: { threshold: number }) {
  const id = useId();
  const known = THRESHOLDS.some((t) => t.value === threshold);
  return (
    <div className="threshold-control">
      <label htmlFor={id}>Backlog threshold (risk)</label>
      <select id={id} value={threshold} onChange={(e) => setBacklogThreshold(Number(e.target.value))}>
        {!known && <option value={threshold}>{threshold}</option>}
        {THRESHOLDS.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function BacklogRow({
  item,
  ranked,
  threshold,
  expanded,
  onToggle,
}: {
  item: BacklogItem;
  /** The ranked list (for the move buttons); empty for items outside it. */
  ranked: BacklogItem[];
  threshold: number;
  expanded: boolean;
  onToggle(): void;
}) {
  const index = ranked.findIndex((other) => other.key === item.key);
  const above = index > 0 ? ranked[index - 1] : undefined;
  const below = index >= 0 ? ranked[index + 1] : undefined;
  return (
    <li className={`backlog-item priority-${item.priority}${item.kind === 'decide' ? ' is-decision' : ''}`}>
      <div className="backlog-row">
        {item.rank > 0 ? (
          <span className="backlog-rank" aria-label={`Rank ${item.rank}`}>
            {item.rank}
          </span>
        ) : (
          <span className="backlog-rank" aria-hidden="true">
            ·
          </span>
        )}
        <span className={`priority-tag ${item.priority}`} aria-label={`Priority ${item.priority}`}>
          {item.priority}
        </span>
        <div className="backlog-main">
          <button type="button" className="backlog-item-title" aria-expanded={expanded} onClick={onToggle}>
            {item.title}
          </button>
          <p className="backlog-why">{item.why}</p>
        </div>
        {item.duplicates > 0 && <span className="duplicate-tag">Added {item.duplicates + 1}×</span>}
        {item.risk > 0 ? <SeverityChip risk={item.risk} /> : <span className="field-hint">no open risk</span>}
        {item.kind === 'mitigation' && (
          <span className="effort-tag" title="Effort">
            {item.effort}
          </span>
        )}
        <span className="status-tag">{ITEM_STATUS_LABELS[item.status]}</span>
        {ranked.length > 0 && (
          <span className="pin-buttons">
            <button type="button" className="icon-button" aria-label={`Move “${item.title}” up`} disabled={!above} onClick={() => above && pinBacklogItem(item.key, 'above', above.key)}>
              ↑
            </button>
            <button type="button" className="icon-button" aria-label={`Move “${item.title}” down`} disabled={!below} onClick={() => below && pinBacklogItem(item.key, 'below', below.key)}>
              ↓
            </button>
          </span>
        )}
      </div>
      {item.pinned && (
        <p className="pin-note">
          Moved {item.pinned.relation} “{ranked.find((r) => r.key === item.pinned?.otherKey)?.title ?? 'another item'}” by {item.pinned.by || 'the facilitator'}
          {' · '}
          <button type="button" className="link-button" onClick={() => unpinBacklogItem(item.key)}>
            Undo the move
          </button>
        </p>
      )}
      {item.duplicates > 0 && (
        <p className="duplicate-note">
          The same threat was added {item.duplicates + 1} times on this step; it is one item here.{' '}
          <button type="button" className="link-button" onClick={() => mergeDuplicateThreats(item.threats.map((t) => t.id))}>
            Merge the {item.duplicates + 1} copies into one threat
          </button>
        </p>
      )}
      {expanded && <BacklogDetail item={item} threshold={threshold} />}
    </li>
  );
}

function BacklogDetail({ item, threshold }: { item: BacklogItem; threshold: number }) {
  const mitigations = useSession((s) => s.document?.mitigations);
  const threatIds = item.threats.map((t) => t.id);
  const planned = (text: string) => mitigations?.some((m) => m.title === text && threatIds.some((id) => m.threatIds.includes(id)));
  return (
    <div className="backlog-detail">
      {item.description && (
        <>
          <h3>What to do</h3>
          <p className="backlog-text">{item.description}</p>
        </>
      )}
      <h3>How it is ranked</h3>
      <ul className="why-list" aria-label="How it is ranked">
        {explainRanking(item, threshold).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {item.threats.length > 0 && (
        <>
          <h3>{item.threats.length === 1 ? 'Threat' : 'Threats'}</h3>
          <ul>
            {item.threats.map((t) => (
              <li key={t.id}>
                <strong>{t.title}</strong> <SeverityChip risk={t.risk} muted={!t.open} />
                {t.place && (
                  <span className="field-hint">
                    {' '}
                    {t.place.journeyName} › {t.place.label}
                  </span>
                )}
                {t.statement && <p className="backlog-text">{t.statement}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      {item.outcomes.length > 0 && (
        <>
          <h3>What the user must be able to trust</h3>
          <ul>
            {item.outcomes.map((o) => (
              <li key={o.id}>“{o.statement}”</li>
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
      {item.kind === 'decide' && item.suggestions.length > 0 && (
        <>
          <h3>Mitigations the card suggests</h3>
          <ul className="suggestion-list">
            {item.suggestions.map((text) => (
              <li key={text}>
                <button type="button" className="button button-quiet" disabled={planned(text)} onClick={() => createMitigation(text.slice(0, 200), threatIds)}>
                  {planned(text) ? `✓ Planned: ${text}` : `+ Plan: ${text}`}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="field-hint">Reference in exports: {item.ref}</p>
    </div>
  );
}

/** An item nobody can rank yet, with the scores of its unscored threats right there. */
function NotScoredRow({ item, doc }: { item: BacklogItem; doc: SessionDocument }) {
  const threats = item.threats.filter((t) => t.open && t.risk === null).map((t) => doc.threats.find((d) => d.id === t.id)).filter((t) => t !== undefined);
  return (
    <li className="backlog-item not-scored-item">
      <div className="backlog-row">
        <div className="backlog-main">
          <span className="backlog-item-name">{item.title}</span>
          <p className="backlog-why">{item.why}</p>
        </div>
      </div>
      <div className="not-scored-scores">
        {threats.map((threat) => (
          <div key={threat.id} role="group" aria-label={`Score “${threat.title}”`} className="not-scored-threat">
            {threats.length > 1 && <p className="field-hint">{threat.title}</p>}
            <ThreatScoring threat={threat} />
          </div>
        ))}
      </div>
    </li>
  );
}

function ExportControl({ backlog, suggestions, onExported }: { backlog: Backlog; suggestions: ReadonlyMap<string, readonly string[]>; onExported(last: LastExport): void }) {
  const [format, setFormat] = useState<ExportFormatId>('jira');
  const [process, setProcess] = useState<AdoProcess>('agile');
  const [includeBelowThreshold, setIncludeBelow] = useState(false);
  const [includeNotScored, setIncludeNotScored] = useState(false);
  const chosen = EXPORT_FORMATS.find((f) => f.id === format)!;
  const below = backlog.belowThreshold.length;
  const notScored = backlog.notScored.length;
  const backlogFormat = format !== 'threat-composer';
  return (
    <div className="export-control" role="group" aria-label="Export">
      <div className="export-row">
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
            void exportBacklog(format, process, { includeBelowThreshold: includeBelowThreshold && below > 0, includeNotScored: includeNotScored && notScored > 0, suggestions }).then((last) => {
              if (last) onExported(last);
            })
          }
        >
          Export backlog
        </button>
      </div>
      {backlogFormat && format !== 'markdown' && (below > 0 || notScored > 0) && (
        <div className="export-options">
          {below > 0 && (
            <label>
              <input type="checkbox" checked={includeBelowThreshold} onChange={(e) => setIncludeBelow(e.target.checked)} /> Include {below} below the threshold
            </label>
          )}
          {notScored > 0 && (
            <label>
              <input type="checkbox" checked={includeNotScored} onChange={(e) => setIncludeNotScored(e.target.checked)} /> Include {notScored} not scored yet
            </label>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Builds the export files in the job worker (progress dialog when it takes a while), then saves
 * them. A cancel ends the job before any file is saved.
 */

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

/**
 * Builds the export files in the job worker (progress dialog when it takes a while), then saves
 * them (see save-export.ts for the names). A cancel ends the job before any file is saved. Returns
 * what to show about the export, or null when nothing was saved.
 */
async function exportBacklog(
  formatId: ExportFormatId,
  process: AdoProcess,
  include: { includeBelowThreshold: boolean; includeNotScored: boolean; suggestions: ReadonlyMap<string, readonly string[]> },
): Promise<LastExport | null> {
  const doc = sessionStore.getState().document;
  const format = EXPORT_FORMATS.find((f) => f.id === formatId);
  if (!doc || !format) return null;
  const outcome = await runWithProgress({ action: 'Exporting', subject: format.label }, { kind: 'export', formatId, document: doc, process, pictures: true, ...include });
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
