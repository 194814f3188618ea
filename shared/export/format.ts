/** What every export format takes and returns, and the grouping they share. */
import { deriveBacklog, oneLine, slugify, type Backlog, type BacklogItem, type Priority } from '../backlog.ts';
import type { Journey, SessionDocument } from '../schema.ts';
import type { CsvStats } from './csv-safety.ts';
import type { ExportSummary } from './summary.ts';

export type AdoProcess = 'agile' | 'scrum' | 'basic';

export interface ExportOptions {
  /** "Today" for overdue reviews and the report's date; defaults to now. */
  now?: Date;
  /** Card id → suggested mitigations, for Decide items (see DeriveOptions). */
  suggestions?: ReadonlyMap<string, readonly string[]>;
  /** A backlog already derived from this document (the UI memoizes one); derived when absent. */
  backlog?: Backlog;
  /** Azure DevOps process whose work item type names to use. Default `agile`. */
  process?: AdoProcess;
  /** Azure DevOps: rows per file (its importer takes at most 1,000 work items at once). */
  maxRowsPerFile?: number;
  /** Markdown report: add an SVG picture of each journey beside the report. Default false. */
  pictures?: boolean;
  /**
   * Told how far the export is: `done` of `total` items (or rows) written. Called every few
   * hundred items, and once with done = total at the end.
   */
  onProgress?(done: number, total: number): void;
  /** Also write the Decide items below the backlog threshold (after the ranked list, as P4). Default false. */
  includeBelowThreshold?: boolean;
  /** Also write the items whose threats are not scored yet (last, as P4). Default false. */
  includeNotScored?: boolean;
}

export interface ExportFile {
  name: string;
  content: string;
  mime: string;
}

export interface ExportResult {
  files: ExportFile[];
  stats: CsvStats;
  /** What the person must know about this export (see summary.ts). */
  summary: ExportSummary;
}

export const CSV_MIME = 'text/csv;charset=utf-8';

export function resolveBacklog(doc: SessionDocument, options: ExportOptions): Backlog {
  return options.backlog ?? deriveBacklog(doc, { ...(options.now ? { now: options.now } : {}), ...(options.suggestions ? { suggestions: options.suggestions } : {}) });
}

/**
 * The items an export writes: the ranked list, then, when asked, the items below the threshold
 * and those not scored yet, numbered on after it. Those extra items are copies with their rank
 * set: the backlog may be the one the app shows, which must not change.
 */
export function exportItems(backlog: Backlog, options: Pick<ExportOptions, 'includeBelowThreshold' | 'includeNotScored'>): BacklogItem[] {
  const below = options.includeBelowThreshold ? backlog.belowThreshold : [];
  const notScored = options.includeNotScored ? backlog.notScored : [];
  if (below.length === 0 && notScored.length === 0) return backlog.items;
  let rank = backlog.items.length;
  const out = backlog.items.slice();
  for (const item of below) out.push({ ...item, rank: ++rank });
  for (const item of notScored) out.push({ ...item, rank: ++rank });
  return out;
}

/** A file name stem from the session title ("Checkout review" → "checkout-review"). */
export function fileStem(doc: SessionDocument): string {
  return slugify(doc.session.title, 60) || 'threatstorm';
}

export function emptyStats(): CsvStats {
  return { rows: 0, neutralized: 0, truncated: 0, altered: 0 };
}

/** Items per progress report: often enough for a moving bar, rarely enough to cost nothing. */
export const PROGRESS_EVERY = 250;

/**
 * Wraps an iterable of rows so that `options.onProgress` hears every `PROGRESS_EVERY` rows and at
 * the end; the rows pass through unchanged.
 */
export function* reportingProgress<T>(rows: Iterable<T>, total: number, options: ExportOptions, offset = 0): Generator<T> {
  const report = options.onProgress;
  if (!report) {
    yield* rows;
    return;
  }
  let done = offset;
  for (const row of rows) {
    yield row;
    if (++done % PROGRESS_EVERY === 0) report(done, total);
  }
  if (done === total) report(done, total);
}

/** A journey's name as a title: one line, whatever line breaks the name holds. */
export function epicTitle(journeyName: string, continued = false): string {
  return `Security: ${oneLine(journeyName)}${continued ? ' (continued)' : ''}`;
}

/** The slug used in `journey-<slug>` labels; the same rule as the backlog's labels. */
export function journeySlug(journey: Pick<Journey, 'id' | 'name'>): string {
  return slugify(journey.name) || slugify(journey.id);
}

export interface JourneyGroup {
  journey: Journey;
  items: BacklogItem[];
  /** The highest priority among its items (P1 beats P2). */
  priority: Priority;
}

/**
 * Items grouped under their primary journey, journeys in document order, items in rank order;
 * items on no journey (unanchored threats, or no threats) are returned apart. Linear time.
 */
export function groupByJourney(doc: SessionDocument, items: readonly BacklogItem[]): { groups: JourneyGroup[]; unplaced: BacklogItem[] } {
  const byJourney = new Map<string, BacklogItem[]>();
  const unplaced: BacklogItem[] = [];
  for (const item of items) {
    const id = item.primaryJourneyId;
    if (id === null) {
      unplaced.push(item);
      continue;
    }
    let list = byJourney.get(id);
    if (!list) byJourney.set(id, (list = []));
    list.push(item);
  }
  const groups: JourneyGroup[] = [];
  for (const journey of doc.journeys) {
    const list = byJourney.get(journey.id);
    if (!list) continue;
    const priority = list.reduce<Priority>((best, item) => (item.priority < best ? item.priority : best), 'P4');
    groups.push({ journey, items: list, priority });
    byJourney.delete(journey.id);
  }
  // A primary journey that is not in doc.journeys cannot happen in a valid document; keep the items.
  for (const list of byJourney.values()) unplaced.push(...list);
  return { groups, unplaced };
}
