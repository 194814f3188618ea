/**
 * The text of a `.threatstorm.json` file. Written through the schema, so the keys come out in
 * one order whatever order the edits built them in: a session saved, opened and saved again is
 * the same file byte for byte (diffs in a repository stay meaningful), and a document that broke
 * a rule would fail here loudly instead of being written as a file nobody can open.
 */
import { sessionDocumentSchema, type SessionDocument } from './schema.ts';
import { describeIssues } from './validation.ts';

export class UnsavableSessionError extends Error {
  override readonly name = 'UnsavableSessionError';
  constructor(readonly details: string[]) {
    super(`The session breaks a rule of the file format, so it was not written: ${details[0] ?? ''}`);
  }
}

export function serializeSessionDocument(document: SessionDocument): string {
  const parsed = sessionDocumentSchema.safeParse(document);
  if (!parsed.success) throw new UnsavableSessionError(describeIssues(parsed.error));
  return `${JSON.stringify(parsed.data, null, 2)}\n`;
}
