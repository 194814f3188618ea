/**
 * The `threatstorm` command line: validate session files, export them, and import threat models
 * from other tools, with the same code as the app (`shared/`). `runCli` takes its file system and
 * streams as arguments so tests run it in-process; `main` wires the real ones.
 *
 * Everything it prints goes through `cli-output.ts` (control characters from files escaped);
 * files are read only when regular and within the app's size limits, and written without
 * following links, through temporary files (`cli-files.ts`). Long work is synchronous and left
 * to the default signal handling, so Ctrl+C stops it at once; only while files are being written
 * does the CLI catch the signal, to remove its temporary files before it stops.
 */
import { realpathSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { deriveBacklog, slugify } from '../shared/backlog.ts';
import { mitigationSuggestions } from '../shared/card-suggestions.ts';
import { findCard } from '../shared/decks/index.ts';
import { EXPORT_FORMATS, findExportFormat, type AdoProcess } from '../shared/export/index.ts';
import { describeMapped, IMPORT_FORMAT_LABELS, importThreatModel, MAX_IMPORT_BYTES, type ImportReport } from '../shared/import/index.ts';
import { plural } from '../shared/plural.ts';
import { loadSessionDocument, runMigrations } from '../shared/migrations.ts';
import { SESSION_FILE_EXTENSION, sessionDocumentSchema, type SessionDocument } from '../shared/schema.ts';
import { describeIssues } from '../shared/validation.ts';
import {
  FileReadError,
  FileWriteError,
  pathKind,
  readRegularFile,
  WriteCancelledError,
  writeFilesAtomically,
  type OutputFile,
  type PathKind,
  type WriteResult,
} from './cli-files.ts';
import { createCliOutput, type CliOutput, type TerminalStreams } from './cli-output.ts';
import { planOutputPaths, type ProducedFile } from './export-paths.ts';

/** The same limit as opening a session file in the app. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
const PROCESSES: readonly AdoProcess[] = ['agile', 'scrum', 'basic'];

export interface CliIo extends TerminalStreams {
  /**
   * The bytes of a regular file of at most `maxBytes`; throws `FileReadError` for anything else
   * (missing, a folder, a FIFO or device, too large), never reading past the limit.
   */
  readFile(path: string, maxBytes: number, onProgress?: (done: number, total: number) => void): Promise<Uint8Array>;
  /** What is at a path, without following a link there. */
  pathKind(path: string): Promise<PathKind>;
  /**
   * Writes every file, creating missing folders, or changes nothing: throws `FileWriteError`
   * (a link, folder or device at a target, a full disk…) or `WriteCancelledError`.
   */
  writeFiles(files: readonly OutputFile[], onProgress?: (done: number, total: number) => void): Promise<WriteResult>;
}

export const USAGE = `Usage:
  threatstorm validate FILE
  threatstorm export FILE --format FORMAT [--out PATH] [--process agile|scrum|basic]
                     [--include-below-threshold] [--include-not-scored]
  threatstorm import FILE [--out PATH]
  threatstorm --help

validate  Checks a .threatstorm.json session file. Exit 0 when it is valid; exit 1 with one
          line per problem (where: what), e.g. "steps[5].label: must be at most 200 characters".
export    Writes the prioritized backlog in a tracker's import format.
          FORMAT: ${EXPORT_FORMATS.map((f) => f.id).join(', ')}
          Without --out a single-file export goes to standard output. --out NAME writes exactly
          the file NAME; --out DIR/ (ending with "/") writes into the folder DIR. The GitHub
          export (a script and its data) always goes into a folder. When Azure DevOps must split
          a backlog (it imports at most 1,000 work items at a time), --out NAME.csv writes
          NAME-1.csv, NAME-2.csv, … beside each other. --process picks the Azure DevOps work
          item types (default agile). The ranked backlog is written; --include-below-threshold
          and --include-not-scored add the threats below the session's backlog threshold and
          those nobody scored yet, after it.
import    Turns an OWASP Threat Dragon v2 model or an AWS Threat Composer file (.tc.json) into a
          Threatstorm session: writes the .threatstorm.json to PATH (or standard output) and
          the report (what was mapped, skipped or changed) to standard error. Exit 1, writing
          nothing, when the file is not one of those formats or is damaged. Files up to 20 MB.

Session files up to 50 MB are read, and only regular files (not pipes or devices). Files are
written whole or not at all (through a temporary file), never through a symbolic link; an
existing file is replaced, and the CLI says so. Text from files is printed with control
characters escaped. Exit status: 0 on success, 1 on any problem, 130 when interrupted.`;

class CliError extends Error {}

interface ParsedArgs {
  positionals: string[];
  format?: string;
  out?: string;
  process?: string;
  includeBelowThreshold: boolean;
  includeNotScored: boolean;
  help: boolean;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], includeBelowThreshold: false, includeNotScored: false, help: false };
  const takesValue: Record<string, 'format' | 'out' | 'process'> = { '--format': 'format', '-f': 'format', '--out': 'out', '-o': 'out', '--process': 'process' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (arg === '--include-below-threshold' || arg === '--include-not-scored') {
      parsed[arg === '--include-not-scored' ? 'includeNotScored' : 'includeBelowThreshold'] = true;
      continue;
    }
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = Object.hasOwn(takesValue, name) ? takesValue[name] : undefined;
    if (key) {
      const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new CliError(`${name} needs a value.`);
      parsed[key] = value;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') throw new CliError(`unknown option "${arg}".`);
    parsed.positionals.push(arg);
  }
  return parsed;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One line for a file that could not be read; `what` names the kind of file and its limit. */
function describeReadError(path: string, error: unknown, limit: { bytes: number; what: string }): string {
  if (error instanceof FileReadError) {
    if (error.code === 'TOO_LARGE') return `${path}: too large (${megabytes(error.size ?? limit.bytes + 1)}); ${limit.what} up to ${Math.round(limit.bytes / 1024 / 1024)} MB.`;
    if (error.code === 'NOT_REGULAR') return `${path}: ${error.message}.`;
    return `${path}: cannot read the file (${error.message}).`;
  }
  return `${path}: cannot read the file (${(error as Error)?.message ?? String(error)}).`;
}

/** The file side of `CliIo`: commands get this, never the raw streams. */
type CliFiles = Pick<CliIo, 'readFile' | 'pathKind' | 'writeFiles'>;

/** What the commands get: the files, and the streams only behind the escaping boundary. */
interface Context {
  io: CliFiles;
  out: CliOutput;
}

/** The text of an input file, or the one line that says why there is none. */
async function readInput(path: string, ctx: Context, limit: { bytes: number; what: string; notText: string }): Promise<{ ok: true; text: string } | { ok: false; line: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await ctx.io.readFile(path, limit.bytes, (done, total) => ctx.out.progress(`Reading ${path}`, done, total, 'bytes'));
  } catch (error) {
    return { ok: false, line: describeReadError(path, error, limit) };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, line: `${path}: ${limit.notText}` };
  }
}

type Loaded = { ok: true; document: SessionDocument; migratedFrom: number | null } | { ok: false; lines: string[] };

const SESSION_LIMIT = { bytes: MAX_FILE_BYTES, what: 'session files are read', notText: 'not a Threatstorm session: the file is not UTF-8 text.' };
const IMPORT_LIMIT = { bytes: MAX_IMPORT_BYTES, what: 'models are imported', notText: 'not a threat model: the file is not UTF-8 text.' };

const listLength = (value: unknown, key: string): number => {
  const list = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list.length : 0;
};

/** Reads, decodes, parses and validates a session file; every failure is a list of readable lines. */
export async function loadSessionFile(path: string, io: CliFiles, out: CliOutput): Promise<Loaded> {
  const read = await readInput(path, { io, out }, SESSION_LIMIT);
  if (!read.ok) return { ok: false, lines: [read.line] };
  out.progress(`Parsing ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    return { ok: false, lines: [`${path}: not a Threatstorm session: not valid JSON (${(error as Error).message}).`] };
  }
  out.progress(`Checking ${plural(listLength(raw, 'threats'), 'threat')} and ${plural(listLength(raw, 'steps'), 'step')}`);
  const loaded = loadSessionDocument(raw);
  if (loaded.ok) return { ok: true, document: loaded.document, migratedFrom: loaded.migratedFrom };
  if (loaded.details.length === 0) return { ok: false, lines: [`${path}: ${loaded.error}`] };
  // loadSessionDocument keeps its message short for the app; list every problem here.
  const migrated = runMigrations(raw);
  const parsed = migrated.ok ? sessionDocumentSchema.safeParse(migrated.doc) : null;
  const lines = parsed && !parsed.success ? describeIssues(parsed.error, Number.POSITIVE_INFINITY) : loaded.details;
  return { ok: false, lines };
}

async function validateCommand(args: ParsedArgs, ctx: Context): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new CliError('validate needs a FILE.');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}".`);
  const loaded = await loadSessionFile(file, ctx.io, ctx.out);
  ctx.out.endProgress();
  if (!loaded.ok) {
    ctx.out.tell(loaded.lines);
    return 1;
  }
  const doc = loaded.document;
  const upgraded = loaded.migratedFrom !== null ? ` (upgraded from format ${loaded.migratedFrom})` : '';
  ctx.out.say(
    `${file}: valid${upgraded}: ${doc.journeys.length} journeys, ${doc.steps.length} steps, ${doc.threats.length} threats, ` +
      `${doc.outcomes.length} outcomes, ${doc.mitigations.length} mitigations`,
  );
  return 0;
}

/**
 * Writes planned files, or explains why nothing was written. Returns the lines to add to the
 * summary (replaced files), or null after telling the problem.
 */
async function writePlanned(files: readonly OutputFile[], ctx: Context): Promise<string[] | null> {
  let result: WriteResult;
  try {
    result = await ctx.io.writeFiles(files, (done, total) => ctx.out.progress('Writing files', done, total, 'items'));
  } catch (error) {
    ctx.out.endProgress();
    if (error instanceof WriteCancelledError) throw error;
    if (error instanceof FileWriteError) ctx.out.tell(`${error.path}: cannot write the file (${error.message}); nothing was written.`);
    else ctx.out.tell(`cannot write the files (${(error as Error)?.message ?? String(error)}); nothing was written.`);
    return null;
  }
  ctx.out.endProgress();
  return result.replaced.map((path) => `threatstorm: replaced the existing ${path}`);
}

async function exportCommand(args: ParsedArgs, ctx: Context): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new CliError('export needs a FILE.');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}".`);
  if (!args.format) throw new CliError(`export needs --format (${EXPORT_FORMATS.map((f) => f.id).join(', ')}).`);
  const format = findExportFormat(args.format);
  if (!format) throw new CliError(`unknown format "${args.format}"; choose one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}.`);
  if (args.process !== undefined && !PROCESSES.includes(args.process as AdoProcess)) {
    throw new CliError(`unknown --process "${args.process}"; choose one of ${PROCESSES.join(', ')}.`);
  }

  const loaded = await loadSessionFile(file, ctx.io, ctx.out);
  if (!loaded.ok) {
    ctx.out.endProgress();
    ctx.out.tell(loaded.lines);
    return 1;
  }
  const now = new Date();
  ctx.out.progress(`Ranking the backlog of ${plural(loaded.document.threats.length, 'threat')}`);
  const backlog = deriveBacklog(loaded.document, { now, suggestions: mitigationSuggestions(loaded.document.threats, findCard) });
  ctx.out.progress(`Writing ${format.label}: ${plural(backlog.items.length, 'item')}`);
  const result = format.run(loaded.document, {
    now,
    backlog,
    includeBelowThreshold: args.includeBelowThreshold,
    includeNotScored: args.includeNotScored,
    ...(args.process ? { process: args.process as AdoProcess } : {}),
  });
  const { files, stats } = result;

  const summary: string[] = [];
  /** The CLI said where the parts of a split export went (with their real paths): the summary's own split note would repeat it. */
  let splitTold = false;
  let written: string[] = [];
  if (args.out === undefined) {
    ctx.out.endProgress();
    if (files.length !== 1) {
      const hint = files.length > 1 && files.every((f) => f.name.endsWith('.csv')) ? 'give --out NAME.csv (numbered files beside it) or --out DIR/' : 'give --out DIRECTORY';
      throw new CliError(`${format.id} writes ${files.length} files (${files.map((f) => f.name).join(', ')}); ${hint}.`);
    }
    ctx.out.payload(files[0]!.content);
  } else {
    const plan = await planOutputPaths(files as readonly ProducedFile[], args.out, (path) => ctx.io.pathKind(path));
    if (!plan.ok) {
      ctx.out.endProgress();
      ctx.out.tell(`threatstorm: ${plan.message} Nothing was written.`);
      return 1;
    }
    const replaced = await writePlanned(plan.files, ctx);
    if (replaced === null) return 1;
    written = plan.files.map((f) => f.path);
    if (plan.split) {
      splitTold = true;
      const why = format.id === 'azure-devops' ? ' because Azure DevOps imports at most 1,000 work items at a time; import each file' : '';
      summary.push(`threatstorm: the export is split into ${files.length} files${why}: ${written.join(', ')}`);
    }
    if (plan.leftover) summary.push(`threatstorm: ${plan.leftover} is left from an earlier, longer export; it is not part of this one (delete it before importing)`);
    summary.push(...replaced);
  }
  const notes: string[] = [];
  if (stats.neutralized > 0) notes.push(`${plural(stats.neutralized, 'cell')} made formula-safe`);
  if (stats.truncated > 0) {
    notes.push(
      format.id === 'threat-composer'
        ? `${plural(stats.truncated, 'text')} cut to Threat Composer's length limits (the full text is kept in custom metadata)`
        : `${plural(stats.truncated, 'cell')} cut at 32,767 characters`,
    );
  }
  const where = written.length === 0 ? '' : written.length <= 3 ? ` to ${written.join(', ')}` : ` to ${plural(written.length, 'file')} (${written[0]} … ${written[written.length - 1]})`;
  ctx.out.tell([`threatstorm: exported ${plural(stats.rows, 'row')} as ${format.id}${where}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`, ...summary, ...result.summary.notes.filter((note) => !(splitTold && note === result.summary.splitNote)).map((note) => `  ${note}`)]);
  return 0;
}

/** The import report as plain lines for a terminal. */
export function formatImportReport(report: ImportReport): string[] {
  const counts = describeMapped(report.mapped);
  const lines = [`  mapped: ${counts.length > 0 ? counts.join(', ') : 'nothing'}`];
  if (report.skipped.length > 0) {
    lines.push(`  skipped (${report.skipped.length}):`);
    for (const item of report.skipped) lines.push(`    - ${item.what} at ${item.where}: ${item.reason}`);
  }
  if (report.warnings.length > 0) {
    lines.push(`  warnings (${report.warnings.length}):`);
    for (const warning of report.warnings) lines.push(`    - ${warning}`);
  }
  return lines;
}

async function importCommand(args: ParsedArgs, ctx: Context): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new CliError('import needs a FILE.');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}".`);
  if (args.format !== undefined || args.process !== undefined || args.includeBelowThreshold || args.includeNotScored) {
    throw new CliError('import takes only FILE and --out PATH.');
  }
  const read = await readInput(file, ctx, IMPORT_LIMIT);
  if (!read.ok) {
    ctx.out.endProgress();
    ctx.out.tell(read.line);
    return 1;
  }
  ctx.out.progress(`Parsing ${file}`);
  const result = importThreatModel(read.text, {
    fileName: file,
    now: new Date(),
    onParsed: (format) => ctx.out.progress(format === 'threatstorm' ? 'Checking the session' : `Converting the ${IMPORT_FORMAT_LABELS[format]} model`),
  });
  if (!result.ok) {
    ctx.out.endProgress();
    ctx.out.tell([`${file}: ${result.message}`, ...result.details.map((d) => `  ${d}`)]);
    return 1;
  }
  ctx.out.progress('Writing the session');
  const content = `${JSON.stringify(result.document, null, 2)}\n`;
  const replacedLines: string[] = [];
  let writtenTo: string | null = null;
  if (args.out === undefined) {
    ctx.out.endProgress();
    ctx.out.payload(content);
  } else {
    const name = `${slugify(result.document.session.title, 60) || 'session'}${SESSION_FILE_EXTENSION}`;
    const plan = await planOutputPaths([{ name, content }], args.out, (path) => ctx.io.pathKind(path));
    if (!plan.ok) {
      ctx.out.endProgress();
      ctx.out.tell(`threatstorm: ${plan.message} Nothing was written.`);
      return 1;
    }
    const replaced = await writePlanned(plan.files, ctx);
    if (replaced === null) return 1;
    replacedLines.push(...replaced);
    writtenTo = plan.files[0]!.path;
  }
  ctx.out.tell([
    `threatstorm: imported ${file} (${IMPORT_FORMAT_LABELS[result.format]})${writtenTo === null ? '' : ` to ${writtenTo}`} as “${result.document.session.title}”`,
    ...formatImportReport(result.report),
    ...replacedLines,
  ]);
  return 0;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // The only place the raw streams are handed on: to the boundary that escapes what they print.
  const out = createCliOutput(io);
  const ctx: Context = { io: { readFile: io.readFile, pathKind: io.pathKind, writeFiles: io.writeFiles }, out };
  try {
    const args = parseArgs(argv);
    const command = args.positionals[0];
    if (args.help || command === 'help') {
      out.say(USAGE.split('\n'));
      return 0;
    }
    if (command === undefined) {
      out.tell(USAGE.split('\n'));
      return 1;
    }
    if (command === 'validate') return await validateCommand(args, ctx);
    if (command === 'export') return await exportCommand(args, ctx);
    if (command === 'import') return await importCommand(args, ctx);
    throw new CliError(`unknown command "${command}"; use validate, export or import (see --help).`);
  } catch (error) {
    out.endProgress();
    if (error instanceof CliError) {
      out.tell(`threatstorm: ${error.message}`);
      return 1;
    }
    if (error instanceof WriteCancelledError) {
      out.tell('threatstorm: interrupted; nothing was written.');
      return error.exitCode;
    }
    // A bug of ours: still a message through the same escaping, never a raw stack of file text.
    out.tell(`threatstorm: unexpected error (please report it): ${(error as Error)?.message ?? String(error)}`);
    return 1;
  } finally {
    out.endProgress();
  }
}

/**
 * Catches SIGINT and SIGTERM only while files are being written, so a cancel removes the
 * temporary files instead of leaving them; at any other time the default handling ends the
 * process at once, even in the middle of a long synchronous import.
 */
async function writeWithSignals(files: readonly OutputFile[], onProgress?: (done: number, total: number) => void): Promise<WriteResult> {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    received = signal;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await writeFilesAtomically(files, { signal: controller.signal, ...(onProgress ? { onProgress } : {}) });
  } catch (error) {
    if (error instanceof WriteCancelledError && received) throw new WriteCancelledError(128 + osConstants.signals[received]);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function nodeIo(): CliIo {
  return {
    readFile: readRegularFile,
    pathKind,
    writeFiles: writeWithSignals,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
  };
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  // `threatstorm export … | head` closes the pipe early: that ends the output, not in a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return runCli(argv, nodeIo());
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await main();
}
