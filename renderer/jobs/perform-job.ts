/**
 * The work itself, the same whether it runs in the job worker or (when no worker can be made)
 * on the page: read, check and convert a file, or build export files. Pure apart from reading a
 * Blob: it writes nothing anywhere; the caller stores or saves the result once it has it.
 */
import { deriveBacklog } from '../../shared/backlog.ts';
import { findExportFormat } from '../../shared/export/index.ts';
import { importThreatModel, IMPORT_FORMAT_LABELS, type ImportFormat } from '../../shared/import/index.ts';
import { plural } from '../../shared/plural.ts';
import { parseSessionFile } from '../session-files.ts';
import type { ExportJob, ImportJob, JobProgress, JobRequest, JobResults, JobSource, OpenSessionJob } from './job-types.ts';

type Report = (progress: JobProgress) => void;

const listLength = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/** Lets the page paint (and a cancel land) between phases when the job runs on the page. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class UnreadableFileError extends Error {}

/** The text of a source; a Blob is streamed so the bytes read can be shown, and must be UTF-8. */
export async function readSource(source: JobSource, fileName: string, report: Report): Promise<string> {
  if ('text' in source) return source.text;
  const total = source.blob.size;
  report({ phase: 'Reading the file', done: 0, total, unit: 'bytes' });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = source.blob.stream().getReader();
  const parts: string[] = [];
  let done = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      parts.push(decoder.decode(chunk.value, { stream: true }));
      done += chunk.value.byteLength;
      report({ phase: 'Reading the file', done, total, unit: 'bytes' });
    }
    parts.push(decoder.decode());
  } catch (error) {
    throw new UnreadableFileError(
      error instanceof TypeError ? `"${fileName}" is not a UTF-8 text file.` : `"${fileName}" could not be read (${(error as Error)?.message ?? error}).`,
    );
  }
  return parts.join('');
}

/** "Checking 5,000 threats and 1,000 steps": what the long step is about to go through. */
export function describeParsed(format: ImportFormat, value: unknown): string {
  if (format === 'threatstorm') {
    return `Checking ${plural(listLength(field(value, 'threats')), 'threat')} and ${plural(listLength(field(value, 'steps')), 'step')}`;
  }
  if (format === 'threat-composer') {
    const threats = Array.isArray(value) ? value.length : listLength(field(value, 'threats'));
    return `Converting ${plural(threats, 'threat')} from ${IMPORT_FORMAT_LABELS[format]}`;
  }
  let threats = 0;
  const diagrams = field(field(value, 'detail'), 'diagrams');
  for (const diagram of Array.isArray(diagrams) ? diagrams : []) {
    const cells = field(diagram, 'cells');
    for (const cell of Array.isArray(cells) ? cells : []) threats += Math.max(listLength(field(field(cell, 'data'), 'threats')), listLength(field(cell, 'threats')));
  }
  return `Converting ${plural(threats, 'threat')} from ${IMPORT_FORMAT_LABELS[format]}`;
}

/** The job's text, or what to tell the person when the file cannot be read. */
async function readText(job: ImportJob | OpenSessionJob, report: Report): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readSource(job.source, job.fileName, report);
  } catch (error) {
    if (error instanceof UnreadableFileError) return { ok: false, message: error.message };
    throw error;
  }
  report({ phase: 'Checking the file' });
  await breathe();
  return { ok: true, text };
}

async function importJob(job: ImportJob, report: Report): Promise<JobResults['import']> {
  const read = await readText(job, report);
  if (!read.ok) return { ok: false, format: null, message: read.message, details: [] };
  return importThreatModel(read.text, { fileName: job.fileName, onParsed: (format, value) => report({ phase: describeParsed(format, value) }) });
}

async function openSessionJob(job: OpenSessionJob, report: Report): Promise<JobResults['open-session']> {
  const read = await readText(job, report);
  if (!read.ok) return { ok: false, message: read.message, details: [] };
  return parseSessionFile(job.fileName, read.text, (raw) => report({ phase: describeParsed('threatstorm', raw) }));
}

async function exportJob(job: ExportJob, report: Report): Promise<JobResults['export']> {
  const format = findExportFormat(job.formatId);
  if (!format) throw new Error(`There is no export format "${job.formatId}".`);
  const doc = job.document;
  report({ phase: `Ranking the backlog of ${plural(doc.threats.length, 'threat')}` });
  await breathe();
  const backlog = deriveBacklog(doc, job.suggestions ? { suggestions: job.suggestions } : {});
  // The count (rows written, or journey pictures drawn for the report) shows as "1,250 of 5,012".
  const phase = `Writing ${format.label}`;
  report({ phase });
  await breathe();
  return format.run(doc, {
    backlog,
    process: job.process,
    pictures: job.pictures,
    includeBelowThreshold: job.includeBelowThreshold === true,
    includeNotScored: job.includeNotScored === true,
    onProgress: (done, total) => report({ phase, done, total, unit: 'items' }),
  });
}

export function performJob(request: JobRequest, report: Report): Promise<JobResults[JobRequest['kind']]> {
  switch (request.kind) {
    case 'import':
      return importJob(request, report);
    case 'open-session':
      return openSessionJob(request, report);
    case 'export':
      return exportJob(request, report);
  }
}
