/**
 * Jira CSV for the admin importer ("External system import → CSV") and, flat, for the
 * non-admin importer.
 *
 * Columns: `Issue ID, Issue Type, Summary, Priority, Labels, Labels, …, Description, Parent`.
 * - Journeys become Epics and items Stories ("Decide" items Tasks); all Epics come first, so every
 *   parent row precedes its children. `Issue ID` is a row number used only to link `Parent` to the
 *   parent row's Issue ID during the import.
 * - Jira takes several labels from repeated `Labels` columns, one label per column; labels cannot
 *   hold spaces, so they are slugs (`journey-checkout`, `severity-high`, `stride-spoofing`).
 * - Priority names are Jira's defaults: P1 Highest, P2 High, P3 Medium, P4 Low.
 * - Descriptions are Jira wiki markup (`h3.` headings, `*` bullets) with all user text escaped.
 * The flat variant drops Epics, `Issue ID` and `Parent`; the journey is still a label.
 */
import type { BacklogItem, Priority } from '../backlog.ts';
import type { SessionDocument } from '../schema.ts';
import { writeCsv, type CsvCell, type CsvStats } from './csv-safety.ts';
import { plural } from '../plural.ts';
import { itemDescriber, JIRA_WIKI, journeyBlocks, renderJiraWiki } from './description.ts';
import { CSV_MIME, epicTitle, exportItems, fileStem, groupByJourney, journeySlug, reportingProgress, resolveBacklog, type ExportOptions, type ExportResult } from './format.ts';
import { csvNotes, makeSummary } from './summary.ts';
import { JIRA_SUMMARY_LIMIT, limitTitle } from './tracker-limits.ts';

const summaryOf = (title: string) => limitTitle(title, JIRA_SUMMARY_LIMIT);

export const JIRA_PRIORITIES: Readonly<Record<Priority, string>> = { P1: 'Highest', P2: 'High', P3: 'Medium', P4: 'Low' };

function issueType(item: BacklogItem): string {
  return item.kind === 'decide' ? 'Task' : 'Story';
}

function labelColumns(count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, () => 'Labels');
}

function padLabels(labels: readonly string[], count: number): string[] {
  const out = labels.slice(0, count);
  while (out.length < count) out.push('');
  return out;
}

function jiraNotes(stats: CsvStats, epics: number): string[] {
  const notes = epics > 0 ? [`${plural(epics, 'journey')} ${epics === 1 ? 'becomes an Epic' : 'become Epics'}; import with the admin CSV importer so Parent links the items to ${epics === 1 ? 'it' : 'them'}.`] : [];
  return [...notes, ...csvNotes(stats, 'spreadsheet', 'Jira')];
}

export function exportJira(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const items = exportItems(resolveBacklog(doc, options), options);
  const { groups } = groupByJourney(doc, items);
  const sessionTitle = doc.session.title;

  const epicLabels = new Map<string, string[]>();
  for (const group of groups) {
    const labels = ['security', `journey-${journeySlug(group.journey)}`];
    if (group.journey.critical) labels.push('critical-journey');
    epicLabels.set(group.journey.id, labels);
  }
  let labelCount = 1;
  for (const labels of epicLabels.values()) labelCount = Math.max(labelCount, labels.length);
  for (const item of items) labelCount = Math.max(labelCount, item.labels.length);

  const header = ['Issue ID', 'Issue Type', 'Summary', 'Priority', ...labelColumns(labelCount), 'Description', 'Parent'];
  const describe = itemDescriber({ includeAcceptance: true, sessionTitle }, JIRA_WIKI);
  // Rows are rendered as they are written (see writeCsv).
  function* rows(): Generator<CsvCell[]> {
    let nextId = 1;
    const epicIds = new Map<string, number>();
    for (const group of groups) {
      const id = nextId++;
      epicIds.set(group.journey.id, id);
      yield [
        id,
        'Epic',
        summaryOf(epicTitle(group.journey.name)),
        JIRA_PRIORITIES[group.priority],
        ...padLabels(epicLabels.get(group.journey.id) ?? [], labelCount),
        renderJiraWiki(journeyBlocks(group.journey, group.items.length)),
        '',
      ];
    }
    // Children in rank order (the order teams will work in), each pointing at its Epic; items on
    // no journey have no Parent.
    for (const item of items) {
      const parent = item.primaryJourneyId !== null ? epicIds.get(item.primaryJourneyId) : undefined;
      yield [
        nextId++,
        issueType(item),
        summaryOf(item.title),
        JIRA_PRIORITIES[item.priority],
        ...padLabels(item.labels, labelCount),
        describe(item),
        parent ?? '',
      ];
    }
  }
  const { content, stats } = writeCsv(header, reportingProgress(rows(), groups.length + items.length, options));
  const files = [{ name: `${fileStem(doc)}-jira.csv`, content, mime: CSV_MIME }];
  return { files, stats, summary: makeSummary('Jira (CSV, with epics)', { items: items.length, files, cut: stats.truncated, altered: stats.altered }, jiraNotes(stats, groups.length)) };
}

export function exportJiraFlat(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const items = exportItems(resolveBacklog(doc, options), options);
  const sessionTitle = doc.session.title;
  const labelCount = items.reduce((max, item) => Math.max(max, item.labels.length), 1);
  const header = ['Summary', 'Issue Type', 'Priority', ...labelColumns(labelCount), 'Description'];
  const describe = itemDescriber({ includeAcceptance: true, sessionTitle }, JIRA_WIKI);
  function* rows(): Generator<CsvCell[]> {
    for (const item of items) {
      yield [
        summaryOf(item.title),
        issueType(item),
        JIRA_PRIORITIES[item.priority],
        ...padLabels(item.labels, labelCount),
        describe(item),
      ];
    }
  }
  const { content, stats } = writeCsv(header, reportingProgress(rows(), items.length, options));
  const files = [{ name: `${fileStem(doc)}-jira-flat.csv`, content, mime: CSV_MIME }];
  return { files, stats, summary: makeSummary('Jira (CSV, flat)', { items: items.length, files, cut: stats.truncated, altered: stats.altered }, jiraNotes(stats, 0)) };
}
