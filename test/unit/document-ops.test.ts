import { describe, expect, it } from 'vitest';
import {
  addFlow,
  canConnect,
  copySteps,
  deleteFlows,
  deleteJourney,
  deleteSteps,
  moveJourney,
  moveSteps,
  pasteSteps,
  setJourneyViewport,
  updateFlow,
  updateJourney,
  updateStep,
} from '../../shared/document-ops.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { sessionDocumentSchema, type SessionDocument, type Step } from '../../shared/schema.ts';

function step(id: string, journeyId: string, x = 0): Step {
  return { id, journeyId, kind: 'action', label: id, description: '', actor: '', dataTags: [], position: { x, y: 0 } };
}

function fixture(): SessionDocument {
  const base = createSessionDocument('Ops');
  const j1 = base.journeys[0]!.id;
  return {
    ...base,
    journeys: [...base.journeys, { id: 'j2', name: 'Second', persona: '', goal: '', critical: false, stages: [] }],
    steps: [step('a', j1), step('b', j1, 250), step('c', j1, 500), step('x', 'j2')],
    flows: [
      { id: 'ab', journeyId: j1, source: 'a', target: 'b', label: 'data', crossesTrustBoundary: false },
      { id: 'bc', journeyId: j1, source: 'b', target: 'c', label: '', crossesTrustBoundary: true },
    ],
    threats: [
      { id: 't-step', anchor: { type: 'step', id: 'b' }, title: 'On b', category: { framework: 'STRIDE', key: 'spoofing' }, statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] }, likelihood: 3, impact: 3, status: 'open', votes: 0, notes: '' },
      { id: 't-flow', anchor: { type: 'flow', id: 'bc' }, title: 'On bc', category: { framework: 'STRIDE', key: 'tampering' }, statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] }, likelihood: 3, impact: 3, status: 'open', votes: 0, notes: '' },
      { id: 't-keep', anchor: { type: 'step', id: 'a' }, title: 'On a', category: { framework: 'STRIDE', key: 'spoofing' }, statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] }, likelihood: 3, impact: 3, status: 'open', votes: 0, notes: '' },
    ],
    outcomes: [
      { id: 'o-b', stepId: 'b', statement: 'Only I', threatIds: ['t-step'], acceptanceCriteria: [], status: 'draft' },
      { id: 'o-a', stepId: 'a', statement: 'Mine', threatIds: ['t-keep', 't-flow'], acceptanceCriteria: [], status: 'draft' },
    ],
    mitigations: [{ id: 'm', title: 'Fix', description: '', threatIds: ['t-step', 't-keep'], effort: 'M', status: 'proposed', owner: '' }],
  };
}

const valid = (doc: SessionDocument) => expect(sessionDocumentSchema.safeParse(doc).success).toBe(true);

describe('document operations', () => {
  it('the fixture is a valid document', () => valid(fixture()));

  it('deleting a step removes its flows, its threats and outcomes, and unlinks the rest', () => {
    const doc = deleteSteps(fixture(), ['b']);
    expect(doc.steps.map((s) => s.id)).toEqual(['a', 'c', 'x']);
    expect(doc.flows).toEqual([]);
    expect(doc.threats.map((t) => t.id)).toEqual(['t-keep']);
    expect(doc.outcomes.map((o) => [o.id, o.threatIds])).toEqual([['o-a', ['t-keep']]]);
    expect(doc.mitigations[0]!.threatIds).toEqual(['t-keep']);
    valid(doc);
  });

  it('deleting a flow removes the threats anchored on it', () => {
    const doc = deleteFlows(fixture(), ['bc']);
    expect(doc.flows.map((f) => f.id)).toEqual(['ab']);
    expect(doc.threats.map((t) => t.id)).toEqual(['t-step', 't-keep']);
    valid(doc);
  });

  it('deleting a journey removes everything in it and leaves other journeys alone', () => {
    const original = fixture();
    const doc = deleteJourney(original, original.journeys[0]!.id);
    expect(doc.journeys.map((j) => j.id)).toEqual(['j2']);
    expect(doc.steps.map((s) => s.id)).toEqual(['x']);
    expect(doc.threats).toEqual([]);
    valid(doc);
  });

  it('never mutates its input', () => {
    const original = fixture();
    const frozen = JSON.stringify(original);
    deleteSteps(original, ['a', 'b']);
    moveSteps(original, new Map([['a', { x: 10, y: 10 }]]));
    updateStep(original, 'a', { label: 'changed', dataTags: ['payment'] });
    expect(JSON.stringify(original)).toBe(frozen);
  });

  it('returns the same document when nothing changes', () => {
    const doc = fixture();
    expect(moveSteps(doc, new Map([['a', { x: 0, y: 0 }]]))).toBe(doc);
    expect(updateStep(doc, 'a', { label: 'a' })).toBe(doc);
    expect(updateStep(doc, 'missing', { label: 'z' })).toBe(doc);
    expect(deleteSteps(doc, ['missing'])).toBe(doc);
    expect(updateJourney(doc, 'j2', { name: '   ' })).toBe(doc);
  });

  it('moves steps, keeping unmoved step objects identical', () => {
    const doc = fixture();
    const moved = moveSteps(doc, new Map([['b', { x: 301.6, y: -20.2 }]]));
    expect(moved.steps[1]!.position).toEqual({ x: 302, y: -20 });
    expect(moved.steps[0]).toBe(doc.steps[0]);
  });

  it('normalizes data tags: trimmed, lower case, unique', () => {
    const doc = updateStep(fixture(), 'a', { dataTags: ['Payment', ' payment ', 'Card Data', ''] });
    expect(doc.steps[0]!.dataTags).toEqual(['payment', 'card-data']);
  });

  it('refuses self-loops, duplicates and flows across journeys', () => {
    const doc = fixture();
    expect(canConnect(doc, 'a', 'a').ok).toBe(false);
    expect(canConnect(doc, 'a', 'b').ok).toBe(false);
    expect(canConnect(doc, 'a', 'x').ok).toBe(false);
    expect(canConnect(doc, 'a', 'c').ok).toBe(true);
    const j1 = doc.journeys[0]!.id;
    expect(addFlow(doc, { id: 'aa', journeyId: j1, source: 'a', target: 'a', label: '', crossesTrustBoundary: false })).toBe(doc);
  });

  it('updates a flow label and its trust boundary flag', () => {
    const doc = updateFlow(fixture(), 'ab', { label: 'card\nnumber', crossesTrustBoundary: true });
    expect(doc.flows[0]).toMatchObject({ label: 'card number', crossesTrustBoundary: true });
  });

  it('pastes copied steps with their inner flows into another journey under fresh ids', () => {
    const doc = fixture();
    let n = 0;
    const clipboard = copySteps(doc, ['a', 'b']);
    expect(clipboard.flows.map((f) => f.id)).toEqual(['ab']);
    const { document, stepIds } = pasteSteps(doc, clipboard, 'j2', { x: 40, y: 40 }, () => `new${++n}`);
    expect(stepIds).toEqual(['new1', 'new2']);
    const pasted = document.steps.filter((s) => stepIds.includes(s.id));
    expect(pasted.map((s) => [s.journeyId, s.position])).toEqual([
      ['j2', { x: 40, y: 40 }],
      ['j2', { x: 290, y: 40 }],
    ]);
    expect(document.flows.at(-1)).toMatchObject({ id: 'new3', journeyId: 'j2', source: 'new1', target: 'new2', label: 'data' });
    valid(document);
  });

  it('reorders journeys and clamps the target index', () => {
    const doc = fixture();
    expect(moveJourney(doc, 'j2', 0).journeys.map((j) => j.id)[0]).toBe('j2');
    expect(moveJourney(doc, 'j2', 99)).toBe(doc);
  });

  it('updates journey details and the critical flag', () => {
    const doc = updateJourney(fixture(), 'j2', { name: '  Sign-up ', persona: 'New customer', critical: true });
    expect(doc.journeys[1]).toMatchObject({ name: 'Sign-up', persona: 'New customer', critical: true });
  });

  it('stores a rounded viewport and skips no-op updates', () => {
    const doc = setJourneyViewport(fixture(), 'j2', { x: 10.4, y: -3.6, zoom: 0.83333 });
    expect(doc.journeys[1]!.viewport).toEqual({ x: 10, y: -4, zoom: 0.833 });
    expect(setJourneyViewport(doc, 'j2', { x: 10, y: -4, zoom: 0.833 })).toBe(doc);
  });
});
