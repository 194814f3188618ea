/**
 * The `threatstorm` command line: validate session files, export them, and import threat models
 * from other tools, with the same code as
 * the app (`shared/`). `runCli` takes its file system and output as arguments so tests run it
 * in-process; `main` wires the real ones.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORT_FORMATS, findExportFormat, type AdoProcess } from '../shared/export/index.ts';
import { describeMapped, IMPORT_FORMAT_LABELS, importThreatModel, MAX_IMPORT_BYTES, type ImportReport } from '../shared/import/index.ts';
import { loadSessionDocument, runMigrations } from '../shared/migrations.ts';
import { sessionDocumentSchema, type SessionDocument } from '../shared/schema.ts';
import { describeIssues } from '../shared/validation.ts';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
const PROCESSES: readonly AdoProcess[] = ['agile', 'scrum', 'basic'];

export interface CliIo {
  /** Size in bytes, checked before reading so a huge file is never loaded. */
  fileSize(path: string): Promise<number>;
  readFile(path: string): Promise<Uint8Array>;
  /** Writes a file, creating missing parent directories. */
  writeFile(path: string, content: string, options?: { executable?: boolean }): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const USAGE = `Usage:
  threatstorm validate FILE
  threatstorm export FILE --format FORMAT [--out PATH] [--process agile|scrum|basic]
  threatstorm import FILE [--out PATH]
  threatstorm --help

validate  Checks a .threatstorm.json session file. Exit 0 when it is valid; exit 1 with one
          line per problem (where: what), e.g. "steps[5].label: must be at most 200 characters".
export    Writes the prioritized backlog in a tracker's import format.
          FORMAT: ${EXPORT_FORMATS.map((f) => f.id).join(', ')}
          Without --out a single-file format goes to standard output. With --out, PATH is the
          file to write, or a directory for formats that write several files (azure-devops,
          github) and whenever PATH ends with "/". --process picks the Azure DevOps work item types (default agile).

import    Turns an OWASP Threat Dragon v2 model or an AWS Threat Composer file (.tc.json) into a
          Threatstorm session: writes the .threatstorm.json to PATH (or standard output) and
          the report (what was mapped, skipped or changed) to standard error. Exit 1, writing
          nothing, when the file is not one of those formats or is damaged. Files up to 20 MB.

Session files up to 50 MB are read. Exit status: 0 on success, 1 on any problem.`;

class CliError extends Error {}

interface ParsedArgs {
  positionals: string[];
  format?: string;
  out?: string;
  process?: string;
  help: boolean;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], help: false };
  const takesValue: Record<string, 'format' | 'out' | 'process'> = { '--format': 'format', '-f': 'format', '--out': 'out', '-o': 'out', '--process': 'process' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = takesValue[name];
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

function describeFsError(path: string, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error)?.message ?? String(error);
  return `${path}: cannot read the file (${reason}).`;
}

type Loaded = { ok: true; document: SessionDocument; migratedFrom: number | null } | { ok: false; lines: string[] };

/** Reads, decodes, parses and validates a session file; every failure is a list of readable lines. */
export async function loadSessionFile(path: string, io: CliIo): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    const size = await io.fileSize(path);
    if (size > MAX_FILE_BYTES) {
      return { ok: false, lines: [`${path}: too large (${(size / 1024 / 1024).toFixed(1)} MB); session files are read up to 50 MB.`] };
    }
    bytes = await io.readFile(path);
  } catch (error) {
    return { ok: false, lines: [describeFsError(path, error)] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, lines: [`${path}: not a Threatstorm session: the file is not UTF-8 text.`] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, lines: [`${path}: not a Threatstorm session: not valid JSON (${(error as Error).message}).`] };
  }
  const loaded = loadSessionDocument(raw);
  if (loaded.ok) return { ok: true, document: loaded.document, migratedFrom: loaded.migratedFrom };
  if (loaded.details.length === 0) return { ok: false, lines: [`${path}: ${loaded.error}`] };
  // loadSessionDocument keeps its message short for the app; list every problem here.
  const migrated = runMigrations(raw);
  const parsed = migrated.ok ? sessionDocumentSchema.safeParse(migrated.doc) : null;
  const lines = parsed && !parsed.success ? describeIssues(parsed.error, Number.POSITIVE_INFINITY) : loaded.details;
  return { ok: false, lines };
}

async function validateCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new CliError('validate needs a FILE.');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}".`);
  const loaded = await loadSessionFile(file, io);
  if (!loaded.ok) {
    io.stderr(`${loaded.lines.join('\n')}\n`);
    return 1;
  }
  const doc = loaded.document;
  const upgraded = loaded.migratedFrom !== null ? ` (upgraded from format ${loaded.migratedFrom})` : '';
  io.stdout(
    `${file}: valid${upgraded}: ${doc.journeys.length} journeys, ${doc.steps.length} steps, ${doc.threats.length} threats, ` +
      `${doc.outcomes.length} outcomes, ${doc.mitigations.length} mitigations\n`,
  );
  return 0;
}

async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new CliError('export needs a FILE.');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}".`);
  if (!args.format) throw new CliError(`export needs --format (${EXPORT_FORMATS.map((f) => f.id).join(', ')}).`);
  const format = findExportFormat(args.format);
  if (!format) throw new CliError(`unknown format "${args.format}"; choose one of ${EXPORT_FORMATS.map((f) => f.id).join(', ')}.`);
  if (args.process !== undefined && !PROCESSES.includes(args.process as AdoProcess)) {
    throw new CliError(`unknown --process "${args.process}"; choose one of ${PROCESSES.join(', ')}.`);
  }

  const loaded = await loadSessionFile(file, io);
  if (!loaded.ok) {
    io.stderr(`${loaded.lines.join('\n')}\n`);
    return 1;
  }
  const result = format.run(loaded.document, { now: new Date(), ...(args.process ? { process: args.process as AdoProcess } : {}) });
  const { files, stats } = result;

  const written: string[] = [];
  if (args.out === undefined) {
    if (files.length !== 1) {
      throw new CliError(`${format.id} writes ${files.length} files (${files.map((f) => f.name).join(', ')}); give --out DIRECTORY.`);
    }
    io.stdout(files[0]!.content);
  } else {
    for (const f of files) {
      const intoDirectory = format.multiFile || /[\\/]$/.test(args.out);
      const path = intoDirectory ? join(args.out, f.name) : args.out;
      try {
        await io.writeFile(path, f.content, { executable: f.name.endsWith('.sh') });
      } catch (error) {
        io.stderr(`${path}: cannot write the file (${(error as Error).message}).\n`);
        return 1;
      }
      written.push(path);
    }
  }
  const notes: string[] = [];
  if (stats.neutralized > 0) notes.push(`${stats.neutralized} cell${stats.neutralized === 1 ? '' : 's'} made formula-safe`);
  if (stats.truncated > 0) {
    notes.push(
      format.id === 'threat-composer'
        ? `${stats.truncated} text${stats.truncated === 1 ? '' : 's'} cut to Threat Composer's length limits (the full text is kept in custom metadata)`
        : `${stats.truncated} cell${stats.truncated === 1 ? '' : 's'} cut at 32,767 characters`,
    );
  }
  io.stderr(
    `threatstorm: exported ${stats.rows} row${stats.rows === 1 ? '' : 's'} as ${format.id}` +
      `${written.length > 0 ? ` to ${written.join(', ')}` : ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}\n`,
  );
  io.stderr(result.summary.notes.map((note) => `  ${note}\n`).join(''));
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

async function importCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new CliError('import needs a FILE.');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}".`);
  if (args.format !== undefined || args.process !== undefined) throw new CliError('import takes only FILE and --out PATH.');
  let bytes: Uint8Array;
  try {
    const size = await io.fileSize(file);
    if (size > MAX_IMPORT_BYTES) {
      io.stderr(`${file}: too large (${(size / 1024 / 1024).toFixed(1)} MB); models are imported up to 20 MB.\n`);
      return 1;
    }
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`${describeFsError(file, error)}\n`);
    return 1;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.stderr(`${file}: not a threat model: the file is not UTF-8 text.\n`);
    return 1;
  }
  const result = importThreatModel(text, { fileName: file, now: new Date() });
  if (!result.ok) {
    io.stderr(`${[`${file}: ${result.message}`, ...result.details.map((d) => `  ${d}`)].join('\n')}\n`);
    return 1;
  }
  const content = `${JSON.stringify(result.document, null, 2)}\n`;
  if (args.out === undefined) io.stdout(content);
  else {
    try {
      await io.writeFile(args.out, content);
    } catch (error) {
      io.stderr(`${args.out}: cannot write the file (${(error as Error).message}).\n`);
      return 1;
    }
  }
  const where = args.out === undefined ? '' : ` to ${args.out}`;
  io.stderr(
    `${[`threatstorm: imported ${file} (${IMPORT_FORMAT_LABELS[result.format]})${where} as “${result.document.session.title}”`, ...formatImportReport(result.report)].join('\n')}\n`,
  );
  return 0;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    const command = args.positionals[0];
    if (args.help || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (command === undefined) {
      io.stderr(`${USAGE}\n`);
      return 1;
    }
    if (command === 'validate') return await validateCommand(args, io);
    if (command === 'export') return await exportCommand(args, io);
    if (command === 'import') return await importCommand(args, io);
    throw new CliError(`unknown command "${command}"; use validate, export or import (see --help).`);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`threatstorm: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export const nodeIo: CliIo = {
  async fileSize(path) {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return info.size;
  },
  readFile: (path) => readFile(path),
  async writeFile(path, content, options) {
    await mkdir(dirname(resolve(path)), { recursive: true });
    await writeFile(path, content, { encoding: 'utf8', mode: options?.executable ? 0o755 : 0o644 });
  },
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return runCli(argv, nodeIo);
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
