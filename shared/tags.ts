/**
 * Data tags ("payment", "personal-data") are typed freely and also come from files. They are
 * normalised the same way everywhere — trimmed, lower case, spaces as hyphens, no characters a
 * CSS class name or a tracker label would trip on, bounded — because they end up as class names
 * on the canvas and as labels in exports.
 */
import { cutText } from './text-cut.ts';

const MAX_TAG = 60;
const MAX_TAGS = 32;

export function normalizeTag(raw: string): string {
  const tag = raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\s+/gu, '-')
    .replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '')
    .replace(/^-+|-+$/g, '');
  return cutText(tag, MAX_TAG).replace(/-+$/, '');
}

export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of tags) {
    const tag = normalizeTag(raw);
    if (tag) seen.add(tag);
    if (seen.size >= MAX_TAGS) break;
  }
  return [...seen];
}
