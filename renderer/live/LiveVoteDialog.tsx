/**
 * A blind dot vote across devices. The facilitator opens it and reveals it; everyone votes on
 * their own screen. Before the reveal nobody sees any count — the host's screen shows only how
 * many people have voted — because the ballots never enter the shared session (blind-vote.ts).
 */
import { useState } from 'react';
import { currentVote, voteCandidates, voteTotals } from '../../shared/workshop-ops.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useSession } from '../store/session-store.ts';
import { dropVote, startVote } from '../workshop/workshop-actions.ts';
import { revealLiveVote, useLiveHost } from './host-room.ts';
import { sendDot, useParticipant } from './participant-room.ts';

export function LiveVoteDialog({ role, onClose }: { role: 'host' | 'participant'; onClose(): void }) {
  const doc = useSession((s) => s.document);
  const progress = useLiveHost((s) => s.voteProgress);
  const myDots = useParticipant((s) => s.myDots);
  const dotMessage = useParticipant((s) => s.dotMessage);
  const [scope, setScope] = useState('session');
  const [dots, setDots] = useState(3);
  if (!doc) return null;
  const vote = currentVote(doc.workshop);
  const threats = new Map(doc.threats.map((t) => [t.id, t]));
  const lastRevealed = [...doc.workshop.votes].reverse().find((v) => v.status === 'revealed');

  let body;
  if (vote && role === 'host') {
    const shown = progress?.voteId === vote.id ? progress : null;
    body = (
      <>
        <p role="status">
          Everyone votes on their own device: {shown ? `${shown.voted} of ${shown.of} people have voted` : 'nobody has voted yet'}. Nobody sees any
          count until you reveal the results, you included.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button button-danger" onClick={dropVote}>
            Cancel vote
          </button>
          <button type="button" className="button button-primary" onClick={() => revealLiveVote(vote.id)}>
            Reveal results
          </button>
        </div>
      </>
    );
  } else if (vote) {
    const candidates = voteCandidates(doc, vote.scope);
    const mine = new Map((myDots?.voteId === vote.id ? myDots.dots : []).map((d) => [d.threatId, d.dots]));
    const left = myDots?.voteId === vote.id ? myDots.left : vote.dotsPerParticipant;
    body = (
      <>
        <p className="live-vote-left" aria-live="polite">
          You have {left} of {vote.dotsPerParticipant} dots left. Nobody sees your dots; the facilitator reveals the totals.
        </p>
        <ul className="vote-list" aria-label="Threats to vote on">
          {candidates.map((id) => {
            const threat = threats.get(id)!;
            const count = mine.get(id) ?? 0;
            return (
              <li key={id}>
                <span className="vote-title">{threat.title}</span>
                <button type="button" className="icon-button" aria-label={`Take a dot from ${threat.title}`} disabled={count === 0} onClick={() => sendDot(id, -1)}>
                  −
                </button>
                <span className="vote-dots" aria-label={`${count} of your dots`}>
                  {count}
                </span>
                <button type="button" className="icon-button" aria-label={`Give a dot to ${threat.title}`} disabled={left <= 0} onClick={() => sendDot(id, 1)}>
                  +
                </button>
              </li>
            );
          })}
        </ul>
        <div className="dialog-footer-message">
          {dotMessage && (
            <p className="form-error" role="alert">
              {dotMessage}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </>
    );
  } else if (role === 'host') {
    body = (
      <form
        onSubmit={(event) => {
          event.preventDefault();
          startVote(scope, dots);
        }}
      >
        <div className="field">
          <label htmlFor="live-vote-scope">Vote on the open threats of</label>
          <select id="live-vote-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="session">the whole session</option>
            {doc.journeys.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="live-vote-dots">Dots per person</label>
          <input id="live-vote-dots" type="number" min={1} max={20} value={dots} onChange={(e) => setDots(Math.max(1, Math.min(20, Number(e.target.value) || 1)))} />
        </div>
        <p className="field-hint">{voteCandidates(doc, scope).length} open threats in the vote. Each person votes on their own device.</p>
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
  } else {
    body = <p>No vote is open. The facilitator opens one when it is time.</p>;
  }

  return (
    <Dialog title="Dot vote" onClose={onClose}>
      {body}
      {!vote && lastRevealed && (
        <>
          <h3>Last results</h3>
          <ol className="vote-results" aria-label="Vote results">
            {[...voteTotals(lastRevealed).entries()]
              .sort((a, b) => b[1] - a[1])
              .map(([id, count]) => (
                <li key={id}>
                  <strong>{count}</strong> {threats.get(id)?.title ?? '(removed threat)'}
                </li>
              ))}
          </ol>
        </>
      )}
    </Dialog>
  );
}
