import type { FitViewOptions, Viewport } from '@xyflow/react';
import type { Step } from '../../shared/schema.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';

/** The minimap's size on the canvas (bottom right). */
export const MINIMAP_SIZE = { width: 180, height: 110 } as const;

/**
 * Room a fitted view keeps free: the zoom controls sit bottom left, the minimap (when open)
 * bottom right, so fitted steps stay clear of both and nothing covers a step after a fit.
 */
export interface FitMargins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export function fitMargins(minimapOpen: boolean): FitMargins {
  return { top: 32, right: 32, bottom: minimapOpen ? MINIMAP_SIZE.height + 44 : 32, left: 64 };
}

const px = (value: number) => `${value}px` as const;

/** "Fit view": everything in sight, clear of the controls and the minimap. */
export function fitAllOptions(minimapOpen: boolean): FitViewOptions {
  const margins = fitMargins(minimapOpen);
  return { padding: { top: px(margins.top), right: px(margins.right), bottom: px(margins.bottom), left: px(margins.left) }, maxZoom: 1.1, duration: 250 };
}

/** Below this zoom step labels are hard to read from the back of a room. */
export const READABLE_ZOOM = 0.75;
/**
 * A journey opens fitted whole down to this zoom: small, but its shape and every step are in
 * sight. Only a journey too long even for that opens at its beginning, at a readable zoom.
 */
export const OPEN_FIT_MIN_ZOOM = 0.15;
const MAX_ZOOM = 1.1;

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundsOf(steps: readonly Pick<Step, 'position'>[]): Bounds {
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
  return { minX, minY, maxX, maxY };
}

const NO_MARGINS: FitMargins = { top: 48, right: 48, bottom: 48, left: 48 };

/**
 * The first view of a journey (opened, switched to, or inserted from a template): all of it,
 * centred in the part of the canvas the controls and minimap leave free, unless that would take
 * a zoom below OPEN_FIT_MIN_ZOOM; then its beginning (the leftmost steps) at a readable zoom, so
 * a facilitator starts at step one.
 */
export function openingViewport(steps: readonly Pick<Step, 'position'>[], width: number, height: number, margins: FitMargins = NO_MARGINS): Viewport {
  if (steps.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const { minX, minY, maxX, maxY } = boundsOf(steps);
  const freeWidth = Math.max(1, width - margins.left - margins.right);
  const freeHeight = Math.max(1, height - margins.top - margins.bottom);
  const fitZoom = Math.min(freeWidth / (maxX - minX), freeHeight / (maxY - minY), MAX_ZOOM);
  if (fitZoom >= OPEN_FIT_MIN_ZOOM) {
    return {
      x: margins.left + (freeWidth - (maxX + minX) * fitZoom) / 2,
      y: margins.top + (freeHeight - (maxY + minY) * fitZoom) / 2,
      zoom: fitZoom,
    };
  }
  // Too big to show whole: start at the left edge; centre vertically on the steps near it.
  const zoom = READABLE_ZOOM;
  const visibleRight = minX + freeWidth / zoom;
  const near = steps.filter(({ position }) => position.x <= visibleRight);
  const top = Math.min(...near.map(({ position }) => position.y));
  const bottom = Math.max(...near.map(({ position }) => position.y + STEP_NODE_SIZE.height));
  return { x: margins.left - minX * zoom, y: margins.top + freeHeight / 2 - ((top + bottom) / 2) * zoom, zoom };
}

/** True when at least one step shows in the viewport: a stored view that shows none is stale. */
export function showsAnyStep(steps: readonly Pick<Step, 'position'>[], viewport: Viewport, width: number, height: number): boolean {
  return steps.some(({ position }) => {
    const left = position.x * viewport.zoom + viewport.x;
    const top = position.y * viewport.zoom + viewport.y;
    return left < width && top < height && left + STEP_NODE_SIZE.width * viewport.zoom > 0 && top + STEP_NODE_SIZE.height * viewport.zoom > 0;
  });
}
