/**
 * Scaling rows for the benchmark: importing Threat Dragon files shaped to make a naive importer
 * quadratic, at n and 2n. The time (and the importer's own count of geometric tests) must grow
 * about linearly: twice the input, about twice the cost, never four times.
 *
 * - `bends`: one flow and one trust-boundary curve with n/2 bends each, drawn as two
 *   interlocking combs (their outlines overlap everywhere, they never touch), so every segment
 *   of one could meet every segment of the other (issue 17 item 8: 20,000 bends took 8 s,
 *   40,000 took 25 s).
 * - `boundaries`: n/2 flows and n/2 small boundary curves, each curve inside every flow's
 *   outline without touching it: n²/4 pairs for a naive importer.
 * - `boxes`: n/2 elements joined in a row by flows, and n/2 trust-boundary boxes far away:
 *   every flow against every box.
 * - `loose ends`: n/2 elements and n/2 flows whose ends are dropped far from all of them: every
 *   loose end against every element.
 * - `parallel flows`: n flows between the same two elements (issue 17 item 7: 50,000 of them
 *   stalled the app).
 *
 * `benchImportScaling()` returns the rows; `npm run bench` (test/bench/run.ts) prints them. The
 * shapes are also used by test/unit/import-scaling.test.ts, which asserts on the counts.
 */
import { GeometryBudget } from '../../shared/import/geometry.ts';
import { importThreatModel } from '../../shared/import/index.ts';

export interface ScalingShape {
  id: string;
  /** What the shape is, for the table. */
  label: string;
  /** Threat Dragon v2 JSON text of size about proportional to n. */
  build(n: number): string;
}

type Cell = Record<string, unknown>;

function model(cells: Cell[]): string {
  return JSON.stringify({
    version: '2.2.0',
    summary: { title: 'Scaling' },
    detail: { contributors: [], diagrams: [{ id: 0, title: 'Main', diagramType: 'STRIDE', cells }] },
  });
}

const actor = (x: number): Cell => ({ id: 'a', shape: 'actor', position: { x, y: 0 }, size: { width: 160, height: 80 }, data: { type: 'tm.Actor', name: 'User' } });
const process = (x: number): Cell => ({ id: 'p', shape: 'process', position: { x, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: 'API' } });

/** Two interlocking combs: the flow's teeth hang from y = -1000 down to -100, the curve's rise from -50 to -950 between them. */
function bends(n: number): string {
  const teeth = Math.max(1, Math.floor(n / 8));
  const flow: Array<{ x: number; y: number }> = [];
  const curve: Array<{ x: number; y: number }> = [];
  for (let i = 0; i < teeth; i++) {
    const x = 200 + 10 * i;
    flow.push({ x, y: -1000 }, { x, y: -100 }, { x: x + 2, y: -100 }, { x: x + 2, y: -1000 });
    curve.push({ x: x + 5, y: -50 }, { x: x + 5, y: -950 }, { x: x + 7, y: -950 }, { x: x + 7, y: -50 });
  }
  const end = 200 + 10 * teeth;
  return model([
    actor(0),
    process(end + 300),
    { id: 'f', shape: 'flow', source: { cell: 'a' }, target: { cell: 'p' }, vertices: flow, data: { type: 'tm.Flow', name: 'call' } },
    { id: 'b', shape: 'trust-boundary-curve', source: { x: 195, y: -50 }, target: { x: end + 10, y: -50 }, vertices: curve, data: { type: 'tm.Boundary', name: 'edge' } },
  ]);
}

/** n/2 flows bending up through (5000 + i, -1000), n/2 short curves at y = 20 near the actor: inside every flow's outline, touching none. */
function boundaries(n: number): string {
  const half = Math.max(1, Math.floor(n / 2));
  const cells: Cell[] = [actor(0), process(20_000)];
  for (let i = 0; i < half; i++) {
    cells.push({ id: `f${i}`, shape: 'flow', source: { cell: 'a' }, target: { cell: 'p' }, vertices: [{ x: 5_000 + i, y: -1000 }], data: { type: 'tm.Flow', name: `call ${i}` } });
  }
  for (let i = 0; i < half; i++) {
    cells.push({ id: `b${i}`, shape: 'trust-boundary-curve', source: { x: 300, y: 20 }, target: { x: 310, y: 20 }, data: { type: 'tm.Boundary', name: '' } });
  }
  return model(cells);
}

/** n/2 processes in a row joined by flows, n/2 small boxes below them, none holding any end. */
function boxes(n: number): string {
  const half = Math.max(2, Math.floor(n / 2));
  const cells: Cell[] = [];
  for (let i = 0; i < half; i++) cells.push({ id: `p${i}`, shape: 'process', position: { x: 200 * i, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: `P${i}` } });
  for (let i = 1; i < half; i++) cells.push({ id: `f${i}`, shape: 'flow', source: { cell: `p${i - 1}` }, target: { cell: `p${i}` }, data: { type: 'tm.Flow', name: '' } });
  for (let i = 0; i < half; i++) cells.push({ id: `b${i}`, shape: 'trust-boundary-box', position: { x: 200 * i, y: 1_000 }, size: { width: 50, height: 50 }, data: { type: 'tm.BoundaryBox', name: '' } });
  return model(cells);
}

/** n/2 processes in a row, n/2 flows whose both ends are loose, 500 px below every process. */
function looseEnds(n: number): string {
  const half = Math.max(1, Math.floor(n / 2));
  const cells: Cell[] = [];
  for (let i = 0; i < half; i++) cells.push({ id: `p${i}`, shape: 'process', position: { x: 200 * i, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: `P${i}` } });
  for (let i = 0; i < half; i++) cells.push({ id: `f${i}`, shape: 'flow', source: { x: 200 * i, y: 600 }, target: { x: 200 * i + 50, y: 600 }, data: { type: 'tm.Flow', name: '' } });
  return model(cells);
}

/** n flows from the actor to the process. */
function parallelFlows(n: number): string {
  const cells: Cell[] = [actor(0), process(400)];
  for (let i = 0; i < n; i++) cells.push({ id: `f${i}`, shape: 'flow', source: { cell: 'a' }, target: { cell: 'p' }, data: { type: 'tm.Flow', name: 'call' } });
  return model(cells);
}

export const SCALING_SHAPES: readonly ScalingShape[] = [
  { id: 'bends', label: 'Threat Dragon flow and boundary with n bends', build: bends },
  { id: 'boundaries', label: 'Threat Dragon n/2 flows × n/2 boundaries', build: boundaries },
  { id: 'boxes', label: 'Threat Dragon n/2 flows × n/2 boundary boxes', build: boxes },
  { id: 'loose-ends', label: 'Threat Dragon n/2 loose flow ends × n/2 elements', build: looseEnds },
  { id: 'parallel-flows', label: 'Threat Dragon n flows between two elements', build: parallelFlows },
];

export interface ScalingRun {
  n: number;
  bytes: number;
  /** Median wall time of the import, ms. */
  ms: number;
  /** Geometric tests the importer made (its own count, `GeometryBudget.spent`). */
  checks: number;
  warnings: string[];
}

/** Imports `text` once; throws when the import is refused (the shapes are valid models). */
export function importOnce(text: string): { ms: number; checks: number; warnings: string[] } {
  const geometry = new GeometryBudget();
  const start = performance.now();
  const result = importThreatModel(text, { fileName: 'scaling.json', geometry });
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`The scaling file was refused: ${result.message} ${result.details.join('; ')}`);
  return { ms, checks: geometry.spent, warnings: result.report.warnings };
}

function run(shape: ScalingShape, n: number, runs: number): ScalingRun {
  const text = shape.build(n);
  const times: number[] = [];
  let last = importOnce(text);
  for (let i = 0; i < runs; i++) {
    last = importOnce(text);
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  return { n, bytes: text.length, ms: times[times.length >> 1]!, checks: last.checks, warnings: last.warnings };
}

export interface ScalingRow {
  shape: string;
  label: string;
  small: ScalingRun;
  large: ScalingRun;
  /** large.ms ÷ small.ms: about 2 when linear, about 4 when quadratic. */
  timeRatio: number;
}

/** Each shape at n and 2n (defaults: 20,000 and 40,000, the sizes of the red-team report). */
export function benchImportScaling(n = 20_000, runs = 3): ScalingRow[] {
  return SCALING_SHAPES.map((shape) => {
    const small = run(shape, n, runs);
    const large = run(shape, 2 * n, runs);
    return { shape: shape.id, label: shape.label, small, large, timeRatio: large.ms / small.ms };
  });
}
