/** Text shaping shared by the importers: one-line titles, cutting to the session's limits, images. */
import { oneLine } from '../backlog.ts';
import type { ReportBuilder } from './report.ts';

export { oneLine };

/** Cuts `text` to at most `max` characters, ending in "…" when cut; never splits a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** `clip` that reports the cut: "where: cut to 200 characters (it had 340)". */
export function fit(text: string, max: number, where: string, report: ReportBuilder): string {
  if (text.length <= max) return text;
  report.warn(`${where}: cut to ${max.toLocaleString('en-US')} characters (it had ${text.length.toLocaleString('en-US')}).`);
  return clip(text, max);
}

/** A title from free text: one line, the first sentence when the text is long, at most `max` characters. */
export function titleFrom(text: string, max: number): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  const sentence = /^(.{12,}?[.!?])\s/.exec(line)?.[1];
  return sentence && sentence.length <= max ? sentence : clip(line, max);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Linear: one character class, no nested quantifiers.
const DATA_IMAGE = /data:image\/[A-Za-z0-9.+-]*;base64,[A-Za-z0-9+/=\s]*/g;

/** True when the text is (or starts as) an inline base64 image rather than a link. */
export function isDataImage(text: string): boolean {
  return /^\s*data:image\//i.test(text);
}

/** Replaces inline base64 images inside Markdown text with "(image omitted)"; returns how many. */
export function stripDataImages(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(DATA_IMAGE, () => {
    count += 1;
    return '(image omitted)';
  });
  return { text: out, count };
}

/** The reason an image is not in the session, worded for whether the user asked to keep images. */
export function imageOmittedReason(keepImages: boolean | undefined): string {
  return keepImages
    ? 'image omitted: you asked to keep images, but a session has no place for images yet'
    : 'image omitted: embedded images are not stored in the session';
}

/** "payment-online" from "models/payment-online.json"; "Imported model" when nothing is left. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/(\.tc)?\.json$/i, '').replace(/\.threatstorm$/i, '');
  return oneLine(stem).slice(0, 200) || 'Imported model';
}

/** Paragraphs and headed sections joined into one description; empty parts are left out. */
export function joinSections(sections: ReadonlyArray<{ heading?: string; body: string }>): string {
  return sections
    .map(({ heading, body }) => ({ heading, body: body.trim() }))
    .filter(({ body }) => body !== '')
    .map(({ heading, body }) => (heading ? `${heading}\n${body}` : body))
    .join('\n\n');
}
