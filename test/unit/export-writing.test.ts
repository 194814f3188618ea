/**
 * The fast paths of exporting must write exactly what the plain ones write: the CSV writer what
 * csv-stringify writes, and a describer (memos per export) what rendering each item's blocks
 * writes.
 */
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveBacklog, type BacklogItem } from '../../shared/backlog.ts';
import {
  CSV_CHUNK_ROWS,
  csvField,
  safeCell,
  UTF8_BOM,
  writeCsv,
  type CsvCell,
  type CsvStats,
} from '../../shared/export/csv-safety.ts';
import {
  HTML,
  itemBlocks,
  itemDescriber,
  JIRA_WIKI,
  markdownMarkup,
  PLAIN,
  renderHtml,
  renderJiraWiki,
  renderMarkdown,
  renderPlain,
  type Block,
  type DescriptionOptions,
  type Markup,
} from '../../shared/export/description.ts';
import { workloadSession } from '../../tools/sample-sessions.ts';
import { checkoutSession, hostileSession } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

/** Characters that matter to CSV, formulas, markup and whitespace handling, plus ordinary text. */
const CHARS = ['a', 'Z', '1', ' ', '  ', ',', '"', "'", '\r', '\n', '\r\n', '\t', '=', '+', '-', '@', '\uFEFF', '\u00A0', '\u200B', '＝', 'é', '😀', '…', '*', '#', '<', '&', '|'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((parts) => parts.join(''));
const cell: fc.Arbitrary<CsvCell> = fc.oneof(text, text, fc.integer({ min: -50, max: 50 }), fc.constant(null), fc.constant(undefined));

/** What writeCsv wrote when it handed the safe cells to csv-stringify (before 2026-11). */
function viaCsvStringify(header: readonly string[], rows: readonly (readonly CsvCell[])[], bom = false): { content: string; stats: CsvStats } {
  const stats: CsvStats = { rows: rows.length, neutralized: 0, truncated: 0, altered: 0 };
  const records = [header, ...rows].map((row) => row.map((value) => safeCell(value as string | number | null | undefined, stats)));
  const body = stringify(records, { record_delimiter: '\r\n', quote_record_delimiter: true, eof: true });
  return { content: (bom ? UTF8_BOM : '') + body, stats };
}

describe('csvField', () => {
  it('leaves plain text alone and quotes text holding a quote, comma, CR or LF', () => {
    expect(csvField('plain text; with: punctuation')).toBe('plain text; with: punctuation');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
  });
});

describe('writeCsv', () => {
  it('writes byte for byte what csv-stringify writes for the same safe cells', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 8 }), fc.boolean(), (header, rows, bom) => {
        expect(writeCsv(header, rows, { bom })).toEqual(viaCsvStringify(header, rows, bom));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the rows once from any iterable, across chunk boundaries', () => {
    const rows = Array.from({ length: CSV_CHUNK_ROWS * 2 + 3 }, (_, i) => [`row ${i}`, i % 3 ? `multi\nline "${i}"` : `=${i}`, i]);
    let reads = 0;
    function* generate(): Generator<CsvCell[]> {
      for (const row of rows) {
        reads++;
        yield row;
      }
    }
    expect(writeCsv(['A', 'B', 'C'], generate(), { bom: true })).toEqual(viaCsvStringify(['A', 'B', 'C'], rows, true));
    expect(reads).toBe(rows.length);
  });
});

describe('itemDescriber', () => {
  const sessions = {
    checkout: checkoutSession(),
    hostile: hostileSession(),
    workload: workloadSession({ steps: 40, threats: 160, outcomes: 70, mitigations: 90 }, 3),
  };
  const markups: [string, Markup, (blocks: Block[]) => string][] = [
    ['Jira wiki', JIRA_WIKI, renderJiraWiki],
    ['HTML', HTML, renderHtml],
    ['plain text', PLAIN, renderPlain],
    ['Markdown', markdownMarkup(), (blocks) => renderMarkdown(blocks)],
    ['Markdown with * bullets', markdownMarkup({ bullet: '*', headingLevel: 2 }), (blocks) => renderMarkdown(blocks, { bullet: '*', headingLevel: 2 })],
  ];

  for (const [session, doc] of Object.entries(sessions)) {
    for (const [name, markup, render] of markups) {
      it(`writes what rendering each item's blocks writes (${session}, ${name})`, () => {
        const items: BacklogItem[] = deriveBacklog(doc, { now: NOW }).items;
        expect(items.length).toBeGreaterThan(0);
        for (const includeAcceptance of [true, false]) {
          const options: DescriptionOptions = { includeAcceptance, sessionTitle: doc.session.title };
          const describe = itemDescriber(options, markup);
          // Twice over: the second pass answers from the memos.
          for (let pass = 0; pass < 2; pass++) {
            for (const item of items) {
              const expected = render(itemBlocks(item, options));
              expect(describe(item)).toBe(expected);
            }
          }
        }
      });
    }
  }
});
