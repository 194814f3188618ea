/**
 * Automatic layout of a journey's steps with dagre's layered layout. Pure: takes ids, sizes
 * and flows, returns positions; the caller decides what to do with them (placing a template,
 * a "tidy up" command).
 */
import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';

/** The size the canvas draws a step at, used when a step's measured size is not known. */
export const STEP_NODE_SIZE = { width: 200, height: 72 } as const;

export interface LayoutOptions {
  /** LR: flows run left to right (the default; reads like a journey). TB: top to bottom. */
  direction?: 'LR' | 'TB';
  /** Gap between neighbouring steps across the flow direction. */
  nodeSep?: number;
  /** Gap between ranks along the flow direction; leaves room for the flow labels. */
  rankSep?: number;
}

export interface LayoutStep {
  id: string;
  width?: number;
  height?: number;
}

export interface LayoutFlow {
  source: string;
  target: string;
}

export type LayoutPositions = Map<string, { x: number; y: number }>;

/**
 * Default gaps. The gap between ranks is where the canvas draws flow labels: 160 px fits a
 * label of about 20 characters without it running onto the steps.
 */
export const LAYOUT_DEFAULTS = { nodeSep: 60, rankSep: 160 } as const;
/** Steps without flows are parked in rows of this many after the connected ones. */
const LOOSE_STEPS_PER_ROW = 6;

interface Box {
  id: string;
  width: number;
  height: number;
}

function sizeOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function gapOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * Top-left positions (React Flow's convention; dagre works in centres) for every step, rounded
 * to whole pixels, with the whole layout starting at (0, 0).
 *
 * - Flows whose ends are not among `steps` are ignored, and so are self-loops (they cannot
 *   move a step). Cycles are fine: dagre reverses a feedback set of edges before ranking.
 * - Steps with no flows are not given to dagre, which would stack them all in its first rank
 *   (one very tall column); they are parked in a grid after the connected steps instead.
 * - Same input, same output: dagre has no randomness and is fed in input order.
 *   Duplicate step ids are laid out once, with the first occurrence's size.
 * - Cost: dagre turns every rank a flow skips into a dummy node, so a few long flows (a big
 *   journey with "back to the start" links) can cost seconds. Once the flows' total skipped
 *   ranks exceed a budget proportional to the number of steps, the longest flows are left
 *   out of the layout (never one that is the only link holding two parts together). React
 *   Flow draws every flow itself, so nothing disappears; those flows just do not steer the
 *   placement. Journeys of workshop size stay far below the budget and get plain dagre.
 */
export function layoutJourney(
  steps: ReadonlyArray<LayoutStep>,
  flows: ReadonlyArray<LayoutFlow>,
  options: LayoutOptions = {},
): LayoutPositions {
  const direction = options.direction ?? 'LR';
  const nodeSep = gapOr(options.nodeSep, LAYOUT_DEFAULTS.nodeSep);
  const rankSep = gapOr(options.rankSep, LAYOUT_DEFAULTS.rankSep);

  const boxes = new Map<string, Box>();
  for (const step of steps) {
    if (boxes.has(step.id)) continue;
    boxes.set(step.id, {
      id: step.id,
      width: sizeOr(step.width, STEP_NODE_SIZE.width),
      height: sizeOr(step.height, STEP_NODE_SIZE.height),
    });
  }

  const edges: Array<[string, string]> = [];
  const targetsOf = new Map<string, Set<string>>();
  const connected = new Set<string>();
  for (const { source, target } of flows) {
    if (source === target || !boxes.has(source) || !boxes.has(target)) continue;
    // Parallel flows collapse into one edge: they cannot change the placement.
    let targets = targetsOf.get(source);
    if (!targets) targetsOf.set(source, (targets = new Set()));
    if (targets.has(target)) continue;
    targets.add(target);
    edges.push([source, target]);
    connected.add(source);
    connected.add(target);
  }

  const positions: LayoutPositions = new Map();
  const place = (box: Box, left: number, top: number) => {
    // `+ 0` turns a rounded -0 into 0, so equal layouts are equal under Object.is too.
    positions.set(box.id, { x: Math.round(left) + 0, y: Math.round(top) + 0 });
  };

  // Where the loose steps start across the flow direction (y for LR, x for TB).
  let across = 0;
  if (connected.size > 0) {
    const graph = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: false, compound: false });
    graph.setGraph({ rankdir: direction, nodesep: nodeSep, ranksep: rankSep, marginx: 0, marginy: 0 });
    const ids = [...boxes.keys()].filter((id) => connected.has(id));
    for (const id of ids) {
      const box = boxes.get(id) as Box;
      graph.setNode(id, { width: box.width, height: box.height });
    }
    for (const [source, target] of edgesWorthLayingOut(ids, edges)) graph.setEdge(source, target, {});
    layout(graph);

    for (const id of ids) {
      const box = boxes.get(id) as Box;
      const node = graph.node(id);
      const left = (node.x ?? 0) - box.width / 2;
      const top = (node.y ?? 0) - box.height / 2;
      place(box, left, top);
      across = Math.max(across, direction === 'LR' ? top + box.height : left + box.width);
    }
    across += nodeSep;
  }

  // Loose steps: rows along the flow direction, each row as deep as its deepest step.
  const loose = [...boxes.values()].filter((box) => !connected.has(box.id));
  for (let start = 0; start < loose.length; start += LOOSE_STEPS_PER_ROW) {
    const row = loose.slice(start, start + LOOSE_STEPS_PER_ROW);
    let along = 0;
    let depth = 0;
    for (const box of row) {
      if (direction === 'LR') place(box, along, across);
      else place(box, across, along);
      along += (direction === 'LR' ? box.width : box.height) + rankSep;
      depth = Math.max(depth, direction === 'LR' ? box.height : box.width);
    }
    across += depth + nodeSep;
  }
  return positions;
}

/** Skipped ranks allowed in total, per step, before the longest flows are left out. */
const SKIPPED_RANKS_PER_STEP = 1;
const MIN_SKIPPED_RANKS = 64;

/**
 * The flows dagre should see: all of them unless their estimated lengths (in ranks) add up
 * past the budget, in which case the longest are dropped, except those that are the only
 * link between two parts of the graph. Lengths come from a longest-path layering after a
 * depth-first pass turns loops around, the same shape dagre's own ranking starts from.
 * Linear apart from one sort of the flows; returns flows in input order.
 */
function edgesWorthLayingOut(ids: readonly string[], edges: ReadonlyArray<[string, string]>): Array<[string, string]> {
  const count = ids.length;
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const from = edges.map(([source]) => indexOf.get(source) as number);
  const to = edges.map(([, target]) => indexOf.get(target) as number);

  const outgoing: number[][] = Array.from({ length: count }, () => []);
  const indegree = new Array<number>(count).fill(0);
  edges.forEach((_, edge) => {
    (outgoing[from[edge] as number] as number[]).push(edge);
    indegree[to[edge] as number]! += 1;
  });

  // Depth-first, from steps nothing leads into first: an edge back onto the current path closes a loop.
  const reversed = new Array<boolean>(edges.length).fill(false);
  const state = new Uint8Array(count); // 0 unvisited, 1 on the current path, 2 done
  const visit = (root: number) => {
    if (state[root] !== 0) return;
    state[root] = 1;
    const stack: Array<[node: number, next: number]> = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, next] = top;
      const out = outgoing[node] as number[];
      if (next >= out.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const edge = out[next] as number;
      const target = to[edge] as number;
      if (state[target] === 1) reversed[edge] = true;
      else if (state[target] === 0) {
        state[target] = 1;
        stack.push([target, 0]);
      }
    }
  };
  for (let node = 0; node < count; node++) if (indegree[node] === 0) visit(node);
  for (let node = 0; node < count; node++) visit(node);

  // Longest-path layering of the now acyclic graph (Kahn's order).
  const tail = (edge: number) => (reversed[edge] ? to[edge] : from[edge]) as number;
  const head = (edge: number) => (reversed[edge] ? from[edge] : to[edge]) as number;
  const forward: number[][] = Array.from({ length: count }, () => []);
  const pending = new Array<number>(count).fill(0);
  edges.forEach((_, edge) => {
    (forward[tail(edge)] as number[]).push(edge);
    pending[head(edge)]! += 1;
  });
  const rank = new Array<number>(count).fill(0);
  const queue: number[] = [];
  for (let node = 0; node < count; node++) if (pending[node] === 0) queue.push(node);
  for (let cursor = 0; cursor < queue.length; cursor++) {
    const node = queue[cursor] as number;
    for (const edge of forward[node] as number[]) {
      const next = head(edge);
      rank[next] = Math.max(rank[next] as number, (rank[node] as number) + 1);
      pending[next]! -= 1;
      if (pending[next] === 0) queue.push(next);
    }
  }
  const skipped = (edge: number) => Math.max(0, (rank[head(edge)] as number) - (rank[tail(edge)] as number) - 1);

  let budget = Math.max(MIN_SKIPPED_RANKS, count * SKIPPED_RANKS_PER_STEP);
  let total = 0;
  edges.forEach((_, edge) => (total += skipped(edge)));
  if (total <= budget) return [...edges];

  const byLength = edges.map((_, edge) => edge).sort((a, b) => skipped(a) - skipped(b) || a - b);
  const keep = new Array<boolean>(edges.length).fill(false);
  const dropped: number[] = [];
  for (const edge of byLength) {
    const cost = skipped(edge);
    if (cost <= 1 || cost <= budget) {
      keep[edge] = true;
      budget -= cost;
    } else {
      dropped.push(edge);
    }
  }

  // Put back the dropped flows that alone join two parts, shortest first.
  const parent = Array.from({ length: count }, (_, node) => node);
  const find = (node: number): number => {
    while (parent[node] !== node) {
      const up = parent[parent[node] as number] as number;
      parent[node] = up;
      node = up;
    }
    return node;
  };
  const join = (a: number, b: number): boolean => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return false;
    parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
    return true;
  };
  edges.forEach((_, edge) => {
    if (keep[edge]) join(from[edge] as number, to[edge] as number);
  });
  for (const edge of dropped) {
    if (join(from[edge] as number, to[edge] as number)) keep[edge] = true;
  }
  return edges.filter((_, edge) => keep[edge]);
}
