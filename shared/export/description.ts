/**
 * One description of a backlog item, rendered into each tracker's markup: Jira wiki, Markdown
 * (GitHub, Linear, the report), HTML (Azure DevOps) and plain text (generic CSV). Building the
 * content once keeps every target saying the same thing; each renderer escapes user text for its
 * own markup so nothing a participant typed turns into markup, links, macros or HTML.
 */
import { oneLine, type BacklogItem } from '../backlog.ts';
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
  return /[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

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

export function itemBlocks(item: BacklogItem, options: DescriptionOptions): Block[] {
  const blocks: Block[] = [{ type: 'heading', text: 'What to do' }];
  blocks.push({ type: 'paragraph', text: item.description || item.title });
  const facts = [`Effort: ${item.effort}`, `Status: ${item.status}`];
  if (item.owner) facts.unshift(`Owner: ${item.owner}`);
  if (item.externalKey) facts.push(`Tracked as: ${item.externalKey}`);
  blocks.push({ type: 'paragraph', text: facts.join(' · ') });

  if (item.threats.length > 0) {
    blocks.push({ type: 'heading', text: 'Threats' });
    blocks.push({
      type: 'bullets',
      items: item.threats.map((t) => {
        const details = [
          `risk ${t.risk} (${SEVERITY_LABELS[t.severity]})`,
          `${t.category.framework}/${t.category.key}`,
          t.status,
        ];
        if (t.votes > 0) details.push(`${t.votes} vote${t.votes === 1 ? '' : 's'}`);
        if (t.place) details.push(`on ${placeText(t.place.journeyName, t.place.label)}`);
        return { parts: [{ strong: t.title }, ` — ${details.join(', ')}`], ...(t.statement ? { sub: [t.statement] } : {}) };
      }),
    });
  }
  if (item.outcomes.length > 0) {
    blocks.push({ type: 'heading', text: 'Security outcomes (what users must be able to trust)' });
    blocks.push({
      type: 'bullets',
      items: item.outcomes.map((o) => ({ parts: [`“${o.statement}”${o.where ? ` (${o.where})` : ''}`] })),
    });
  }
  if (options.includeAcceptance && item.acceptanceCriteria.length > 0) {
    blocks.push({ type: 'heading', text: 'Acceptance criteria' });
    blocks.push({ type: 'bullets', checklist: true, items: item.acceptanceCriteria.map((c) => ({ parts: [oneLine(c)] })) });
  }
  blocks.push({ type: 'heading', text: 'Why this priority' });
  blocks.push({
    type: 'bullets',
    items: [...item.why, `rank ${item.rank} at export`].map((line) => ({ parts: [line] })),
  });
  const source = options.sessionTitle ? `Threatstorm session ‘${oneLine(options.sessionTitle)}’` : 'Threatstorm';
  blocks.push({ type: 'paragraph', text: `From ${source}, item ${item.key}.` });
  return blocks;
}

export function journeyBlocks(journey: { name: string; persona: string; goal: string; critical: boolean }, itemCount: number): Block[] {
  const blocks: Block[] = [];
  const facts: string[] = [];
  if (journey.persona.trim()) facts.push(`Persona: ${oneLine(journey.persona)}`);
  if (journey.goal.trim()) facts.push(`Goal: ${oneLine(journey.goal)}`);
  if (journey.critical) facts.push('Critical user journey (security items on it weigh ×1.5)');
  facts.push(`${itemCount} security item${itemCount === 1 ? '' : 's'} from Threatstorm`);
  blocks.push({ type: 'paragraph', text: `Security work for the user journey ‘${oneLine(journey.name)}’.` });
  blocks.push({ type: 'bullets', items: facts.map((f) => ({ parts: [f] })) });
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Markdown (CommonMark/GFM): no raw HTML, no links/images/emphasis from user text.

/**
 * Escapes text for Markdown: `&`, `<`, `>` become entities (no raw HTML, no autolinks in angle
 * brackets), inline markup characters are backslashed (no emphasis, code, links, images, tables,
 * strikethrough), and a block marker at the very start (`#`, `>`, `+`, `-`, `=`, `1.`) is
 * backslashed too, because text often starts a line or a list item ("- -x" would nest a list).
 * A backslash before any ASCII punctuation is valid CommonMark and renders as the character.
 */
const MARKDOWN_SPECIAL = /[&<>\\`*_[\]|~]|^[#>+=-]|^\d+[.)]/;

export function escapeMarkdownInline(text: string): string {
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  return text
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
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

export function renderMarkdown(blocks: Block[], style: MarkdownStyle = {}): string {
  const hashes = '#'.repeat(style.headingLevel ?? 3);
  const bullet = style.bullet ?? '-';
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') out.push(`${hashes} ${escapeMarkdownInline(oneLine(block.text))}`);
    else if (block.type === 'paragraph') out.push(markdownParagraphs(block.text));
    else {
      const lines: string[] = [];
      for (const item of block.items) {
        lines.push(`${bullet} ${block.checklist ? '[ ] ' : ''}${markdownInline(item.parts)}`);
        for (const sub of item.sub ?? []) lines.push(`  ${bullet} ${escapeMarkdownInline(oneLine(sub))}`);
      }
      out.push(lines.join('\n'));
    }
  }
  return out.filter(Boolean).join('\n\n');
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

export function renderJiraWiki(blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') out.push(`h3. ${escapeJiraWiki(oneLine(block.text))}`);
    else if (block.type === 'paragraph') {
      out.push(textLines(block.text).map(jiraLine).join('\n\n'));
    } else {
      const lines: string[] = [];
      for (const item of block.items) {
        lines.push(`* ${jiraInline(item.parts)}`);
        for (const sub of item.sub ?? []) lines.push(`** ${escapeJiraWiki(oneLine(sub))}`);
      }
      out.push(lines.join('\n'));
    }
  }
  return out.filter(Boolean).join('\n\n');
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

export function renderHtml(blocks: Block[]): string {
  let out = '';
  for (const block of blocks) {
    if (block.type === 'heading') out += `<h3>${escapeHtml(oneLine(block.text))}</h3>`;
    else if (block.type === 'paragraph') {
      const text = htmlText(block.text);
      if (text) out += `<p>${text}</p>`;
    } else {
      out += '<ul>';
      for (const item of block.items) {
        out += `<li>${htmlInline(item.parts)}`;
        if (item.sub && item.sub.length > 0) out += `<ul>${item.sub.map((s) => `<li>${escapeHtml(oneLine(s))}</li>`).join('')}</ul>`;
        out += '</li>';
      }
      out += '</ul>';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plain text (generic CSV): headings end with ":", bullets are "* " (never "- ", a CSV trigger).

export function renderPlain(blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') out.push(`${oneLine(block.text)}:`);
    else if (block.type === 'paragraph') out.push(block.text.trim());
    else {
      const lines: string[] = [];
      for (const item of block.items) {
        lines.push(`* ${item.parts.map((p) => (typeof p === 'string' ? collapse(p) : oneLine(p.strong))).join('').trim()}`);
        for (const sub of item.sub ?? []) lines.push(`  * ${oneLine(sub)}`);
      }
      out.push(lines.join('\n'));
    }
  }
  return out.filter(Boolean).join('\n\n');
}

/** Acceptance criteria as plain "* " bullets (a cell of its own in ADO and the generic CSV). */
export function plainBullets(lines: readonly string[]): string {
  return lines.map((l) => `* ${oneLine(l)}`).join('\n');
}
