/**
 * The local server of the browser fallback (and of the browser tests and the benchmark): serves
 * the production build of the renderer on loopback only, with the same CSP and security headers
 * as Electron's app:// protocol.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/csp.ts';
import { mimeTypeFor, safeAssetPath, securityHeaders } from '../shared/static-path.ts';
import { DEFAULT_HTTP_LIMITS, guardRequestHandler, hardenedServerOptions, logServerErrors, logToConsole, type ErrorLog, type HttpLimits, type RequestHandler } from './http-hardening.ts';

export const DEFAULT_HOST = '127.0.0.1';
/**
 * Fixed on purpose: IndexedDB data belongs to the page's origin (scheme, host and port), so a
 * different port would show an empty home screen. Override with THREATSTORM_PORT.
 */
export const DEFAULT_PORT = 4780;

export interface StaticServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Host headers the loopback server answers to; anything else is refused to defeat DNS-rebinding pages. */
function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/**
 * The path of an origin-form request target (`/a/b?q`), or null for anything else: the
 * absolute form (`http://host/`), `*`, a target that does not parse, and one that would name
 * another host (`//host/…`). A target that does not parse used to throw out of the handler and
 * end the process; now it is a 400.
 */
export function requestPathname(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/')) return null;
  try {
    const url = new URL(target, REQUEST_BASE);
    return url.origin === REQUEST_BASE ? url.pathname : null;
  } catch {
    return null;
  }
}

const REQUEST_BASE = 'http://local';

export interface StaticServerOptions {
  root: string;
  port?: number;
  host?: string;
  /** Header size and timeouts; tests shorten them. */
  limits?: HttpLimits;
  /** Where internal errors are reported (they never end the process). */
  log?: ErrorLog;
}

/**
 * Serves the renderer build: GET/HEAD only, Host checked against `allowedHosts` (DNS rebinding),
 * origin-form targets only, no path outside `root`, the app's CSP and security headers on every
 * answer. The loopback server below and the live room's server (electron/live/room-server.ts)
 * both answer with it.
 */
export function createStaticHandler(options: { root: string; allowedHosts: () => readonly string[] }): RequestHandler {
  const root = path.resolve(options.root);
  const headers = securityHeaders(CONTENT_SECURITY_POLICY_HEADER);
  return async (request, response) => {
    const send = (status: number, body: string | Buffer, contentType = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { ...headers, 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed');
    // Node keeps the first of several Host headers; a proxy may use another, so refuse (RFC 9112 §3.2).
    if (request.headersDistinct.host !== undefined && request.headersDistinct.host.length > 1) return send(400, 'Bad request');
    if (!options.allowedHosts().includes((request.headers.host ?? '').toLowerCase())) return send(421, 'Misdirected request');
    const pathname = requestPathname(request.url);
    if (pathname === null) return send(400, 'Bad request');
    const relative = safeAssetPath(pathname);
    if (relative === null) return send(403, 'Forbidden');
    const file = path.join(root, relative);
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(403, 'Forbidden');
    let body: Buffer;
    try {
      const info = await stat(file);
      if (!info.isFile()) return send(404, 'Not found');
      body = await readFile(file);
    } catch {
      return send(404, 'Not found');
    }
    send(200, body, mimeTypeFor(relative));
  };
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? logToConsole;
  let boundPort = options.port ?? DEFAULT_PORT;
  const handler = guardRequestHandler(createStaticHandler({ root: options.root, allowedHosts: () => loopbackHosts(boundPort) }), log);
  const server = createServer(hardenedServerOptions(options.limits ?? DEFAULT_HTTP_LIMITS), handler);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(boundPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  logServerErrors(server, log);
  const address = server.address();
  if (address && typeof address === 'object') boundPort = address.port;
  return {
    server,
    url: `http://${host}:${boundPort}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
