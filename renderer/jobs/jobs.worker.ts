/**
 * The job worker: one job per worker, then the page terminates it. Everything the job says goes
 * back as a `WorkerMessage`; nothing here touches storage or files.
 */
import type { JobRequest, WorkerMessage } from './job-types.ts';
import { performJob } from './perform-job.ts';
import { throttleProgress } from './progress-throttle.ts';

const scope = globalThis as unknown as {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<JobRequest>) => void) | null;
};

scope.onmessage = (event) => {
  const report = throttleProgress((progress) => scope.postMessage({ type: 'progress', progress }));
  performJob(event.data, report).then(
    (value) => scope.postMessage({ type: 'result', value }),
    (error: unknown) => scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
};
