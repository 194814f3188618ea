/**
 * Linear CSV: `Title, Description, Priority, Labels, Status`.
 * - Description is Markdown (escaped user text; acceptance criteria as a `* [ ]` checklist; `*`
 *   bullets so no line of the cell starts with `-`).
 * - Priority uses Linear's names: P1 Urgent, P2 High, P3 Medium, P4 Low.
 * - Labels are comma-separated in one cell (slugs, so no label holds a comma).
 * - Status maps to Linear's default workflow states: proposed and to-decide → Backlog,
 *   planned → Todo, in-progress → In Progress (done/won't-do items are not exported).
 * - Cells are made formula-safe the way Linear's importer undoes (csv-safety.ts, target `linear`),
 *   so titles arrive exactly as written. Titles are not cut: Linear documents no title limit
 *   (tracker-limits.ts).
 */
import type { BacklogItemStatus, Priority } from '../backlog.ts';
import type { SessionDocument } from '../schema.ts';
import { writeCsv, type CsvCell } from './csv-safety.ts';
import { itemDescriber, markdownMarkup } from './description.ts';
import { CSV_MIME, exportItems, fileStem, reportingProgress, resolveBacklog, type ExportOptions, type ExportResult } from './format.ts';
import { csvNotes, makeSummary } from './summary.ts';

export const LINEAR_HEADER = ['Title', 'Description', 'Priority', 'Labels', 'Status'] as const;
export const LINEAR_PRIORITIES: Readonly<Record<Priority, string>> = { P1: 'Urgent', P2: 'High', P3: 'Medium', P4: 'Low' };
export const LINEAR_STATUSES: Readonly<Record<BacklogItemStatus, string>> = {
  'to-decide': 'Backlog',
  proposed: 'Backlog',
  planned: 'Todo',
  'in-progress': 'In Progress',
  done: 'Done',
  'wont-do': 'Canceled',
};

export function exportLinear(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const items = exportItems(resolveBacklog(doc, options), options);
  const sessionTitle = doc.session.title;
  const describe = itemDescriber({ includeAcceptance: true, sessionTitle }, markdownMarkup({ bullet: '*' }));
  // Rows are rendered as they are written (see writeCsv).
  function* rows(): Generator<CsvCell[]> {
    for (const item of items) {
      yield [
        item.title,
        describe(item),
        LINEAR_PRIORITIES[item.priority],
        item.labels.join(', '),
        LINEAR_STATUSES[item.status],
      ];
    }
  }
  const { content, stats } = writeCsv(LINEAR_HEADER, reportingProgress(rows(), items.length, options), { target: 'linear' });
  const files = [{ name: `${fileStem(doc)}-linear.csv`, content, mime: CSV_MIME }];
  return { files, stats, summary: makeSummary('Linear (CSV)', { items: items.length, files, cut: stats.truncated, altered: stats.altered }, csvNotes(stats, 'linear', 'Linear')) };
}
