/**
 * The jobs themselves (what the worker runs) and `runWithProgress`, in Node: no `Worker` here,
 * so the runner takes its in-thread path, the one the app falls back to.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { performJob } from '../../renderer/jobs/perform-job.ts';
import type { JobProgress, JobResults } from '../../renderer/jobs/job-types.ts';
import { runWithProgress, SHOW_AFTER_MS, useRunningJob } from '../../renderer/jobs/run-with-progress.ts';
import { describeAmount, percentOf } from '../../renderer/jobs/ProgressDialog.tsx';
import { serializeSession } from '../../renderer/session-files.ts';
import { workloadSession } from '../../tools/sample-sessions.ts';
import { summaryLines } from '../../shared/export/summary.ts';

const session = workloadSession({ steps: 40, threats: 120, outcomes: 20, mitigations: 30 });
const text = serializeSession(session);

function recorder() {
  const seen: JobProgress[] = [];
  return { seen, report: (p: JobProgress) => seen.push(p) };
}

describe('performJob', () => {
  it('imports a session file from text, saying what it checks', async () => {
    const { seen, report } = recorder();
    const result = (await performJob({ kind: 'import', fileName: 'big.threatstorm.json', source: { text } }, report)) as JobResults['import'];
    expect(result.ok && result.format).toBe('threatstorm');
    expect(result.ok && result.document.threats.length).toBe(120);
    expect(seen.map((p) => p.phase)).toEqual(['Checking the file', 'Checking 120 threats and 40 steps']);
  });

  it('reads a Blob in chunks and reports the bytes read', async () => {
    const { seen, report } = recorder();
    const blob = new Blob([text]);
    const result = (await performJob({ kind: 'open-session', fileName: 'big.threatstorm.json', source: { blob } }, report)) as JobResults['open-session'];
    expect(result.ok && result.document.session.id).toBe(session.session.id);
    const reading = seen.filter((p) => p.phase === 'Reading the file');
    expect(reading[0]).toEqual({ phase: 'Reading the file', done: 0, total: blob.size, unit: 'bytes' });
    expect(reading.at(-1)).toEqual({ phase: 'Reading the file', done: blob.size, total: blob.size, unit: 'bytes' });
    expect(seen.slice(reading.length).map((p) => p.phase)).toEqual(['Checking the file', 'Checking 120 threats and 40 steps']);
  });

  it('refuses a file that is not UTF-8 with a message, not an exception', async () => {
    const blob = new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]);
    const opened = (await performJob({ kind: 'open-session', fileName: 'latin1.json', source: { blob } }, () => {})) as JobResults['open-session'];
    expect(opened).toEqual({ ok: false, message: '"latin1.json" is not a UTF-8 text file.', details: [] });
    const imported = (await performJob({ kind: 'import', fileName: 'latin1.json', source: { blob } }, () => {})) as JobResults['import'];
    expect(imported).toMatchObject({ ok: false, message: '"latin1.json" is not a UTF-8 text file.' });
  });

  it('builds export files (the Markdown report with its journey pictures)', async () => {
    const { seen, report } = recorder();
    const result = (await performJob({ kind: 'export', formatId: 'markdown', document: session, process: 'agile', pictures: true }, report)) as JobResults['export'];
    expect(result.files.map((f) => f.name).some((name) => name.endsWith('.md'))).toBe(true);
    expect(result.files.some((f) => f.name.endsWith('.svg'))).toBe(true);
    expect(seen[0]!.phase).toBe('Ranking the backlog of 120 threats');
    expect(seen.slice(1)).toEqual([
      { phase: 'Writing Markdown report' },
      { phase: 'Writing Markdown report', done: 1, total: 1, unit: 'items' },
    ]);
    expect(result.summary.format).toBe('Markdown report');
  });

  it('counts the rows of a large export as it writes them, and returns the summary', async () => {
    const { seen, report } = recorder();
    const large = workloadSession({ steps: 200, threats: 1_200, outcomes: 100, mitigations: 900 });
    const result = (await performJob({ kind: 'export', formatId: 'jira', document: large, process: 'agile', pictures: false }, report)) as JobResults['export'];
    const writing = seen.filter((p) => p.phase === 'Writing Jira (CSV, with epics)' && p.total !== undefined);
    const total = result.stats.rows;
    expect(writing.length).toBeGreaterThanOrEqual(Math.floor(total / 250));
    expect(writing.every((p) => p.total === total && p.unit === 'items')).toBe(true);
    expect(writing.map((p) => p.done)).toEqual([...writing.map((p) => p.done!)].sort((a, b) => a - b));
    expect(writing.at(-1)!.done).toBe(total);
    expect(summaryLines(result.summary)[0]).toMatch(/^Jira \(CSV, with epics\): [\d,]+ backlog items in 1 file \(.+-jira\.csv\)\.$/);
  });

  it('throws for an unknown export format (the runner turns it into a message)', async () => {
    await expect(performJob({ kind: 'export', formatId: 'nope' as 'csv', document: session, process: 'agile', pictures: false }, () => {})).rejects.toThrow(
      'There is no export format "nope".',
    );
  });
});

describe('runWithProgress', () => {
  afterEach(() => {
    useRunningJob.getState().job?.cancel();
    vi.useRealTimers();
  });

  it('shows the job only after a moment, with its progress, and clears it when cancelled', async () => {
    vi.useFakeTimers();
    // A file whose reading never ends: the job stays at its first phase until cancelled.
    const stalled = { size: 10, stream: () => new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}) }) } as unknown as Blob;
    const outcome = runWithProgress({ action: 'Opening', subject: 'big.threatstorm.json' }, { kind: 'open-session', fileName: 'big.threatstorm.json', source: { blob: stalled } });
    expect(useRunningJob.getState().job).toMatchObject({ title: { action: 'Opening', subject: 'big.threatstorm.json' }, shown: false });
    await vi.advanceTimersByTimeAsync(SHOW_AFTER_MS - 1);
    expect(useRunningJob.getState().job).toMatchObject({ shown: false, progress: { phase: 'Reading the file', done: 0, total: 10, unit: 'bytes' } });
    await vi.advanceTimersByTimeAsync(1);
    expect(useRunningJob.getState().job?.shown).toBe(true);
    useRunningJob.getState().job!.cancel();
    expect(await outcome).toEqual({ status: 'cancelled' });
    expect(useRunningJob.getState().job).toBeNull();
  });

  it('a quick job is never shown', async () => {
    const outcome = await runWithProgress({ action: 'Exporting', subject: 'Generic CSV' }, { kind: 'export', formatId: 'csv', document: session, process: 'agile', pictures: false });
    expect(outcome.status === 'done' && outcome.value.stats.rows).toBeGreaterThan(0);
    expect(useRunningJob.getState().job).toBeNull();
  });

  it('cancel yields cancelled and no result; one job at a time', async () => {
    const first = runWithProgress({ action: 'Importing', subject: 'big.json' }, { kind: 'import', fileName: 'big.json', source: { text } });
    const second = await runWithProgress({ action: 'Importing', subject: 'other.json' }, { kind: 'import', fileName: 'other.json', source: { text } });
    expect(second).toEqual({ status: 'failed', message: 'another long task is still running; wait for it to finish or cancel it.' });
    useRunningJob.getState().job!.cancel();
    expect(await first).toEqual({ status: 'cancelled' });
    expect(useRunningJob.getState().job).toBeNull();
  });
});

describe('the progress dialog’s numbers', () => {
  it('says how far a countable job is, and nothing for one that is not', () => {
    expect(describeAmount({ phase: 'Reading the file', done: 3 * 1024 * 1024, total: 11 * 1024 * 1024, unit: 'bytes' })).toBe('3.0 of 11.0 MB');
    expect(describeAmount({ phase: 'Writing', done: 1200, total: 5000, unit: 'items' })).toBe('1,200 of 5,000');
    expect(describeAmount({ phase: 'Checking the file' })).toBe('');
    expect(percentOf({ phase: 'x', done: 1, total: 3 })).toBe(33);
    expect(percentOf({ phase: 'x', done: 0, total: 0 })).toBeNull();
    expect(percentOf({ phase: 'x' })).toBeNull();
  });
});
