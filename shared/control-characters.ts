/**
 * Text from files (session titles, key names, report lines, parser messages, paths) shown
 * outside the page: on the CLI's terminal, in a native dialog. A terminal obeys control
 * sequences in what it prints: ESC ] 52 writes the clipboard, ESC ] 0 sets the window title,
 * ESC [ 2 J clears the screen, CR overwrites a line; and bidi overrides reorder what the reader
 * sees anywhere (a file name that reads `…json` but is `…exe`). Every such character becomes a
 * visible escape (`\x1b`, `\u202e`), so the text is shown, never obeyed.
 */

// C0 controls (line feed is decided by the caller; CR only when it ends a CRLF line), DEL, C1
// controls (0x9B is a one-byte CSI), and the bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
// eslint-disable-next-line no-control-regex -- as above, and every CR and LF
const UNSAFE_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Multi-line text: line feeds (and CRLF line ends, as in CSV) stay; every other
 * control character is shown escaped.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One line: a line feed in it is shown as `\n` too, so no value can forge a line. */
export function escapeControlCharactersInLine(text: string): string {
  return text.replace(UNSAFE_ONE_LINE, visible);
}
