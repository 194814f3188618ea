/**
 * The job runner with a fake worker: progress goes to the caller, the result arrives once, a
 * cancel terminates the worker and yields `cancelled` (and a late result is dropped), worker
 * errors become a message, and without a worker the job runs in the thread.
 */
import { describe, expect, it, vi } from 'vitest';
import { startJob, type WorkerEvents, type WorkerFactory } from '../../renderer/jobs/job-runner.ts';
import type { JobProgress } from '../../renderer/jobs/job-types.ts';
import { throttleProgress } from '../../renderer/jobs/progress-throttle.ts';

function fakeWorker(options: { failOnPost?: boolean } = {}) {
  const fake = { events: null as WorkerEvents | null, posted: [] as unknown[], terminated: 0 };
  const factory: WorkerFactory = (events) => {
    fake.events = events;
    return {
      post(message) {
        if (options.failOnPost) throw new Error('DataCloneError');
        fake.posted.push(message);
      },
      terminate() {
        fake.terminated += 1;
      },
    };
  };
  return { fake, factory };
}

const never = () => new Promise<string>(() => {});

describe('startJob with a worker', () => {
  it('posts the request and forwards the worker’s progress to the caller', async () => {
    const { fake, factory } = fakeWorker();
    const seen: JobProgress[] = [];
    const runInThread = vi.fn(never);
    const handle = startJob({ kind: 'x' }, { createWorker: factory, runInThread, onProgress: (p) => seen.push(p) });
    expect(fake.posted).toEqual([{ kind: 'x' }]);
    fake.events!.message({ type: 'progress', progress: { phase: 'Reading the file', done: 10, total: 100, unit: 'bytes' } });
    fake.events!.message({ type: 'progress', progress: { phase: 'Checking the file' } });
    fake.events!.message({ type: 'result', value: 'the result' });
    expect(await handle.outcome).toEqual({ status: 'done', value: 'the result' });
    expect(seen).toEqual([{ phase: 'Reading the file', done: 10, total: 100, unit: 'bytes' }, { phase: 'Checking the file' }]);
    expect(runInThread).not.toHaveBeenCalled();
  });

  it('terminates the worker once the result is in, and ignores anything after it', async () => {
    const { fake, factory } = fakeWorker();
    const onProgress = vi.fn();
    const handle = startJob('request', { createWorker: factory, runInThread: never, onProgress });
    fake.events!.message({ type: 'result', value: 1 });
    fake.events!.message({ type: 'progress', progress: { phase: 'late' } });
    fake.events!.message({ type: 'result', value: 2 });
    handle.cancel();
    expect(await handle.outcome).toEqual({ status: 'done', value: 1 });
    expect(fake.terminated).toBe(1);
    expect(onProgress).not.toHaveBeenCalled();
  });

  it('cancel terminates the worker and yields cancelled; a result arriving later is dropped', async () => {
    const { fake, factory } = fakeWorker();
    const onProgress = vi.fn();
    const handle = startJob('request', { createWorker: factory, runInThread: never, onProgress });
    fake.events!.message({ type: 'progress', progress: { phase: 'Converting 5,000 threats' } });
    handle.cancel();
    expect(fake.terminated).toBe(1);
    fake.events!.message({ type: 'progress', progress: { phase: 'after the cancel' } });
    fake.events!.message({ type: 'result', value: 'too late' });
    handle.cancel();
    expect(await handle.outcome).toEqual({ status: 'cancelled' });
    expect(fake.terminated).toBe(1);
    expect(onProgress).toHaveBeenCalledTimes(1);
  });

  it('turns an error the job reported into a failure with its message', async () => {
    const { fake, factory } = fakeWorker();
    const handle = startJob('request', { createWorker: factory, runInThread: never });
    fake.events!.message({ type: 'progress', progress: { phase: 'Checking the file' } });
    fake.events!.message({ type: 'error', message: 'There is no export format "nope".' });
    expect(await handle.outcome).toEqual({ status: 'failed', message: 'There is no export format "nope".' });
    expect(fake.terminated).toBe(1);
  });

  it('reports a worker that dies mid-job as a failure that says so', async () => {
    const { fake, factory } = fakeWorker();
    const runInThread = vi.fn(never);
    const handle = startJob('request', { createWorker: factory, runInThread });
    fake.events!.message({ type: 'progress', progress: { phase: 'Checking the file' } });
    fake.events!.error('out of memory');
    expect(await handle.outcome).toEqual({ status: 'failed', message: 'The background task stopped: out of memory' });
    expect(runInThread).not.toHaveBeenCalled();
    expect(fake.terminated).toBe(1);
  });

  it('refuses a message that is not one of ours', async () => {
    const { fake, factory } = fakeWorker();
    const handle = startJob('request', { createWorker: factory, runInThread: never });
    fake.events!.message({ hello: 'world' });
    expect(await handle.outcome).toEqual({ status: 'failed', message: 'The background task sent something unexpected.' });
  });
});

describe('startJob without a worker', () => {
  const work = async (request: string, report: (p: JobProgress) => void) => {
    report({ phase: 'Working', done: 1, total: 1, unit: 'items' });
    return `did ${request}`;
  };

  it('runs the job in the thread when there is no worker factory', async () => {
    const seen: JobProgress[] = [];
    const handle = startJob('it', { createWorker: null, runInThread: work, onProgress: (p) => seen.push(p) });
    expect(await handle.outcome).toEqual({ status: 'done', value: 'did it' });
    expect(seen).toEqual([{ phase: 'Working', done: 1, total: 1, unit: 'items' }]);
  });

  it('runs the job in the thread when the worker cannot be created', async () => {
    const handle = startJob('it', {
      createWorker: () => {
        throw new ReferenceError('Worker is not defined');
      },
      runInThread: work,
    });
    expect(await handle.outcome).toEqual({ status: 'done', value: 'did it' });
  });

  it('runs the job in the thread when the worker cannot take the request', async () => {
    const { fake, factory } = fakeWorker({ failOnPost: true });
    const handle = startJob('it', { createWorker: factory, runInThread: work });
    expect(await handle.outcome).toEqual({ status: 'done', value: 'did it' });
    expect(fake.terminated).toBe(1);
  });

  it('runs the job in the thread when the worker fails before saying anything (its script did not load)', async () => {
    const { fake, factory } = fakeWorker();
    const handle = startJob('it', { createWorker: factory, runInThread: work });
    fake.events!.error('Failed to load the worker script');
    expect(await handle.outcome).toEqual({ status: 'done', value: 'did it' });
    expect(fake.terminated).toBe(1);
  });

  it('a cancel while the job runs in the thread yields cancelled and drops its result', async () => {
    let finish!: (value: string) => void;
    const onProgress = vi.fn();
    const handle = startJob('it', {
      createWorker: null,
      runInThread: (_request, report) =>
        new Promise<string>((resolve) => {
          finish = (value) => {
            report({ phase: 'after the cancel' });
            resolve(value);
          };
        }),
      onProgress,
    });
    await Promise.resolve();
    await Promise.resolve();
    handle.cancel();
    finish('too late');
    expect(await handle.outcome).toEqual({ status: 'cancelled' });
    expect(onProgress).not.toHaveBeenCalled();
  });

  it('turns an exception of the job into a failure with its message', async () => {
    const handle = startJob('it', {
      createWorker: null,
      runInThread: async () => {
        throw new Error('the exporter broke');
      },
    });
    expect(await handle.outcome).toEqual({ status: 'failed', message: 'the exporter broke' });
  });
});

describe('throttleProgress', () => {
  it('passes new phases and the last step at once, other steps at most once per interval', () => {
    let now = 0;
    const posted: JobProgress[] = [];
    const report = throttleProgress((p) => posted.push(p), 100, () => now);
    report({ phase: 'Reading the file', done: 0, total: 300 });
    now = 10;
    report({ phase: 'Reading the file', done: 100, total: 300 });
    now = 120;
    report({ phase: 'Reading the file', done: 200, total: 300 });
    now = 130;
    report({ phase: 'Reading the file', done: 300, total: 300 });
    report({ phase: 'Checking the file' });
    expect(posted.map((p) => `${p.phase} ${p.done ?? ''}`)).toEqual(['Reading the file 0', 'Reading the file 200', 'Reading the file 300', 'Checking the file ']);
  });
});
