import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIssuesScript, exportGithub, heredocDelimiter, shellQuote, type GithubIssue } from '../../shared/export/github-issues.ts';
import { checkoutSession, HOSTILE_TITLES, hostileSession } from './export-fixture.ts';

const NOW = new Date(2026, 5, 15, 12);

/** A fake `gh` that logs each call: one "ARG <value>" line per argument, then the body from stdin. */
const FAKE_GH = `#!/bin/sh
{
  printf '%s\\n' '=== call'
  for a in "$@"; do printf 'ARG %s\\n' "$a"; done
  if [ "$1" = issue ]; then printf '%s\\n' '=== body'; cat; printf '%s\\n' '=== end'; fi
} >> "$FAKE_GH_LOG"
`;

interface Call {
  args: string[];
  body: string | null;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the script with `sh` in an empty temp dir, a fake gh first on PATH and HOME in a sandbox. */
function runScript(script: string): { status: number | null; calls: Call[]; work: string; home: string; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), 'threatstorm-gh-'));
  dirs.push(root);
  const bin = join(root, 'bin');
  const work = join(root, 'work');
  const home = join(root, 'home');
  for (const dir of [bin, work, home]) mkdirSync(dir);
  writeFileSync(join(home, 'precious.txt'), 'keep me');
  writeFileSync(join(bin, 'gh'), FAKE_GH);
  chmodSync(join(bin, 'gh'), 0o755);
  writeFileSync(join(work, 'create-issues.sh'), script);
  const log = join(root, 'gh.log');
  writeFileSync(log, '');
  const result = spawnSync('sh', ['create-issues.sh'], {
    cwd: work,
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home, FAKE_GH_LOG: log },
    encoding: 'utf8',
  });
  const calls: Call[] = [];
  const lines = readFileSync(log, 'utf8').split('\n');
  let current: Call | null = null;
  let body: string[] | null = null;
  for (const line of lines) {
    if (body) {
      if (line === '=== end') {
        current!.body = body.join('\n');
        body = null;
      } else body.push(line);
    } else if (line === '=== call') calls.push((current = { args: [], body: null }));
    else if (line === '=== body') body = [];
    else if (line.startsWith('ARG ')) current!.args.push(line.slice(4));
  }
  return { status: result.status, calls, work, home, stderr: result.stderr };
}

function argAfter(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (i > 0 && args[i - 1] === flag ? [a] : []));
}

describe('GitHub issues export', () => {
  it('writes issues.json with title, Markdown body with a checklist, and labels', () => {
    const { files, stats } = exportGithub(checkoutSession(), { now: NOW });
    expect(files.map((f) => [f.name, f.mime])).toEqual([
      ['issues.json', 'application/json'],
      ['create-issues.sh', 'text/x-shellscript'],
    ]);
    const issues = JSON.parse(files[0]!.content) as GithubIssue[];
    expect(stats.rows).toBe(10);
    expect(issues).toHaveLength(10);
    expect(Object.keys(issues[0]!)).toEqual(['title', 'body', 'labels']);
    expect(issues[0]!.title).toBe('Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)');
    expect(issues[0]!.labels).toEqual(['security', 'journey-checkout', 'severity-critical', 'stride-information-disclosure', 'stride-tampering', 'p1']);
    expect(issues[0]!.body).toContain('### Acceptance criteria\n\n- [ ] Card number never stored by us\n- [ ] Checkout page loads no third-party script');
    expect(issues[0]!.body).toContain('### Priority P1\n\nCritical risk on a critical journey · 3 votes · medium effort');
  });

  it('escapes Markdown so no raw HTML reaches GitHub', () => {
    const issues = JSON.parse(exportGithub(hostileSession(), { now: NOW }).files[0]!.content) as GithubIssue[];
    const bodies = issues.map((i) => i.body).join('\n');
    expect(bodies).not.toMatch(/<[a-z/]/i);
    expect(bodies).toContain('- [ ] &lt;b&gt;bold&lt;/b&gt; &amp; "quoted"');
    expect(bodies).toContain('- [ ] \\-starts with a dash');
  });

  it('quotes shell arguments so they stay one literal word', () => {
    expect(shellQuote('plain')).toBe("'plain'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
    expect(shellQuote('a\0b')).toBe("'a\uFFFDb'");
  });

  it('picks a here-document delimiter that no body line equals', () => {
    expect(heredocDelimiter('hello\nworld')).toBe('THREATSTORM_ISSUE_BODY');
    expect(heredocDelimiter('x\nTHREATSTORM_ISSUE_BODY\nTHREATSTORM_ISSUE_BODY_2\ny')).toBe('THREATSTORM_ISSUE_BODY_3');
  });

  it('runs with sh and a fake gh: titles like $(rm -rf ~), quotes and backticks arrive literally, nothing runs', () => {
    const { files } = exportGithub(hostileSession(), { now: NOW });
    const issues = JSON.parse(files[0]!.content) as GithubIssue[];
    const script = files[1]!.content;
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);

    const run = runScript(script);
    expect(run.stderr).not.toMatch(/not found|syntax error|unexpected/i);
    expect(run.status).toBe(0);

    const creates = run.calls.filter((c) => c.args[0] === 'issue');
    expect(creates).toHaveLength(issues.length);
    creates.forEach((call, i) => {
      expect(call.args.slice(0, 2)).toEqual(['issue', 'create']);
      expect(argAfter(call.args, '--title')).toEqual([issues[i]!.title]);
      expect(argAfter(call.args, '--label')).toEqual(issues[i]!.labels);
      expect(argAfter(call.args, '--body-file')).toEqual(['-']);
      expect(call.body).toBe(issues[i]!.body);
    });
    const titles = creates.map((c) => argAfter(c.args, '--title')[0]);
    const where = ' — Card skimming at Enter card → Payment processor (card details)';
    for (const original of HOSTILE_TITLES) {
      const title = original.replace(/\s+/g, ' ').trim();
      expect(titles).toContain(`Do: ${title}${where}`);
    }
    expect(titles).toContain(`Do: $(rm -rf ~)${where}`);
    expect(titles).toContain(`Do: it's a 'quote'${where}`);
    expect(titles).toContain(`Do: \`touch pwned\` and $HOME and \\n${where}`);

    // Labels are created before use.
    const labelCalls = run.calls.filter((c) => c.args[0] === 'label');
    expect(labelCalls.map((c) => c.args[2])).toEqual([...new Set(issues.flatMap((i) => i.labels))]);
    expect(run.calls.findIndex((c) => c.args[0] === 'issue')).toBe(labelCalls.length);

    // Nothing was executed: the sandboxed HOME is intact and no file appeared.
    expect(readFileSync(join(run.home, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(run.work, 'pwned'))).toBe(false);
    expect(readdirSync(run.work)).toEqual(['create-issues.sh']);
  });

  it('keeps a body intact even when it contains the here-document delimiter and shell syntax', () => {
    const body = 'first\nTHREATSTORM_ISSUE_BODY\n$(touch pwned) `touch pwned2` $HOME \\\nlast \'quote\'';
    const script = createIssuesScript([{ title: "x'; touch pwned3; '", body, labels: ['security'] }], 'Session $(touch pwned4)');
    const run = runScript(script);
    expect(run.status).toBe(0);
    const create = run.calls.find((c) => c.args[0] === 'issue')!;
    expect(create.body).toBe(body);
    expect(argAfter(create.args, '--title')).toEqual(["x'; touch pwned3; '"]);
    expect(readdirSync(run.work)).toEqual(['create-issues.sh']);
  });

  it('stops with a message when gh is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'threatstorm-nogh-'));
    dirs.push(root);
    writeFileSync(join(root, 'create-issues.sh'), createIssuesScript([{ title: 't', body: 'b', labels: [] }], 's'));
    const result = spawnSync('/bin/sh', ['create-issues.sh'], { cwd: root, env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the GitHub CLI (gh) is not installed');
  });
});
