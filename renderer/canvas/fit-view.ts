import type { FitViewOptions } from '@xyflow/react';
import type { Step } from '../../shared/schema.ts';

/** "Fit view": everything in sight, however small. */
export const FIT_ALL: FitViewOptions = { padding: 0.15, maxZoom: 1.1, duration: 250 };

/**
 * The first view of a journey must be readable from the back of a room: if the whole journey
 * would be too small, show its beginning (the leftmost steps) at a legible zoom instead.
 */
export function initialFitOptions(steps: readonly Step[]): FitViewOptions {
  const base = { padding: 0.12, maxZoom: 1.1, minZoom: 0.75 };
  if (steps.length <= 4) return base;
  const leftmost = steps
    .slice()
    .sort((a, b) => a.position.x - b.position.x)
    .slice(0, 4)
    .map((step) => ({ id: step.id }));
  return { ...base, nodes: leftmost };
}
