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
  if (!doc) return null;
  const vote = currentVote(doc.workshop);
  const revealed = lastRevealed ? doc.workshop.votes.find((v) => v.id === lastRevealed) : undefined;
  const threatsById = new Map(doc.threats.map((t) => [t.id, t]));
  const voters = doc.participants.filter((p) => p.role !== 'observer');

  let body;
  if (vote) {
    const candidates = voteCandidates(doc, vote.scope);
    const voter = voters.find((p) => p.id === voterId) ?? voters[0];
    const mine = new Map(vote.ballots.filter((b) => b.participantId === voter?.id).map((b) => [b.threatId, b.dots]));
    const used = [...mine.values()].reduce((a, b) => a + b, 0);
    const voted = new Set(vote.ballots.map((b) => b.participantId));
    body = (
      <>
        <p className="field-hint">
          Blind vote: totals stay hidden until you reveal them. {voted.size} of {voters.length} people have voted.
        </p>
        {voters.length === 0 ? (
          <p className="form-error">Add participants (People…) before voting; observers do not vote.</p>
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
        <ul className="vote-list" aria-label="Threats to vote on">
          {candidates.map((id) => {
            const threat = threatsById.get(id)!;
            const count = mine.get(id) ?? 0;
            return (
              <li key={id}>
                <SeverityChip risk={riskOf(threat)} />
                <span className="vote-title">{threat.title}</span>
                <button type="button" className="icon-button" aria-label={`Take a dot from ${threat.title}`} disabled={!voter || count === 0} onClick={() => voter && setProblem(placeDot(voter.id, id, -1))}>
                  −
                </button>
                <span className="vote-dots" aria-label={`${count} dots from ${voter?.name ?? 'nobody'}`}>
                  {'●'.repeat(count) || '·'}
                </span>
                <button type="button" className="icon-button" aria-label={`Give a dot to ${threat.title}`} disabled={!voter} onClick={() => voter && setProblem(placeDot(voter.id, id, 1))}>
                  +
                </button>
              </li>
            );
          })}
        </ul>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
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
