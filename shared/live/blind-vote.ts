/**
 * A blind dot vote across devices. Each person votes on their own screen; the ballots go to the
 * host alone and stay out of the shared Y.Doc until the reveal, so nobody — the host included —
 * sees counts before it. The host applies the same rules as the one-screen vote (castDot: an open
 * vote, a candidate threat, no observer, no more dots than allowed), with the voter's identity
 * taken from their authenticated connection, never from the message: editing one's own client
 * cannot vote twice or for someone else.
 */
import type { SessionDocument, Vote } from '../schema.ts';
import { castDot, currentVote } from '../workshop-ops.ts';

type Ballot = Vote['ballots'][number];

export type DotOutcome =
  | { ok: true; voteId: string; mine: Array<{ threatId: string; dots: number }>; left: number }
  | { ok: false; message: string };

export class BlindBallots {
  private voteId: string | null = null;
  private ballots: Ballot[] = [];

  /** The ballots of the vote now open in `doc` (a new vote starts empty). */
  private sync(doc: SessionDocument): Vote | undefined {
    const vote = currentVote(doc.workshop);
    if (!vote) {
      this.voteId = null;
      this.ballots = [];
      return undefined;
    }
    if (vote.id !== this.voteId) {
      this.voteId = vote.id;
      this.ballots = [];
    }
    return vote;
  }

  cast(doc: SessionDocument, participantId: string, threatId: string, delta: 1 | -1): DotOutcome {
    const vote = this.sync(doc);
    if (!vote) return { ok: false, message: 'No vote is open.' };
    const withMine: SessionDocument = {
      ...doc,
      workshop: { ...doc.workshop, votes: doc.workshop.votes.map((v) => (v.id === vote.id ? { ...v, ballots: this.ballots } : v)) },
    };
    const result = castDot(withMine, participantId, threatId, delta);
    if (!result.ok) return result;
    this.ballots = currentVote(result.document.workshop)?.ballots ?? this.ballots;
    return { ok: true, voteId: vote.id, ...this.mine(vote, participantId) };
  }

  mine(vote: Pick<Vote, 'dotsPerParticipant'>, participantId: string): { mine: Array<{ threatId: string; dots: number }>; left: number } {
    const mine = this.ballots.filter((b) => b.participantId === participantId).map((b) => ({ threatId: b.threatId, dots: b.dots }));
    return { mine, left: vote.dotsPerParticipant - mine.reduce((sum, b) => sum + b.dots, 0) };
  }

  /** How many eligible people have placed at least one dot: no counts per threat. */
  progress(doc: SessionDocument): { voteId: string; voted: number; of: number } | null {
    const vote = this.sync(doc);
    if (!vote) return null;
    const eligible = doc.participants.filter((p) => p.role !== 'observer').length;
    return { voteId: vote.id, voted: new Set(this.ballots.map((b) => b.participantId)).size, of: eligible };
  }

  /** Hands the ballots of `voteId` over for the reveal, and forgets them. */
  take(doc: SessionDocument, voteId: string): Ballot[] | null {
    const vote = this.sync(doc);
    if (!vote || vote.id !== voteId) return null;
    const ballots = this.ballots;
    this.ballots = [];
    return ballots;
  }
}
