/**
 * What a person must know after an export, as data: how many items went into which files, and
 * every change the export made to their text on the way (cells cut, labels shortened, marks added
 * for formula safety). The app shows it as one short block beside the Export button; the CLI
 * prints the same lines on standard error.
 */
import { plural } from '../plural.ts';
import { EXCEL_CELL_LIMIT, TRUNCATION_MARKER, type CellTarget, type CsvStats } from './csv-safety.ts';

export interface ExportSummary {
  /** The format's label ("Jira (CSV, with epics)"). */
  format: string;
  /** What was exported, counted: backlog items, or threats for Threat Composer. */
  items: number;
  itemNoun: string;
  files: string[];
  /** Cells, bodies or texts cut at a tracker's limit. */
  cut: number;
  labelsShortened: number;
  /** Pieces of text that will not arrive exactly as written (a kept `'`, invisible characters). */
  altered: number;
  /** One sentence per thing to know, in the order to read them. */
  notes: string[];
  /** The note (one of `notes`) saying the export is split into several files, if it is. */
  splitNote?: string;
}

export function makeSummary(
  format: string,
  counts: { items: number; itemNoun?: string; files: readonly { name: string }[]; cut?: number; labelsShortened?: number; altered?: number },
  notes: readonly string[],
): ExportSummary {
  return {
    format,
    items: counts.items,
    itemNoun: counts.itemNoun ?? 'backlog item',
    files: counts.files.map((f) => f.name),
    cut: counts.cut ?? 0,
    labelsShortened: counts.labelsShortened ?? 0,
    altered: counts.altered ?? 0,
    notes: [...notes],
  };
}

const SHOWN_FILE_NAMES = 4;

/** The block as lines: a headline, then each note. */
export function summaryLines(summary: ExportSummary): string[] {
  const names = summary.files.slice(0, SHOWN_FILE_NAMES).join(', ') + (summary.files.length > SHOWN_FILE_NAMES ? ', …' : '');
  const headline = `${summary.format}: ${plural(summary.items, summary.itemNoun)} in ${plural(summary.files.length, 'file')} (${names}).`;
  return [headline, ...summary.notes];
}

/** What every CSV format says about its cells, in the words of its tracker. */
export function csvNotes(stats: CsvStats, target: CellTarget, tracker: string): string[] {
  const notes: string[] = [];
  if (target === 'linear') {
    if (stats.neutralized > 0) {
      notes.push(
        `${plural(stats.neutralized, 'cell')} ${stats.neutralized === 1 ? 'starts' : 'start'} with = + - @ or the like: made safe for spreadsheets in a way Linear’s importer undoes.`,
      );
    }
    if (stats.altered > 0) {
      notes.push(
        `${plural(stats.altered, 'cell')} ${stats.altered === 1 ? 'differs' : 'differ'} only in invisible characters (added or dropped at the start) so that Linear keeps ${stats.altered === 1 ? 'it' : 'them'} exactly as typed.`,
      );
    }
  } else if (stats.neutralized > 0) {
    notes.push(
      `${plural(stats.neutralized, 'cell')} ${stats.neutralized === 1 ? 'starts' : 'start'} with = + - or @: ${stats.neutralized === 1 ? 'it begins' : 'they begin'} with ' so a spreadsheet shows ${stats.neutralized === 1 ? 'it' : 'them'} as text${tracker ? ` (${tracker} keeps the ')` : ''}.`,
    );
  }
  if (stats.truncated > 0) {
    notes.push(
      `${plural(stats.truncated, 'cell')} longer than ${EXCEL_CELL_LIMIT.toLocaleString('en-US')} characters ${stats.truncated === 1 ? 'was' : 'were'} cut, ending in “${TRUNCATION_MARKER}”.`,
    );
  }
  return notes;
}
