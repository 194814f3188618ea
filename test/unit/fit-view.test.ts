import { describe, expect, it } from 'vitest';
import { initialViewport, READABLE_ZOOM } from '../../renderer/canvas/fit-view.ts';
import { STEP_NODE_SIZE } from '../../shared/layout.ts';

const at = (x: number, y: number) => ({ position: { x, y } });

describe('initial viewport of a journey', () => {
  it('shows a small journey whole and centred', () => {
    const viewport = initialViewport([at(0, 0), at(300, 0)], 1000, 600);
    expect(viewport.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const centreX = (300 + STEP_NODE_SIZE.width) / 2;
    expect(viewport.x + centreX * viewport.zoom).toBeCloseTo(500, 0);
  });

  it('opens a long journey at a readable zoom on its first step', () => {
    const steps = Array.from({ length: 40 }, (_, i) => at(i * 360 - 500, 100));
    const viewport = initialViewport(steps, 900, 600);
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    // The first step's left edge sits just inside the left edge of the canvas.
    const firstLeft = viewport.x + -500 * viewport.zoom;
    expect(firstLeft).toBeGreaterThan(0);
    expect(firstLeft).toBeLessThan(100);
  });

  it('copes with an empty journey and an unmeasured canvas', () => {
    expect(initialViewport([], 800, 600)).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(initialViewport([at(0, 0)], 0, 0)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
