/**
 * Where the time goes, for the benchmark's misses: opens a workload in the app with the V8 CPU
 * profiler running (from navigation to settled), then profiles one autosave, and prints the
 * functions with the most self time and the heaviest call paths by inclusive time.
 *
 * Usage: tsx test/bench/profile.ts [M|L] [renderer-dir]
 * For readable names build an unminified copy first:
 *   npx vite build --minify false --outDir /tmp/renderer-unminified --emptyOutDir
 *   npx tsx test/bench/profile.ts L /tmp/renderer-unminified
 * Writes the profiles as .cpuprofile files (open them in Chromium's DevTools) to the temp dir.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, RENDERER_ROOT } from '../e2e/harness.ts';
import { startStaticServer } from '../../tools/static-server.ts';
import { measureOpen, newBenchContext, newBenchPage, seedSession } from './browser-bench.ts';
import { buildWorkload, WORKLOADS } from './generate.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** Self and inclusive ms per function (by name and position), from the sampled profile. */
export function summarizeProfile(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    selfMs.set(samples[i]!, (selfMs.get(samples[i]!) ?? 0) + ms);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = frameName(byId.get(cur)!);
      if (seen.has(n)) continue;
      seen.add(n);
      inclusive.set(n, (inclusive.get(n) ?? 0) + ms);
    }
  }
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const idle = self.get('(idle)') ?? 0;
  const lines = [`  sampled ${total.toFixed(0)} ms, of which idle ${idle.toFixed(0)} ms`, '  self time:'];
  for (const [name, ms] of [...self].filter(([n]) => n !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  lines.push('  inclusive time:');
  for (const [name, ms] of [...inclusive].filter(([n]) => !['(root)', '(idle)', '(program)'].includes(n)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`    ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  }
  return lines.join('\n');
}

async function profiled<T>(cdp: CDPSession, name: string, fn: () => Promise<T>): Promise<T> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const file = path.join(tmpdir(), `threatstorm-${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`\n${name} (${file}):\n${summarizeProfile(profile)}`);
  return result;
}

const size = process.argv[2] === 'L' ? 'L' : 'M';
const root = process.argv[3] ?? RENDERER_ROOT;
const doc = buildWorkload(WORKLOADS.find((w) => w.name === size)!);
const browser = await launchBrowser();
const server = await startStaticServer({ root, port: 0 });
const problems: string[] = [];
try {
  const context = await newBenchContext(browser);
  await seedSession(context, server.url, doc, problems);
  const { page, cdp } = await newBenchPage(context, problems, size);
  const open = await profiled(cdp, `open-${size}`, () => measureOpen(browser, page, `${server.url}#/session/${doc.session.id}`));
  console.log('  open:', JSON.stringify(open));
  await profiled(cdp, `autosave-${size}`, () => rename(page));
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) console.log(problems.join('\n'));

async function rename(page: Page): Promise<void> {
  const title = page.getByRole('textbox', { name: 'Session title' });
  await title.fill('Profiled rename');
  await title.press('Enter');
  // The autosave fires 500 ms after the commit.
  await new Promise((resolve) => setTimeout(resolve, 700));
  await page.getByRole('status', { name: 'Save state' }).filter({ hasText: 'Saved' }).waitFor();
  await new Promise((resolve) => setTimeout(resolve, 300));
}
