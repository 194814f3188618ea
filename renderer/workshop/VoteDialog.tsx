import { useState } from 'react';
import { riskOf } from '../../shared/scoring.ts';
import { currentVote, isSpreadOut, voteCandidates, voteTotals } from '../../shared/workshop-ops.ts';
import { Dialog } from '../components/Dialog.tsx';
import { SeverityChip } from '../risks/SeverityChip.tsx';
import { useSession } from '../store/session-store.ts';
import { dropVote, placeDot, showVoteResults, startVote } from './workshop-actions.ts';

/**
 * Dot voting: the facilitator opens a vote, enters each person's dots (blind: nobody sees the
 * totals), then reveals. The dots become the threats' votes and nudge the backlog rank.
 */
export function VoteDialog({ onClose }: { onClose(): void }) {
  const doc = useSession((s) => s.document);
  const [scope, setScope] = useState('session');
  const [dots, setDots] = useState(3);
  const [voterId, setVoterId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [lastRevealed, setLastRevealed] = useState<string | null>(null);
  const [privateEntry, setPrivateEntry] = useState(false);
  // In private entry: the person who has the keyboard now, or null between voters.
  const [handedTo, setHandedTo] = useState<string | null>(null);
  if (!doc) return null;
  const vote = currentVote(doc.workshop);
  const revealed = lastRevealed ? doc.workshop.votes.find((v) => v.id === lastRevealed) : undefined;
  const threatsById = new Map(doc.threats.map((t) => [t.id, t]));
  const voters = doc.participants.filter((p) => p.role !== 'observer');

  let body;
  if (vote) {
    const candidates = voteCandidates(doc, vote.scope);
    const voted = new Set(vote.ballots.map((b) => b.participantId));
    const nextVoter = voters.find((p) => !voted.has(p.id)) ?? voters[0];
    // Private entry: the person with the keyboard votes until they hand over; between voters the
    // next one suggested is the first who has not voted.
    const voter =
      (privateEntry && handedTo ? voters.find((p) => p.id === handedTo) : undefined) ??
      voters.find((p) => p.id === voterId) ??
      (privateEntry ? nextVoter : voters[0]);
    const dotsOf = (participantId: string | undefined) => vote.ballots.filter((b) => b.participantId === participantId).reduce((a, b) => a + b.dots, 0);
    const mine = new Map(vote.ballots.filter((b) => b.participantId === voter?.id).map((b) => [b.threatId, b.dots]));
    const used = dotsOf(voter?.id);
    // Private entry: the screen is the projector, so a voter's dots are never drawn while they
    // vote; between voters it shows whose turn it is.
    const hidden = privateEntry && handedTo === voter?.id;
    const waiting = privateEntry && handedTo === null;
    const give = (threatId: string, delta: 1 | -1) => {
      if (!voter) return;
      const message = placeDot(voter.id, threatId, delta);
      setProblem(message);
    };
    body = (
      <>
        <p className="field-hint">
          Blind vote: totals stay hidden until you reveal them. {voted.size} of {voters.length} people have voted.
        </p>
        {voters.length === 0 ? (
          <p className="form-error">Add participants (People…) before voting; observers do not vote.</p>
        ) : (
          <>
            <label className="check-field">
              <input
                type="checkbox"
                checked={privateEntry}
                disabled={hidden}
                onChange={(e) => {
                  setPrivateEntry(e.target.checked);
                  setHandedTo(null);
                  setProblem(null);
                }}
              />
              Private entry: hide each person’s dots from the screen while they vote
            </label>
            {waiting ? (
              <div className="vote-handover">
                <div className="field">
                  <label htmlFor="voter">Next to vote</label>
                  <select id="voter" value={voter?.id ?? ''} onChange={(e) => (setVoterId(e.target.value), setProblem(null))}>
                    {voters.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                        {voted.has(p.id) ? ` (voted: ${dotsOf(p.id)} of ${vote.dotsPerParticipant} dots)` : ''}
                      </option>
                    ))}
                  </select>
                </div>
                <p className="vote-turn">Hand the keyboard to {voter?.name}. Their dots stay hidden from the screen while they vote.</p>
                <button type="button" className="button button-primary" onClick={() => voter && (setHandedTo(voter.id), setProblem(null))}>
                  Start voting as {voter?.name}
                </button>
              </div>
            ) : hidden ? (
              <p className="vote-turn" aria-live="polite">
                {voter?.name} is voting… {used} of {vote.dotsPerParticipant} dots placed
              </p>
            ) : (
              <div className="field">
                <label htmlFor="voter">Dots of</label>
                <select id="voter" value={voter?.id ?? ''} onChange={(e) => (setVoterId(e.target.value), setProblem(null))}>
                  {voters.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <p className="field-hint" aria-live="polite">
                  {voter ? `${voter.name} has ${vote.dotsPerParticipant - used} of ${vote.dotsPerParticipant} dots left.` : ''}
                </p>
              </div>
            )}
          </>
        )}
        {!waiting && (
          <ul className="vote-list" aria-label="Threats to vote on">
            {candidates.map((id) => {
              const threat = threatsById.get(id)!;
              const count = mine.get(id) ?? 0;
              return (
                <li key={id}>
                  {!hidden && <SeverityChip risk={riskOf(threat)} />}
                  <span className="vote-title">{threat.title}</span>
                  <button
                    type="button"
                    className="icon-button vote-step"
                    aria-label={`Take a dot from ${threat.title}`}
                    disabled={!voter || (!hidden && count === 0)}
                    onClick={() => give(id, -1)}
                  >
                    −
                  </button>
                  {!hidden && <DotMarkers count={count} owner={voter?.name ?? 'nobody'} />}
                  <button type="button" className="icon-button vote-step" aria-label={`Give a dot to ${threat.title}`} disabled={!voter} onClick={() => give(id, 1)}>
                    +
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div className="dialog-actions">
          {problem && (
            <p className="form-error vote-problem" role="alert">
              {problem}
            </p>
          )}
          {hidden ? (
            <>
              <button
                type="button"
                className="button"
                disabled={used === 0}
                onClick={() => {
                  if (!voter) return;
                  for (const [threatId, dots] of mine) for (let i = 0; i < dots; i++) placeDot(voter.id, threatId, -1);
                  setProblem(null);
                }}
              >
                Start over
              </button>
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setHandedTo(null);
                  setProblem(null);
                  const after = voters.find((p) => p.id !== voter?.id && !voted.has(p.id));
                  if (after) setVoterId(after.id);
                }}
              >
                Done: hand over
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button button-danger" onClick={dropVote}>
                Cancel vote
              </button>
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setLastRevealed(vote.id);
                  showVoteResults();
                }}
              >
                Reveal results
              </button>
            </>
          )}
        </div>
      </>
    );
  } else if (revealed) {
    const totals = [...voteTotals(revealed).entries()].sort((a, b) => b[1] - a[1]);
    body = (
      <>
        {isSpreadOut(revealed) && (
          <p className="jargon-hint" role="note">
            The dots are spread out: no clear favourite. Talk it through before trusting the order.
          </p>
        )}
        <ol className="vote-results" aria-label="Vote results">
          {totals.map(([id, count]) => (
            <li key={id}>
              <strong>{count}</strong> {threatsById.get(id)?.title ?? '(removed threat)'}
            </li>
          ))}
        </ol>
        <div className="dialog-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </>
    );
  } else {
    body = (
      <form
        onSubmit={(event) => {
          event.preventDefault();
          startVote(scope, dots);
        }}
      >
        <div className="field">
          <label htmlFor="vote-scope">Vote on the open threats of</label>
          <select id="vote-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="session">the whole session</option>
            {doc.journeys.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="vote-dots">Dots per person</label>
          <input id="vote-dots" type="number" min={1} max={20} value={dots} onChange={(e) => setDots(Math.max(1, Math.min(20, Number(e.target.value) || 1)))} />
        </div>
        <p className="field-hint">{voteCandidates(doc, scope).length} open threats in the vote.</p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="button button-primary" disabled={voteCandidates(doc, scope).length === 0}>
            Open vote
          </button>
        </div>
      </form>
    );
  }
  return (
    <Dialog title="Dot vote" onClose={onClose}>
      {body}
    </Dialog>
  );
}

/** A voter's dots on one threat, large enough to count from across the room. */
function DotMarkers({ count, owner }: { count: number; owner: string }) {
  return (
    <span className="vote-dots" role="img" aria-label={`${count} ${count === 1 ? 'dot' : 'dots'} from ${owner}`}>
      {count === 0 ? <span className="vote-dot is-empty" /> : Array.from({ length: count }, (_, i) => <span key={i} className="vote-dot" />)}
    </span>
  );
}
