/**
 * The presenter's layout of a journey: a snake of rows that fills the screen, so a journey of
 * 10–20 steps reads from the back of a room instead of running off as one thin line.
 *
 * Only for presenting: the positions are computed from the journey's flows every time and are
 * never written to the document (the journey keeps the layout people drew).
 *
 * How: dagre ranks the steps left to right (a branch's steps share a column); the columns are
 * then cut into rows of k, every other row running right to left, so the last step of a row
 * sits right above the first step of the next and the flow between them is a short U-turn.
 * k is chosen to give the largest zoom that fits the screen.
 */
import { layoutJourney } from '../../shared/layout.ts';
import type { Viewport } from '@xyflow/react';

/** A step as the presenter draws it: wider, larger type, a fixed height (see `.present-on .step-node`). */
export const PRESENT_NODE = { width: 240, height: 128 } as const;
/** Room between columns for a flow label, and between rows for the U-turns. */
const GAP_X = 90;
const GAP_Y = 40;
const MARGIN = 28;
/** Never blow a tiny journey up past this. */
const MAX_ZOOM = 1.4;
/**
 * Never shrink below this: the presenter's step labels are 24 px, so at 0.75 they are still
 * 18 px on screen. A journey too long for that starts at its first rows; the room pans on.
 */
export const PRESENT_MIN_ZOOM = 0.75;

export type RowDirection = 'ltr' | 'rtl';

export interface PresentLayout {
  positions: Map<string, { x: number; y: number }>;
  /** Which way each step's row runs; a right-to-left row has its flows enter on the right. */
  directions: Map<string, RowDirection>;
  columnsPerRow: number;
  rows: number;
  viewport: Viewport;
}

interface Column {
  ids: string[];
  tops: number[];
  minY: number;
  maxY: number;
}

/** Steps grouped into the columns dagre ranked them into, left to right. */
function columnsOf(stepIds: readonly string[], flows: ReadonlyArray<{ source: string; target: string }>): Column[] {
  const ranked = layoutJourney(
    stepIds.map((id) => ({ id, width: PRESENT_NODE.width, height: PRESENT_NODE.height })),
    flows,
    { direction: 'LR', nodeSep: 40, rankSep: GAP_X },
  );
  const byX = new Map<number, Column>();
  for (const id of stepIds) {
    const position = ranked.get(id);
    if (!position) continue;
    let column = byX.get(position.x);
    if (!column) byX.set(position.x, (column = { ids: [], tops: [], minY: Infinity, maxY: -Infinity }));
    column.ids.push(id);
    column.tops.push(position.y);
    column.minY = Math.min(column.minY, position.y);
    column.maxY = Math.max(column.maxY, position.y + PRESENT_NODE.height);
  }
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([, column]) => column);
}

interface Rows {
  heights: number[];
  minYs: number[];
  width: number;
  height: number;
}

function cut(columns: readonly Column[], perRow: number): Rows {
  const heights: number[] = [];
  const minYs: number[] = [];
  for (let start = 0; start < columns.length; start += perRow) {
    const row = columns.slice(start, start + perRow);
    const minY = Math.min(...row.map((c) => c.minY));
    minYs.push(minY);
    heights.push(Math.max(...row.map((c) => c.maxY)) - minY);
  }
  const width = perRow * PRESENT_NODE.width + (perRow - 1) * GAP_X;
  const height = heights.reduce((sum, h) => sum + h, 0) + (heights.length - 1) * GAP_Y;
  return { heights, minYs, width, height };
}

export function presentLayout(
  stepIds: readonly string[],
  flows: ReadonlyArray<{ source: string; target: string }>,
  area: { width: number; height: number },
): PresentLayout {
  const positions = new Map<string, { x: number; y: number }>();
  const directions = new Map<string, RowDirection>();
  const columns = columnsOf(stepIds, flows);
  if (columns.length === 0 || area.width <= 0 || area.height <= 0) {
    return { positions, directions, columnsPerRow: 0, rows: 0, viewport: { x: 0, y: 0, zoom: 1 } };
  }
  const usable = { width: Math.max(1, area.width - 2 * MARGIN), height: Math.max(1, area.height - 2 * MARGIN) };
  let best: { perRow: number; rows: Rows; zoom: number } | null = null;
  for (let perRow = 1; perRow <= columns.length; perRow++) {
    const rows = cut(columns, perRow);
    const zoom = Math.min(usable.width / rows.width, usable.height / rows.height, MAX_ZOOM);
    // Ties go to more columns per row: fewer turns to follow.
    if (!best || zoom >= best.zoom - 1e-9) best = { perRow, rows, zoom };
  }
  if (best!.zoom < PRESENT_MIN_ZOOM) {
    // Too long to fit readably: rows as wide as the screen at the smallest readable zoom; the
    // room starts at the first rows and pans down.
    const perRow = Math.max(1, Math.min(columns.length, Math.floor((usable.width / PRESENT_MIN_ZOOM + GAP_X) / (PRESENT_NODE.width + GAP_X))));
    best = { perRow, rows: cut(columns, perRow), zoom: PRESENT_MIN_ZOOM };
  }
  const { perRow, rows, zoom } = best!;
  let top = 0;
  columns.forEach((column, index) => {
    const row = Math.floor(index / perRow);
    const place = index % perRow;
    const direction: RowDirection = row % 2 === 0 ? 'ltr' : 'rtl';
    const slot = direction === 'ltr' ? place : perRow - 1 - place;
    if (place === 0 && row > 0) top += rows.heights[row - 1]! + GAP_Y;
    column.ids.forEach((id, i) => {
      positions.set(id, { x: slot * (PRESENT_NODE.width + GAP_X), y: top + column.tops[i]! - rows.minYs[row]! });
      directions.set(id, direction);
    });
  });

  const viewport = {
    x: Math.max(MARGIN, (area.width - rows.width * zoom) / 2),
    y: Math.max(MARGIN, (area.height - rows.height * zoom) / 2),
    zoom,
  };
  return { positions, directions, columnsPerRow: perRow, rows: rows.heights.length, viewport };
}
