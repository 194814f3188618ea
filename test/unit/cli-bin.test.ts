/**
 * The real `threatstorm` command on a real file system and a real terminal (issue #17, items
 * 8, 11 and 12; issue #15, item 8): pipes and devices are refused at once, a planted link is not
 * written through, a replaced file is announced, Ctrl+C/SIGTERM stop a long job promptly, and a
 * progress line shows on a terminal (a pty from util-linux `script`) and nowhere else.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankThreat } from '../../shared/threat-ops.ts';
import { checkoutSession } from './export-fixture.ts';

const BIN = join(process.cwd(), 'bin', 'threatstorm.mjs');
let dir: string;
let session: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-cli-bin-'));
  session = join(dir, 'session.threatstorm.json');
  writeFileSync(session, JSON.stringify(checkoutSession()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bin with a hard timeout: a hang fails the test instead of stalling the run. */
function run(args: string[], timeout = 20_000) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout, killSignal: 'SIGKILL' });
  return { ...result, ms: Date.now() - started };
}

describe('threatstorm reads only regular files', () => {
  it('refuses a FIFO at once (it used to wait forever and ignore SIGTERM)', () => {
    const fifo = join(dir, 'pipe.threatstorm.json');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['validate', fifo], ['import', fifo], ['export', fifo, '--format', 'csv']]) {
      const result = run(args);
      expect(result.signal, args.join(' ')).toBeNull();
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`${fifo}: not a regular file (it is a named pipe); threatstorm reads only files.\n`);
    }
  }, 60_000);

  it('refuses /dev/zero without reading it (it used to read gigabytes)', () => {
    const result = run(['validate', '/dev/zero']);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('/dev/zero: not a regular file (it is a device); threatstorm reads only files.\n');
  }, 30_000);
});

describe('threatstorm writes safely', () => {
  it('does not write through a symbolic link planted at --out, and changes nothing', () => {
    const secret = join(dir, 'id_rsa');
    writeFileSync(secret, 'PRIVATE');
    chmodSync(secret, 0o600);
    const out = join(dir, 'backlog.csv');
    symlinkSync(secret, out);
    const result = run(['export', session, '--format', 'csv', '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${out}: cannot write the file (it is a symbolic link; threatstorm does not write through links`);
    expect(result.stderr).toContain('nothing was written');
    expect(readFileSync(secret, 'utf8')).toBe('PRIVATE');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
  }, 30_000);

  it('replaces an existing file whole and says so', () => {
    const out = join(dir, 'replace.csv');
    writeFileSync(out, 'old export');
    const result = run(['export', session, '--format', 'csv', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`threatstorm: exported 12 rows as csv to ${out}\nthreatstorm: replaced the existing ${out}\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFID,/);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  }, 30_000);
});

describe('threatstorm export --out on a real disk', () => {
  it('writes backlog.csv as a file for Azure DevOps, and refuses an existing folder of that name', () => {
    const out = join(dir, 'ado-backlog.csv');
    const result = run(['export', session, '--format', 'azure-devops', '--out', out]);
    expect(result.status).toBe(0);
    expect(statSync(out).isFile()).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/^ID,Work Item Type,Title 1/);

    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    const refused = run(['export', session, '--format', 'azure-devops', '--out', folder]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${folder} is a folder. End the path with "/" to write into it`);
    expect(readdirSync(folder)).toEqual([]);
  }, 30_000);
});

/** Runs the bin on a pseudo-terminal; resolves the bin's pid once `ready` shows in the output. */
function onTerminal(args: string[], ready?: RegExp) {
  const command = [process.execPath, BIN, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, COLUMNS: '120', TERM: 'xterm' } });
  let output = '';
  let seen: () => void = () => undefined;
  const readySeen = new Promise<void>((resolve) => (seen = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (ready?.test(output)) seen();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, readySeen, output: () => output };
}

/** The pid of the bin's node process under `script` (and possibly a shell). */
function binPid(rootPid: number): number {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = table.split('\n').map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter((m) => m !== null);
  const family = new Set([rootPid]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [, pid, ppid] of rows) if (family.has(Number(ppid)) && !family.has(Number(pid))) changed = family.add(Number(pid)) !== undefined;
  }
  const bin = rows.find(([, pid, , args]) => family.has(Number(pid)) && args!.includes('threatstorm.mjs') && !args!.startsWith('script'));
  if (!bin) throw new Error('the threatstorm process was not found');
  return Number(bin[1]);
}

describe('long jobs on a terminal', () => {
  let big: string;
  beforeAll(() => {
    // About 16 MB and 49,000 threats: a few seconds of synchronous checking, ranking and writing.
    const doc = checkoutSession();
    for (let i = 0; i < 49_000; i++) {
      doc.threats.push(blankThreat({ type: 'step', id: doc.steps[i % doc.steps.length]!.id }, { id: `bt${i}`, title: `Threat ${i} of a long session`, likelihood: 3, impact: 4 }));
    }
    big = join(dir, 'big.threatstorm.json');
    writeFileSync(big, JSON.stringify(doc));
  });

  it('shows a progress line on stderr and clears it at the end', async () => {
    const job = onTerminal(['export', big, '--format', 'jira', '--out', join(dir, 'big.csv')]);
    expect(await job.exited).toBe(0);
    const output = job.output();
    expect(output).toContain('threatstorm: Checking 49,012 threats and 5 steps…');
    expect(output).toContain('threatstorm: Writing Jira (CSV, with epics): ');
    // The last progress line is erased before the summary is written.
    const summary = output.indexOf('threatstorm: exported');
    expect(output.lastIndexOf('\r\x1b[K', summary)).toBeGreaterThan(output.lastIndexOf('…', summary));
    expect(output.slice(summary)).not.toContain('\x1b[K');
  }, 60_000);

  it('writes no progress at all when stderr is not a terminal', () => {
    const result = run(['validate', big], 60_000);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\x1b');
    expect(result.stdout).not.toContain('\r');
  }, 60_000);

  it('stops promptly on SIGTERM in the middle of the work, writing nothing', async () => {
    const out = join(dir, 'stopped.csv');
    const job = onTerminal(['export', big, '--format', 'jira', '--out', out], /Ranking the backlog|Writing Jira/);
    await Promise.race([job.readySeen, job.exited]);
    const pid = binPid(job.child.pid!);
    const signalled = Date.now();
    process.kill(pid, 'SIGTERM');
    await job.exited;
    expect(Date.now() - signalled).toBeLessThan(1500);
    expect(job.output()).not.toContain('threatstorm: exported');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  }, 60_000);
});
