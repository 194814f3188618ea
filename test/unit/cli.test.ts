import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, runCli } from '../../tools/cli.ts';
import { fakeIo } from './fake-cli-io.ts';
import { checkoutSession, parseCsv } from './export-fixture.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import { isSplitExport, numberedPath, planOutputPaths } from '../../tools/export-paths.ts';

const VALID = JSON.stringify(checkoutSession());

describe('threatstorm validate', () => {
  it('exits 0 on a valid file and says what it holds', async () => {
    const io = fakeIo({ 'session.threatstorm.json': VALID });
    expect(await runCli(['validate', 'session.threatstorm.json'], io)).toBe(0);
    expect(io.out).toBe('session.threatstorm.json: valid: 2 journeys, 5 steps, 12 threats, 2 outcomes, 10 mitigations\n');
    expect(io.err).toBe('');
  });

  it('accepts a UTF-8 BOM', async () => {
    const io = fakeIo({ 'bom.json': `\uFEFF${VALID}` });
    expect(await runCli(['validate', 'bom.json'], io)).toBe(0);
  });

  it('exits 1 with one line per problem, every problem listed', async () => {
    const doc = checkoutSession();
    for (let i = 0; i < 6; i++) {
      doc.steps.push({ id: `extra${i}`, journeyId: 'j1', kind: 'action', label: 'ok', description: '', actor: '', dataTags: [], position: { x: 0, y: 0 } });
    }
    doc.steps[5]!.label = 'x'.repeat(201);
    doc.steps[6]!.journeyId = 'nope';
    doc.threats[0]!.likelihood = 9;
    (doc.session as { title: unknown }).title = 42;
    for (const m of doc.mitigations) m.effort = 'XXL' as never;
    const io = fakeIo({ 'bad.json': JSON.stringify(doc) });
    expect(await runCli(['validate', 'bad.json'], io)).toBe(1);
    const lines = io.err.trimEnd().split('\n');
    expect(lines).toContain('steps[5].label: must be at most 200 characters');
    expect(lines.some((l) => l.startsWith('threats[0].likelihood: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('session.title: '))).toBe(true);
    expect(lines.filter((l) => /^mitigations\[\d+\]\.effort: /.test(l))).toHaveLength(10);
    expect(lines.some((l) => l.startsWith('…and'))).toBe(false);
    expect(io.out).toBe('');
  });

  it('reports cross-reference problems that only the full schema catches', async () => {
    const doc = checkoutSession();
    doc.steps[1]!.journeyId = 'ghost';
    const io = fakeIo({ 'refs.json': JSON.stringify(doc) });
    expect(await runCli(['validate', 'refs.json'], io)).toBe(1);
    expect(io.err).toContain('steps[1].journeyId: no journey "ghost"');
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,', /^broken\.json: not a Threatstorm session: not valid JSON \(.+\)\.$/],
    ['not an object', '[1, 2]', /^broken\.json: This is not a Threatstorm session: expected a JSON object\.$/],
    ['no version', '{"session": {}}', /^broken\.json: This is not a Threatstorm session: "schemaVersion" is missing/],
    ['a newer format', '{"schemaVersion": 99}', /^broken\.json: This session was saved by a newer Threatstorm/],
  ])('gives one clear line for a file that is %s', async (_what, content, message) => {
    const io = fakeIo({ 'broken.json': content });
    expect(await runCli(['validate', 'broken.json'], io)).toBe(1);
    const lines = io.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('refuses non-UTF-8 bytes, a missing file and a file over 50 MB', async () => {
    const io = fakeIo({ 'latin1.json': new Uint8Array([0x7b, 0xe9, 0x7d]) }, { 'huge.json': MAX_FILE_BYTES + 1 });
    expect(await runCli(['validate', 'latin1.json'], io)).toBe(1);
    expect(await runCli(['validate', 'missing.json'], io)).toBe(1);
    expect(await runCli(['validate', 'huge.json'], io)).toBe(1);
    expect(io.err.trimEnd().split('\n')).toEqual([
      'latin1.json: not a Threatstorm session: the file is not UTF-8 text.',
      'missing.json: cannot read the file (no such file).',
      'huge.json: too large (50.0 MB); session files are read up to 50 MB.',
    ]);
  });
});

describe('threatstorm export', () => {
  it('writes a single-file format to stdout and a summary to stderr', async () => {
    const io = fakeIo({ 's.json': VALID });
    expect(await runCli(['export', 's.json', '--format', 'csv'], io)).toBe(0);
    const rows = parseCsv(io.out);
    expect(rows[0]![0]).toBe('ID');
    expect(rows).toHaveLength(13);
    expect(io.err).toBe('threatstorm: exported 12 rows as csv\n');
  });

  it('adds the threats below the threshold and those not scored yet only when asked', async () => {
    const doc = checkoutSession();
    doc.threats.push(
      { ...doc.threats.find((t) => t.id === 't9')!, id: 'low', title: 'Low one', likelihood: 1, impact: 2 },
      { ...doc.threats.find((t) => t.id === 't9')!, id: 'unscored', title: 'Nobody scored it', likelihood: null, impact: null },
    );
    const ids = async (...flags: string[]) => {
      const io = fakeIo({ 's.json': JSON.stringify(doc) });
      expect(await runCli(['export', 's.json', '--format', 'csv', ...flags], io)).toBe(0);
      return parseCsv(io.out).map((r) => r[0]);
    };
    expect(await ids()).not.toContain('decide:low');
    expect((await ids('--include-below-threshold')).slice(-1)).toEqual(['decide:low']);
    expect((await ids('--include-below-threshold', '--include-not-scored')).slice(-2)).toEqual(['decide:low', 'decide:unscored']);
    const io = fakeIo({ 'm.json': '{}' });
    expect(await runCli(['import', 'm.json', '--include-not-scored'], io)).toBe(1);
  });

  it('writes to --out PATH and counts neutralized cells', async () => {
    const doc = checkoutSession();
    // Jira summaries start with "Do:"/"Decide:", so a formula reaches a cell start through the
    // generic CSV's owner column.
    doc.mitigations[0]!.owner = '=1+1';
    const io = fakeIo({ 's.json': JSON.stringify(doc) });
    expect(await runCli(['export', 's.json', '--format=csv', '--out', 'out/backlog.csv'], io)).toBe(0);
    expect([...io.written.keys()]).toEqual(['out/backlog.csv']);
    expect(io.written.get('out/backlog.csv')!.content.startsWith('\uFEFFID,Parent ID,Type')).toBe(true);
    expect(io.out).toBe('');
    const lines = io.err.trimEnd().split('\n');
    expect(lines[0]).toBe('threatstorm: exported 12 rows as csv to out/backlog.csv (1 cell made formula-safe)');
    // The export's own notes follow, indented: what the person must know about the file.
    expect(lines.slice(1).every((line) => line.startsWith('  '))).toBe(true);
  });

  it('treats an --out PATH ending in "/" as a directory', async () => {
    const io = fakeIo({ 's.json': VALID });
    expect(await runCli(['export', 's.json', '--format', 'markdown', '--out', 'reports/'], io)).toBe(0);
    expect([...io.written.keys()]).toEqual(['reports/checkout-review-report.md']);
  });

  it('writes multi-file formats into the --out directory, the script executable', async () => {
    const io = fakeIo({ 's.json': VALID });
    expect(await runCli(['export', 's.json', '--format', 'github', '--out', 'issues'], io)).toBe(0);
    expect([...io.written.keys()]).toEqual(['issues/issues.json', 'issues/create-issues.sh']);
    expect(io.written.get('issues/create-issues.sh')!.executable).toBe(true);
    expect(io.written.get('issues/issues.json')!.executable).toBe(false);
  });

  it('uses --process for Azure DevOps', async () => {
    const io = fakeIo({ 's.json': VALID });
    expect(await runCli(['export', 's.json', '--format', 'azure-devops', '--process', 'scrum'], io)).toBe(0);
    expect(io.out).toContain(',Product Backlog Item,');
    expect(await runCli(['export', 's.json', '--format', 'azure-devops', '--process', 'cmmi'], io)).toBe(1);
    expect(io.err).toContain('threatstorm: unknown --process "cmmi"; choose one of agile, scrum, basic.');
  });

  it('asks for --out when a format writes several files', async () => {
    const io = fakeIo({ 's.json': VALID });
    expect(await runCli(['export', 's.json', '--format', 'github'], io)).toBe(1);
    expect(io.err).toBe('threatstorm: github writes 2 files (issues.json, create-issues.sh); give --out DIRECTORY.\n');
    expect(io.out).toBe('');
  });

  it('exits 1 with a clear message on an unknown or missing format, before reading the file', async () => {
    const io = fakeIo({});
    expect(await runCli(['export', 'nothere.json', '--format', 'excel'], io)).toBe(1);
    expect(io.err).toBe('threatstorm: unknown format "excel"; choose one of jira, jira-flat, azure-devops, linear, github, csv, markdown, threat-composer.\n');
    io.err = '';
    expect(await runCli(['export', 'nothere.json'], io)).toBe(1);
    expect(io.err).toMatch(/^threatstorm: export needs --format \(jira, /);
  });

  it('exits 1 on a bad file without writing anything', async () => {
    const io = fakeIo({ 'bad.json': '{"schemaVersion":1,"session":{}}' });
    expect(await runCli(['export', 'bad.json', '--format', 'markdown', '--out', 'r.md'], io)).toBe(1);
    expect(io.written.size).toBe(0);
    expect(io.err).toContain('session.id: ');
  });
});

/** A session whose Azure DevOps export is over 1,000 work items, so it is split in two files. */
function bigSession(threats = 1_100) {
  const doc = checkoutSession();
  for (let i = 0; i < threats; i++) doc.threats.push(blankThreat({ type: 'step', id: 's1' }, { id: `big${i}`, title: `Threat ${i}`, likelihood: 3, impact: 4 }));
  return JSON.stringify(doc);
}

describe('where export --out puts the files (issue #15, item 7)', () => {
  it('writes exactly NAME.csv for a one-file Azure DevOps export (it used to make a folder of that name)', async () => {
    const io = fakeIo({ 's.json': VALID });
    expect(await runCli(['export', 's.json', '--format', 'azure-devops', '--out', 'backlog.csv'], io)).toBe(0);
    expect([...io.written.keys()]).toEqual(['backlog.csv']);
    expect(io.written.get('backlog.csv')!.content).toMatch(/^ID,Work Item Type,Title 1/);
    expect(io.err).toBe('threatstorm: exported 12 rows as azure-devops to backlog.csv\n');
  });

  it('numbers the parts of a split Azure DevOps export beside NAME.csv, and says so in one line', async () => {
    const io = fakeIo({ 's.json': bigSession() });
    expect(await runCli(['export', 's.json', '--format', 'azure-devops', '--out', 'out/backlog.csv'], io)).toBe(0);
    expect([...io.written.keys()]).toEqual(['out/backlog-1.csv', 'out/backlog-2.csv']);
    for (const { content } of io.written.values()) expect(parseCsv(content).length - 1).toBeLessThanOrEqual(1000);
    const lines = io.err.trimEnd().split('\n');
    // The split is said once (with the real paths); the export's other notes follow, indented.
    expect(lines.filter((line) => line.includes('at most 1,000 work items'))).toHaveLength(1);
    expect(lines.slice(2).every((line) => line.startsWith('  '))).toBe(true);
    expect(lines[1]).toBe(
      'threatstorm: the export is split into 2 files because Azure DevOps imports at most 1,000 work items at a time; import each file: out/backlog-1.csv, out/backlog-2.csv',
    );
  });

  it('writes the parts into DIR/ under their own names', async () => {
    const io = fakeIo({ 's.json': bigSession() });
    expect(await runCli(['export', 's.json', '--format', 'azure-devops', '--out', 'ado/'], io)).toBe(0);
    expect([...io.written.keys()]).toEqual(['ado/checkout-review-azure-devops-1.csv', 'ado/checkout-review-azure-devops-2.csv']);
  });

  it('names a part left over from an earlier, longer export', async () => {
    const io = fakeIo({ 's.json': bigSession(), 'backlog-3.csv': 'old' });
    expect(await runCli(['export', 's.json', '--format', 'azure-devops', '--out', 'backlog.csv'], io)).toBe(0);
    expect(io.err).toContain('threatstorm: backlog-3.csv is left from an earlier, longer export; it is not part of this one (delete it before importing)');
  });

  it('asks for --out NAME.csv or DIR/ when a split export has no --out', async () => {
    const io = fakeIo({ 's.json': bigSession() });
    expect(await runCli(['export', 's.json', '--format', 'azure-devops'], io)).toBe(1);
    expect(io.err).toMatch(/^threatstorm: azure-devops writes 2 files \(.+\); give --out NAME\.csv \(numbered files beside it\) or --out DIR\/\.\n$/);
    expect(io.out).toBe('');
  });

  it('refuses a folder where a file is asked, and a file where a folder is asked, writing nothing', async () => {
    const cases: Array<[string[], Record<string, 'directory'>, RegExp]> = [
      [['--format', 'jira', '--out', 'reports'], { reports: 'directory' }, /^threatstorm: reports is a folder\. End the path with "\/" to write into it \(--out reports\/\), or give a file name such as reports\/.+\.csv\. Nothing was written\.\n$/],
      [['--format', 'azure-devops', '--out', 'reports'], { reports: 'directory' }, /^threatstorm: reports is a folder\./],
      [['--format', 'markdown', '--out', 'notes.md/'], {}, /^threatstorm: notes\.md\/: there is a file with that name, so it cannot be the folder to write into; choose another path\. Nothing was written\.\n$/],
      [['--format', 'github', '--out', 'notes.md'], {}, /^threatstorm: notes\.md: there is a file with that name/],
    ];
    for (const [options, kinds, message] of cases) {
      const io = fakeIo({ 's.json': VALID, 'notes.md': 'mine' }, {}, { kinds });
      expect(await runCli(['export', 's.json', ...options], io), options.join(' ')).toBe(1);
      expect(io.err, options.join(' ')).toMatch(message);
      expect(io.written.size).toBe(0);
    }
  });

  it('plans paths: parts are files of one kind, a set of kinds is a folder', async () => {
    const csv = (name: string) => ({ name, content: '' });
    expect(isSplitExport([csv('a-1.csv'), csv('a-2.csv')])).toBe(true);
    expect(isSplitExport([csv('issues.json'), csv('create-issues.sh')])).toBe(false);
    expect(isSplitExport([csv('a.csv')])).toBe(false);
    expect(numberedPath('out/backlog.csv', 2)).toBe('out/backlog-2.csv');
    expect(numberedPath('backlog', 3)).toBe('backlog-3');
    expect(numberedPath('dir.v2/backlog', 1)).toBe('dir.v2/backlog-1');
    expect(numberedPath('.hidden', 1)).toBe('.hidden-1');
    const missing = async () => 'missing' as const;
    const plan = await planOutputPaths([csv('issues.json'), csv('create-issues.sh')], 'gh', missing);
    expect(plan.ok && plan.files.map((f) => [f.path, f.executable])).toEqual([
      ['gh/issues.json', false],
      ['gh/create-issues.sh', true],
    ]);
  });
});

describe('threatstorm usage', () => {
  it('prints help with exit 0, and usage errors with exit 1', async () => {
    const io = fakeIo({});
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toContain('threatstorm validate FILE');
    expect(io.out).toContain('FORMAT: jira, jira-flat, azure-devops, linear, github, csv, markdown');
    for (const argv of [[], ['frobnicate'], ['validate'], ['validate', 'a', 'b'], ['export', 'x', '--bogus'], ['export', 'x', '--format']]) {
      const e = fakeIo({});
      expect(await runCli(argv, e), argv.join(' ')).toBe(1);
      expect(e.err.length, argv.join(' ')).toBeGreaterThan(0);
    }
  });
});

describe('the threatstorm bin', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the CLI from bin/threatstorm.mjs with real files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threatstorm-cli-'));
    dirs.push(dir);
    const file = join(dir, 'session.threatstorm.json');
    writeFileSync(file, VALID);
    const bin = join(process.cwd(), 'bin', 'threatstorm.mjs');

    const valid = spawnSync(process.execPath, [bin, 'validate', file], { encoding: 'utf8' });
    expect(valid.stderr).toBe('');
    expect(valid.status).toBe(0);
    expect(valid.stdout).toContain('valid: 2 journeys');

    const out = join(dir, 'gh');
    const exported = spawnSync(process.execPath, [bin, 'export', file, '--format', 'github', '--out', out], { encoding: 'utf8' });
    expect(exported.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'issues.json'), 'utf8'))).toHaveLength(10);
    expect(statSync(join(out, 'create-issues.sh')).mode & 0o111).not.toBe(0);

    const missing = spawnSync(process.execPath, [bin, 'validate', join(dir, 'nope.json')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read the file (no such file)');
  }, 30_000);
});
