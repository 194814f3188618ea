/**
 * The first line of defence for a file someone hands us: size, nesting, parse, and content no
 * reader should ever see (`__proto__` keys, megabyte strings). Each check runs before the next
 * costs anything: size before decoding work, nesting before `JSON.parse`, and the walk before
 * any schema. Everything is linear in the length of the text.
 *
 * One rule for every door a JSON file comes in by: *Import* (other tools' models and session
 * files, `importThreatModel`) and *Open file* (`parseSessionFile`) both parse through
 * `parseGuarded`, so a `__proto__` key, nesting past `MAX_DEPTH` or an overlong text is refused
 * the same way, with the same place named, whichever button was used. Only the size limit is
 * the door's own (a session file may be larger than another tool's model).
 */
import { formatPath } from '../validation.ts';

/** Files up to 20 MB are imported (issue 7); larger text is refused without being parsed. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Real models nest about 12 levels deep (Threat Dragon's port attributes); 100 is generous. */
export const MAX_DEPTH = 100;
/** Longest text value accepted anywhere but an image field (Threat Composer's own limit for descriptions). */
export const MAX_TEXT = 100_000;
/** Keys whose values may be long: embedded images, which are omitted and reported anyway. */
const IMAGE_KEYS = new Set(['image', 'thumbnail']);
const MAX_PROBLEMS = 10;

export type GuardResult = { ok: true; value: unknown } | { ok: false; message: string; details: string[] };

export interface GuardOptions {
  /** Largest text accepted, in UTF-8 bytes; `MAX_IMPORT_BYTES` unless the door says otherwise. */
  maxBytes?: number;
  /** What the door does with the file, for the messages: "import" (the default) or "open". */
  verb?: 'import' | 'open';
}

const PAST_TENSE = { import: 'imported', open: 'opened' } as const;

/** UTF-8 byte length, counting no further than `stopAbove` (so a huge text costs no more than needed). */
export function utf8Length(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > stopAbove) return bytes;
  }
  return bytes;
}

export function formatSize(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Refuses text over the size limit; a string longer than the limit in characters is refused without a scan. */
export function checkSize(text: string, maxBytes = MAX_IMPORT_BYTES, verb: 'import' | 'open' = 'import'): { ok: true } | { ok: false; message: string } {
  const limit = formatSize(maxBytes);
  const done = PAST_TENSE[verb];
  if (text.length > maxBytes) {
    return { ok: false, message: `The file is too large to ${verb} (more than ${limit}); files up to ${limit} are ${done}.` };
  }
  // A UTF-16 code unit is at most 3 bytes of UTF-8, so most texts need no count at all.
  if (text.length * 3 <= maxBytes) return { ok: true };
  const bytes = utf8Length(text, maxBytes);
  if (bytes > maxBytes) {
    return { ok: false, message: `The file is too large to ${verb} (more than ${limit} of text); files up to ${limit} are ${done}.` };
  }
  return { ok: true };
}

/** Finds the first place where arrays/objects nest deeper than `MAX_DEPTH`, without parsing. */
export function scanDepth(text: string): { ok: true } | { ok: false; line: number; column: number } {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > MAX_DEPTH) return { ok: false, line, column: i - lineStart + 1 };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth -= 1;
    else if (c === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { ok: true };
}

/** `__proto__` keys and overlong text, each with its path; at most a few, enough to find them. */
export function findHostileContent(value: unknown): string[] {
  const problems: string[] = [];
  const path: Array<string | number> = [];
  const visit = (node: unknown, key: string | number | null): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (typeof node === 'string') {
      if (node.length > MAX_TEXT && !(typeof key === 'string' && IMAGE_KEYS.has(key))) {
        problems.push(`${formatPath(path)}: text of ${node.length.toLocaleString('en-US')} characters is too long (at most ${MAX_TEXT.toLocaleString('en-US')} are read)`);
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && problems.length < MAX_PROBLEMS; i++) {
        path.push(i);
        visit(node[i], i);
        path.pop();
      }
      return;
    }
    for (const k of Object.keys(node)) {
      if (problems.length >= MAX_PROBLEMS) return;
      path.push(k);
      if (k === '__proto__') problems.push(`${formatPath(path)}: a "__proto__" key is not allowed`);
      else visit((node as Record<string, unknown>)[k], k);
      path.pop();
    }
  };
  visit(value, null);
  return problems;
}

/** Size, nesting, JSON syntax and hostile content, in that order. A leading byte-order mark is skipped. */
export function parseGuarded(text: string, options: GuardOptions = {}): GuardResult {
  const verb = options.verb ?? 'import';
  const size = checkSize(text, options.maxBytes ?? MAX_IMPORT_BYTES, verb);
  if (!size.ok) return { ok: false, message: size.message, details: [] };
  const depth = scanDepth(text);
  if (!depth.ok) {
    return {
      ok: false,
      message: `The file nests lists or objects more than ${MAX_DEPTH} levels deep; no threat model does that.`,
      details: [`line ${depth.line}, column ${depth.column}: level ${MAX_DEPTH + 1} starts here`],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, message: 'The file is not valid JSON (it may be cut short or not a JSON file).', details: [String((error as Error)?.message ?? error)] };
  }
  const problems = findHostileContent(value);
  if (problems.length > 0) {
    const message =
      verb === 'import'
        ? 'The file contains content that is not imported, so nothing was imported.'
        : 'The file contains content that a session file may not hold, so it was not opened.';
    return { ok: false, message, details: problems };
  }
  return { ok: true, value };
}
