/**
 * Runs one job in a worker and turns whatever happens into one outcome: done (with the result),
 * cancelled, or failed (with a message a person can read). Cancelling terminates the worker, so
 * the work stops where it is; the caller writes nothing unless the outcome is `done`.
 *
 * The worker is made by a factory passed in, so this logic runs in Node tests with a fake one.
 * When no worker can be made (or its script never starts), the job runs on the page instead:
 * slower to paint, but the same result, and a cancel still discards it.
 */
import type { JobOutcome, JobProgress, WorkerMessage } from './job-types.ts';
import { throttleProgress } from './progress-throttle.ts';

/** The two things a job needs of a worker; the real factory adapts a DOM `Worker`. */
export interface JobWorker {
  post(message: unknown): void;
  terminate(): void;
}

export interface WorkerEvents {
  /** A message from the worker (`WorkerMessage`, unchecked). */
  message(data: unknown): void;
  /** The worker failed outside the job's own error handling (its script did not load, say). */
  error(message: string): void;
}

export type WorkerFactory = (events: WorkerEvents) => JobWorker;

export interface JobHandle<T> {
  outcome: Promise<JobOutcome<T>>;
  /** Stops the job; its outcome is `cancelled` unless it had already ended. */
  cancel(): void;
}

export interface StartJobOptions<Request, Result> {
  /** Null when workers are unavailable: the job runs on the page. */
  createWorker: WorkerFactory | null;
  /** The same work for the page, used when no worker runs. */
  runInThread(request: Request, report: (progress: JobProgress) => void): Promise<Result>;
  onProgress?(progress: JobProgress): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function isWorkerMessage(data: unknown): data is WorkerMessage {
  const type = (data as { type?: unknown } | null)?.type;
  return type === 'progress' || type === 'result' || type === 'error';
}

export function startJob<Request, Result>(request: Request, options: StartJobOptions<Request, Result>): JobHandle<Result> {
  let settled = false;
  let worker: JobWorker | null = null;
  let heardFromWorker = false;
  let resolve!: (outcome: JobOutcome<Result>) => void;
  const outcome = new Promise<JobOutcome<Result>>((done) => (resolve = done));

  const settle = (result: JobOutcome<Result>) => {
    if (settled) return;
    settled = true;
    worker?.terminate();
    worker = null;
    resolve(result);
  };
  const progress = (value: JobProgress) => {
    if (!settled) options.onProgress?.(value);
  };

  const runHere = () => {
    worker?.terminate();
    worker = null;
    const report = throttleProgress(progress);
    // A microtask later, so `cancel` exists before any work starts.
    void Promise.resolve()
      .then(() => options.runInThread(request, report))
      .then(
        (value) => settle({ status: 'done', value }),
        (error: unknown) => settle({ status: 'failed', message: messageOf(error) }),
      );
  };

  const events: WorkerEvents = {
    message(data) {
      if (settled) return;
      heardFromWorker = true;
      if (!isWorkerMessage(data)) return settle({ status: 'failed', message: 'The background task sent something unexpected.' });
      if (data.type === 'progress') progress(data.progress);
      else if (data.type === 'result') settle({ status: 'done', value: data.value as Result });
      else settle({ status: 'failed', message: data.message });
    },
    error(message) {
      if (settled) return;
      // Not a word from it yet: the worker never started (script blocked or missing). Do it here.
      if (!heardFromWorker) return runHere();
      settle({ status: 'failed', message: `The background task stopped: ${message}` });
    },
  };

  if (options.createWorker) {
    try {
      worker = options.createWorker(events);
      worker.post(request);
    } catch {
      // No worker (none in this environment) or a request it cannot take: run on the page.
      runHere();
    }
  } else {
    runHere();
  }

  return { outcome, cancel: () => settle({ status: 'cancelled' }) };
}
