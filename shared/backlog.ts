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
 * Everything here is linear in the size of the document (maps, no nested scans), so a session of
 * thousands of threats derives in milliseconds.
 */
import type { BacklogPin, Journey, Mitigation, SessionDocument, Threat } from './schema.ts';
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
  const goals = statement.impactedGoals.map(oneLine).filter(Boolean);
  const assets = statement.impactedAssets.map(oneLine).filter(Boolean);
  if (!source && !prerequisites && !action && !impact && goals.length === 0 && assets.length === 0) return '';
  let text = source || 'A threat source';
  if (prerequisites) text += ` ${prerequisites}`;
  text += action ? ` can ${action}` : ' can act';
  if (impact) text += `, which leads to ${impact}`;
  if (goals.length > 0) text += `, negatively impacting ${goals.join(', ')}`;
  if (assets.length > 0) text += `${goals.length > 0 ? ' of' : ', affecting'} ${assets.join(', ')}`;
  return `${text}.`;
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
  stepWhere: Map<string, string>;
  /** Memo: each threat's backlog view is shared by every item that links it (both are read-only). */
  backlogThreats: Map<string, BacklogThreat>;
  /** Memo: category label slugs ("stride-spoofing"); there are few distinct categories. */
  categoryLabels: Map<string, string>;
}

function buildIndex(doc: SessionDocument): Index {
  const journeys = new Map(doc.journeys.map((j) => [j.id, j]));
  const journeySlugs = new Map(doc.journeys.map((j) => [j.id, slugify(j.name) || slugify(j.id)]));
  const steps = new Map(doc.steps.map((s) => [s.id, s]));
  const flows = new Map(doc.flows.map((f) => [f.id, f]));
  const threats = new Map(doc.threats.map((t) => [t.id, t]));
  const stepLabel = (id: string) => oneLine(steps.get(id)?.label ?? '') || '(unnamed step)';

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

  const outcomesByThreat = new Map<string, SessionDocument['outcomes']>();
  for (const outcome of doc.outcomes) {
    for (const threatId of new Set(outcome.threatIds)) {
      let list = outcomesByThreat.get(threatId);
      if (!list) outcomesByThreat.set(threatId, (list = []));
      list.push(outcome);
    }
  }
  const stepWhere = new Map(
    doc.steps.map((s) => [s.id, `${oneLine(journeys.get(s.journeyId)?.name ?? '')} › ${stepLabel(s.id)}`]),
  );
  return { journeys, journeySlugs, places, threats, outcomesByThreat, stepWhere, backlogThreats: new Map(), categoryLabels: new Map() };
}

function toBacklogThreat(threat: Threat, index: Index): BacklogThreat {
  const known = index.backlogThreats.get(threat.id);
  if (known) return known;
  const risk = riskOf(threat);
  const view: BacklogThreat = {
    id: threat.id,
    title: oneLine(threat.title),
    risk,
    severity: severityOf(risk),
    status: threat.status,
    open: isOpen(threat),
    votes: threat.votes,
    category: { framework: threat.category.framework, key: threat.category.key },
    place: index.places.get(threat.id) ?? null,
    statement: formatThreatStatement(threat.statement),
  };
  index.backlogThreats.set(threat.id, view);
  return view;
}

function categoryLabel(category: { framework: string; key: string }, index: Index): string {
  const raw = `${category.framework}-${category.key}`;
  let label = index.categoryLabels.get(raw);
  if (label === undefined) index.categoryLabels.set(raw, (label = slugify(raw, 60)));
  return label;
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
  const threats = seed.threats.map((t) => toBacklogThreat(t, index));
  const open = threats.filter((t) => t.open);

  // The top threat: highest risk, then document order of the links (stable).
  let top: BacklogThreat | null = null;
  for (const t of open) if (!top || t.risk > top.risk) top = t;
  const risk = top?.risk ?? 0;
  const criticalJourney = open.map((t) => t.place && index.journeys.get(t.place.journeyId)).find((j) => j?.critical) ?? null;
  const criticalWeight = criticalJourney ? CRITICAL_JOURNEY_WEIGHT : 1;
  const votes = open.reduce((sum, t) => sum + t.votes, 0);
  const countedVotes = Math.min(votes, MAX_COUNTED_VOTES);
  const voteFactor = round4(1 + VOTE_STEP * countedVotes);
  const effortWeight = EFFORT_WEIGHTS[seed.effort];
  const value = round4(risk * criticalWeight * voteFactor);
  const score = round4(value / effortWeight);
  const weightedRisk = round4(risk * criticalWeight);
  const priority = priorityOf(weightedRisk);

  const why: string[] = [];
  if (top) why.push(`highest open risk ${risk} (${SEVERITY_LABELS[top.severity]}) from ‘${top.title}’`);
  else why.push('no open linked threat: risk 0');
  if (criticalJourney) why.push(`critical journey ×${formatNumber(CRITICAL_JOURNEY_WEIGHT)} (${oneLine(criticalJourney.name)})`);
  if (votes > 0) {
    why.push(`${votes} vote${votes === 1 ? '' : 's'} ×${formatNumber(voteFactor)}${votes > MAX_COUNTED_VOTES ? ` (${MAX_COUNTED_VOTES} counted)` : ''}`);
  }
  why.push(`effort ${seed.effort} ÷${effortWeight}${seed.kind === 'decide' ? ' (a decision is a small task)' : ''}`);
  why.push(`score ${formatNumber(score)}`);
  const edge = priority === 'P4' ? `< ${PRIORITY_EDGES.P3}` : `≥ ${PRIORITY_EDGES[priority]}`;
  why.push(`${priority}: risk${criticalWeight !== 1 ? ' × journey weight' : ''} ${formatNumber(weightedRisk)} ${edge}`);

  const journeys: BacklogJourney[] = [];
  const seenJourneys = new Set<string>();
  const places: BacklogPlace[] = [];
  const seenPlaces = new Set<string>();
  for (const t of threats) {
    if (!t.place) continue;
    const placeKey = `${t.place.anchor.type}:${t.place.anchor.id}`;
    if (!seenPlaces.has(placeKey)) {
      seenPlaces.add(placeKey);
      places.push(t.place);
    }
    if (!seenJourneys.has(t.place.journeyId)) {
      seenJourneys.add(t.place.journeyId);
      const journey = index.journeys.get(t.place.journeyId);
      if (journey) {
        journeys.push({ id: journey.id, name: oneLine(journey.name), critical: journey.critical, slug: index.journeySlugs.get(journey.id) ?? '' });
      }
    }
  }
  const primaryJourneyId = top?.place?.journeyId ?? places[0]?.journeyId ?? null;

  const outcomes: BacklogOutcome[] = [];
  const acceptanceCriteria: string[] = [];
  const seenOutcomes = new Set<string>();
  const seenCriteria = new Set<string>();
  for (const t of seed.threats) {
    for (const outcome of index.outcomesByThreat.get(t.id) ?? []) {
      if (seenOutcomes.has(outcome.id)) continue;
      seenOutcomes.add(outcome.id);
      outcomes.push({
        id: outcome.id,
        statement: oneLine(outcome.statement),
        status: outcome.status,
        stepId: outcome.stepId,
        where: index.stepWhere.get(outcome.stepId) ?? '',
      });
      for (const criterion of outcome.acceptanceCriteria) {
        const text = criterion.trim();
        const dedupeKey = oneLine(text).toLowerCase();
        if (!dedupeKey || seenCriteria.has(dedupeKey)) continue;
        seenCriteria.add(dedupeKey);
        acceptanceCriteria.push(text);
      }
    }
  }

  const labels: string[] = [];
  const addLabel = (label: string) => {
    if (label && !labels.includes(label)) labels.push(label);
  };
  addLabel('security');
  for (const journey of journeys) addLabel(journey.slug ? `journey-${journey.slug}` : '');
  if (top) addLabel(`severity-${top.severity}`);
  for (const t of threats) addLabel(categoryLabel(t.category, index));
  if (seed.kind === 'decide') addLabel('decision-needed');

  return {
    key: seed.key,
    kind: seed.kind,
    sourceId: seed.sourceId,
    title: seed.title,
    description: seed.description,
    journeys,
    primaryJourneyId,
    places,
    threats,
    outcomes,
    acceptanceCriteria,
    effort: seed.effort,
    status: seed.status,
    owner: oneLine(seed.owner),
    externalKey: seed.externalKey,
    labels,
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
    why,
    pinned: null,
  };
}

function mitigationSeed(m: Mitigation, index: Index): ItemSeed {
  const threats: Threat[] = [];
  for (const id of new Set(m.threatIds)) {
    const threat = index.threats.get(id);
    if (threat) threats.push(threat);
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
  const index = buildIndex(doc);

  const ranked: BacklogItem[] = [];
  const closed: BacklogItem[] = [];
  const covered = new Set<string>();
  for (const m of doc.mitigations) {
    if (m.status !== 'wont-do') for (const id of m.threatIds) covered.add(id);
    const item = buildItem(mitigationSeed(m, index), index);
    (CLOSED_MITIGATION.has(m.status) ? closed : ranked).push(item);
  }
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

  ranked.sort(compareItems);
  const items = applyPins(ranked, doc.backlogPins ?? []);
  items.forEach((item, i) => {
    item.rank = i + 1;
  });

  const today = localIsoDate(options.now ?? new Date());
  const accepted: AcceptedRisk[] = doc.threats
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

  return { items, closed, accepted };
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
