/**
 * The benchmark's browser half: open, drag, autosave and heap, in headless Chromium (the
 * browser tests' `launchBrowser()`), for the app and for the bare React Flow floor.
 *
 * Clocks: opening is timed inside the page (wall ms since navigation start, `performance.now()`)
 * and, from a Chromium trace, as main-thread CPU time until the first node. Drag and autosave
 * work is main-thread *CPU* time from Chromium (`Performance.getMetrics` in thread ticks, and
 * trace task CPU durations): unlike wall time it does not grow when other processes compete for
 * the cores. Never requestAnimationFrame deltas (fixed at 16.7 ms headless).
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { storedRows } from '../../renderer/db/document-parts.ts';
import { summarize } from '../../shared/session-factory.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { watchPage } from '../e2e/harness.ts';
import { LOAD_PROBE, LOAD_RESULT, PICK_DRAG_NODE, SAVE_PROBE, SEED_SESSION, SETTLED, TWO_FRAMES } from './page-scripts.ts';

export const VIEWPORT = { width: 1400, height: 860 } as const;
export const DRAG_MOVES = 60;
/** The page counts as settled after this long without DOM changes or long tasks. */
const QUIET_MS = 800;
const LOAD_TIMEOUT_MS = 60_000;

/** A call of one of the page scripts as an expression playwright evaluates (and awaits). */
function call(fn: string, ...args: unknown[]): string {
  return `(${fn})(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls an expression until it is truthy. (playwright's waitForFunction compiles its predicate
 * with `new Function` inside the page, which the app's CSP forbids; evaluate does not.)
 */
async function waitFor(page: Page, expression: string, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression.slice(0, 80)}`);
    await sleep(intervalMs);
  }
}

export async function newBenchContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
}

/** A page of the context, watched for console errors and uncaught exceptions, with a CDP session. */
export async function newBenchPage(context: BrowserContext, problems: string[], label: string): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  const own: string[] = [];
  watchPage(page, own);
  const forward = () => problems.push(...own.splice(0).map((problem) => `${label}: ${problem}`));
  page.on('console', forward);
  page.on('pageerror', forward);
  const cdp = await context.newCDPSession(page);
  // Durations in thread CPU time (TaskDuration etc.): the work itself, not time spent preempted.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp };
}

export type Metrics = Record<string, number>;

export async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Main-thread work between two snapshots, in ms. */
export interface Work {
  task: number;
  script: number;
  layout: number;
  style: number;
}

function workBetween(before: Metrics, after: Metrics, divisor = 1): Work {
  const delta = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / divisor;
  return { task: delta('TaskDuration'), script: delta('ScriptDuration'), layout: delta('LayoutDuration'), style: delta('RecalcStyleDuration') };
}

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing'];
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

function traceEvents(buffer: Buffer): TraceEvent[] {
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(trace) ? trace : trace.traceEvents;
}

/**
 * Time of the top-level tasks on the thread of `on` (the page's main thread) in [from, to] µs,
 * in ms: wall (`dur`) or thread CPU (`tdur`). Tasks crossing an edge count in proportion;
 * nested tasks are not counted twice.
 */
function mainThreadTime(events: readonly TraceEvent[], on: TraceEvent, from: number, to: number, clock: 'cpu' | 'wall'): number {
  const tasks = events
    .filter((e) => e.ph === 'X' && TASK_EVENTS.has(e.name) && e.pid === on.pid && e.tid === on.tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  let total = 0;
  let coveredUntil = -Infinity;
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    if (task.ts < coveredUntil) continue;
    coveredUntil = end;
    if (end <= from || task.ts >= to) continue;
    const share = task.dur! > 0 ? (Math.min(end, to) - Math.max(task.ts, from)) / task.dur! : 1;
    total += (clock === 'cpu' ? (task.tdur ?? task.dur!) : task.dur!) * share;
  }
  return total / 1000;
}

export interface OpenResult {
  /** Navigation start → first visible `.react-flow__node` (wall ms). */
  firstNode: number;
  /** Main-thread CPU time of the tasks from navigation start to the first node (trace). */
  firstNodeCpu: number;
  /**
   * `firstNode` minus the time the main thread was preempted inside its tasks (trace: wall −
   * CPU duration of each task): an estimate of `firstNode` on an otherwise idle machine.
   */
  firstNodeUncontended: number;
  /** Navigation start → every node inside the pane visible (and the viewport in place). */
  allInView: number;
  /** End of the last long task (> 50 ms) of the load: the main thread is free from then on. */
  lastLongTaskEnd: number;
  longTaskMs: number;
  domContentLoaded: number;
  inView: number;
  rendered: number;
}

/** Navigates a fresh page (with the load probe) to `url`, traced, and waits until it settles. */
export async function measureOpen(browser: Browser, page: Page, url: string): Promise<OpenResult> {
  await page.addInitScript({ content: LOAD_PROBE });
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let events: TraceEvent[];
  let result: Omit<OpenResult, 'firstNodeCpu' | 'firstNodeUncontended'>;
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await waitFor(page, call(SETTLED, QUIET_MS), LOAD_TIMEOUT_MS);
    result = (await page.evaluate(call(LOAD_RESULT))) as typeof result;
  } finally {
    events = traceEvents(await browser.stopTracing());
  }
  if (!(result.firstNode > 0) || result.inView === 0) throw new Error(`${url}: no node became visible`);
  const mark = events.find((e) => e.cat.includes('blink.user_timing') && e.name === 'bench:first-node');
  if (!mark) throw new Error('the trace has no first-node mark');
  const from = mark.ts - result.firstNode * 1000;
  const cpu = mainThreadTime(events, mark, from, mark.ts, 'cpu');
  const preempted = mainThreadTime(events, mark, from, mark.ts, 'wall') - cpu;
  return { ...result, firstNodeCpu: cpu, firstNodeUncontended: result.firstNode - preempted };
}

export interface DragResult {
  /** Main-thread CPU work per pointer move, ms. */
  perMove: Work;
  movedPx: number;
  nodeId: string;
}

/**
 * Grabs the node nearest the pane's centre, starts the drag, then times `DRAG_MOVES` pointer
 * moves of 4 px right and 1 px down (well inside the pane: no auto-pan) from the first move to
 * two frames after the last, and releases. Drag start and drop are outside the window.
 */
export async function measureDrag(page: Page, cdp: CDPSession): Promise<DragResult> {
  const target = (await page.evaluate(call(PICK_DRAG_NODE))) as { id: string; x: number; y: number } | null;
  if (!target) throw new Error('no node to drag');
  const node = page.locator(`.react-flow__node[data-id="${target.id}"]`);
  const startBox = await node.boundingBox();
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  await page.mouse.move(target.x + 3, target.y + 1);
  await page.evaluate(call(TWO_FRAMES));
  await sleep(150);
  const before = await metrics(cdp);
  let x = target.x + 3;
  let y = target.y + 1;
  for (let i = 0; i < DRAG_MOVES; i++) {
    x += 4;
    y += 1;
    await page.mouse.move(x, y);
  }
  await page.evaluate(call(TWO_FRAMES));
  const after = await metrics(cdp);
  const endBox = await node.boundingBox();
  await page.mouse.up();
  const movedPx = startBox && endBox ? endBox.x - startBox.x : 0;
  if (movedPx < DRAG_MOVES * 2) throw new Error(`the node did not follow the drag (moved ${movedPx.toFixed(0)} px)`);
  return { perMove: workBetween(before, after, DRAG_MOVES), movedPx, nodeId: target.id };
}

export interface HeapResult {
  /** JSHeapUsedSize as the page stands, MB. */
  used: number;
  /** JSHeapUsedSize after a forced garbage collection: what the open session really holds, MB. */
  usedAfterGc: number;
}

export async function measureHeap(cdp: CDPSession): Promise<HeapResult> {
  const mb = (bytes: number | undefined) => (bytes ?? NaN) / (1024 * 1024);
  const used = mb((await metrics(cdp)).JSHeapUsedSize);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.disable');
  return { used, usedAfterGc: mb((await metrics(cdp)).JSHeapUsedSize) };
}

/** Loads the app once (it creates its database), waits for the home screen and stores the session. */
export async function seedSession(context: BrowserContext, appUrl: string, doc: SessionDocument, problems: string[]): Promise<void> {
  const { page } = await newBenchPage(context, problems, 'seed');
  await page.goto(appUrl);
  await page.getByRole('heading', { name: 'Workshop sessions' }).waitFor();
  await page.evaluate(call(SEED_SESSION, { json: JSON.stringify(storedRows(doc)), summary: summarize(doc) }));
  await page.close();
}

export interface AutosaveResult {
  /** As saveTask, for an edit of one step's label (the head and one block of steps are written). */
  stepSaveTask: number;
  /** Of which inside IDBObjectStore.put, ms. */
  stepPutMs: number;
  /** Main-thread CPU time of the save: every top-level task from the autosave firing to "Saved" painted, ms (trace). */
  saveTask: number;
  /** The same tasks' wall time, ms. */
  saveTaskWall: number;
  /** Of which inside IDBObjectStore.put (structured clone of what is written), ms. */
  putMs: number;
  /** Main-thread CPU work of the whole edit (rename, re-render, save), ms (Performance.getMetrics). */
  editAndSave: Work;
  /** The autosave's debounce: wall time from the commit to "Saving…", ms. */
  debounceMs: number;
  /** Document writes after a burst of `burst` renames in quick succession (expected: 1). */
  burstSaves: number;
  burst: number;
}

/**
 * The save's main-thread time: every top-level task from the one in which the save indicator
 * turned "Saving…" (the debounce timer starting the write) to the one in which it turned "Saved",
 * plus the frame that paints it (tasks starting within 20 ms after).
 */
export function saveTaskTime(events: readonly TraceEvent[], clock: 'cpu' | 'wall'): number {
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('bench-save:')).sort((a, b) => a.ts - b.ts);
  const saving = marks.find((e) => e.name === 'bench-save:Saving…');
  const saved = saving && marks.find((e) => e.ts > saving.ts && e.name === 'bench-save:Saved');
  if (!saving || !saved) throw new Error(`the trace has no Saving…/Saved marks (${marks.map((m) => m.name).join(', ') || 'none'})`);
  // The task that turned "Saving…" started before the mark: widen the window to its start.
  const first = events
    .filter((e) => e.ph === 'X' && TASK_EVENTS.has(e.name) && e.pid === saving.pid && e.tid === saving.tid && e.ts <= saving.ts && e.ts + (e.dur ?? 0) >= saving.ts)
    .reduce((min, e) => Math.min(min, e.ts), saving.ts);
  return mainThreadTime(events, saving, first, saved.ts + 20_000, clock);
}

const SAVE_TEXT = `document.querySelector('[aria-label="Save state"]')?.textContent`;

async function waitSaved(page: Page, minPuts: number): Promise<void> {
  await waitFor(page, `(window.__saveProbe?.puts ?? 0) >= ${minPuts} && ${SAVE_TEXT} === 'Saved'`, 60_000, 50);
}

/**
 * One rename through the title field (only the document's head is written), traced: the save's main-thread time from the trace, the
 * whole edit's from Performance.getMetrics; then a burst of renames to check the debounce; then
 * one step's label edited in the inspector, traced the same way.
 */
export async function measureAutosave(browser: Browser, page: Page, cdp: CDPSession, round: number, burst = 10): Promise<AutosaveResult> {
  const title = page.getByRole('textbox', { name: 'Session title' });
  await page.getByRole('status', { name: 'Save state' }).filter({ hasText: 'Saved' }).waitFor();
  if (!(await page.evaluate(call(SAVE_PROBE)))) throw new Error('no save indicator');
  await title.fill(`Benchmark session, rename ${round}`);
  await sleep(200);
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const before = await metrics(cdp);
  const commitAt = (await page.evaluate('performance.now()')) as number;
  await title.press('Enter');
  await waitSaved(page, 1);
  await sleep(300);
  const after = await metrics(cdp);
  const events = traceEvents(await browser.stopTracing());
  const probe = (await page.evaluate('window.__saveProbe')) as { puts: number; putMs: number; texts: [number, string][] };
  const savingAt = probe.texts.find(([at, text]) => at > commitAt && text === 'Saving…')?.[0] ?? NaN;

  await page.evaluate('window.__saveProbe.puts = 0');
  for (let i = 0; i < burst; i++) {
    await title.fill(`Benchmark session, burst ${round}.${i}`);
    await title.press('Enter');
  }
  await waitSaved(page, 1);
  await sleep(1_000);
  const burstSaves = (await page.evaluate('window.__saveProbe.puts')) as number;

  // A step edit (its label, through the inspector): the head and that step's block are written.
  const target = (await page.evaluate(call(PICK_DRAG_NODE))) as { x: number; y: number } | null;
  if (!target) throw new Error('no step to edit');
  await page.mouse.click(target.x, target.y);
  const label = page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'Label', exact: true });
  await label.waitFor();
  await sleep(600);
  await waitSaved(page, 0);
  await page.evaluate('window.__saveProbe.puts = 0; window.__saveProbe.putMs = 0');
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await label.fill(`Edited step, round ${round}`);
  await label.press('Enter');
  await waitSaved(page, 1);
  await sleep(300);
  const stepEvents = traceEvents(await browser.stopTracing());
  const stepPutMs = (await page.evaluate('window.__saveProbe.putMs')) as number;
  return {
    stepSaveTask: saveTaskTime(stepEvents, 'cpu'),
    stepPutMs,
    saveTask: saveTaskTime(events, 'cpu'),
    saveTaskWall: saveTaskTime(events, 'wall'),
    putMs: probe.putMs,
    editAndSave: workBetween(before, after),
    debounceMs: savingAt - commitAt,
    burstSaves,
    burst,
  };
}
