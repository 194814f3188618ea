/**
 * Session <-> .threatstorm.json files. Opening validates through the same migration chain as the
 * database before anything is stored.
 */
import { parseGuarded } from '../shared/import/json-guard.ts';
import { loadSessionDocument } from '../shared/migrations.ts';
import { MAX_FILE_CONTENT } from '../shared/platform-api.ts';
import { repairSessionDocument } from '../shared/repair.ts';
import { newId } from '../shared/ids.ts';
import { SESSION_FILE_EXTENSION, type SessionDocument } from '../shared/schema.ts';

export function sessionFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 80);
  return `${slug || 'session'}${SESSION_FILE_EXTENSION}`;
}

export { serializeSessionDocument as serializeSession } from '../shared/session-file.ts';

export type ParsedSessionFile =
  | { ok: true; document: SessionDocument }
  | { ok: false; message: string; details: string[]; repair?: { document: SessionDocument; changes: string[] } };

/**
 * `onParsed` hears of the parsed JSON before the (longer) validation, to say what is being checked.
 * The text is parsed by the same guard as *Import* (`parseGuarded`): a `__proto__` key, nesting
 * deeper than any session or an overlong text is refused alike at both doors.
 */
export function parseSessionFile(fileName: string, content: string, onParsed?: (raw: unknown) => void): ParsedSessionFile {
  const guarded = parseGuarded(content, { maxBytes: MAX_FILE_CONTENT, verb: 'open' });
  if (!guarded.ok) return { ok: false, message: `"${fileName}" could not be opened: ${guarded.message}`, details: guarded.details };
  const raw = guarded.value;
  onParsed?.(raw);
  const result = loadSessionDocument(raw);
  if (!result.ok) {
    // A session file that breaks a rule can often be repaired: offered, with every change listed.
    const repaired = repairSessionDocument(raw);
    const repair = repaired.ok && repaired.changes.length > 0 ? { document: repaired.document, changes: repaired.changes } : undefined;
    return { ok: false, message: `"${fileName}" could not be opened: ${result.error}`, details: result.details, ...(repair ? { repair } : {}) };
  }
  return { ok: true, document: result.document };
}

/** A file never overwrites a stored session: if its id is taken, it comes in as a copy. */
export function asCopy(document: SessionDocument): SessionDocument {
  return { ...document, session: { ...document.session, id: newId(), title: `${document.session.title} (copy)`.slice(0, 200) } };
}
