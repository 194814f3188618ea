/**
 * The only way the CLI writes to its two streams. Messages (to stdout or stderr) are lists of
 * lines, each shown as one line with every control character escaped (`shared/control-characters.ts`), so
 * text from a file can neither command the terminal nor forge a line. The payload (an export or
 * an imported session written to stdout) is exact bytes when stdout is a file or a pipe (it is
 * data for another program, and `> file` must equal `--out file`), and escaped like everything
 * else when stdout is a terminal. The progress line lives here too: stderr only, only on a
 * terminal, redrawn in place and cleared before anything else is written.
 */
import { escapeControlCharacters, escapeControlCharactersInLine } from '../shared/control-characters.ts';

/** The raw streams; only this module touches them. */
export interface TerminalStreams {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where stdout and stderr go: a terminal (true) or a file or pipe. */
  stdoutIsTerminal?: boolean;
  stderrIsTerminal?: boolean;
  /** Width of the terminal behind stderr, to keep the progress line on one row. */
  stderrColumns?: number;
}

export interface CliOutput {
  /** Lines for a person, on stdout. A string is one line: a line feed in it is shown escaped. */
  say(lines: string | readonly string[]): void;
  /** Lines for a person, on stderr (summaries, reports, problems); a string is one line. */
  tell(lines: string | readonly string[]): void;
  /** An exported or imported file's text, on stdout. */
  payload(text: string): void;
  /** What a long job is doing; shown only when stderr is a terminal. */
  progress(phase: string, done?: number, total?: number, unit?: 'bytes' | 'items'): void;
  /** Clears the progress line (the end of a job). */
  endProgress(): void;
}

const ERASE_LINE = '\r\x1b[K';
/** Redraws at most this often when only the numbers change. */
const REDRAW_MS = 80;

function formatAmount(value: number, unit: 'bytes' | 'items' | undefined): string {
  if (unit === 'bytes') return `${(value / (1024 * 1024)).toFixed(1)} MB`;
  return value.toLocaleString('en-US');
}

function asLines(lines: string | readonly string[]): string {
  const list = typeof lines === 'string' ? [lines] : lines;
  return `${list.map(escapeControlCharactersInLine).join('\n')}\n`;
}

export function createCliOutput(streams: TerminalStreams, now: () => number = Date.now): CliOutput {
  let shown = false;
  let lastPhase = '';
  let lastDrawn = 0;
  const clear = () => {
    if (!shown) return;
    streams.stderr(ERASE_LINE);
    shown = false;
  };
  return {
    say(lines) {
      clear();
      streams.stdout(asLines(lines));
    },
    tell(lines) {
      clear();
      streams.stderr(asLines(lines));
    },
    payload(text) {
      clear();
      streams.stdout(streams.stdoutIsTerminal ? escapeControlCharacters(text) : text);
    },
    progress(phase, done, total, unit) {
      if (!streams.stderrIsTerminal) return;
      const time = now();
      if (shown && phase === lastPhase && time - lastDrawn < REDRAW_MS && done !== total) return;
      let line = phase;
      if (done !== undefined && total !== undefined && total > 0) {
        const percent = Math.min(100, Math.floor((done / total) * 100));
        line += `: ${formatAmount(done, unit)} of ${formatAmount(total, unit)} (${percent}%)`;
      }
      line = `threatstorm: ${line}…`;
      const width = Math.max(20, (streams.stderrColumns ?? 80) - 1);
      // Cut by characters, not UTF-16 units, so no surrogate pair is split.
      const chars = Array.from(escapeControlCharactersInLine(line));
      streams.stderr(`${ERASE_LINE}${chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('')}`);
      shown = true;
      lastPhase = phase;
      lastDrawn = time;
    },
    endProgress: clear,
  };
}
