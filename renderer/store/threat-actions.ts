/**
 * Named actions on threats, security outcomes and mitigations of the open session. Each is one
 * undoable change; text fields coalesce per field so typing is one undo step.
 */
import { newId } from '../../shared/ids.ts';
import type { Mitigation, Outcome, Threat } from '../../shared/schema.ts';
import {
  addMitigation,
  addOutcome,
  addThreat,
  copyThreat,
  deleteMitigation,
  deleteOutcome,
  deleteThreats,
  mergeThreats,
  moveThreat,
  setThreatStatus,
  toggleMitigationThreat,
  updateMitigation,
  updateOutcome,
  updateThreat,
  type Acceptance,
  type MitigationPatch,
  type OutcomePatch,
  type ThreatAnchor,
  type ThreatPatch,
} from '../../shared/threat-ops.ts';
import { roomFor } from '../../shared/document-ops.ts';
import { refused, sessionStore } from './session-store.ts';

const change = (...args: Parameters<ReturnType<typeof sessionStore.getState>['change']>) => sessionStore.getState().change(...args);

/** Whoever is speaking in the workshop is the author of what gets added. */
function author(): { authorId?: string } {
  const { actorId, document } = sessionStore.getState();
  const id = actorId ?? document?.workshop.speakerId;
  return id && document?.participants.some((p) => p.id === id) ? { authorId: id } : {};
}

function room(collection: 'threats' | 'outcomes' | 'mitigations'): string | null {
  const doc = sessionStore.getState().document;
  return doc ? roomFor(doc, collection, 1) : null;
}

export function createThreat(threat: Threat, label = 'Add threat'): string {
  const attributed = threat.authorId ? threat : { ...threat, ...author() };
  if (refused(room('threats'))) return threat.id;
  change(label, (d) => addThreat(d, attributed));
  return threat.id;
}

export function editThreat(threatId: string, patch: ThreatPatch, coalesceKey: string | null = null): void {
  change('Edit threat', (d) => updateThreat(d, threatId, patch), coalesceKey);
}

/** Sets likelihood and/or impact; null clears one (the threat is then not scored). */
export function scoreThreat(threatId: string, scores: { likelihood?: number | null; impact?: number | null }): void {
  change('Score threat', (d) => updateThreat(d, threatId, scores));
}

/**
 * Merges identical threats into the first one (the backlog offers it for the same card played
 * twice on a step): links, ballots and votes move to it, the others go. One undo step.
 */
export function mergeDuplicateThreats(threatIds: readonly string[]): void {
  const [keepId, ...others] = threatIds;
  if (keepId === undefined || others.length === 0) return;
  change('Merge duplicate threats', (d) => mergeThreats(d, keepId, others));
}

/** Returns a message when the status change is refused (an incomplete risk acceptance). */
export function changeThreatStatus(threatId: string, status: Threat['status'], acceptance?: Partial<Acceptance>): string | null {
  const doc = sessionStore.getState().document;
  if (!doc) return null;
  const result = setThreatStatus(doc, threatId, status, acceptance);
  if (!result.ok) return result.message;
  change(status === 'accepted' ? 'Accept risk' : 'Change threat status', () => result.document);
  return null;
}

export function relocateThreat(threatId: string, anchor: ThreatAnchor, copy: boolean): void {
  if (copy) change('Copy threat', (d) => copyThreat(d, threatId, anchor, newId()));
  else change('Move threat', (d) => moveThreat(d, threatId, anchor));
}

export function removeThreat(threatId: string): void {
  change('Delete threat', (d) => deleteThreats(d, [threatId]));
}

/** `id`: the id a draft was shown under (see AnchorRisks), so the new outcome takes its place. */
export function createOutcome(stepId: string, statement: string, threatIds: string[] = [], id: string = newId()): string {
  const outcome: Outcome = { id, stepId, statement, threatIds, acceptanceCriteria: [], status: 'draft', ...author() };
  if (refused(room('outcomes'))) return outcome.id;
  change('Add security outcome', (d) => addOutcome(d, outcome));
  return outcome.id;
}

export function editOutcome(outcomeId: string, patch: OutcomePatch, coalesceKey: string | null = null): void {
  change('Edit security outcome', (d) => updateOutcome(d, outcomeId, patch), coalesceKey);
}

export function removeOutcome(outcomeId: string): void {
  change('Delete security outcome', (d) => deleteOutcome(d, outcomeId));
}

export function createMitigation(title: string, threatIds: string[], fields: Partial<Mitigation> = {}): string {
  const mitigation: Mitigation = { id: newId(), title, description: '', threatIds, effort: 'M', status: 'proposed', owner: '', ...author(), ...fields };
  if (refused(room('mitigations'))) return mitigation.id;
  change('Add mitigation', (d) => addMitigation(d, mitigation));
  return mitigation.id;
}

export function editMitigation(mitigationId: string, patch: MitigationPatch, coalesceKey: string | null = null): void {
  change('Edit mitigation', (d) => updateMitigation(d, mitigationId, patch), coalesceKey);
}

export function linkMitigation(mitigationId: string, threatId: string, linked: boolean): void {
  change(linked ? 'Link mitigation' : 'Unlink mitigation', (d) => toggleMitigationThreat(d, mitigationId, threatId, linked));
}

export function removeMitigation(mitigationId: string): void {
  change('Delete mitigation', (d) => deleteMitigation(d, mitigationId));
}
