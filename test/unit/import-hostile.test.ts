import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importThreatModel, MAX_IMPORT_BYTES, type ImportResult } from '../../shared/import/index.ts';
import { MAX_DEPTH } from '../../shared/import/json-guard.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import { checkoutSession } from './export-fixture.ts';

const PEERS = join(import.meta.dirname, '../fixtures/peers');
const read = (path: string) => readFileSync(join(PEERS, path), 'utf8');

function run(text: string): ImportResult {
  return importThreatModel(text, { fileName: 'hostile.json' });
}

function refusal(result: ImportResult) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  return result;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hostile and broken input is refused with a message, never a crash', () => {
  it('refuses a "__proto__" key, naming where it is, and pollutes nothing', () => {
    const text = read('threat-dragon/v2-threat-model.json').replace('"data": {', '"data": { "__proto__": { "polluted": true },');
    const result = refusal(run(text));
    expect(result.message).toMatch(/content that is not imported/);
    expect(result.details[0]).toMatch(/^detail\.diagrams\[0\]\.cells\[\d+\]\.data\.__proto__: a "__proto__" key is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const top = refusal(run('{"__proto__": {"isAdmin": true}, "schema": 1, "threats": []}'));
    expect(top.details).toEqual(['__proto__: a "__proto__" key is not allowed']);
  });

  it('refuses a huge string in a field, naming the path', () => {
    const file = { schema: 1, threats: [{ id: 'a'.repeat(36), numericId: 1, threatAction: 'x'.repeat(5_000_000) }] };
    const result = refusal(run(JSON.stringify(file)));
    expect(result.details).toEqual(['threats[0].threatAction: text of 5,000,000 characters is too long (at most 100,000 are read)']);
  });

  it('refuses deep nesting before parsing, with line and column', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const deep = `{"schema": 1, "threats": [\n${'['.repeat(50_000)}${']'.repeat(50_000)}]}`;
    const result = refusal(run(deep));
    expect(parse).not.toHaveBeenCalled();
    expect(result.message).toMatch(new RegExp(`more than ${MAX_DEPTH} levels deep`));
    expect(result.details).toEqual([`line 2, column ${MAX_DEPTH - 1}: level ${MAX_DEPTH + 1} starts here`]);
    // Brackets inside strings do not count.
    const quoted = JSON.stringify({ schema: 1, applicationInfo: { name: '['.repeat(500) }, threats: [] });
    expect(run(quoted).ok).toBe(true);
  });

  it('refuses wrong types with the path and what was expected', () => {
    const td = JSON.parse(read('threat-dragon/v2-threat-model.json')) as { detail: { diagrams: Array<{ cells: unknown }> } };
    td.detail.diagrams[0]!.cells = 'not a list';
    expect(refusal(run(JSON.stringify(td))).details).toEqual(['detail.diagrams[0].cells: expected a list, found text']);

    const tc = JSON.parse(read('threat-composer/ThreatComposer.tc.json')) as { threats: Array<Record<string, unknown>> };
    tc.threats[3]!.threatSource = { name: 'attacker' };
    tc.threats[5]!.impactedAssets = [1, 2];
    expect(refusal(run(JSON.stringify(tc))).details).toEqual([
      'threats[3].threatSource: expected text, found an object',
      'threats[5].impactedAssets[0]: expected text, found a number',
      'threats[5].impactedAssets[1]: expected text, found a number',
    ]);
  });

  it('refuses truncated JSON, a number too large to use, and things that are not models', () => {
    const full = read('threat-dragon/payment-online.json');
    expect(refusal(run(full.slice(0, full.length / 2))).message).toMatch(/not valid JSON/);
    const huge = read('threat-dragon/three-tier-web-app.json').replace('"x": 587', '"x": 1e400');
    expect(refusal(run(huge)).details[0]).toMatch(/position\.x: expected a number, found a number too large to use$/);
    expect(refusal(run('"just a string"')).message).toMatch(/expected a JSON object/);
    expect(refusal(run('[]')).message).toMatch(/empty list/);
    expect(refusal(run('{"name": "something else"}')).message).toMatch(/not a format Threatstorm imports/);
    expect(refusal(run('')).message).toMatch(/not valid JSON/);
    expect(refusal(importThreatModel(null as unknown as string, { fileName: 'x' })).message).toMatch(/could not be read as text/);
  });

  it(`refuses more than ${MAX_IMPORT_BYTES / 1024 / 1024} MB up front, without parsing`, () => {
    const parse = vi.spyOn(JSON, 'parse');
    const big = `{"schema": 1, "threats": [], "pad": "${'x'.repeat(MAX_IMPORT_BYTES)}"}`;
    const result = refusal(run(big));
    expect(result.message).toMatch(/too large to import.*20\.0 MB/);
    // Fewer characters than the limit, more bytes: 7 million euro signs are 21 MB of UTF-8.
    const wide = `{"schema": 1, "threats": [], "pad": "${'€'.repeat(7_000_000)}"}`;
    expect(wide.length).toBeLessThan(MAX_IMPORT_BYTES);
    expect(refusal(run(wide)).message).toMatch(/too large to import/);
    expect(parse).not.toHaveBeenCalled();
  });

  it('a damaged copy of every sample either imports into a valid session or is refused; it never throws', () => {
    const samples = [
      'threat-dragon/payment-online.json',
      'threat-dragon/three-tier-web-app.json',
      'threat-dragon/v2-threat-model.json',
      'threat-composer/ThreatComposer.tc.json',
    ].map((p) => JSON.parse(read(p)) as unknown);
    // A small deterministic generator, so a failure can be replayed.
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const replacements: unknown[] = [null, 0, -1, '', 'x', true, [], {}, 1e308, ['a'], { id: 1 }];
    let accepted = 0;
    for (let round = 0; round < 150; round++) {
      const doc = structuredClone(samples[round % samples.length]);
      for (let cut = 0; cut < 3; cut++) {
        // Walk to a random node and replace or delete one of its members.
        let node = doc as Record<string, unknown> | unknown[];
        for (let depth = 0; depth < 8; depth++) {
          const keys = Object.keys(node);
          if (keys.length === 0) break;
          const key = keys[Math.floor(random() * keys.length)]!;
          const child = (node as Record<string, unknown>)[key];
          if (typeof child === 'object' && child !== null && random() < 0.8) node = child as Record<string, unknown>;
          else {
            if (random() < 0.3 && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
            else (node as Record<string, unknown>)[key] = replacements[Math.floor(random() * replacements.length)];
            break;
          }
        }
      }
      let result: ImportResult | undefined;
      expect(() => (result = run(JSON.stringify(doc)))).not.toThrow();
      if (result!.ok) {
        accepted += 1;
        expect(loadSessionDocument(JSON.parse(JSON.stringify(result!.document))).ok).toBe(true);
      } else {
        expect(result!.message.length).toBeGreaterThan(0);
      }
    }
    // Some damage is harmless (an unread field), some is not: both paths are exercised.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(150);
  });
});

describe('Threatstorm session files', () => {
  it('pass through the session validation unchanged, with counts', () => {
    const doc = checkoutSession();
    const result = run(JSON.stringify(doc));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('threatstorm');
    const loaded = loadSessionDocument(doc);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(result.document).toEqual(loaded.document);
    expect(result.report.mapped).toMatchObject({ journeys: doc.journeys.length, steps: doc.steps.length, threats: doc.threats.length, mitigations: doc.mitigations.length, outcomes: doc.outcomes.length });
  });

  it('a broken session is refused with the validation message', () => {
    const doc = checkoutSession();
    doc.steps[0]!.journeyId = 'nope';
    const result = refusal(run(JSON.stringify(doc)));
    expect(result.format).toBe('threatstorm');
    expect(result.details).toContain('steps[0].journeyId: no journey "nope"');
  });
});
