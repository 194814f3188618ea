/**
 * A journey drawn as a standalone SVG picture: steps as boxes coloured by kind, flows as arrows
 * (dashed red where they cross a trust boundary), and a badge with the open threats of each step.
 * Used by the printable report and the Markdown export.
 *
 * Any valid document gives a well-formed, finite picture (issue #17):
 * - all text is XML-escaped, characters XML 1.0 forbids (control characters, U+FFFE/U+FFFF) are
 *   dropped and a lone surrogate becomes U+FFFD, so the SVG parses and `encodeURIComponent` of it
 *   (the report's data: URL) never throws;
 * - labels wrap by whole characters (grapheme clusters), never inside an emoji;
 * - coordinates are clamped to ±COORDINATE_LIMIT: positions near ±1.7e308 are valid numbers, but
 *   their differences overflow to Infinity and gave `width="Infinity"`.
 */
import { summarizeAnchors, anchorKey } from './coverage.ts';
import { STEP_NODE_SIZE } from './layout.ts';
import type { SessionDocument, StepKind } from './schema.ts';
import { stepKindInfo } from './step-kinds.ts';

const KIND_COLOURS: Record<StepKind, string> = {
  start: '#1b7f4b',
  action: '#2f6fdb',
  decision: '#b7791f',
  system: '#6b46c1',
  datastore: '#0f766e',
  thirdparty: '#c2410c',
  end: '#475569',
};

const HEAT_COLOURS = { low: '#3f8f5a', medium: '#b7791f', high: '#d9480f', critical: '#c01c28' } as const;

/** Far beyond any canvas a person draws (the canvas itself stays usable to about ±10⁶ px). */
export const COORDINATE_LIMIT = 1_000_000;

/** Characters XML 1.0 does not allow, and lone surrogates (a high not followed by a low, a low not preceded by a high). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML character data or attribute value: forbidden characters out, markup escaped. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, (c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : ''))
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

let segmenter: Intl.Segmenter | undefined;

/** The user-perceived characters of a word. */
function charactersOf(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** At most `width` characters, the last one "…" when cut. */
function fit(chars: string[], width: number): string[] {
  return chars.length > width ? [...chars.slice(0, width - 1), '…'] : chars;
}

/** Splits a label into at most `lines` lines of about `width` characters (grapheme clusters). */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[][] = [];
  let line: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    const chars = charactersOf(word);
    if (line.length > 0 && line.length + 1 + chars.length > width) {
      out.push(line);
      line = chars;
    } else {
      line = line.length > 0 ? [...line, ' ', ...chars] : chars;
    }
  }
  if (line.length > 0) out.push(line);
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = [...out[lines - 1]!.slice(0, width - 1), '…'];
  }
  return out.map((l) => fit(l, width).join(''));
}

/** A coordinate for the picture: finite, within ±COORDINATE_LIMIT, at most two decimals. */
function coordinate(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const clamped = Math.max(-COORDINATE_LIMIT, Math.min(COORDINATE_LIMIT, value));
  return Math.round(clamped * 100) / 100 || 0;
}

export function journeySvg(doc: SessionDocument, journeyId: string): string {
  const steps = doc.steps
    .filter((s) => s.journeyId === journeyId)
    .map((s) => ({ ...s, position: { x: coordinate(s.position.x), y: coordinate(s.position.y) } }));
  const flows = doc.flows.filter((f) => f.journeyId === journeyId);
  const { width: W, height: H } = STEP_NODE_SIZE;
  const pad = 40;
  if (steps.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80" viewBox="0 0 400 80"><text x="20" y="45" font-family="sans-serif" font-size="14" fill="#5a6375">This journey has no steps yet.</text></svg>`;
  }
  // A loop, not Math.min(...list): a journey may have tens of thousands of steps.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { position } of steps) {
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
    maxX = Math.max(maxX, position.x + W);
    maxY = Math.max(maxY, position.y + H);
  }
  minX -= pad;
  minY -= pad;
  maxX += pad;
  maxY += pad;
  const width = Math.round(maxX - minX);
  const height = Math.round(maxY - minY);
  const byId = new Map(steps.map((s) => [s.id, s]));
  const summaries = summarizeAnchors(doc);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${Math.round(minX)} ${Math.round(minY)} ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#5a6375"/></marker></defs>',
    `<rect x="${Math.round(minX)}" y="${Math.round(minY)}" width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  for (const flow of flows) {
    const a = byId.get(flow.source);
    const b = byId.get(flow.target);
    if (!a || !b) continue;
    const x1 = a.position.x + W;
    const y1 = a.position.y + H / 2;
    const x2 = b.position.x;
    const y2 = b.position.y + H / 2;
    const mid = (x1 + x2) / 2;
    const stroke = flow.crossesTrustBoundary ? '#d92d20' : '#5a6375';
    const dash = flow.crossesTrustBoundary ? ' stroke-dasharray="8 5"' : '';
    parts.push(`<path d="M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}" fill="none" stroke="${stroke}" stroke-width="2"${dash} marker-end="url(#arrow)"/>`);
    if (flow.label) {
      parts.push(`<text x="${mid}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle" font-size="11" fill="${stroke}">${escapeXml(wrap(flow.label, 24, 1)[0] ?? '')}</text>`);
    }
  }
  for (const step of steps) {
    const { x, y } = step.position;
    const colour = KIND_COLOURS[step.kind];
    const rounded = step.kind === 'start' || step.kind === 'end' ? 36 : 10;
    parts.push(`<rect x="${x}" y="${y}" width="${W}" height="${H}" rx="${rounded}" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${x + 14}" y="${y + 18}" font-size="10" font-weight="700" fill="${colour}">${escapeXml(stepKindInfo(step.kind).name.toUpperCase())}</text>`);
    wrap(step.label || 'Untitled step', 26, 2).forEach((line, i) => {
      parts.push(`<text x="${x + 14}" y="${y + 36 + i * 16}" font-size="13" font-weight="600" fill="#1a1f2b">${escapeXml(line)}</text>`);
    });
    const summary = summaries.get(anchorKey('step', step.id));
    if (summary?.heat) {
      const open = summary.low + summary.medium + summary.high + summary.critical;
      parts.push(`<circle cx="${x + W - 12}" cy="${y}" r="11" fill="${HEAT_COLOURS[summary.heat]}"/>`);
      parts.push(`<text x="${x + W - 12}" y="${y + 4}" text-anchor="middle" font-size="11" font-weight="700" fill="#ffffff">${open}</text>`);
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
