/**
 * A stand-in for the GitHub CLI, for running create-issues.sh in tests with no network: a Node
 * script written as `gh` into a temporary bin folder placed first on PATH. It keeps the
 * repository's labels and issues in a JSON file, so a second run sees what the first created, and
 * it refuses what GitHub refuses (HTTP 422 in the real API):
 * - a label name over 50 characters, a label description over 100, a label that exists;
 * - an issue title that is empty or over 256 characters, a body over 65,536 characters, a label
 *   the repository lacks;
 * and it fails on purpose for the title in FAKE_GH_FAIL_TITLE (a network error, say) and for
 * `issue list` when FAKE_GH_LIST_FAIL is set. It supports exactly the calls the script makes and
 * fails loudly on anything else.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
}

export interface FakeRepo {
  labels: Record<string, string>;
  issues: FakeIssue[];
  /** Every call: its arguments, and the body read from stdin for `issue create`. */
  calls: { args: string[]; body?: string }[];
}

const FAKE_GH = String.raw`
const fs = require('node:fs');
const state = process.env.FAKE_GH_STATE;
const repo = JSON.parse(fs.readFileSync(state, 'utf8'));
const args = process.argv.slice(2);
const call = { args };
repo.calls.push(call);
const save = () => fs.writeFileSync(state, JSON.stringify(repo));
const chars = (text) => [...text].length;
const fail = (message, code = 1) => { save(); process.stderr.write(message + '\n'); process.exit(code); };
const flags = (list) => {
  const out = { labels: [] };
  for (let i = 0; i < list.length; i += 2) {
    const [flag, value] = [list[i], list[i + 1]];
    if (value === undefined) fail('unsupported arguments: ' + JSON.stringify(list), 2);
    if (flag === '--label') out.labels.push(value);
    else out[flag] = value;
  }
  return out;
};
if (args[0] === 'label' && args[1] === 'create') {
  const name = args[2];
  const f = flags(args.slice(3));
  if (Object.keys(f).some((k) => k !== 'labels' && k !== '--description')) fail('unsupported label flags', 2);
  if (chars(name) > 50) fail('HTTP 422: Validation Failed\nname is too long (maximum is 50 characters)');
  if (chars(f['--description'] ?? '') > 100) fail('HTTP 422: Validation Failed\ndescription is too long (maximum is 100 characters)');
  if (Object.hasOwn(repo.labels, name)) fail('label with name "' + name + '" already exists; use --force to update its color and description');
  repo.labels[name] = f['--description'] ?? '';
  save();
} else if (args[0] === 'issue' && args[1] === 'list') {
  if (JSON.stringify(args.slice(2)) !== JSON.stringify(['--state', 'all', '--limit', '100000', '--json', 'body', '--jq', '.[].body'])) fail('unsupported issue list: ' + JSON.stringify(args), 2);
  if (process.env.FAKE_GH_LIST_FAIL) fail('HTTP 401: Bad credentials');
  save();
  for (const issue of repo.issues) process.stdout.write(issue.body + '\n');
} else if (args[0] === 'issue' && args[1] === 'create') {
  const f = flags(args.slice(2));
  if (f['--body-file'] !== '-' || typeof f['--title'] !== 'string') fail('unsupported issue create: ' + JSON.stringify(args), 2);
  const body = fs.readFileSync(0, 'utf8');
  call.body = body;
  const title = f['--title'];
  if (title === process.env.FAKE_GH_FAIL_TITLE) fail('HTTP 502: Bad Gateway');
  if (chars(title) === 0 || chars(title) > 256) fail('HTTP 422: Validation Failed\ntitle is too long (maximum is 256 characters)');
  if (chars(body) > 65536) fail('HTTP 422: Validation Failed\nbody is too long (maximum is 65536 characters)');
  for (const label of f.labels) if (!Object.hasOwn(repo.labels, label)) fail("could not add label: '" + label + "' not found");
  const number = repo.issues.length + 1;
  repo.issues.push({ number, title, body, labels: f.labels });
  save();
  process.stdout.write('https://github.com/owner/repo/issues/' + number + '\n');
} else {
  fail('fake gh: unsupported call ' + JSON.stringify(args), 2);
}
`;

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
  repo: FakeRepo;
  /** The script's working folder (it should stay as it was). */
  work: string;
  home: string;
}

/** A sandbox with the fake gh: run a script in it as many times as needed, against one repository. */
export function fakeGhSandbox() {
  const root = mkdtempSync(join(tmpdir(), 'threatstorm-gh-'));
  const bin = join(root, 'bin');
  const work = join(root, 'work');
  const home = join(root, 'home');
  for (const dir of [bin, work, home]) mkdirSync(dir);
  writeFileSync(join(home, 'precious.txt'), 'keep me');
  writeFileSync(join(bin, 'gh'), `#!${process.execPath}\n${FAKE_GH}`);
  chmodSync(join(bin, 'gh'), 0o755);
  const state = join(root, 'repo.json');
  const empty: FakeRepo = { labels: {}, issues: [], calls: [] };
  writeFileSync(state, JSON.stringify(empty));
  const readRepo = () => JSON.parse(readFileSync(state, 'utf8')) as FakeRepo;
  return {
    work,
    home,
    readRepo,
    /** Issues the repository already has (say, edited on github.com, which stores CRLF line ends). */
    seed(issues: readonly Omit<FakeIssue, 'number'>[]) {
      const repo = readRepo();
      for (const issue of issues) repo.issues.push({ number: repo.issues.length + 1, ...issue });
      writeFileSync(state, JSON.stringify(repo));
    },
    /** Runs the script with `shell` (bash or sh); `env` adds FAKE_GH_FAIL_TITLE and the like. */
    run(script: string, shell: 'bash' | 'sh' = 'bash', env: Record<string, string> = {}): ScriptRun {
      writeFileSync(join(work, 'create-issues.sh'), script);
      const before = readRepo().calls.length;
      const result = spawnSync(shell, ['create-issues.sh'], {
        cwd: work,
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home, FAKE_GH_STATE: state, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const repo = readRepo();
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, repo: { ...repo, calls: repo.calls.slice(before) }, work, home };
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
