import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { runCli } from '../../tools/cli.ts';
import { fakeIo } from './fake-cli-io.ts';

const PEERS = join(import.meta.dirname, '../fixtures/peers');

const DEMO = readFileSync(join(PEERS, 'threat-dragon/v2-threat-model.json'), 'utf8');
const COMPOSER = readFileSync(join(PEERS, 'threat-composer/ThreatComposer.tc.json'), 'utf8');
const MALFORMED = readFileSync(join(PEERS, 'threat-dragon/v2-malformed-new-model.json'), 'utf8');

describe('threatstorm import', () => {
  it('writes a valid session file to --out and the report to stderr', async () => {
    const io = fakeIo({ 'demo.json': DEMO });
    expect(await runCli(['import', 'demo.json', '--out', 'demo.threatstorm.json'], io)).toBe(0);
    const written = io.written.get('demo.threatstorm.json')!.content;
    const loaded = loadSessionDocument(JSON.parse(written));
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.document.threats).toHaveLength(14);
    expect(io.out).toBe('');
    const lines = io.err.trimEnd().split('\n');
    expect(lines[0]).toBe('threatstorm: imported demo.json (OWASP Threat Dragon v2) to demo.threatstorm.json as “Demo Threat Model”');
    expect(lines[1]).toBe('  mapped: 1 journey, 7 steps, 10 flows, 14 threats, 11 mitigations, 14 mitigation–threat links, 7 notes, 4 participants, 8 flows crossing a trust boundary');
    expect(lines).toContain('  skipped (3):');
    expect(lines.some((l) => l.startsWith('    - trust boundary at detail.diagrams[0].cells[16]'))).toBe(true);
    expect(lines.some((l) => l.includes('attached there'))).toBe(true);
  });

  it('writes the session to stdout without --out', async () => {
    const io = fakeIo({ 'model.tc.json': COMPOSER });
    expect(await runCli(['import', 'model.tc.json'], io)).toBe(0);
    const loaded = loadSessionDocument(JSON.parse(io.out));
    expect(loaded.ok).toBe(true);
    expect(io.err).toMatch(/^threatstorm: imported model\.tc\.json \(AWS Threat Composer\) as “Threat composer”\n/);
    expect(io.err).toContain('image at architecture.image: image omitted');
  });

  it('exits 1 with the reason and writes nothing on a damaged model', async () => {
    const io = fakeIo({ 'bad.json': MALFORMED });
    expect(await runCli(['import', 'bad.json', '--out', 'out.json'], io)).toBe(1);
    expect(io.written.size).toBe(0);
    expect(io.out).toBe('');
    expect(io.err).toBe(
      [
        'bad.json: This file looks like a Threat Dragon v2 model but does not match that format, so nothing was imported.',
        '  summary.title: missing (expected text)',
        '  summary.description: expected text, found a number',
        '  detail: missing (expected an object)',
        '  The file has "details" where Threat Dragon writes "detail".',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 on an unknown format, bad UTF-8, a missing file and a file over 20 MB (never read)', async () => {
    const io = fakeIo({ 'other.json': '{"hello": "world"}', 'latin1.json': new Uint8Array([0x7b, 0xe9, 0x7d]), 'big.json': '{}' }, { 'big.json': 20 * 1024 * 1024 + 1 });
    expect(await runCli(['import', 'other.json'], io)).toBe(1);
    expect(io.err).toContain('other.json: The file is not a format Threatstorm imports.');
    expect(await runCli(['import', 'latin1.json'], io)).toBe(1);
    expect(io.err).toContain('latin1.json: not a threat model: the file is not UTF-8 text.');
    expect(await runCli(['import', 'missing.json'], io)).toBe(1);
    expect(io.err).toContain('missing.json: cannot read the file (no such file).');
    expect(await runCli(['import', 'big.json'], io)).toBe(1);
    expect(io.err).toContain('big.json: too large (20.0 MB); models are imported up to 20 MB.');
    expect(io.reads).not.toContain('big.json');
  });

  it('checks its arguments', async () => {
    const io = fakeIo({});
    expect(await runCli(['import'], io)).toBe(1);
    expect(io.err).toContain('import needs a FILE.');
    expect(await runCli(['import', 'a.json', 'b.json'], io)).toBe(1);
    expect(io.err).toContain('unexpected argument "b.json"');
    expect(await runCli(['import', 'a.json', '--format', 'csv'], io)).toBe(1);
    expect(io.err).toContain('import takes only FILE and --out PATH.');
  });

  it('is listed in the help', async () => {
    const io = fakeIo({});
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toContain('threatstorm import FILE [--out PATH]');
  });

  it('round-trips through export --format threat-composer and import', async () => {
    const io = fakeIo({ 'demo.json': DEMO });
    expect(await runCli(['import', 'demo.json', '--out', 's.threatstorm.json'], io)).toBe(0);
    const io2 = fakeIo({ 's.threatstorm.json': io.written.get('s.threatstorm.json')!.content });
    expect(await runCli(['export', 's.threatstorm.json', '--format', 'threat-composer', '--out', 'demo.tc.json'], io2)).toBe(0);
    expect(io2.err).toBe('threatstorm: exported 25 rows as threat-composer to demo.tc.json\n');
    const io3 = fakeIo({ 'demo.tc.json': io2.written.get('demo.tc.json')!.content });
    expect(await runCli(['import', 'demo.tc.json'], io3)).toBe(0);
    const loaded = loadSessionDocument(JSON.parse(io3.out));
    expect(loaded.ok && loaded.document.threats.length).toBe(14);
    expect(loaded.ok && loaded.document.mitigations.length).toBe(11);
  });
});
