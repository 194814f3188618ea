/**
 * Electron's security checklist as plain functions: the web preferences of every window, the
 * rules for what a page may navigate to or open, and a session that grants no permissions and
 * reaches no network. Collaborators are narrowed with `Pick` so tests can hand in fakes.
 */
import type { Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'threatstorm';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // The spellchecker downloads dictionaries; the app must never touch the network.
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    preload,
  };
}

/**
 * True only for URLs on our own origin. Compares parts rather than `URL.origin` because Node's
 * URL parser reports `null` as the origin of non-special schemes, unlike Chromium.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export type BlockedKind = 'navigation' | 'redirect' | 'window' | 'webview';

export interface HardenWebContentsOptions {
  /** Told about every refusal, so main can log it; refusing never depends on it. */
  onBlocked?: (kind: BlockedKind, url: string) => void;
}

type HardenableWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: HardenableWebContents, options: HardenWebContentsOptions = {}): void {
  const { onBlocked } = options;
  const guard =
    (kind: BlockedKind) =>
    (event: { url: string; preventDefault(): void }): void => {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      onBlocked?.(kind, event.url);
    };

  contents.on('will-navigate', guard('navigation'));
  // `will-navigate` only covers the main frame; subframes are already forbidden by the CSP
  // (`frame-src 'none'`), and this closes the same door a second time.
  contents.on('will-frame-navigate', guard('navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked?.('window', url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    event.preventDefault();
    onBlocked?.('webview', params['src'] ?? '');
  });
}

/** Schemes a page may load at run time. Everything else, above all http(s), is cancelled. */
const ALLOWED_REQUEST_PROTOCOLS: ReadonlySet<string> = new Set([
  `${APP_SCHEME}:`,
  'devtools:',
  // In-memory resources the page creates itself (images, exports); never network.
  'data:',
  'blob:',
]);

export function isAllowedRequestUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return isAppUrl(url);
  return ALLOWED_REQUEST_PROTOCOLS.has(parsed.protocol);
}

type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> &
  Partial<Pick<Session, 'setDevicePermissionHandler'>> & {
    webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
  };

export function hardenSession(session: HardenableSession): void {
  // The app needs no camera, notifications, clipboard-read, HID, … so every request is refused.
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
}
