/**
 * GitHub issues: `issues.json` (an array of `{ title, body, labels }`, the shape of GitHub's
 * create-issue API) and `create-issues.sh`, a POSIX sh script that creates them with the GitHub
 * CLI (`gh issue create`).
 *
 * Shell safety: nothing a participant typed is ever parsed by the shell.
 * - Titles and labels are single-quoted arguments; a `'` inside becomes `'\''` (close the quote,
 *   an escaped quote, reopen). Inside single quotes `$(…)`, backticks, `$VAR`, `\` and newlines
 *   are all literal.
 * - Bodies go to `gh issue create --body-file -` on standard input through a here-document whose
 *   delimiter is quoted (so the shell expands nothing in it) and chosen so that no line of the
 *   body equals it.
 * - NUL characters, which a shell script cannot hold, are replaced with U+FFFD; CR/LF are
 *   normalized to LF.
 * Labels are created first (`gh label create`, errors ignored when a label exists) because
 * `gh issue create --label` fails on a label the repository does not have.
 */
import type { SessionDocument } from '../schema.ts';
import { itemDescriber, markdownMarkup } from './description.ts';
import { emptyStats, exportItems, resolveBacklog, type ExportOptions, type ExportResult } from './format.ts';

export interface GithubIssue {
  title: string;
  body: string;
  labels: string[];
}

/** Quotes one argument for POSIX sh: the result is always a single, literal word. */
export function shellQuote(value: string): string {
  return `'${scriptSafe(value).replace(/'/g, `'\\''`)}'`;
}

function scriptSafe(text: string): string {
  return text.replace(/\0/g, '\uFFFD').replace(/\r\n?/g, '\n');
}

/** A here-document delimiter that no line of `body` equals. */
export function heredocDelimiter(body: string, base = 'THREATSTORM_ISSUE_BODY'): string {
  const lines = new Set(body.split('\n'));
  let delimiter = base;
  for (let n = 2; lines.has(delimiter); n++) delimiter = `${base}_${n}`;
  return delimiter;
}

export function githubIssues(doc: SessionDocument, options: ExportOptions = {}): GithubIssue[] {
  const items = exportItems(resolveBacklog(doc, options), options);
  const describe = itemDescriber({ includeAcceptance: true, sessionTitle: doc.session.title }, markdownMarkup());
  return items.map((item) => ({
    title: item.title.slice(0, 256),
    body: describe(item),
    labels: [...item.labels, item.priority.toLowerCase()],
  }));
}

export function createIssuesScript(issues: readonly GithubIssue[], sessionTitle: string): string {
  const out: string[] = [];
  out.push('#!/bin/sh');
  out.push(`# Creates ${issues.length} GitHub issue${issues.length === 1 ? '' : 's'} from the Threatstorm session`);
  out.push(`# ${scriptSafe(sessionTitle).replace(/\s+/g, ' ').trim()}`);
  out.push('# with the GitHub CLI. Run it inside a clone of the target repository, or set');
  out.push('# GH_REPO=owner/name. Titles, labels and bodies below are literal text: single-quoted');
  out.push('# arguments and quoted here-documents, so the shell expands and runs nothing in them.');
  out.push('set -eu');
  out.push('');
  out.push('if ! command -v gh >/dev/null 2>&1; then');
  out.push("  echo 'create-issues.sh: the GitHub CLI (gh) is not installed.' >&2");
  out.push('  exit 1');
  out.push('fi');
  out.push('');
  const labels = [...new Set(issues.flatMap((issue) => issue.labels))];
  if (labels.length > 0) {
    out.push('# gh issue create fails on a label the repository lacks; an existing label is left alone.');
    out.push(`for label in ${labels.map(shellQuote).join(' ')}; do`);
    out.push('  gh label create "$label" --description \'Threatstorm\' >/dev/null 2>&1 || true');
    out.push('done');
    out.push('');
  }
  issues.forEach((issue, i) => {
    const body = scriptSafe(issue.body).replace(/\n*$/, '\n');
    const delimiter = heredocDelimiter(body);
    out.push(`printf '%s\\n' ${shellQuote(`Creating issue ${i + 1} of ${issues.length}: ${issue.title}`)} >&2`);
    const labelArgs = issue.labels.map((label) => ` --label ${shellQuote(label)}`).join('');
    out.push(`gh issue create --title ${shellQuote(issue.title)}${labelArgs} --body-file - <<'${delimiter}'`);
    out.push(`${body}${delimiter}`);
    out.push('');
  });
  return out.join('\n');
}

export function exportGithub(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const issues = githubIssues(doc, options);
  const stats = emptyStats();
  stats.rows = issues.length;
  return {
    files: [
      { name: 'issues.json', content: `${JSON.stringify(issues, null, 2)}\n`, mime: 'application/json' },
      { name: 'create-issues.sh', content: createIssuesScript(issues, doc.session.title), mime: 'text/x-shellscript' },
    ],
    stats,
  };
}
