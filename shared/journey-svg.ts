/**
 * A journey drawn as a standalone SVG picture: steps as boxes coloured by kind, flows as arrows
 * (dashed red where they cross a trust boundary), and a badge with the open threats of each step.
 * Used by the printable report and the Markdown export. All text is XML-escaped.
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

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Splits a label into at most `lines` lines of about `width` characters. */
function wrap(text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    if ((line + ' ' + word).trim().length > width && line) {
      out.push(line);
      line = word;
    } else {
      line = (line + ' ' + word).trim();
    }
  }
  if (line) out.push(line);
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = `${out[lines - 1]!.slice(0, width - 1)}…`;
  }
  return out.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}

export function journeySvg(doc: SessionDocument, journeyId: string): string {
  const steps = doc.steps.filter((s) => s.journeyId === journeyId);
  const flows = doc.flows.filter((f) => f.journeyId === journeyId);
  const { width: W, height: H } = STEP_NODE_SIZE;
  const pad = 40;
  if (steps.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80" viewBox="0 0 400 80"><text x="20" y="45" font-family="sans-serif" font-size="14" fill="#5a6375">This journey has no steps yet.</text></svg>`;
  }
  const minX = Math.min(...steps.map((s) => s.position.x)) - pad;
  const minY = Math.min(...steps.map((s) => s.position.y)) - pad;
  const maxX = Math.max(...steps.map((s) => s.position.x + W)) + pad;
  const maxY = Math.max(...steps.map((s) => s.position.y + H)) + pad;
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
