import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRUNCATION_MARKER } from '../../shared/export/csv-safety.ts';
import { createIssuesScript, exportGithub, heredocDelimiter, markerOf, shellQuote, type GithubIssue } from '../../shared/export/github-issues.ts';
import { summaryLines } from '../../shared/export/summary.ts';
import { GITHUB_LIMITS } from '../../shared/export/tracker-limits.ts';
import { checkoutSession, HOSTILE_TITLES, hostileSession } from './export-fixture.ts';
import { fakeGhSandbox } from './fake-gh.ts';

const NOW = new Date(2026, 5, 15, 12);
/** Tests that run the script: each `gh` call starts a Node process, slow on a busy machine. */
const SCRIPT_TIMEOUT = 120_000;

const sandboxes: ReturnType<typeof fakeGhSandbox>[] = [];
function sandbox() {
  const box = fakeGhSandbox();
  sandboxes.push(box);
  return box;
}
const dirs: string[] = [];
afterEach(() => {
  for (const box of sandboxes.splice(0)) box.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function argAfter(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (i > 0 && args[i - 1] === flag ? [a] : []));
}

function exported(doc = checkoutSession()) {
  const result = exportGithub(doc, { now: NOW });
  return { ...result, issues: JSON.parse(result.files[0]!.content) as GithubIssue[], script: result.files[1]!.content };
}

/** The app's own template journey that broke the script: its label is 57 characters. */
const LONG_JOURNEY = 'Share a document with someone outside the company';

describe('GitHub issues export', () => {
  it('writes issues.json with title, Markdown body with a checklist, and labels', () => {
    const { files, stats, issues } = exported();
    expect(files.map((f) => [f.name, f.mime])).toEqual([
      ['issues.json', 'application/json'],
      ['create-issues.sh', 'text/x-shellscript'],
    ]);
    expect(stats.rows).toBe(10);
    expect(issues).toHaveLength(10);
    expect(Object.keys(issues[0]!)).toEqual(['title', 'body', 'labels']);
    expect(issues[0]!.title).toBe('Do: Tokenize card entry — Card skimming at Enter card → Payment processor (card details) (+1 more)');
    expect(issues[0]!.labels).toEqual(['security', 'journey-checkout', 'severity-critical', 'stride-information-disclosure', 'stride-tampering', 'p1']);
    expect(issues[0]!.body).toContain('### Acceptance criteria\n\n- [ ] Card number never stored by us\n- [ ] Checkout page loads no third-party script');
    expect(issues[0]!.body).toContain('### Priority P1\n\nCritical risk on a critical journey · 3 votes · medium effort');
  });

  it('starts every body with a hidden, stable marker of its backlog item', () => {
    const { issues } = exported();
    expect(issues[0]!.body.split('\n')[0]).toBe('<!-- threatstorm:item sess1/mitigation:m1 -->');
    expect(issues.map((i) => markerOf(i.body))).toEqual(issues.map((_, i) => markerOf(exported().issues[i]!.body)));
    expect(new Set(issues.map((i) => markerOf(i.body))).size).toBe(issues.length);
  });

  it('escapes Markdown so no raw HTML reaches GitHub', () => {
    const { issues } = exported(hostileSession());
    const bodies = issues.map((i) => i.body.split('\n').slice(1).join('\n')).join('\n');
    expect(bodies).not.toMatch(/<[a-z/!]/i);
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

  it.each(['bash', 'sh'] as const)('runs with %s and a gh that applies GitHub’s limits: hostile text arrives literally, nothing runs', (shell) => {
    const { issues, script } = exported(hostileSession());
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    const box = sandbox();
    const run = box.run(script, shell);
    expect(run.stderr).not.toMatch(/not found|syntax error|unexpected|unbound/i);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`created ${issues.length}, already there 0, failed 0`);

    const creates = run.repo.calls.filter((c) => c.args[0] === 'issue' && c.args[1] === 'create');
    expect(creates).toHaveLength(issues.length);
    creates.forEach((call, i) => {
      expect(argAfter(call.args, '--title')).toEqual([issues[i]!.title]);
      expect(argAfter(call.args, '--label')).toEqual(issues[i]!.labels);
      expect(argAfter(call.args, '--body-file')).toEqual(['-']);
      expect(call.body).toBe(`${issues[i]!.body}\n`);
    });
    const titles = run.repo.issues.map((issue) => issue.title);
    const where = ' — Card skimming at Enter card → Payment processor (card details)';
    for (const original of HOSTILE_TITLES) expect(titles).toContain(`Do: ${original.replace(/\s+/g, ' ').trim().replace(/@(?=\w)/, '@\u2060')}${where}`);
    expect(titles).toContain(`Do: $(rm -rf ~)${where}`);
    expect(titles).toContain(`Do: it's a 'quote'${where}`);
    expect(titles).toContain(`Do: \`touch pwned\` and $HOME and \\n${where}`);

    // One listing up front, then the labels, then the issues.
    expect(run.repo.calls[0]!.args.slice(0, 2)).toEqual(['issue', 'list']);
    expect(run.repo.calls.filter((c) => c.args[1] === 'list')).toHaveLength(1);
    const labelCalls = run.repo.calls.filter((c) => c.args[0] === 'label');
    expect(labelCalls.map((c) => c.args[2])).toEqual([...new Set(issues.flatMap((i) => i.labels))]);
    expect(run.repo.calls.findIndex((c) => c.args[1] === 'create' && c.args[0] === 'issue')).toBe(1 + labelCalls.length);

    // Nothing was executed: the sandboxed HOME is intact and no file appeared.
    expect(readFileSync(join(run.home, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(run.work, 'pwned'))).toBe(false);
    expect(readdirSync(run.work)).toEqual(['create-issues.sh']);
  }, SCRIPT_TIMEOUT);

  it('keeps a body intact even when it contains the here-document delimiter and shell syntax', () => {
    const body = '<!-- threatstorm:item s/k -->\nfirst\nTHREATSTORM_ISSUE_BODY\n$(touch pwned) `touch pwned2` $HOME \\\nlast \'quote\'';
    const script = createIssuesScript([{ title: "x'; touch pwned3; '", body, labels: ['security'] }], 'Session $(touch pwned4)');
    const run = sandbox().run(script, 'sh');
    expect(run.status).toBe(0);
    expect(run.repo.issues.map((i) => [i.title, i.body])).toEqual([["x'; touch pwned3; '", `${body}\n`]]);
    expect(readdirSync(run.work)).toEqual(['create-issues.sh']);
  }, SCRIPT_TIMEOUT);

  it.each(['bash', 'sh'] as const)('creates nothing twice: a second run with %s finds every issue and creates none', (shell) => {
    const { issues, script } = exported();
    const box = sandbox();
    const first = box.run(script, shell);
    expect(first.status).toBe(0);
    expect(first.repo.issues).toHaveLength(issues.length);
    const second = box.run(script, shell);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(`created 0, already there ${issues.length}, failed 0`);
    expect(second.repo.calls.filter((c) => c.args[0] === 'issue' && c.args[1] === 'create')).toEqual([]);
    expect(box.readRepo().issues).toHaveLength(issues.length);
    // A re-export of the same session (new script, same items) is recognised too.
    const third = box.run(exported().script, shell);
    expect(third.stderr).toContain(`created 0, already there ${issues.length}, failed 0`);
    expect(box.readRepo().issues).toHaveLength(issues.length);
  }, SCRIPT_TIMEOUT);

  it('goes on after a failed issue, reports it with a non-zero exit, and a re-run creates only what is missing', () => {
    const { issues, script } = exported();
    const victim = issues[3]!.title;
    const box = sandbox();
    const first = box.run(script, 'bash', { FAKE_GH_FAIL_TITLE: victim });
    expect(first.status).toBe(1);
    expect(first.stderr).toContain(`created ${issues.length - 1}, already there 0, failed 1`);
    expect(first.stderr).toContain(`These issues were not created (run the script again to retry them):\n  ${victim}\n`);
    expect(first.repo.issues.map((i) => i.title)).toEqual(issues.map((i) => i.title).filter((t) => t !== victim));

    const second = box.run(script, 'bash');
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(`created 1, already there ${issues.length - 1}, failed 0`);
    expect(second.repo.calls.filter((c) => c.args[1] === 'create' && c.args[0] === 'issue').map((c) => argAfter(c.args, '--title')[0])).toEqual([victim]);
    expect(box.readRepo().issues.map((i) => i.title).sort()).toEqual(issues.map((i) => i.title).sort());
  }, SCRIPT_TIMEOUT);

  it('recognises an issue whose text was edited on GitHub (CRLF line ends, text added below)', () => {
    const { issues, script } = exported();
    const box = sandbox();
    const edited = `${issues[2]!.body.replace(/\n/g, '\r\n')}\r\n\r\nEdited: owner is Bo.`;
    box.seed([{ title: `${issues[2]!.title} (renamed)`, body: edited, labels: [] }]);
    const run = box.run(script, 'sh');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`created ${issues.length - 1}, already there 1, failed 0`);
    expect(run.stderr).toContain(`Already there (3 of ${issues.length}): ${issues[2]!.title}`);
  }, SCRIPT_TIMEOUT);

  it('creates nothing when the existing issues cannot be listed', () => {
    const { script } = exported();
    const run = sandbox().run(script, 'sh', { FAKE_GH_LIST_FAIL: '1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('could not list the issues of the repository, so nothing was created');
    expect(run.repo.calls.map((c) => c.args.slice(0, 2).join(' '))).toEqual(['issue list']);
    expect(run.repo.issues).toEqual([]);
  }, SCRIPT_TIMEOUT);

  it('shortens labels over 50 characters with a stable code, names the journey in full in the body, and the script runs', () => {
    const doc = checkoutSession();
    doc.journeys[0]!.name = LONG_JOURNEY;
    const { issues, script, summary } = exported(doc);
    const full = 'journey-share-a-document-with-someone-outside-the-company';
    expect(full.length).toBe(57);
    const all = issues.flatMap((i) => i.labels);
    expect(all).not.toContain(full);
    expect(Math.max(...all.map((l) => l.length))).toBeLessThanOrEqual(GITHUB_LIMITS.label);
    const short = issues[0]!.labels[1]!;
    expect(short).toMatch(/^journey-share-a-document-with-someone-outsi-[0-9a-z]{6}$/);
    expect(short).toHaveLength(50);
    // Stable: the same label in every export of it.
    expect(exported(doc).issues[0]!.labels[1]).toBe(short);
    expect(issues[0]!.body).toContain(`Label \`${short}\` stands for the journey ‘${LONG_JOURNEY}’.`);
    expect(summary.labelsShortened).toBe(1);
    expect(summaryLines(summary).join('\n')).toContain('1 label was longer than GitHub’s 50 characters');

    const run = sandbox().run(script, 'bash');
    expect(run.stderr).toContain(`created ${issues.length}, already there 0, failed 0`);
    expect(run.status).toBe(0);
    expect(run.repo.labels[short]).toBe(`Threatstorm: ${full}`);
  }, SCRIPT_TIMEOUT);

  it('gives two long labels with the same beginning different short labels', () => {
    const doc = checkoutSession();
    doc.journeys[0]!.name = LONG_JOURNEY;
    doc.journeys[1]!.name = 'Share a document with someone outside the firm, quickly';
    const labels = new Set(exported(doc).issues.flatMap((i) => i.labels).filter((l) => l.startsWith('journey-')));
    expect(labels.size).toBe(2);
    for (const label of labels) expect(label.length).toBeLessThanOrEqual(GITHUB_LIMITS.label);
  });

  it('cuts a body over 65,536 characters with the CSV marker, keeps the marker line, and GitHub takes it', () => {
    const doc = checkoutSession();
    doc.mitigations[0]!.description = 'x'.repeat(19_999);
    doc.threats[0]!.statement.impact = 'y'.repeat(1_000);
    // Many long threats on one mitigation: far over GitHub's limit.
    for (let i = 0; i < 80; i++) {
      doc.threats.push({ ...doc.threats[0]!, id: `tx${i}`, title: `Threat ${i} ${'z'.repeat(180)}`, statement: { ...doc.threats[0]!.statement, action: 'w'.repeat(900) } });
      doc.mitigations[0]!.threatIds.push(`tx${i}`);
    }
    const { issues, script, summary, stats } = exported(doc);
    const body = issues.find((i) => i.title.startsWith('Do: Tokenize card entry — '))!.body;
    expect(body.length + 1).toBeLessThanOrEqual(GITHUB_LIMITS.body);
    expect(body.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(markerOf(body)).toBe('threatstorm:item sess1/mitigation:m1');
    expect(summary.cut).toBe(1);
    expect(stats.truncated).toBe(1);
    expect(summaryLines(summary).join('\n')).toContain('1 issue text longer than 65,536 characters was cut, ending in “…[truncated]”.');
    const run = sandbox().run(script, 'sh');
    expect(run.status).toBe(0);
    expect(run.repo.issues.find((i) => i.title.startsWith('Do: Tokenize card entry — '))!.body).toBe(`${body}\n`);
  }, SCRIPT_TIMEOUT);

  it('stops with a message when gh is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'threatstorm-nogh-'));
    dirs.push(root);
    writeFileSync(join(root, 'create-issues.sh'), createIssuesScript([{ title: 't', body: 'b', labels: [] }], 's'));
    const result = spawnSync('/bin/sh', ['create-issues.sh'], { cwd: root, env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the GitHub CLI (gh) is not installed');
  });
});
