import type { FitViewOptions, Viewport } from '@xyflow/react';
import type { Step } from '../../shared/schema.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';

/** "Fit view": everything in sight, however small. */
export const FIT_ALL: FitViewOptions = { padding: 0.15, maxZoom: 1.1, duration: 250 };

/** Below this zoom step labels are hard to read from the back of a room. */
export const READABLE_ZOOM = 0.75;
const MAX_ZOOM = 1.1;
const MARGIN = 48;

/**
 * The first view of a journey: all of it when it fits at a readable zoom, otherwise its
 * beginning (the leftmost steps) at a readable zoom, so a facilitator starts at step one.
 */
export function initialViewport(steps: readonly Pick<Step, 'position'>[], width: number, height: number): Viewport {
  if (steps.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { position } of steps) {
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
    maxX = Math.max(maxX, position.x + STEP_NODE_SIZE.width);
    maxY = Math.max(maxY, position.y + STEP_NODE_SIZE.height);
  }
  const fitZoom = Math.min((width - 2 * MARGIN) / (maxX - minX), (height - 2 * MARGIN) / (maxY - minY), MAX_ZOOM);
  if (fitZoom >= READABLE_ZOOM) {
    return { x: (width - (maxX + minX) * fitZoom) / 2, y: (height - (maxY + minY) * fitZoom) / 2, zoom: fitZoom };
  }
  // Too big to read whole: start at the left edge; centre vertically on the steps near it.
  const zoom = READABLE_ZOOM;
  const visibleRight = minX + (width - 2 * MARGIN) / zoom;
  const near = steps.filter(({ position }) => position.x <= visibleRight);
  const top = Math.min(...near.map(({ position }) => position.y));
  const bottom = Math.max(...near.map(({ position }) => position.y + STEP_NODE_SIZE.height));
  return { x: MARGIN - minX * zoom, y: height / 2 - ((top + bottom) / 2) * zoom, zoom };
}
