/**
 * Pure operations on threats, security outcomes and mitigations. Like document-ops.ts: every
 * function returns a new document, or the same one when nothing changes.
 */
import { newId } from './ids.ts';
import { LIMITS, type Mitigation, type Outcome, type SessionDocument, type Threat } from './schema.ts';

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

/** A new threat with every field at its starting value; `fields` override any of them (the id too). */
export function blankThreat(anchor: ThreatAnchor | null, fields: Partial<Threat> = {}): Threat {
  return {
    id: newId(),
    anchor,
    title: 'New threat',
    category: { framework: 'Custom', key: 'custom' },
    statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] },
    likelihood: 3,
    impact: 3,
    status: 'open',
    votes: 0,
    notes: '',
    ...fields,
  };
}

export function addThreat(doc: SessionDocument, threat: Threat): SessionDocument {
  if (threat.anchor && !anchorExists(doc, threat.anchor)) return doc;
  return { ...doc, threats: [...doc.threats, threat] };
}

export type ThreatPatch = Partial<Pick<Threat, 'title' | 'category' | 'likelihood' | 'impact' | 'notes' | 'authorId' | 'votes'>> & {
  statement?: Partial<Threat['statement']>;
};

function clampScore(value: number): number {
  return Math.min(5, Math.max(1, Math.round(value)));
}

export function updateThreat(doc: SessionDocument, threatId: string, patch: ThreatPatch): SessionDocument {
  const threats = replaceById(doc.threats, threatId, (threat) => {
    const next: Threat = { ...threat };
    if (patch.title !== undefined) {
      const title = patch.title.replace(/[\r\n]+/g, ' ').slice(0, LIMITS.name);
      if (title.trim() !== '') next.title = title;
    }
    if (patch.category !== undefined) next.category = { framework: patch.category.framework.slice(0, 40), key: patch.category.key.slice(0, 60) };
    if (patch.likelihood !== undefined) next.likelihood = clampScore(patch.likelihood);
    if (patch.impact !== undefined) next.impact = clampScore(patch.impact);
    if (patch.notes !== undefined) next.notes = patch.notes.slice(0, LIMITS.longText);
    if (patch.votes !== undefined) next.votes = Math.max(0, Math.min(10_000, Math.round(patch.votes)));
    if (patch.authorId !== undefined) next.authorId = patch.authorId;
    if (patch.statement !== undefined) {
      const statement = { ...threat.statement };
      for (const key of ['source', 'prerequisites', 'action', 'impact'] as const) {
        const value = patch.statement[key];
        if (value !== undefined) statement[key] = value.slice(0, LIMITS.shortText);
      }
      if (patch.statement.impactedGoals) statement.impactedGoals = patch.statement.impactedGoals.slice(0, LIMITS.tags);
      if (patch.statement.impactedAssets) statement.impactedAssets = patch.statement.impactedAssets.slice(0, LIMITS.tags);
      next.statement = statement;
    }
    return JSON.stringify(next) === JSON.stringify(threat) ? threat : next;
  });
  return threats ? { ...doc, threats } : doc;
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
  if (!acceptance?.reviewDate || !/^\d{4}-\d{2}-\d{2}$/.test(acceptance.reviewDate) || Number.isNaN(Date.parse(acceptance.reviewDate))) {
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
        owner: acceptance.owner!.trim().slice(0, LIMITS.name),
        reason: acceptance.reason!.trim().slice(0, LIMITS.longText),
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
  if (!threat || !anchorExists(doc, anchor)) return doc;
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

export function deleteThreats(doc: SessionDocument, threatIds: readonly string[]): SessionDocument {
  const doomed = new Set(threatIds);
  if (!doc.threats.some((t) => doomed.has(t.id))) return doc;
  const keep = (id: string) => !doomed.has(id);
  return {
    ...doc,
    threats: doc.threats.filter((t) => keep(t.id)),
    outcomes: doc.outcomes.map((o) => (o.threatIds.every(keep) ? o : { ...o, threatIds: o.threatIds.filter(keep) })),
    mitigations: doc.mitigations.map((m) => (m.threatIds.every(keep) ? m : { ...m, threatIds: m.threatIds.filter(keep) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export function addOutcome(doc: SessionDocument, outcome: Outcome): SessionDocument {
  if (!doc.steps.some((s) => s.id === outcome.stepId)) return doc;
  return { ...doc, outcomes: [...doc.outcomes, outcome] };
}

export type OutcomePatch = Partial<Pick<Outcome, 'statement' | 'threatIds' | 'acceptanceCriteria' | 'status'>>;

export function updateOutcome(doc: SessionDocument, outcomeId: string, patch: OutcomePatch): SessionDocument {
  const threatIds = new Set(doc.threats.map((t) => t.id));
  const outcomes = replaceById(doc.outcomes, outcomeId, (outcome) => {
    const next: Outcome = { ...outcome };
    if (patch.statement !== undefined && patch.statement.trim() !== '') next.statement = patch.statement.slice(0, LIMITS.shortText);
    if (patch.threatIds !== undefined) next.threatIds = [...new Set(patch.threatIds)].filter((id) => threatIds.has(id));
    if (patch.acceptanceCriteria !== undefined) {
      next.acceptanceCriteria = patch.acceptanceCriteria.map((line) => line.slice(0, LIMITS.shortText)).slice(0, LIMITS.listItems);
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
  const known = new Set(doc.threats.map((t) => t.id));
  return { ...doc, mitigations: [...doc.mitigations, { ...mitigation, threatIds: mitigation.threatIds.filter((id) => known.has(id)) }] };
}

export type MitigationPatch = Partial<Pick<Mitigation, 'title' | 'description' | 'threatIds' | 'effort' | 'status' | 'owner' | 'externalKey'>>;

export function updateMitigation(doc: SessionDocument, mitigationId: string, patch: MitigationPatch): SessionDocument {
  const known = new Set(doc.threats.map((t) => t.id));
  const mitigations = replaceById(doc.mitigations, mitigationId, (mitigation) => {
    const next: Mitigation = { ...mitigation };
    if (patch.title !== undefined && patch.title.trim() !== '') next.title = patch.title.replace(/[\r\n]+/g, ' ').slice(0, LIMITS.name);
    if (patch.description !== undefined) next.description = patch.description.slice(0, LIMITS.longText);
    if (patch.threatIds !== undefined) next.threatIds = [...new Set(patch.threatIds)].filter((id) => known.has(id));
    if (patch.effort !== undefined) next.effort = patch.effort;
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.owner !== undefined) next.owner = patch.owner.slice(0, LIMITS.name);
    if (patch.externalKey !== undefined) next.externalKey = patch.externalKey.slice(0, 120);
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
