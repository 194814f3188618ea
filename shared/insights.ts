/**
 * Insights: the pictures a team looks at instead of reading lists. A likelihood × impact risk
 * matrix, coverage per journey, launch readiness per critical journey and progress across
 * snapshots. All derived from session documents, never stored; pure and linear in the size of
 * the document (maps, no nested scans).
 *
 * ## Where a threat sits
 * A threat belongs to the journey of its anchor: the step's journey, or the flow's journey. Its
 * steps (what "show on canvas" points at) are the step itself, or a flow's source and target.
 * Threats without an anchor (imported, not placed yet) count for the whole session only.
 *
 * ## A "planned" mitigation
 * A mitigation is *planned* when its status is `planned`, `in-progress` or `done`: somebody has
 * committed to the work. `proposed` is an idea nobody has committed to yet, and `wont-do` is a
 * decision not to do it; neither counts.
 *
 * ## Launch readiness (each critical journey)
 * A critical journey is **Ready** when none of the rules below finds anything; otherwise it is
 * **Not ready**, and every rule that finds something gives one reason with the items it found.
 * "On the journey" means anchored on one of its steps or flows (threats) or attached to one of its
 * steps (security outcomes). High/Critical means likelihood × impact ≥ 10; open means status
 * `open` or `mitigating`.
 *
 * 1. **Open High/Critical threats without a mitigation** (`unmitigated-threat`): an open
 *    High/Critical threat on the journey has no planned mitigation (see above). A proposed
 *    mitigation is not enough: launching on a suggestion nobody took on is how security work
 *    gets cut. Threats that rule 2 reports are not repeated here.
 * 2. **Mitigations marked won't-do on a High/Critical threat** (`rejected-mitigation`): a
 *    mitigation with status `wont-do` addresses an open High/Critical threat on the journey and
 *    no planned mitigation replaced it. Once the threat has a planned mitigation, or is closed by
 *    a recorded decision (mitigated, accepted with an owner and a review date, transferred, not
 *    applicable), the rejection is history, not a blocker.
 * 3. **Accepted risks whose review date has passed** (`overdue-acceptance`): a threat on the
 *    journey is accepted and its review date lies before today (the local date of `now`, as in the
 *    backlog): the decision has expired and needs to be taken again.
 * 4. **Security outcomes without a planned mitigation** (`outcome-without-plan`): an outcome on
 *    one of the journey's steps has no planned mitigation on any of the threats it is linked to
 *    (an outcome linked to no threat has none): nothing the team committed to makes it true yet.
 * 5. **Open threats not scored yet** (`unscored-threat`): an open threat on the journey has no
 *    likelihood and impact yet (placeholders nobody filled in aside), so nobody knows whether it
 *    blocks the launch: it might be Critical.
 * 6. **Nothing stormed yet** (`not-reviewed`): no threat is recorded on the journey at all. An
 *    empty journey has no blockers only because nobody has looked; calling it ready would be false.
 */
import { localIsoDate } from './backlog.ts';
import { loadSessionDocument } from './migrations.ts';
import type { Mitigation, SessionDocument, Threat } from './schema.ts';
import { isOpen, isScored, riskOf, severityOf, type Severity } from './scoring.ts';
import { isUntouchedPlaceholder } from './threat-placeholder.ts';
import { plural } from './plural.ts';

/** The 1–5 scale of likelihood and impact. */
export const SCALE = [1, 2, 3, 4, 5] as const;

/** Mitigation statuses under which somebody has committed to the work. */
export const PLANNED_MITIGATION_STATUSES: ReadonlySet<Mitigation['status']> = new Set(['planned', 'in-progress', 'done']);

/** High or Critical: likelihood × impact at or above this. */
export const HIGH_RISK = 10;

export function isPlanned(mitigation: Pick<Mitigation, 'status'>): boolean {
  return PLANNED_MITIGATION_STATUSES.has(mitigation.status);
}

/** Scored High or Critical (an unscored threat is neither, yet). */
export function isHighOrCritical(threat: Pick<Threat, 'likelihood' | 'impact'>): boolean {
  return (riskOf(threat) ?? 0) >= HIGH_RISK;
}

// ---------------------------------------------------------------------------------------------
// Where things sit

/** Where a threat sits: its journey and the steps to point at (null journey: not placed). */
export interface ThreatPlace {
  journeyId: string | null;
  stepIds: string[];
}

/** Every threat's journey and steps, in one pass over steps, flows and threats. */
export function threatPlaces(doc: Pick<SessionDocument, 'steps' | 'flows' | 'threats'>): Map<string, ThreatPlace> {
  const stepJourney = new Map(doc.steps.map((s) => [s.id, s.journeyId]));
  const flows = new Map(doc.flows.map((f) => [f.id, f]));
  const places = new Map<string, ThreatPlace>();
  for (const threat of doc.threats) {
    const anchor = threat.anchor;
    let place: ThreatPlace = { journeyId: null, stepIds: [] };
    if (anchor?.type === 'step') {
      const journeyId = stepJourney.get(anchor.id);
      if (journeyId !== undefined) place = { journeyId, stepIds: [anchor.id] };
    } else if (anchor?.type === 'flow') {
      const flow = flows.get(anchor.id);
      if (flow) place = { journeyId: flow.journeyId, stepIds: flow.source === flow.target ? [flow.source] : [flow.source, flow.target] };
    }
    places.set(threat.id, place);
  }
  return places;
}

/** The steps of some threats, deduplicated, in the order the threats are given. */
export function stepsOfThreats(places: ReadonlyMap<string, ThreatPlace>, threatIds: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const id of threatIds) for (const stepId of places.get(id)?.stepIds ?? []) out.add(stepId);
  return [...out];
}

/** Threat id → the mitigations that address it (each mitigation once per threat). */
function mitigationsByThreat(doc: Pick<SessionDocument, 'mitigations'>): Map<string, Mitigation[]> {
  const map = new Map<string, Mitigation[]>();
  for (const mitigation of doc.mitigations) {
    for (const threatId of new Set(mitigation.threatIds)) {
      let list = map.get(threatId);
      if (!list) map.set(threatId, (list = []));
      list.push(mitigation);
    }
  }
  return map;
}

/** Ids of the threats that have at least one planned mitigation. */
function plannedThreatIds(doc: Pick<SessionDocument, 'mitigations'>): Set<string> {
  const out = new Set<string>();
  for (const mitigation of doc.mitigations) if (isPlanned(mitigation)) for (const id of mitigation.threatIds) out.add(id);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Risk matrix

export interface MatrixCell {
  likelihood: number;
  impact: number;
  /** likelihood × impact. */
  risk: number;
  severity: Severity;
  count: number;
  /** The threats in this cell, in document order. */
  threatIds: string[];
}

export interface RiskMatrix {
  /** `cells[likelihood - 1][impact - 1]`: rows are likelihood 1–5, columns impact 1–5. */
  cells: MatrixCell[][];
  /** Threats counted (the sum of all cells). */
  total: number;
  /** Threats in scope that are not scored yet: in no cell. */
  unscored: number;
  /** The largest count in any cell (0 when empty), for scaling colour intensity. */
  maxCount: number;
}

export interface RiskMatrixOptions {
  /** Only threats on this journey; all threats of the session (placed or not) when absent. */
  journeyId?: string | null;
  /** Only open threats (`open`, `mitigating`). */
  openOnly: boolean;
}

/** A 5×5 likelihood × impact count of threats, each cell with its threats and severity band. */
export function riskMatrix(doc: Pick<SessionDocument, 'steps' | 'flows' | 'threats'>, options: RiskMatrixOptions): RiskMatrix {
  const cells: MatrixCell[][] = SCALE.map((likelihood) =>
    SCALE.map((impact) => ({ likelihood, impact, risk: likelihood * impact, severity: severityOf(likelihood * impact), count: 0, threatIds: [] })),
  );
  const places = options.journeyId ? threatPlaces(doc) : null;
  let total = 0;
  let maxCount = 0;
  let unscored = 0;
  for (const threat of doc.threats) {
    if (options.openOnly && !isOpen(threat)) continue;
    if (places && places.get(threat.id)?.journeyId !== options.journeyId) continue;
    if (!isScored(threat)) {
      unscored += 1;
      continue;
    }
    const cell = cells[threat.likelihood - 1]?.[threat.impact - 1];
    if (!cell) continue;
    cell.count += 1;
    cell.threatIds.push(threat.id);
    total += 1;
    if (cell.count > maxCount) maxCount = cell.count;
  }
  return { cells, total, maxCount, unscored };
}

/** The cell for a likelihood and an impact (1–5 each). */
export function matrixCell(matrix: RiskMatrix, likelihood: number, impact: number): MatrixCell {
  const cell = matrix.cells[likelihood - 1]?.[impact - 1];
  if (!cell) throw new RangeError(`no cell for likelihood ${likelihood} × impact ${impact}`);
  return cell;
}

// ---------------------------------------------------------------------------------------------
// Coverage per journey

export interface JourneyCoverage {
  journeyId: string;
  name: string;
  critical: boolean;
  steps: number;
  /** Steps with at least one threat anchored on the step itself (as the canvas coverage overlay counts). */
  stepsWithThreats: number;
  /** Steps with at least one security outcome. */
  stepsWithOutcomes: number;
  /** Steps with a threat or an outcome: the rest is what the canvas coverage overlay points out. */
  stepsConsidered: number;
  outcomes: number;
  /** Outcomes with at least one planned mitigation on one of their linked threats. */
  outcomesWithPlan: number;
}

/** For every journey, in document order: how much of it the room has considered and planned for. */
export function journeyCoverage(doc: Pick<SessionDocument, 'journeys' | 'steps' | 'threats' | 'outcomes' | 'mitigations'>): JourneyCoverage[] {
  const byJourney = new Map<string, JourneyCoverage>(
    doc.journeys.map((j) => [
      j.id,
      { journeyId: j.id, name: j.name, critical: j.critical, steps: 0, stepsWithThreats: 0, stepsWithOutcomes: 0, stepsConsidered: 0, outcomes: 0, outcomesWithPlan: 0 },
    ]),
  );
  const stepJourney = new Map(doc.steps.map((s) => [s.id, s.journeyId]));
  const threatened = new Set<string>();
  for (const threat of doc.threats) if (threat.anchor?.type === 'step') threatened.add(threat.anchor.id);
  const withOutcomes = new Set(doc.outcomes.map((o) => o.stepId));
  for (const step of doc.steps) {
    const coverage = byJourney.get(step.journeyId);
    if (!coverage) continue;
    coverage.steps += 1;
    if (threatened.has(step.id)) coverage.stepsWithThreats += 1;
    if (withOutcomes.has(step.id)) coverage.stepsWithOutcomes += 1;
    if (threatened.has(step.id) || withOutcomes.has(step.id)) coverage.stepsConsidered += 1;
  }
  const planned = plannedThreatIds(doc);
  for (const outcome of doc.outcomes) {
    const journeyId = stepJourney.get(outcome.stepId);
    const coverage = journeyId === undefined ? undefined : byJourney.get(journeyId);
    if (!coverage) continue;
    coverage.outcomes += 1;
    if (outcome.threatIds.some((id) => planned.has(id))) coverage.outcomesWithPlan += 1;
  }
  return [...byJourney.values()];
}

// ---------------------------------------------------------------------------------------------
// Launch readiness

export const readinessKinds = ['unmitigated-threat', 'rejected-mitigation', 'overdue-acceptance', 'outcome-without-plan', 'unscored-threat', 'not-reviewed'] as const;
export type ReadinessKind = (typeof readinessKinds)[number];

export interface ReadinessReason {
  kind: ReadinessKind;
  /** One plain sentence, counted ("2 open High or Critical threats have no planned mitigation"). */
  message: string;
  threatIds?: string[];
  outcomeIds?: string[];
  mitigationIds?: string[];
  /** The steps the items sit on, deduplicated: what "show on canvas" points at. */
  stepIds: string[];
}

export interface JourneyReadiness {
  journeyId: string;
  name: string;
  ready: boolean;
  /** In the order of the rules in this file's header; empty when ready. */
  reasons: ReadinessReason[];
}

export interface ReadinessOptions {
  /** "Today" for review dates. */
  now: Date;
}


/** Launch readiness of each critical journey, in document order (rules: see the file header). */
export function launchReadiness(doc: SessionDocument, options: ReadinessOptions): JourneyReadiness[] {
  const critical = doc.journeys.filter((j) => j.critical);
  if (critical.length === 0) return [];
  const today = localIsoDate(options.now);
  const places = threatPlaces(doc);
  const mitigations = mitigationsByThreat(doc);
  const planned = plannedThreatIds(doc);
  const stepJourney = new Map(doc.steps.map((s) => [s.id, s.journeyId]));

  const threatsByJourney = new Map<string, Threat[]>();
  for (const threat of doc.threats) {
    const journeyId = places.get(threat.id)?.journeyId;
    if (!journeyId) continue;
    let list = threatsByJourney.get(journeyId);
    if (!list) threatsByJourney.set(journeyId, (list = []));
    list.push(threat);
  }
  const outcomesByJourney = new Map<string, SessionDocument['outcomes']>();
  for (const outcome of doc.outcomes) {
    const journeyId = stepJourney.get(outcome.stepId);
    if (journeyId === undefined) continue;
    let list = outcomesByJourney.get(journeyId);
    if (!list) outcomesByJourney.set(journeyId, (list = []));
    list.push(outcome);
  }

  return critical.map((journey) => {
    const threats = threatsByJourney.get(journey.id) ?? [];
    const outcomes = outcomesByJourney.get(journey.id) ?? [];
    const reasons: ReadinessReason[] = [];

    const unmitigated: Threat[] = [];
    const rejected: Threat[] = [];
    const rejectedMitigations = new Set<string>();
    for (const threat of threats) {
      if (!isOpen(threat) || !isHighOrCritical(threat) || planned.has(threat.id)) continue;
      const wontDo = (mitigations.get(threat.id) ?? []).filter((m) => m.status === 'wont-do');
      if (wontDo.length > 0) {
        rejected.push(threat);
        for (const m of wontDo) rejectedMitigations.add(m.id);
      } else {
        unmitigated.push(threat);
      }
    }
    if (unmitigated.length > 0) {
      const threatIds = unmitigated.map((t) => t.id);
      reasons.push({
        kind: 'unmitigated-threat',
        message: `${plural(unmitigated.length, 'open High or Critical threat has', 'open High or Critical threats have')} no planned mitigation`,
        threatIds,
        stepIds: stepsOfThreats(places, threatIds),
      });
    }
    if (rejected.length > 0) {
      const threatIds = rejected.map((t) => t.id);
      const mitigationIds = [...rejectedMitigations];
      reasons.push({
        kind: 'rejected-mitigation',
        message:
          `${plural(mitigationIds.length, 'mitigation is', 'mitigations are')} marked won’t do on ` +
          (rejected.length === 1 ? 'an open High or Critical threat that has' : `${rejected.length} open High or Critical threats that have`) +
          ' no other plan',
        threatIds,
        mitigationIds,
        stepIds: stepsOfThreats(places, threatIds),
      });
    }

    const overdue = threats.filter((t) => t.status === 'accepted' && t.acceptance !== undefined && t.acceptance.reviewDate < today);
    if (overdue.length > 0) {
      const threatIds = overdue.map((t) => t.id);
      reasons.push({
        kind: 'overdue-acceptance',
        message: `${plural(overdue.length, 'accepted risk is', 'accepted risks are')} past the review date`,
        threatIds,
        stepIds: stepsOfThreats(places, threatIds),
      });
    }

    const unplanned = outcomes.filter((o) => !o.threatIds.some((id) => planned.has(id)));
    if (unplanned.length > 0) {
      reasons.push({
        kind: 'outcome-without-plan',
        message: `${plural(unplanned.length, 'security outcome has', 'security outcomes have')} no planned mitigation`,
        outcomeIds: unplanned.map((o) => o.id),
        stepIds: [...new Set(unplanned.map((o) => o.stepId))],
      });
    }

    const unscored = threats.filter((t) => isOpen(t) && !isScored(t) && !isUntouchedPlaceholder(t));
    if (unscored.length > 0) {
      const threatIds = unscored.map((t) => t.id);
      reasons.push({
        kind: 'unscored-threat',
        message: `${plural(unscored.length, 'open threat is', 'open threats are')} not scored yet`,
        threatIds,
        stepIds: stepsOfThreats(places, threatIds),
      });
    }

    if (threats.length === 0) {
      reasons.push({ kind: 'not-reviewed', message: 'No threats recorded yet: storm this journey before calling it ready', threatIds: [], stepIds: [] });
    }

    return { journeyId: journey.id, name: journey.name, ready: reasons.length === 0, reasons };
  });
}

// ---------------------------------------------------------------------------------------------
// Progress over time

export interface ProgressCounts {
  threats: number;
  /** Status `open` or `mitigating`. */
  open: number;
  /** Status `mitigated`. */
  mitigated: number;
  outcomes: number;
  /** Outcomes with at least one planned mitigation on one of their linked threats. */
  outcomesCovered: number;
}

export interface ProgressPoint extends ProgressCounts {
  /** The snapshot's name, or "Now" for the current document. */
  name: string;
  /** ISO timestamp: the snapshot's creation, or the current document's last change. */
  at: string;
  current: boolean;
}

export interface SnapshotLike {
  name: string;
  createdAt: string;
  document: unknown;
}

export interface Progress {
  /** Oldest first; the current document, when given, last. */
  points: ProgressPoint[];
  /** Snapshots whose document or date did not validate, left out. */
  skipped: number;
}

export function progressCounts(doc: Pick<SessionDocument, 'threats' | 'outcomes' | 'mitigations'>): ProgressCounts {
  const planned = plannedThreatIds(doc);
  let open = 0;
  let mitigated = 0;
  for (const threat of doc.threats) {
    if (isOpen(threat)) open += 1;
    else if (threat.status === 'mitigated') mitigated += 1;
  }
  const outcomesCovered = doc.outcomes.filter((o) => o.threatIds.some((id) => planned.has(id))).length;
  return { threats: doc.threats.length, open, mitigated, outcomes: doc.outcomes.length, outcomesCovered };
}

/**
 * One point per snapshot, oldest first, plus the current document ("Now") when given. Every
 * snapshot document goes through `loadSessionDocument` (migrated and validated, like any document
 * entering the app); one that fails, or has no valid date, is skipped and counted.
 */
export function progressFromSnapshots(snapshots: readonly SnapshotLike[], current: SessionDocument | null): Progress {
  const points: Array<ProgressPoint & { time: number }> = [];
  let skipped = 0;
  for (const snapshot of snapshots) {
    const time = Date.parse(snapshot.createdAt);
    const loaded = Number.isNaN(time) ? null : loadSessionDocument(snapshot.document);
    if (!loaded?.ok) {
      skipped += 1;
      continue;
    }
    points.push({ name: snapshot.name, at: snapshot.createdAt, current: false, time, ...progressCounts(loaded.document) });
  }
  points.sort((a, b) => a.time - b.time);
  const out: ProgressPoint[] = points.map(({ time: _time, ...point }) => point);
  if (current) out.push({ name: 'Now', at: current.session.updatedAt, current: true, ...progressCounts(current) });
  return { points: out, skipped };
}
