/**
 * The one Content-Security-Policy of the app. Electron sets it as a response header of the
 * app:// protocol, the local server sends it as a header, and the production build embeds it
 * as a <meta> tag so a page opened any other way is still covered.
 *
 * No 'unsafe-inline', no 'unsafe-eval', nothing remote. React Flow works under
 * `style-src 'self'` because React sets styles through the CSSOM, never via style attributes
 * in HTML.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' data:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/** Directives that are ignored (and warned about) in a <meta> tag but valid as a header. */
export const CSP_HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'none'"];

export const CONTENT_SECURITY_POLICY_HEADER = [CONTENT_SECURITY_POLICY, ...CSP_HEADER_ONLY_DIRECTIVES].join('; ');
