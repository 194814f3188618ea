/**
 * What only the facilitator's app may change in a live room: the people, the workshop (agenda,
 * timer, who speaks, votes), the backlog order and the threats' vote counts. The host refuses a
 * participant's update that touches them (update-guard.ts); a participant's own app checks the
 * same before it sends, so an honest participant gets a plain message instead of a disconnect.
 */
import type { SessionDocument } from '../schema.ts';

export function participantMayChange(before: SessionDocument, after: SessionDocument): string | null {
  // A threat the room voted on carries its votes; only the host writes votes, so only the host
  // removes such a threat (its undo would write the votes back).
  if (after.threats !== before.threats) {
    const kept = new Set(after.threats.map((t) => t.id));
    if (before.threats.some((t) => t.votes > 0 && !kept.has(t.id))) return 'a threat the room has voted on can only be removed by the facilitator.';
  }
  if (after.workshop !== before.workshop) return 'only the facilitator runs the agenda, the timer and the votes.';
  if (after.participants !== before.participants) return 'only the facilitator manages the people in the room.';
  if (after.backlogPins !== before.backlogPins) return 'only the facilitator reorders the backlog.';
  if (after.threats !== before.threats) {
    const votes = new Map(before.threats.map((t) => [t.id, t.votes]));
    for (const threat of after.threats) {
      const old = votes.get(threat.id);
      if ((old === undefined ? 0 : old) !== threat.votes) return 'votes are counted by the facilitator’s app.';
    }
  }
  return null;
}
