import { describe, expect, it } from 'vitest';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { SessionDocument, Threat } from '../../shared/schema.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import {
  DEFAULT_PHASES,
  addParticipant,
  castDot,
  extendTimer,
  goToPhase,
  isSpreadOut,
  nextPhase,
  openVote,
  pauseTimer,
  remainingMs,
  removeParticipant,
  revealVote,
  setAgenda,
  setSpeaker,
  startTimer,
  updateParticipant,
  walkOrder,
} from '../../shared/workshop-ops.ts';

const t0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function threat(id: string, stepId: string): Threat {
  return blankThreat({ type: 'step', id: stepId }, { id, title: id, category: { framework: 'STRIDE', key: 'spoofing' } });
}

function workshop(): SessionDocument {
  let doc = createSessionDocument('Workshop', t0);
  const j = doc.journeys[0]!.id;
  const step = (id: string, x: number, kind: 'start' | 'action' | 'end' = 'action') => ({ id, journeyId: j, kind, label: id, description: '', actor: '', dataTags: [], position: { x, y: 0 } });
  doc = {
    ...doc,
    steps: [step('b', 300), step('a', 0, 'start'), step('c', 600, 'end'), step('island', 900)],
    flows: [
      { id: 'f1', journeyId: j, source: 'a', target: 'b', label: '', crossesTrustBoundary: false },
      { id: 'f2', journeyId: j, source: 'b', target: 'c', label: '', crossesTrustBoundary: false },
    ],
    threats: ['t1', 't2', 't3', 't4', 't5'].map((id) => threat(id, 'b')),
  };
  doc = addParticipant(doc, { id: 'ana', name: 'Ana', role: 'facilitator' });
  doc = addParticipant(doc, { id: 'ben', name: 'Ben', role: 'participant' });
  doc = addParticipant(doc, { id: 'obs', name: 'Olu', role: 'observer' });
  return doc;
}

const valid = (doc: SessionDocument) => expect(loadSessionDocument(JSON.parse(JSON.stringify(doc)))).toMatchObject({ ok: true });

describe('workshop timer', () => {
  const withAgenda = () => setAgenda(workshop(), DEFAULT_PHASES.map((p, i) => ({ ...p, id: `p${i}` })));

  it('counts down from timestamps, pauses, resumes and extends without drifting', () => {
    let doc = startTimer(withAgenda(), t0);
    expect(remainingMs(doc.workshop, at(60))).toBe(9 * 60_000);
    doc = pauseTimer(doc, at(120));
    expect(remainingMs(doc.workshop, at(3600))).toBe(8 * 60_000);
    doc = startTimer(doc, at(4000));
    doc = extendTimer(doc, 5);
    expect(remainingMs(doc.workshop, at(4060))).toBe((8 + 5 - 1) * 60_000);
    valid(doc);
  });

  it('goes over time into negative numbers, and a new phase starts stopped and full', () => {
    let doc = startTimer(withAgenda(), t0);
    expect(remainingMs(doc.workshop, at(11 * 60))).toBe(-60_000);
    doc = nextPhase(doc);
    expect(doc.workshop.currentPhaseId).toBe('p1');
    expect(doc.workshop.timer).toEqual({ startedAt: null, elapsedMs: 0, extraMinutes: 0 });
    expect(remainingMs(doc.workshop, at(99_999))).toBe(30 * 60_000);
    expect(goToPhase(doc, 'nope')).toBe(doc);
  });
});

describe('participants', () => {
  it('attributes nothing to a removed participant and clears them as speaker', () => {
    let doc = setSpeaker(workshop(), 'ben');
    doc = { ...doc, threats: doc.threats.map((t, i) => (i === 0 ? { ...t, authorId: 'ben' } : t)) };
    doc = removeParticipant(doc, 'ben');
    expect(doc.workshop.speakerId).toBeNull();
    expect(doc.threats[0]!.authorId).toBeUndefined();
    valid(doc);
  });

  it('refuses an unknown speaker and an empty name', () => {
    const doc = workshop();
    expect(setSpeaker(doc, 'ghost')).toBe(doc);
    expect(addParticipant(doc, { id: 'x', name: '   ', role: 'participant' })).toBe(doc);
  });
});

describe('dot voting', () => {
  const open = () => openVote(workshop(), { id: 'v1', scope: 'session', dotsPerParticipant: 3 }, t0);

  it('limits dots per participant and refuses observers', () => {
    let doc = open();
    for (const id of ['t1', 't1', 't2']) {
      const r = castDot(doc, 'ben', id, 1);
      expect(r.ok).toBe(true);
      if (r.ok) doc = r.document;
    }
    expect(castDot(doc, 'ben', 't3', 1)).toEqual({ ok: false, message: 'Ben has used all 3 dots.' });
    expect(castDot(doc, 'obs', 't3', 1)).toEqual({ ok: false, message: 'Olu is an observer: observers do not vote.' });
    const back = castDot(doc, 'ben', 't1', -1);
    expect(back.ok && back.document.workshop.votes[0]!.ballots).toEqual([
      { participantId: 'ben', threatId: 't1', dots: 1 },
      { participantId: 'ben', threatId: 't2', dots: 1 },
    ]);
  });

  it('keeps threat votes untouched until the reveal, then writes the totals', () => {
    let doc = open();
    for (const [who, id] of [['ana', 't1'], ['ben', 't1'], ['ben', 't2']] as const) {
      const r = castDot(doc, who, id, 1);
      if (r.ok) doc = r.document;
    }
    expect(doc.threats.map((t) => t.votes)).toEqual([0, 0, 0, 0, 0]);
    doc = revealVote(doc);
    expect(doc.threats.map((t) => t.votes)).toEqual([2, 1, 0, 0, 0]);
    expect(doc.workshop.votes[0]!.status).toBe('revealed');
    valid(doc);
  });

  it('flags a spread-out vote with no consensus', () => {
    const cast = (doc: SessionDocument, who: string, id: string) => {
      const result = castDot(doc, who, id, 1);
      if (!result.ok) throw new Error(result.message);
      return result.document;
    };
    let doc = openVote(workshop(), { id: 'v1', scope: 'session', dotsPerParticipant: 5 }, t0);
    for (const id of ['t1', 't2', 't3', 't4', 't5']) doc = cast(doc, 'ana', id);
    expect(isSpreadOut(doc.workshop.votes[0]!)).toBe(true);
    for (let i = 0; i < 5; i++) doc = cast(doc, 'ben', 't1');
    expect(isSpreadOut(doc.workshop.votes[0]!)).toBe(false);
  });

  it('withdraws the dots of someone who becomes an observer', () => {
    const cast = castDot(open(), 'ben', 't1', 1);
    if (!cast.ok) throw new Error(cast.message);
    const doc = updateParticipant(cast.document, 'ben', { role: 'observer' });
    expect(doc.workshop.votes[0]!.ballots).toEqual([]);
  });
});

describe('walk order', () => {
  it('walks from the start along flows, then the islands', () => {
    const doc = workshop();
    expect(walkOrder(doc, doc.journeys[0]!.id)).toEqual(['a', 'b', 'c', 'island']);
  });
});
