/**
 * The rules of a session document that a JSON Schema cannot express: ids unique across the
 * document, references that resolve, and the rules of a dot vote. One function, used by the zod
 * schema (every load and file), by the incremental check that guards each edit and each save
 * (document-check.ts), and by Repair (repair.ts), so the three can never disagree.
 *
 * Plain loops over Sets and Maps: linear in the size of the document, cheap enough to run after
 * every edit of a 5,000-threat session.
 */

/** Just the fields the rules read; the schema's output type satisfies it. */
export interface RuleDocument {
  participants: ReadonlyArray<{ id: string; role: string }>;
  journeys: ReadonlyArray<{ id: string }>;
  steps: ReadonlyArray<{ id: string; journeyId: string }>;
  flows: ReadonlyArray<{ id: string; journeyId: string; source: string; target: string }>;
  threats: ReadonlyArray<{ id: string; anchor: { type: 'step' | 'flow'; id: string } | null; status: string; acceptance?: unknown; authorId?: string }>;
  outcomes: ReadonlyArray<{ id: string; stepId: string; threatIds: readonly string[]; authorId?: string }>;
  mitigations: ReadonlyArray<{ id: string; threatIds: readonly string[]; authorId?: string }>;
  backlogPins: ReadonlyArray<{ id: string }>;
  workshop: {
    phases: ReadonlyArray<{ id: string }>;
    currentPhaseId: string | null;
    speakerId: string | null;
    votes: ReadonlyArray<{
      id: string;
      status: string;
      dotsPerParticipant: number;
      ballots: ReadonlyArray<{ participantId: string; threatId: string; dots: number }>;
    }>;
  };
}

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/** A value quoted in a message, shortened: a hostile file must not make messages huge. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

const ENTITY_COLLECTIONS = ['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins'] as const;

export function crossReferenceIssues(doc: RuleDocument): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });

  // Ids are unique across the whole document (phases and votes included): an id names one thing.
  const seen = new Set<string>();
  const unique = (id: string, path: (string | number)[]) => {
    if (seen.has(id)) add(path, `duplicate id ${quote(id)}`);
    seen.add(id);
  };
  for (const key of ENTITY_COLLECTIONS) doc[key].forEach((entity, index) => unique(entity.id, [key, index, 'id']));
  doc.workshop.phases.forEach((phase, index) => unique(phase.id, ['workshop', 'phases', index, 'id']));
  doc.workshop.votes.forEach((vote, index) => unique(vote.id, ['workshop', 'votes', index, 'id']));

  const journeyIds = new Set(doc.journeys.map((j) => j.id));
  const stepJourney = new Map(doc.steps.map((s) => [s.id, s.journeyId]));
  const flowIds = new Set(doc.flows.map((f) => f.id));
  const threatIds = new Set(doc.threats.map((t) => t.id));
  const participantIds = new Set(doc.participants.map((p) => p.id));

  doc.steps.forEach((step, index) => {
    if (!journeyIds.has(step.journeyId)) add(['steps', index, 'journeyId'], `no journey ${quote(step.journeyId)}`);
  });
  // One flow per ordered pair of steps: the canvas draws them on top of each other, and a file
  // of 50,000 copies of one flow must not be able to stall the page.
  const pairs = new Set<string>();
  doc.flows.forEach((flow, index) => {
    if (!journeyIds.has(flow.journeyId)) add(['flows', index, 'journeyId'], `no journey ${quote(flow.journeyId)}`);
    for (const end of ['source', 'target'] as const) {
      const journeyOfStep = stepJourney.get(flow[end]);
      if (journeyOfStep === undefined) add(['flows', index, end], `no step ${quote(flow[end])}`);
      else if (journeyOfStep !== flow.journeyId) add(['flows', index, end], 'step belongs to another journey');
    }
    if (flow.source === flow.target) add(['flows', index, 'target'], 'a step cannot flow into itself');
    const pair = `${flow.source}\u0000${flow.target}`;
    if (pairs.has(pair)) add(['flows', index], 'these steps are already connected by another flow');
    pairs.add(pair);
  });
  const authorExists = (item: { authorId?: string }, path: (string | number)[]) => {
    if (item.authorId !== undefined && !participantIds.has(item.authorId)) add(path, `no participant ${quote(item.authorId)}`);
  };
  doc.threats.forEach((threat, index) => {
    const anchor = threat.anchor;
    if (anchor && !(anchor.type === 'step' ? stepJourney.has(anchor.id) : flowIds.has(anchor.id))) {
      add(['threats', index, 'anchor'], `no ${anchor.type} ${quote(anchor.id)}`);
    }
    if (threat.status === 'accepted' && !threat.acceptance) {
      add(['threats', index, 'acceptance'], 'an accepted risk needs an owner, a reason and a review date');
    }
    authorExists(threat, ['threats', index, 'authorId']);
  });
  for (const key of ['outcomes', 'mitigations'] as const) {
    doc[key].forEach((entity, index) => {
      const links = new Set<string>();
      entity.threatIds.forEach((threatId, linkIndex) => {
        if (!threatIds.has(threatId)) add([key, index, 'threatIds', linkIndex], `no threat ${quote(threatId)}`);
        else if (links.has(threatId)) add([key, index, 'threatIds', linkIndex], `threat ${quote(threatId)} is linked twice`);
        links.add(threatId);
      });
      authorExists(entity, [key, index, 'authorId']);
    });
  }
  doc.outcomes.forEach((outcome, index) => {
    if (!stepJourney.has(outcome.stepId)) add(['outcomes', index, 'stepId'], `no step ${quote(outcome.stepId)}`);
  });

  const { workshop } = doc;
  if (workshop.currentPhaseId !== null && !workshop.phases.some((phase) => phase.id === workshop.currentPhaseId)) {
    add(['workshop', 'currentPhaseId'], `no phase ${quote(workshop.currentPhaseId)}`);
  }
  if (workshop.speakerId !== null && !participantIds.has(workshop.speakerId)) {
    add(['workshop', 'speakerId'], `no participant ${quote(workshop.speakerId)}`);
  }
  let openVotes = 0;
  workshop.votes.forEach((vote, voteIndex) => {
    if (vote.status === 'open' && ++openVotes > 1) add(['workshop', 'votes', voteIndex, 'status'], 'only one vote can be open at a time');
    const spent = new Map<string, number>();
    const cast = new Set<string>();
    vote.ballots.forEach((ballot, index) => {
      const path = ['workshop', 'votes', voteIndex, 'ballots', index];
      if (!participantIds.has(ballot.participantId)) add([...path, 'participantId'], `no participant ${quote(ballot.participantId)}`);
      if (!threatIds.has(ballot.threatId)) add([...path, 'threatId'], `no threat ${quote(ballot.threatId)}`);
      const key = `${ballot.participantId}\u0000${ballot.threatId}`;
      if (cast.has(key)) add(path, 'a second ballot of the same person on the same threat');
      cast.add(key);
      const total = (spent.get(ballot.participantId) ?? 0) + ballot.dots;
      spent.set(ballot.participantId, total);
      if (total > vote.dotsPerParticipant && total - ballot.dots <= vote.dotsPerParticipant) {
        add([...path, 'dots'], `more than ${vote.dotsPerParticipant} dots from one person`);
      }
    });
  });
  return issues;
}
