/**
 * `npm run security`: runs Doyensec's Electronegativity over the Electron main/preload sources
 * (electron/*.ts), their bundles (dist/electron) and the built renderer (dist/renderer), reads
 * its SARIF report, and fails on any finding that `tools/electronegativity-allowlist.json` does
 * not justify with a reason. Electronegativity itself exits 0 whatever it finds, so this is the
 * gate.
 *
 * - Offline: Electronegativity's network check (AvailableSecurityFixesGlobalCheck, which asks
 *   GitHub for Electron releases) is excluded, and its translation download at start-up is
 *   answered locally: its HTTP client (`got`) is replaced before it loads, so no request can
 *   leave this machine.
 * - Honest: a file Electronegativity could not parse fails the gate (it would otherwise be
 *   silently unchecked), an allow-list entry that no longer matches a finding fails it, and a
 *   self-test first scans a deliberately insecure app and fails unless the usual findings come
 *   back through the same SARIF parsing.
 *
 * Exit codes: 0 clean (every finding justified), 1 unjustified findings or stale entries,
 * 2 Electronegativity could not run (with the reason).
 */
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWLIST_PATH = path.join(ROOT, 'tools', 'electronegativity-allowlist.json');
/** Checks that need the network; never run. */
const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  check: string;
  level: string;
  message: string;
  file: string;
  line: number;
}

export interface AllowEntry {
  check: string;
  /** File as reported (relative to the scanned tree); `*` matches any run of characters. */
  file: string;
  reason: string;
}

interface RunnerIssue {
  id: string;
  file: string;
  manualReview?: boolean;
  location: { line: number; column: number };
  severity: { name?: string; value: number };
  confidence: { name?: string; value: number };
}

interface RunnerResult {
  globalChecks: number;
  atomicChecks: number;
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  issues: RunnerIssue[];
}

type Runner = (options: Record<string, unknown>, forCli?: boolean) => Promise<RunnerResult>;

class CannotRun extends Error {}

/** Loads Electronegativity's runner with its HTTP client replaced, so it stays offline. */
function loadRunner(): { run: Runner; version: string; blockedRequests: string[] } {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('@doyensec/electronegativity/package.json');
  } catch (error) {
    throw new CannotRun(`@doyensec/electronegativity is not installed (${(error as Error).message}); run npm install.`);
  }
  const base = path.dirname(packageJson);
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const blockedRequests: string[] = [];
  const offline = (url: unknown) => {
    blockedRequests.push(String(url));
    // A 404-like answer: the translation loader keeps its bundled en-US strings.
    return Promise.resolve({ statusCode: 404, body: '' });
  };
  const gotPath = require.resolve('got', { paths: [base] });
  const stub = Object.assign(offline, { head: offline, get: offline, post: offline, extend: () => stub });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: stub } as unknown as NodeJS.Module;
  let run: Runner;
  try {
    run = require(path.join(base, 'dist', 'runner.js')) as Runner;
  } catch (error) {
    throw new CannotRun(`Electronegativity ${version} failed to load: ${(error as Error).message}`);
  }
  return { run, version, blockedRequests };
}

function electronVersion(): string {
  const require = createRequire(import.meta.url);
  try {
    return (require('electron/package.json') as { version: string }).version;
  } catch {
    const declared = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }).devDependencies?.['electron'];
    return (declared ?? '').replace(/^[^\d]*/, '');
  }
}

/** Findings from a SARIF 2.1.0 report. */
export function parseSarif(text: string): Finding[] {
  const sarif = JSON.parse(text) as {
    version?: string;
    runs?: Array<{
      results?: Array<{
        ruleId?: string;
        level?: string;
        message?: { text?: string };
        locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
      }>;
    }>;
  };
  if (sarif.version !== '2.1.0' || !Array.isArray(sarif.runs)) throw new CannotRun('Electronegativity wrote a report that is not SARIF 2.1.0.');
  return sarif.runs.flatMap((run) =>
    (run.results ?? []).map((result) => {
      const location = result.locations?.[0]?.physicalLocation;
      return {
        check: result.ruleId ?? '(no rule id)',
        level: result.level ?? 'warning',
        message: result.message?.text ?? '',
        // A finding about the app as a whole has no file: Electronegativity writes "file:///".
        file: !location?.artifactLocation?.uri || location.artifactLocation.uri === 'file:///' ? 'N/A' : location.artifactLocation.uri,
        line: location?.region?.startLine ?? 0,
      };
    }),
  );
}

function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

export function readAllowlist(text: string): { entries: AllowEntry[]; problems: string[] } {
  const problems: string[] = [];
  const raw = JSON.parse(text) as { entries?: unknown };
  const entries = Array.isArray(raw.entries) ? raw.entries : [];
  if (!Array.isArray(raw.entries)) problems.push('the allow-list has no "entries" list');
  const valid: AllowEntry[] = [];
  entries.forEach((entry: unknown, index) => {
    const e = entry as Partial<AllowEntry>;
    if (typeof e.check !== 'string' || typeof e.file !== 'string' || typeof e.reason !== 'string') {
      problems.push(`entries[${index}]: needs "check", "file" and "reason" strings`);
    } else if (e.reason.trim().length < 40) {
      problems.push(`entries[${index}] (${e.check} in ${e.file}): the reason is too short to justify anything`);
    } else valid.push(e as AllowEntry);
  });
  return { entries: valid, problems };
}

export function judge(findings: readonly Finding[], entries: readonly AllowEntry[]): { allowed: Array<[Finding, AllowEntry]>; refused: Finding[]; stale: AllowEntry[] } {
  const allowed: Array<[Finding, AllowEntry]> = [];
  const refused: Finding[] = [];
  const used = new Set<AllowEntry>();
  for (const finding of findings) {
    const entry = entries.find((candidate) => candidate.check === finding.check && matches(candidate.file, finding.file));
    if (entry) {
      allowed.push([finding, entry]);
      used.add(entry);
    } else refused.push(finding);
  }
  return { allowed, refused, stale: entries.filter((entry) => !used.has(entry)) };
}

/** Copies what ships into one tree, so the global checks (CSP, navigation) see the whole app. */
function stageApp(into: string): string[] {
  const missing = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].filter((file) => !existsSync(path.join(ROOT, file)));
  if (missing.length > 0) throw new CannotRun(`the build is missing (${missing.join(', ')}): run \`npm run build\` first (npm test does).`);
  cpSync(path.join(ROOT, 'package.json'), path.join(into, 'package.json'));
  mkdirSync(path.join(into, 'electron'));
  for (const file of readdirSync(path.join(ROOT, 'electron')).filter((name) => name.endsWith('.ts'))) {
    cpSync(path.join(ROOT, 'electron', file), path.join(into, 'electron', file));
  }
  // Electronegativity reads .js/.ts/.html only: the CommonJS bundles are scanned as .js.
  mkdirSync(path.join(into, 'dist', 'electron'), { recursive: true });
  for (const bundle of ['main', 'preload']) {
    cpSync(path.join(ROOT, 'dist', 'electron', `${bundle}.cjs`), path.join(into, 'dist', 'electron', `${bundle}.js`));
  }
  cpSync(path.join(ROOT, 'dist', 'renderer'), path.join(into, 'dist', 'renderer'), { recursive: true });
  return ['electron/*.ts', 'dist/electron/main.js', 'dist/electron/preload.js', 'dist/renderer'];
}

/** Electronegativity writes its report with a callback it does not wait for: wait for it here. */
async function readWhenWritten(file: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      try {
        JSON.parse(text);
        return text;
      } catch {
        // Still being written.
      }
    }
    if (Date.now() > deadline) throw new CannotRun(`Electronegativity did not write its SARIF report (${path.basename(file)}) within 10 s.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function scan(run: Runner, input: string, version: string): Promise<{ findings: Finding[]; result: RunnerResult }> {
  const sarifPath = path.join(input, '..', `${path.basename(input)}.sarif`);
  const result = await run(
    {
      input,
      output: sarifPath,
      isSarif: true,
      customScan: [],
      excludeFromScan: NETWORK_CHECKS,
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: version,
      parserPlugins: [],
    },
    false,
  );
  const findings = parseSarif(await readWhenWritten(sarifPath));
  if (findings.length !== result.issues.length) {
    throw new CannotRun(`the SARIF report lists ${findings.length} findings but Electronegativity returned ${result.issues.length}; the report format changed.`);
  }
  return { findings, result };
}

/** A deliberately insecure app: the gate must see its problems, or it proves nothing. */
async function selfTest(run: Runner, work: string, version: string): Promise<void> {
  const app = path.join(work, 'insecure-app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'insecure', main: 'main.js', devDependencies: { electron: version } }));
  writeFileSync(
    path.join(app, 'main.js'),
    [
      "const { app, BrowserWindow } = require('electron');",
      'app.whenReady().then(() => {',
      '  const win = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, webSecurity: false } });',
      '  const other = new BrowserWindow({ webPreferences: { nodeIntegration: true } });',
      "  win.loadURL('http://example.invalid/');",
      '});',
    ].join('\n'),
  );
  const { findings } = await scan(run, app, version);
  const expected = [
    'NODE_INTEGRATION_JS_CHECK',
    'CONTEXT_ISOLATION_JS_CHECK',
    'SANDBOX_JS_CHECK',
    'WEB_SECURITY_JS_CHECK',
    'HTTP_RESOURCES_JS_CHECK',
    'LIMIT_NAVIGATION_GLOBAL_CHECK',
    'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    'CSP_GLOBAL_CHECK',
  ];
  const missing = expected.filter((check) => !findings.some((finding) => finding.check === check));
  if (missing.length > 0) {
    throw new CannotRun(`self-test: Electronegativity did not report ${missing.join(', ')} on a deliberately insecure app, so its findings cannot be trusted.`);
  }
  const { refused } = judge(findings, readAllowlist(readFileSync(ALLOWLIST_PATH, 'utf8')).entries);
  if (refused.length < expected.length) throw new CannotRun('self-test: the allow-list excuses findings of a deliberately insecure app; make its file patterns narrower.');
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.min(60, Math.max(...rows.map((row) => row[column]!.length))));
  return rows.map((row) => row.map((cell, column) => (cell.length > 60 ? `${cell.slice(0, 59)}…` : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), 'threatstorm-electronegativity-'));
  try {
    const { run, version: toolVersion, blockedRequests } = loadRunner();
    const version = electronVersion();
    await selfTest(run, work, version);
    const app = path.join(work, 'threatstorm');
    mkdirSync(app);
    const scanned = stageApp(app);
    const { findings, result } = await scan(run, app, version);
    const broken = result.errors.filter((error) => !error.tolerable);
    const allowlist = readAllowlist(readFileSync(ALLOWLIST_PATH, 'utf8'));
    const { allowed, refused, stale } = judge(findings, allowlist.entries);

    console.log(
      `Electronegativity ${toolVersion}: ${result.atomicChecks} file checks and ${result.globalChecks} global checks over ${scanned.join(', ')}` +
        ` (Electron ${version}; excluded: ${NETWORK_CHECKS.join(', ')}, which needs the network).`,
    );
    if (blockedRequests.length > 0) console.log(`Answered locally, never sent: ${blockedRequests.length} request(s) Electronegativity tried (${blockedRequests.join(', ')}).`);
    if (findings.length > 0) {
      console.log(
        table([
          ['check', 'where', 'verdict'],
          ...allowed.map(([finding, entry]) => [finding.check, `${finding.file}:${finding.line}`, `justified: ${entry.reason}`]),
          ...refused.map((finding) => [finding.check, `${finding.file}:${finding.line}`, `NOT JUSTIFIED: ${finding.message}`]),
        ]),
      );
    }
    const failures = [
      ...allowlist.problems.map((problem) => `allow-list: ${problem}`),
      ...broken.map((error) => `${path.relative(app, error.file) || error.file} could not be parsed, so it was not checked: ${error.message}`),
      ...refused.map((finding) => `${finding.check} at ${finding.file}:${finding.line} is not justified in tools/electronegativity-allowlist.json: ${finding.message}`),
      ...stale.map((entry) => `allow-list entry ${entry.check} for ${entry.file} matches no finding any more: remove it`),
    ];
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (failures.length > 0) {
      console.error(`\nSecurity gate FAILED (${seconds} s):\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
      return 1;
    }
    console.log(`Security gate passed in ${seconds} s: ${findings.length} finding(s), each justified; ${allowlist.entries.length} allow-list entries, all in use.`);
    return 0;
  } catch (error) {
    if (error instanceof CannotRun) {
      console.error(`\n*** Security gate could not run Electronegativity: ${error.message} ***\n`);
      return 2;
    }
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
