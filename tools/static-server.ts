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

/** Host headers we answer to; anything else is refused to defeat DNS-rebinding pages. */
function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader.toLowerCase());
}

export async function startStaticServer(options: { root: string; port?: number; host?: string }): Promise<StaticServer> {
  const root = path.resolve(options.root);
  const host = options.host ?? DEFAULT_HOST;
  const headers = securityHeaders(CONTENT_SECURITY_POLICY_HEADER);
  let boundPort = options.port ?? DEFAULT_PORT;

  const server = createServer((request, response) => {
    const send = (status: number, body: string | Buffer, contentType = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { ...headers, 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method not allowed');
    if (!isAllowedHost(request.headers.host, boundPort)) return send(421, 'Misdirected request');
    const pathname = new URL(request.url ?? '/', 'http://local').pathname;
    const relative = safeAssetPath(pathname);
    if (relative === null) return send(403, 'Forbidden');
    const file = path.join(root, relative);
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(403, 'Forbidden');
    stat(file)
      .then((info) => (info.isFile() ? readFile(file) : Promise.reject(new Error('not a file'))))
      .then(
        (body) => send(200, body, mimeTypeFor(relative)),
        () => send(404, 'Not found'),
      );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(boundPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address && typeof address === 'object') boundPort = address.port;
  return {
    server,
    url: `http://${host}:${boundPort}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
