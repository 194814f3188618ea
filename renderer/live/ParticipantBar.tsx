/**
 * A participant's strip in place of the facilitator's: the phase and its time (run by the
 * facilitator, shown here), the dot vote when one is open, and who else is in the room.
 */
import { useState } from 'react';
import { remainingMs } from '../../shared/workshop-ops.ts';
import { useSession } from '../store/session-store.ts';
import { formatRemaining } from '../workshop/timer-format.ts';
import { useNow } from '../workshop/use-now.ts';
import { LiveVoteDialog } from './LiveVoteDialog.tsx';
import { usePresence } from './presence.ts';

export function ParticipantBar() {
  const workshop = useSession((s) => s.document?.workshop);
  const voteOpen = workshop?.votes.some((v) => v.status === 'open') ?? false;
  const running = !!workshop?.timer.startedAt;
  const now = useNow(running);
  const people = usePresence((s) => s.people);
  const [voting, setVoting] = useState(false);
  const phase = workshop?.phases.find((p) => p.id === workshop.currentPhaseId);
  const remaining = workshop ? remainingMs(workshop, now) : null;
  return (
    <div className="workshop-bar" role="toolbar" aria-label="Workshop">
      {phase && (
        <p className="phase-readout">
          {phase.name}{' '}
          <span className="timer-display" role="timer" aria-label={`Time left in ${phase.name}`}>
            {remaining === null ? '—' : formatRemaining(remaining)}
          </span>
        </p>
      )}
      <div className="workshop-actions">
        <p className="live-people" aria-label="People in the room">
          {people.length === 0 ? 'Nobody else here yet' : `With ${people.map((p) => p.name).join(', ')}`}
        </p>
        <button type="button" className={`button${voteOpen ? ' button-primary' : ''}`} onClick={() => setVoting(true)}>
          {voteOpen ? 'Vote now…' : 'Dot vote…'}
        </button>
      </div>
      {voting && <LiveVoteDialog role="participant" onClose={() => setVoting(false)} />}
    </div>
  );
}
