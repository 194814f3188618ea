/**
 * Scaling row for the walk order (issue 17 item 6): a journey of n steps in two-step loops, as in
 * the red-team file that froze the page for 9.5 s at 2,000 steps and 232 s at 6,000. At n and 2n
 * the time must grow about linearly.
 */
import type { SessionDocument } from '../../shared/schema.ts';
import { walkOrder } from '../../shared/workshop-ops.ts';
import type { ScalingRow } from './import-scaling.ts';

function loops(n: number): Pick<SessionDocument, 'steps' | 'flows'> {
  const steps = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    journeyId: 'j',
    kind: 'action' as const,
    label: `Step ${i}`,
    description: '',
    actor: '',
    dataTags: [],
    position: { x: (i * 37) % 5000, y: Math.floor(i / 50) * 80 },
  }));
  const flows = steps.flatMap((step, i) => [
    { id: `f${i}`, journeyId: 'j', source: step.id, target: `s${(i + 1) % n}`, label: '', crossesTrustBoundary: false },
    { id: `g${i}`, journeyId: 'j', source: `s${(i + 1) % n}`, target: step.id, label: '', crossesTrustBoundary: false },
  ]);
  return { steps, flows };
}

function time(n: number, runs = 3): { n: number; bytes: number; ms: number; checks: number; warnings: string[] } {
  const doc = loops(n);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    walkOrder(doc, 'j');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { n, bytes: 0, ms: times[runs >> 1]!, checks: 0, warnings: [] };
}

export function walkScaling(n = 6_000): ScalingRow {
  const small = time(n);
  const large = time(2 * n);
  return { shape: 'walk-loops', label: 'walk order of looped steps', small, large, timeRatio: large.ms / small.ms };
}
