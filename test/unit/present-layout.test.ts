/** The presenter's snake of rows: readable on a projector, never overlapping, never stored. */
import { describe, expect, it } from 'vitest';
import { PRESENT_MIN_ZOOM, PRESENT_NODE, presentLayout } from '../../renderer/canvas/present-layout.ts';

const chain = (n: number) => {
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  return { ids, flows: ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id })) };
};

/** The canvas of a 1920×1080 screen at 150 % (1280×720 CSS px) once the presenter's strip is on top. */
const PROJECTOR = { width: 1280, height: 650 };

function expectNoOverlaps(positions: Map<string, { x: number; y: number }>) {
  const boxes = [...positions.values()];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.x + PRESENT_NODE.width <= b.x || b.x + PRESENT_NODE.width <= a.x || a.y + PRESENT_NODE.height <= b.y || b.y + PRESENT_NODE.height <= a.y;
      expect(apart, `steps at ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(true);
    }
  }
}

function onScreen(layout: ReturnType<typeof presentLayout>, area: { width: number; height: number }) {
  const { x, y, zoom } = layout.viewport;
  return [...layout.positions.values()].every(
    (p) => p.x * zoom + x >= 0 && p.y * zoom + y >= 0 && (p.x + PRESENT_NODE.width) * zoom + x <= area.width && (p.y + PRESENT_NODE.height) * zoom + y <= area.height,
  );
}

describe('presenter layout', () => {
  it('wraps a 20-step journey into rows that fit the projector at a readable zoom', () => {
    const { ids, flows } = chain(20);
    const layout = presentLayout(ids, flows, PROJECTOR);
    expect(layout.rows).toBeGreaterThan(1);
    expect(layout.viewport.zoom).toBeGreaterThanOrEqual(PRESENT_MIN_ZOOM);
    expect(onScreen(layout, PROJECTOR)).toBe(true);
    expectNoOverlaps(layout.positions);
  });

  it('snakes: every other row runs right to left and each row ends above the next row’s start', () => {
    const { ids, flows } = chain(12);
    const layout = presentLayout(ids, flows, PROJECTOR);
    const k = layout.columnsPerRow;
    expect(k).toBeGreaterThan(1);
    expect(k).toBeLessThan(12);
    for (let i = 0; i < ids.length; i++) {
      const row = Math.floor(i / k);
      expect(layout.directions.get(ids[i]!)).toBe(row % 2 === 0 ? 'ltr' : 'rtl');
    }
    for (let row = 0; (row + 1) * k < ids.length; row++) {
      const last = layout.positions.get(ids[(row + 1) * k - 1]!)!;
      const first = layout.positions.get(ids[(row + 1) * k]!)!;
      expect(first.x).toBe(last.x);
      expect(first.y).toBeGreaterThan(last.y);
    }
    // Within a row, steps follow the row's direction.
    const a = layout.positions.get(ids[k]!)!;
    const b = layout.positions.get(ids[k + 1]!)!;
    expect(b.x).toBeLessThan(a.x);
  });

  it('keeps a branch’s steps in one column, one above the other', () => {
    const flows = [
      { source: 'start', target: 'pay' },
      { source: 'pay', target: 'ok' },
      { source: 'pay', target: 'declined' },
      { source: 'ok', target: 'end' },
    ];
    const layout = presentLayout(['start', 'pay', 'ok', 'declined', 'end'], flows, PROJECTOR);
    expect(layout.positions.get('ok')!.x).toBe(layout.positions.get('declined')!.x);
    expect(layout.positions.get('ok')!.y).not.toBe(layout.positions.get('declined')!.y);
    expectNoOverlaps(layout.positions);
    expect(onScreen(layout, PROJECTOR)).toBe(true);
  });

  it('never shrinks a very long journey below the readable zoom: it starts at the first rows', () => {
    const { ids, flows } = chain(80);
    const layout = presentLayout(ids, flows, PROJECTOR);
    expect(layout.viewport.zoom).toBe(PRESENT_MIN_ZOOM);
    const widest = Math.max(...[...layout.positions.values()].map((p) => p.x + PRESENT_NODE.width));
    expect(widest * PRESENT_MIN_ZOOM + layout.viewport.x).toBeLessThanOrEqual(PROJECTOR.width);
    expect(layout.positions.get('s0')!.y * PRESENT_MIN_ZOOM + layout.viewport.y).toBeGreaterThanOrEqual(0);
    expectNoOverlaps(layout.positions);
  });

  it('places steps without flows too, and copes with nothing to lay out', () => {
    const layout = presentLayout(['a', 'b', 'c'], [], PROJECTOR);
    expect(layout.positions.size).toBe(3);
    expectNoOverlaps(layout.positions);
    expect(presentLayout([], [], PROJECTOR).positions.size).toBe(0);
    expect(presentLayout(['a'], [], { width: 0, height: 0 }).viewport).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
