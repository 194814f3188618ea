/** Named, undoable actions of a facilitated workshop. */
import { newId } from '../../shared/ids.ts';
import type { Participant } from '../../shared/schema.ts';
import {
  DEFAULT_PHASES,
  addParticipant,
  cannotOpenVote,
  addPhase,
  movePhase,
  removePhase,
  renamePhase,
  setPhaseMinutes,
  cancelVote,
  castDot,
  extendTimer,
  goToPhase,
  nextPhase,
  openVote,
  pauseTimer,
  removeParticipant,
  revealVote,
  setAgenda,
  setSpeaker,
  startTimer,
  updateParticipant,
} from '../../shared/workshop-ops.ts';
import { roomFor } from '../../shared/document-ops.ts';
import { refused, sessionStore } from '../store/session-store.ts';

const change = (...args: Parameters<ReturnType<typeof sessionStore.getState>['change']>) => sessionStore.getState().change(...args);

export function addPerson(name: string, role: Participant['role']): string {
  const id = newId();
  const doc = sessionStore.getState().document;
  if (doc && refused(roomFor(doc, 'participants', 1))) return id;
  change(`Add participant ${name}`, (d) => addParticipant(d, { id, name, role }));
  return id;
}

export function editPerson(id: string, patch: Partial<Pick<Participant, 'name' | 'role'>>): void {
  change('Edit participant', (d) => updateParticipant(d, id, patch));
}

export function removePerson(id: string): void {
  change('Remove participant', (d) => removeParticipant(d, id));
}

export function chooseSpeaker(id: string | null): void {
  change('Change who is speaking', (d) => setSpeaker(d, id));
}

export function useDefaultAgenda(): void {
  change('Set up the agenda', (d) => setAgenda(d, DEFAULT_PHASES.map((phase) => ({ ...phase, id: newId() }))));
}

/** Adds a phase at the end of the agenda; returns its id. */
export function addAgendaPhase(name: string, minutes: number): string {
  const id = newId();
  change('Add a phase to the agenda', (d) => addPhase(d, { id, name, minutes }));
  return id;
}

export function renameAgendaPhase(phaseId: string, name: string, coalesceKey: string | null = null): void {
  change('Rename a phase', (d) => renamePhase(d, phaseId, name), coalesceKey);
}

export function setAgendaPhaseMinutes(phaseId: string, minutes: number, coalesceKey: string | null = null): void {
  change('Change a phase’s time', (d) => setPhaseMinutes(d, phaseId, minutes), coalesceKey);
}

export function moveAgendaPhase(phaseId: string, toIndex: number): void {
  change('Reorder the agenda', (d) => movePhase(d, phaseId, toIndex));
}

export function removeAgendaPhase(phaseId: string): void {
  change('Remove a phase from the agenda', (d) => removePhase(d, phaseId));
}

export function startPhaseTimer(): void {
  change('Start the timer', (d) => startTimer(d, new Date()));
}

export function pausePhaseTimer(): void {
  change('Pause the timer', (d) => pauseTimer(d, new Date()));
}

export function addMinutes(minutes: number): void {
  change(`Add ${minutes} min to the phase`, (d) => extendTimer(d, minutes));
}

export function switchPhase(phaseId: string): void {
  change('Change phase', (d) => goToPhase(d, phaseId));
}

export function advancePhase(): void {
  change('Next phase', (d) => nextPhase(d));
}

export function startVote(scope: string, dotsPerParticipant: number): void {
  const doc = sessionStore.getState().document;
  if (doc && refused(cannotOpenVote(doc))) return;
  change('Open a dot vote', (d) => openVote(d, { id: newId(), scope, dotsPerParticipant }, new Date()));
}

/** Returns a message when the dot is refused (observer, no dots left). */
export function placeDot(participantId: string, threatId: string, delta: 1 | -1): string | null {
  const doc = sessionStore.getState().document;
  if (!doc) return null;
  const result = castDot(doc, participantId, threatId, delta);
  if (!result.ok) return result.message;
  change(delta > 0 ? 'Place a dot' : 'Take back a dot', () => result.document);
  return null;
}

export function showVoteResults(): void {
  change('Reveal the vote', (d) => revealVote(d));
}

export function dropVote(): void {
  change('Cancel the vote', (d) => cancelVote(d));
}
