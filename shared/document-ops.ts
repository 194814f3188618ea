/**
 * Pure operations on the session document. Each returns a new document and leaves the input
 * untouched (or returns the input itself when nothing changes), so the renderer can keep old
 * documents for undo and a later sync layer can replay the same named operations.
 */
import { normalizeTags } from './tags.ts';
import { cutText } from './text-cut.ts';
import { COLLECTION_LIMITS, LIMITS, type Flow, type Journey, type SessionDocument, type Step, type Viewport } from './schema.ts';

export function touch(doc: SessionDocument, now: Date = new Date()): SessionDocument {
  return { ...doc, session: { ...doc.session, updatedAt: now.toISOString() } };
}

/** Titles are trimmed, single-line and bounded; an empty title is refused (null). */
export function normalizeTitle(raw: string, max: number = LIMITS.name): string | null {
  const title = cutText(oneLine(raw).trim(), max).trim();
  return title === '' ? null : title;
}

/** The backlog threshold: a whole risk from 1 to 25 (anything else is brought into that range). */
export function setBacklogThreshold(doc: SessionDocument, raw: number): SessionDocument {
  if (!Number.isFinite(raw)) return doc;
  const threshold = Math.min(25, Math.max(1, Math.round(raw)));
  if (threshold === doc.session.settings.backlogThreshold) return doc;
  return { ...doc, session: { ...doc.session, settings: { ...doc.session.settings, backlogThreshold: threshold } } };
}

export function renameSession(doc: SessionDocument, rawTitle: string): SessionDocument {
  const title = normalizeTitle(rawTitle);
  if (title === null || title === doc.session.title) return doc;
  return { ...doc, session: { ...doc.session, title } };
}

// ---------------------------------------------------------------------------------------------
// Journeys

/** Room left for `extra` more items in a collection, or a refusal message. */
export function roomFor(doc: SessionDocument, collection: keyof SessionDocument & keyof typeof COLLECTION_LIMITS, extra: number): string | null {
  const limit = COLLECTION_LIMITS[collection];
  if (doc[collection].length + extra <= limit) return null;
  return `A session holds at most ${limit.toLocaleString('en-US')} ${collection === 'backlogPins' ? 'backlog reorderings' : collection}.`;
}

export function addJourney(doc: SessionDocument, journey: Journey, steps: Step[] = [], flows: Flow[] = []): SessionDocument {
  if (roomFor(doc, 'journeys', 1) || roomFor(doc, 'steps', steps.length) || roomFor(doc, 'flows', flows.length)) return doc;
  journey = {
    ...journey,
    name: normalizeTitle(journey.name) ?? 'New journey',
    persona: cutText(oneLine(journey.persona), LIMITS.name),
    goal: cutText(journey.goal, LIMITS.shortText),
  };
  return { ...doc, journeys: [...doc.journeys, journey], steps: [...doc.steps, ...steps], flows: [...doc.flows, ...flows] };
}

export type JourneyPatch = Partial<Pick<Journey, 'name' | 'persona' | 'goal' | 'critical'>>;

export function updateJourney(doc: SessionDocument, journeyId: string, patch: JourneyPatch): SessionDocument {
  let changed = false;
  const journeys = doc.journeys.map((journey) => {
    if (journey.id !== journeyId) return journey;
    const next = { ...journey };
    if (patch.name !== undefined) {
      const name = normalizeTitle(patch.name);
      if (name !== null) next.name = name;
    }
    if (patch.persona !== undefined) next.persona = cutText(oneLine(patch.persona), LIMITS.name);
    if (patch.goal !== undefined) next.goal = cutText(patch.goal, LIMITS.shortText);
    if (patch.critical !== undefined) next.critical = patch.critical;
    changed = (Object.keys(next) as (keyof Journey)[]).some((key) => next[key] !== journey[key]);
    return changed ? next : journey;
  });
  return changed ? { ...doc, journeys } : doc;
}

/** Moves a journey to a new position in the tab order. */
export function moveJourney(doc: SessionDocument, journeyId: string, toIndex: number): SessionDocument {
  const from = doc.journeys.findIndex((journey) => journey.id === journeyId);
  const target = Math.max(0, Math.min(doc.journeys.length - 1, toIndex));
  if (from < 0 || from === target) return doc;
  const journeys = doc.journeys.slice();
  const [moved] = journeys.splice(from, 1);
  journeys.splice(target, 0, moved!);
  return { ...doc, journeys };
}

export function setJourneyViewport(doc: SessionDocument, journeyId: string, viewport: Viewport): SessionDocument {
  if (!Number.isFinite(viewport.x) || !Number.isFinite(viewport.y) || !Number.isFinite(viewport.zoom)) return doc;
  const zoom = Math.max(0.01, Math.min(10, Math.round(viewport.zoom * 1000) / 1000));
  const rounded = { x: clampCoordinate(viewport.x), y: clampCoordinate(viewport.y), zoom };
  const journey = doc.journeys.find((j) => j.id === journeyId);
  if (!journey) return doc;
  const old = journey.viewport;
  if (old && old.x === rounded.x && old.y === rounded.y && old.zoom === rounded.zoom) return doc;
  return { ...doc, journeys: doc.journeys.map((j) => (j.id === journeyId ? { ...j, viewport: rounded } : j)) };
}

/** Deletes a journey and everything that hangs off it (steps, flows, their threats and outcomes). */
export function deleteJourney(doc: SessionDocument, journeyId: string): SessionDocument {
  if (!doc.journeys.some((journey) => journey.id === journeyId)) return doc;
  const stepIds = doc.steps.filter((step) => step.journeyId === journeyId).map((step) => step.id);
  const withoutContent = deleteSteps(doc, stepIds);
  return { ...withoutContent, journeys: withoutContent.journeys.filter((journey) => journey.id !== journeyId) };
}

// ---------------------------------------------------------------------------------------------
// Steps

export function addSteps(doc: SessionDocument, steps: Step[], flows: Flow[] = []): SessionDocument {
  if (steps.length === 0 && flows.length === 0) return doc;
  if (roomFor(doc, 'steps', steps.length) || roomFor(doc, 'flows', flows.length)) return doc;
  steps = steps.map((step) => ({
    ...step,
    label: cutText(oneLine(step.label), LIMITS.name),
    actor: cutText(oneLine(step.actor), LIMITS.name),
    description: cutText(step.description, LIMITS.longText),
    dataTags: normalizeTags(step.dataTags),
    position: { x: clampCoordinate(step.position.x), y: clampCoordinate(step.position.y) },
  }));
  return { ...doc, steps: [...doc.steps, ...steps], flows: [...doc.flows, ...flows] };
}

export { normalizeTags };

export type StepPatch = Partial<Pick<Step, 'kind' | 'label' | 'description' | 'actor' | 'dataTags'>>;


export function updateStep(doc: SessionDocument, stepId: string, patch: StepPatch): SessionDocument {
  const index = doc.steps.findIndex((step) => step.id === stepId);
  const step = doc.steps[index];
  if (!step) return doc;
  const next: Step = { ...step };
  if (patch.kind !== undefined) next.kind = patch.kind;
  if (patch.label !== undefined) next.label = cutText(oneLine(patch.label), LIMITS.name);
  if (patch.description !== undefined) next.description = cutText(patch.description, LIMITS.longText);
  if (patch.actor !== undefined) next.actor = cutText(oneLine(patch.actor), LIMITS.name);
  if (patch.dataTags !== undefined) next.dataTags = normalizeTags(patch.dataTags);
  const same =
    next.kind === step.kind &&
    next.label === step.label &&
    next.description === step.description &&
    next.actor === step.actor &&
    next.dataTags.join('\u0000') === step.dataTags.join('\u0000');
  if (same) return doc;
  const steps = doc.steps.slice();
  steps[index] = next;
  return { ...doc, steps };
}

/** Moves steps to new positions; steps not in the map keep their object identity. */
export function moveSteps(doc: SessionDocument, positions: ReadonlyMap<string, { x: number; y: number }>): SessionDocument {
  let changed = false;
  const steps = doc.steps.map((step) => {
    const position = positions.get(step.id);
    if (!position || !Number.isFinite(position.x) || !Number.isFinite(position.y)) return step;
    const x = clampCoordinate(position.x);
    const y = clampCoordinate(position.y);
    if (x === step.position.x && y === step.position.y) return step;
    changed = true;
    return { ...step, position: { x, y } };
  });
  return changed ? { ...doc, steps } : doc;
}

/**
 * Deletes steps with their flows, the threats anchored on either, the outcomes on the steps,
 * and the links other outcomes and mitigations had to those threats.
 */
export function deleteSteps(doc: SessionDocument, stepIds: readonly string[]): SessionDocument {
  const doomed = new Set(stepIds);
  if (!doc.steps.some((step) => doomed.has(step.id))) return doc;
  const flowIds = doc.flows.filter((flow) => doomed.has(flow.source) || doomed.has(flow.target)).map((flow) => flow.id);
  const withoutFlows = deleteFlows(doc, flowIds);
  const threatIds = new Set(
    withoutFlows.threats.filter((threat) => threat.anchor?.type === 'step' && doomed.has(threat.anchor.id)).map((threat) => threat.id),
  );
  return unlinkThreats(
    {
      ...withoutFlows,
      steps: withoutFlows.steps.filter((step) => !doomed.has(step.id)),
      outcomes: withoutFlows.outcomes.filter((outcome) => !doomed.has(outcome.stepId)),
    },
    threatIds,
  );
}

// ---------------------------------------------------------------------------------------------
// Flows

export type FlowCheck = { ok: true } | { ok: false; reason: string };

export function canConnect(doc: SessionDocument, source: string, target: string): FlowCheck {
  if (source === target) return { ok: false, reason: 'A step cannot flow into itself.' };
  const from = doc.steps.find((step) => step.id === source);
  const to = doc.steps.find((step) => step.id === target);
  if (!from || !to) return { ok: false, reason: 'Both ends must be steps.' };
  if (from.journeyId !== to.journeyId) return { ok: false, reason: 'Flows stay within one journey.' };
  if (doc.flows.some((flow) => flow.source === source && flow.target === target)) {
    return { ok: false, reason: 'These steps are already connected.' };
  }
  return { ok: true };
}

export function addFlow(doc: SessionDocument, flow: Flow): SessionDocument {
  if (!canConnect(doc, flow.source, flow.target).ok || roomFor(doc, 'flows', 1)) return doc;
  const journeyId = doc.steps.find((step) => step.id === flow.source)!.journeyId;
  return { ...doc, flows: [...doc.flows, { ...flow, journeyId, label: cutText(oneLine(flow.label), LIMITS.name) }] };
}

export type FlowPatch = Partial<Pick<Flow, 'label' | 'crossesTrustBoundary'>>;

export function updateFlow(doc: SessionDocument, flowId: string, patch: FlowPatch): SessionDocument {
  const index = doc.flows.findIndex((flow) => flow.id === flowId);
  const flow = doc.flows[index];
  if (!flow) return doc;
  const next: Flow = {
    ...flow,
    label: patch.label !== undefined ? cutText(oneLine(patch.label), LIMITS.name) : flow.label,
    crossesTrustBoundary: patch.crossesTrustBoundary ?? flow.crossesTrustBoundary,
  };
  if (next.label === flow.label && next.crossesTrustBoundary === flow.crossesTrustBoundary) return doc;
  const flows = doc.flows.slice();
  flows[index] = next;
  return { ...doc, flows };
}

export function deleteFlows(doc: SessionDocument, flowIds: readonly string[]): SessionDocument {
  const doomed = new Set(flowIds);
  if (!doc.flows.some((flow) => doomed.has(flow.id))) return doc;
  const threatIds = new Set(
    doc.threats.filter((threat) => threat.anchor?.type === 'flow' && doomed.has(threat.anchor.id)).map((threat) => threat.id),
  );
  return unlinkThreats({ ...doc, flows: doc.flows.filter((flow) => !doomed.has(flow.id)) }, threatIds);
}

function unlinkThreats(doc: SessionDocument, threatIds: ReadonlySet<string>): SessionDocument {
  if (threatIds.size === 0) return doc;
  const keep = (id: string) => !threatIds.has(id);
  return {
    ...doc,
    threats: doc.threats.filter((threat) => keep(threat.id)),
    outcomes: doc.outcomes.map((outcome) =>
      outcome.threatIds.some((id) => !keep(id)) ? { ...outcome, threatIds: outcome.threatIds.filter(keep) } : outcome,
    ),
    mitigations: doc.mitigations.map((mitigation) =>
      mitigation.threatIds.some((id) => !keep(id)) ? { ...mitigation, threatIds: mitigation.threatIds.filter(keep) } : mitigation,
    ),
    workshop: withoutBallotsOn(doc.workshop, threatIds),
  };
}

/** A vote's ballots on threats that no longer exist go with them (open and revealed votes alike). */
export function withoutBallotsOn(workshop: SessionDocument['workshop'], threatIds: ReadonlySet<string>): SessionDocument['workshop'] {
  if (!workshop.votes.some((vote) => vote.ballots.some((ballot) => threatIds.has(ballot.threatId)))) return workshop;
  return {
    ...workshop,
    votes: workshop.votes.map((vote) =>
      vote.ballots.some((ballot) => threatIds.has(ballot.threatId)) ? { ...vote, ballots: vote.ballots.filter((ballot) => !threatIds.has(ballot.threatId)) } : vote,
    ),
  };
}

/** Line breaks and tabs become spaces: names and titles are single-line everywhere they go. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029\v\f]+/g, ' ');
}

/** A canvas position: whole, finite and within the format's bounds (NaN, from a broken gesture, is 0). */
export function clampCoordinate(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.max(-LIMITS.coordinate, Math.min(LIMITS.coordinate, Math.round(value)));
}

// ---------------------------------------------------------------------------------------------
// Copy and paste

/** What the clipboard holds: steps and the flows between them, detached from any document. */
export interface StepClipboard {
  steps: Step[];
  flows: Flow[];
}

export function copySteps(doc: SessionDocument, stepIds: readonly string[]): StepClipboard {
  const wanted = new Set(stepIds);
  const steps = doc.steps.filter((step) => wanted.has(step.id));
  const flows = doc.flows.filter((flow) => wanted.has(flow.source) && wanted.has(flow.target));
  return { steps, flows };
}

/**
 * Pastes a clipboard into a journey with fresh ids, shifted by `offset`. Returns the new document
 * and the ids of the pasted steps (to select them).
 */
export function pasteSteps(
  doc: SessionDocument,
  clipboard: StepClipboard,
  journeyId: string,
  offset: { x: number; y: number },
  makeId: () => string,
): { document: SessionDocument; stepIds: string[] } {
  if (clipboard.steps.length === 0 || !doc.journeys.some((journey) => journey.id === journeyId) || roomFor(doc, 'steps', clipboard.steps.length)) {
    return { document: doc, stepIds: [] };
  }
  const idMap = new Map(clipboard.steps.map((step) => [step.id, makeId()]));
  const steps = clipboard.steps.map((step) => ({
    ...step,
    id: idMap.get(step.id)!,
    journeyId,
    dataTags: [...step.dataTags],
    position: { x: clampCoordinate(step.position.x + offset.x), y: clampCoordinate(step.position.y + offset.y) },
  }));
  const flows = clipboard.flows
    .filter((flow) => idMap.has(flow.source) && idMap.has(flow.target))
    .map((flow) => ({ ...flow, id: makeId(), journeyId, source: idMap.get(flow.source)!, target: idMap.get(flow.target)! }));
  return { document: addSteps(doc, steps, flows), stepIds: steps.map((step) => step.id) };
}
