/**
 * Concurrent edits can combine into a state no single edit made: Ann deletes a step while Bo
 * adds a threat to it; two people connect the same two steps at once. The Y.Doc keeps both
 * edits (that is what a CRDT does); the projection the app shows resolves them the same way on
 * every peer, deterministically (no new ids, no clock), keeping as much as it can:
 *
 * - a threat whose step or flow is gone waits to be placed again (anchor null);
 * - a step whose journey is gone, a flow whose end is gone (or that repeats a pair), an outcome
 *   whose step is gone are not shown (they were deleted with what they hung off);
 * - links, ballots and attributions to things that are gone are dropped; an accepted risk
 *   without its record is open; a vote past its dots keeps the first ballots;
 * - an entity that breaks its own schema is not shown (a peer's bug, caught by the host first).
 *
 * The fixed objects are cached per raw object, so an unresolved state does not give the app new
 * objects (and autosave new blocks) at every later edit.
 */
import { checkDocument, type DocumentIssue } from '../document-check.ts';
import type { SessionDocument } from '../schema.ts';

type Entity = { id: string } & Record<string, unknown>;
type Doc = Record<string, unknown> & SessionDocument;

const fixedCache = new WeakMap<object, object>();

function cachedFix<T extends object>(raw: T, fix: (raw: T) => T): T {
  const cached = fixedCache.get(raw) as T | undefined;
  if (cached) return cached;
  const fixed = fix(raw);
  fixedCache.set(raw, fixed);
  return fixed;
}

const DROP = Symbol('drop');

/** One pass of fixes for the issues found; returns the fixed document. */
function fixOnce(doc: SessionDocument, issues: readonly DocumentIssue[]): SessionDocument {
  // Group per entity: collection → index → list of issue paths inside it.
  const perEntity = new Map<string, Map<number, DocumentIssue[]>>();
  const workshopIssues: DocumentIssue[] = [];
  let top = false;
  for (const issue of issues) {
    const [collection, index] = issue.path;
    if (collection === 'workshop') workshopIssues.push(issue);
    else if (typeof collection === 'string' && typeof index === 'number') {
      const byIndex = perEntity.get(collection) ?? new Map<number, DocumentIssue[]>();
      byIndex.set(index, [...(byIndex.get(index) ?? []), issue]);
      perEntity.set(collection, byIndex);
    } else top = true;
  }
  const next = { ...doc } as Doc;
  for (const [collection, byIndex] of perEntity) {
    const list = doc[collection as keyof SessionDocument] as unknown as Entity[];
    const out: (Entity | typeof DROP)[] = list.slice();
    for (const [index, entityIssues] of byIndex) {
      const entity = list[index];
      if (!entity) continue;
      out[index] = fixEntity(collection, entity, entityIssues);
    }
    (next as Record<string, unknown>)[collection] = out.filter((entity): entity is Entity => entity !== DROP);
  }
  if (workshopIssues.length > 0) next.workshop = fixWorkshop(doc, workshopIssues);
  if (top) {
    // Collection limits (only a hostile peer gets there; the host refuses it first): keep the first.
    for (const issue of issues) {
      const [collection] = issue.path;
      if (issue.path.length === 1 && typeof collection === 'string' && Array.isArray((next as Record<string, unknown>)[collection])) {
        const limit = /at most ([\d,]+)/.exec(issue.message)?.[1];
        if (limit) (next as Record<string, unknown>)[collection] = ((next as Record<string, unknown>)[collection] as unknown[]).slice(0, Number(limit.replace(/,/g, '')));
      }
    }
  }
  return next;
}

function fixEntity(collection: string, entity: Entity, issues: readonly DocumentIssue[]): Entity | typeof DROP {
  const fields = new Set(issues.map((issue) => issue.path[2]));
  const structural = issues.some((issue) => issue.path.length === 2 || (issue.path[2] === 'id' && issue.message.startsWith('duplicate')));
  if (structural) return DROP;
  if (collection === 'steps' && fields.has('journeyId')) return DROP;
  if (collection === 'flows') return DROP;
  if (collection === 'outcomes' && fields.has('stepId')) return DROP;
  const linkIssues = issues.filter((issue) => issue.path[2] === 'threatIds' && typeof issue.path[3] === 'number');
  const otherFields = [...fields].filter((field) => field !== 'threatIds' && field !== 'anchor' && field !== 'acceptance' && field !== 'authorId');
  if (otherFields.length > 0) return DROP; // a field breaking its own schema: a peer's bug
  return cachedFix(entity, (raw) => {
    const fixed: Entity = { ...raw };
    if (fields.has('anchor')) fixed.anchor = null;
    if (fields.has('acceptance')) fixed.status = 'open';
    if (fields.has('authorId')) delete fixed.authorId;
    if (linkIssues.length > 0) {
      const bad = new Set(linkIssues.map((issue) => issue.path[3] as number));
      fixed.threatIds = (raw.threatIds as string[]).filter((_id, index) => !bad.has(index));
    }
    return fixed;
  });
}

function fixWorkshop(doc: SessionDocument, issues: readonly DocumentIssue[]): SessionDocument['workshop'] {
  const workshop = { ...doc.workshop };
  const badBallots = new Map<number, Set<number>>();
  const badVotes = new Set<number>();
  let schemaBroken = false;
  for (const issue of issues) {
    const [, part, voteIndex, , ballotIndex] = issue.path;
    if (part === 'currentPhaseId') workshop.currentPhaseId = null;
    else if (part === 'speakerId') workshop.speakerId = null;
    else if (part === 'votes' && typeof voteIndex === 'number' && typeof ballotIndex === 'number') {
      badBallots.set(voteIndex, (badBallots.get(voteIndex) ?? new Set()).add(ballotIndex));
    } else if (part === 'votes' && typeof voteIndex === 'number') badVotes.add(voteIndex);
    else schemaBroken = true;
  }
  if (badBallots.size > 0 || badVotes.size > 0) {
    workshop.votes = workshop.votes
      .map((vote, index) => (badBallots.has(index) ? { ...vote, ballots: vote.ballots.filter((_b, i) => !badBallots.get(index)!.has(i)) } : vote))
      .filter((_vote, index) => !badVotes.has(index));
  }
  if (schemaBroken) {
    // The workshop part itself is unreadable (a peer's bug): show none of it rather than nothing at all.
    return { phases: [], currentPhaseId: null, timer: { startedAt: null, elapsedMs: 0, extraMinutes: 0 }, speakerId: null, votes: [] };
  }
  return workshop;
}

/**
 * The document the app shows for a raw projection. `previous` is the last document this returned
 * (valid), for an incremental check; without it the whole document is checked.
 */
export function sanitizeProjection(raw: SessionDocument, previous?: SessionDocument): SessionDocument {
  let issues = checkDocument(raw, previous ?? null);
  if (issues.length === 0) return raw;
  let doc = raw;
  for (let pass = 0; pass < 4 && issues.length > 0; pass++) {
    doc = fixOnce(doc, issues);
    issues = checkDocument(doc, previous ?? null);
  }
  return doc;
}
