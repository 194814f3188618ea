/**
 * A session holds one flow per ordered pair of steps (the canvas refuses a second, and a step
 * cannot flow into itself). Threat Dragon draws any number: parallel flows are merged into one
 * on import, labels joined and threats kept, and a flow from an element to itself is not a flow
 * here (its threats go onto the step). Everything is said in the report.
 */
import { describe, expect, it } from 'vitest';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';

type Cell = Record<string, unknown>;

function imported(cells: Cell[]): Extract<ImportResult, { ok: true }> {
  let n = 0;
  const model = { version: '2.2.0', summary: { title: 'Flows' }, detail: { diagrams: [{ title: 'Main', diagramType: 'STRIDE', cells }] } };
  const result = importThreatModel(JSON.stringify(model), { fileName: 'flows.json', makeId: () => `id-${++n}` });
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return result;
}

const element = (id: string, name: string, x: number): Cell => ({ id, shape: 'process', position: { x, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name } });
const flow = (id: string, source: string, target: string, name: string, extra: Record<string, unknown> = {}): Cell => ({
  id,
  shape: 'flow',
  source: { cell: source },
  target: { cell: target },
  data: { type: 'tm.Flow', name, ...extra },
});
const threat = (title: string) => ({ id: title, title, type: 'Tampering', status: 'Open', severity: 'High' });

describe('parallel flows', () => {
  it('flows between the same two steps in the same direction become one, labels joined, threats kept on it', () => {
    const result = imported([
      element('a', 'Browser', 0),
      element('b', 'API', 400),
      flow('f1', 'a', 'b', 'Login', { threats: [threat('Replay login')] }),
      flow('f2', 'a', 'b', 'Logout', { threats: [threat('Forged logout')], isPublicNetwork: true }),
      flow('f3', 'a', 'b', 'Login'),
      flow('f4', 'b', 'a', 'Response'),
    ]);
    const doc = result.document;
    const name = (id: string) => doc.steps.find((s) => s.id === id)!.label;
    expect(doc.flows.map((f) => [`${name(f.source)} → ${name(f.target)}`, f.label, f.crossesTrustBoundary])).toEqual([
      ['Browser → API', 'Login; Logout', true],
      ['API → Browser', 'Response', false],
    ]);
    const merged = doc.flows[0]!;
    expect(doc.threats.map((t) => [t.title, t.anchor])).toEqual([
      ['Replay login', { type: 'flow', id: merged.id }],
      ['Forged logout', { type: 'flow', id: merged.id }],
    ]);
    expect(result.report.mapped.flows).toBe(2);
    expect(result.report.warnings).toContainEqual(expect.stringMatching(/^2 flows joined the same two elements in the same direction as an earlier flow: merged into it/));
  });

  it('50,000 parallel flows become one flow whose label names 20 and counts the rest', () => {
    const cells: Cell[] = [element('a', 'Browser', 0), element('b', 'API', 400)];
    for (let i = 0; i < 50_000; i++) cells.push(flow(`f${i}`, 'a', 'b', `call ${i}`));
    const result = imported(cells);
    expect(result.document.flows).toHaveLength(1);
    const label = result.document.flows[0]!.label;
    expect(label.length).toBeLessThanOrEqual(200);
    expect(label.startsWith('call 0; call 1; call 2')).toBe(true);
    expect(label.endsWith(' (and 49,980 other labels)')).toBe(true);
    expect(result.report.warnings).toContainEqual(expect.stringMatching(/^49,999 flows joined the same two elements/));
  });

  it('a flow from an element to itself is reported and its threats go onto the step', () => {
    const result = imported([element('a', 'Worker', 0), flow('loop', 'a', 'a', 'Retry', { threats: [threat('Retry storm')] })]);
    expect(result.document.flows).toEqual([]);
    const step = result.document.steps[0]!;
    expect(result.document.threats[0]!.anchor).toEqual({ type: 'step', id: step.id });
    expect(result.report.skipped).toContainEqual({
      what: 'flow',
      where: 'detail.diagrams[0].cells[1] (flow “Retry”)',
      reason: 'it starts and ends at “Worker”, and a step cannot flow into itself; its threats are on that step',
    });
  });
});
