/**
 * One migration chain upgrades old session documents wherever they come from (IndexedDB or a
 * file). Each step takes a document of version N and returns one of version N + 1. Steps work on
 * plain JSON (`unknown`) because an old document does not match today's types.
 */
import { CURRENT_SCHEMA_VERSION, sessionDocumentSchema, type SessionDocument } from './schema.ts';
import { describeIssues } from './validation.ts';

export type MigrationStep = (doc: Record<string, unknown>) => Record<string, unknown>;

/** Keyed by the version a step upgrades *from*. Version 1 is the first released format. */
export const MIGRATIONS: Readonly<Record<number, MigrationStep>> = Object.freeze({
  /**
   * 1 → 2: workshop state (agenda, phase timer, speaker, dot votes) joins the document. Votes a
   * version-1 session counted on its threats stay there; no vote rounds existed before.
   */
  1: (doc: Record<string, unknown>) => ({
    ...doc,
    workshop: { phases: [], currentPhaseId: null, timer: { startedAt: null, elapsedMs: 0, extraMinutes: 0 }, speakerId: null, votes: [] },
  }),
  /**
   * 2 → 3: "not scored" becomes a state (likelihood and impact may be null). Up to format 2 every
   * threat had numbers (a missing one meant 3) and the app treated them as scored, so they keep
   * them. One exception: an untouched placeholder — "New threat", nothing written, no card, no
   * votes, still open, at the old default 3 × 3 — was never judged by anyone, so it becomes
   * unscored (and, being a placeholder, stays out of the backlog).
   */
  2: (doc: Record<string, unknown>) => {
    if (!Array.isArray(doc.threats)) return doc;
    return { ...doc, threats: doc.threats.map(migrateThreatScores) };
  },
});

function migrateThreatScores(threat: unknown): unknown {
  if (!isPlainObject(threat)) return threat;
  const likelihood = threat.likelihood === undefined ? 3 : threat.likelihood;
  const impact = threat.impact === undefined ? 3 : threat.impact;
  if (likelihood === 3 && impact === 3 && looksUntouched(threat)) return { ...threat, likelihood: null, impact: null };
  return { ...threat, likelihood, impact };
}

/** The shape of a threat made with "+ Threat" and never edited, in a format-2 document. */
function looksUntouched(threat: Record<string, unknown>): boolean {
  const empty = (value: unknown) => value === undefined || value === '';
  const statement = threat.statement;
  const blankStatement =
    statement === undefined ||
    (isPlainObject(statement) &&
      ['source', 'prerequisites', 'action', 'impact'].every((key) => empty(statement[key])) &&
      ['impactedGoals', 'impactedAssets'].every((key) => statement[key] === undefined || (Array.isArray(statement[key]) && statement[key].length === 0)));
  return (
    threat.title === 'New threat' &&
    blankStatement &&
    empty(threat.notes) &&
    threat.cardId === undefined &&
    (threat.votes === undefined || threat.votes === 0) &&
    (threat.status === undefined || threat.status === 'open')
  );
}

export type LoadResult =
  | { ok: true; document: SessionDocument; migratedFrom: number | null }
  | { ok: false; error: string; details: string[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs the chain up to `targetVersion` without validating the result (exposed for tests). */
export function runMigrations(
  raw: unknown,
  steps: Readonly<Record<number, MigrationStep>> = MIGRATIONS,
  targetVersion: number = CURRENT_SCHEMA_VERSION,
): { ok: true; doc: Record<string, unknown>; from: number } | { ok: false; error: string } {
  if (!isPlainObject(raw)) return { ok: false, error: 'This is not a Threatstorm session: expected a JSON object.' };
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: 'This is not a Threatstorm session: "schemaVersion" is missing or not a positive whole number.' };
  }
  if (version > targetVersion) {
    return {
      ok: false,
      error: `This session was saved by a newer Threatstorm (format ${version}; this version reads up to ${targetVersion}). Update Threatstorm to open it.`,
    };
  }
  let doc = raw;
  for (let v = version; v < targetVersion; v++) {
    const step = steps[v];
    if (!step) return { ok: false, error: `No upgrade path from format ${v} to ${v + 1}.` };
    doc = { ...step(doc), schemaVersion: v + 1 };
  }
  return { ok: true, doc, from: version };
}

/** Migrates then validates: the single entry point for any document entering the app. */
export function loadSessionDocument(raw: unknown): LoadResult {
  let migrated;
  try {
    migrated = runMigrations(raw);
  } catch (error) {
    return { ok: false, error: 'The session could not be upgraded to the current format.', details: [String(error)] };
  }
  if (!migrated.ok) return { ok: false, error: migrated.error, details: [] };
  const parsed = sessionDocumentSchema.safeParse(migrated.doc);
  if (!parsed.success) {
    return { ok: false, error: 'The session does not match the Threatstorm format.', details: describeIssues(parsed.error) };
  }
  return { ok: true, document: parsed.data, migratedFrom: migrated.from === CURRENT_SCHEMA_VERSION ? null : migrated.from };
}
