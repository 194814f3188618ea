import { describe, expect, it } from 'vitest';
import { anchorKey, isCovered, summarizeAnchors } from '../../shared/coverage.ts';
import type { Threat } from '../../shared/schema.ts';

const threat = (id: string, anchor: Threat['anchor'], likelihood: number | null, impact: number | null, status: Threat['status'] = 'open') =>
  ({ id, anchor, likelihood, impact, status }) as Threat;

describe('anchor summaries', () => {
  const summaries = summarizeAnchors({
    threats: [
      threat('a', { type: 'step', id: 's1' }, 5, 5),
      threat('b', { type: 'step', id: 's1' }, 2, 2),
      threat('c', { type: 'step', id: 's1' }, 5, 5, 'mitigated'),
      threat('d', { type: 'flow', id: 'f1' }, 3, 4),
      threat('e', null, 5, 5),
      threat('f', { type: 'flow', id: 'f1' }, null, null),
      threat('g', { type: 'flow', id: 'f1' }, 4, null, 'mitigated'),
    ],
    outcomes: [{ id: 'o', stepId: 's2', statement: 'x', threatIds: [], acceptanceCriteria: [], status: 'draft' }],
  });

  it('counts open threats by severity and takes the heat from the highest open risk', () => {
    expect(summaries.get(anchorKey('step', 's1'))).toEqual({ low: 1, medium: 0, high: 0, critical: 1, unscored: 0, threats: 3, outcomes: 0, heat: 'critical' });
    // A threat nobody scored is counted as such, in no band and without heat.
    expect(summaries.get(anchorKey('flow', 'f1'))).toEqual({ low: 0, medium: 0, high: 1, critical: 0, unscored: 1, threats: 3, outcomes: 0, heat: 'high' });
  });

  it('counts outcomes, ignores unanchored threats, and calls a step covered when anything was considered', () => {
    expect(summaries.get(anchorKey('step', 's2'))).toMatchObject({ outcomes: 1, threats: 0, heat: null });
    expect(isCovered(summaries.get(anchorKey('step', 's2')))).toBe(true);
    expect(isCovered(summaries.get(anchorKey('step', 'nothing')))).toBe(false);
    expect([...summaries.keys()]).not.toContain('null');
  });

  it('treats a step whose only threat is closed as covered but not hot', () => {
    const closed = summarizeAnchors({ threats: [threat('x', { type: 'step', id: 's9' }, 5, 5, 'accepted')], outcomes: [] }).get('step:s9');
    expect(closed).toMatchObject({ threats: 1, critical: 0, heat: null });
    expect(isCovered(closed)).toBe(true);
  });
});
