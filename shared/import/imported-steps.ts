/**
 * What every imported step must look like, whatever the file said, so an import never carries
 * in what the app's own editing would not make:
 *
 * - data tags as typing writes them (`normalizeTags`: trimmed, lower case, spaces as "-", no
 *   repeats): a tag becomes a CSS class name on the canvas, and "Card data" must not become two
 *   classes;
 * - positions finite and within ±`MAX_COORDINATE`: a coordinate of 1e300 makes the journey
 *   picture `width="Infinity"` and the canvas compute NaN. A journey that is merely far away
 *   but fits in the range is moved as a whole (its layout kept); otherwise the stray steps are
 *   moved to the edge of the range.
 *
 * Each change is counted in the report.
 */
import { normalizeTags } from '../document-ops.ts';
import { plural } from '../plural.ts';
import { LIMITS, type SessionDocument, type Step } from '../schema.ts';
import type { ReportBuilder } from './report.ts';
import { clip } from './text.ts';

/** Farthest a step may sit from the origin, in canvas pixels (both axes). */
/** The session format's own bound (schema.ts): what comes in already fits it. */
export const MAX_COORDINATE = LIMITS.coordinate;

const inRange = (value: number) => Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;

function bound(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(MAX_COORDINATE, Math.max(-MAX_COORDINATE, value));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** How to bring one journey's steps into range: a shift that keeps the layout, or null (clamp each). */
function shiftFor(steps: readonly Step[]): { dx: number; dy: number } | null {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { position } of steps) {
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) return null;
    minX = Math.min(minX, position.x);
    maxX = Math.max(maxX, position.x);
    minY = Math.min(minY, position.y);
    maxY = Math.max(maxY, position.y);
  }
  if (maxX - minX > 2 * MAX_COORDINATE || maxY - minY > 2 * MAX_COORDINATE) return null;
  // Centred on the origin: then every step lies within ±half the span.
  const dx = inRange(minX) && inRange(maxX) ? 0 : -Math.round((minX + maxX) / 2);
  const dy = inRange(minY) && inRange(maxY) ? 0 : -Math.round((minY + maxY) / 2);
  return { dx, dy };
}

/** `doc` with its steps' tags and positions made safe; `doc` itself when nothing needed a change. */
export function withImportedSteps(doc: SessionDocument, report: ReportBuilder): SessionDocument {
  const strayJourneys = new Map<string, Step[]>();
  for (const step of doc.steps) if (!inRange(step.position.x) || !inRange(step.position.y)) strayJourneys.set(step.journeyId, []);
  if (strayJourneys.size > 0) for (const step of doc.steps) strayJourneys.get(step.journeyId)?.push(step);
  const shifts = new Map<string, { dx: number; dy: number } | null>();
  for (const [journeyId, steps] of strayJourneys) {
    const shift = shiftFor(steps);
    shifts.set(journeyId, shift);
    const name = doc.journeys.find((journey) => journey.id === journeyId)?.name ?? journeyId;
    const far = `more than ${MAX_COORDINATE.toLocaleString('en-US')} px from the origin`;
    report.warn(
      shift
        ? `The journey “${clip(name, 60)}” was drawn ${far}: it was moved as a whole, its layout kept.`
        : `Steps of the journey “${clip(name, 60)}” were placed ${far} (or at no real number): they were moved to the edge of that range.`,
    );
  }

  let changed = false;
  const steps = doc.steps.map((step) => {
    let next = step;
    const tags = normalizeTags(step.dataTags);
    if (!sameList(tags, step.dataTags)) {
      const example = step.dataTags.find((tag) => !tags.includes(tag)) ?? step.dataTags[0] ?? '';
      report.tally('tags-normalised', (n) =>
        `${plural(n, 'step')} had data tags not written as typing writes them (lower case, “-” for spaces, no repeats), e.g. “${clip(example, 40)}”: written as typing would.`,
      );
      next = { ...next, dataTags: tags };
    }
    const shift = shifts.get(step.journeyId);
    if (shift !== undefined) {
      const { x, y } = step.position;
      next = { ...next, position: shift ? { x: bound(x + shift.dx), y: bound(y + shift.dy) } : { x: bound(x), y: bound(y) } };
    }
    if (next !== step) changed = true;
    return next;
  });
  return changed ? { ...doc, steps } : doc;
}
