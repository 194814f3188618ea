/**
 * Long work with a progress dialog: `runWithProgress({ action, subject }, request)` runs a job in the job
 * worker and shows <ProgressDialog> if it takes longer than `SHOW_AFTER_MS` (quick jobs do not
 * flash a dialog). One job at a time. The caller acts on the outcome, and writes only on `done`.
 */
import { create } from 'zustand';
import type { JobOutcome, JobProgress, JobRequest, JobResult } from './job-types.ts';
import { startJob, type WorkerFactory } from './job-runner.ts';

export const SHOW_AFTER_MS = 300;

/** What the dialog is titled: "Importing" + "threat-model.json". */
export interface JobTitle {
  action: string;
  subject: string;
}

export interface RunningJob {
  id: number;
  title: JobTitle;
  progress: JobProgress;
  /** The dialog is up (the job has run longer than `SHOW_AFTER_MS`). */
  shown: boolean;
  cancel(): void;
}

export const useRunningJob = create<{ job: RunningJob | null }>()(() => ({ job: null }));

const createJobWorker: WorkerFactory = (events) => {
  const worker = new Worker(new URL('./jobs.worker.ts', import.meta.url), { type: 'module', name: 'threatstorm-job' });
  worker.onmessage = (event) => events.message(event.data);
  worker.onmessageerror = () => events.message({ type: 'error', message: 'The result could not be passed back from the background task.' });
  worker.onerror = (event) => {
    event.preventDefault();
    events.error(event.message || 'it could not start');
  };
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
};

let lastId = 0;

function update(id: number, patch: Partial<RunningJob>): void {
  const { job } = useRunningJob.getState();
  if (job?.id === id) useRunningJob.setState({ job: { ...job, ...patch } });
}

export function runWithProgress<R extends JobRequest>(title: JobTitle, request: R): Promise<JobOutcome<JobResult<R>>> {
  if (useRunningJob.getState().job) {
    return Promise.resolve({ status: 'failed', message: 'another long task is still running; wait for it to finish or cancel it.' });
  }
  const id = ++lastId;
  let cancel = () => {};
  useRunningJob.setState({ job: { id, title, progress: { phase: 'Starting' }, shown: false, cancel: () => cancel() } });
  const handle = startJob(request, {
    createWorker: typeof Worker === 'function' ? createJobWorker : null,
    // Only when no worker runs: the importers and exporters load on the page then, not before.
    runInThread: (job, report) => import('./perform-job.ts').then(({ performJob }) => performJob(job, report)),
    onProgress: (progress) => update(id, { progress }),
  });
  cancel = handle.cancel;
  const timer = setTimeout(() => update(id, { shown: true }), SHOW_AFTER_MS);
  return handle.outcome.then((outcome) => {
    clearTimeout(timer);
    if (useRunningJob.getState().job?.id === id) useRunningJob.setState({ job: null });
    return outcome as JobOutcome<JobResult<R>>;
  });
}
