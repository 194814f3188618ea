/**
 * Formula-safe, RFC 4180 CSV for every CSV export.
 *
 * Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell as a formula when it starts with
 * `=`, `+`, `-` or `@`; tab and carriage return are on OWASP's list too because some importers
 * strip them and then see the formula. Following OWASP's CSV-injection guidance we prefix such a
 * cell with `'`, which spreadsheets show as text, and otherwise leave the text alone so it survives
 * a round trip through a real CSV parser (with the `'` added).
 *
 * Decisions beyond the basic list:
 * - Leading whitespace and invisible characters (space, NBSP, newline, BOM/ZWNBSP, zero-width
 *   spaces) before a trigger count too: some import paths trim them ("Trim spaces" in LibreOffice,
 *   Sheets' paste), and then ` =HYPERLINK(…)` is a formula again. Prefixing costs nothing here.
 * - Full-width `＝ ＋ － ＠` count too: Excel on East-Asian input settings can treat them as the
 *   ASCII characters.
 * - Multi-line values: only the first character of the *cell* matters to a spreadsheet (a quoted
 *   cell with line breaks is one cell), so "ok\n=1+1" is left alone while "=1+1\nok" is
 *   neutralized. This relies on RFC 4180 quoting of any value holding `\r` or `\n` (see
 *   `csvField`). Our own templates still avoid lines starting with `-` (bullets are `* `).
 * - The UTF-8 BOM is a property of the file, not of the first cell: the first cell is checked like
 *   any other, so a file never begins with BOM + formula.
 * - Excel holds at most 32,767 characters in a cell (and Jira/ADO importers choke on more). Longer
 *   cells are cut to fit *including* the `'` and the visible "…[truncated]" marker, never in the
 *   middle of a character (a surrogate pair or a grapheme cluster such as 👩‍💻 or é as e + ◌́).
 *
 * Per target, because each importer treats the `'` differently (`CellTarget`):
 * - `spreadsheet` (Jira, Azure DevOps, generic CSV, the audit log): the `'` stays in the cell; Jira
 *   and Azure DevOps import it as part of the text. That is the price of a file that is also safe
 *   to open in a spreadsheet, and the export summary says how many cells carry it.
 * - `linear`: Linear's CSV importer (`@linear/import` 3.2.14, `stripLeadingSingleQuote`) removes a
 *   leading `'` only before one of `+ - = @ ∑ √ ∏ < > ＜ ＞ ≤ ≥ ＝ ≠ ± ÷ ×`, and its CSV parser
 *   (csvtojson) trims whitespace around every cell. So, for the text to arrive exactly as written:
 *   - a trigger in that list gets the `'`, which Linear removes again;
 *   - a full-width `＋ － ＠` (Linear keeps a `'` before them) gets an invisible WORD JOINER
 *     (U+2060) in front instead: no spreadsheet takes U+2060 + `＋` for a formula;
 *   - invisible characters and whitespace before a trigger are dropped, then the trigger is
 *     treated as above (the text reads the same; only invisible characters change);
 *   - text that really starts with `'` + one of Linear's symbols (`'+1' votes…`) would lose its `'`
 *     in Linear: it gets the WORD JOINER in front, so Linear keeps the `'`.
 *   Each of these is counted (`altered` counts the cells whose characters change at all).
 *
 * The CSV text itself is written here, not by csv-stringify (which this module used before):
 * the rules are four (quote a field holding `"`, `,`, CR or LF; double its quotes; CRLF after
 * every record; nothing else), and once descriptions and the backlog were cheap, csv-stringify
 * was the largest single cost of exporting 5,000 items. Per field it allocates a context object
 * and tuples, and its check for the two-character record delimiter
 * (`(value + "\r\n").indexOf("\r\n")`) copies every field: with its record join, two more
 * copies of a 13 MB (UTF-16) text. Writing the same 5,000 Jira rows took 36–40 ms through it and
 * takes 18–20 ms here. The unit tests compare the output with csv-stringify's on generated
 * records, so the two stay byte for byte the same.
 */

export const EXCEL_CELL_LIMIT = 32_767;
export const TRUNCATION_MARKER = '…[truncated]';
export const UTF8_BOM = '\uFEFF';

export interface CsvStats {
  /** Data rows written (not counting the header). */
  rows: number;
  /** Cells that could be taken for a formula and were made safe. */
  neutralized: number;
  /** Cells cut at the cell limit. */
  truncated: number;
  /**
   * Cells whose text will not arrive in the tracker exactly as written: the `'` a spreadsheet
   * target keeps, or invisible characters added or dropped for Linear. 0 for Linear's `'`, which
   * its importer removes again.
   */
  altered: number;
}

/** Who reads the cells: see "Per target" above. */
export type CellTarget = 'spreadsheet' | 'linear';

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
/** Whitespace and invisible characters an importer may skip before looking at the first character. */
const SKIPPABLE = /^[\s\uFEFF\u200B-\u200D\u2060\u00A0]*/u;

/** True when a spreadsheet could take this cell for a formula. */
const STARTS_SKIPPABLE = /^[\s\uFEFF\u200B-\u200D\u2060\u00A0]/u;

export function isFormulaLike(value: string): boolean {
  if (value.length === 0) return false;
  if (TRIGGERS.has(value[0]!)) return true;
  if (!STARTS_SKIPPABLE.test(value)) return false;
  const skipped = SKIPPABLE.exec(value)![0].length;
  return skipped > 0 && skipped < value.length && TRIGGERS.has(value[skipped]!);
}

export function neutralizeCell(value: string): { value: string; neutralized: boolean } {
  return isFormulaLike(value) ? { value: `'${value}`, neutralized: true } : { value, neutralized: false };
}

let graphemes: Intl.Segmenter | undefined;

/**
 * The largest index ≤ `end` at which `text` can be cut without splitting a character: not inside
 * a surrogate pair, and not inside a grapheme cluster (emoji sequences, letters with combining
 * marks). Only a window before `end` is segmented, so cutting a 50,000-character cell stays cheap;
 * a cluster longer than the window (64 code units) is cut between its code points.
 */
export function characterBoundary(text: string, end: number): number {
  if (end >= text.length) return text.length;
  if (end <= 0) return 0;
  const from = Math.max(0, end - 64);
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let boundary = from;
  for (const { index } of graphemes.segment(text.slice(from, Math.min(text.length, end + 64)))) {
    if (from + index > end) break;
    boundary = from + index;
  }
  const before = text.charCodeAt(boundary - 1);
  if (boundary > 0 && before >= 0xd800 && before <= 0xdbff) boundary -= 1;
  return boundary;
}

/** `text` cut to at most `limit` code units, ending in `marker`, never inside a character. */
export function cutText(text: string, limit: number, marker = TRUNCATION_MARKER): string {
  if (text.length <= limit) return text;
  return text.slice(0, characterBoundary(text, Math.max(0, limit - marker.length))) + marker;
}

export function limitCell(value: string, limit = EXCEL_CELL_LIMIT): { value: string; truncated: boolean } {
  if (value.length <= limit) return { value, truncated: false };
  return { value: cutText(value, limit), truncated: true };
}

/** Neutralizes then limits one cell, counting both into `stats`. */
export function safeCell(value: string | number | null | undefined, stats: CsvStats): string {
  // The same as neutralizeCell then limitCell, without their result objects (100,000 cells).
  let text = value === null || value === undefined ? '' : String(value);
  if (isFormulaLike(text)) {
    text = `'${text}`;
    stats.neutralized++;
    stats.altered++;
  }
  if (text.length > EXCEL_CELL_LIMIT) {
    text = limitCell(text).value;
    stats.truncated++;
  }
  return text;
}

/** The characters before which Linear's importer removes a leading `'` (see "Per target"). */
const LINEAR_UNQUOTED = new Set(['+', '-', '=', '@', '∑', '√', '∏', '<', '>', '＜', '＞', '≤', '≥', '＝', '≠', '±', '÷', '×']);
export const WORD_JOINER = '\u2060';

/**
 * One cell for Linear's CSV importer: formula-safe in a spreadsheet, and read back by Linear as
 * exactly the text written (up to invisible characters), see "Per target".
 */
export function neutralizeForLinear(value: string): { value: string; neutralized: boolean; altered: boolean } {
  if (value.charCodeAt(0) === 0x27 /* ' */ && LINEAR_UNQUOTED.has(value[1] ?? '')) {
    return { value: WORD_JOINER + value, neutralized: false, altered: true };
  }
  if (!isFormulaLike(value)) return { value, neutralized: false, altered: false };
  const rest = value.slice(SKIPPABLE.exec(value)![0].length);
  const dropped = rest.length < value.length;
  if (!isFormulaLike(rest)) return { value: rest, neutralized: true, altered: true };
  if (LINEAR_UNQUOTED.has(rest[0]!)) return { value: `'${rest}`, neutralized: true, altered: dropped };
  return { value: WORD_JOINER + rest, neutralized: true, altered: true };
}

/** `safeCell` for Linear's importer. */
export function safeLinearCell(value: string | number | null | undefined, stats: CsvStats): string {
  let text = value === null || value === undefined ? '' : String(value);
  const first = text.charCodeAt(0);
  // Most cells start with a letter: skip the checks then.
  if (first === 0x27 || isFormulaLike(text)) {
    const safe = neutralizeForLinear(text);
    text = safe.value;
    if (safe.neutralized) stats.neutralized++;
    if (safe.altered) stats.altered++;
  }
  if (text.length > EXCEL_CELL_LIMIT) {
    text = limitCell(text).value;
    stats.truncated++;
  }
  return text;
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One RFC 4180 field: quoted when it holds a quote, comma, CR or LF, inner quotes doubled. */
export function csvField(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.includes('"') ? value.replace(QUOTE, '""') : value}"`;
}

export type CsvCell = string | number | null | undefined;

export interface WriteCsvOptions {
  /** Prefix a UTF-8 byte-order mark so Excel reads the file as UTF-8. */
  bom?: boolean;
  /** Whose importer reads the cells (default `spreadsheet`). */
  target?: CellTarget;
}

/** Records per chunk of text (see `writeCsv`). */
export const CSV_CHUNK_ROWS = 256;

/**
 * Writes header + rows as RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma,
 * quote, CR or LF, inner quotes doubled. Every cell (header included) goes through `safeCell`.
 *
 * `rows` may be any iterable, and is read once, in order: exports pass a generator that renders
 * each row (its description) only when it is written. Every `CSV_CHUNK_ROWS` records the pieces
 * are joined into one chunk of text, and the chunks once at the end, so a row's cells (kilobytes
 * of description each) become garbage while still young instead of all 5,000 living until the
 * whole file is written; the young-generation collector would copy them, as it copies chunks
 * of a few dozen rows, while chunks of 256 rows (hundreds of KB) are allocated outside it.
 */
export function writeCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: WriteCsvOptions = {},
): { content: string; stats: CsvStats } {
  const stats: CsvStats = { rows: 0, neutralized: 0, truncated: 0, altered: 0 };
  const safe = options.target === 'linear' ? safeLinearCell : safeCell;
  const chunks: string[] = [];
  if (options.bom) chunks.push(UTF8_BOM);
  let pieces: string[] = [];
  writeRecord(header, stats, pieces, safe);
  let records = 1;
  for (const row of rows) {
    stats.rows++;
    writeRecord(row, stats, pieces, safe);
    if (++records === CSV_CHUNK_ROWS) {
      chunks.push(pieces.join(''));
      pieces = [];
      records = 0;
    }
  }
  if (pieces.length > 0) chunks.push(pieces.join(''));
  return { content: chunks.join(''), stats };
}

function writeRecord(row: readonly CsvCell[], stats: CsvStats, pieces: string[], safe: typeof safeCell): void {
  for (let j = 0; j < row.length; j++) {
    if (j > 0) pieces.push(',');
    pieces.push(csvField(safe(row[j], stats)));
  }
  pieces.push('\r\n');
}
