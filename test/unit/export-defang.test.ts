/**
 * Nothing a participant typed links out or notifies anyone (issue #17, item 15): the Markdown
 * report and the GitHub issues are rendered with markdown-it with linkify on (what VS Code's
 * preview and many Markdown viewers do; it links more than GitHub does: bare domains too), and
 * the rendered text is searched for GitHub's mention and issue-reference patterns.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { DEFANG_NOTE, escapeMarkdownInline } from '../../shared/export/description.ts';
import { exportGithub, type GithubIssue } from '../../shared/export/github-issues.ts';
import { exportLinear } from '../../shared/export/linear-csv.ts';
import { exportMarkdownReport, markdownReport } from '../../shared/export/markdown-report.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { checkoutSession, parseCsv } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);
const md = new MarkdownIt({ html: true, linkify: true });

/** Text people type that GitHub or a linkify viewer would turn into a link, mention or reference. */
const LIVE = [
  'see https://evil.example/steal?a=1&b=2 now',
  'or www.example.com,',
  'mail ann.lee@example.com',
  '@ann please look',
  'cc @org/security-team',
  'see #123 and GH-45',
  'owner/repo#9 too',
  'bare example.com and report.md',
  'ftp://files.example/x and mailto:bob@example.com',
  'http://[::1]:8080/admin',
];

function liveSession(): SessionDocument {
  const doc = checkoutSession();
  doc.session.description = LIVE.join('\n');
  doc.mitigations[0]!.description = LIVE.join('\n');
  doc.mitigations[1]!.title = 'Ask @ann about #42 and https://wiki.example/x';
  doc.journeys[0]!.name = 'Checkout at shop.example';
  doc.threats[0]!.title = 'Phishing via www.evil.example';
  doc.outcomes[0]!.acceptanceCriteria = ['Mail security@example.com within 1 day', '#1 priority for @lead'];
  return doc;
}

interface Rendered {
  links: string[];
  /** Text a reader sees outside code spans (where GitHub looks for mentions and references). */
  text: string;
}

function render(markdown: string): Rendered {
  const links: string[] = [];
  const text: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.type === 'link_open') links.push(String(token.attrGet('href') ?? ''));
      if (token.type === 'text') text.push(token.content);
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(markdown, {}));
  return { links, text: text.join('\n') };
}

/** GitHub's patterns, after its html-pipeline MentionFilter and IssueReferenceFilter. */
const MENTION = /(?:^|[^\w`])@[a-z0-9][a-z0-9-]*/gim;
const REFERENCE = /(?:^|[^\w`])(?:[\w.-]+\/[\w.-]+)?#\d+\b|\bGH-\d+\b/gi;

function expectInert(markdown: string): void {
  const { links, text } = render(markdown);
  expect(links).toEqual([]);
  expect(text.match(MENTION) ?? []).toEqual([]);
  expect(text.match(REFERENCE) ?? []).toEqual([]);
}

/** What a reader sees: code spans shown as their text, the invisible word joiner ignored. */
function readable(markdown: string): string {
  return md
    .render(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/\u2060/g, '')
    .replace(/&amp;/g, '&');
}

describe('links, mentions and references in user text', () => {
  it('the Markdown report links to nothing, mentions no one and references no issue, and still reads the same', () => {
    const report = markdownReport(liveSession(), { now: NOW });
    expectInert(report);
    const shown = readable(report);
    for (const line of LIVE) expect(shown).toContain(line);
  });

  it('GitHub issue bodies and titles are inert too', () => {
    const issues = JSON.parse(exportGithub(liveSession(), { now: NOW }).files[0]!.content) as GithubIssue[];
    for (const issue of issues) expectInert(issue.body);
    // Titles are "Do: <mitigation> — …" now: the typed text is inside, defanged.
    const title = issues.find((i) => i.title.includes('Ask @'))!.title;
    expect(title).toContain('Ask @\u2060ann about #\u206042 and https://wiki.example/x');
    expect(title.match(MENTION) ?? []).toEqual([]);
    expect(title.match(REFERENCE) ?? []).toEqual([]);
    const body = issues.find((i) => i.title.startsWith('Do: Tokenize card entry — '))!.body;
    for (const line of LIVE) expect(readable(body)).toContain(line);
  });

  it('Linear descriptions (Markdown in a CSV cell) are inert', () => {
    const rows = parseCsv(exportLinear(liveSession(), { now: NOW }).files[0]!.content).slice(1);
    for (const row of rows) expectInert(row[1]!);
  });

  it('says so in the export summary only when it happened', () => {
    expect(exportGithub(liveSession(), { now: NOW }).summary.notes).toContain(DEFANG_NOTE);
    expect(exportMarkdownReport(liveSession(), { now: NOW }).summary.notes).toContain(DEFANG_NOTE);
    expect(exportGithub(checkoutSession(), { now: NOW }).summary.notes).not.toContain(DEFANG_NOTE);
    expect(exportMarkdownReport(checkoutSession(), { now: NOW }).summary.notes).not.toContain(DEFANG_NOTE);
  });

  it('shows addresses as code, exactly as typed, and leaves ordinary sentences alone', () => {
    expect(escapeMarkdownInline('see https://x.example/a_b*c.')).toBe('see `https://x.example/a_b*c`.');
    expect(escapeMarkdownInline('ann@example.com')).toBe('`ann@example.com`');
    expect(escapeMarkdownInline('@ann')).toBe('@\u2060ann');
    expect(escapeMarkdownInline('#12 first')).toBe('\\#\u206012 first');
    expect(escapeMarkdownInline('Card number never stored by us. Next step.')).toBe('Card number never stored by us. Next step.');
    expect(escapeMarkdownInline('e.g. this, i.e. that; v1.2 works')).toBe('e.g. this, i.e. that; v1.2 works');
    expect(escapeMarkdownInline('<b>x</b> & y')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; y');
  });

  it('stays fast on long text with no address in it', () => {
    const text = `${'word '.repeat(4_000)}${'a'.repeat(20_000)}@`;
    const start = performance.now();
    escapeMarkdownInline(text);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
