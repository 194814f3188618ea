/**
 * Session files the operating system asks us to open: a path on the command line (Windows,
 * Linux, and a second launch while running) or macOS's `open-file` event. Paths come from the
 * OS, never from the page; main reads the file (size-limited), asks the person whether to open
 * it (its full path and what it holds), and only then hands the page its name and text, which
 * the page validates like any file it opens. Anything can start the app with a path (a link, a
 * script, another program), so a session never lands in the store without that question.
 */
import path from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { readTextFile, type FileSystem } from './file-io.ts';
import type { OpenedFile } from '../shared/platform-api.ts';
import { escapeControlCharactersInLine } from '../shared/control-characters.ts';
import { plural } from '../shared/plural.ts';

/** The first argument that names a `.threatstorm.json` (or `.json`) file, skipping switches. */
export function sessionFileFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const lower = arg.toLowerCase();
    if (lower.endsWith('.threatstorm.json') || lower.endsWith('.json')) return arg;
  }
  return null;
}

/** What a launch file holds, read without validating it (the page does that). */
export interface SessionSummary {
  title: string;
  counts: { journeys: number; steps: number; threats: number; outcomes: number; mitigations: number };
}

const MAX_TITLE = 120;

/**
 * Title and counts of a session file's text, or null when it is not a JSON object. Nothing
 * here trusts the text: missing parts count as zero, the title is shortened.
 */
export function summarizeSessionText(text: string): SessionSummary | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const doc = raw as Record<string, unknown>;
  const count = (key: string) => (Object.hasOwn(doc, key) && Array.isArray(doc[key]) ? (doc[key] as unknown[]).length : 0);
  const session = Object.hasOwn(doc, 'session') ? doc.session : undefined;
  const rawTitle = typeof session === 'object' && session !== null && typeof (session as Record<string, unknown>).title === 'string' ? ((session as Record<string, unknown>).title as string) : '';
  const chars = Array.from(rawTitle.trim());
  return {
    title: chars.length > MAX_TITLE ? `${chars.slice(0, MAX_TITLE - 1).join('')}…` : chars.join(''),
    counts: { journeys: count('journeys'), steps: count('steps'), threats: count('threats'), outcomes: count('outcomes'), mitigations: count('mitigations') },
  };
}


export const OPEN_BUTTON = 0;

/**
 * The native question before a file from outside the app is opened: which file (its full path,
 * with any control or bidi character shown escaped so a name cannot disguise itself) and what it
 * holds. Cancel is the answer when the dialog is closed.
 */
export function launchFileQuestion(filePath: string, summary: SessionSummary | null): MessageBoxOptions {
  const shownPath = escapeControlCharactersInLine(filePath);
  const holds = summary
    ? [
        `Session: ${summary.title ? `“${escapeControlCharactersInLine(summary.title)}”` : '(no title)'}`,
        `It holds ${plural(summary.counts.journeys, 'journey')}, ${plural(summary.counts.steps, 'step')}, ${plural(summary.counts.threats, 'threat')}, ` +
          `${plural(summary.counts.outcomes, 'outcome')} and ${plural(summary.counts.mitigations, 'mitigation')}.`,
      ]
    : ['It does not look like a Threatstorm session; if you open it, Threatstorm says what is wrong and stores nothing.'];
  return {
    type: 'question',
    title: 'Open a session file',
    message: 'Open this file in Threatstorm?',
    detail: [`File: ${shownPath}`, ...holds, '', 'Opening stores the session on this computer. Open only files you expect.'].join('\n'),
    buttons: ['Open', 'Cancel'],
    defaultId: OPEN_BUTTON,
    cancelId: 1,
    noLink: true,
  };
}

/**
 * Holds paths until the page can receive them (it may not have loaded yet), then, one file at a
 * time, reads each, asks, and sends it only when the person says Open. A file that cannot be
 * read is reported through `onError`, never sent half-way; a declined one is dropped.
 */
export function createLaunchFileQueue(deps: {
  fs: Pick<FileSystem, 'stat' | 'readFile'>;
  /** Shows the question (see `launchFileQuestion`); true when the person chose Open. */
  confirm(filePath: string, summary: SessionSummary | null): Promise<boolean>;
  send(file: OpenedFile): void;
  onError(message: string): void;
}) {
  const pending: string[] = [];
  /** Answered Open while the page was reloading: sent, without asking again, once it is back. */
  const confirmed: OpenedFile[] = [];
  let ready = false;
  // One question at a time: a second launch while a question is open waits its turn.
  let chain: Promise<void> = Promise.resolve();
  const deliver = async (file: string) => {
    const read = await readTextFile(deps.fs, file);
    if (!read.ok) {
      deps.onError(`${path.basename(file)}: ${read.message}`);
      return;
    }
    let open = false;
    try {
      open = await deps.confirm(file, summarizeSessionText(read.value));
    } catch {
      open = false;
    }
    if (!open) return;
    const opened = { fileName: path.basename(file), content: read.value };
    if (ready) deps.send(opened);
    else confirmed.push(opened);
  };
  const enqueue = (file: string) => {
    chain = chain.then(() => deliver(file)).catch(() => undefined);
  };
  return {
    add(file: string): void {
      if (ready) enqueue(file);
      else pending.push(file);
    },
    /** The page has loaded: everything queued goes now, later files go at once. */
    ready(): void {
      ready = true;
      for (const opened of confirmed.splice(0)) deps.send(opened);
      for (const file of pending.splice(0)) enqueue(file);
    },
    /** The page is reloading or gone: queue again until it says it is ready. */
    reset(): void {
      ready = false;
    },
    /** Resolves when every file handed over so far has been asked about and sent or dropped. */
    settled(): Promise<void> {
      return chain;
    },
  };
}
