/**
 * The `app://threatstorm/` origin: serves the built renderer from disk with the app's CSP and
 * security headers. A privileged standard scheme gives the page a stable origin (IndexedDB is
 * keyed by it) without the extra powers `file://` carries.
 */
import path from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/csp.ts';
import { mimeTypeFor, safeAssetPath, securityHeaders } from '../shared/static-path.ts';
import { APP_HOST, APP_SCHEME } from './security.ts';

/** Must run before the app's `ready` event: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export interface AppProtocolOptions {
  /** Absolute directory holding the renderer build (index.html and assets). */
  root: string;
  readFile: (absolutePath: string) => Promise<Uint8Array<ArrayBuffer>>;
}

/** Error codes that mean "nothing servable there" rather than a fault worth a 500. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

export function createAppProtocolHandler({ root, readFile }: AppProtocolOptions): (request: Request) => Promise<Response> {
  const resolvedRoot = path.resolve(root);

  const respond = (status: number, body: Uint8Array<ArrayBuffer> | string | null, contentType = 'text/plain; charset=utf-8'): Response =>
    new Response(body, {
      status,
      headers: { ...securityHeaders(CONTENT_SECURITY_POLICY_HEADER), 'Content-Type': contentType },
    });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return respond(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return respond(403, 'Forbidden');

    const relative = safeAssetPath(url.pathname);
    if (relative === null) return respond(403, 'Forbidden');

    // Second line of defence, independent of safeAssetPath's string rules: whatever the path
    // became after joining, it must still be inside the root.
    const absolute = path.resolve(resolvedRoot, relative);
    const inside = path.relative(resolvedRoot, absolute);
    const escapes = inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside);
    if (inside === '' || escapes) return respond(403, 'Forbidden');

    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readFile(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code !== undefined && NOT_FOUND_CODES.has(code)) return respond(404, 'Not found');
      return respond(500, 'Internal error');
    }
    return respond(200, request.method === 'HEAD' ? null : body, mimeTypeFor(relative));
  };
}
