/**
 * Exports read back the way the trackers read them: Linear's own CSV importers (`@linear/import`,
 * parsing only, see linear-importers.ts) for the Linear and Jira files, and a strict CSV parser
 * for the title columns of every format.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine } from '../../shared/backlog.ts';
import { exportAzureDevOps } from '../../shared/export/azure-devops-csv.ts';
import { exportGenericCsv } from '../../shared/export/generic-csv.ts';
import { exportGithub, type GithubIssue } from '../../shared/export/github-issues.ts';
import { exportJira, exportJiraFlat, JIRA_PRIORITIES } from '../../shared/export/jira-csv.ts';
import { exportLinear, LINEAR_PRIORITIES } from '../../shared/export/linear-csv.ts';
import { exportMarkdownReport } from '../../shared/export/markdown-report.ts';
import { summaryLines } from '../../shared/export/summary.ts';
import { JIRA_SUMMARY_LIMIT } from '../../shared/export/tracker-limits.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { cellsStartingWithTrigger, checkoutSession, parseCsv } from './export-fixture.ts';
import { importJiraCsv, importLinearCsv } from './linear-importers.ts';

const NOW = new Date(2026, 5, 15, 12);
const dir = mkdtempSync(join(tmpdir(), 'threatstorm-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function onDisk(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Titles as people type them, including every case Linear's importer treats specially. */
const TITLES = [
  '=SUM(A1:A9) shows up in the sheet',
  '+1 for hardware keys',
  '-2 days of retention',
  '@here the audit log',
  '＝ full-width equals',
  '＋1 votes are counted twice',
  '－ full-width minus',
  '＠team full-width at',
  "'+1' votes are counted twice",
  "'=' in a title",
  "'quoted' words first",
  '\u200B=1+1 after a zero-width space',
  '\u2060+x after a word joiner',
  '<b>not bold</b>',
  '≤ 3 tries',
  '∑ of all risks',
  'café ☕ 😀 ü',
  "it's a plain title",
];

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const visible = (text: string) => text.replace(INVISIBLE, '');

function titledSession(titles: readonly string[]): SessionDocument {
  const doc = checkoutSession();
  doc.mitigations = titles.map((title, i) => ({ id: `x${i}`, title, description: 'Agreed in the review.', threatIds: ['t1'], effort: 'M', status: 'proposed', owner: '' }));
  return doc;
}

describe('Linear CSV through Linear’s importer', () => {
  it('brings every title back exactly as typed (up to invisible characters), never with a stray or a lost quote', async () => {
    const result = exportLinear(titledSession(TITLES), { now: NOW });
    const issues = await importLinearCsv(onDisk('linear.csv', result.files[0]!.content));
    // Items are titled "Do: <mitigation> — <threat> at <step>": the typed text is inside the
    // title, and must arrive there exactly as typed, no quote added, none lost.
    const titles = issues.map((issue) => visible(issue.title));
    for (const typed of TITLES) {
      const expected = `Do: ${visible(oneLine(typed))} — `;
      expect(
        titles.some((title) => title.startsWith(expected)),
        `${JSON.stringify(typed)} arrived as ${JSON.stringify(titles)}`,
      ).toBe(true);
    }
    expect(issues).toHaveLength(parseCsv(result.files[0]!.content).length - 1);
  });

  it('keeps the file formula-safe in a spreadsheet and says what it did', () => {
    const result = exportLinear(titledSession(TITLES), { now: NOW });
    const rows = parseCsv(result.files[0]!.content);
    // A word joiner before a full-width ＋ － ＠ is the Linear-specific mark (csv-safety.ts): no
    // spreadsheet reads U+2060 + "＋1" as a formula; every other trigger carries the usual '.
    expect(cellsStartingWithTrigger(rows).filter((cell) => !/^\u2060[\uFF0B\uFF0D\uFF20]/.test(cell))).toEqual([]);
    // Titles start with "Do:"/"Decide:" now, so typed text no longer begins a title cell; the
    // per-target rules themselves are tested in export-csv-safety.test.ts. The summary still
    // says what was changed, and nothing is claimed that did not happen.
    const text = summaryLines(result.summary).join('\n');
    if (result.stats.neutralized === 0) expect(text).not.toMatch(/cells? starts? with = \+ - @/);
  });

  it('maps priority, status, labels and the Markdown description as Linear reads them', async () => {
    const doc = checkoutSession();
    const result = exportLinear(doc, { now: NOW });
    const rows = parseCsv(result.files[0]!.content).slice(1);
    const issues = await importLinearCsv(onDisk('linear-checkout.csv', result.files[0]!.content));
    expect(issues.map((i) => i.title)).toEqual(rows.map((r) => r[0]));
    const number = { Urgent: 1, High: 2, Medium: 3, Low: 4 } as Record<string, number>;
    expect(issues.map((i) => i.priority)).toEqual(rows.map((r) => number[r[2]!]));
    expect(Object.values(LINEAR_PRIORITIES).every((name) => name in number)).toBe(true);
    expect(issues.map((i) => i.status)).toEqual(rows.map((r) => r[4]));
    expect(issues.map((i) => i.labels)).toEqual(rows.map((r) => r[3]!.split(', ')));
    expect(issues.map((i) => i.description)).toEqual(rows.map((r) => r[1]!.trim()));
  });
});

describe('Jira CSV through Linear’s Jira importer', () => {
  it('reads one-line summaries, epics first, and Jira’s priorities', async () => {
    const doc = titledSession(TITLES);
    doc.journeys[0]!.name = 'Check\nout\r\n  now';
    const result = exportJira(doc, { now: NOW });
    const issues = await importJiraCsv(onDisk('jira.csv', result.files[0]!.content));
    const rows = parseCsv(result.files[0]!.content).slice(1);
    expect(issues).toHaveLength(rows.length);
    expect(issues[0]!.title).toBe('Security: Check out now');
    for (const issue of issues) {
      expect(issue.title).not.toMatch(/[\r\n]/);
      expect(issue.title.length).toBeLessThanOrEqual(JIRA_SUMMARY_LIMIT);
    }
    expect(issues.map((i) => i.labels[0])).toEqual(rows.map((r) => `Type: ${r[1]}`));
    const number = { Highest: 1, High: 2, Medium: 3, Low: 4 } as Record<string, number>;
    expect(issues.map((i) => i.priority)).toEqual(rows.map((r) => number[r[3]!]));
    expect(Object.values(JIRA_PRIORITIES).every((name) => name in number)).toBe(true);
    // The typed text arrives inside the title as typed (it no longer begins the cell, so no ' is needed).
    expect(issues.some((i) => i.title.startsWith('Do: =SUM(A1:A9) shows up in the sheet — '))).toBe(true);
  });
});

describe('titles are one line in every format', () => {
  const doc = titledSession(['First line\nsecond line', 'Tabs\tand\r\nbreaks']);
  doc.journeys[0]!.name = 'Share a document\nwith someone\r\noutside';
  doc.journeys[1]!.name = '\n  Profile\n';
  const lines = (value: string | undefined) => (value ?? '').split(/\r\n|\r|\n/).length;

  it.each([
    ['jira', () => exportJira(doc, { now: NOW }), ['Summary'], 'Security: Share a document with someone outside'],
    ['jira-flat', () => exportJiraFlat(doc, { now: NOW }), ['Summary'], 'First line second line'],
    ['azure-devops', () => exportAzureDevOps(doc, { now: NOW }), ['Title 1', 'Title 2'], 'Security: Share a document with someone outside'],
    ['linear', () => exportLinear(doc, { now: NOW }), ['Title'], 'Tabs and breaks'],
    ['csv', () => exportGenericCsv(doc, { now: NOW }), ['Title', 'Journey'], 'Share a document with someone outside'],
  ] as const)('%s', (_, run, columns, expected) => {
    const rows = parseCsv(run().files[0]!.content);
    const header = rows[0]!.map((h) => h.replace(/^\uFEFF/, ''));
    for (const column of columns) {
      const index = header.indexOf(column);
      expect(index).toBeGreaterThanOrEqual(0);
      for (const row of rows.slice(1)) expect(lines(row[index]), `${column}: ${JSON.stringify(row[index])}`).toBe(1);
    }
    const titles = rows.slice(1).flatMap((row) => columns.map((c) => row[header.indexOf(c)]!));
    // Epic and journey cells are the name itself; item titles carry it inside ("Do: … — …").
    expect(titles.some((title) => title === expected || title.startsWith(`Do: ${expected} — `))).toBe(true);
  });

  it('github and markdown', () => {
    const issues = JSON.parse(exportGithub(doc, { now: NOW }).files[0]!.content) as GithubIssue[];
    for (const issue of issues) expect(lines(issue.title)).toBe(1);
    const md = exportMarkdownReport(doc, { now: NOW }).files[0]!.content;
    expect(md).toContain('### Share a document with someone outside (critical journey)');
    for (const heading of md.split('\n').filter((l) => l.startsWith('#'))) expect(heading.trim()).not.toBe('#');
  });
});
