/**
 * What background jobs take, report and return. Everything here is plain data (strings, numbers,
 * Blobs, session documents), so it crosses `postMessage` to and from a worker unchanged.
 */
import type { AdoProcess, ExportFormatId, ExportResult } from '../../shared/export/index.ts';
import type { ImportResult } from '../../shared/import/index.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import type { ParsedSessionFile } from '../session-files.ts';

/** Text already in memory (the platform read it), or a file the job reads itself, in bytes. */
export type JobSource = { text: string } | { blob: Blob };

export type ImportJob = { kind: 'import'; fileName: string; source: JobSource };
export type OpenSessionJob = { kind: 'open-session'; fileName: string; source: JobSource };
export type ExportJob = {
  kind: 'export';
  formatId: ExportFormatId;
  document: SessionDocument;
  process: AdoProcess;
  pictures: boolean;
  /** Also write the items below the backlog threshold / not scored yet (after the ranked list). */
  includeBelowThreshold?: boolean;
  includeNotScored?: boolean;
  /** Card id → suggested mitigations (the page knows the decks; the worker does not load them). */
  suggestions?: ReadonlyMap<string, readonly string[]>;
};
export type JobRequest = ImportJob | OpenSessionJob | ExportJob;

export interface JobResults {
  import: ImportResult;
  'open-session': ParsedSessionFile;
  export: ExportResult;
}
export type JobResult<R extends JobRequest> = JobResults[R['kind']];

/** Where a job is, in words and (when the work is countable) in numbers. */
export interface JobProgress {
  /** What is happening: "Reading the file", "Checking 5,000 threats and 1,000 steps". */
  phase: string;
  /** Done out of total: the progress is determinate only when both are known. */
  done?: number;
  total?: number;
  unit?: 'bytes' | 'items';
}

/** Worker → page. */
export type WorkerMessage = { type: 'progress'; progress: JobProgress } | { type: 'result'; value: unknown } | { type: 'error'; message: string };

/** How a job ended for its caller: only `done` carries anything to write. */
export type JobOutcome<T> = { status: 'done'; value: T } | { status: 'cancelled' } | { status: 'failed'; message: string };

export function isDeterminate(progress: JobProgress): progress is JobProgress & { done: number; total: number } {
  return typeof progress.done === 'number' && typeof progress.total === 'number' && progress.total > 0;
}
