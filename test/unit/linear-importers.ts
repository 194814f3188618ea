/**
 * Linear's own CSV importers (`@linear/import` 3.2.14, a dev dependency), for reading our Linear
 * and Jira exports the way Linear does: parsing only.
 *
 * The package is one bundled CLI (`dist/cli.cjs`) that starts its interactive import, and with it
 * calls to Linear's API, as soon as it is loaded, and it exports nothing else. So it is never
 * loaded: this file cuts the three source regions the bundler marked (`//#region
 * src/utils/parseInt.ts`, `…/jiraCsv/JiraCsvImporter.ts`, `…/linearCsv/LinearCsvImporter.ts`)
 * out of the bundle's text, checks that they name nothing that could reach a network (no
 * `require`, `fetch`, Linear's SDK, `process`), and runs them in a fresh `node:vm` context whose
 * only globals are the two parsing libraries they use: csvtojson (the CSV parser) and jira2md.
 * No network call can happen from there: the context has no `fetch`, no `require` and no module
 * loader, and both libraries are pure text transformers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const packageJson = createRequire(import.meta.url).resolve('@linear/import/package.json');
const fromPackage = createRequire(packageJson);
const VERSION = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
const bundle = readFileSync(join(dirname(packageJson), 'dist', 'cli.cjs'), 'utf8');

function region(path: string): string {
  const start = bundle.indexOf(`//#region ${path}\n`);
  const end = bundle.indexOf('//#endregion', start);
  if (start < 0 || end < 0) throw new Error(`@linear/import ${VERSION}: no region ${path} in dist/cli.cjs`);
  const code = bundle.slice(start, end);
  const reaching = /\brequire\b|\bfetch\b|node_fetch|__linear_sdk|\bprocess\b|\bimport\s*\(|\bglobalThis\b|\beval\b|\bFunction\b/.exec(code);
  if (reaching) throw new Error(`@linear/import ${VERSION}: ${path} uses "${reaching[0]}"; check it cannot reach the network before running it`);
  return code;
}

export interface ImportedIssue {
  title: string;
  description?: string;
  priority?: number;
  status?: string;
  labels: string[];
}

interface Importer {
  import(): Promise<{ issues: ImportedIssue[] }>;
}

type ImporterClass = new (filePath: string, ...rest: string[]) => Importer;

let classes: { LinearCsvImporter: ImporterClass; JiraCsvImporter: ImporterClass } | undefined;

function importers() {
  if (classes) return classes;
  if (VERSION !== '3.2.14') throw new Error(`expected @linear/import 3.2.14, found ${VERSION}: re-check the regions before trusting them`);
  const code = [region('src/utils/parseInt.ts'), region('src/importers/jiraCsv/JiraCsvImporter.ts'), region('src/importers/linearCsv/LinearCsvImporter.ts')].join('\n');
  const context = vm.createContext({ csvtojson: { default: fromPackage('csvtojson') }, jira2md: { default: fromPackage('jira2md') } });
  classes = vm.runInContext(`${code}\n({ LinearCsvImporter, JiraCsvImporter });`, context) as typeof classes;
  return classes!;
}

/** What Linear's "Linear (CSV)" importer makes of a CSV file on disk. */
export async function importLinearCsv(filePath: string): Promise<ImportedIssue[]> {
  return (await new (importers().LinearCsvImporter)(filePath).import()).issues;
}

/** What Linear's "Jira (CSV)" importer makes of a CSV file on disk. */
export async function importJiraCsv(filePath: string): Promise<ImportedIssue[]> {
  return (await new (importers().JiraCsvImporter)(filePath, 'example').import()).issues;
}
