/**
 * Does a document keep every rule of the format? The full answer is the zod schema
 * (`sessionDocumentSchema`), which costs tens of milliseconds on a large session: too much for
 * every keystroke. This check gives the same answer for a document derived from a known-good one
 * by looking only at what changed: documents are immutable, so an entity object that is also in
 * the previous document was valid there and is valid here. Changed entities go through their own
 * schema; the cross-entity rules (linear, Set-based) always run over the whole document.
 *
 * Used before an edit is applied (the store refuses an edit that would break a rule) and before
 * a save replaces a stored session, so a loadable session is never replaced by an unloadable one.
 */
import type { z } from 'zod';
import { crossReferenceIssues, type RuleIssue } from './document-rules.ts';
import {
  backlogPinSchema,
  CURRENT_SCHEMA_VERSION,
  flowSchema,
  journeySchema,
  mitigationSchema,
  outcomeSchema,
  participantSchema,
  sessionDocumentSchema,
  sessionInfoSchema,
  stepSchema,
  threatSchema,
  workshopSchema,
  COLLECTION_LIMITS,
  type SessionDocument,
} from './schema.ts';
import { formatPath } from './validation.ts';

export type DocumentIssue = RuleIssue;

export const ENTITY_SCHEMAS = {
  participants: participantSchema,
  journeys: journeySchema,
  steps: stepSchema,
  flows: flowSchema,
  threats: threatSchema,
  outcomes: outcomeSchema,
  mitigations: mitigationSchema,
  backlogPins: backlogPinSchema,
} as const;

type Collection = keyof typeof ENTITY_SCHEMAS;
const COLLECTIONS = Object.keys(ENTITY_SCHEMAS) as Collection[];

function zodIssues(result: z.ZodSafeParseResult<unknown>, prefix: (string | number)[]): DocumentIssue[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: [...prefix, ...(issue.path as (string | number)[])], message: issue.message }));
}

/** Every rule the document breaks, checking only what changed since `previous` (a valid document). */
export function checkDocument(doc: SessionDocument, previous?: SessionDocument | null): DocumentIssue[] {
  if (!previous) return zodIssues(sessionDocumentSchema.safeParse(doc), []);
  if (doc === previous) return [];
  const issues: DocumentIssue[] = [];
  if (doc.schemaVersion !== CURRENT_SCHEMA_VERSION) issues.push({ path: ['schemaVersion'], message: `must be ${CURRENT_SCHEMA_VERSION}` });
  if (doc.session !== previous.session) issues.push(...zodIssues(sessionInfoSchema.safeParse(doc.session), ['session']));
  // The references can only have changed if something was added, removed, reordered, or a
  // changed entity changed an id or a reference field. Editing text (the common case, a keystroke)
  // leaves them as they were, and the whole-document pass is skipped.
  let referencesMayChange = doc.workshop !== previous.workshop;
  for (const key of COLLECTIONS) {
    const list = doc[key] as readonly Entity[];
    const before = previous[key] as readonly Entity[];
    if (list === before) continue;
    const limit = COLLECTION_LIMITS[key];
    if (list.length > limit) {
      issues.push({ path: [key], message: `a session holds at most ${limit.toLocaleString('en-US')} ${key === 'backlogPins' ? 'backlog reorderings' : key}` });
      continue;
    }
    const schema: z.ZodType = ENTITY_SCHEMAS[key];
    if (list.length === before.length) {
      // Same length: compare slot by slot (pointer comparisons), the way in-place edits happen.
      for (let index = 0; index < list.length; index++) {
        const entity = list[index]!;
        const old = before[index]!;
        if (entity === old) continue;
        issues.push(...zodIssues(schema.safeParse(entity), [key, index]));
        if (!sameReferences(key, entity, old)) referencesMayChange = true;
      }
    } else {
      referencesMayChange = true;
      const known = new Set(before);
      list.forEach((entity, index) => {
        if (!known.has(entity)) issues.push(...zodIssues(schema.safeParse(entity), [key, index]));
      });
    }
  }
  if (doc.workshop !== previous.workshop) issues.push(...zodIssues(workshopSchema.safeParse(doc.workshop), ['workshop']));
  // The cross-entity rules read fields the entity schemas guarantee: only once those hold.
  if (referencesMayChange && issues.length === 0) issues.push(...crossReferenceIssues(doc));
  return issues;
}

type Entity = Record<string, unknown> & { id: string };

/** The fields the cross-entity rules read, per collection. */
const REFERENCE_FIELDS: Record<Collection, readonly string[]> = {
  participants: [],
  journeys: [],
  steps: ['journeyId'],
  flows: ['journeyId', 'source', 'target'],
  threats: ['anchor', 'status', 'acceptance', 'authorId'],
  outcomes: ['stepId', 'threatIds', 'authorId'],
  mitigations: ['threatIds', 'authorId'],
  backlogPins: [],
};

function sameReferences(key: Collection, a: Entity, b: Entity): boolean {
  if (a.id !== b.id) return false;
  for (const field of REFERENCE_FIELDS[key]) {
    const x = a[field];
    const y = b[field];
    if (x === y) continue;
    // Small values (an anchor, a list of links): compared by content.
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** One readable line per problem, at most `max` of them. */
export function describeDocumentIssues(issues: readonly DocumentIssue[], max = 3): string[] {
  const lines = issues.slice(0, max).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  if (issues.length > max) lines.push(`…and ${issues.length - max} more`);
  return lines;
}
