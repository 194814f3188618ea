/**
 * The Threat Dragon importer's geometric work grows about linearly with the file, never
 * quadratically, and is bounded: measured with the importer's own count of tests
 * (`GeometryBudget.spent`), not with wall-clock time (which a busy machine makes flaky). The
 * shapes are the benchmark's (test/bench/import-scaling.ts): files built so that a naive
 * importer compares everything with everything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeometryBudget, MAX_GEOMETRY_CHECKS, polyline, polylinesIntersect } from '../../shared/import/geometry.ts';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { SCALING_SHAPES } from '../bench/import-scaling.ts';

const N = 8_000;

function work(text: string, limit = MAX_GEOMETRY_CHECKS): { checks: number; result: Extract<ImportResult, { ok: true }> } {
  const geometry = new GeometryBudget(limit);
  const result = importThreatModel(text, { fileName: 'scaling.json', geometry });
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return { checks: geometry.spent, result };
}

const lines = (result: Extract<ImportResult, { ok: true }>) => [...result.report.warnings, ...result.report.skipped.map((s) => `${s.what}: ${s.reason}`)].join('\n');

describe('importing files shaped to be quadratic', () => {
  it.each(SCALING_SHAPES.map((shape) => [shape.id, shape] as const))('%s: twice the file, at most about twice the geometric work, and never past the bound', (_id, shape) => {
    const small = work(shape.build(N));
    const large = work(shape.build(2 * N));
    // Quadratic work would be 4×; the slack covers shapes whose work is (near) zero.
    expect(large.checks).toBeLessThanOrEqual(2.2 * small.checks + 1_000);
    expect(large.checks).toBeLessThanOrEqual(MAX_GEOMETRY_CHECKS);
  }, 60_000);

  it('says what it did: lines with too many bends are not followed, and the flows it could not check are named', () => {
    const bends = lines(work(SCALING_SHAPES.find((s) => s.id === 'bends')!.build(N)).result);
    expect(bends).toContain('its line has 4,000 bends; more than 500 are not followed, so it was checked against trust boundary boxes only');
    expect(bends).toContain('this line has 4,000 bends (more than 500 are not followed), so it was not used to find crossing flows');

    for (const id of ['boundaries', 'boxes']) {
      const text = lines(work(SCALING_SHAPES.find((s) => s.id === id)!.build(N)).result);
      expect(text, id).toMatch(/the drawing is too large to check every flow against every trust boundary \(an import makes at most 5,000,000 geometric tests\): [\d,]+ flows? (was|were) not fully checked/);
    }
    const loose = work(SCALING_SHAPES.find((s) => s.id === 'loose-ends')!.build(N)).result;
    expect(lines(loose)).toContain('the drawing is too large to look for the element next to its loose end');
  }, 60_000);

  it('a drawing within the bound is checked completely: the same crossings with any larger budget', () => {
    const text = SCALING_SHAPES.find((s) => s.id === 'boxes')!.build(400);
    const bounded = work(text);
    const unbounded = work(text, Number.POSITIVE_INFINITY);
    expect(bounded.checks).toBe(unbounded.checks);
    expect(bounded.result.document.flows.map((f) => f.crossesTrustBoundary)).toEqual(unbounded.result.document.flows.map((f) => f.crossesTrustBoundary));
    expect(lines(bounded.result)).not.toContain('too large');
  });
});

describe('a spent budget', () => {
  it('leaves a real model’s flows as Threat Dragon flagged them, keeps every threat, and says what it could not check', () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/peers/threat-dragon/v2-threat-model.json'), 'utf8');
    const full = work(text).result;
    const starved = work(text, 0).result;
    // The one flow with a loose end is not searched for: skipped, and the report says why.
    expect(starved.document.flows).toHaveLength(full.document.flows.length - 1);
    expect(lines(starved)).toContain('the drawing is too large to look for the element next to its loose end');
    expect(starved.document.threats).toHaveLength(full.document.threats.length);
    const crossing = (r: typeof full) => r.document.flows.filter((f) => f.crossesTrustBoundary).length;
    expect(crossing(starved)).toBeLessThan(crossing(full));
    expect(lines(starved)).toMatch(/detail\.diagrams\[0\]: the drawing is too large to check every flow against every trust boundary \(an import makes at most 0 geometric tests\): \d+ flows were not fully checked/);
    expect(lines(full)).not.toContain('too large');
  });
});

describe('polylinesIntersect', () => {
  const square = polyline([
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 10 },
  ]);

  it('finds a crossing, a touch and a miss', () => {
    const budget = new GeometryBudget();
    expect(polylinesIntersect(polyline([{ x: 5, y: -5 }, { x: 5, y: 5 }]), square, budget)).toBe(true);
    expect(polylinesIntersect(polyline([{ x: 10, y: 10 }, { x: 20, y: 20 }]), square, budget)).toBe(true);
    expect(polylinesIntersect(polyline([{ x: 20, y: 0 }, { x: 30, y: 0 }]), square, budget)).toBe(false);
  });

  it('costs one test when the boxes are apart, and answers "unknown" (null) once the budget is spent', () => {
    const budget = new GeometryBudget(3);
    expect(polylinesIntersect(polyline([{ x: 100, y: 100 }, { x: 200, y: 200 }]), square, budget)).toBe(false);
    expect(budget.spent).toBe(1);
    expect(polylinesIntersect(polyline([{ x: 5, y: -5 }, { x: 5, y: 5 }]), square, budget)).toBeNull();
    expect(budget.exhausted).toBe(true);
    expect(budget.spent).toBeLessThanOrEqual(3);
  });
});
