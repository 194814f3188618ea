/**
 * The prioritized security backlog, derived from a session document (never stored).
 *
 * ## What becomes an item
 * - Every mitigation that is still to do (`proposed`, `planned`, `in-progress`) is a ranked item
 *   (key `mitigation:<id>`). `done` and `wont-do` mitigations leave the ranked list and are reported
 *   in `closed`: finished or rejected work must not compete with work still to do for a place in the
 *   queue, but the report still shows it (a rejected mitigation is a decision people should see).
 * - Every open threat (status `open` or `mitigating`) with risk ≥ 5 (Medium) that no active
 *   mitigation covers becomes a "Decide: mitigate or accept" item (key `decide:<threatId>`).
 *   A `wont-do` mitigation covers nothing (the threat needs a new decision); a `done` one does
 *   (the work happened; the threat's status is lagging behind).
 * - Each security outcome adds its acceptance criteria to every item whose linked threats endanger
 *   it (outcome.threatIds ∩ item threats), deduplicated.
 *
 * ## Rank model
 * 1. base risk = likelihood × impact of the highest-risk *open* linked threat (1–25); threats that
 *    are mitigated, accepted, transferred or not applicable count 0.
 * 2. × 1.5 when an open linked threat sits on a critical journey (anchored on one of its steps, or
 *    on a flow between them).
 * 3. × (1 + 0.1 × min(votes, 10)), votes summed over the open linked threats: the room's dot votes
 *    nudge the order, at most doubling it.
 * 4. score = value ÷ effort weight (S = 1, M = 2, L = 3, XL = 5), a WSJF-like "risk removed per
 *    unit of effort". A "Decide" item counts as effort S: making the decision is a small task and
 *    it unblocks everything else about that threat.
 * 5. Sort by score (high first), then base risk (high first), then key (A→Z): the same document
 *    always gives the same order.
 * 6. Facilitator pins (`backlogPins`) are applied in order: each moves its item directly above or
 *    below the other one. Pins whose keys no longer exist are ignored; applied pins are shown on the
 *    item (`pinned`) and in its `why`.
 *
 * ## Priority P1–P4
 * From base risk × critical-journey weight only: P1 ≥ 20, P2 ≥ 10, P3 ≥ 5, otherwise P4. Priority
 * says how bad the risk is; it deliberately ignores effort and votes, so an expensive fix for a
 * critical risk stays P1 even when cheaper items rank above it, and votes never escalate a risk.
 * The edges follow the severity bands: a Critical threat is P1, High is P2, Medium P3, Low P4; on a
 * critical journey each moves up (16 → 24 is P1, 8 → 12 is P2, 4 → 6 is P3).
 *
 * Everything here is linear in the size of the document (maps; scans only of an item's few
 * links), so a session of thousands of threats derives in milliseconds. What items share is built
 * once: each linked threat's view, journey, outcomes, criteria and labels, and each distinct `why`
 * line; items get arrays of exactly their length. Deriving 5,000 items allocates about 17 MB
 * (it was 30 MB, most of it kept alive through the derivation and copied by the garbage collector).
 */
import type { BacklogPin, Flow, Journey, Mitigation, SessionDocument, Step, Threat } from './schema.ts';
import { isOpen, riskOf, severityOf, SEVERITY_LABELS, type Severity } from './scoring.ts';

export type Effort = Mitigation['effort'];
export type MitigationStatus = Mitigation['status'];

export const EFFORT_WEIGHTS: Readonly<Record<Effort, number>> = { S: 1, M: 2, L: 3, XL: 5 };
export const CRITICAL_JOURNEY_WEIGHT = 1.5;
export const VOTE_STEP = 0.1;
export const MAX_COUNTED_VOTES = 10;
/** Open threats at or above this risk with no mitigation become "Decide" items (Medium). */
export const DECIDE_THRESHOLD = 5;
export const PRIORITY_EDGES = { P1: 20, P2: 10, P3: 5 } as const;

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type BacklogItemKind = 'mitigation' | 'decide';
/** Mitigation statuses plus `to-decide` for "Decide" items. */
export type BacklogItemStatus = MitigationStatus | 'to-decide';

export interface BacklogJourney {
  id: string;
  name: string;
  critical: boolean;
  slug: string;
}

/** Where a threat sits: a step, or a flow (shown as "Source → Target"). */
export interface BacklogPlace {
  journeyId: string;
  journeyName: string;
  anchor: { type: 'step' | 'flow'; id: string };
  /** The step label, or "Source → Target (flow label)" for a flow. */
  label: string;
  stepIds: string[];
}

export interface BacklogThreat {
  id: string;
  title: string;
  risk: number;
  severity: Severity;
  status: Threat['status'];
  open: boolean;
  votes: number;
  category: { framework: string; key: string };
  place: BacklogPlace | null;
  /** The threat grammar as one sentence ('' when nothing was filled in). */
  statement: string;
}

export interface BacklogOutcome {
  id: string;
  statement: string;
  status: string;
  stepId: string;
  /** "Journey › Step". */
  where: string;
}

export interface AppliedPin {
  relation: 'above' | 'below';
  otherKey: string;
  note: string;
  by: string;
  at: string;
}

export interface BacklogItem {
  /** `mitigation:<id>` or `decide:<threatId>`; stable across edits, used by pins and exports. */
  key: string;
  kind: BacklogItemKind;
  /** The mitigation id or the threat id. */
  sourceId: string;
  title: string;
  description: string;
  /** Journeys of the linked threats, in document order; `journeys[0]` is not necessarily primary. */
  journeys: BacklogJourney[];
  /** The journey the item belongs under in a hierarchy: that of its top threat (else of any threat). */
  primaryJourneyId: string | null;
  /** Steps and flows of the linked threats, deduplicated. */
  places: BacklogPlace[];
  threats: BacklogThreat[];
  outcomes: BacklogOutcome[];
  acceptanceCriteria: string[];
  effort: Effort;
  status: BacklogItemStatus;
  owner: string;
  externalKey: string | null;
  labels: string[];
  /** Base risk: the highest open linked threat's likelihood × impact, 0 when none is open. */
  risk: number;
  /** Severity band of `risk`; null when no linked threat is open. */
  severity: Severity | null;
  criticalWeight: number;
  votes: number;
  voteFactor: number;
  effortWeight: number;
  value: number;
  score: number;
  priority: Priority;
  /** 1-based position after pins; 0 for closed items (not ranked). */
  rank: number;
  why: string[];
  pinned: AppliedPin | null;
}

export interface AcceptedRisk {
  threatId: string;
  title: string;
  risk: number;
  severity: Severity;
  category: { framework: string; key: string };
  place: BacklogPlace | null;
  owner: string;
  reason: string;
  /** ISO date (YYYY-MM-DD) or null when no acceptance was recorded. */
  reviewDate: string | null;
  /** The review date has passed (it is before today in the local time zone of `now`). */
  overdue: boolean;
  /** Accepted without owner, reason and review date: worth flagging, never hidden. */
  recorded: boolean;
}

export interface Backlog {
  items: BacklogItem[];
  /** Done and won't-do mitigations, in document order (rank 0). */
  closed: BacklogItem[];
  accepted: AcceptedRisk[];
}

export interface DeriveOptions {
  /** "Today" for overdue reviews; defaults to the current time. */
  now?: Date;
}

const CLOSED_MITIGATION: ReadonlySet<MitigationStatus> = new Set(['done', 'wont-do']);

/** Lower-case label/slug: letters and digits of any script, joined by "-", never leading "-". */
export function slugify(text: string, maxLength = 50): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** Collapses all whitespace (including newlines) to single spaces: for titles and one-line text. */
export function oneLine(text: string): string {
  // Fast path: exports call this for every piece of text of thousands of items.
  if (!NEEDS_COLLAPSE.test(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}
const NEEDS_COLLAPSE = /[^\S ]| {2}|^ | $/;

/** The threat grammar (source, prerequisites, action, impact, goals, assets) as one sentence. */
export function formatThreatStatement(statement: Threat['statement'] | undefined): string {
  if (!statement) return '';
  const source = oneLine(statement.source);
  const prerequisites = oneLine(statement.prerequisites);
  const action = oneLine(statement.action);
  const impact = oneLine(statement.impact);
  const goals = joinOneLines(statement.impactedGoals);
  const assets = joinOneLines(statement.impactedAssets);
  if (!source && !prerequisites && !action && !impact && !goals && !assets) return '';
  // Joined, not concatenated: one flat string, which every export then scans and escapes
  // (a concatenation is a rope the first scan has to copy flat).
  const text = [source || 'A threat source'];
  if (prerequisites) text.push(' ', prerequisites);
  text.push(action ? ` can ${action}` : ' can act');
  if (impact) text.push(', which leads to ', impact);
  if (goals) text.push(', negatively impacting ', goals);
  if (assets) text.push(goals ? ' of ' : ', affecting ', assets);
  text.push('.');
  return text.join('');
}

/** The non-empty entries, each on one line, joined by ", " (no intermediate arrays). */
function joinOneLines(list: readonly string[]): string {
  let out = '';
  for (const entry of list) {
    const text = oneLine(entry);
    if (text) out = out ? `${out}, ${text}` : text;
  }
  return out;
}

/** Numbers in `why` lines: at most two decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function priorityOf(weightedRisk: number): Priority {
  if (weightedRisk >= PRIORITY_EDGES.P1) return 'P1';
  if (weightedRisk >= PRIORITY_EDGES.P2) return 'P2';
  if (weightedRisk >= PRIORITY_EDGES.P3) return 'P3';
  return 'P4';
}

/** Today's date (YYYY-MM-DD) in the local time zone: what a person means by "today". */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface Index {
  journeys: Map<string, Journey>;
  journeySlugs: Map<string, string>;
  places: Map<string, BacklogPlace | null>;
  threats: Map<string, Threat>;
  outcomesByThreat: Map<string, SessionDocument['outcomes']>;
  stepWhere: (stepId: string) => string;
  /**
   * Memo: what every item linking a threat needs from it, built on first use. The views in it
   * (threat, journey, outcomes) are shared by every item that links the threat; they are
   * read-only. Items used to rebuild the journey, outcomes, criteria and labels per item.
   */
  threatInfo: Map<string, ThreatInfo>;
  /** Memo: each journey's backlog view, shared by every item on it, and its `journey-<slug>` label. */
  backlogJourneys: Map<string, BacklogJourney>;
  journeyLabels: Map<BacklogJourney, string>;
  /** Memo: each outcome's backlog view and its criteria (trimmed, with their dedupe keys). */
  outcomeInfo: Map<string, OutcomeInfo>;
  /** Memo: category label slugs ("stride-spoofing"); there are few distinct categories. */
  categoryLabels: Map<string, string>;
  /**
   * Memo: `why` lines. Most are the same text for many items ("effort M ÷2", "score 12"), so each
   * distinct line is built once and shared (strings are immutable): 5,000 items no longer keep
   * 30,000 freshly concatenated strings alive, which the garbage collector had to copy.
   */
  why: {
    critical: Map<BacklogJourney, string>;
    votes: Map<number, string>;
    score: Map<number, string>;
    /** By weighted risk, without and with the critical-journey weight. */
    priority: Map<number, string>;
    weightedPriority: Map<number, string>;
  };
}

interface OutcomeInfo {
  view: BacklogOutcome;
  criteria: string[];
  criteriaKeys: string[];
}

interface ThreatInfo {
  view: BacklogThreat;
  /** `step:<id>` or `flow:<id>`; '' without a place. */
  placeKey: string;
  /** The journey of the threat's place. */
  journey: BacklogJourney | null;
  categoryLabel: string;
  /** The outcomes this threat endangers (document order) and their criteria, deduplicated. */
  outcomes: BacklogOutcome[];
  criteria: string[];
  criteriaKeys: string[];
  /** The first `why` line of items whose top threat this is; built when first needed. */
  topWhy: string | null;
}

/**
 * A list reused by every item (derivation is synchronous): `take()` gives the item an array of
 * exactly its length and starts over. A fresh `[]` grown by `push` has room for 16, which made
 * every item several times bigger (all of it copied by the garbage collector); so does reusing
 * one array emptied with `length = 0`, which drops its storage. Hence the count. Entries past
 * the count are stale until `release()`, which deriveBacklog calls before and after its work.
 */
class Scratch<T> {
  private readonly values: T[] = [];
  size = 0;

  push(value: T): void {
    this.values[this.size++] = value;
  }

  at(i: number): T {
    return this.values[i]!;
  }

  includes(value: T): boolean {
    for (let i = 0; i < this.size; i++) if (this.values[i] === value) return true;
    return false;
  }

  /** The values so far as a new array of exactly their number; the scratch is empty after. */
  take(): T[] {
    const copy = this.values.slice(0, this.size);
    this.size = 0;
    return copy;
  }

  /** Empty again (the storage and, until `release()`, stale entries stay). */
  drop(): void {
    this.size = 0;
  }

  /** Empty, keeping the storage but no references (they would keep the last document alive). */
  release(): void {
    this.values.fill(undefined as T);
    this.size = 0;
  }
}

const scratch = {
  threats: new Scratch<Threat>(),
  why: new Scratch<string>(),
  journeys: new Scratch<BacklogJourney>(),
  places: new Scratch<BacklogPlace>(),
  placeKeys: new Scratch<string>(),
  outcomes: new Scratch<BacklogOutcome>(),
  criteria: new Scratch<string>(),
  criteriaKeys: new Scratch<string>(),
  labels: new Scratch<string>(),
};

/** Empties the scratch lists (a derivation that threw may have left something in them). */
function releaseScratch(): void {
  for (const list of Object.values(scratch)) list.release();
}

/** Above this many linked threats, deduplication uses sets instead of scanning the short lists. */
const SCAN_LIMIT = 8;

function memo<K>(map: Map<K, string>, key: K, build: (key: K) => string): string {
  let text = map.get(key);
  if (text === undefined) map.set(key, (text = build(key)));
  return text;
}

/** Calls `fn` for each distinct value, in order (no set for the usual one or two values). */
function forEachUnique(values: readonly string[], fn: (value: string) => void): void {
  if (values.length <= SCAN_LIMIT) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (values.indexOf(value) === i) fn(value);
    }
  } else {
    for (const value of new Set(values)) fn(value);
  }
}

function buildIndex(doc: SessionDocument): Index {
  // Plain loops: `new Map(list.map(…))` allocated a pair array per entry.
  const journeys = new Map<string, Journey>();
  const journeySlugs = new Map<string, string>();
  for (const j of doc.journeys) {
    journeys.set(j.id, j);
    journeySlugs.set(j.id, slugify(j.name) || slugify(j.id));
  }
  const steps = new Map<string, Step>();
  const stepLabels = new Map<string, string>();
  for (const step of doc.steps) {
    steps.set(step.id, step);
    stepLabels.set(step.id, oneLine(step.label) || '(unnamed step)');
  }
  const flows = new Map<string, Flow>();
  for (const f of doc.flows) flows.set(f.id, f);
  const threats = new Map<string, Threat>();
  for (const t of doc.threats) threats.set(t.id, t);
  const stepLabel = (id: string) => stepLabels.get(id) ?? '(unnamed step)';

  const places = new Map<string, BacklogPlace | null>();
  for (const threat of doc.threats) {
    const anchor = threat.anchor;
    let place: BacklogPlace | null = null;
    if (anchor?.type === 'step') {
      const step = steps.get(anchor.id);
      const journey = step && journeys.get(step.journeyId);
      if (step && journey) {
        place = { journeyId: journey.id, journeyName: journey.name, anchor: { type: 'step', id: step.id }, label: stepLabel(step.id), stepIds: [step.id] };
      }
    } else if (anchor?.type === 'flow') {
      const flow = flows.get(anchor.id);
      const journey = flow && journeys.get(flow.journeyId);
      if (flow && journey) {
        const flowLabel = oneLine(flow.label);
        place = {
          journeyId: journey.id,
          journeyName: journey.name,
          anchor: { type: 'flow', id: flow.id },
          label: `${stepLabel(flow.source)} → ${stepLabel(flow.target)}${flowLabel ? ` (${flowLabel})` : ''}`,
          stepIds: [flow.source, flow.target],
        };
      }
    }
    places.set(threat.id, place);
  }

  // Each threat's outcomes in document order, in arrays of exactly their length: counted first,
  // then filled from the back.
  const remaining = new Map<string, number>();
  for (const outcome of doc.outcomes) {
    forEachUnique(outcome.threatIds, (threatId) => remaining.set(threatId, (remaining.get(threatId) ?? 0) + 1));
  }
  const outcomesByThreat = new Map<string, SessionDocument['outcomes']>();
  for (let i = doc.outcomes.length - 1; i >= 0; i--) {
    const outcome = doc.outcomes[i]!;
    forEachUnique(outcome.threatIds, (threatId) => {
      const at = remaining.get(threatId)! - 1;
      remaining.set(threatId, at);
      let list = outcomesByThreat.get(threatId);
      if (!list) outcomesByThreat.set(threatId, (list = new Array<SessionDocument['outcomes'][number]>(at + 1)));
      list[at] = outcome;
    });
  }
  // "Journey › Step" for an outcome's step, built when an item first needs it.
  const stepWhereMemo = new Map<string, string>();
  const stepWhere = (stepId: string): string => {
    let where = stepWhereMemo.get(stepId);
    if (where === undefined) {
      const step = steps.get(stepId);
      where = step ? `${oneLine(journeys.get(step.journeyId)?.name ?? '')} › ${stepLabel(step.id)}` : '';
      stepWhereMemo.set(stepId, where);
    }
    return where;
  };
  return {
    journeys,
    journeySlugs,
    places,
    threats,
    outcomesByThreat,
    stepWhere,
    threatInfo: new Map(),
    backlogJourneys: new Map(),
    journeyLabels: new Map(),
    outcomeInfo: new Map(),
    categoryLabels: new Map(),
    why: { critical: new Map(), votes: new Map(), score: new Map(), priority: new Map(), weightedPriority: new Map() },
  };
}

function backlogJourney(journeyId: string, index: Index): BacklogJourney | null {
  let view = index.backlogJourneys.get(journeyId);
  if (view) return view;
  const journey = index.journeys.get(journeyId);
  if (!journey) return null;
  view = { id: journey.id, name: oneLine(journey.name), critical: journey.critical, slug: index.journeySlugs.get(journey.id) ?? '' };
  index.backlogJourneys.set(journeyId, view);
  return view;
}

function outcomeInfo(outcome: SessionDocument['outcomes'][number], index: Index): OutcomeInfo {
  let info = index.outcomeInfo.get(outcome.id);
  if (info) return info;
  const criteria: string[] = [];
  const criteriaKeys: string[] = [];
  for (const criterion of outcome.acceptanceCriteria) {
    const text = criterion.trim();
    const dedupeKey = oneLine(text).toLowerCase();
    if (!dedupeKey) continue;
    criteria.push(text);
    criteriaKeys.push(dedupeKey);
  }
  info = {
    view: {
      id: outcome.id,
      statement: oneLine(outcome.statement),
      status: outcome.status,
      stepId: outcome.stepId,
      where: index.stepWhere(outcome.stepId),
    },
    criteria,
    criteriaKeys,
  };
  index.outcomeInfo.set(outcome.id, info);
  return info;
}

function threatInfo(threat: Threat, index: Index): ThreatInfo {
  const known = index.threatInfo.get(threat.id);
  if (known) return known;
  const risk = riskOf(threat);
  const place = index.places.get(threat.id) ?? null;
  const view: BacklogThreat = {
    id: threat.id,
    title: oneLine(threat.title),
    risk,
    severity: severityOf(risk),
    status: threat.status,
    open: isOpen(threat),
    votes: threat.votes,
    category: { framework: threat.category.framework, key: threat.category.key },
    place,
    statement: formatThreatStatement(threat.statement),
  };
  const journey = place ? backlogJourney(place.journeyId, index) : null;

  // The outcomes endangered by this threat and their criteria, deduplicated as an item does:
  // criteria by their one-line lower-case text, in outcome order.
  const linked = index.outcomesByThreat.get(threat.id) ?? [];
  const outcomes = scratch.outcomes;
  const criteria = scratch.criteria;
  const criteriaKeys = scratch.criteriaKeys;
  const sets = linked.length > SCAN_LIMIT ? { outcomes: new Set<BacklogOutcome>(), criteria: new Set<string>() } : null;
  for (const outcome of linked) {
    // Views are one per outcome id, so this deduplicates by id.
    const info = outcomeInfo(outcome, index);
    if (sets ? sets.outcomes.has(info.view) : outcomes.includes(info.view)) continue;
    sets?.outcomes.add(info.view);
    outcomes.push(info.view);
    for (let i = 0; i < info.criteriaKeys.length; i++) {
      const key = info.criteriaKeys[i]!;
      if (sets ? sets.criteria.has(key) : criteriaKeys.includes(key)) continue;
      sets?.criteria.add(key);
      criteria.push(info.criteria[i]!);
      criteriaKeys.push(key);
    }
  }

  const info: ThreatInfo = {
    view,
    placeKey: place ? `${place.anchor.type}:${place.anchor.id}` : '',
    journey,
    categoryLabel: categoryLabel(view.category, index),
    outcomes: outcomes.take(),
    criteria: criteria.take(),
    criteriaKeys: criteriaKeys.take(),
    topWhy: null,
  };
  index.threatInfo.set(threat.id, info);
  return info;
}

function categoryLabel(category: { framework: string; key: string }, index: Index): string {
  const raw = `${category.framework}-${category.key}`;
  let label = index.categoryLabels.get(raw);
  if (label === undefined) index.categoryLabels.set(raw, (label = slugify(raw, 60)));
  return label;
}

const SEVERITY_TAGS: Readonly<Record<Severity, string>> = {
  low: 'severity-low',
  medium: 'severity-medium',
  high: 'severity-high',
  critical: 'severity-critical',
};

function addLabel(labels: Scratch<string>, label: string): void {
  if (label && !labels.includes(label)) labels.push(label);
}

const EFFORT_WHY: Readonly<Record<Effort, string>> = {
  S: `effort S ÷${EFFORT_WEIGHTS.S}`,
  M: `effort M ÷${EFFORT_WEIGHTS.M}`,
  L: `effort L ÷${EFFORT_WEIGHTS.L}`,
  XL: `effort XL ÷${EFFORT_WEIGHTS.XL}`,
};
const DECIDE_EFFORT_WHY: Readonly<Record<Effort, string>> = {
  S: `${EFFORT_WHY.S} (a decision is a small task)`,
  M: `${EFFORT_WHY.M} (a decision is a small task)`,
  L: `${EFFORT_WHY.L} (a decision is a small task)`,
  XL: `${EFFORT_WHY.XL} (a decision is a small task)`,
};

function criticalWhy(journey: BacklogJourney): string {
  // The view's name is already one line (oneLine of the journey's name).
  return `critical journey ×${formatNumber(CRITICAL_JOURNEY_WEIGHT)} (${journey.name})`;
}

function journeyLabel(journey: BacklogJourney): string {
  return journey.slug ? `journey-${journey.slug}` : '';
}

function votesWhy(votes: number): string {
  const voteFactor = round4(1 + VOTE_STEP * Math.min(votes, MAX_COUNTED_VOTES));
  return `${votes} vote${votes === 1 ? '' : 's'} ×${formatNumber(voteFactor)}${votes > MAX_COUNTED_VOTES ? ` (${MAX_COUNTED_VOTES} counted)` : ''}`;
}

function scoreWhy(score: number): string {
  return `score ${formatNumber(score)}`;
}

function priorityLine(weightedRisk: number, critical: boolean): string {
  const priority = priorityOf(weightedRisk);
  const edge = priority === 'P4' ? `< ${PRIORITY_EDGES.P3}` : `≥ ${PRIORITY_EDGES[priority]}`;
  return `${priority}: risk${critical ? ' × journey weight' : ''} ${formatNumber(weightedRisk)} ${edge}`;
}

function priorityWhy(weightedRisk: number): string {
  return priorityLine(weightedRisk, false);
}

function weightedPriorityWhy(weightedRisk: number): string {
  return priorityLine(weightedRisk, true);
}

interface ItemSeed {
  key: string;
  kind: BacklogItemKind;
  sourceId: string;
  title: string;
  description: string;
  threats: Threat[];
  effort: Effort;
  status: BacklogItemStatus;
  owner: string;
  externalKey: string | null;
}

function buildItem(seed: ItemSeed, index: Index): BacklogItem {
  const n = seed.threats.length;
  const infos = new Array<ThreatInfo>(n);
  const threats = new Array<BacklogThreat>(n);
  for (let i = 0; i < n; i++) {
    const info = threatInfo(seed.threats[i]!, index);
    infos[i] = info;
    threats[i] = info.view;
  }

  // The top threat: highest risk, then document order of the links (stable). The critical
  // journey: that of the first open threat on one. Votes: summed over the open threats.
  let topInfo: ThreatInfo | null = null;
  let criticalJourney: BacklogJourney | null = null;
  let votes = 0;
  for (const info of infos) {
    const t = info.view;
    if (!t.open) continue;
    if (!topInfo || t.risk > topInfo.view.risk) topInfo = info;
    if (!criticalJourney && info.journey?.critical) criticalJourney = info.journey;
    votes += t.votes;
  }
  const top = topInfo ? topInfo.view : null;
  const risk = top?.risk ?? 0;
  const criticalWeight = criticalJourney ? CRITICAL_JOURNEY_WEIGHT : 1;
  const countedVotes = Math.min(votes, MAX_COUNTED_VOTES);
  const voteFactor = round4(1 + VOTE_STEP * countedVotes);
  const effortWeight = EFFORT_WEIGHTS[seed.effort];
  const value = round4(risk * criticalWeight * voteFactor);
  const score = round4(value / effortWeight);
  const weightedRisk = round4(risk * criticalWeight);
  const priority = priorityOf(weightedRisk);

  // Each line's text is determined by its memo key (see Index.why).
  const why = scratch.why;
  if (topInfo) why.push((topInfo.topWhy ??= `highest open risk ${risk} (${SEVERITY_LABELS[topInfo.view.severity]}) from ‘${topInfo.view.title}’`));
  else why.push('no open linked threat: risk 0');
  if (criticalJourney) why.push(memo(index.why.critical, criticalJourney, criticalWhy));
  if (votes > 0) why.push(memo(index.why.votes, votes, votesWhy));
  why.push(seed.kind === 'decide' ? DECIDE_EFFORT_WHY[seed.effort] : EFFORT_WHY[seed.effort]);
  why.push(memo(index.why.score, score, scoreWhy));
  if (criticalWeight !== 1) why.push(memo(index.why.weightedPriority, weightedRisk, weightedPriorityWhy));
  else why.push(memo(index.why.priority, weightedRisk, priorityWhy));

  // Journeys and places of all linked threats, and the outcomes they endanger with their
  // criteria, each deduplicated in link order (a short scan for a few threats, sets for many).
  // Outcome and journey views are one per id, so identity is the id.
  const journeys = scratch.journeys;
  const places = scratch.places;
  const placeKeys = scratch.placeKeys;
  const sets = n > SCAN_LIMIT ? { places: new Set<string>(), journeys: new Set<BacklogJourney>() } : null;
  for (const info of infos) {
    const place = info.view.place;
    if (!place) continue;
    if (sets ? !sets.places.has(info.placeKey) : !placeKeys.includes(info.placeKey)) {
      sets?.places.add(info.placeKey);
      placeKeys.push(info.placeKey);
      places.push(place);
    }
    const journey = info.journey;
    if (journey && (sets ? !sets.journeys.has(journey) : !journeys.includes(journey))) {
      sets?.journeys.add(journey);
      journeys.push(journey);
    }
  }
  placeKeys.drop();
  let outcomes: BacklogOutcome[];
  let acceptanceCriteria: string[];
  if (n === 1) {
    // One threat (most items): its lists are already deduplicated.
    outcomes = infos[0]!.outcomes.slice();
    acceptanceCriteria = infos[0]!.criteria.slice();
  } else {
    const outcomeList = scratch.outcomes;
    const criteria = scratch.criteria;
    const criteriaKeys = scratch.criteriaKeys;
    const seen = n > SCAN_LIMIT ? { outcomes: new Set<BacklogOutcome>(), criteria: new Set<string>() } : null;
    for (const info of infos) {
      for (const outcome of info.outcomes) {
        if (seen ? seen.outcomes.has(outcome) : outcomeList.includes(outcome)) continue;
        seen?.outcomes.add(outcome);
        outcomeList.push(outcome);
      }
      for (let i = 0; i < info.criteriaKeys.length; i++) {
        const key = info.criteriaKeys[i]!;
        if (seen ? seen.criteria.has(key) : criteriaKeys.includes(key)) continue;
        seen?.criteria.add(key);
        criteriaKeys.push(key);
        criteria.push(info.criteria[i]!);
      }
    }
    outcomes = outcomeList.take();
    acceptanceCriteria = criteria.take();
    criteriaKeys.drop();
  }
  const primaryJourneyId = top?.place?.journeyId ?? (places.size > 0 ? places.at(0).journeyId : null);

  const labels = scratch.labels;
  labels.push('security');
  for (let i = 0; i < journeys.size; i++) addLabel(labels, memo(index.journeyLabels, journeys.at(i), journeyLabel));
  if (top) addLabel(labels, SEVERITY_TAGS[top.severity]);
  for (const info of infos) addLabel(labels, info.categoryLabel);
  if (seed.kind === 'decide') addLabel(labels, 'decision-needed');

  return {
    key: seed.key,
    kind: seed.kind,
    sourceId: seed.sourceId,
    title: seed.title,
    description: seed.description,
    journeys: journeys.take(),
    primaryJourneyId,
    places: places.take(),
    threats,
    outcomes,
    acceptanceCriteria,
    effort: seed.effort,
    status: seed.status,
    owner: oneLine(seed.owner),
    externalKey: seed.externalKey,
    labels: labels.take(),
    risk,
    severity: top ? top.severity : null,
    criticalWeight,
    votes,
    voteFactor,
    effortWeight,
    value,
    score,
    priority,
    rank: 0,
    why: why.take(),
    pinned: null,
  };
}

function mitigationSeed(m: Mitigation, index: Index): ItemSeed {
  let threats: Threat[];
  const only = m.threatIds.length === 1 ? index.threats.get(m.threatIds[0]!) : undefined;
  if (only) threats = [only];
  else {
    const list = scratch.threats;
    forEachUnique(m.threatIds, (id) => {
      const threat = index.threats.get(id);
      if (threat) list.push(threat);
    });
    threats = list.take();
  }
  return {
    key: `mitigation:${m.id}`,
    kind: 'mitigation',
    sourceId: m.id,
    title: oneLine(m.title),
    description: m.description.trim(),
    threats,
    effort: m.effort,
    status: m.status,
    owner: m.owner,
    externalKey: m.externalKey ?? null,
  };
}

function compareItems(a: BacklogItem, b: BacklogItem): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.risk !== b.risk) return b.risk - a.risk;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Applies pins in order on a doubly linked list, so each move is O(1) and many pins on a long
 * backlog stay linear.
 */
function applyPins(sorted: BacklogItem[], pins: readonly BacklogPin[]): BacklogItem[] {
  const n = sorted.length;
  if (n === 0 || pins.length === 0) return sorted;
  const position = new Map(sorted.map((item, i) => [item.key, i]));
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  let head = 0;
  const pinned = new Map<number, AppliedPin>();

  for (const pin of pins) {
    const a = position.get(pin.itemKey);
    const b = position.get(pin.otherKey);
    if (a === undefined || b === undefined || a === b) continue;
    // Unlink a.
    const pa = prev[a]!;
    const na = next[a]!;
    if (pa >= 0) next[pa] = na;
    else head = na;
    if (na >= 0) prev[na] = pa;
    if (pin.relation === 'above') {
      const pb = prev[b]!;
      prev[a] = pb;
      next[a] = b;
      prev[b] = a;
      if (pb >= 0) next[pb] = a;
      else head = a;
    } else {
      const nb = next[b]!;
      next[a] = nb;
      prev[a] = b;
      next[b] = a;
      if (nb >= 0) prev[nb] = a;
    }
    pinned.set(a, { relation: pin.relation, otherKey: pin.otherKey, note: pin.note, by: pin.by, at: pin.at });
  }

  const out: BacklogItem[] = [];
  for (let i = head; i >= 0; i = next[i]!) {
    const item = sorted[i]!;
    const pin = pinned.get(i);
    if (pin) {
      const other = sorted[position.get(pin.otherKey)!]!;
      const by = oneLine(pin.by);
      const note = oneLine(pin.note);
      item.pinned = pin;
      item.why.push(`pinned ${pin.relation} ‘${other.title}’${by ? ` by ${by}` : ''}${note ? `: ${note}` : ''}`);
    }
    out.push(item);
  }
  return out;
}

export function deriveBacklog(doc: SessionDocument, options: DeriveOptions = {}): Backlog {
  releaseScratch();
  const index = buildIndex(doc);
  // Each loop is a function of its own: V8 then optimizes it whole, instead of compiling the
  // middle of one long function on the fly and throwing that code away at the next loop (which
  // it did on every call, running much of the derivation unoptimized).
  const ranked: BacklogItem[] = [];
  const closed: BacklogItem[] = [];
  const covered = mitigationItems(doc, index, ranked, closed);
  decideItems(doc, index, covered, ranked);
  releaseScratch();

  ranked.sort(compareItems);
  const items = applyPins(ranked, doc.backlogPins ?? []);
  for (let i = 0; i < items.length; i++) items[i]!.rank = i + 1;

  return { items, closed, accepted: acceptedRisks(doc, index, localIsoDate(options.now ?? new Date())) };
}

/** An item per mitigation, to do (`ranked`) or done/won't do (`closed`); returns the covered threats. */
function mitigationItems(doc: SessionDocument, index: Index, ranked: BacklogItem[], closed: BacklogItem[]): Set<string> {
  const covered = new Set<string>();
  for (const m of doc.mitigations) {
    if (m.status !== 'wont-do') for (const id of m.threatIds) covered.add(id);
    const item = buildItem(mitigationSeed(m, index), index);
    (CLOSED_MITIGATION.has(m.status) ? closed : ranked).push(item);
  }
  return covered;
}

/** A "Decide" item per open threat of at least Medium risk that nothing covers. */
function decideItems(doc: SessionDocument, index: Index, covered: ReadonlySet<string>, ranked: BacklogItem[]): void {
  for (const threat of doc.threats) {
    if (!isOpen(threat) || covered.has(threat.id) || riskOf(threat) < DECIDE_THRESHOLD) continue;
    const title = oneLine(threat.title);
    ranked.push(
      buildItem(
        {
          key: `decide:${threat.id}`,
          kind: 'decide',
          sourceId: threat.id,
          title: `Decide: mitigate or accept ‘${title}’`,
          description:
            'No mitigation is planned for this threat yet. Decide: plan a mitigation, or accept the risk ' +
            'with an owner, a reason and a review date.',
          threats: [threat],
          effort: 'S',
          status: 'to-decide',
          owner: '',
          externalKey: null,
        },
        index,
      ),
    );
  }
}

function acceptedRisks(doc: SessionDocument, index: Index, today: string): AcceptedRisk[] {
  return doc.threats
    .filter((t) => t.status === 'accepted')
    .map((t) => {
      const risk = riskOf(t);
      const reviewDate = t.acceptance?.reviewDate ?? null;
      return {
        threatId: t.id,
        title: oneLine(t.title),
        risk,
        severity: severityOf(risk),
        category: { framework: t.category.framework, key: t.category.key },
        place: index.places.get(t.id) ?? null,
        owner: oneLine(t.acceptance?.owner ?? ''),
        reason: (t.acceptance?.reason ?? '').trim(),
        reviewDate,
        overdue: reviewDate !== null && reviewDate < today,
        recorded: t.acceptance !== undefined,
      };
    })
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        Number(a.recorded) - Number(b.recorded) ||
        (a.reviewDate ?? '').localeCompare(b.reviewDate ?? '') ||
        b.risk - a.risk ||
        (a.threatId < b.threatId ? -1 : a.threatId > b.threatId ? 1 : 0),
    );
}

export interface BacklogFilter {
  journeyId?: string;
  severity?: Severity;
  status?: BacklogItemStatus;
  /** Matches a linked threat's framework (deck), e.g. "STRIDE"; case-insensitive. */
  framework?: string;
  /** Matches a linked threat's category key ("spoofing") or "framework/key"; case-insensitive. */
  category?: string;
  /** Case-insensitive text search over titles, descriptions, threats, places, outcomes, criteria, owner. */
  search?: string;
}

export function filterBacklog(items: readonly BacklogItem[], filter: BacklogFilter): BacklogItem[] {
  const framework = filter.framework?.trim().toLowerCase();
  const category = filter.category?.trim().toLowerCase();
  const terms = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((item) => {
    if (filter.journeyId && !item.journeys.some((j) => j.id === filter.journeyId)) return false;
    if (filter.severity && item.severity !== filter.severity) return false;
    if (filter.status && item.status !== filter.status) return false;
    if (framework && !item.threats.some((t) => t.category.framework.toLowerCase() === framework)) return false;
    if (
      category &&
      !item.threats.some(
        (t) => t.category.key.toLowerCase() === category || `${t.category.framework}/${t.category.key}`.toLowerCase() === category,
      )
    ) {
      return false;
    }
    if (terms.length > 0) {
      const haystack = [
        item.key,
        item.title,
        item.description,
        item.owner,
        item.externalKey ?? '',
        ...item.labels,
        ...item.places.map((p) => `${p.journeyName} ${p.label}`),
        ...item.threats.map((t) => `${t.title} ${t.statement}`),
        ...item.outcomes.map((o) => o.statement),
        ...item.acceptanceCriteria,
      ]
        .join('\n')
        .toLowerCase();
      if (!terms.every((term) => haystack.includes(term))) return false;
    }
    return true;
  });
}
