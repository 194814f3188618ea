/**
 * Pure operations on threats, security outcomes and mitigations. Like document-ops.ts: every
 * function returns a new document, or the same one when nothing changes.
 */
import { newId } from './ids.ts';
import { oneLine, roomFor, withoutBallotsOn } from './document-ops.ts';
import { cutText } from './text-cut.ts';
import { LIMITS, type Mitigation, type Outcome, type SessionDocument, type Threat } from './schema.ts';
import { isUntouchedPlaceholder, PLACEHOLDER_TITLE } from './threat-placeholder.ts';

export type ThreatAnchor = NonNullable<Threat['anchor']>;

export type Result = { ok: true; document: SessionDocument } | { ok: false; message: string };

function replaceById<T extends { id: string }>(list: readonly T[], id: string, update: (item: T) => T): T[] | null {
  const index = list.findIndex((item) => item.id === id);
  const item = list[index];
  if (!item) return null;
  const next = update(item);
  if (next === item) return null;
  const copy = list.slice();
  copy[index] = next;
  return copy;
}

function anchorExists(doc: SessionDocument, anchor: ThreatAnchor): boolean {
  return anchor.type === 'step' ? doc.steps.some((s) => s.id === anchor.id) : doc.flows.some((f) => f.id === anchor.id);
}

// ---------------------------------------------------------------------------------------------
// Threats

/**
 * A new threat with every field at its starting value; `fields` override any of them (the id too).
 * It starts not scored (likelihood and impact null): nobody has judged it yet.
 */
export function blankThreat(anchor: ThreatAnchor | null, fields: Partial<Threat> = {}): Threat {
  return {
    id: newId(),
    anchor,
    title: PLACEHOLDER_TITLE,
    category: { framework: 'Custom', key: 'custom' },
    statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] },
    likelihood: null,
    impact: null,
    status: 'open',
    votes: 0,
    notes: '',
    ...fields,
  };
}

export function addThreat(doc: SessionDocument, threat: Threat): SessionDocument {
  if (threat.anchor && !anchorExists(doc, threat.anchor)) return doc;
  if (roomFor(doc, 'threats', 1) || doc.threats.some((t) => t.id === threat.id)) return doc;
  return { ...doc, threats: [...doc.threats, withinLimits(doc, threat)] };
}

/** A new threat (from a card, a custom deck, a suggestion) cut to the format's limits. */
function withinLimits(doc: SessionDocument, threat: Threat): Threat {
  const title = cutText(oneLine(threat.title), LIMITS.name);
  const next: Threat = {
    ...threat,
    title: title.trim() === '' ? PLACEHOLDER_TITLE : title,
    category: {
      framework: cutText(oneLine(threat.category.framework).trim(), 40) || 'Custom',
      key: cutText(oneLine(threat.category.key).trim(), 60) || 'custom',
    },
    statement: {
      source: cutText(threat.statement.source, LIMITS.shortText),
      prerequisites: cutText(threat.statement.prerequisites, LIMITS.shortText),
      action: cutText(threat.statement.action, LIMITS.shortText),
      impact: cutText(threat.statement.impact, LIMITS.shortText),
      impactedGoals: normalizeEntries(threat.statement.impactedGoals),
      impactedAssets: normalizeEntries(threat.statement.impactedAssets),
    },
    likelihood: clampScore(threat.likelihood),
    impact: clampScore(threat.impact),
    votes: Math.max(0, Math.min(10_000, Math.round(threat.votes) || 0)),
    notes: cutText(threat.notes, LIMITS.longText),
  };
  if (next.cardId !== undefined) next.cardId = cutText(next.cardId, 120);
  if (next.authorId !== undefined && !doc.participants.some((p) => p.id === next.authorId)) delete next.authorId;
  if (next.status === 'accepted' && (!next.acceptance || acceptanceProblems(next.acceptance).length > 0)) {
    next.status = 'open';
    delete next.acceptance;
  }
  return next;
}

export type ThreatPatch = Partial<Pick<Threat, 'title' | 'category' | 'likelihood' | 'impact' | 'notes' | 'authorId' | 'votes'>> & {
  statement?: Partial<Threat['statement']>;
};

/** 1–5, or null (not scored) for null and for anything that is not a finite number. */
function clampScore(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? Math.min(5, Math.max(1, Math.round(value))) : null;
}

export function updateThreat(doc: SessionDocument, threatId: string, patch: ThreatPatch): SessionDocument {
  const threats = replaceById(doc.threats, threatId, (threat) => {
    const next: Threat = { ...threat };
    if (patch.title !== undefined) {
      const title = cutText(oneLine(patch.title), LIMITS.name);
      if (title.trim() !== '') next.title = title;
    }
    if (patch.category !== undefined) {
      const framework = cutText(oneLine(patch.category.framework).trim(), 40);
      const key = cutText(oneLine(patch.category.key).trim(), 60);
      next.category = { framework: framework || threat.category.framework, key: key || threat.category.key };
    }
    if (patch.likelihood !== undefined) next.likelihood = clampScore(patch.likelihood);
    if (patch.impact !== undefined) next.impact = clampScore(patch.impact);
    if (patch.notes !== undefined) next.notes = cutText(patch.notes, LIMITS.longText);
    if (patch.votes !== undefined && Number.isFinite(patch.votes)) next.votes = Math.max(0, Math.min(10_000, Math.round(patch.votes)));
    if (patch.authorId !== undefined && doc.participants.some((p) => p.id === patch.authorId)) next.authorId = patch.authorId;
    if (patch.statement !== undefined) {
      const statement = { ...threat.statement };
      for (const key of ['source', 'prerequisites', 'action', 'impact'] as const) {
        const value = patch.statement[key];
        if (value !== undefined) statement[key] = cutText(value, LIMITS.shortText);
      }
      if (patch.statement.impactedGoals) statement.impactedGoals = normalizeEntries(patch.statement.impactedGoals);
      if (patch.statement.impactedAssets) statement.impactedAssets = normalizeEntries(patch.statement.impactedAssets);
      next.statement = statement;
    }
    return JSON.stringify(next) === JSON.stringify(threat) ? threat : next;
  });
  return threats ? { ...doc, threats } : doc;
}

/**
 * A short list typed as "confidentiality, integrity": entries trimmed, empty ones dropped,
 * each cut to the entry limit, at most the list limit. The editor shows the limits as you type.
 */
export function normalizeEntries(entries: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of entries) {
    const entry = cutText(oneLine(raw).trim(), LIMITS.tag).trim();
    if (entry) out.push(entry);
    if (out.length >= LIMITS.tags) break;
  }
  return out;
}

/** A real calendar date written YYYY-MM-DD (2027-02-30 is not one). */
export function isCalendarDate(text: string | undefined): text is string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface Acceptance {
  owner: string;
  reason: string;
  reviewDate: string;
}

/** What is missing before a risk can be accepted; empty when the acceptance is complete. */
export function acceptanceProblems(acceptance: Partial<Acceptance> | undefined): string[] {
  const problems: string[] = [];
  if (!acceptance?.owner?.trim()) problems.push('an owner (who answers for this risk)');
  if (!acceptance?.reason?.trim()) problems.push('a reason (why it is acceptable for now)');
  if (!isCalendarDate(acceptance?.reviewDate)) {
    problems.push('a review date (when to look at it again)');
  }
  return problems;
}

/**
 * Changes a threat's status. Accepting a risk requires an owner, a reason and a review date: a
 * deferred risk is recorded, never silently dropped.
 */
export function setThreatStatus(doc: SessionDocument, threatId: string, status: Threat['status'], acceptance?: Partial<Acceptance>): Result {
  if (status === 'accepted') {
    const problems = acceptanceProblems(acceptance);
    if (problems.length > 0) return { ok: false, message: `To accept this risk, give ${problems.join(', ')}.` };
  }
  const threats = replaceById(doc.threats, threatId, (threat) => {
    const next: Threat = { ...threat, status };
    if (status === 'accepted' && acceptance) {
      next.acceptance = {
        owner: cutText(oneLine(acceptance.owner!).trim(), LIMITS.name).trim(),
        reason: cutText(acceptance.reason!.trim(), LIMITS.longText),
        reviewDate: acceptance.reviewDate!,
      };
    }
    return JSON.stringify(next) === JSON.stringify(threat) ? threat : next;
  });
  return { ok: true, document: threats ? { ...doc, threats } : doc };
}

/** True when an accepted risk's review date has passed (dates compared as YYYY-MM-DD). */
export function isReviewOverdue(threat: Pick<Threat, 'status' | 'acceptance'>, today: Date = new Date()): boolean {
  if (threat.status !== 'accepted' || !threat.acceptance) return false;
  return threat.acceptance.reviewDate < today.toISOString().slice(0, 10);
}

export function moveThreat(doc: SessionDocument, threatId: string, anchor: ThreatAnchor): SessionDocument {
  if (!anchorExists(doc, anchor)) return doc;
  const threats = replaceById(doc.threats, threatId, (threat) =>
    threat.anchor?.type === anchor.type && threat.anchor.id === anchor.id ? threat : { ...threat, anchor },
  );
  return threats ? { ...doc, threats } : doc;
}

/** Copies a threat to another anchor. Votes and acceptance stay with the original. */
export function copyThreat(doc: SessionDocument, threatId: string, anchor: ThreatAnchor, newId: string): SessionDocument {
  const threat = doc.threats.find((t) => t.id === threatId);
  if (!threat || !anchorExists(doc, anchor) || roomFor(doc, 'threats', 1)) return doc;
  const { acceptance: _acceptance, ...rest } = threat;
  const copy: Threat = {
    ...rest,
    id: newId,
    anchor,
    votes: 0,
    status: threat.status === 'accepted' ? 'open' : threat.status,
    statement: { ...threat.statement, impactedGoals: [...threat.statement.impactedGoals], impactedAssets: [...threat.statement.impactedAssets] },
  };
  return { ...doc, threats: [...doc.threats, copy] };
}

/**
 * Merges threats into one: `keepId` stays, the others go. Nothing anyone added is lost: the kept
 * threat gets the scores it lacked from the others, their votes added up, their notes (each
 * distinct note once) and card; outcomes, mitigations, ballots and backlog pins that pointed at
 * the others point at it. Made for identical threats (the same card played twice on a step).
 */
export function mergeThreats(doc: SessionDocument, keepId: string, otherIds: readonly string[]): SessionDocument {
  const keep = doc.threats.find((t) => t.id === keepId);
  const gone = new Set(otherIds.filter((id) => id !== keepId));
  const others = doc.threats.filter((t) => gone.has(t.id));
  if (!keep || others.length === 0) return doc;
  for (const id of [...gone]) if (!others.some((t) => t.id === id)) gone.delete(id);

  const notes: string[] = [];
  for (const threat of [keep, ...others]) {
    const note = threat.notes.trim();
    if (note && !notes.includes(note)) notes.push(note);
  }
  const merged: Threat = {
    ...keep,
    likelihood: keep.likelihood ?? others.find((t) => t.likelihood !== null)?.likelihood ?? null,
    impact: keep.impact ?? others.find((t) => t.impact !== null)?.impact ?? null,
    votes: Math.min(10_000, others.reduce((sum, t) => sum + t.votes, keep.votes)),
    notes: notes.length > 1 ? cutText(notes.join('\n\n'), LIMITS.longText) : keep.notes,
  };
  const cardId = keep.cardId ?? others.find((t) => t.cardId !== undefined)?.cardId;
  if (cardId !== undefined) merged.cardId = cardId;

  const relink = <T extends { threatIds: string[] }>(entity: T): T => {
    if (!entity.threatIds.some((id) => gone.has(id))) return entity;
    return { ...entity, threatIds: [...new Set(entity.threatIds.map((id) => (gone.has(id) ? keepId : id)))] };
  };
  const itemKey = (key: string) => (key.startsWith('decide:') && gone.has(key.slice(7)) ? `decide:${keepId}` : key);
  const backlogPins = doc.backlogPins
    .map((pin) => (itemKey(pin.itemKey) === pin.itemKey && itemKey(pin.otherKey) === pin.otherKey ? pin : { ...pin, itemKey: itemKey(pin.itemKey), otherKey: itemKey(pin.otherKey) }))
    .filter((pin) => pin.itemKey !== pin.otherKey);

  return {
    ...doc,
    threats: doc.threats.filter((t) => !gone.has(t.id)).map((t) => (t === keep ? merged : t)),
    outcomes: doc.outcomes.map(relink),
    mitigations: doc.mitigations.map(relink),
    backlogPins,
    workshop: withBallotsMoved(doc.workshop, gone, keepId),
  };
}

/**
 * Ballots on merged-away threats move to the kept one; a person's ballots that meet there add
 * up (their total in the vote is unchanged, so the vote's rules still hold).
 */
function withBallotsMoved(workshop: SessionDocument['workshop'], gone: ReadonlySet<string>, keepId: string): SessionDocument['workshop'] {
  if (!workshop.votes.some((vote) => vote.ballots.some((ballot) => gone.has(ballot.threatId)))) return workshop;
  return {
    ...workshop,
    votes: workshop.votes.map((vote) => {
      if (!vote.ballots.some((ballot) => gone.has(ballot.threatId))) return vote;
      const ballots: typeof vote.ballots = [];
      const onKept = new Map<string, number>();
      for (const ballot of vote.ballots) {
        const threatId = gone.has(ballot.threatId) ? keepId : ballot.threatId;
        if (threatId !== keepId) {
          ballots.push(ballot);
          continue;
        }
        const at = onKept.get(ballot.participantId);
        if (at === undefined) {
          onKept.set(ballot.participantId, ballots.length);
          ballots.push({ ...ballot, threatId });
        } else {
          ballots[at] = { ...ballots[at]!, dots: Math.min(20, ballots[at]!.dots + ballot.dots) };
        }
      }
      return { ...vote, ballots };
    }),
  };
}

/**
 * The document as exports and the report show it: without untouched "New threat" placeholders
 * (and the links to them). The same document when there are none.
 */
export function withoutPlaceholders(doc: SessionDocument): SessionDocument {
  const ids = doc.threats.filter(isUntouchedPlaceholder).map((t) => t.id);
  return ids.length === 0 ? doc : deleteThreats(doc, ids);
}

export function deleteThreats(doc: SessionDocument, threatIds: readonly string[]): SessionDocument {
  const doomed = new Set(threatIds);
  if (!doc.threats.some((t) => doomed.has(t.id))) return doc;
  const keep = (id: string) => !doomed.has(id);
  return {
    ...doc,
    threats: doc.threats.filter((t) => keep(t.id)),
    outcomes: doc.outcomes.map((o) => (o.threatIds.every(keep) ? o : { ...o, threatIds: o.threatIds.filter(keep) })),
    mitigations: doc.mitigations.map((m) => (m.threatIds.every(keep) ? m : { ...m, threatIds: m.threatIds.filter(keep) })),
    workshop: withoutBallotsOn(doc.workshop, doomed),
  };
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export function addOutcome(doc: SessionDocument, outcome: Outcome): SessionDocument {
  const statement = cutText(outcome.statement, LIMITS.shortText);
  if (statement.trim() === '' || !doc.steps.some((s) => s.id === outcome.stepId) || roomFor(doc, 'outcomes', 1)) return doc;
  const known = new Set(doc.threats.map((t) => t.id));
  const threatIds = [...new Set(outcome.threatIds)].filter((id) => known.has(id)).slice(0, LIMITS.links);
  return { ...doc, outcomes: [...doc.outcomes, { ...outcome, statement, threatIds }] };
}

export type OutcomePatch = Partial<Pick<Outcome, 'statement' | 'threatIds' | 'acceptanceCriteria' | 'status'>>;

export function updateOutcome(doc: SessionDocument, outcomeId: string, patch: OutcomePatch): SessionDocument {
  const threatIds = new Set(doc.threats.map((t) => t.id));
  const outcomes = replaceById(doc.outcomes, outcomeId, (outcome) => {
    const next: Outcome = { ...outcome };
    if (patch.statement !== undefined && patch.statement.trim() !== '') next.statement = cutText(patch.statement, LIMITS.shortText);
    if (patch.threatIds !== undefined) next.threatIds = [...new Set(patch.threatIds)].filter((id) => threatIds.has(id)).slice(0, LIMITS.links);
    if (patch.acceptanceCriteria !== undefined) {
      next.acceptanceCriteria = patch.acceptanceCriteria.map((line) => cutText(line, LIMITS.shortText)).slice(0, LIMITS.listItems);
    }
    if (patch.status !== undefined) next.status = patch.status;
    return JSON.stringify(next) === JSON.stringify(outcome) ? outcome : next;
  });
  return outcomes ? { ...doc, outcomes } : doc;
}

export function deleteOutcome(doc: SessionDocument, outcomeId: string): SessionDocument {
  if (!doc.outcomes.some((o) => o.id === outcomeId)) return doc;
  return { ...doc, outcomes: doc.outcomes.filter((o) => o.id !== outcomeId) };
}

// ---------------------------------------------------------------------------------------------
// Mitigations

export function addMitigation(doc: SessionDocument, mitigation: Mitigation): SessionDocument {
  const title = cutText(oneLine(mitigation.title), LIMITS.name);
  if (title.trim() === '' || roomFor(doc, 'mitigations', 1)) return doc;
  const known = new Set(doc.threats.map((t) => t.id));
  const threatIds = [...new Set(mitigation.threatIds)].filter((id) => known.has(id)).slice(0, LIMITS.links);
  return { ...doc, mitigations: [...doc.mitigations, { ...mitigation, title, threatIds }] };
}

export type MitigationPatch = Partial<Pick<Mitigation, 'title' | 'description' | 'threatIds' | 'effort' | 'status' | 'owner' | 'externalKey'>>;

export function updateMitigation(doc: SessionDocument, mitigationId: string, patch: MitigationPatch): SessionDocument {
  const known = new Set(doc.threats.map((t) => t.id));
  const mitigations = replaceById(doc.mitigations, mitigationId, (mitigation) => {
    const next: Mitigation = { ...mitigation };
    if (patch.title !== undefined && patch.title.trim() !== '') next.title = cutText(oneLine(patch.title), LIMITS.name);
    if (patch.description !== undefined) next.description = cutText(patch.description, LIMITS.longText);
    if (patch.threatIds !== undefined) next.threatIds = [...new Set(patch.threatIds)].filter((id) => known.has(id)).slice(0, LIMITS.links);
    if (patch.effort !== undefined) next.effort = patch.effort;
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.owner !== undefined) next.owner = cutText(oneLine(patch.owner), LIMITS.name);
    if (patch.externalKey !== undefined) next.externalKey = cutText(oneLine(patch.externalKey), 120);
    return JSON.stringify(next) === JSON.stringify(mitigation) ? mitigation : next;
  });
  return mitigations ? { ...doc, mitigations } : doc;
}

export function deleteMitigation(doc: SessionDocument, mitigationId: string): SessionDocument {
  if (!doc.mitigations.some((m) => m.id === mitigationId)) return doc;
  return { ...doc, mitigations: doc.mitigations.filter((m) => m.id !== mitigationId) };
}

/** Links (or unlinks) one threat to a mitigation. A mitigation may cover many threats. */
export function toggleMitigationThreat(doc: SessionDocument, mitigationId: string, threatId: string, linked: boolean): SessionDocument {
  const mitigation = doc.mitigations.find((m) => m.id === mitigationId);
  if (!mitigation) return doc;
  const has = mitigation.threatIds.includes(threatId);
  if (has === linked) return doc;
  return updateMitigation(doc, mitigationId, {
    threatIds: linked ? [...mitigation.threatIds, threatId] : mitigation.threatIds.filter((id) => id !== threatId),
  });
}
