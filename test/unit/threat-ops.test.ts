import { describe, expect, it } from 'vitest';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { SessionDocument, Threat } from '../../shared/schema.ts';
import {
  acceptanceProblems,
  addMitigation,
  addOutcome,
  addThreat,
  copyThreat,
  deleteThreats,
  isReviewOverdue,
  moveThreat,
  setThreatStatus,
  toggleMitigationThreat,
  updateOutcome,
  updateThreat,
  blankThreat,
} from '../../shared/threat-ops.ts';
import { riskOf, severityOf, threatSeverity } from '../../shared/scoring.ts';

function threat(id: string, stepId: string, extra: Partial<Threat> = {}): Threat {
  return blankThreat({ type: 'step', id: stepId }, { id, title: `Threat ${id}`, category: { framework: 'STRIDE', key: 'spoofing' }, ...extra });
}

function base(): SessionDocument {
  const doc = createSessionDocument('Threats');
  const journeyId = doc.journeys[0]!.id;
  const step = (id: string) => ({ id, journeyId, kind: 'action' as const, label: id, description: '', actor: '', dataTags: [], position: { x: 0, y: 0 } });
  return {
    ...doc,
    steps: [step('s1'), step('s2')],
    flows: [{ id: 'f1', journeyId, source: 's1', target: 's2', label: '', crossesTrustBoundary: true }],
    threats: [threat('t1', 's1'), threat('t2', 's1', { likelihood: 5, impact: 4 })],
  };
}

const isValid = (doc: SessionDocument) => expect(loadSessionDocument(doc)).toMatchObject({ ok: true });

describe('risk scoring', () => {
  it('multiplies likelihood by impact and bands the result', () => {
    expect(riskOf({ likelihood: 4, impact: 5 })).toBe(20);
    expect([1, 4, 5, 9, 10, 16, 20, 25].map(severityOf)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(threatSeverity({ likelihood: 2, impact: 3 })).toBe('medium');
  });
});

describe('threat operations', () => {
  it('adds a threat only on an anchor that exists', () => {
    const doc = base();
    expect(addThreat(doc, threat('t3', 'nope'))).toBe(doc);
    const added = addThreat(doc, { ...threat('t3', 's1'), anchor: { type: 'flow', id: 'f1' } });
    expect(added.threats).toHaveLength(3);
    isValid(added);
  });

  it('clamps scores and edits the statement grammar', () => {
    const doc = updateThreat(base(), 't1', { likelihood: 9, impact: 0, statement: { source: 'A bot operator', action: 'tries leaked passwords' } });
    const t1 = doc.threats[0]!;
    expect([t1.likelihood, t1.impact]).toEqual([5, 1]);
    expect(t1.statement).toMatchObject({ source: 'A bot operator', action: 'tries leaked passwords', impact: '' });
  });

  it('refuses to accept a risk without owner, reason and review date, and says what is missing', () => {
    const doc = base();
    const refused = setThreatStatus(doc, 't1', 'accepted', { owner: ' ', reason: 'Low value target' });
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('an owner') });
    if (!refused.ok) {
      expect(refused.message).toContain('a review date');
      expect(refused.message).not.toContain('a reason');
    }
    expect(acceptanceProblems({ owner: 'Ana', reason: 'r', reviewDate: '2027-02-30x' })).toHaveLength(1);
  });

  it('records an accepted risk with its acceptance, and the schema insists on it', () => {
    const result = setThreatStatus(base(), 't1', 'accepted', { owner: 'Ana (PM)', reason: 'Fix after launch', reviewDate: '2027-01-15' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.threats[0]).toMatchObject({ status: 'accepted', acceptance: { owner: 'Ana (PM)', reviewDate: '2027-01-15' } });
    isValid(result.document);
    const broken = { ...result.document, threats: result.document.threats.map((t) => ({ ...t, acceptance: undefined })) };
    expect(loadSessionDocument(JSON.parse(JSON.stringify(broken)))).toMatchObject({ ok: false });
  });

  it('flags an accepted risk whose review date has passed', () => {
    const accepted = { status: 'accepted' as const, acceptance: { owner: 'a', reason: 'b', reviewDate: '2026-01-01' } };
    expect(isReviewOverdue(accepted, new Date('2026-01-02T00:00:00Z'))).toBe(true);
    expect(isReviewOverdue(accepted, new Date('2026-01-01T12:00:00Z'))).toBe(false);
    expect(isReviewOverdue({ status: 'open' }, new Date('2030-01-01'))).toBe(false);
  });

  it('moves and copies a threat to another step', () => {
    const moved = moveThreat(base(), 't1', { type: 'step', id: 's2' });
    expect(moved.threats[0]!.anchor).toEqual({ type: 'step', id: 's2' });
    const copied = copyThreat(base(), 't2', { type: 'flow', id: 'f1' }, 't9');
    expect(copied.threats.at(-1)).toMatchObject({ id: 't9', anchor: { type: 'flow', id: 'f1' }, likelihood: 5, impact: 4, votes: 0 });
    isValid(copied);
  });

  it('deleting a threat unlinks it from outcomes and mitigations', () => {
    let doc = addOutcome(base(), { id: 'o1', stepId: 's1', statement: 'Only I can sign in', threatIds: ['t1', 't2'], acceptanceCriteria: [], status: 'draft' });
    doc = addMitigation(doc, { id: 'm1', title: 'Rate limit', description: '', threatIds: ['t1'], effort: 'S', status: 'planned', owner: '' });
    doc = deleteThreats(doc, ['t1']);
    expect(doc.outcomes[0]!.threatIds).toEqual(['t2']);
    expect(doc.mitigations[0]!.threatIds).toEqual([]);
    isValid(doc);
  });

  it('links one mitigation to several threats and drops unknown ones', () => {
    let doc = addMitigation(base(), { id: 'm1', title: 'Bot defence', description: '', threatIds: ['ghost'], effort: 'M', status: 'proposed', owner: '' });
    expect(doc.mitigations[0]!.threatIds).toEqual([]);
    doc = toggleMitigationThreat(doc, 'm1', 't1', true);
    doc = toggleMitigationThreat(doc, 'm1', 't2', true);
    expect(doc.mitigations[0]!.threatIds).toEqual(['t1', 't2']);
    expect(toggleMitigationThreat(doc, 'm1', 't2', true)).toBe(doc);
    isValid(doc);
  });

  it('edits outcome criteria and keeps only existing threat links', () => {
    const doc = updateOutcome(
      addOutcome(base(), { id: 'o1', stepId: 's1', statement: 'Mine', threatIds: [], acceptanceCriteria: [], status: 'draft' }),
      'o1',
      { threatIds: ['t1', 'zz', 't1'], acceptanceCriteria: ['A stranger cannot see my cards'], status: 'agreed' },
    );
    expect(doc.outcomes[0]).toMatchObject({ threatIds: ['t1'], acceptanceCriteria: ['A stranger cannot see my cards'], status: 'agreed' });
  });
});
