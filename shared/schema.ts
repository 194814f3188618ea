/**
 * The session document: one JSON document per workshop session, the same shape in IndexedDB
 * and in a `.threatstorm.json` file. Validated with zod at every boundary (file import,
 * database load, IPC).
 *
 * Entities reference each other by stable string ids. Text fields have generous but finite
 * limits so a hostile file cannot make the app hold a gigabyte string.
 */
import { z } from 'zod';
import { crossReferenceIssues } from './document-rules.ts';
import { tagsNormalized } from './tags.ts';

// zod 4 compiles fast paths with `new Function`, which our CSP (no 'unsafe-eval') forbids and
// which would surface as a CSP violation report. The interpreted path is fast enough for us.
z.config({ jitless: true });

export const CURRENT_SCHEMA_VERSION = 3;
export const SESSION_FILE_EXTENSION = '.threatstorm.json';

export const LIMITS = {
  id: 64,
  name: 200,
  shortText: 1_000,
  longText: 20_000,
  tags: 32,
  tag: 60,
  listItems: 100,
  links: 1_000,
  /** How far from the origin a step or a viewport may be: beyond it a canvas or an SVG breaks. */
  coordinate: 1_000_000,
} as const;

/** How many of each a session holds at most; the same numbers bound every edit and every file. */
export const COLLECTION_LIMITS = {
  participants: 1_000,
  journeys: 1_000,
  steps: 50_000,
  flows: 50_000,
  threats: 50_000,
  outcomes: 50_000,
  mitigations: 50_000,
  backlogPins: 10_000,
  phases: 50,
  votes: 200,
  ballots: 20_000,
} as const;

const count = (n: number) => n.toLocaleString('en-US');
const atMost = (n: number, what: string) => `a session holds at most ${count(n)} ${what}`;

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, 'may only contain letters, digits, "-" and "_"');
const name = z.string().max(LIMITS.name, `must be at most ${LIMITS.name} characters`);
const shortText = z.string().max(LIMITS.shortText, `must be at most ${LIMITS.shortText} characters`);
const longText = z.string().max(LIMITS.longText, `must be at most ${LIMITS.longText} characters`);
const timestamp = z.iso.datetime({ offset: true });
const finite = z.number().finite();
/** Far enough for any journey; beyond it a canvas or an SVG picture breaks (Infinity widths, NaN). */
const coordinate = finite
  .min(-LIMITS.coordinate, `must be at least −${LIMITS.coordinate.toLocaleString('en-US')}`)
  .max(LIMITS.coordinate, `must be at most ${LIMITS.coordinate.toLocaleString('en-US')}`);
const score = z.number().int().min(1).max(5);
const tagList = z
  .array(z.string().min(1, 'must not be empty').max(LIMITS.tag, `each entry must be at most ${LIMITS.tag} characters`))
  .max(LIMITS.tags, `at most ${LIMITS.tags} entries`);
/** Data tags are written one way wherever they come from (tags.ts): they name CSS classes. */
const dataTagList = tagList.refine(tagsNormalized, 'data tags are written in lower case, with hyphens for spaces, each once');
const textList = z.array(shortText).max(LIMITS.listItems, `at most ${LIMITS.listItems} entries`);
const idList = z.array(id).max(LIMITS.links, `at most ${count(LIMITS.links)} links`);

export const participantRoles = ['facilitator', 'participant', 'observer'] as const;
export const stepKinds = ['start', 'action', 'decision', 'system', 'datastore', 'thirdparty', 'end'] as const;
export const threatStatuses = [
  'open',
  'mitigating',
  'mitigated',
  'accepted',
  'transferred',
  'not-applicable',
] as const;
export const outcomeStatuses = ['draft', 'agreed', 'met'] as const;
export const mitigationStatuses = ['proposed', 'planned', 'in-progress', 'done', 'wont-do'] as const;
export const efforts = ['S', 'M', 'L', 'XL'] as const;

export const viewportSchema = z.object({ x: coordinate, y: coordinate, zoom: z.number().min(0.01).max(10) });

/** Open threats with a risk below this wait in the backlog's "below threshold" section (Medium starts at 5). */
export const DEFAULT_BACKLOG_THRESHOLD = 5;

export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Risk (likelihood × impact, 1–25) from which an undecided threat becomes a backlog item. */
  backlogThreshold: z.number().int().min(1).max(25).default(DEFAULT_BACKLOG_THRESHOLD),
});

export const sessionInfoSchema = z.object({
  id,
  title: name.min(1, 'must not be empty'),
  product: name.default(''),
  description: longText.default(''),
  createdAt: timestamp,
  updatedAt: timestamp,
  settings: settingsSchema.default({ theme: 'system', backlogThreshold: DEFAULT_BACKLOG_THRESHOLD }),
});

export const participantSchema = z.object({
  id,
  name: name.min(1, 'must not be empty'),
  role: z.enum(participantRoles),
});

export const journeySchema = z.object({
  id,
  name: name.min(1, 'must not be empty'),
  persona: name.default(''),
  goal: shortText.default(''),
  critical: z.boolean().default(false),
  stages: textList.default([]),
  viewport: viewportSchema.optional(),
});

export const stepSchema = z.object({
  id,
  journeyId: id,
  kind: z.enum(stepKinds),
  label: name,
  description: longText.default(''),
  actor: name.default(''),
  dataTags: dataTagList.default([]),
  position: z.object({ x: coordinate, y: coordinate }),
});

export const flowSchema = z.object({
  id,
  journeyId: id,
  source: id,
  target: id,
  label: name.default(''),
  crossesTrustBoundary: z.boolean().default(false),
});

export const threatAnchorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), id }),
  z.object({ type: z.literal('flow'), id }),
]);

export const threatStatementSchema = z.object({
  source: shortText.default(''),
  prerequisites: shortText.default(''),
  action: shortText.default(''),
  impact: shortText.default(''),
  impactedGoals: tagList.default([]),
  impactedAssets: tagList.default([]),
});

export const threatSchema = z.object({
  id,
  /** null: not anchored yet (e.g. imported from a tool without a canvas). */
  anchor: threatAnchorSchema.nullable(),
  title: name.min(1, 'must not be empty'),
  category: z.object({ framework: z.string().min(1).max(40), key: z.string().min(1).max(60) }),
  statement: threatStatementSchema.default({
    source: '',
    prerequisites: '',
    action: '',
    impact: '',
    impactedGoals: [],
    impactedAssets: [],
  }),
  /**
   * 1–5 each; null: not scored yet. A threat is scored when both are set (scoring.ts): a new
   * threat starts unscored, so nothing looks as if somebody judged it when nobody did.
   */
  likelihood: score.nullable().default(null),
  impact: score.nullable().default(null),
  status: z.enum(threatStatuses).default('open'),
  acceptance: z
    .object({ owner: name.min(1, 'must not be empty'), reason: longText, reviewDate: z.iso.date() })
    .optional(),
  votes: z.number().int().min(0).max(10_000).default(0),
  notes: longText.default(''),
  cardId: z.string().max(120).optional(),
  authorId: id.optional(),
});

export const outcomeSchema = z.object({
  id,
  stepId: id,
  statement: shortText.min(1, 'must not be empty'),
  threatIds: idList.default([]),
  acceptanceCriteria: textList.default([]),
  status: z.enum(outcomeStatuses).default('draft'),
  authorId: id.optional(),
});

export const mitigationSchema = z.object({
  id,
  title: name.min(1, 'must not be empty'),
  description: longText.default(''),
  threatIds: idList.default([]),
  effort: z.enum(efforts).default('M'),
  status: z.enum(mitigationStatuses).default('proposed'),
  owner: name.default(''),
  externalKey: z.string().max(120).optional(),
  authorId: id.optional(),
});

/**
 * A facilitator's manual override of the backlog order: the item `itemKey` goes directly above
 * or below `otherKey`. Item keys are `mitigation:<id>` and `decide:<threatId>` (see backlog.ts).
 */
export const backlogPinSchema = z.object({
  id,
  itemKey: z.string().min(1).max(120),
  relation: z.enum(['above', 'below']),
  otherKey: z.string().min(1).max(120),
  note: shortText.default(''),
  by: name.default(''),
  at: timestamp,
});

/** The agenda of a facilitated workshop: phases with time boxes, and where the room is now. */
export const workshopPhaseSchema = z.object({
  id,
  name: name.min(1, 'must not be empty'),
  minutes: z.number().int().min(1).max(600),
});

/**
 * The phase timer, stored as timestamps rather than counted ticks so a reload (or a laptop
 * that slept) resumes without drifting: remaining = minutes + extraMinutes − elapsed, where
 * elapsed = elapsedMs + (now − startedAt) while running.
 */
export const phaseTimerSchema = z.object({
  startedAt: timestamp.nullable().default(null),
  elapsedMs: z.number().int().min(0).max(1e10).default(0),
  extraMinutes: z.number().int().min(0).max(600).default(0),
});

/** A dot vote over threats: blind until the facilitator reveals it. */
export const voteSchema = z.object({
  id,
  /** 'session', or the id of the journey whose threats are voted on. */
  scope: z.string().min(1).max(LIMITS.id),
  dotsPerParticipant: z.number().int().min(1).max(20),
  status: z.enum(['open', 'revealed']),
  openedAt: timestamp,
  ballots: z
    .array(z.object({ participantId: id, threatId: id, dots: z.number().int().min(1).max(20) }))
    .max(COLLECTION_LIMITS.ballots, `a vote holds at most ${count(COLLECTION_LIMITS.ballots)} ballots`)
    .default([]),
});

export const workshopSchema = z.object({
  phases: z.array(workshopPhaseSchema).max(COLLECTION_LIMITS.phases, `an agenda holds at most ${COLLECTION_LIMITS.phases} phases`).default([]),
  currentPhaseId: id.nullable().default(null),
  timer: phaseTimerSchema.default({ startedAt: null, elapsedMs: 0, extraMinutes: 0 }),
  /** Who is speaking or adding now: new threats, outcomes and votes are attributed to them. */
  speakerId: id.nullable().default(null),
  votes: z.array(voteSchema).max(COLLECTION_LIMITS.votes, atMost(COLLECTION_LIMITS.votes, 'dot votes')).default([]),
});

export const EMPTY_WORKSHOP = Object.freeze({
  phases: [],
  currentPhaseId: null,
  timer: { startedAt: null, elapsedMs: 0, extraMinutes: 0 },
  speakerId: null,
  votes: [],
}) as unknown as z.output<typeof workshopSchema>;

const documentShape = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  session: sessionInfoSchema,
  participants: z.array(participantSchema).max(COLLECTION_LIMITS.participants, atMost(COLLECTION_LIMITS.participants, 'participants')).default([]),
  journeys: z.array(journeySchema).max(COLLECTION_LIMITS.journeys, atMost(COLLECTION_LIMITS.journeys, 'journeys')).default([]),
  steps: z.array(stepSchema).max(COLLECTION_LIMITS.steps, atMost(COLLECTION_LIMITS.steps, 'steps')).default([]),
  flows: z.array(flowSchema).max(COLLECTION_LIMITS.flows, atMost(COLLECTION_LIMITS.flows, 'flows')).default([]),
  threats: z.array(threatSchema).max(COLLECTION_LIMITS.threats, atMost(COLLECTION_LIMITS.threats, 'threats')).default([]),
  outcomes: z.array(outcomeSchema).max(COLLECTION_LIMITS.outcomes, atMost(COLLECTION_LIMITS.outcomes, 'security outcomes')).default([]),
  mitigations: z.array(mitigationSchema).max(COLLECTION_LIMITS.mitigations, atMost(COLLECTION_LIMITS.mitigations, 'mitigations')).default([]),
  backlogPins: z.array(backlogPinSchema).max(COLLECTION_LIMITS.backlogPins, atMost(COLLECTION_LIMITS.backlogPins, 'backlog reorderings')).default([]),
  workshop: workshopSchema,
});

/**
 * Cross-entity rules a JSON Schema cannot express (unique ids, references that resolve, vote
 * rules) live in document-rules.ts, shared with the incremental check that guards every edit
 * and every save. A document that breaks them is rejected on load and offered a Repair that
 * lists what it changes, so nothing is lost silently.
 */
export const sessionDocumentSchema = documentShape.superRefine((doc, ctx) => {
  for (const issue of crossReferenceIssues(doc)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export type SessionDocument = z.output<typeof documentShape>;
export type SessionInfo = z.output<typeof sessionInfoSchema>;
export type Participant = z.output<typeof participantSchema>;
export type Journey = z.output<typeof journeySchema>;
export type Step = z.output<typeof stepSchema>;
export type StepKind = (typeof stepKinds)[number];
export type Flow = z.output<typeof flowSchema>;
export type Threat = z.output<typeof threatSchema>;
export type Outcome = z.output<typeof outcomeSchema>;
export type Mitigation = z.output<typeof mitigationSchema>;
export type Effort = (typeof efforts)[number];
export type ThreatStatus = (typeof threatStatuses)[number];
export type Viewport = z.output<typeof viewportSchema>;
export type BacklogPin = z.output<typeof backlogPinSchema>;
export type Workshop = z.output<typeof workshopSchema>;
export type WorkshopPhase = z.output<typeof workshopPhaseSchema>;
export type Vote = z.output<typeof voteSchema>;

/** The JSON Schema of the file format (committed as shared/threatstorm-session.schema.json). */
export function sessionJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(documentShape, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://threatstorm.invalid/schema/threatstorm-session.schema.json',
    title: 'Threatstorm session file',
    description:
      `A Threatstorm workshop session (*${SESSION_FILE_EXTENSION}). Ids must be unique across the document and ` +
      'every reference (journeyId, source, target, anchor, stepId, threatIds, authorId) must resolve; ' +
      'the app enforces those rules on top of this schema.',
    ...generated,
  };
}
