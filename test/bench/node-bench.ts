/**
 * The benchmark's Node half: exporting 5,000 backlog items to every CSV format of the export
 * registry, and importing a 5 MB session file with validation (`JSON.parse` +
 * `loadSessionDocument`, what the app's "Open file…" does with the file's text).
 *
 * Each measure is taken warm (median of several runs after a warm-up: steady-state V8, the
 * number a facilitator sees on the second export) and, for the import, also cold in a fresh
 * Node process (the first file a person opens after starting the app).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveBacklog } from '../../shared/backlog.ts';
import { EXPORT_FORMATS } from '../../shared/export/index.ts';
import { CSV_MIME } from '../../shared/export/format.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { exportWorkload, importFile } from './generate.ts';

export interface Timing {
  /** Median wall time of the timed runs, ms. */
  median: number;
  runs: number[];
  /** Median CPU time of this process (user + system, all its threads) per run, ms: barely affected by other processes. */
  cpuMedian: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function time(fn: () => unknown, runs: number, warmups = 2): Timing {
  for (let i = 0; i < warmups; i++) fn();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { median: median(times), runs: times, cpuMedian: median(cpu) };
}

export interface ExportBench {
  items: number;
  deriveBacklog: Timing;
  /** Per CSV format: the whole export from the document (backlog derived inside), and with a backlog already derived (what the UI passes). */
  formats: { id: string; label: string; files: number; bytes: number; fromDocument: Timing; fromBacklog: Timing }[];
}

export function benchExports(runs = 5, items = 5_000): ExportBench {
  const doc = exportWorkload(items);
  const now = new Date('2026-11-20T12:00:00.000Z');
  const backlog = deriveBacklog(doc, { now });
  const formats: ExportBench['formats'] = [];
  for (const format of EXPORT_FORMATS) {
    const sample = format.run(doc, { now, backlog });
    if (sample.files.length === 0 || !sample.files.every((file) => file.mime === CSV_MIME)) continue;
    formats.push({
      id: format.id,
      label: format.label,
      files: sample.files.length,
      bytes: sample.files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0),
      fromDocument: time(() => format.run(doc, { now }), runs),
      fromBacklog: time(() => format.run(doc, { now, backlog }), runs),
    });
  }
  if (formats.length === 0) throw new Error('The export registry has no CSV format.');
  return { items: backlog.items.length, deriveBacklog: time(() => deriveBacklog(doc, { now }), runs), formats };
}

export interface ImportBench {
  bytes: number;
  warm: Timing;
  /** Fresh Node process per run: module load excluded, first parse and validation included. */
  cold: Timing;
}

function importText(text: string): void {
  const result = loadSessionDocument(JSON.parse(text) as unknown);
  if (!result.ok) throw new Error(`The import file did not load: ${result.error}`);
}

export function benchImport(runs = 5, coldRuns = 3): ImportBench {
  const text = importFile();
  const dir = mkdtempSync(path.join(tmpdir(), 'threatstorm-bench-'));
  try {
    const file = path.join(dir, 'import.threatstorm.json');
    writeFileSync(file, text);
    const script = fileURLToPath(new URL('./import-once.ts', import.meta.url));
    const cold: number[] = [];
    const coldCpu: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      const [wall, cpu] = execFileSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8' }).trim().split(' ').map(Number);
      if (!Number.isFinite(wall) || !Number.isFinite(cpu)) throw new Error('The cold import run printed no time.');
      cold.push(wall!);
      coldCpu.push(cpu!);
    }
    return { bytes: Buffer.byteLength(text), warm: time(() => importText(text), runs), cold: { median: median(cold), runs: cold, cpuMedian: median(coldCpu) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
