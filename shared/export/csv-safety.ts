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
 *   neutralized. This relies on RFC 4180 quoting, which csv-stringify does for any value holding
 *   `\r` or `\n` (we set `quote_record_delimiter`, which it turns off when a record delimiter is
 *   given). Our own templates still avoid lines starting with `-` (bullets are `* `).
 * - The UTF-8 BOM is a property of the file, not of the first cell: the first cell is checked like
 *   any other, so a file never begins with BOM + formula.
 * - Excel holds at most 32,767 characters in a cell (and Jira/ADO importers choke on more). Longer
 *   cells are cut to fit *including* the `'` and the visible "…[truncated]" marker, never in the
 *   middle of a surrogate pair.
 *
 * csv-stringify is imported through its self-contained browser build: its Node build touches
 * `Buffer` when loaded, which does not exist in the renderer. The same bundle runs in Node.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';

export const EXCEL_CELL_LIMIT = 32_767;
export const TRUNCATION_MARKER = '…[truncated]';
export const UTF8_BOM = '\uFEFF';

export interface CsvStats {
  /** Data rows written (not counting the header). */
  rows: number;
  neutralized: number;
  truncated: number;
}

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

export function limitCell(value: string, limit = EXCEL_CELL_LIMIT): { value: string; truncated: boolean } {
  if (value.length <= limit) return { value, truncated: false };
  let end = limit - TRUNCATION_MARKER.length;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // do not split a surrogate pair
  return { value: value.slice(0, end) + TRUNCATION_MARKER, truncated: true };
}

/** Neutralizes then limits one cell, counting both into `stats`. */
export function safeCell(value: string | number | null | undefined, stats: CsvStats): string {
  const text = value === null || value === undefined ? '' : String(value);
  const neutral = neutralizeCell(text);
  if (neutral.neutralized) stats.neutralized++;
  const limited = limitCell(neutral.value);
  if (limited.truncated) stats.truncated++;
  return limited.value;
}

export type CsvCell = string | number | null | undefined;

export interface WriteCsvOptions {
  /** Prefix a UTF-8 byte-order mark so Excel reads the file as UTF-8. */
  bom?: boolean;
}

/**
 * Writes header + rows as RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma,
 * quote, CR or LF, inner quotes doubled. Every cell (header included) goes through `safeCell`.
 */
export function writeCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: WriteCsvOptions = {},
): { content: string; stats: CsvStats } {
  const stats: CsvStats = { rows: rows.length, neutralized: 0, truncated: 0 };
  const records: string[][] = new Array<string[]>(rows.length + 1);
  records[0] = header.map((cell) => safeCell(cell, stats));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const out = new Array<string>(row.length);
    for (let j = 0; j < row.length; j++) out[j] = safeCell(row[j], stats);
    records[i + 1] = out;
  }
  const body = stringify(records, { record_delimiter: '\r\n', quote_record_delimiter: true, eof: true });
  return { content: (options.bom ? UTF8_BOM : '') + body, stats };
}
