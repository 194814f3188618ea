/**
 * `npm run bench`: the performance benchmark of DESIGN.md §4 (the npm script builds the app and
 * the floor page first). Prints a table of medians with the targets beside them and writes
 * bench-results.json. Exits non-zero only when something could not be measured; a slow result
 * is a MISS in the table, never a failure.
 *
 * Environment: BENCH_ITERATIONS (default 7) browser iterations per size. Method and caveats:
 * test/bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser, RENDERER_ROOT, startAppServer } from '../e2e/harness.ts';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import {
  DRAG_MOVES,
  measureAutosave,
  measureDrag,
  measureHeap,
  measureOpen,
  newBenchContext,
  newBenchPage,
  seedSession,
  VIEWPORT,
  type AutosaveResult,
  type DragResult,
  type HeapResult,
  type OpenResult,
} from './browser-bench.ts';
import { buildWorkload, floorGraph, WORKLOADS, type Workload } from './generate.ts';
import { benchExports, benchImport, type ExportBench, type ImportBench } from './node-bench.ts';
import { benchLive, type LiveBench } from './live-bench.ts';
import { benchImportScaling } from './import-scaling.ts';
import { walkScaling } from './walk-scaling.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FLOOR_ROOT = path.join(projectRoot, 'dist', 'bench-floor');
const RESULTS_FILE = path.join(projectRoot, 'bench-results.json');
const ITERATIONS = Math.max(1, Number(process.env.BENCH_ITERATIONS ?? 7) || 7);

const errors: string[] = [];
const problems: string[] = [];
/** 1-minute load averages sampled through the run. */
const loadSamples: number[] = [];
const sampleLoad = () => loadSamples.push(os.loadavg()[0]!);

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of every numeric field over the runs (nested one level for Work objects). */
function medians<T extends object>(runs: readonly T[]): T | null {
  if (runs.length === 0) return null;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(runs[0]!)) {
    const first = (runs[0] as Record<string, unknown>)[key];
    if (typeof first === 'number') out[key] = median(runs.map((r) => (r as Record<string, number>)[key]!));
    else if (first && typeof first === 'object') out[key] = medians(runs.map((r) => (r as Record<string, object>)[key]!));
    else out[key] = first;
  }
  return out as T;
}

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    errors.push(message);
    console.error(`  ! ${message}`);
    return null;
  }
}

interface SizeRuns {
  app: { open: OpenResult[]; drag: DragResult[]; autosave: AutosaveResult[]; heap: HeapResult[] };
  floor: { open: OpenResult[]; drag: DragResult[]; heap: HeapResult[] };
}

async function runApp(browser: Browser, appUrl: string, doc: SessionDocument, runs: SizeRuns['app'], label: string, round: number): Promise<void> {
  const context = await newBenchContext(browser);
  try {
    await seedSession(context, appUrl, doc, problems);
    const { page, cdp } = await newBenchPage(context, problems, label);
    const open = await attempt(`${label} open`, () => measureOpen(browser, page, `${appUrl}#/session/${doc.session.id}`));
    if (!open) return;
    runs.open.push(open);
    const heap = await attempt(`${label} heap`, () => measureHeap(cdp));
    if (heap) runs.heap.push(heap);
    const save = await attempt(`${label} autosave`, () => measureAutosave(browser, page, cdp, round));
    if (save) runs.autosave.push(save);
    const drag = await attempt(`${label} drag`, () => measureDrag(page, cdp));
    if (drag) runs.drag.push(drag);
  } finally {
    await context.close();
  }
}

async function runFloor(browser: Browser, floorUrl: string, runs: SizeRuns['floor'], label: string): Promise<void> {
  const context = await newBenchContext(browser);
  try {
    // One load first, as the app gets one when its database is seeded: same caches for both.
    const warm = await newBenchPage(context, problems, `${label} warm-up`);
    await warm.page.goto(floorUrl);
    await warm.page.locator('.react-flow__node').first().waitFor();
    await warm.page.close();
    const { page, cdp } = await newBenchPage(context, problems, label);
    const open = await attempt(`${label} open`, () => measureOpen(browser, page, floorUrl));
    if (!open) return;
    runs.open.push(open);
    const heap = await attempt(`${label} heap`, () => measureHeap(cdp));
    if (heap) runs.heap.push(heap);
    const drag = await attempt(`${label} drag`, () => measureDrag(page, cdp));
    if (drag) runs.drag.push(drag);
  } finally {
    await context.close();
  }
}

function bundleSize(): { files: { name: string; bytes: number; gzip: number }[]; bytes: number; gzip: number } {
  const dir = path.join(RENDERER_ROOT, 'assets');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const content = readFileSync(path.join(dir, name));
      return { name, bytes: content.length, gzip: gzipSync(content).length };
    });
  if (files.length === 0) throw new Error('dist/renderer/assets has no JavaScript');
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

// ---------------------------------------------------------------------------------------------

const startedAt = Date.now();
for (const [what, file] of [
  ['the app build (vite build)', path.join(RENDERER_ROOT, 'index.html')],
  ['the floor build (vite build --config test/bench/vite.floor.config.ts)', path.join(FLOOR_ROOT, 'index.html')],
] as const) {
  if (!existsSync(file)) {
    console.error(`Missing ${what}: run \`npm run bench\`, which builds both.`);
    process.exit(2);
  }
}

console.log(`Threatstorm benchmark: ${ITERATIONS} iteration(s) per size, viewport ${VIEWPORT.width}×${VIEWPORT.height}, ${DRAG_MOVES} drag moves`);
const docs = new Map<Workload['name'], SessionDocument>();
for (const workload of WORKLOADS) {
  const doc = buildWorkload(workload);
  docs.set(workload.name, doc);
  writeFileSync(path.join(FLOOR_ROOT, `graph-${workload.name}.json`), JSON.stringify(floorGraph(doc, VIEWPORT.width, VIEWPORT.height)));
  console.log(
    `  ${workload.name}: ${doc.steps.length} steps, ${doc.flows.length} flows, ${doc.threats.length} threats, ${doc.outcomes.length} outcomes, ` +
      `${doc.mitigations.length} mitigations, ${(JSON.stringify(doc).length / 1024 / 1024).toFixed(1)} MB JSON (validated)`,
  );
}

const sizes: Record<string, SizeRuns> = {};
let browserVersion = 'unknown';
let browser: Browser | null = null;
let appServer: StaticServer | null = null;
let floorServer: StaticServer | null = null;
try {
  browser = await launchBrowser();
  browserVersion = browser.version();
  appServer = await startAppServer();
  floorServer = await startStaticServer({ root: FLOOR_ROOT, port: 0 });
  for (const workload of WORKLOADS) {
    const doc = docs.get(workload.name)!;
    const runs: SizeRuns = { app: { open: [], drag: [], autosave: [], heap: [] }, floor: { open: [], drag: [], heap: [] } };
    sizes[workload.name] = runs;
    const floorUrl = `${floorServer.url}?graph=graph-${workload.name}.json`;
    for (let i = 0; i < ITERATIONS; i++) {
      sampleLoad();
      const t0 = Date.now();
      // Alternate the order so neither page always runs on a warmer (or more tired) browser.
      const app = () => attempt(`${workload.name} app #${i + 1}`, () => runApp(browser!, appServer!.url, doc, runs.app, `${workload.name} app`, i));
      const floor = () => attempt(`${workload.name} floor #${i + 1}`, () => runFloor(browser!, floorUrl, runs.floor, `${workload.name} floor`));
      if (i % 2 === 0) {
        await app();
        await floor();
      } else {
        await floor();
        await app();
      }
      const a = runs.app.open.at(-1);
      const f = runs.floor.open.at(-1);
      console.log(
        `  ${workload.name} #${i + 1}: first node app ${a?.firstNode.toFixed(0) ?? '—'} ms (cpu ${a?.firstNodeCpu.toFixed(0) ?? '—'}), ` +
          `floor ${f?.firstNode.toFixed(0) ?? '—'} ms (cpu ${f?.firstNodeCpu.toFixed(0) ?? '—'}); ` +
          `drag ${runs.app.drag.at(-1)?.perMove.task.toFixed(1) ?? '—'} vs ${runs.floor.drag.at(-1)?.perMove.task.toFixed(1) ?? '—'} ms/move; ` +
          `save ${runs.app.autosave.at(-1)?.saveTask.toFixed(1) ?? '—'}/${runs.app.autosave.at(-1)?.stepSaveTask.toFixed(1) ?? '—'} ms; load ${os.loadavg()[0]!.toFixed(1)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
    }
  }
} catch (error) {
  errors.push(`browser: ${error instanceof Error ? error.message : String(error)}`);
  console.error(error);
} finally {
  await browser?.close();
  await appServer?.close();
  await floorServer?.close();
}

sampleLoad();
console.log('  Node: exports and import…');
const exportsBench = await attempt<ExportBench>('export', async () => benchExports());
sampleLoad();
const importBench = await attempt<ImportBench>('import', async () => benchImport());
sampleLoad();
const bundle = await attempt('bundle size', async () => bundleSize());
sampleLoad();
console.log('  Node: scaling of hostile shapes (n and 2n)…');
const scaling = await attempt('scaling', async () => [...benchImportScaling(), walkScaling()]);
sampleLoad();
console.log('  Node: the live workshop on loopback (10 and 30 participants)…');
const liveBench = await attempt<LiveBench>('live workshop', async () => benchLive());
sampleLoad();

// --- Report ----------------------------------------------------------------------------------

/**
 * Wall-clock times stretch when other processes compete for the cores (this machine is shared);
 * CPU times do not. Work targets (drag, autosave) are always main-thread CPU time. Latency
 * targets are judged on wall time on a quiet machine; when the machine was busy (median load
 * average above the core count + 2: Chromium and the benchmark alone keep it near 2) the open
 * targets use the uncontended estimate (wall minus the main thread's preemption inside its
 * tasks) and export/import use CPU time. Everything is printed and written either way.
 */
const cpuCount = os.cpus().length;
const busyLoad = median(loadSamples);
const contended = busyLoad > cpuCount + 2;

type Verdict = 'PASS' | 'MISS' | 'info' | 'n/a';
interface Row {
  metric: string;
  value: string;
  floor: string;
  ratio: string;
  target: string;
  verdict: Verdict;
  raw: Record<string, number | string | null>;
}
const rows: Row[] = [];
const fmt = (value: number | undefined | null, digits = 0) => (value === undefined || value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits));
const judge = (ok: boolean | null): Verdict => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');
const x = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}×`);
const wallCpu = (wall: number | undefined, cpu: number | undefined, digits = 0) => `${fmt(wall, digits)} (cpu ${fmt(cpu, digits)})`;

function sizeMedians(name: string) {
  const runs = sizes[name];
  return {
    appOpen: medians(runs?.app.open ?? []),
    floorOpen: medians(runs?.floor.open ?? []),
    appDrag: medians(runs?.app.drag ?? []),
    floorDrag: medians(runs?.floor.drag ?? []),
    save: medians(runs?.app.autosave ?? []),
    heap: medians(runs?.app.heap ?? []),
    floorHeap: medians(runs?.floor.heap ?? []),
  };
}
const M = sizeMedians('M');
const L = sizeMedians('L');

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
}

{
  for (const [name, m] of [
    ['M', M],
    ['L', L],
  ] as const) {
    const wallRatio = ratio(m.appOpen?.firstNode, m.floorOpen?.firstNode);
    const adjRatio = ratio(m.appOpen?.firstNodeUncontended, m.floorOpen?.firstNodeUncontended);
    const cpuRatio = ratio(m.appOpen?.firstNodeCpu, m.floorOpen?.firstNodeCpu);
    const judgedRatio = contended ? adjRatio : wallRatio;
    const judged = contended ? m.appOpen?.firstNodeUncontended : m.appOpen?.firstNode;
    const openCell = (o: OpenResult | null) => `${fmt(o?.firstNode)} (${contended ? `uncontended ≈ ${fmt(o?.firstNodeUncontended)}, ` : ''}cpu ${fmt(o?.firstNodeCpu)})`;
    rows.push({
      metric: `${name} open: nav → first node (ms)`,
      value: openCell(m.appOpen),
      floor: openCell(m.floorOpen),
      ratio: contended ? `${x(wallRatio)} (≈ ${x(adjRatio)})` : x(wallRatio),
      target: name === 'M' ? `≤ 1.3× floor${contended ? ' (≈)' : ''}` : `≤ 1500 ms${contended ? ' (≈)' : ''}`,
      verdict: name === 'M' ? judge(judgedRatio === null ? null : judgedRatio <= 1.3) : judge(judged === undefined ? null : judged <= 1500),
      raw: {
        app: m.appOpen?.firstNode ?? null,
        appUncontended: m.appOpen?.firstNodeUncontended ?? null,
        appCpu: m.appOpen?.firstNodeCpu ?? null,
        floor: m.floorOpen?.firstNode ?? null,
        floorUncontended: m.floorOpen?.firstNodeUncontended ?? null,
        floorCpu: m.floorOpen?.firstNodeCpu ?? null,
        ratio: wallRatio,
        uncontendedRatio: adjRatio,
        cpuRatio,
      },
    });
    rows.push({
      metric: `${name} open: nav → all in-view nodes (ms, wall)`,
      value: `${fmt(m.appOpen?.allInView)} (${fmt(m.appOpen?.inView)} nodes)`,
      floor: `${fmt(m.floorOpen?.allInView)} (${fmt(m.floorOpen?.inView)})`,
      ratio: x(ratio(m.appOpen?.allInView, m.floorOpen?.allInView)),
      target: '—',
      verdict: 'info',
      raw: { app: m.appOpen?.allInView ?? null, floor: m.floorOpen?.allInView ?? null },
    });
    rows.push({
      metric: `${name} open: main thread free (last long task end, ms)`,
      value: fmt(m.appOpen?.lastLongTaskEnd),
      floor: fmt(m.floorOpen?.lastLongTaskEnd),
      ratio: x(ratio(m.appOpen?.lastLongTaskEnd, m.floorOpen?.lastLongTaskEnd)),
      target: '—',
      verdict: 'info',
      raw: { app: m.appOpen?.lastLongTaskEnd ?? null, floor: m.floorOpen?.lastLongTaskEnd ?? null },
    });
    const d = ratio(m.appDrag?.perMove.task, m.floorDrag?.perMove.task);
    const layoutStyle = (w: { layout: number; style: number } | undefined) => (w ? w.layout + w.style : undefined);
    rows.push({
      metric: `${name} drag: main-thread cpu ms per move`,
      value: `${fmt(m.appDrag?.perMove.task, 1)} (script ${fmt(m.appDrag?.perMove.script, 1)}, layout+style ${fmt(layoutStyle(m.appDrag?.perMove), 1)})`,
      floor: `${fmt(m.floorDrag?.perMove.task, 1)} (${fmt(m.floorDrag?.perMove.script, 1)}, ${fmt(layoutStyle(m.floorDrag?.perMove), 1)})`,
      ratio: x(d),
      target: name === 'M' ? '≤ 1.5× floor' : '—',
      verdict: name === 'M' ? judge(d === null ? null : d <= 1.5) : 'info',
      raw: { app: m.appDrag?.perMove.task ?? null, floor: m.floorDrag?.perMove.task ?? null, ratio: d },
    });
    rows.push({
      metric: `${name} autosave after a rename: main-thread ms per save (cpu)`,
      value: `${fmt(m.save?.saveTask, 1)} (wall ${fmt(m.save?.saveTaskWall, 1)}, of it in put() ${fmt(m.save?.putMs, 1)}; edit+save cpu ${fmt(m.save?.editAndSave.task, 0)})`,
      floor: '',
      ratio: '',
      target: name === 'M' ? '≤ 20 ms' : '(≤ 20 ms is for M)',
      verdict: name === 'M' ? judge(m.save ? m.save.saveTask <= 20 : null) : 'info',
      raw: { saveTask: m.save?.saveTask ?? null, saveTaskWall: m.save?.saveTaskWall ?? null, putMs: m.save?.putMs ?? null, editAndSave: m.save?.editAndSave.task ?? null },
    });
    rows.push({
      metric: `${name} autosave after a step edit (cpu ms)`,
      value: `${fmt(m.save?.stepSaveTask, 1)} (of it in put() ${fmt(m.save?.stepPutMs, 1)})`,
      floor: '',
      ratio: '',
      target: name === 'M' ? '≤ 20 ms' : '(≤ 20 ms is for M)',
      verdict: name === 'M' ? judge(m.save ? m.save.stepSaveTask <= 20 : null) : 'info',
      raw: { saveTask: m.save?.stepSaveTask ?? null, putMs: m.save?.stepPutMs ?? null },
    });
  }
  const burstRuns = [...(sizes.M?.app.autosave ?? []), ...(sizes.L?.app.autosave ?? [])];
  const maxBurst = burstRuns.length ? Math.max(...burstRuns.map((s) => s.burstSaves)) : null;
  rows.push({
    metric: `Autosave: writes after ${burstRuns[0]?.burst ?? 10} quick edits (max)`,
    value: `${fmt(maxBurst)} (debounce ${fmt(M.save?.debounceMs)} ms)`,
    floor: '',
    ratio: '',
    target: '1 (no save per keystroke)',
    verdict: judge(maxBurst === null ? null : maxBurst === 1),
    raw: { maxSaves: maxBurst, debounceMs: M.save?.debounceMs ?? null },
  });
  rows.push({
    metric: 'L JS heap after open (MB, after GC)',
    value: `${fmt(L.heap?.usedAfterGc, 1)} (before GC ${fmt(L.heap?.used, 1)})`,
    floor: fmt(L.floorHeap?.usedAfterGc, 1),
    ratio: '',
    target: '≤ 150 MB',
    verdict: judge(L.heap ? Math.max(L.heap.usedAfterGc, L.heap.used) <= 150 : null),
    raw: { afterGc: L.heap?.usedAfterGc ?? null, beforeGc: L.heap?.used ?? null, floor: L.floorHeap?.usedAfterGc ?? null, mAfterGc: M.heap?.usedAfterGc ?? null },
  });
  for (const f of exportsBench?.formats ?? []) {
    const judged = contended ? f.fromDocument.cpuMedian : f.fromDocument.median;
    rows.push({
      metric: `Export ${exportsBench!.items} items: ${f.id} (ms)`,
      value: `${wallCpu(f.fromDocument.median, f.fromDocument.cpuMedian)} (backlog given: ${fmt(f.fromBacklog.median)})`,
      floor: '',
      ratio: '',
      target: `≤ 150 ms${contended ? ' (cpu)' : ''}`,
      verdict: judge(judged <= 150),
      raw: { fromDocument: f.fromDocument.median, fromDocumentCpu: f.fromDocument.cpuMedian, fromBacklog: f.fromBacklog.median, files: f.files, bytes: f.bytes },
    });
  }
  if (!exportsBench) rows.push({ metric: 'Export 5,000 items', value: '—', floor: '', ratio: '', target: '≤ 150 ms', verdict: 'n/a', raw: {} });
  const importJudged = importBench ? (contended ? Math.max(importBench.warm.cpuMedian, importBench.cold.cpuMedian) : Math.max(importBench.warm.median, importBench.cold.median)) : null;
  rows.push({
    metric: `Import ${fmt((importBench?.bytes ?? NaN) / 1024 / 1024, 1)} MB file + validation (ms)`,
    value: `${wallCpu(importBench?.warm.median, importBench?.warm.cpuMedian)} (cold ${wallCpu(importBench?.cold.median, importBench?.cold.cpuMedian)})`,
    floor: '',
    ratio: '',
    target: `≤ 1000 ms${contended ? ' (cpu)' : ''}`,
    verdict: judge(importJudged === null ? null : importJudged <= 1000),
    raw: { warm: importBench?.warm.median ?? null, warmCpu: importBench?.warm.cpuMedian ?? null, cold: importBench?.cold.median ?? null, coldCpu: importBench?.cold.cpuMedian ?? null, bytes: importBench?.bytes ?? null },
  });
  for (const row of scaling ?? []) {
    rows.push({
      metric: `Scaling: ${row.label} (ms at n / 2n)`,
      value: `${fmt(row.small.ms)} / ${fmt(row.large.ms)} (n = ${row.small.n.toLocaleString('en-US')}; ×${fmt(row.timeRatio, 2)})`,
      floor: '',
      ratio: '',
      target: 'about ×2 (linear), not ×4',
      // Small times are noisy: judged as linear up to ×3, or when both are under 20 ms.
      verdict: judge(row.timeRatio <= 3 || row.large.ms < 20),
      raw: { small: row.small.ms, large: row.large.ms, ratio: row.timeRatio },
    });
  }
  rows.push({
    metric: 'Live: join a 300-step / 1,500-threat room (ms, to synced)',
    value: fmt(liveBench?.joinMs),
    floor: '',
    ratio: '',
    target: '≤ 1500 ms',
    verdict: judge(liveBench ? liveBench.joinMs <= 1500 : null),
    raw: { joinMs: liveBench?.joinMs ?? null },
  });
  rows.push({
    metric: `Live: a change to the ${(liveBench?.latency.clients ?? 10) - 1} others (ms, median / p95)`,
    value: `${fmt(liveBench?.latency.medianMs, 1)} / ${fmt(liveBench?.latency.p95Ms, 1)}`,
    floor: '',
    ratio: '',
    target: '≤ 50 / ≤ 150 ms',
    verdict: judge(liveBench ? liveBench.latency.medianMs <= 50 && liveBench.latency.p95Ms <= 150 : null),
    raw: { medianMs: liveBench?.latency.medianMs ?? null, p95Ms: liveBench?.latency.p95Ms ?? null, samples: liveBench?.latency.samples ?? null },
  });
  rows.push({
    metric: `Live: host CPU with ${liveBench?.load.clients ?? 30} editing participants (cores)`,
    value: `${fmt(liveBench?.load.hostCpuCores, 2)} (${fmt(liveBench?.load.edits)} edits in ${fmt(liveBench?.load.seconds)} s; ${fmt(liveBench?.load.heapPerClientKB)} KB heap per participant)`,
    floor: '',
    ratio: '',
    target: '< 1 core',
    verdict: judge(liveBench ? liveBench.load.hostCpuCores < 1 : null),
    raw: { hostCpuCores: liveBench?.load.hostCpuCores ?? null, edits: liveBench?.load.edits ?? null, heapPerClientKB: liveBench?.load.heapPerClientKB ?? null },
  });
  rows.push({
    metric: 'Renderer JS gzipped (KB)',
    value: `${fmt((bundle?.gzip ?? NaN) / 1024, 1)} (raw ${fmt((bundle?.bytes ?? NaN) / 1024, 0)})`,
    floor: '',
    ratio: '',
    target: '≤ 450 KB',
    verdict: judge(bundle ? bundle.gzip / 1024 <= 450 : null),
    raw: { gzipBytes: bundle?.gzip ?? null, bytes: bundle?.bytes ?? null },
  });
}

const headers = ['Metric (median)', 'App', 'Floor', 'Ratio', 'Target', ''];
const table = [headers, ...rows.map((r) => [r.metric, r.value, r.floor, r.ratio, r.target, r.verdict])];
const widths = headers.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
console.log('');
for (const [index, row] of table.entries()) {
  console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  if (index === 0) console.log(widths.map((w) => '─'.repeat(w)).join('  '));
}

function gitState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: projectRoot, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

const cpus = os.cpus();
const results = {
  source: gitState(),
  date: new Date().toISOString(),
  durationSeconds: Math.round((Date.now() - startedAt) / 1000),
  machine: {
    loadAverage: { median: busyLoad, samples: loadSamples },
    contended,
    latencyBasis: contended ? 'uncontended estimate (open), cpu (export, import)' : 'wall',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium: browserVersion,
  },
  config: { iterations: ITERATIONS, viewport: VIEWPORT, dragMoves: DRAG_MOVES, workloads: WORKLOADS },
  summary: rows.map(({ metric, target, verdict, raw }) => ({ metric, target, verdict, ...raw })),
  runs: sizes,
  exports: exportsBench,
  import: importBench,
  bundle,
  live: liveBench,
  scaling,
  problems,
  errors,
};
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${results.machine.memoryGB} GB, Node ${process.version}, Chromium ${browserVersion}; ${results.durationSeconds} s`);
console.log(
  contended
    ? `The machine was busy (median load ${busyLoad.toFixed(1)} on ${cpuCount} cores): wall-clock times are stretched, so the open targets were judged on ` +
        `the uncontended estimate (≈: wall minus main-thread preemption) and export/import on CPU time.`
    : `Median load ${busyLoad.toFixed(1)} on ${cpuCount} cores: latency targets judged on wall-clock time.`,
);
console.log(`Results in ${path.relative(process.cwd(), RESULTS_FILE)}`);
if (problems.length) console.log(`Page problems (reported, not fatal):\n  ${[...new Set(problems)].slice(0, 20).join('\n  ')}`);
if (errors.length) console.error(`\nErrors:\n  ${errors.join('\n  ')}`);
const unmeasured = rows.filter((row) => row.verdict === 'n/a' || row.value.startsWith('—'));
if (unmeasured.length > 0) {
  console.error(`\nCould not measure: ${unmeasured.map((row) => row.metric).join('; ')}`);
  process.exit(1);
}
