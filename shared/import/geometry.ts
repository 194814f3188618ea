/**
 * Plane geometry for Threat Dragon diagrams: does a flow cross a trust boundary, and which
 * element is a loose flow end next to. Threat Dragon draws flows and boundary curves as smooth
 * curves through their vertices; we follow the straight segments through the same points,
 * which is the shape people placed and close enough to say on which side of a line a thing is.
 *
 * Cost. Comparing every flow with every boundary, segment by segment, is quadratic in the size
 * of the drawing: a 15 MB file shaped for it kept an import busy for 45 minutes. So every test
 * is paid from a `GeometryBudget` (one per import, `MAX_GEOMETRY_CHECKS` by default): once it is
 * spent, the remaining questions are answered "unknown" (`null`) and the importer says which
 * flows it could not check. Real diagrams (tens of flows and boundaries with a few bends each)
 * spend a few thousand tests; the budget is for files built to be slow. Boxes around each
 * polyline and each segment make the common "nowhere near" answer cost one test.
 */
export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Most geometric tests one import makes: a few hundred milliseconds of work at most. */
export const MAX_GEOMETRY_CHECKS = 5_000_000;

/** Counts geometric tests and refuses them past its limit. */
export class GeometryBudget {
  spent = 0;
  /** True once a test was refused: some answer was "unknown". */
  exhausted = false;

  constructor(readonly limit: number = MAX_GEOMETRY_CHECKS) {}

  /** Pays for `n` tests; false (nothing paid) when that would pass the limit. */
  take(n = 1): boolean {
    if (this.spent + n > this.limit) {
      this.exhausted = true;
      return false;
    }
    this.spent += n;
    return true;
  }
}

export function centreOf(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

export function contains(rect: Rect, p: Point): boolean {
  return p.x >= rect.x && p.x <= rect.x + rect.width && p.y >= rect.y && p.y <= rect.y + rect.height;
}

/** 0 inside or on the edge; otherwise the straight-line distance to the nearest edge. */
export function distanceToRect(rect: Rect, p: Point): number {
  const dx = Math.max(rect.x - p.x, 0, p.x - (rect.x + rect.width));
  const dy = Math.max(rect.y - p.y, 0, p.y - (rect.y + rect.height));
  return Math.hypot(dx, dy);
}

function orientation(a: Point, b: Point, c: Point): number {
  const value = (b.y - a.y) * (c.x - b.x) - (b.x - a.x) * (c.y - b.y);
  return value === 0 ? 0 : value > 0 ? 1 : -1;
}

function onSegment(a: Point, b: Point, p: Point): boolean {
  return p.x <= Math.max(a.x, b.x) && p.x >= Math.min(a.x, b.x) && p.y <= Math.max(a.y, b.y) && p.y >= Math.min(a.y, b.y);
}

/** Whether segment ab meets segment cd (touching counts). */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b))
  );
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Points joined in order, with the box around them (computed once, reused for every comparison). */
export interface Polyline {
  points: readonly Point[];
  box: Box;
}

export function polyline(points: readonly Point[]): Polyline {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of points) {
    box.minX = Math.min(box.minX, p.x);
    box.minY = Math.min(box.minY, p.y);
    box.maxX = Math.max(box.maxX, p.x);
    box.maxY = Math.max(box.maxY, p.y);
  }
  return { points, box };
}

function overlaps(a: Box, minX: number, minY: number, maxX: number, maxY: number): boolean {
  return minX <= a.maxX && maxX >= a.minX && minY <= a.maxY && maxY >= a.minY;
}

/**
 * Whether two polylines meet anywhere; `null` when `budget` ran out before the answer was
 * known. Costs one test when their boxes are apart, otherwise one per segment of `p` plus one
 * per segment pair whose segment of `p` reaches into the box of `q`.
 */
export function polylinesIntersect(p: Polyline, q: Polyline, budget: GeometryBudget): boolean | null {
  if (!budget.take()) return null;
  if (!overlaps(q.box, p.box.minX, p.box.minY, p.box.maxX, p.box.maxY)) return false;
  const ps = p.points;
  const qs = q.points;
  for (let i = 0; i + 1 < ps.length; i++) {
    const a = ps[i]!;
    const b = ps[i + 1]!;
    if (!budget.take()) return null;
    if (!overlaps(q.box, Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y))) continue;
    if (!budget.take(Math.max(0, qs.length - 1))) return null;
    for (let j = 0; j + 1 < qs.length; j++) {
      if (segmentsIntersect(a, b, qs[j]!, qs[j + 1]!)) return true;
    }
  }
  return false;
}
