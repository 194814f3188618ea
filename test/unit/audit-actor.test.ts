/** Who the audit log names for a change: each dot of a vote is its voter's, the rest the speaker's. */
import { describe, expect, it } from 'vitest';
import { createSessionDocument } from '../../shared/session-factory.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { addThreat, blankThreat } from '../../shared/threat-ops.ts';
import { addParticipant, castDot, openVote, removeParticipant, revealVote, setSpeaker } from '../../shared/workshop-ops.ts';
import { actorOfChange } from '../../renderer/workshop/audit-log.ts';

function room(): SessionDocument {
  let doc = createSessionDocument('Vote');
  doc = addParticipant(doc, { id: 'ann', name: 'Ann', role: 'facilitator' });
  doc = addParticipant(doc, { id: 'ben', name: 'Ben', role: 'participant' });
  const stepId = 'step';
  doc = { ...doc, steps: [{ id: stepId, journeyId: doc.journeys[0]!.id, kind: 'action', label: 'Pays', description: '', actor: '', dataTags: [], position: { x: 0, y: 0 } }] };
  doc = addThreat(doc, blankThreat({ type: 'step', id: stepId }, { id: 't1', title: 'One' }));
  doc = addThreat(doc, blankThreat({ type: 'step', id: stepId }, { id: 't2', title: 'Two' }));
  doc = setSpeaker(doc, 'ann');
  return openVote(doc, { id: 'v', scope: 'session', dotsPerParticipant: 3 }, new Date());
}

const dot = (doc: SessionDocument, who: string, threat: string, delta: 1 | -1 = 1) => {
  const result = castDot(doc, who, threat, delta);
  if (!result.ok) throw new Error(result.message);
  return result.document;
};

describe('the actor of an audited change', () => {
  it('is the voter for a dot placed or taken back, whoever is speaking', () => {
    const before = room();
    const placed = dot(before, 'ben', 't1');
    expect(actorOfChange(before, placed)).toBe('Ben');
    const more = dot(placed, 'ben', 't1');
    expect(actorOfChange(placed, more)).toBe('Ben');
    const back = dot(more, 'ben', 't1', -1);
    expect(actorOfChange(more, back)).toBe('Ben');
    expect(actorOfChange(back, dot(back, 'ann', 't2'))).toBe('Ann');
  });

  it('is the speaker for everything else: revealing, removing a person (and their dots), other edits', () => {
    const voted = dot(dot(room(), 'ben', 't1'), 'ben', 't2');
    expect(actorOfChange(voted, revealVote(voted))).toBe('Ann');
    expect(actorOfChange(voted, removeParticipant(voted, 'ben'))).toBe('Ann');
    const renamed = { ...voted, session: { ...voted.session, title: 'Renamed' } };
    expect(actorOfChange(voted, renamed)).toBe('Ann');
    const nobody = setSpeaker(voted, null);
    expect(actorOfChange(nobody, { ...nobody, session: { ...nobody.session, title: 'x' } })).toBe('Unattributed');
  });
});
