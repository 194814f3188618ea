import { describe, it, expect } from 'vitest';
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { LAYOUT_DEFAULTS, STEP_NODE_SIZE, layoutJourney, type LayoutPositions } from '../../shared/layout.ts';

type Box = { id: string; width?: number; height?: number };

function steps(...ids: string[]): Box[] {
  return ids.map((id) => ({ id }));
}

function chain(...ids: string[]) {
  return ids.slice(1).map((target, index) => ({ source: ids[index]!, target }));
}

function at(positions: LayoutPositions, id: string) {
  const position = positions.get(id);
  if (!position) throw new Error(`no position for ${id}`);
  return position;
}

function expectNoOverlaps(boxes: Box[], positions: LayoutPositions) {
  const rects = boxes.map((box) => {
    const { x, y } = at(positions, box.id);
    return { id: box.id, x, y, w: box.width ?? STEP_NODE_SIZE.width, h: box.height ?? STEP_NODE_SIZE.height };
  });
  const overlaps: string[] = [];
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i]!;
      const b = rects[j]!;
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      if (!apart) overlaps.push(`${a.id} overlaps ${b.id}`);
    }
  }
  expect(overlaps).toEqual([]);
}

/** A journey-shaped graph: a main path with branches, merges and retry loops. */
function journeyGraph(size: number) {
  const nodes = Array.from({ length: size }, (_, index) => ({ id: `s${index}` }));
  const flows: Array<{ source: string; target: string }> = [];
  for (let index = 1; index < size; index++) {
    flows.push({ source: `s${Math.max(0, index - 1 - (index % 3 === 0 ? 1 : 0))}`, target: `s${index}` });
  }
  for (let index = 4; index < size; index += 5) flows.push({ source: `s${index}`, target: `s${index - 3}` });
  return { nodes, flows };
}

describe('layoutJourney', () => {
  it('exports the step node size the canvas draws', () => {
    expect(STEP_NODE_SIZE).toEqual({ width: 200, height: 72 });
  });

  it('puts each target to the right of its source in a left-to-right chain', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const positions = layoutJourney(steps(...ids), chain(...ids));
    for (const flow of chain(...ids)) {
      expect(at(positions, flow.target).x).toBeGreaterThanOrEqual(at(positions, flow.source).x + STEP_NODE_SIZE.width);
    }
    // A straight chain stays on one line.
    expect(new Set(ids.map((id) => at(positions, id).y)).size).toBe(1);
  });

  it('defaults to left to right and can lay out top to bottom', () => {
    const ids = ['a', 'b', 'c'];
    expect(layoutJourney(steps(...ids), chain(...ids))).toEqual(
      layoutJourney(steps(...ids), chain(...ids), { direction: 'LR' }),
    );
    const positions = layoutJourney(steps(...ids), chain(...ids), { direction: 'TB' });
    expect(at(positions, 'b').y).toBeGreaterThanOrEqual(at(positions, 'a').y + STEP_NODE_SIZE.height);
    expect(at(positions, 'c').y).toBeGreaterThanOrEqual(at(positions, 'b').y + STEP_NODE_SIZE.height);
    expect(at(positions, 'a').x).toBe(at(positions, 'c').x);
  });

  it('returns top-left corners starting at the origin, as whole pixels', () => {
    const ids = ['a', 'b', 'c'];
    const positions = layoutJourney(steps(...ids), chain(...ids));
    expect(at(positions, 'a')).toEqual({ x: 0, y: 0 });
    for (const { x, y } of positions.values()) {
      expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
    }
  });

  it('honours the separation options', () => {
    const ids = ['a', 'b'];
    const positions = layoutJourney(steps(...ids), chain(...ids), { rankSep: 300 });
    expect(at(positions, 'b').x - at(positions, 'a').x).toBe(STEP_NODE_SIZE.width + 300);
    const branch = layoutJourney(steps('a', 'b', 'c'), [
      { source: 'a', target: 'b' },
      { source: 'a', target: 'c' },
    ], { nodeSep: 100 });
    expect(Math.abs(at(branch, 'b').y - at(branch, 'c').y)).toBe(STEP_NODE_SIZE.height + 100);
  });

  it('does not overlap steps of a branching journey, with default and custom sizes', () => {
    const { nodes, flows } = journeyGraph(40);
    expectNoOverlaps(nodes, layoutJourney(nodes, flows));
    expectNoOverlaps(nodes, layoutJourney(nodes, flows, { direction: 'TB' }));
    const sized = nodes.map((node, index) => ({ ...node, width: 120 + (index % 4) * 60, height: 50 + (index % 3) * 40 }));
    expectNoOverlaps(sized, layoutJourney(sized, flows));
    expectNoOverlaps(sized, layoutJourney(sized, flows, { nodeSep: 0, rankSep: 0 }));
  });

  it('is deterministic', () => {
    const { nodes, flows } = journeyGraph(60);
    const first = layoutJourney(nodes, flows);
    const second = layoutJourney(
      nodes.map((node) => ({ ...node })),
      flows.map((flow) => ({ ...flow })),
    );
    expect([...second.entries()]).toEqual([...first.entries()]);
  });

  it('ignores flows whose ends are missing', () => {
    const ids = ['a', 'b', 'c'];
    const clean = layoutJourney(steps(...ids), chain(...ids));
    const noisy = layoutJourney(steps(...ids), [
      { source: 'ghost', target: 'a' },
      ...chain(...ids),
      { source: 'b', target: 'nowhere' },
      { source: 'ghost', target: 'nowhere' },
    ]);
    expect(noisy).toEqual(clean);
    expect([...noisy.keys()]).toEqual(ids);
  });

  it('places disconnected steps too, clear of the connected ones', () => {
    const boxes = steps('a', 'b', 'c', 'loose1', 'x', 'y', 'loose2');
    const flows = [...chain('a', 'b', 'c'), ...chain('x', 'y')];
    const positions = layoutJourney(boxes, flows);
    expect([...positions.keys()].sort()).toEqual(boxes.map((box) => box.id).sort());
    expectNoOverlaps(boxes, positions);
    // Loose steps sit below the connected ones, side by side rather than in a column.
    const lowestConnected = Math.max(...['a', 'b', 'c', 'x', 'y'].map((id) => at(positions, id).y));
    expect(at(positions, 'loose1').y).toBeGreaterThan(lowestConnected);
    expect(at(positions, 'loose1').y).toBe(at(positions, 'loose2').y);
  });

  it('lays out steps with no flows at all, many of them, in a grid', () => {
    const boxes = Array.from({ length: 20 }, (_, index) => ({ id: `n${index}` }));
    const positions = layoutJourney(boxes, []);
    expect(positions.size).toBe(20);
    expectNoOverlaps(boxes, positions);
    expect(at(positions, 'n0')).toEqual({ x: 0, y: 0 });
    const rows = new Set([...positions.values()].map((position) => position.y));
    expect(rows.size).toBeGreaterThan(1);
    expect(rows.size).toBeLessThan(20);
  });

  it('returns an empty map for no steps', () => {
    expect(layoutJourney([], [{ source: 'a', target: 'b' }]).size).toBe(0);
  });

  it('survives cycles, self-loops and repeated flows', () => {
    const boxes = steps('a', 'b', 'c', 'd');
    const flows = [
      ...chain('a', 'b', 'c', 'd'),
      { source: 'd', target: 'b' },
      { source: 'c', target: 'a' },
      { source: 'b', target: 'b' },
      { source: 'a', target: 'b' },
    ];
    const positions = layoutJourney(boxes, flows);
    expect([...positions.keys()]).toEqual(['a', 'b', 'c', 'd']);
    for (const { x, y } of positions.values()) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    expectNoOverlaps(boxes, positions);
    // A two-step loop and a loop with no way in still get placed.
    const ring = layoutJourney(steps('p', 'q', 'r'), [...chain('p', 'q', 'r'), { source: 'r', target: 'p' }]);
    expect(ring.size).toBe(3);
    expectNoOverlaps(steps('p', 'q', 'r'), ring);
  });

  it('falls back to the default size for missing or nonsensical sizes', () => {
    const positions = layoutJourney(
      [{ id: 'a', width: Number.NaN, height: -5 }, { id: 'b', width: 0 }, { id: 'c' }],
      chain('a', 'b', 'c'),
      { rankSep: 100 },
    );
    expect(at(positions, 'b').x - at(positions, 'a').x).toBe(STEP_NODE_SIZE.width + 100);
    expect(at(positions, 'c').x - at(positions, 'b').x).toBe(STEP_NODE_SIZE.width + 100);
  });

  it('lays out each duplicate id once', () => {
    const positions = layoutJourney(steps('a', 'b', 'a'), chain('a', 'b'));
    expect([...positions.keys()]).toEqual(['a', 'b']);
  });

  it('lays out a 300-step journey whose 100 extra flows lead back to the start', () => {
    // Long flows are what makes dagre slow (a dummy node per skipped rank); past a budget the
    // longest are left out of the layout, so this must not take seconds.
    const nodes = Array.from({ length: 300 }, (_, index) => ({ id: `s${index}` }));
    const flows = chain(...nodes.map((node) => node.id));
    for (let index = 2; flows.length < 400; index += 3) flows.push({ source: `s${index}`, target: 's0' });
    const positions = layoutJourney(nodes, flows);
    expect(positions.size).toBe(300);
    expectNoOverlaps(nodes, positions);
    for (const flow of chain(...nodes.map((node) => node.id))) {
      expect(at(positions, flow.target).x).toBeGreaterThan(at(positions, flow.source).x);
    }
  });

  it('never leaves out the only flow that connects a step', () => {
    const nodes = Array.from({ length: 200 }, (_, index) => ({ id: `s${index}` }));
    const flows = chain(...nodes.map((node) => node.id));
    for (let index = 1; index < 150; index += 2) flows.push({ source: `s${index}`, target: 's199' });
    // A side entry joined to the far end of the journey by one long flow only.
    const all = [...nodes, { id: 'side' }];
    const positions = layoutJourney(all, [...flows, { source: 'side', target: 's180' }]);
    const side = at(positions, 'side');
    const target = at(positions, 's180');
    expect(side.x).toBeLessThan(target.x);
    expect(target.x - side.x).toBeLessThanOrEqual(2 * (STEP_NODE_SIZE.width + LAYOUT_DEFAULTS.rankSep));
  });

  it('gives a workshop-sized journey exactly what dagre gives', () => {
    const { nodes, flows } = journeyGraph(40);
    flows.push({ source: 's1', target: 's38' }, { source: 's39', target: 's0' });
    const graph = new Graph();
    graph.setGraph({ rankdir: 'LR', nodesep: LAYOUT_DEFAULTS.nodeSep, ranksep: LAYOUT_DEFAULTS.rankSep, marginx: 0, marginy: 0 });
    for (const node of nodes) graph.setNode(node.id, { ...STEP_NODE_SIZE });
    for (const flow of flows) graph.setEdge(flow.source, flow.target, {});
    dagreLayout(graph);
    const positions = layoutJourney(nodes, flows);
    for (const node of nodes) {
      const { x, y } = graph.node(node.id) as { x: number; y: number };
      expect(at(positions, node.id)).toEqual({
        x: Math.round(x - STEP_NODE_SIZE.width / 2) + 0,
        y: Math.round(y - STEP_NODE_SIZE.height / 2) + 0,
      });
    }
  });
});
