/**
 * Data tags ("payment", "personal-data") are typed freely and also come from files. They are
 * written one way everywhere — trimmed, lower case, runs of white space as one hyphen, at most
 * 60 characters, no duplicates — because they end up as class names on the canvas (a space
 * would add a class) and as labels in exports. Typing normalises them; a file whose tags are not
 * written this way is normalised by the importer or by Repair, which say so.
 */
import { cutText } from './text-cut.ts';

const MAX_TAG = 60;
const MAX_TAGS = 32;

export function normalizeTag(raw: string): string {
  return cutText(raw.trim().toLowerCase().replace(/\s+/g, '-'), MAX_TAG);
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

/** True when the tags are exactly what normalising them gives (the rule of the format). */
export function tagsNormalized(tags: readonly string[]): boolean {
  const normalized = normalizeTags(tags);
  return normalized.length === tags.length && normalized.every((tag, index) => tag === tags[index]);
}
