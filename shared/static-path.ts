/**
 * Maps the path of a request for an app asset to a path relative to the asset root, or null
 * when the request must be refused. Used by both the Electron `app://` protocol handler and the
 * local browser server, so the traversal rules are written (and tested) once.
 *
 * Refused: anything that decodes to a `..` segment, backslashes, NUL and control characters,
 * drive letters, malformed percent-encoding and hidden files (`.foo`).
 */
export function safeAssetPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  for (const segment of segments) {
    if (segment === '..' || segment.startsWith('.') || /^[A-Za-z]:$/.test(segment)) return null;
  }
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

export function mimeTypeFor(relativePath: string): string {
  const extension = relativePath.slice(relativePath.lastIndexOf('.') + 1).toLowerCase();
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * Powers the app never uses, denied to the page and anything it could embed. Only names
 * Chromium knows: an unknown one ("bluetooth") is ignored and makes Chromium log a warning on
 * every load. Checked in Chromium by `test/e2e/permissions-policy.test.ts`. Clipboard and
 * fullscreen stay allowed (walk mode goes full screen).
 */
export const DENIED_FEATURES: readonly string[] = ['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'midi', 'display-capture', 'payment'];

export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/** Headers every app response carries, in Electron and in the browser fallback alike. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
  };
}
