/**
 * Cutting user text to a limit without breaking it: a cut between the two halves of a surrogate
 * pair leaves a lone surrogate, which `encodeURIComponent` throws on and which prints as "�".
 * Limits stay counted in UTF-16 code units, as the schema (and JavaScript's `length`) counts them.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Replaces lone surrogates (from a file or a bad cut elsewhere) with U+FFFD, so the text encodes. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
