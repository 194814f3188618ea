/**
 * The prioritized security backlog, derived from a session document (never stored). It is what a
 * planning team reads without us in the room, so every item says what the work is, where, and in
 * one human line why it sits where it does.
 *
 * ## What becomes an item
 * - Every mitigation still to do (`proposed`, `planned`, `in-progress`) is a "Do" item (key
 *   `mitigation:<id>`): the work somebody proposed. `done` and `wont-do` mitigations are reported in
 *   `closed`: finished or rejected work does not compete for a place in the queue, but the report
 *   still shows it.
 * - Every open threat (`open`, `mitigating`) that no active mitigation covers needs a decision: a
 *   "Decide" item (key `decide:<threatId>`). A `wont-do` mitigation covers nothing; a `done` one does.
 *   Identical open threats (the same card played twice on one step: threat-duplicates.ts) make one
 *   item, keyed by the first of them, with `duplicates` saying how many more it holds.
 * - Each security outcome adds its acceptance criteria to every item whose threats endanger it.
 *
 * ## Nothing disappears silently
 * - A Decide item whose risk (likelihood × impact) is below the session's threshold
 *   (`settings.backlogThreshold`, 5 = Medium by default) goes to `belowThreshold`, not away.
 * - An item whose open threats are not scored yet goes to `notScored`: it has no risk to rank by.
 *   (A Do item with some scored threats ranks by those and says how many are not scored.)
 * - An untouched "New threat" placeholder is no work at all: it is left out and counted.
 *
 * ## Rank and priority: one model
 * 1. Each open, scored linked threat weighs its risk (1–25) × 1.5 when it sits on a critical
 *    journey. The heaviest is the item's *top threat*: its risk and journey are what the item's
 *    line says ("High risk on a critical journey").
 * 2. × (1 + 0.1 per vote), votes summed over the open linked threats, at most 10 counted: the
 *    room's dot votes can lift an item, at most doubling its weight.
 * 3. That is the item's *urgency*; its priority is the band: P1 ≥ 20, P2 ≥ 10, P3 ≥ 5, else P4.
 * 4. The list is sorted by priority, then, within a priority, by urgency ÷ effort (S 1, M 2,
 *    L 3, XL 5; a decision counts as S): the work that removes the most risk per unit of effort
 *    first. Ties: urgency, risk, key. So the list reads top-down: no P2 above a P1, ever, and
 *    effort only orders work of the same priority (an expensive fix for a critical risk stays P1).
 * 5. Facilitator pins (`backlogPins`) then move an item directly above or below another. A moved
 *    item takes a priority that fits its new place (between its neighbours'), so the list still
 *    reads top-down; its line says who moved it.
 * Below-threshold items are P4 (the team said such risks wait); not-scored items have no rank.
 *
 * Everything here is linear in the size of the document (maps; scans only of an item's few
 * links), so a session of thousands of threats derives in milliseconds. What items share is built
 * once: each linked threat's view, journey, outcomes, criteria and labels, and each distinct `why`
 * line; items get arrays of exactly their length.
 */
import { plural } from './plural.ts';
import { DEFAULT_BACKLOG_THRESHOLD, type BacklogPin, type Flow, type Journey, type Mitigation, type SessionDocument, type Step, type Threat } from './schema.ts';
import { isOpen, riskOf, severityOf, SEVERITY_LABELS, type Severity } from './scoring.ts';
import { duplicateBucket, sameThreat } from './threat-duplicates.ts';
import { isUntouchedPlaceholder } from './threat-placeholder.ts';
import { threatSentence } from './threat-statement.ts';

export type Effort = Mitigation['effort'];
export type MitigationStatus = Mitigation['status'];

export const EFFORT_WEIGHTS: Readonly<Record<Effort, number>> = { S: 1, M: 2, L: 3, XL: 5 };
export const EFFORT_WORDS: Readonly<Record<Effort, string>> = { S: 'small', M: 'medium', L: 'large', XL: 'very large' };
export const CRITICAL_JOURNEY_WEIGHT = 1.5;
export const VOTE_STEP = 0.1;
export const MAX_COUNTED_VOTES = 10;
export const PRIORITY_EDGES = { P1: 20, P2: 10, P3: 5 } as const;

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type BacklogItemKind = 'mitigation' | 'decide';
/** Mitigation statuses plus `to-decide` for "Decide" items. */
export type BacklogItemStatus = MitigationStatus | 'to-decide';
/** Which list of the backlog an item is in. */
export type BacklogSection = 'ranked' | 'below-threshold' | 'not-scored' | 'closed';

/** Words for item statuses, as people say them (never the internal "to-decide"). */
export const ITEM_STATUS_LABELS: Readonly<Record<BacklogItemStatus, string>> = {
  'to-decide': 'To decide',
  proposed: 'Proposed',
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': 'Won’t do',
};

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
  likelihood: number | null;
  impact: number | null;
  /** likelihood × impact; null while not scored. */
  risk: number | null;
  severity: Severity | null;
  status: Threat['status'];
  open: boolean;
  votes: number;
  category: { framework: string; key: string };
  place: BacklogPlace | null;
  /** The threat grammar as the app shows it (threat-statement.ts); '' when nothing was filled in. */
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
  /** A short stable reference for trackers ("D7K3QX2M"): the same item always has the same one. */
  ref: string;
  kind: BacklogItemKind;
  section: BacklogSection;
  /** The mitigation id or the (first) threat id. */
  sourceId: string;
  /** "Do: <mitigation> — <threat> at <step>" or "Decide: <threat> at <step>". */
  title: string;
  /** The mitigation's own title; '' for a Decide item. */
  action: string;
  /** The mitigation's description; '' for a Decide item. */
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
  /** Mitigations the card of a Decide item's threat suggests (a starting point; see DeriveOptions). */
  suggestions: string[];
  effort: Effort;
  status: BacklogItemStatus;
  owner: string;
  externalKey: string | null;
  labels: string[];
  /** The top threat's likelihood × impact; 0 when no linked threat is open and scored. */
  risk: number;
  /** Severity band of `risk`; null when no linked threat is open and scored. */
  severity: Severity | null;
  /** The open scored threat that weighs most (risk × critical-journey weight); null: none. */
  topThreatId: string | null;
  /** The top threat sits on a critical journey. */
  critical: boolean;
  criticalWeight: number;
  /** Votes on the open linked threats. */
  votes: number;
  voteFactor: number;
  /** risk × critical-journey weight × vote factor: what the priority is the band of. */
  urgency: number;
  effortWeight: number;
  /** urgency ÷ effort weight: the order within a priority. */
  score: number;
  /** The band of `urgency` (P4 below the threshold). */
  ownPriority: Priority;
  /** What the item shows: `ownPriority`, unless a pin moved it among items of another priority. */
  priority: Priority;
  /** 1-based position in the ranked list after pins; 0 outside it. */
  rank: number;
  /** One human line: why it is where it is ("Critical risk on a critical journey · 3 votes · small effort"). */
  why: string;
  pinned: AppliedPin | null;
  /** Identical threats this Decide item holds beyond the first (0: none). */
  duplicates: number;
  /** Open linked threats that are not scored yet. */
  unscored: number;
}

export interface AcceptedRisk {
  threatId: string;
  title: string;
  /** null: accepted without ever being scored. */
  risk: number | null;
  severity: Severity | null;
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
  /** The ranked list, in order (rank 1…n). */
  items: BacklogItem[];
  /** Decide items below the risk threshold: P4, rank 0, in the order they would rank. */
  belowThreshold: BacklogItem[];
  /** Items without a scored open threat: no rank, in document order. */
  notScored: BacklogItem[];
  /** Done and won't-do mitigations, in document order (rank 0). */
  closed: BacklogItem[];
  accepted: AcceptedRisk[];
  /** The risk from which a Decide item is ranked (the session's setting). */
  threshold: number;
  /** Untouched "New threat" placeholders left out. */
  placeholders: number;
}

export interface DeriveOptions {
  /** "Today" for overdue reviews; defaults to the current time. */
  now?: Date;
  /**
   * Card id → the mitigations the card suggests (card-suggestions.ts), for Decide items. Given by
   * the caller, which knows the decks (built-in and custom): the card data stays out of the
   * export worker's bundle.
   */
  suggestions?: ReadonlyMap<string, readonly string[]>;
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

/** Numbers in ranking explanations: at most two decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function priorityOf(urgency: number): Priority {
  if (urgency >= PRIORITY_EDGES.P1) return 'P1';
  if (urgency >= PRIORITY_EDGES.P2) return 'P2';
  if (urgency >= PRIORITY_EDGES.P3) return 'P3';
  return 'P4';
}

/** The vote factor for a number of votes: 1 + 0.1 per vote, at most 10 counted. */
export function voteFactorOf(votes: number): number {
  return round4(1 + VOTE_STEP * Math.min(votes, MAX_COUNTED_VOTES));
}

/** Today's date (YYYY-MM-DD) in the local time zone: what a person means by "today". */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Crockford's base 32 (no I, L, O, U): a reference read aloud or typed is not misread. */
const REF_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short reference for an item: "D" (decide) or "M" (mitigation) and seven characters of a
 * hash of its key. Stable for the same item in every export; searchable in the app's backlog.
 */
export function itemRef(key: string): string {
  // Two FNV-1a hashes with different seeds: 35 bits are used, which keeps collisions among a
  // few thousand items unlikely (it is a reference for people, the key stays the identity).
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  let ref = key.startsWith('decide:') ? 'D' : 'M';
  for (let i = 0; i < 6; i++) ref += REF_ALPHABET[(a >>> (i * 5)) & 31];
  return ref + REF_ALPHABET[b & 31];
}

interface Index {
  journeys: Map<string, Journey>;
  journeySlugs: Map<string, string>;
  places: Map<string, BacklogPlace | null>;
  /**
   * Steps whose name is also on another journey ("Enters card details" on two checkouts): a
   * title naming one says "Journey › Step".
   */
  repeatedNames: Set<string>;
  threats: Map<string, Threat>;
  outcomesByThreat: Map<string, SessionDocument['outcomes']>;
  stepWhere: (stepId: string) => string;
  /**
   * Memo: what every item linking a threat needs from it, built on first use. The views in it
   * (threat, journey, outcomes) are shared by every item that links the threat; they are
   * read-only.
   */
  threatInfo: Map<string, ThreatInfo>;
  /** Memo: each journey's backlog view, shared by every item on it, and its `journey-<slug>` label. */
  backlogJourneys: Map<string, BacklogJourney>;
  journeyLabels: Map<BacklogJourney, string>;
  /** Memo: each outcome's backlog view and its criteria (trimmed, with their dedupe keys). */
  outcomeInfo: Map<string, OutcomeInfo>;
  /** Memo: category label slugs ("stride-spoofing"); there are few distinct categories. */
  categoryLabels: Map<string, string>;
  /** Memo: `why` lines by what they say; most items share one of a few dozen. */
  why: Map<number, string>;
  threshold: number;
  suggestions: ReadonlyMap<string, readonly string[]> | undefined;
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
  /** risk × critical-journey weight; -1 when not scored. */
  weighted: number;
  categoryLabel: string;
  /** The outcomes this threat endangers (document order) and their criteria, deduplicated. */
  outcomes: BacklogOutcome[];
  criteria: string[];
  criteriaKeys: string[];
  /** "<threat> at <place>" for titles; built when first needed. */
  titleText: string | null;
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

function buildIndex(doc: SessionDocument, suggestions: ReadonlyMap<string, readonly string[]> | undefined): Index {
  // Plain loops: `new Map(list.map(…))` allocated a pair array per entry.
  const journeys = new Map<string, Journey>();
  const journeySlugs = new Map<string, string>();
  for (const j of doc.journeys) {
    journeys.set(j.id, j);
    journeySlugs.set(j.id, slugify(j.name) || slugify(j.id));
  }
  const steps = new Map<string, Step>();
  const stepLabels = new Map<string, string>();
  // A step name used on more than one journey ("Enters card details" on two checkouts) is
  // ambiguous in a title; the title then names the journey too. '' marks such a name.
  const labelJourney = new Map<string, string>();
  for (const step of doc.steps) {
    steps.set(step.id, step);
    const label = oneLine(step.label) || '(unnamed step)';
    stepLabels.set(step.id, label);
    const norm = label.toLowerCase();
    const seen = labelJourney.get(norm);
    if (seen === undefined) labelJourney.set(norm, step.journeyId);
    else if (seen !== step.journeyId) labelJourney.set(norm, '');
  }
  const flows = new Map<string, Flow>();
  for (const f of doc.flows) flows.set(f.id, f);
  const threats = new Map<string, Threat>();
  for (const t of doc.threats) threats.set(t.id, t);
  const stepLabel = (id: string) => stepLabels.get(id) ?? '(unnamed step)';
  const repeatedNames = new Set<string>();
  if (labelJourney.size < doc.steps.length) {
    for (const step of doc.steps) if (labelJourney.get(stepLabel(step.id).toLowerCase()) === '') repeatedNames.add(step.id);
  }

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
    repeatedNames,
    threats,
    outcomesByThreat,
    stepWhere,
    threatInfo: new Map(),
    backlogJourneys: new Map(),
    journeyLabels: new Map(),
    outcomeInfo: new Map(),
    categoryLabels: new Map(),
    why: new Map(),
    threshold: doc.session.settings?.backlogThreshold ?? DEFAULT_BACKLOG_THRESHOLD,
    suggestions,
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
    likelihood: threat.likelihood,
    impact: threat.impact,
    risk,
    severity: risk === null ? null : severityOf(risk),
    status: threat.status,
    open: isOpen(threat),
    votes: threat.votes,
    category: { framework: threat.category.framework, key: threat.category.key },
    place,
    // The very sentence the threat editor shows (the export used to drop its article).
    statement: threatSentence(threat.statement),
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
    weighted: risk === null ? -1 : journey?.critical ? risk * CRITICAL_JOURNEY_WEIGHT : risk,
    categoryLabel: categoryLabel(view.category, index),
    outcomes: outcomes.take(),
    criteria: criteria.take(),
    criteriaKeys: criteriaKeys.take(),
    titleText: null,
  };
  index.threatInfo.set(threat.id, info);
  return info;
}

/**
 * "<threat> at <place>" (or the threat's title alone without a place); the place as "Journey ›
 * Step" when its step names are on another journey too (both ends, for a flow).
 */
function threatTitleText(info: ThreatInfo, index: Index): string {
  if (info.titleText === null) {
    const place = info.view.place;
    if (!place) info.titleText = info.view.title;
    else {
      const repeated = place.stepIds.every((id) => index.repeatedNames.has(id));
      // Joined, not concatenated: a flat string (see the item title).
      info.titleText = (repeated ? [info.view.title, ' at ', oneLine(place.journeyName), ' › ', place.label] : [info.view.title, ' at ', place.label]).join('');
    }
  }
  return info.titleText;
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

function journeyLabel(journey: BacklogJourney): string {
  return journey.slug ? `journey-${journey.slug}` : '';
}

const SEVERITY_INDEX: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
const EFFORT_INDEX: Readonly<Record<Effort, number>> = { S: 1, M: 2, L: 3, XL: 4 };
const NO_SUGGESTIONS: readonly string[] = Object.freeze([]);

interface WhyFacts {
  section: BacklogSection;
  severity: Severity | null;
  critical: boolean;
  linked: number;
  votes: number;
  unscored: number;
  kind: BacklogItemKind;
  effort: Effort;
}

/** The item's one line, e.g. "High risk on a critical journey · 5 votes · small effort". */
function whyLine(facts: WhyFacts, threshold: number): string {
  const parts: string[] = [];
  const { severity } = facts;
  const on = facts.critical ? ' on a critical journey' : '';
  if (facts.section === 'not-scored') parts.push('Not scored yet');
  else if (severity === null) parts.push(facts.linked === 0 ? 'Not linked to a threat' : 'No open risk left');
  else if (facts.section === 'below-threshold') parts.push(`${SEVERITY_LABELS[severity]} risk${on}, below the backlog threshold of ${threshold}`);
  else parts.push(`${SEVERITY_LABELS[severity]} risk${on}`);
  if (facts.votes > 0) parts.push(plural(facts.votes, 'vote', 'votes'));
  if (facts.unscored > 0 && facts.section !== 'not-scored') parts.push(`${plural(facts.unscored, 'linked threat', 'linked threats')} not scored`);
  parts.push(facts.kind === 'decide' ? 'needs a decision' : `${EFFORT_WORDS[facts.effort]} effort`);
  return parts.join(' · ');
}

/** Memoized: one string per distinct line (a few dozen for thousands of items). */
function whyFor(facts: WhyFacts, index: Index): string {
  if (facts.unscored > 0) return whyLine(facts, index.threshold);
  const head =
    facts.section === 'not-scored'
      ? 16
      : facts.severity === null
        ? facts.linked === 0
          ? 17
          : 18
        : (facts.section === 'below-threshold' ? 8 : 0) + SEVERITY_INDEX[facts.severity] * 2 + (facts.critical ? 1 : 0);
  const tail = facts.kind === 'decide' ? 0 : EFFORT_INDEX[facts.effort];
  const code = (head * 5 + tail) * 10_001 + Math.min(facts.votes, 10_000);
  let line = index.why.get(code);
  if (line === undefined) index.why.set(code, (line = whyLine(facts, index.threshold)));
  return line;
}

interface ItemSeed {
  key: string;
  kind: BacklogItemKind;
  sourceId: string;
  action: string;
  description: string;
  threats: Threat[];
  effort: Effort;
  status: BacklogItemStatus;
  owner: string;
  externalKey: string | null;
  closed: boolean;
  duplicates: number;
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

  // The top threat: the open scored threat of highest risk × critical-journey weight (document
  // order of the links breaks ties). Votes: summed over the open threats.
  let topInfo: ThreatInfo | null = null;
  let firstOpen: ThreatInfo | null = null;
  let votes = 0;
  let unscored = 0;
  for (const info of infos) {
    const t = info.view;
    if (!t.open) continue;
    firstOpen ??= info;
    votes += t.votes;
    if (t.risk === null) unscored++;
    else if (!topInfo || info.weighted > topInfo.weighted) topInfo = info;
  }
  const top = topInfo ? topInfo.view : null;
  const risk = top?.risk ?? 0;
  const critical = topInfo?.journey?.critical === true;
  const criticalWeight = critical ? CRITICAL_JOURNEY_WEIGHT : 1;
  const voteFactor = voteFactorOf(votes);
  const effortWeight = EFFORT_WEIGHTS[seed.effort];
  const urgency = round4(risk * criticalWeight * voteFactor);
  const score = round4(urgency / effortWeight);

  const section: BacklogSection = seed.closed
    ? 'closed'
    : unscored > 0 && !top
      ? 'not-scored'
      : seed.kind === 'decide' && risk < index.threshold
        ? 'below-threshold'
        : 'ranked';
  const ownPriority = section === 'ranked' || section === 'closed' ? priorityOf(urgency) : 'P4';

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
  if (top?.severity) addLabel(labels, SEVERITY_TAGS[top.severity]);
  for (const info of infos) addLabel(labels, info.categoryLabel);
  if (seed.kind === 'decide') addLabel(labels, 'decision-needed');

  // The title names the work, the threat and where it happens. Joined, not concatenated: one
  // flat string (a concatenation is a rope that every export's first scan has to copy flat,
  // for each of thousands of items).
  const named = topInfo ?? firstOpen ?? infos[0] ?? null;
  let title: string;
  if (seed.kind === 'decide') title = ['Decide: ', named ? threatTitleText(named, index) : seed.action].join('');
  else if (!named) title = ['Do: ', seed.action].join('');
  else title = (n > 1 ? ['Do: ', seed.action, ' — ', threatTitleText(named, index), ' (+', String(n - 1), ' more)'] : ['Do: ', seed.action, ' — ', threatTitleText(named, index)]).join('');

  let suggestions = NO_SUGGESTIONS;
  if (seed.kind === 'decide' && index.suggestions) {
    for (const threat of seed.threats) {
      const found = threat.cardId === undefined ? undefined : index.suggestions.get(threat.cardId);
      if (found && found.length > 0) {
        suggestions = found;
        break;
      }
    }
  }

  return {
    key: seed.key,
    ref: itemRef(seed.key),
    kind: seed.kind,
    section,
    sourceId: seed.sourceId,
    title,
    action: seed.action,
    description: seed.description,
    journeys: journeys.take(),
    primaryJourneyId,
    places: places.take(),
    threats,
    outcomes,
    acceptanceCriteria,
    suggestions: suggestions as string[],
    effort: seed.effort,
    status: seed.status,
    owner: oneLine(seed.owner),
    externalKey: seed.externalKey,
    labels: labels.take(),
    risk,
    severity: top ? top.severity : null,
    topThreatId: top ? top.id : null,
    critical,
    criticalWeight,
    votes,
    voteFactor,
    urgency,
    effortWeight,
    score,
    ownPriority,
    priority: ownPriority,
    rank: 0,
    why: whyFor({ section, severity: top ? top.severity : null, critical, linked: n, votes, unscored, kind: seed.kind, effort: seed.effort }, index),
    pinned: null,
    duplicates: seed.duplicates,
    unscored,
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
    action: oneLine(m.title),
    description: m.description.trim(),
    threats,
    effort: m.effort,
    status: m.status,
    owner: m.owner,
    externalKey: m.externalKey ?? null,
    closed: CLOSED_MITIGATION.has(m.status),
    duplicates: 0,
  };
}

/** Priority first (the list reads top-down), then risk removed per effort, urgency, risk, key. */
export function compareItems(a: BacklogItem, b: BacklogItem): number {
  if (a.ownPriority !== b.ownPriority) return a.ownPriority < b.ownPriority ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  if (a.urgency !== b.urgency) return b.urgency - a.urgency;
  if (a.risk !== b.risk) return b.risk - a.risk;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** How an item is named in another item's line: the mitigation, or the threat to decide on. */
function shortName(item: BacklogItem): string {
  return item.kind === 'mitigation' ? item.action : (item.threats[0]?.title ?? item.title);
}

/**
 * Applies pins in order on a doubly linked list, so each move is O(1) and many pins on a long
 * backlog stay linear. Returns the new order and which positions (of `sorted`) were moved.
 */
function applyPins(sorted: BacklogItem[], pins: readonly BacklogPin[]): BacklogItem[] {
  const n = sorted.length;
  if (n === 0 || pins.length === 0) return sorted;
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) position.set(sorted[i]!.key, i);
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
  if (pinned.size === 0) return sorted;

  const out: BacklogItem[] = [];
  for (let i = head; i >= 0; i = next[i]!) {
    const item = sorted[i]!;
    const pin = pinned.get(i);
    if (pin) {
      const other = sorted[position.get(pin.otherKey)!]!;
      const by = oneLine(pin.by);
      const note = oneLine(pin.note);
      item.pinned = pin;
      item.why = `${item.why} · moved ${pin.relation} “${shortName(other)}”${by ? ` by ${by}` : ''}${note ? `: ${note}` : ''}`;
    }
    out.push(item);
  }
  fitMovedPriorities(out);
  return out;
}

/**
 * Gives moved items a priority that fits their place, so the list still reads top-down. Items
 * nobody moved keep theirs (they are still in sorted order among themselves); a run of moved
 * items between two of them is kept within their neighbours' priorities and made to read
 * top-down within itself (a lower item lifts a higher one in the run, never the other way).
 */
function fitMovedPriorities(list: BacklogItem[]): void {
  let i = 0;
  while (i < list.length) {
    if (!list[i]!.pinned) {
      i++;
      continue;
    }
    let end = i;
    while (end < list.length && list[end]!.pinned) end++;
    const above: Priority = i > 0 ? list[i - 1]!.priority : 'P1';
    const below: Priority = end < list.length ? list[end]!.priority : 'P4';
    for (let k = i; k < end; k++) {
      const own = list[k]!.ownPriority;
      list[k]!.priority = own < above ? above : own > below ? below : own;
    }
    for (let k = end - 2; k >= i; k--) {
      const lower = list[k + 1]!.priority;
      if (lower < list[k]!.priority) list[k]!.priority = lower;
    }
    i = end;
  }
}

export function deriveBacklog(doc: SessionDocument, options: DeriveOptions = {}): Backlog {
  releaseScratch();
  const index = buildIndex(doc, options.suggestions);
  // Each loop is a function of its own: V8 then optimizes it whole, instead of compiling the
  // middle of one long function on the fly and throwing that code away at the next loop (which
  // it did on every call, running much of the derivation unoptimized).
  const sections: Sections = { ranked: [], 'below-threshold': [], 'not-scored': [], closed: [] };
  const covered = mitigationItems(doc, index, sections);
  const placeholders = decideItems(doc, index, covered, sections);
  releaseScratch();

  const ranked = sections.ranked.sort(compareItems);
  const items = applyPins(ranked, doc.backlogPins ?? []);
  for (let i = 0; i < items.length; i++) items[i]!.rank = i + 1;

  return {
    items,
    belowThreshold: sections['below-threshold'].sort(compareItems),
    notScored: sections['not-scored'],
    closed: sections.closed,
    accepted: acceptedRisks(doc, index, localIsoDate(options.now ?? new Date())),
    threshold: index.threshold,
    placeholders,
  };
}

type Sections = Record<BacklogSection, BacklogItem[]>;

/** An item per mitigation, in the section it belongs to; returns the threats they cover. */
function mitigationItems(doc: SessionDocument, index: Index, sections: Sections): Set<string> {
  const covered = new Set<string>();
  for (const m of doc.mitigations) {
    if (m.status !== 'wont-do') for (const id of m.threatIds) covered.add(id);
    const item = buildItem(mitigationSeed(m, index), index);
    sections[item.section].push(item);
  }
  return covered;
}

/**
 * A "Decide" item per open threat nothing covers (identical threats together), in the section
 * it belongs to; returns how many untouched placeholders were left out.
 */
function decideItems(doc: SessionDocument, index: Index, covered: ReadonlySet<string>, sections: Sections): number {
  let placeholders = 0;
  const groups: Threat[][] = [];
  // Groups by bucket (place and title): only threats in one bucket can be duplicates.
  const buckets = new Map<string, Threat[][]>();
  for (const threat of doc.threats) {
    if (!isOpen(threat) || covered.has(threat.id)) continue;
    if (isUntouchedPlaceholder(threat)) {
      placeholders++;
      continue;
    }
    const bucket = duplicateBucket(threat);
    const inBucket = bucket === null ? undefined : buckets.get(bucket);
    const known = inBucket?.find((group) => sameThreat(group[0]!, threat));
    if (known) {
      known.push(threat);
      continue;
    }
    const group = [threat];
    if (bucket !== null) {
      if (inBucket) inBucket.push(group);
      else buckets.set(bucket, [group]);
    }
    groups.push(group);
  }
  for (const group of groups) {
    const first = group[0]!;
    const item = buildItem(
      {
        key: `decide:${first.id}`,
        kind: 'decide',
        sourceId: first.id,
        action: oneLine(first.title),
        description: '',
        threats: group,
        effort: 'S',
        status: 'to-decide',
        owner: '',
        externalKey: null,
        closed: false,
        duplicates: group.length - 1,
      },
      index,
    );
    sections[item.section].push(item);
  }
  return placeholders;
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
        severity: risk === null ? null : severityOf(risk),
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
        (b.risk ?? 0) - (a.risk ?? 0) ||
        (a.threatId < b.threatId ? -1 : a.threatId > b.threatId ? 1 : 0),
    );
}

/**
 * The numbers behind an item's place, for the app's "How it is ranked" (the exports carry only
 * the one-line `why`): built on demand, for the item a person opens.
 */
export function explainRanking(item: BacklogItem, threshold: number): string[] {
  const lines: string[] = [];
  if (item.section === 'not-scored') {
    lines.push('Not ranked: no linked open threat is scored yet. Score its likelihood and impact to rank it.');
    return lines;
  }
  if (item.section === 'closed') {
    lines.push(`Not ranked: the mitigation is ${ITEM_STATUS_LABELS[item.status].toLowerCase()}.`);
    return lines;
  }
  const top = item.threats.find((t) => t.id === item.topThreatId);
  if (item.severity === null) {
    lines.push(item.threats.length === 0 ? 'Risk 0: no threat is linked.' : 'Risk 0: none of its threats is open any more.');
  } else {
    const scores = top && top.likelihood !== null && top.impact !== null ? ` (likelihood ${top.likelihood} × impact ${top.impact})` : '';
    lines.push(`Risk ${item.risk}, ${SEVERITY_LABELS[item.severity]}${scores}${top ? `, from “${top.title}”` : ''}.`);
  }
  if (item.critical) lines.push(`× ${formatNumber(CRITICAL_JOURNEY_WEIGHT)}: on a critical journey.`);
  if (item.votes > 0) {
    const counted = item.votes > MAX_COUNTED_VOTES ? ` (${MAX_COUNTED_VOTES} count)` : '';
    lines.push(`× ${formatNumber(item.voteFactor)}: ${plural(item.votes, 'vote', 'votes')}${counted}, ${formatNumber(VOTE_STEP)} each.`);
  }
  if (item.section === 'below-threshold') {
    lines.push(`Below the backlog threshold (risk ${threshold}): P4, listed apart until the threshold is lowered or the threat is rescored.`);
  } else {
    const edge = item.ownPriority === 'P4' ? `below ${PRIORITY_EDGES.P3}` : `${PRIORITY_EDGES[item.ownPriority]} or more`;
    lines.push(`= urgency ${formatNumber(item.urgency)}: ${item.ownPriority} (${edge}; P1 from ${PRIORITY_EDGES.P1}, P2 from ${PRIORITY_EDGES.P2}, P3 from ${PRIORITY_EDGES.P3}).`);
  }
  const effort = item.kind === 'decide' ? 'a decision counts as effort S (1)' : `effort ${item.effort} (${item.effortWeight})`;
  lines.push(`Within ${item.ownPriority}: urgency ÷ ${effort} = ${formatNumber(item.score)}; higher comes first.`);
  if (item.pinned) {
    const moved = item.priority !== item.ownPriority ? `; shown as ${item.priority} to fit its new place (${item.ownPriority} by its risk)` : '';
    lines.push(`Moved ${item.pinned.relation} another item by ${oneLine(item.pinned.by) || 'the facilitator'}${moved}.`);
  }
  if (item.duplicates > 0) lines.push(`Holds ${plural(item.duplicates + 1, 'identical threat', 'identical threats')} on the same step: votes are added up.`);
  return lines;
}

export interface BacklogFilter {
  journeyId?: string;
  severity?: Severity;
  status?: BacklogItemStatus;
  /** Matches a linked threat's framework (deck), e.g. "STRIDE"; case-insensitive. */
  framework?: string;
  /** Matches a linked threat's category key ("spoofing") or "framework/key"; case-insensitive. */
  category?: string;
  /** Case-insensitive text search over titles, references, descriptions, threats, places, outcomes, criteria, owner. */
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
        item.ref,
        item.title,
        item.description,
        item.why,
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
