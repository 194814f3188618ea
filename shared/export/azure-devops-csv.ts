/**
 * Azure DevOps Boards CSV ("Import work items" in Queries).
 *
 * Columns: `ID, Work Item Type, Title 1, Title 2, Priority, Tags, Description, Acceptance Criteria`.
 * - The hierarchy is expressed by the title columns: a journey's Epic has its title in `Title 1`,
 *   and the rows right after it with a title in `Title 2` become its children. `ID` stays empty:
 *   every row is a new work item.
 * - Work item type names depend on the project's process: Agile Epic/User Story, Scrum
 *   Epic/Product Backlog Item, Basic Epic/Issue.
 * - Priority is ADO's 1–4 (P1 → 1); tags are joined with "; "; Description and Acceptance
 *   Criteria are HTML fields, so every piece of user text is HTML-escaped (&, <, >, ", ').
 * - The importer takes at most 1,000 work items per file, so rows are split into files of at most
 *   `maxRowsPerFile` (1,000), named `<stem>-azure-devops-1.csv`, `-2.csv`, … (the CLI's
 *   `--out NAME.csv` writes `NAME-1.csv`, `NAME-2.csv`, … by the same rule). A journey is kept whole in one file when it fits; only a journey with
 *   more items than a file holds is split, and then its Epic row is repeated at the top of the next
 *   file, titled "(continued)", because each file is imported on its own: a child row can only
 *   attach to a parent row in the same file, and without the repeated row the rest of the
 *   journey's items would land unparented. The team can merge the two Epics after the import.
 * - Items on no journey are top-level rows (`Title 1`) at the very end, where no child row follows.
 */
import type { BacklogItem, Priority } from '../backlog.ts';
import type { SessionDocument } from '../schema.ts';
import { writeCsv, type CsvCell, type CsvStats } from './csv-safety.ts';
import { escapeHtml, HTML, itemDescriber, journeyBlocks, renderHtml } from './description.ts';
import { plural } from '../plural.ts';
import { csvNotes, makeSummary } from './summary.ts';
import { AZURE_DEVOPS_TITLE_LIMIT, limitTitle } from './tracker-limits.ts';
import {
  CSV_MIME,
  emptyStats,
  epicTitle,
  exportItems,
  fileStem,
  groupByJourney,
  journeySlug,
  PROGRESS_EVERY,
  resolveBacklog,
  type AdoProcess,
  type ExportFile,
  type ExportOptions,
  type ExportResult,
} from './format.ts';

export const ADO_PROCESSES: Readonly<Record<AdoProcess, { parent: string; child: string }>> = {
  agile: { parent: 'Epic', child: 'User Story' },
  scrum: { parent: 'Epic', child: 'Product Backlog Item' },
  basic: { parent: 'Epic', child: 'Issue' },
};

export const ADO_MAX_ROWS_PER_FILE = 1_000;

export const ADO_HEADER = ['ID', 'Work Item Type', 'Title 1', 'Title 2', 'Priority', 'Tags', 'Description', 'Acceptance Criteria'] as const;

const ADO_PRIORITY: Readonly<Record<Priority, number>> = { P1: 1, P2: 2, P3: 3, P4: 4 };

function acceptanceHtml(criteria: readonly string[]): string {
  if (criteria.length === 0) return '';
  return `<ul>${criteria.map((c) => `<li>${escapeHtml(c.replace(/\s+/g, ' ').trim())}</li>`).join('')}</ul>`;
}

/** Renders each row as it is written, telling `onProgress` rows done of `total` as it goes. */
function* renderRows(rows: readonly (() => CsvCell[])[], total: number, offset: number, onProgress?: (done: number, total: number) => void): Generator<CsvCell[]> {
  let done = offset;
  for (const row of rows) {
    yield row();
    if (onProgress && ++done % PROGRESS_EVERY === 0) onProgress(done, total);
  }
  if (onProgress && done === total) onProgress(done, total);
}

export function exportAzureDevOps(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const items = exportItems(resolveBacklog(doc, options), options);
  const process = ADO_PROCESSES[options.process ?? 'agile'];
  const maxRows = Math.max(2, Math.floor(options.maxRowsPerFile ?? ADO_MAX_ROWS_PER_FILE));
  const { groups, unplaced } = groupByJourney(doc, items);
  const sessionTitle = doc.session.title;
  const describe = itemDescriber({ includeAcceptance: false, sessionTitle }, HTML);

  const childRow = (item: BacklogItem, level: 1 | 2): CsvCell[] => {
    const title = limitTitle(item.title, AZURE_DEVOPS_TITLE_LIMIT);
    return [
      '',
      process.child,
      level === 1 ? title : '',
      level === 2 ? title : '',
      ADO_PRIORITY[item.priority],
      item.labels.join('; '),
      describe(item),
      acceptanceHtml(item.acceptanceCriteria),
    ];
  };

  // Rows are split into files first and rendered only as each file is written (see writeCsv).
  type Row = () => CsvCell[];
  const files: Row[][] = [];
  let current: Row[] = [];
  let continuedEpics = 0;
  const flush = () => {
    if (current.length > 0) files.push(current);
    current = [];
  };

  for (const group of groups) {
    const tags = ['security', `journey-${journeySlug(group.journey)}`];
    if (group.journey.critical) tags.push('critical-journey');
    const parentRow = (continued: boolean): CsvCell[] => [
      '',
      process.parent,
      limitTitle(epicTitle(group.journey.name, continued), AZURE_DEVOPS_TITLE_LIMIT),
      '',
      ADO_PRIORITY[group.priority],
      tags.join('; '),
      renderHtml(journeyBlocks(group.journey, group.items.length)),
      '',
    ];
    const size = 1 + group.items.length;
    if (current.length + size > maxRows && size <= maxRows) flush();
    let next = 0;
    let continued = false;
    let parts = 0;
    while (next < group.items.length) {
      parts++;
      if (maxRows - current.length < 2) flush();
      const room = maxRows - current.length - 1;
      const isContinued = continued;
      current.push(() => parentRow(isContinued));
      for (const item of group.items.slice(next, next + room)) current.push(() => childRow(item, 2));
      next += room;
      continued = true;
    }
    if (parts > 1) continuedEpics++;
  }
  for (const item of unplaced) {
    if (current.length >= maxRows) flush();
    current.push(() => childRow(item, 1));
  }
  flush();
  if (files.length === 0) files.push([]);

  const stats: CsvStats = emptyStats();
  const stem = fileStem(doc);
  const total = files.reduce((sum, rows) => sum + rows.length, 0);
  const out: ExportFile[] = files.map((rows, i) => {
    const written = writeCsv(ADO_HEADER, renderRows(rows, total, stats.rows, options.onProgress));
    stats.rows += written.stats.rows;
    stats.neutralized += written.stats.neutralized;
    stats.truncated += written.stats.truncated;
    stats.altered += written.stats.altered;
    const name = files.length === 1 ? `${stem}-azure-devops.csv` : `${stem}-azure-devops-${i + 1}.csv`;
    return { name, content: written.content, mime: CSV_MIME };
  });
  const notes: string[] = [];
  const splitNote =
    out.length > 1
      ? `Azure DevOps imports at most ${ADO_MAX_ROWS_PER_FILE.toLocaleString('en-US')} work items at a time: import the ${out.length} files one after the other, in their numbered order.`
      : undefined;
  if (splitNote) notes.push(splitNote);
  if (continuedEpics > 0) {
    notes.push(`${plural(continuedEpics, 'journey')} did not fit in one file: ${continuedEpics === 1 ? 'its' : 'their'} Epic is repeated, titled “(continued)”, at the top of the next file.`);
  }
  notes.push(...csvNotes(stats, 'spreadsheet', 'Azure DevOps'));
  const summary = makeSummary('Azure DevOps (CSV)', { items: items.length, files: out, cut: stats.truncated, altered: stats.altered }, notes);
  return { files: out, stats, summary: splitNote ? { ...summary, splitNote } : summary };
}
