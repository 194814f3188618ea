/**
 * GitHub issues: `issues.json` (an array of `{ title, body, labels }`, the shape of GitHub's
 * create-issue API) and `create-issues.sh`, a POSIX sh script that creates them with the GitHub
 * CLI (`gh issue create`).
 *
 * Running the script again is safe: each body starts with a hidden line naming its backlog item,
 * `<!-- threatstorm:item <session-id>/<item-key> -->`. The script first lists the repository's
 * issues once (`gh issue list --state all --json body`, no `--search`: GitHub's search index lags
 * behind new issues, so a re-run right after a failure would miss what it just created), keeps
 * the markers it finds, and creates only the items without one. One failed issue does not stop
 * the others; the script ends with "created N, already there M, failed K" and, when K > 0, the
 * titles that failed and a non-zero exit. If the list cannot be read it creates nothing.
 *
 * GitHub's limits (tracker-limits.ts): titles over 256 characters are cut with "…", bodies over
 * 65,536 with the CSV formats' "…[truncated]" marker, and labels over 50 characters are shortened
 * to their beginning and a stable six-character code; the issue's text then says which journey a
 * shortened label stands for, and the label's description holds the full label.
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
import type { BacklogItem } from '../backlog.ts';
import { plural } from '../plural.ts';
import type { SessionDocument } from '../schema.ts';
import { cutText } from './csv-safety.ts';
import { DEFANG_NOTE, defangPlainText, escapeMarkdownInline, hasDefangedText, itemDescriber, markdownMarkup } from './description.ts';
import { emptyStats, exportItems, PROGRESS_EVERY, resolveBacklog, type ExportOptions, type ExportResult } from './format.ts';
import { makeSummary } from './summary.ts';
import { fitLabels, GITHUB_LIMITS, limitTitle } from './tracker-limits.ts';

export interface GithubIssue {
  title: string;
  body: string;
  labels: string[];
}

export interface GithubIssuesResult {
  issues: GithubIssue[];
  /** Full label → the label used, for every label that had to be shortened. */
  shortened: Map<string, string>;
  /** Bodies cut at GitHub's limit. */
  cut: number;
}

/** The hidden first line of an item's body: how a re-run recognizes an issue it created. */
export function itemMarker(sessionId: string, itemKey: string): string {
  return `threatstorm:item ${sessionId}/${itemKey}`;
}

/** The HTML comment holding the marker; user text can never contain one (Markdown escapes `<`). */
function markerLine(marker: string): string {
  return `<!-- ${marker} -->`;
}

const MARKER_LINE = /^<!-- (threatstorm:item \S+) -->/;

/** The marker of a body written by this export, or null. */
export function markerOf(body: string): string | null {
  return MARKER_LINE.exec(body)?.[1] ?? null;
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

/** A body as the script sends it: LF line ends, one final newline. */
function scriptBody(body: string): string {
  return scriptSafe(body).replace(/\n*$/, '\n');
}

/** "Label `journey-…-k3x9aa` stands for the journey ‘…’." for each shortened journey label. */
function shortenedLabelNote(item: BacklogItem, shortened: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  for (const journey of item.journeys) {
    const short = shortened.get(`journey-${journey.slug}`);
    if (short) lines.push(`Label \`${short}\` stands for the journey ‘${escapeMarkdownInline(journey.name)}’.`);
  }
  for (const label of item.labels) {
    const short = shortened.get(label);
    if (short && !label.startsWith('journey-')) lines.push(`Label \`${short}\` stands for \`${label}\`.`);
  }
  return lines.join('\n\n');
}

export function githubIssuesWithStats(doc: SessionDocument, options: ExportOptions = {}): GithubIssuesResult {
  const items = exportItems(resolveBacklog(doc, options), options);
  const describe = itemDescriber({ includeAcceptance: true, sessionTitle: doc.session.title }, markdownMarkup());
  const fitted = fitLabels(
    items.flatMap((item) => [...item.labels, item.priority.toLowerCase()]),
    GITHUB_LIMITS.label,
  );
  const shortened = new Map([...fitted].filter(([full, short]) => full !== short));
  const sessionId = doc.session.id;
  let cut = 0;
  const issues = items.map((item, i) => {
    const labels = [...item.labels, item.priority.toLowerCase()].map((label) => fitted.get(label) ?? label);
    const note = shortened.size > 0 ? shortenedLabelNote(item, shortened) : '';
    const full = `${markerLine(itemMarker(sessionId, item.key))}\n\n${describe(item)}${note ? `\n\n${note}` : ''}`;
    // The script sends the body with one final newline: that character counts too.
    const tooLong = full.length >= GITHUB_LIMITS.body && scriptBody(full).length > GITHUB_LIMITS.body;
    const body = tooLong ? cutText(full, GITHUB_LIMITS.body - 1) : full;
    if (body !== full) cut++;
    if (options.onProgress && (i + 1) % PROGRESS_EVERY === 0) options.onProgress(i + 1, items.length);
    return { title: limitTitle(defangPlainText(item.title), GITHUB_LIMITS.title), body, labels };
  });
  options.onProgress?.(items.length, items.length);
  return { issues, shortened, cut };
}

export function githubIssues(doc: SessionDocument, options: ExportOptions = {}): GithubIssue[] {
  return githubIssuesWithStats(doc, options).issues;
}

/** What `gh label create` is told about a label: the full label when it had to be shortened. */
function labelDescription(label: string, fullByShort: ReadonlyMap<string, string>): string {
  const full = fullByShort.get(label);
  return limitTitle(full ? `Threatstorm: ${full}` : 'Threatstorm', GITHUB_LIMITS.labelDescription);
}

export function createIssuesScript(issues: readonly GithubIssue[], sessionTitle: string, shortened: ReadonlyMap<string, string> = new Map()): string {
  const fullByShort = new Map([...shortened].map(([full, short]) => [short, full]));
  const out: string[] = [];
  out.push('#!/bin/sh');
  out.push(`# Creates ${plural(issues.length, 'GitHub issue')} from the Threatstorm session`);
  out.push(`# ${scriptSafe(sessionTitle).replace(/\s+/g, ' ').trim()}`);
  out.push('# with the GitHub CLI. Run it inside a clone of the target repository, or set');
  out.push('# GH_REPO=owner/name. Titles, labels and bodies below are literal text: single-quoted');
  out.push('# arguments and quoted here-documents, so the shell expands and runs nothing in them.');
  out.push('#');
  out.push('# Safe to run again: issues it already created (found by the hidden first line of their');
  out.push('# text) are skipped, so after a failure or an interruption a second run creates only');
  out.push('# what is missing. It ends with "created N, already there M, failed K".');
  out.push('set -u');
  out.push('');
  out.push('if ! command -v gh >/dev/null 2>&1; then');
  out.push("  echo 'create-issues.sh: the GitHub CLI (gh) is not installed.' >&2");
  out.push('  exit 1');
  out.push('fi');
  out.push('');
  out.push('existing=$(mktemp) || exit 1');
  out.push('failed=$(mktemp) || { rm -f "$existing"; exit 1; }');
  out.push("trap 'rm -f \"$existing\" \"$existing.list\" \"$failed\"' EXIT");
  out.push("trap 'exit 130' INT TERM");
  out.push('');
  out.push("echo 'Looking for issues an earlier run created…' >&2");
  out.push(`if ! gh issue list --state all --limit 100000 --json body --jq '.[].body' >"$existing.list"; then`);
  out.push("  echo 'create-issues.sh: could not list the issues of the repository, so nothing was created' >&2");
  out.push("  echo '(creating without knowing what exists could duplicate issues). Check gh auth status and the repository.' >&2");
  out.push('  exit 1');
  out.push('fi');
  out.push(`sed -n 's/^<!-- \\(threatstorm:item [^ ]*\\) -->.*/\\1/p' "$existing.list" >"$existing"`);
  out.push('');
  const labels = [...new Set(issues.flatMap((issue) => issue.labels))];
  if (labels.length > 0) {
    out.push('# gh issue create fails on a label the repository lacks; an existing label is left alone.');
    for (const label of labels) {
      out.push(`gh label create ${shellQuote(label)} --description ${shellQuote(labelDescription(label, fullByShort))} >/dev/null 2>&1 || true`);
    }
    out.push('');
  }
  out.push(`total=${issues.length}`);
  out.push('n=0');
  out.push('created=0');
  out.push('present=0');
  out.push('failures=0');
  out.push('# create MARKER TITLE [--label L]…, the body on standard input.');
  out.push('create() {');
  out.push('  marker=$1');
  out.push('  title=$2');
  out.push('  shift 2');
  out.push('  n=$((n + 1))');
  out.push('  if grep -qxF "$marker" "$existing"; then');
  out.push('    present=$((present + 1))');
  out.push(`    printf 'Already there (%s of %s): %s\\n' "$n" "$total" "$title" >&2`);
  out.push('    cat >/dev/null');
  out.push('    return 0');
  out.push('  fi');
  out.push(`  printf 'Creating issue %s of %s: %s\\n' "$n" "$total" "$title" >&2`);
  out.push('  if gh issue create --title "$title" ${1+"$@"} --body-file -; then');
  out.push('    created=$((created + 1))');
  out.push('  else');
  out.push('    failures=$((failures + 1))');
  out.push(`    printf '%s\\n' "$title" >>"$failed"`);
  out.push('  fi');
  out.push('}');
  out.push('');
  for (const issue of issues) {
    const body = scriptBody(issue.body);
    const delimiter = heredocDelimiter(body);
    const marker = markerOf(issue.body) ?? '';
    const labelArgs = issue.labels.map((label) => ` --label ${shellQuote(label)}`).join('');
    out.push(`create ${shellQuote(marker)} ${shellQuote(issue.title)}${labelArgs} <<'${delimiter}'`);
    out.push(`${body}${delimiter}`);
    out.push('');
  }
  out.push(`printf 'create-issues.sh: created %s, already there %s, failed %s\\n' "$created" "$present" "$failures" >&2`);
  out.push('if [ "$failures" -gt 0 ]; then');
  out.push("  echo 'These issues were not created (run the script again to retry them):' >&2");
  out.push(`  sed 's/^/  /' "$failed" >&2`);
  out.push('  exit 1');
  out.push('fi');
  out.push('');
  return out.join('\n');
}

export function exportGithub(doc: SessionDocument, options: ExportOptions = {}): ExportResult {
  const { issues, shortened, cut } = githubIssuesWithStats(doc, options);
  const stats = emptyStats();
  stats.rows = issues.length;
  stats.truncated = cut;
  const files = [
    { name: 'issues.json', content: `${JSON.stringify(issues, null, 2)}\n`, mime: 'application/json' },
    { name: 'create-issues.sh', content: createIssuesScript(issues, doc.session.title, shortened), mime: 'text/x-shellscript' },
  ];
  const notes: string[] = [];
  if (shortened.size > 0) {
    notes.push(
      `${plural(shortened.size, 'label')} ${shortened.size === 1 ? 'was' : 'were'} longer than GitHub’s ${GITHUB_LIMITS.label} characters and ${shortened.size === 1 ? 'was' : 'were'} shortened with a short code; each issue’s text says what the short label stands for.`,
    );
  }
  if (cut > 0) {
    notes.push(
      `${plural(cut, 'issue text')} longer than ${GITHUB_LIMITS.body.toLocaleString('en-US')} characters ${cut === 1 ? 'was' : 'were'} cut, ending in “…[truncated]”.`,
    );
  }
  if (issues.some((issue) => hasDefangedText(issue.title) || hasDefangedText(issue.body))) notes.push(DEFANG_NOTE);
  notes.push('Run create-issues.sh in a clone of the repository; running it again creates only the issues still missing.');
  return { files, stats, summary: makeSummary('GitHub issues', { items: issues.length, files, cut, labelsShortened: shortened.size }, notes) };
}
