/**
 * Pure operations on the session document. Each returns a new document and leaves the input
 * untouched, so the renderer can keep old documents for undo and a sync layer can replay them.
 */
import { LIMITS, type SessionDocument } from './schema.ts';

export function touch(doc: SessionDocument, now: Date = new Date()): SessionDocument {
  return { ...doc, session: { ...doc.session, updatedAt: now.toISOString() } };
}

/** Titles are trimmed, single-line and bounded; an empty title is refused (null). */
export function normalizeTitle(raw: string): string | null {
  const title = raw.replace(/[\r\n\t]+/g, ' ').trim().slice(0, LIMITS.name);
  return title === '' ? null : title;
}

export function renameSession(doc: SessionDocument, rawTitle: string): SessionDocument {
  const title = normalizeTitle(rawTitle);
  if (title === null || title === doc.session.title) return doc;
  return { ...doc, session: { ...doc.session, title } };
}
