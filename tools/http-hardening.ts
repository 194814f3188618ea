/**
 * What every HTTP server of the project does to survive its clients: bounded header size and
 * time (so a slow or flooding client cannot hold connections or memory), and a request handler
 * that can never take the process down. The browser-fallback server uses it; the live-workshop
 * server faces the room's network and must use it too. `test/unit/server-robustness.ts` is the
 * matching test.
 */
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';

export interface HttpLimits {
  /** Time to receive a request's complete headers (slowloris); answered 408, then closed. */
  headersTimeoutMs: number;
  /** Time to receive a whole request. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Request line plus headers, in bytes; more is answered 431. */
  maxHeaderSize: number;
  /** How often Node checks the two timeouts above (its default, 30 s, lets them run late). */
  checkIntervalMs: number;
}

/** Generous for a browser on loopback or a room's Wi-Fi, tight for anything hostile. */
export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderSize: 16 * 1024,
  checkIntervalMs: 1_000,
});

/** Options for `createServer` that carry the limits Node only reads at construction. */
export function hardenedServerOptions(limits: HttpLimits = DEFAULT_HTTP_LIMITS): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderSize,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    // Node refuses a request without Host itself (400) before our handler sees it.
    requireHostHeader: true,
  };
}

export type ErrorLog = (message: string, error: unknown) => void;

export const logToConsole: ErrorLog = (message, error) => console.error(message, error);

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/**
 * Wraps a handler so that whatever it throws, synchronously or in its promise, becomes a 500
 * (or, when the answer had already begun, a closed connection) and one log line. Without this,
 * one unexpected exception in a request listener is an uncaught exception: the process exits.
 */
export function guardRequestHandler(handler: RequestHandler, log: ErrorLog = logToConsole): RequestHandler {
  const fail = (request: IncomingMessage, response: ServerResponse, error: unknown) => {
    log(`Internal error answering ${request.method ?? '?'} ${JSON.stringify((request.url ?? '').slice(0, 200))}:`, error);
    try {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
      response.end('Internal error');
    } catch {
      response.destroy();
    }
  };
  return (request, response) => {
    try {
      const result = handler(request, response);
      if (result instanceof Promise) result.catch((error: unknown) => fail(request, response, error));
    } catch (error) {
      fail(request, response, error);
    }
  };
}

/**
 * Server-level errors after listening (too many open files, a socket error outside any
 * request) are logged, never left to crash the process for want of a listener.
 */
export function logServerErrors(server: Server, log: ErrorLog = logToConsole): void {
  server.on('error', (error) => log('The local server reported an error:', error));
}
