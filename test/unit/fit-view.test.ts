import { describe, expect, it } from 'vitest';
import { fitMargins, OPEN_FIT_MIN_ZOOM, openingViewport, READABLE_ZOOM, showsAnyStep } from '../../renderer/canvas/fit-view.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';

const at = (x: number, y: number) => ({ position: { x, y } });

describe('opening viewport of a journey', () => {
  it('shows a small journey whole and centred in the free part of the canvas', () => {
    const margins = { top: 10, right: 20, bottom: 150, left: 60 };
    const viewport = openingViewport([at(0, 0), at(300, 0)], 1000, 600, margins);
    expect(viewport.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const centreX = (300 + STEP_NODE_SIZE.width) / 2;
    expect(viewport.x + centreX * viewport.zoom).toBeCloseTo(60 + (1000 - 60 - 20) / 2, 0);
    const centreY = STEP_NODE_SIZE.height / 2;
    expect(viewport.y + centreY * viewport.zoom).toBeCloseTo(10 + (600 - 10 - 150) / 2, 0);
  });

  it('fits a template-sized journey whole, even below a readable zoom, clear of the minimap', () => {
    const steps = Array.from({ length: 9 }, (_, i) => at(i * 360, 100));
    const margins = fitMargins(true);
    const viewport = openingViewport(steps, 1000, 420, margins);
    expect(viewport.zoom).toBeLessThan(READABLE_ZOOM);
    expect(viewport.zoom).toBeGreaterThanOrEqual(OPEN_FIT_MIN_ZOOM);
    for (const step of steps) {
      const left = step.position.x * viewport.zoom + viewport.x;
      const bottom = (step.position.y + STEP_NODE_SIZE.height) * viewport.zoom + viewport.y;
      expect(left).toBeGreaterThanOrEqual(margins.left - 0.5);
      expect(left + STEP_NODE_SIZE.width * viewport.zoom).toBeLessThanOrEqual(1000 - margins.right + 0.5);
      expect(bottom).toBeLessThanOrEqual(420 - margins.bottom + 0.5);
    }
  });

  it('opens a journey too long to show whole at a readable zoom on its first step', () => {
    const steps = Array.from({ length: 40 }, (_, i) => at(i * 360 - 500, 100));
    const viewport = openingViewport(steps, 900, 600);
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    // The first step's left edge sits just inside the left edge of the canvas.
    const firstLeft = viewport.x + -500 * viewport.zoom;
    expect(firstLeft).toBeGreaterThan(0);
    expect(firstLeft).toBeLessThan(100);
  });

  it('copes with an empty journey and an unmeasured canvas', () => {
    expect(openingViewport([], 800, 600)).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(openingViewport([at(0, 0)], 0, 0)).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  it('tells a stored view that still shows a step from one that has drifted off every step', () => {
    const steps = [at(0, 0), at(300, 0)];
    expect(showsAnyStep(steps, { x: 0, y: 0, zoom: 1 }, 800, 600)).toBe(true);
    expect(showsAnyStep(steps, { x: -5000, y: 0, zoom: 1 }, 800, 600)).toBe(false);
    expect(showsAnyStep(steps, { x: 0, y: 900, zoom: 1 }, 800, 600)).toBe(false);
  });
});
