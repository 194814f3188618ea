/**
 * *Import* and *Open file* read JSON by one rule (`parseGuarded`): the same hostile text is
 * refused by both doors with the same places named, and what one door accepts the other does
 * too. Both go through `performJob`, the code the two buttons run (in the worker or on the page).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_DEPTH, MAX_TEXT } from '../../shared/import/json-guard.ts';
import { performJob } from '../../renderer/jobs/perform-job.ts';
import { checkoutSession } from './export-fixture.ts';

const FILE = 'hostile.threatstorm.json';

type Door = { ok: true } | { ok: false; message: string; details: string[] };

async function throughBothDoors(text: string): Promise<{ imported: Door; opened: Door }> {
  const quiet = () => {};
  const imported = await performJob({ kind: 'import', fileName: FILE, source: { text } }, quiet);
  const opened = await performJob({ kind: 'open-session', fileName: FILE, source: { text } }, quiet);
  const door = (result: typeof imported | typeof opened): Door =>
    'ok' in result && result.ok ? { ok: true } : { ok: false, message: (result as { message: string }).message, details: (result as { details: string[] }).details };
  return { imported: door(imported), opened: door(opened) };
}

function session(): Record<string, unknown> {
  const doc = structuredClone(checkoutSession()) as unknown as Record<string, unknown>;
  return doc;
}

/** The session's JSON with `raw` spliced in as the value of a new key of the first step. */
function withStepExtra(raw: string): string {
  const text = JSON.stringify(session());
  const marker = '"steps":[{';
  expect(text).toContain(marker);
  return text.replace(marker, `${marker}"extra":${raw},`);
}

afterEach(() => vi.restoreAllMocks());

describe('one JSON rule for Import and Open file', () => {
  it('the base session is accepted by both doors', async () => {
    const { imported, opened } = await throughBothDoors(JSON.stringify(session()));
    expect(imported).toEqual({ ok: true });
    expect(opened).toEqual({ ok: true });
  });

  it.each([
    ['a "__proto__" key at the top', (text: string) => text.replace('{', '{"__proto__":{"polluted":"yes"},'), '__proto__'],
    ['a "__proto__" key inside a step', (text: string) => text.replace('"steps":[{', '"steps":[{"__proto__":{"isAdmin":true},'), 'steps[0].__proto__'],
  ])('refuses %s at both doors, naming where it is', async (_name, splice, where) => {
    const text = splice(JSON.stringify(session()));
    const { imported, opened } = await throughBothDoors(text);
    for (const door of [imported, opened]) {
      expect(door.ok).toBe(false);
      if (door.ok) continue;
      expect(door.details).toEqual([`${where}: a "__proto__" key is not allowed`]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each([
    ['just past the limit, in a key nothing reads', MAX_DEPTH + 5],
    ['100,000 levels', 100_000],
  ])('refuses nesting %s before parsing, at both doors, by line and column', async (_name, depth) => {
    const parse = vi.spyOn(JSON, 'parse');
    const { imported, opened } = await throughBothDoors(withStepExtra(`${'['.repeat(depth)}${']'.repeat(depth)}`));
    expect(parse).not.toHaveBeenCalled();
    for (const door of [imported, opened]) {
      expect(door.ok).toBe(false);
      if (door.ok) continue;
      expect(door.message).toMatch(new RegExp(`more than ${MAX_DEPTH} levels deep`));
      expect(door.details).toEqual([expect.stringMatching(new RegExp(`^line 1, column \\d+: level ${MAX_DEPTH + 1} starts here$`))]);
    }
    if (!imported.ok && !opened.ok) expect(opened.details).toEqual(imported.details);
  });

  it('accepts nesting within the limit at both doors (an unknown key is dropped by the session format)', async () => {
    const depth = MAX_DEPTH - 5;
    const { imported, opened } = await throughBothDoors(withStepExtra(`${'['.repeat(depth)}${']'.repeat(depth)}`));
    expect(imported).toEqual({ ok: true });
    expect(opened).toEqual({ ok: true });
  });

  it('refuses an overlong text at both doors, naming the field, even where nothing reads it', async () => {
    const { imported, opened } = await throughBothDoors(withStepExtra(JSON.stringify('x'.repeat(MAX_TEXT + 1))));
    for (const door of [imported, opened]) {
      expect(door.ok).toBe(false);
      if (door.ok) continue;
      expect(door.details).toEqual([`steps[0].extra: text of ${(MAX_TEXT + 1).toLocaleString('en-US')} characters is too long (at most 100,000 are read)`]);
    }
  });

  it('skips a byte-order mark at both doors', async () => {
    const { imported, opened } = await throughBothDoors(`\uFEFF${JSON.stringify(session())}`);
    expect(imported).toEqual({ ok: true });
    expect(opened).toEqual({ ok: true });
  });

  it('Open file names the file and says what was wrong with broken JSON', async () => {
    const { opened } = await throughBothDoors('{"schemaVersion": 2,');
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.message).toBe(`"${FILE}" could not be opened: The file is not valid JSON (it may be cut short or not a JSON file).`);
    expect(opened.details).toHaveLength(1);
  });
});
