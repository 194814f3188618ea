/**
 * Generic CSV for spreadsheets and any tracker with a column-mapping importer.
 *
 * Columns: `ID, Parent ID, Type, Journey, Step, Title, Priority, Rank, Risk, Labels, Description,
 * Acceptance Criteria, Status, Owner`. Journey rows (Type "Journey", ID `journey:<id>`) come first,
 * then items in rank order with `Parent ID` pointing at their journey row. Item IDs are the
 * backlog keys (`mitigation:<id>`, `decide:<threatId>`), stable across exports, so a re-export
 * can be matched against an earlier one. UTF-8 with a BOM so Excel reads non-ASCII text correctly.
 */
import { ITEM_STATUS_LABELS } from '../backlog.ts';
import type { SessionDocument } from '../schema.ts';
import { writeCsv, type CsvCell } from './csv-safety.ts';
import { itemDescriber, journeyBlocks, PLAIN, plainBullets, renderPlain } from './description.ts';
import { oneLine } from '../backlog.ts';
import { CSV_MIME, exportItems, fileStem, groupByJourney, journeySlug, reportingProgress, resolveBacklog, type ExportOptions, type ExportResult } from './format.ts';
import { csvNotes, makeSummary } from './summary.ts';

export const GENERIC_HEADER = [
  'ID',
  'Parent ID',
  'Type',
  'Journey',
  'Step',
  'Title',
  'Priority',
  'Rank',
  'Risk',
  'Labels',
  'Description',
  'Acceptance Criteria',
  'Status',
  'Owner',
] as const;

export function exportGenericCsv(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const items = exportItems(resolveBacklog(doc, options), options);
  const { groups } = groupByJourney(doc, items);
  const sessionTitle = doc.session.title;
  const describe = itemDescriber({ includeAcceptance: false, sessionTitle }, PLAIN);
  // Rows are rendered as they are written (see writeCsv).
  function* rows(): Generator<CsvCell[]> {
    for (const group of groups) {
      const labels = ['security', `journey-${journeySlug(group.journey)}`];
      if (group.journey.critical) labels.push('critical-journey');
      const name = oneLine(group.journey.name);
      yield [
        `journey:${group.journey.id}`,
        '',
        'Journey',
        name,
        '',
        name,
        group.priority,
        '',
        '',
        labels.join(', '),
        renderPlain(journeyBlocks(group.journey, group.items.length)),
        '',
        '',
        '',
      ];
    }
    for (const item of items) {
      yield [
        item.key,
        item.primaryJourneyId !== null ? `journey:${item.primaryJourneyId}` : '',
        item.kind === 'decide' ? 'Decision' : 'Mitigation',
        item.journeys.map((j) => j.name).join('; '),
        item.places.map((p) => p.label).join('; '),
        item.title,
        item.priority,
        item.rank,
        item.risk,
        item.labels.join(', '),
        describe(item),
        plainBullets(item.acceptanceCriteria),
        ITEM_STATUS_LABELS[item.status],
        item.owner,
      ];
    }
  }
  const { content, stats } = writeCsv(GENERIC_HEADER, reportingProgress(rows(), groups.length + items.length, options), { bom: true });
  const files = [{ name: `${fileStem(doc)}-backlog.csv`, content, mime: CSV_MIME }];
  return { files, stats, summary: makeSummary('Generic CSV', { items: items.length, files, cut: stats.truncated, altered: stats.altered }, csvNotes(stats, 'spreadsheet', '')) };
}
