import { describe, expect, it } from 'vitest';
import {
  characterBoundary,
  cutText,
  EXCEL_CELL_LIMIT,
  isFormulaLike,
  limitCell,
  neutralizeCell,
  neutralizeForLinear,
  TRUNCATION_MARKER,
  UTF8_BOM,
  WORD_JOINER,
  writeCsv,
} from '../../shared/export/csv-safety.ts';
import { cellsStartingWithTrigger, parseCsv } from './export-fixture.ts';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

describe('formula neutralization', () => {
  it.each(TRIGGERS)('prefixes a cell starting with %j', (trigger) => {
    const value = `${trigger}1+1`;
    expect(neutralizeCell(value)).toEqual({ value: `'${value}`, neutralized: true });
  });

  it.each(TRIGGERS)('prefixes a multi-line cell whose first line starts with %j', (trigger) => {
    const value = `${trigger}cmd|' /C calc'!A0\nsecond line\r\nthird`;
    expect(neutralizeCell(value).value).toBe(`'${value}`);
  });

  it('looks past leading whitespace and invisible characters', () => {
    for (const lead of [' ', '  ', '\n', '\u00A0', '\uFEFF', '\u200B', ' \n ']) {
      expect(isFormulaLike(`${lead}=HYPERLINK("x")`), JSON.stringify(lead)).toBe(true);
    }
    expect(isFormulaLike('   ')).toBe(false);
    expect(isFormulaLike(' plain')).toBe(false);
  });

  it('treats full-width triggers like ASCII ones', () => {
    for (const c of ['\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) expect(isFormulaLike(`${c}1`)).toBe(true);
  });

  it('leaves safe cells alone, including triggers after the first character or on later lines', () => {
    for (const value of ['', 'plain', 'a=b', 'e-mail', 'x@y.z', '* bullet', 'line one\n=2+2', 'ok\n-dash', "'already"]) {
      expect(neutralizeCell(value), JSON.stringify(value)).toEqual({ value, neutralized: false });
    }
  });
});

describe('cell length limit', () => {
  it('cuts cells over 32,767 characters with a visible marker, total within the limit', () => {
    const long = 'x'.repeat(40_000);
    const { value, truncated } = limitCell(long);
    expect(truncated).toBe(true);
    expect(value).toHaveLength(EXCEL_CELL_LIMIT);
    expect(value.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(limitCell('x'.repeat(EXCEL_CELL_LIMIT))).toEqual({ value: 'x'.repeat(EXCEL_CELL_LIMIT), truncated: false });
  });

  it('never splits a surrogate pair', () => {
    const cut = EXCEL_CELL_LIMIT - TRUNCATION_MARKER.length;
    const long = `${'a'.repeat(cut - 1)}😀${'b'.repeat(100)}`;
    const { value } = limitCell(long);
    expect(value).toBe(`${'a'.repeat(cut - 1)}${TRUNCATION_MARKER}`);
    expect(value.length).toBeLessThanOrEqual(EXCEL_CELL_LIMIT);
  });
});

describe('cutting text', () => {
  it('never cuts inside a grapheme cluster: emoji sequences, flags, combining marks', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 code units, one character
    const text = `ab${family}cd`;
    for (let end = 3; end < 2 + family.length; end++) expect(characterBoundary(text, end)).toBe(2);
    expect(characterBoundary(text, 2 + family.length)).toBe(2 + family.length);
    expect(characterBoundary('e\u0301e\u0301', 1)).toBe(0);
    expect(characterBoundary('🇩🇪🇫🇷', 3)).toBe(0);
    expect(cutText(`${'x'.repeat(10)}${family}`, 15, '…')).toBe(`${'x'.repeat(10)}…`);
    expect(cutText('short', 15)).toBe('short');
  });

  it('cuts a huge cell near its end cheaply and keeps the result well-formed', () => {
    const long = `${'😀'.repeat(30_000)}`;
    const { value } = limitCell(long);
    expect(value.length).toBeLessThanOrEqual(EXCEL_CELL_LIMIT);
    expect(value.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(() => encodeURIComponent(value)).not.toThrow();
  });
});

describe('neutralizing for Linear’s importer', () => {
  // Linear's importer removes a leading ' only before these (stripLeadingSingleQuote).
  const UNQUOTED = ['=', '+', '-', '@', '＝', '<', '>', '≤', '∑', '×'];

  it.each(UNQUOTED.filter((c) => isFormulaLike(`${c}1`)))('quotes %j, which Linear unquotes again', (c) => {
    expect(neutralizeForLinear(`${c}1+1`)).toEqual({ value: `'${c}1+1`, neutralized: true, altered: false });
  });

  it('puts a word joiner before full-width ＋ － ＠, whose quote Linear would keep', () => {
    for (const c of ['＋', '－', '＠']) expect(neutralizeForLinear(`${c}1 votes`)).toEqual({ value: `${WORD_JOINER}${c}1 votes`, neutralized: true, altered: true });
  });

  it('drops invisible characters before a trigger, then quotes it', () => {
    expect(neutralizeForLinear('\u200B=1+1')).toEqual({ value: "'=1+1", neutralized: true, altered: true });
    expect(neutralizeForLinear(' \u2060@x')).toEqual({ value: "'@x", neutralized: true, altered: true });
    expect(neutralizeForLinear('\tplain')).toEqual({ value: 'plain', neutralized: true, altered: true });
  });

  it('keeps a quote the person typed before one of Linear’s symbols', () => {
    expect(neutralizeForLinear("'+1' votes")).toEqual({ value: `${WORD_JOINER}'+1' votes`, neutralized: false, altered: true });
    expect(neutralizeForLinear("'quoted' words")).toEqual({ value: "'quoted' words", neutralized: false, altered: false });
    expect(neutralizeForLinear('plain')).toEqual({ value: 'plain', neutralized: false, altered: false });
  });

  it('writes the Linear target with these rules and counts them', () => {
    const { content, stats } = writeCsv(['Title'], [['=a'], ['＋b'], ["'+c"], ['d']], { target: 'linear' });
    expect(parseCsv(content).slice(1).map((r) => r[0])).toEqual(["'=a", `${WORD_JOINER}＋b`, `${WORD_JOINER}'+c`, 'd']);
    expect(stats).toEqual({ rows: 4, neutralized: 2, truncated: 0, altered: 2 });
  });
});

describe('writeCsv', () => {
  it('writes RFC 4180: CRLF records, quoting as needed, doubled inner quotes', () => {
    const { content, stats } = writeCsv(['A', 'B', 'C'], [
      ['plain', 'with, comma', 'say "hi"'],
      ['multi\nline', 'cr\ronly', ''],
    ]);
    expect(content).toBe('A,B,C\r\nplain,"with, comma","say ""hi"""\r\n"multi\nline","cr\ronly",\r\n');
    expect(stats).toEqual({ rows: 2, neutralized: 0, truncated: 0, altered: 0 });
  });

  it('neutralizes every trigger, counts it, and round-trips through csv-parse with the added quote', () => {
    const originals = [
      ...TRIGGERS.map((t) => `${t}SUM(A1:A9)`),
      ...TRIGGERS.map((t) => `${t}first line\nsecond "line", with comma\r\nthird`),
      ' =1+1',
      'plain text, "quoted", and\nnew lines',
      'ok\n=not a cell start',
      'café ☕ 😀 ü',
    ];
    const { content, stats } = writeCsv(['Value'], originals.map((v) => [v]), { bom: true });
    expect(content.startsWith(UTF8_BOM)).toBe(true);
    const rows = parseCsv(content);
    expect(rows[0]).toEqual(['Value']);
    const parsed = rows.slice(1).map((r) => r[0]!);
    const expected = originals.map((v) => (/^\s*[=+\-@\t\r]/.test(v) ? `'${v}` : v));
    expect(parsed).toEqual(expected);
    expect(stats.neutralized).toBe(TRIGGERS.length * 2 + 1);
    expect(cellsStartingWithTrigger(rows)).toEqual([]);
  });

  it('checks the first cell after the BOM like any other', () => {
    const { content } = writeCsv(['=evil()', '@x'], [['-1', '+1']], { bom: true });
    expect(content.startsWith(`${UTF8_BOM}'=evil()`)).toBe(true);
    const rows = parseCsv(content);
    expect(rows).toEqual([["'=evil()", "'@x"], ["'-1", "'+1"]]);
  });

  it('neutralizes then cuts, counting both, and keeps the file parseable', () => {
    const huge = `=${'y'.repeat(50_000)}`;
    const { content, stats } = writeCsv(['A', 'B'], [[huge, 'short']]);
    expect(stats).toEqual({ rows: 1, neutralized: 1, truncated: 1, altered: 1 });
    const [, row] = parseCsv(content);
    expect(row![0]).toHaveLength(EXCEL_CELL_LIMIT);
    expect(row![0]!.startsWith("'=yyy")).toBe(true);
    expect(row![0]!.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(row![1]).toBe('short');
  });

  it('writes numbers and empty cells', () => {
    const { content } = writeCsv(['N', 'E'], [[-5, null], [3.5, undefined]]);
    expect(parseCsv(content)).toEqual([['N', 'E'], ["'-5", ''], ['3.5', '']]);
  });
});
