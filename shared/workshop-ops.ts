/**
 * A facilitated workshop: participants and who is speaking, an agenda of time-boxed phases with
 * a timer kept as timestamps, and blind dot votes over threats. Pure operations on the document.
 */
import { roomFor } from './document-ops.ts';
import { cutText } from './text-cut.ts';
import { COLLECTION_LIMITS, LIMITS, type Participant, type SessionDocument, type Vote, type Workshop, type WorkshopPhase } from './schema.ts';
import { isOpen } from './scoring.ts';

/** The agenda a facilitator starts from (minutes are suggestions for a 90-minute workshop). */
export const DEFAULT_PHASES: ReadonlyArray<Omit<WorkshopPhase, 'id'>> = [
  { name: 'Frame the journey', minutes: 10 },
  { name: 'Storm threats', minutes: 30 },
  { name: 'Vote', minutes: 10 },
  { name: 'Security outcomes', minutes: 15 },
  { name: 'Mitigations', minutes: 15 },
  { name: 'Wrap-up & export', minutes: 10 },
];

function withWorkshop(doc: SessionDocument, workshop: Workshop): SessionDocument {
  return { ...doc, workshop };
}

// ---------------------------------------------------------------------------------------------
// Participants

export function addParticipant(doc: SessionDocument, participant: Participant): SessionDocument {
  const name = personName(participant.name);
  if (!name || roomFor(doc, 'participants', 1) || doc.participants.some((p) => p.id === participant.id)) return doc;
  return { ...doc, participants: [...doc.participants, { ...participant, name }] };
}

export function updateParticipant(doc: SessionDocument, id: string, patch: Partial<Pick<Participant, 'name' | 'role'>>): SessionDocument {
  let changed = false;
  const participants = doc.participants.map((p) => {
    if (p.id !== id) return p;
    const name = patch.name !== undefined ? personName(patch.name) || p.name : p.name;
    const role = patch.role ?? p.role;
    if (name === p.name && role === p.role) return p;
    changed = true;
    return { ...p, name, role };
  });
  if (!changed) return doc;
  // An observer casts no dots: ballots of someone who becomes an observer are withdrawn.
  const becameObserver = patch.role === 'observer';
  const workshop = becameObserver
    ? { ...doc.workshop, votes: doc.workshop.votes.map((v) => ({ ...v, ballots: v.ballots.filter((b) => b.participantId !== id) })) }
    : doc.workshop;
  return { ...doc, participants, workshop };
}

/** Removes a participant; what they wrote stays, no longer attributed; their open-vote dots go. */
export function removeParticipant(doc: SessionDocument, id: string): SessionDocument {
  if (!doc.participants.some((p) => p.id === id)) return doc;
  const strip = <T extends { authorId?: string }>(item: T): T => {
    if (item.authorId !== id) return item;
    const { authorId: _authorId, ...rest } = item;
    return rest as T;
  };
  return {
    ...doc,
    participants: doc.participants.filter((p) => p.id !== id),
    threats: doc.threats.map(strip),
    outcomes: doc.outcomes.map(strip),
    mitigations: doc.mitigations.map(strip),
    workshop: {
      ...doc.workshop,
      speakerId: doc.workshop.speakerId === id ? null : doc.workshop.speakerId,
      votes: doc.workshop.votes.map((v) => ({ ...v, ballots: v.ballots.filter((b) => b.participantId !== id) })),
    },
  };
}

function personName(raw: string): string {
  return cutText(raw.replace(/[\r\n\t]+/g, ' ').trim(), LIMITS.name).trim();
}

export function setSpeaker(doc: SessionDocument, participantId: string | null): SessionDocument {
  if (participantId !== null && !doc.participants.some((p) => p.id === participantId)) return doc;
  if (doc.workshop.speakerId === participantId) return doc;
  return withWorkshop(doc, { ...doc.workshop, speakerId: participantId });
}

// ---------------------------------------------------------------------------------------------
// Agenda and timer

export function setAgenda(doc: SessionDocument, phases: WorkshopPhase[]): SessionDocument {
  if (phases.length > COLLECTION_LIMITS.phases) return doc;
  const current = phases.some((p) => p.id === doc.workshop.currentPhaseId) ? doc.workshop.currentPhaseId : (phases[0]?.id ?? null);
  return withWorkshop(doc, { ...doc.workshop, phases, currentPhaseId: current });
}

// Editing the agenda, one phase at a time. Every operation keeps the schema's rules: phase names
// of 1–200 characters, whole minutes from 1 to 600, at most 50 phases, unique ids, and a current
// phase that exists (or none when the agenda is empty). What would break a rule changes nothing.

export const MAX_PHASES = 50;
export const PHASE_MINUTES = { min: 1, max: 600 } as const;

/** A phase name as stored: trimmed, at most 200 characters; null when nothing is left. */
function phaseName(name: string): string | null {
  const trimmed = name.trim().slice(0, LIMITS.name).trim();
  return trimmed === '' ? null : trimmed;
}

/** Whole minutes within 1–600; null for what is not a number at all. */
function phaseMinutes(minutes: number): number | null {
  if (!Number.isFinite(minutes)) return null;
  return Math.min(PHASE_MINUTES.max, Math.max(PHASE_MINUTES.min, Math.round(minutes)));
}

const FRESH_TIMER = { startedAt: null, elapsedMs: 0, extraMinutes: 0 } as const;

/** Adds a phase at `index` (default: the end). The first phase of an empty agenda becomes current. */
export function addPhase(doc: SessionDocument, phase: WorkshopPhase, index = doc.workshop.phases.length): SessionDocument {
  const { phases } = doc.workshop;
  const name = phaseName(phase.name);
  const minutes = phaseMinutes(phase.minutes);
  const idOk = phase.id.length > 0 && phase.id.length <= LIMITS.id && !phases.some((p) => p.id === phase.id);
  if (phases.length >= MAX_PHASES || name === null || minutes === null || !idOk) return doc;
  const at = Math.max(0, Math.min(phases.length, Math.trunc(index)));
  const next = [...phases.slice(0, at), { id: phase.id, name, minutes }, ...phases.slice(at)];
  return withWorkshop(doc, { ...doc.workshop, phases: next, currentPhaseId: doc.workshop.currentPhaseId ?? phase.id });
}

export function renamePhase(doc: SessionDocument, phaseId: string, name: string): SessionDocument {
  const clean = phaseName(name);
  if (clean === null) return doc;
  return updatePhase(doc, phaseId, (p) => (p.name === clean ? p : { ...p, name: clean }));
}

export function setPhaseMinutes(doc: SessionDocument, phaseId: string, minutes: number): SessionDocument {
  const clean = phaseMinutes(minutes);
  if (clean === null) return doc;
  return updatePhase(doc, phaseId, (p) => (p.minutes === clean ? p : { ...p, minutes: clean }));
}

function updatePhase(doc: SessionDocument, phaseId: string, update: (phase: WorkshopPhase) => WorkshopPhase): SessionDocument {
  let changed = false;
  const phases = doc.workshop.phases.map((p) => {
    if (p.id !== phaseId) return p;
    const next = update(p);
    changed ||= next !== p;
    return next;
  });
  return changed ? withWorkshop(doc, { ...doc.workshop, phases }) : doc;
}

/** Moves a phase to `toIndex` (clamped); the current phase and the timer stay as they are. */
export function movePhase(doc: SessionDocument, phaseId: string, toIndex: number): SessionDocument {
  const { phases } = doc.workshop;
  const from = phases.findIndex((p) => p.id === phaseId);
  if (from < 0 || !Number.isFinite(toIndex)) return doc;
  const to = Math.max(0, Math.min(phases.length - 1, Math.trunc(toIndex)));
  if (to === from) return doc;
  const next = phases.filter((p) => p.id !== phaseId);
  next.splice(to, 0, phases[from]!);
  return withWorkshop(doc, { ...doc.workshop, phases: next });
}

/**
 * Removes a phase. Removing the current one moves the room to the phase that took its place
 * (or the one before, at the end; none once the agenda is empty) with a fresh, stopped timer.
 */
export function removePhase(doc: SessionDocument, phaseId: string): SessionDocument {
  const { phases, currentPhaseId } = doc.workshop;
  const index = phases.findIndex((p) => p.id === phaseId);
  if (index < 0) return doc;
  const next = phases.filter((p) => p.id !== phaseId);
  if (currentPhaseId !== phaseId) return withWorkshop(doc, { ...doc.workshop, phases: next });
  const successor = next[index] ?? next[index - 1] ?? null;
  return withWorkshop(doc, { ...doc.workshop, phases: next, currentPhaseId: successor?.id ?? null, timer: { ...FRESH_TIMER } });
}

/** The agenda's planned length in minutes. */
export function agendaMinutes(workshop: Pick<Workshop, 'phases'>): number {
  return workshop.phases.reduce((sum, p) => sum + p.minutes, 0);
}

/** Milliseconds the current phase has run, counting a running timer up to `now`. */
export function elapsedMs(workshop: Workshop, now: Date): number {
  const { startedAt, elapsedMs: before } = workshop.timer;
  if (!startedAt) return before;
  return before + Math.max(0, now.getTime() - Date.parse(startedAt));
}

/** Milliseconds left in the current phase (negative once over time); null without a phase. */
export function remainingMs(workshop: Workshop, now: Date): number | null {
  const phase = workshop.phases.find((p) => p.id === workshop.currentPhaseId);
  if (!phase) return null;
  return (phase.minutes + workshop.timer.extraMinutes) * 60_000 - elapsedMs(workshop, now);
}

export function startTimer(doc: SessionDocument, now: Date): SessionDocument {
  if (doc.workshop.timer.startedAt || !doc.workshop.currentPhaseId) return doc;
  return withWorkshop(doc, { ...doc.workshop, timer: { ...doc.workshop.timer, startedAt: now.toISOString() } });
}

export function pauseTimer(doc: SessionDocument, now: Date): SessionDocument {
  if (!doc.workshop.timer.startedAt) return doc;
  // The schema bounds elapsed time (about 115 days): a timer left running longer stops at it.
  const elapsed = Math.min(MAX_ELAPSED_MS, Math.max(0, Math.round(elapsedMs(doc.workshop, now))));
  return withWorkshop(doc, { ...doc.workshop, timer: { ...doc.workshop.timer, startedAt: null, elapsedMs: elapsed } });
}

const MAX_ELAPSED_MS = 1e10;

export function extendTimer(doc: SessionDocument, minutes: number): SessionDocument {
  if (!Number.isFinite(minutes)) return doc;
  const extra = Math.min(600, doc.workshop.timer.extraMinutes + Math.max(0, Math.round(minutes)));
  if (extra === doc.workshop.timer.extraMinutes) return doc;
  return withWorkshop(doc, { ...doc.workshop, timer: { ...doc.workshop.timer, extraMinutes: extra } });
}

/** Moves to another phase with a fresh, stopped timer. */
export function goToPhase(doc: SessionDocument, phaseId: string): SessionDocument {
  if (!doc.workshop.phases.some((p) => p.id === phaseId) || doc.workshop.currentPhaseId === phaseId) return doc;
  return withWorkshop(doc, { ...doc.workshop, currentPhaseId: phaseId, timer: { startedAt: null, elapsedMs: 0, extraMinutes: 0 } });
}

export function nextPhase(doc: SessionDocument): SessionDocument {
  const index = doc.workshop.phases.findIndex((p) => p.id === doc.workshop.currentPhaseId);
  const next = doc.workshop.phases[index + 1];
  return next ? goToPhase(doc, next.id) : doc;
}

// ---------------------------------------------------------------------------------------------
// Dot voting

/** Why no vote can be opened now, or null. */
export function cannotOpenVote(doc: SessionDocument): string | null {
  if (doc.workshop.votes.some((v) => v.status === 'open')) return 'A vote is already open.';
  if (doc.workshop.votes.length >= COLLECTION_LIMITS.votes) {
    return `This session already holds ${COLLECTION_LIMITS.votes} dot votes, the most a session keeps. Their results are on the threats; start a new session for more rounds.`;
  }
  return null;
}

export function openVote(doc: SessionDocument, vote: Pick<Vote, 'id' | 'scope' | 'dotsPerParticipant'>, now: Date): SessionDocument {
  if (cannotOpenVote(doc)) return doc;
  const dots = Math.round(vote.dotsPerParticipant);
  if (!(dots >= 1 && dots <= 20) || vote.scope.length > LIMITS.id || vote.scope.length === 0) return doc;
  const next: Vote = { ...vote, dotsPerParticipant: dots, status: 'open', openedAt: now.toISOString(), ballots: [] };
  return withWorkshop(doc, { ...doc.workshop, votes: [...doc.workshop.votes, next] });
}

export function currentVote(workshop: Workshop): Vote | undefined {
  return workshop.votes.find((v) => v.status === 'open');
}

/** Threats a vote is about: open threats of the session, or of one journey. */
export function voteCandidates(doc: SessionDocument, scope: string): string[] {
  const stepJourney = new Map(doc.steps.map((s) => [s.id, s.journeyId]));
  const flowJourney = new Map(doc.flows.map((f) => [f.id, f.journeyId]));
  return doc.threats
    .filter(isOpen)
    .filter((t) => {
      if (scope === 'session') return true;
      if (!t.anchor) return false;
      return (t.anchor.type === 'step' ? stepJourney.get(t.anchor.id) : flowJourney.get(t.anchor.id)) === scope;
    })
    .map((t) => t.id);
}

export type DotResult = { ok: true; document: SessionDocument } | { ok: false; message: string };

/** Adds (delta +1) or takes back (delta −1) one dot. Observers cannot vote; dots are limited. */
export function castDot(doc: SessionDocument, participantId: string, threatId: string, delta: 1 | -1): DotResult {
  const vote = currentVote(doc.workshop);
  if (!vote) return { ok: false, message: 'No vote is open.' };
  const participant = doc.participants.find((p) => p.id === participantId);
  if (!participant) return { ok: false, message: 'Unknown participant.' };
  if (participant.role === 'observer') return { ok: false, message: `${participant.name} is an observer: observers do not vote.` };
  if (!voteCandidates(doc, vote.scope).includes(threatId)) return { ok: false, message: 'That threat is not part of this vote.' };
  const used = vote.ballots.filter((b) => b.participantId === participantId).reduce((sum, b) => sum + b.dots, 0);
  if (delta > 0 && used >= vote.dotsPerParticipant) {
    return { ok: false, message: `${participant.name} has used all ${vote.dotsPerParticipant} dots.` };
  }
  const existing = vote.ballots.find((b) => b.participantId === participantId && b.threatId === threatId);
  if (delta < 0 && !existing) return { ok: true, document: doc };
  let ballots = vote.ballots;
  if (existing) {
    const dots = existing.dots + delta;
    ballots = dots <= 0 ? ballots.filter((b) => b !== existing) : ballots.map((b) => (b === existing ? { ...b, dots } : b));
  } else {
    ballots = [...ballots, { participantId, threatId, dots: 1 }];
  }
  const votes = doc.workshop.votes.map((v) => (v === vote ? { ...v, ballots } : v));
  return { ok: true, document: withWorkshop(doc, { ...doc.workshop, votes }) };
}

export function voteTotals(vote: Vote): Map<string, number> {
  const totals = new Map<string, number>();
  for (const ballot of vote.ballots) totals.set(ballot.threatId, (totals.get(ballot.threatId) ?? 0) + ballot.dots);
  return totals;
}

/**
 * A vote with no consensus: the most-voted threat got under a quarter of the dots cast while
 * dots went to at least four threats. Such a room should talk before the backlog is trusted.
 */
export function isSpreadOut(vote: Vote): boolean {
  const totals = [...voteTotals(vote).values()];
  const cast = totals.reduce((a, b) => a + b, 0);
  if (cast < 4 || totals.length < 4) return false;
  return Math.max(...totals) / cast < 0.25;
}

/** Reveals the vote: the dots become each threat's votes, which feed the backlog rank. */
export function revealVote(doc: SessionDocument): SessionDocument {
  const vote = currentVote(doc.workshop);
  if (!vote) return doc;
  const totals = voteTotals(vote);
  const candidates = new Set(voteCandidates(doc, vote.scope));
  return {
    ...doc,
    threats: doc.threats.map((t) => (candidates.has(t.id) && (totals.get(t.id) ?? 0) !== t.votes ? { ...t, votes: totals.get(t.id) ?? 0 } : t)),
    workshop: { ...doc.workshop, votes: doc.workshop.votes.map((v) => (v === vote ? { ...v, status: 'revealed' as const } : v)) },
  };
}

/**
 * Reveals a vote whose ballots were collected elsewhere (a live room's host): each ballot is
 * replayed through the same rules as a dot given on this screen, so a ballot on a threat deleted
 * meanwhile, or past a person's dots, is left out rather than breaking the session.
 */
export function revealWithBallots(doc: SessionDocument, voteId: string, ballots: ReadonlyArray<Vote['ballots'][number]>): SessionDocument {
  const vote = currentVote(doc.workshop);
  if (!vote || vote.id !== voteId) return doc;
  let next: SessionDocument = { ...doc, workshop: { ...doc.workshop, votes: doc.workshop.votes.map((v) => (v === vote ? { ...v, ballots: [] } : v)) } };
  for (const ballot of ballots) {
    for (let dot = 0; dot < ballot.dots; dot++) {
      const result = castDot(next, ballot.participantId, ballot.threatId, 1);
      if (!result.ok) break;
      next = result.document;
    }
  }
  return revealVote(next);
}

/** Drops the open vote without touching any threat. */
export function cancelVote(doc: SessionDocument): SessionDocument {
  const vote = currentVote(doc.workshop);
  if (!vote) return doc;
  return withWorkshop(doc, { ...doc.workshop, votes: doc.workshop.votes.filter((v) => v !== vote) });
}

// ---------------------------------------------------------------------------------------------
// Walking a journey

/**
 * Steps in the order a room walks them: from the starts, along flows, breadth first. Linear in
 * steps + flows (plus sorting each step's successors): a file of thousands of looped steps must
 * not freeze the page. Only computed while a walk is on screen.
 */
export function walkOrder(doc: Pick<SessionDocument, 'steps' | 'flows'>, journeyId: string): string[] {
  const steps = doc.steps.filter((s) => s.journeyId === journeyId);
  const byId = new Map(steps.map((s) => [s.id, s]));
  const incoming = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const f of doc.flows) {
    if (f.journeyId !== journeyId || !byId.has(f.source) || !byId.has(f.target)) continue;
    incoming.set(f.target, (incoming.get(f.target) ?? 0) + 1);
    const list = next.get(f.source);
    if (list) list.push(f.target);
    else next.set(f.source, [f.target]);
  }
  const byPosition = (a: string, b: string) => {
    const sa = byId.get(a)!.position;
    const sb = byId.get(b)!.position;
    return sa.x - sb.x || sa.y - sb.y;
  };
  // Start steps first; a journey without one starts where nothing flows in.
  const marked = steps.filter((s) => s.kind === 'start');
  const starts = (marked.length > 0 ? marked : steps.filter((s) => !incoming.has(s.id))).map((s) => s.id).sort(byPosition);
  // Cycles or islands: continue with the leftmost step not walked yet (one sorted pass, a cursor).
  const leftToRight = steps.map((s) => s.id).sort(byPosition);
  let cursor = 0;
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = starts;
  let head = 0;
  while (order.length < steps.length) {
    if (head >= queue.length) {
      while (seen.has(leftToRight[cursor]!)) cursor++;
      queue.push(leftToRight[cursor]!);
    }
    const id = queue[head++]!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    const targets = next.get(id);
    if (targets) for (const target of targets.filter((t) => !seen.has(t)).sort(byPosition)) queue.push(target);
  }
  return order;
}

/** Prompts a facilitator reads out at every step, in plain words. */
export const WALK_PROMPTS: readonly string[] = [
  'What would this user never want to happen here?',
  'Who else could do this step, or pretend to be this user?',
  'What does the user expect us to keep private here?',
  'What if this step is slow, down, or flooded?',
  'What would we need to prove later about what happened here?',
];
