/**
 * One description of a backlog item, rendered into each tracker's markup: Jira wiki, Markdown
 * (GitHub, Linear, the report), HTML (Azure DevOps) and plain text (generic CSV). Building the
 * content once keeps every target saying the same thing; each renderer escapes user text for its
 * own markup so nothing a participant typed turns into markup, links, macros or HTML.
 */
import { EFFORT_WORDS, ITEM_STATUS_LABELS, oneLine, type BacklogItem, type BacklogOutcome, type BacklogThreat } from '../backlog.ts';
import { SEVERITY_LABELS } from '../scoring.ts';

/** Inline content: plain text, or text shown strong. Always user text, always escaped. */
export type Inline = string | { strong: string };

export interface Bullet {
  parts: Inline[];
  sub?: string[];
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'bullets'; items: Bullet[]; checklist?: boolean };

export interface DescriptionOptions {
  /** Put the acceptance criteria in the description (for targets without their own field). */
  includeAcceptance: boolean;
  /** Session title, named in the footer for traceability. */
  sessionTitle?: string;
}

/** Collapses whitespace inside an inline part without trimming (" — " keeps its spaces). */
function collapse(text: string): string {
  return NEEDS_INLINE_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ') : text;
}
const NEEDS_INLINE_COLLAPSE = /[^\S ]| {2}/;

/** Non-empty, trimmed lines of user text (a single line costs no split). */
function textLines(text: string): string[] {
  if (!/[\r\n]/.test(text)) {
    const line = text.trim();
    return line ? [line] : [];
  }
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export function placeText(journeyName: string, label: string): string {
  return `${oneLine(journeyName)} › ${label}`;
}

/** Receives a description block by block, in order: a list of blocks, or text being rendered. */
interface BlockSink {
  heading(text: string): void;
  /** `unique`: text of this item only (not worth remembering). */
  paragraph(text: string, unique?: boolean): void;
  /**
   * A list: a bullet per key, built by `build`, then `last` if given (of this item only). A key
   * always gives the same bullet with the same builder, so a sink may keep what it rendered per
   * builder and key: threats, outcomes, `why` lines and criteria are shared between items (see
   * deriveBacklog), and each is then rendered once per export, not once per item that has it.
   */
  bullets<K>(keys: readonly K[], build: (key: K) => Bullet, checklist?: boolean, last?: Bullet): void;
}

/** A closed threat's status as a word in a sentence; open threats say nothing. */
const CLOSED_THREAT_WORDS: Readonly<Partial<Record<BacklogThreat['status'], string>>> = {
  mitigated: 'mitigated',
  accepted: 'accepted',
  transferred: 'transferred',
  'not-applicable': 'not applicable',
};

function threatBullet(t: BacklogThreat): Bullet {
  const details = [t.severity === null ? 'not scored yet' : `${SEVERITY_LABELS[t.severity]} risk`];
  const closed = CLOSED_THREAT_WORDS[t.status];
  if (closed) details.push(closed);
  if (t.place) details.push(placeText(t.place.journeyName, t.place.label));
  return { parts: [{ strong: t.title }, ` — ${details.join(' · ')}`], ...(t.statement ? { sub: [t.statement] } : {}) };
}

function outcomeBullet(o: BacklogOutcome): Bullet {
  return { parts: [`“${o.statement}”${o.where ? ` (${o.where})` : ''}`] };
}

function lineBullet(line: string): Bullet {
  return { parts: [line] };
}

function criterionBullet(criterion: string): Bullet {
  return { parts: [oneLine(criterion)] };
}

const DECISION_NEEDED =
  'No mitigation is planned for this threat yet. Decide with the team: plan a mitigation, or accept the risk with an owner, a reason and a review date.';

/**
 * An item's description, block by block: the one definition of what every target says. It reads
 * as work: what to do (or that a decision is needed), the threat in the app's own sentence, what
 * the user must be able to trust and how to check it, why it has its priority in one line, and one
 * short reference back to the session. No ranking arithmetic, no internal ids or status codes.
 */
function writeItemBlocks(item: BacklogItem, options: DescriptionOptions, sink: BlockSink): void {
  if (item.kind === 'mitigation') {
    sink.heading('What to do');
    sink.paragraph(item.description || item.action);
    let facts = `Effort: ${item.effort} (${EFFORT_WORDS[item.effort]}) · Status: ${ITEM_STATUS_LABELS[item.status]}`;
    if (item.owner) facts = `Owner: ${item.owner} · ${facts}`;
    if (item.externalKey) facts += ` · Tracked as: ${item.externalKey}`;
    sink.paragraph(facts);
  }
  if (item.threats.length > 0) {
    sink.heading(item.kind === 'decide' ? 'Threat' : item.threats.length === 1 ? 'Threat it addresses' : 'Threats it addresses');
    // Identical threats of a Decide item say the same thing: one bullet is enough.
    sink.bullets(item.kind === 'decide' ? item.threats.slice(0, 1) : item.threats, threatBullet);
  }
  if (item.outcomes.length > 0) {
    sink.heading('What the user must be able to trust');
    sink.bullets(item.outcomes, outcomeBullet);
  }
  if (options.includeAcceptance && item.acceptanceCriteria.length > 0) {
    sink.heading('Acceptance criteria');
    sink.bullets(item.acceptanceCriteria, criterionBullet, true);
  }
  if (item.kind === 'decide') {
    sink.heading('Decision needed');
    sink.paragraph(DECISION_NEEDED);
    if (item.duplicates > 0) sink.paragraph(`The same threat was added ${item.duplicates + 1} times on this step; this item stands for all of them.`);
    if (item.suggestions.length > 0) {
      sink.heading('Mitigations the threat card suggests');
      sink.bullets(item.suggestions, lineBullet);
    }
  }
  sink.heading(`Priority ${item.priority}`);
  sink.paragraph(item.why);
  const source = options.sessionTitle ? `the Threatstorm session “${oneLine(options.sessionTitle)}”` : 'Threatstorm';
  sink.paragraph(`From ${source} · ref ${item.ref}`, true);
}

/** Collects what a sink receives as blocks. */
function blockList(blocks: Block[]): BlockSink {
  return {
    heading: (text) => blocks.push({ type: 'heading', text }),
    paragraph: (text) => blocks.push({ type: 'paragraph', text }),
    bullets: (keys, build, checklist, last) => {
      const items = keys.map((key) => build(key));
      if (last) items.push(last);
      blocks.push(checklist ? { type: 'bullets', checklist, items } : { type: 'bullets', items });
    },
  };
}

export function itemBlocks(item: BacklogItem, options: DescriptionOptions): Block[] {
  const blocks: Block[] = [];
  writeItemBlocks(item, options, blockList(blocks));
  return blocks;
}

export function journeyBlocks(journey: { name: string; persona: string; goal: string; critical: boolean }, itemCount: number): Block[] {
  const blocks: Block[] = [];
  const facts: string[] = [];
  if (journey.persona.trim()) facts.push(`Persona: ${oneLine(journey.persona)}`);
  if (journey.goal.trim()) facts.push(`Goal: ${oneLine(journey.goal)}`);
  if (journey.critical) facts.push('Critical user journey: its security items rank higher');
  facts.push(`${itemCount} security item${itemCount === 1 ? '' : 's'} from Threatstorm`);
  blocks.push({ type: 'paragraph', text: `Security work for the user journey ‘${oneLine(journey.name)}’.` });
  blocks.push({ type: 'bullets', items: facts.map((f) => ({ parts: [f] })) });
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Rendering: one writer for every markup.

/** How one markup writes each kind of block, and what goes between blocks and list items. */
export interface Markup {
  heading(text: string): string;
  /** May be '' (nothing to show): the block is then left out. */
  paragraph(text: string): string;
  bullet(item: Bullet, checklist: boolean): string;
  blockSeparator: string;
  listOpen: string;
  listClose: string;
  itemSeparator: string;
}

/**
 * What one writer (one markup) has already rendered in this export: headings and paragraphs by
 * text (descriptions and "Effort · Status" lines repeat), bullets by builder and key.
 */
interface RenderMemo {
  headings: Map<string, string>;
  paragraphs: Map<string, string>;
  bullets: Map<(key: never) => Bullet, Map<unknown, string>>;
}

function identity(bullet: Bullet): Bullet {
  return bullet;
}

/**
 * Writes blocks straight into one list of pieces, joined once at the end: no block objects and
 * no string per block or per list, and the result is one flat string. Blocks that render to ''
 * are left out, with their separator.
 */
class TextWriter implements BlockSink {
  private parts: string[] = [];

  constructor(
    private readonly markup: Markup,
    private readonly memo?: RenderMemo,
  ) {}

  private block(text: string): void {
    if (!text) return;
    if (this.parts.length > 0 && this.markup.blockSeparator) this.parts.push(this.markup.blockSeparator);
    this.parts.push(text);
  }

  heading(text: string): void {
    let rendered = this.memo?.headings.get(text);
    if (rendered === undefined) {
      rendered = this.markup.heading(text);
      this.memo?.headings.set(text, rendered);
    }
    this.block(rendered);
  }

  paragraph(text: string, unique = false): void {
    const memo = unique ? undefined : this.memo;
    let rendered = memo?.paragraphs.get(text);
    if (rendered === undefined) {
      rendered = this.markup.paragraph(text);
      memo?.paragraphs.set(text, rendered);
    }
    this.block(rendered);
  }

  bullets<K>(keys: readonly K[], build: (key: K) => Bullet, checklist = false, last?: Bullet): void {
    const { markup, parts } = this;
    // Every bullet renders to something, so a list is empty only without items and markers.
    if (keys.length === 0 && !last && !markup.listOpen) return;
    if (parts.length > 0 && markup.blockSeparator) parts.push(markup.blockSeparator);
    if (markup.listOpen) parts.push(markup.listOpen);
    let rendered: Map<unknown, string> | undefined;
    if (this.memo) {
      rendered = this.memo.bullets.get(build);
      if (!rendered) this.memo.bullets.set(build, (rendered = new Map()));
    }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0 && markup.itemSeparator) parts.push(markup.itemSeparator);
      let text = rendered?.get(key);
      if (text === undefined) {
        text = markup.bullet(build(key), checklist);
        rendered?.set(key, text);
      }
      parts.push(text);
    }
    if (last) {
      if (keys.length > 0 && markup.itemSeparator) parts.push(markup.itemSeparator);
      parts.push(markup.bullet(last, checklist));
    }
    if (markup.listClose) parts.push(markup.listClose);
  }

  /** The text so far; the writer starts over. */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }
}

export function renderBlocks(blocks: readonly Block[], markup: Markup): string {
  const writer = new TextWriter(markup);
  for (const block of blocks) {
    if (block.type === 'heading') writer.heading(block.text);
    else if (block.type === 'paragraph') writer.paragraph(block.text);
    else writer.bullets(block.items, identity, block.checklist === true);
  }
  return writer.take();
}

/**
 * Describes the items of one export in one markup, straight from the item to text: threats,
 * outcomes, `why` lines, criteria and repeated paragraphs are built and rendered once each, not
 * once per item that has them.
 */
export function itemDescriber(options: DescriptionOptions, markup: Markup): (item: BacklogItem) => string {
  const writer = new TextWriter(markup, { headings: new Map(), paragraphs: new Map(), bullets: new Map() });
  return (item) => {
    writeItemBlocks(item, options, writer);
    return writer.take();
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown (CommonMark/GFM): no raw HTML, no links/images/emphasis from user text.

/**
 * Escapes text for Markdown: `&`, `<`, `>` become entities (no raw HTML, no autolinks in angle
 * brackets), inline markup characters are backslashed (no emphasis, code, links, images, tables,
 * strikethrough), and a block marker at the very start (`#`, `>`, `+`, `-`, `=`, `1.`) is
 * backslashed too, because text often starts a line or a list item ("- -x" would nest a list).
 * A backslash before any ASCII punctuation is valid CommonMark and renders as the character.
 *
 * Nothing a participant typed may link out or notify anyone (issue #17): GitHub and Markdown
 * viewers with "linkify" (VS Code, markdown-it) turn bare web addresses, `www.` names, e-mail
 * addresses and even bare domains into links, and GitHub turns `@name` into a mention that
 * notifies that person and `#123` / `GH-123` into a reference that shows up in issue 123. So:
 * - web addresses, e-mail addresses and domain-like words (`example.com`, `report.md`) become code
 *   spans: shown exactly, copyable, obviously literal, and never linked by any renderer;
 * - `@name`, `#123` and `GH-123` get an invisible WORD JOINER (U+2060) after `@`, `#` or `GH-`:
 *   they read the same, but no mention or reference pattern matches them any more.
 * A code span holds the raw text (no entities or backslashes work inside one); the tokens never
 * hold a backtick, `<`, `>` or white space, so a single backtick pair always encloses them.
 */
const MARKDOWN_SPECIAL = /[&<>\\`*_[\]|~]|^[#>+=-]|^\d+[.)]/;

/** Could the text hold a link, an e-mail address, a mention or an issue reference? */
const LINKISH = /[\p{L}\p{N}][.@][\p{L}\p{N}]|:\/\/|@[\p{L}\p{N}]|#\p{N}|\bwww\.|\bgh-\p{N}/iu;
/**
 * A looser test that matches whenever LINKISH does, without Unicode property classes: scanning
 * every piece of text of 5,000 items with LINKISH alone cost more than writing the CSV. Sentences
 * end in ". " or ".", which it skips.
 */
const MAYBE_LINKISH = /[.@][^\s.,;:!?'")\]]|:\/\/|#\S|[gG][hH]-\S|[wW]{3}\./;

function mayLink(text: string): boolean {
  return MAYBE_LINKISH.test(text) && LINKISH.test(text);
}

const URL_END = String.raw`[^\s<>\x60.,:;!?'"()[\]{}*_~]`;
/**
 * Web addresses, e-mail addresses and domain-like words, as a renderer with linkify finds them
 * (or more). The look-behinds let a match start only where a word starts, so a long run of
 * letters is scanned once, not once per letter.
 */
const LINK_TOKEN = new RegExp(
  [
    // scheme://…, www.…, mailto:… (trailing punctuation stays outside, as GFM does)
    String.raw`(?:[a-z][a-z0-9+.-]{0,31}:\/\/|www\.|mailto:)(?:[^\s<>\x60]*${URL_END})?`,
    // e-mail address
    String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`,
    // domain-like word, with an optional path
    String.raw`(?<![\p{L}\p{N}@._-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]*[\p{L}\p{N}](?:[/:?#](?:[^\s<>\x60]*${URL_END})?)?`,
  ].join('|'),
  'giu',
);

const WORD_JOINER = '\u2060';
const MENTION_OR_REFERENCE = /(@)(?=[\p{L}\p{N}_])|(#)(?=\p{N})|\b(gh-)(?=\p{N})/giu;

/** `@name`, `#123` and `GH-123` that no longer mention or reference anything (read the same). */
export function defangPlainText(text: string): string {
  if (!mayLink(text)) return text;
  return text.replace(MENTION_OR_REFERENCE, `$1$2$3${WORD_JOINER}`);
}

/**
 * Whether Markdown written by `escapeMarkdownInline` holds text it made inert: a word joiner, or a
 * code span around an address (our own code spans, the GitHub label notes, hold slugs: no ".",
 * "@" or "://"). For the export summary; a word joiner the person typed counts too.
 */
export function hasDefangedText(markdown: string): boolean {
  return DEFANGED.test(markdown);
}
const DEFANGED = /\u2060|`[^`\s]*(?:[.@]|:\/\/)[^`\s]*`/;

export const DEFANG_NOTE = 'Web addresses, e-mail addresses, @mentions and #numbers in your text are shown as text: they link to nothing and notify no one.';

/** Markdown escaping of text without links: see `escapeMarkdownInline`. `atStart`: the text starts a line. */
function escapeMarkdownText(text: string, atStart: boolean, defang: boolean): string {
  let out = text;
  if (MARKDOWN_SPECIAL.test(text)) {
    out = out.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')).replace(/[\\`*_[\]|~]/g, '\\$&');
    if (atStart) out = out.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  }
  return defang ? defangPlainText(out) : out;
}

export function escapeMarkdownInline(text: string): string {
  if (!mayLink(text)) return MARKDOWN_SPECIAL.test(text) ? escapeMarkdownText(text, true, false) : text;
  let out = '';
  let from = 0;
  for (const match of text.matchAll(LINK_TOKEN)) {
    out += escapeMarkdownText(text.slice(from, match.index), from === 0, true);
    out += `\x60${match[0]}\x60`;
    from = match.index + match[0].length;
  }
  return out + escapeMarkdownText(text.slice(from), from === 0, true);
}

/** Escapes one line of user text that will start a Markdown line (indentation would make code). */
export function escapeMarkdownLine(line: string): string {
  return escapeMarkdownInline(line.trimStart());
}

/** Multi-line user text as Markdown paragraphs: each non-empty line is its own escaped paragraph. */
export function markdownParagraphs(text: string): string {
  return textLines(text).map(escapeMarkdownLine).join('\n\n');
}

function markdownInline(parts: Inline[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeMarkdownInline(collapse(p)) : `**${escapeMarkdownInline(oneLine(p.strong))}**`)).join('');
}

export interface MarkdownStyle {
  headingLevel?: number;
  /**
   * List marker. `*` inside CSV cells (Linear), so no line of a cell starts with `-`, a formula
   * trigger should an importer ever split a cell at line breaks; `-` elsewhere (GitHub checklists).
   */
  bullet?: '-' | '*';
}

/** One bullet and its sub-bullets, as lines joined by "\n". */
function markdownBullet(item: Bullet, bullet: string, checklist: boolean): string {
  let text = `${bullet} ${checklist ? '[ ] ' : ''}${markdownInline(item.parts)}`;
  for (const sub of item.sub ?? []) text += `\n  ${bullet} ${escapeMarkdownInline(oneLine(sub))}`;
  return text;
}

export function markdownMarkup(style: MarkdownStyle = {}): Markup {
  const hashes = '#'.repeat(style.headingLevel ?? 3);
  const bullet = style.bullet ?? '-';
  return {
    heading: (text) => `${hashes} ${escapeMarkdownInline(oneLine(text))}`,
    paragraph: markdownParagraphs,
    bullet: (item, checklist) => markdownBullet(item, bullet, checklist),
    blockSeparator: '\n\n',
    listOpen: '',
    listClose: '',
    itemSeparator: '\n',
  };
}

export function renderMarkdown(blocks: Block[], style: MarkdownStyle = {}): string {
  return renderBlocks(blocks, markdownMarkup(style));
}

// ---------------------------------------------------------------------------------------------
// Jira wiki markup.

/**
 * Escapes text for Jira wiki markup. Every markup character is backslash-escaped (`{` stops macros
 * such as {html}, `[` links, `!` images, `|` tables). A backslash cannot be escaped in Jira wiki
 * (`\\` is a forced line break), so a user's backslash is shown as "⧵" (U+29F5).
 */
const JIRA_SPECIAL = /[\\{}[\]|!*_^~+\-?#]/;

export function escapeJiraWiki(text: string): string {
  if (!JIRA_SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\u29F5').replace(/[{}[\]|!*_^~+\-?#]/g, '\\$&');
}

/** A line that would start with a block marker ("h1.", "bq.") gets a zero-width space in front. */
function jiraLine(line: string): string {
  const escaped = escapeJiraWiki(line.trim());
  return /^(h[1-6]|bq)\./i.test(escaped) ? `\u200B${escaped}` : escaped;
}

function jiraInline(parts: Inline[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeJiraWiki(collapse(p)) : `*${escapeJiraWiki(oneLine(p.strong))}*`)).join('');
}

function jiraBullet(item: Bullet): string {
  let text = `* ${jiraInline(item.parts)}`;
  for (const sub of item.sub ?? []) text += `\n** ${escapeJiraWiki(oneLine(sub))}`;
  return text;
}

export const JIRA_WIKI: Markup = {
  heading: (text) => `h3. ${escapeJiraWiki(oneLine(text))}`,
  paragraph: (text) => textLines(text).map(jiraLine).join('\n\n'),
  bullet: jiraBullet,
  blockSeparator: '\n\n',
  listOpen: '',
  listClose: '',
  itemSeparator: '\n',
};

export function renderJiraWiki(blocks: Block[]): string {
  return renderBlocks(blocks, JIRA_WIKI);
}

// ---------------------------------------------------------------------------------------------
// HTML (Azure DevOps rich-text fields).

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const HTML_SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

function htmlText(text: string): string {
  return textLines(text).map(escapeHtml).join('<br>');
}

function htmlInline(parts: Inline[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeHtml(collapse(p)) : `<strong>${escapeHtml(oneLine(p.strong))}</strong>`)).join('');
}

function htmlBullet(item: Bullet): string {
  let text = `<li>${htmlInline(item.parts)}`;
  if (item.sub && item.sub.length > 0) text += `<ul>${item.sub.map((s) => `<li>${escapeHtml(oneLine(s))}</li>`).join('')}</ul>`;
  return `${text}</li>`;
}

export const HTML: Markup = {
  heading: (text) => `<h3>${escapeHtml(oneLine(text))}</h3>`,
  paragraph: (text) => {
    const html = htmlText(text);
    return html ? `<p>${html}</p>` : '';
  },
  bullet: htmlBullet,
  blockSeparator: '',
  listOpen: '<ul>',
  listClose: '</ul>',
  itemSeparator: '',
};

export function renderHtml(blocks: Block[]): string {
  return renderBlocks(blocks, HTML);
}

// ---------------------------------------------------------------------------------------------
// Plain text (generic CSV): headings end with ":", bullets are "* " (never "- ", a CSV trigger).

function plainBullet(item: Bullet): string {
  let text = `* ${item.parts.map((p) => (typeof p === 'string' ? collapse(p) : oneLine(p.strong))).join('').trim()}`;
  for (const sub of item.sub ?? []) text += `\n  * ${oneLine(sub)}`;
  return text;
}

export const PLAIN: Markup = {
  heading: (text) => `${oneLine(text)}:`,
  paragraph: (text) => text.trim(),
  bullet: plainBullet,
  blockSeparator: '\n\n',
  listOpen: '',
  listClose: '',
  itemSeparator: '\n',
};

export function renderPlain(blocks: Block[]): string {
  return renderBlocks(blocks, PLAIN);
}

/** Acceptance criteria as plain "* " bullets (a cell of its own in ADO and the generic CSV). */
export function plainBullets(lines: readonly string[]): string {
  return lines.map((l) => `* ${oneLine(l)}`).join('\n');
}
