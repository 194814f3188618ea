/**
 * The rule for every HTTP server of the project (the browser-fallback server today, the live
 * workshop server later): no request, however malformed, ends the process or wedges the server.
 * `assertSurvivesHostileRequests` fires a bounded list of hostile raw requests over TCP at a
 * started server on loopback, one at a time, and after each one checks that a normal request
 * is still answered. It knows nothing about the server under test beyond host, port and the
 * Host header its good request needs, so any server can reuse it.
 */
import net from 'node:net';

export interface HostileRequest {
  name: string;
  /** Chunks written in order; a chunk that is a number is a pause in milliseconds. */
  send: (ctx: { hostHeader: string }) => readonly (string | Buffer | number)[];
  /** Half-close the connection after sending (a client that gives up mid-request). */
  endAfterSending?: boolean;
  /** Never finished: the helper keeps it open while it checks the server still answers. */
  slow?: boolean;
}

export interface ProbeOutcome {
  name: string;
  /** The status code of the first response line, or null when the server answered nothing. */
  status: number | null;
  /** The server closed the connection (with or without an answer) within the wait. */
  closed: boolean;
  /** Milliseconds from the first byte sent to the answer or close (or to giving up). */
  elapsedMs: number;
}

export interface RobustnessTarget {
  host: string;
  port: number;
  /** The Host header of the good request and of probes that need a valid one. */
  hostHeader: string;
  /** Path of the good request (default `/`). */
  goodPath?: string;
  /** Which statuses count as "the server answered the good request" (default 200–399). */
  isGoodStatus?: (status: number) => boolean;
  /** How long one probe may take to be answered or closed (default 3 s). */
  probeTimeoutMs?: number;
  /**
   * When set, a never-finished request must be dropped by the server within this time (the
   * server's header timeout plus slack). When unset, the slow probe only checks the server keeps
   * answering others while it hangs, then the helper closes it after `probeTimeoutMs`.
   */
  slowClientTimeoutMs?: number;
  /** Accept 5xx answers to hostile requests (default false: a 5xx means a bug was reached). */
  allowServerErrors?: boolean;
}

const request = (line: string, headers: readonly string[]) => `${line}\r\n${headers.join('\r\n')}\r\n\r\n`;
const hostLine = (hostHeader: string) => `Host: ${hostHeader}`;

/** Deterministic "random" bytes, so a failure replays exactly. */
function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

export const HOSTILE_REQUESTS: readonly HostileRequest[] = [
  // Request targets that a naive `new URL(target, base)` cannot parse.
  ...['//', '//%5B/', '///', '//[', '//evil.example/', '/%', '%', '/%zz', '/%00', '/\u00ff', '?', '#', '/..%2f..%2fetc/passwd'].map(
    (target): HostileRequest => ({ name: `target ${JSON.stringify(target)}`, send: ({ hostHeader }) => [request(`GET ${target} HTTP/1.1`, [hostLine(hostHeader), 'Connection: close'])] }),
  ),
  { name: 'absolute-form target', send: ({ hostHeader }) => [request('GET http://evil.example/ HTTP/1.1', [hostLine(hostHeader), 'Connection: close'])] },
  { name: 'absolute-form target on our host', send: ({ hostHeader }) => [request(`GET http://${hostHeader}// HTTP/1.1`, [hostLine(hostHeader), 'Connection: close'])] },
  { name: 'asterisk target (OPTIONS)', send: ({ hostHeader }) => [request('OPTIONS * HTTP/1.1', [hostLine(hostHeader), 'Connection: close'])] },
  { name: 'asterisk target (GET)', send: ({ hostHeader }) => [request('GET * HTTP/1.1', [hostLine(hostHeader), 'Connection: close'])] },
  { name: 'authority-form target (CONNECT)', send: ({ hostHeader }) => [request('CONNECT evil.example:443 HTTP/1.1', [hostLine(hostHeader)])] },
  { name: '100 KB URL', send: ({ hostHeader }) => [request(`GET /${'a'.repeat(100 * 1024)} HTTP/1.1`, [hostLine(hostHeader), 'Connection: close'])] },
  { name: '100 KB of query string', send: ({ hostHeader }) => [request(`GET /?${'%'.repeat(100 * 1024)} HTTP/1.1`, [hostLine(hostHeader), 'Connection: close'])] },
  {
    name: 'header flood (5,000 headers)',
    send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), ...Array.from({ length: 5000 }, (_, i) => `X-Flood-${i}: ${'v'.repeat(20)}`), 'Connection: close'])],
  },
  { name: 'one 1 MB header', send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), `X-Big: ${'b'.repeat(1024 * 1024)}`, 'Connection: close'])] },
  ...['FOO', 'get', 'G\u0000T', 'DELETE', 'POST', 'PROPFIND', 'PRI'].map(
    (method): HostileRequest => ({ name: `method ${JSON.stringify(method)}`, send: ({ hostHeader }) => [request(`${method} / HTTP/1.1`, [hostLine(hostHeader), 'Content-Length: 0', 'Connection: close'])] }),
  ),
  { name: 'HTTP/2 preface on an HTTP/1 port', send: () => ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'] },
  { name: 'unknown HTTP version', send: ({ hostHeader }) => [request('GET / HTTP/9.9', [hostLine(hostHeader), 'Connection: close'])] },
  { name: 'HTTP/0.9 request line', send: () => ['GET /\r\n\r\n'] },
  { name: 'missing Host', send: () => [request('GET / HTTP/1.1', ['Connection: close'])] },
  { name: 'foreign Host', send: () => [request('GET / HTTP/1.1', ['Host: evil.example', 'Connection: close'])] },
  { name: 'two Host headers', send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), 'Host: evil.example', 'Connection: close'])] },
  { name: 'Host with a path and control bytes', send: () => [request('GET / HTTP/1.1', ['Host: 127.0.0.1/..\u0001\u007f', 'Connection: close'])] },
  { name: 'Host of 64 KB', send: () => [request('GET / HTTP/1.1', [`Host: ${'h'.repeat(64 * 1024)}`, 'Connection: close'])] },
  { name: 'header line without a colon', send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), 'NoColonHere', 'Connection: close'])] },
  { name: 'bare LF line endings', send: ({ hostHeader }) => [`GET / HTTP/1.1\n${hostLine(hostHeader)}\nConnection: close\n\n`] },
  {
    name: 'Content-Length and Transfer-Encoding together (smuggling)',
    send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), 'Content-Length: 4', 'Transfer-Encoding: chunked']) + '0\r\n\r\nGET /x HTTP/1.1\r\n\r\n'],
  },
  { name: 'broken chunked body', send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), 'Transfer-Encoding: chunked', 'Connection: close']) + 'zz\r\nnot hex\r\n'] },
  { name: 'negative Content-Length', send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), 'Content-Length: -1', 'Connection: close'])] },
  { name: 'huge Content-Length, no body', send: ({ hostHeader }) => [request('GET / HTTP/1.1', [hostLine(hostHeader), 'Content-Length: 99999999999999999999', 'Connection: close'])], endAfterSending: true },
  { name: '50 pipelined requests', send: ({ hostHeader }) => [Array.from({ length: 50 }, (_, i) => request(`GET /${i % 2 ? '/' : ''} HTTP/1.1`, [hostLine(hostHeader)])).join('')], endAfterSending: true },
  { name: 'truncated request line', send: () => ['GET /ind'], endAfterSending: true },
  { name: 'truncated headers', send: ({ hostHeader }) => [`GET / HTTP/1.1\r\n${hostLine(hostHeader)}\r\nAccept: te`], endAfterSending: true },
  { name: 'garbage bytes', send: () => [garbage(4096, 1)] },
  { name: 'garbage after a valid request line', send: () => ['GET / HTTP/1.1\r\n', garbage(2048, 2)] },
  { name: 'TLS ClientHello on a plain port', send: () => [Buffer.from('16030100a5010000a10303', 'hex'), garbage(160, 3)] },
  { name: 'NUL bytes only', send: () => [Buffer.alloc(1024)] },
  {
    name: 'slowloris: headers that never finish',
    slow: true,
    send: ({ hostHeader }) => [`GET / HTTP/1.1\r\n${hostLine(hostHeader)}\r\n`, ...Array.from({ length: 20 }, (_, i) => [100, `X-Slow-${i}: a\r\n`]).flat()],
  },
];

function parseStatus(data: Buffer): number | null {
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(data.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** Sends one probe and waits for an answer or a close, at most `waitMs`; never throws. */
function sendProbe(target: RobustnessTarget, probe: HostileRequest, waitMs: number, whileOpen?: () => void): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    let received = Buffer.alloc(0);
    let status: number | null = null;
    let settled = false;
    let answeredAt: number | null = null;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ name: probe.name, status, closed, elapsedMs: (answeredAt ?? Date.now()) - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      if (received.length < 64) received = Buffer.concat([received, chunk]).subarray(0, 64);
      if (status === null) {
        status = parseStatus(received);
        if (status !== null) answeredAt = Date.now();
      }
    });
    // A reset after an answer (the server dropping a connection it refused) is a close too.
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('end', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        let first = true;
        for (const chunk of probe.send({ hostHeader: target.hostHeader })) {
          if (settled || socket.destroyed) return;
          if (typeof chunk === 'number') await new Promise((r) => setTimeout(r, chunk));
          else await new Promise<void>((r) => socket.write(chunk, () => r()));
          if (first && whileOpen) whileOpen();
          first = false;
        }
        if (probe.endAfterSending && !socket.destroyed) socket.end();
      })().catch(() => finish(true));
    });
  });
}

/** One well-formed request; resolves with its status, rejects when there is none in time. */
export function goodRequest(target: RobustnessTarget, timeoutMs = target.probeTimeoutMs ?? 3000): Promise<number> {
  const probe: HostileRequest = {
    name: 'good request',
    send: ({ hostHeader }) => [request(`GET ${target.goodPath ?? '/'} HTTP/1.1`, [`Host: ${hostHeader}`, 'Connection: close'])],
  };
  return sendProbe(target, probe, timeoutMs).then((outcome) => {
    if (outcome.status === null) throw new Error(`the server did not answer a normal GET ${target.goodPath ?? '/'} within ${timeoutMs} ms`);
    return outcome.status;
  });
}

/**
 * Fires every hostile request at the server and throws on the first rule broken: a probe left
 * unanswered and open past the wait, a 5xx answer (unless allowed), or a normal request that is
 * no longer answered afterwards. Returns every probe's outcome for server-specific assertions.
 */
export async function assertSurvivesHostileRequests(target: RobustnessTarget, probes: readonly HostileRequest[] = HOSTILE_REQUESTS): Promise<ProbeOutcome[]> {
  const waitMs = target.probeTimeoutMs ?? 3000;
  const isGood = target.isGoodStatus ?? ((status: number) => status >= 200 && status < 400);
  const checkGood = async (after: string) => {
    let status: number;
    try {
      status = await goodRequest(target, waitMs);
    } catch (error) {
      throw new Error(`after "${after}": ${(error as Error).message}`, { cause: error });
    }
    if (!isGood(status)) throw new Error(`after "${after}": a normal request got ${status}`);
  };

  await checkGood('nothing (the server must answer a normal request to begin with)');
  const outcomes: ProbeOutcome[] = [];
  for (const probe of probes) {
    // The slow probe checks the server while its own connection is still open and unfinished.
    let goodWhileOpen: Promise<Error | null> | undefined;
    const whileOpen = () => {
      goodWhileOpen = checkGood(`${probe.name} (while it is open)`).then(
        () => null,
        (error: unknown) => error as Error,
      );
    };
    const outcome = await sendProbe(target, probe, probe.slow ? (target.slowClientTimeoutMs ?? waitMs) : waitMs, probe.slow ? whileOpen : undefined);
    outcomes.push(outcome);
    const failedWhileOpen = goodWhileOpen ? await goodWhileOpen : null;
    if (failedWhileOpen) throw failedWhileOpen;
    if (probe.slow) {
      if (target.slowClientTimeoutMs !== undefined && !outcome.closed) {
        throw new Error(`"${probe.name}": the server kept a never-finished request open longer than ${target.slowClientTimeoutMs} ms`);
      }
    } else if (outcome.status === null && !outcome.closed) {
      throw new Error(`"${probe.name}": no answer and no close within ${waitMs} ms (the server hangs on it)`);
    }
    if (outcome.status !== null && outcome.status >= 500 && !target.allowServerErrors) {
      throw new Error(`"${probe.name}": answered ${outcome.status}; a hostile request must be refused, not reach a server error`);
    }
    await checkGood(probe.name);
  }
  return outcomes;
}
