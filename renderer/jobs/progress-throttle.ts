/**
 * Fewer progress messages: a new phase and the last step of a countable one always go through,
 * anything else at most once per `intervalMs`. Reading a 10 MB file yields ~160 chunks, and
 * nobody needs 160 repaints of a bar to see it move.
 */
import type { JobProgress } from './job-types.ts';

export function throttleProgress(post: (progress: JobProgress) => void, intervalMs = 80, now: () => number = () => Date.now()): (progress: JobProgress) => void {
  let lastPhase: string | null = null;
  let lastAt = Number.NEGATIVE_INFINITY;
  return (progress) => {
    const at = now();
    const finished = progress.total !== undefined && progress.done === progress.total;
    if (progress.phase === lastPhase && !finished && at - lastAt < intervalMs) return;
    lastPhase = progress.phase;
    lastAt = at;
    post(progress);
  };
}
