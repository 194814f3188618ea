// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  APP_ORIGIN,
  hardenSession,
  hardenWebContents,
  isAllowedRequestUrl,
  isAppUrl,
  secureWebPreferences,
} from '../../electron/security.ts';

type Listener = (...args: unknown[]) => void;

/** Records what hardenWebContents wires up, so each listener can be fired by hand. */
function fakeWebContents() {
  const listeners = new Map<string, Listener[]>();
  let windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      windowOpenHandler = handler;
    },
  };
  const emit = (event: string, ...args: unknown[]) => {
    const registered = listeners.get(event) ?? [];
    expect(registered.length, `a listener for ${event}`).toBeGreaterThan(0);
    for (const listener of registered) listener(...args);
  };
  const navigationEvent = (url: string) => ({ url, preventDefault: vi.fn() });
  return {
    contents: contents as unknown as Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
    emit,
    navigationEvent,
    openWindow: (url: string) => windowOpenHandler?.({ url }),
  };
}

describe('secureWebPreferences', () => {
  it('turns on every isolation setting and off every Node and legacy power', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      preload: '/app/preload.cjs',
    });
  });
});

describe('isAppUrl', () => {
  it('accepts the app origin', () => {
    expect(APP_ORIGIN).toBe('app://threatstorm');
    expect(isAppUrl('app://threatstorm/index.html')).toBe(true);
    expect(isAppUrl('app://threatstorm/')).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://threatstorm/index.html',
    'app://evil/index.html',
    'app://threatstorm.evil.example/',
    'app://threatstorm:8080/',
    'app://user:pass@threatstorm/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: blocks other origins, allows the app', (eventName) => {
    const fake = fakeWebContents();
    const onBlocked = vi.fn();
    hardenWebContents(fake.contents, { onBlocked });

    const evil = fake.navigationEvent('https://evil.example/phish');
    fake.emit(eventName, evil, evil.url);
    expect(evil.preventDefault).toHaveBeenCalled();
    expect(onBlocked).toHaveBeenCalledWith(expect.any(String), 'https://evil.example/phish');

    const local = fake.navigationEvent('file:///home/user/.ssh/id_rsa');
    fake.emit(eventName, local, local.url);
    expect(local.preventDefault).toHaveBeenCalled();

    const own = fake.navigationEvent('app://threatstorm/index.html');
    fake.emit(eventName, own, own.url);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('denies every new window, even one on the app origin', () => {
    const fake = fakeWebContents();
    const onBlocked = vi.fn();
    hardenWebContents(fake.contents, { onBlocked });
    expect(fake.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(fake.openWindow('app://threatstorm/index.html')).toEqual({ action: 'deny' });
    expect(onBlocked).toHaveBeenCalledWith('window', 'https://evil.example/');
  });

  it('refuses to attach a <webview>', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents);
    const event = { preventDefault: vi.fn() };
    fake.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('works without an onBlocked callback', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents);
    const evil = fake.navigationEvent('https://evil.example/');
    expect(() => fake.emit('will-navigate', evil, evil.url)).not.toThrow();
    expect(evil.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenSession', () => {
  function fakeSession(withDeviceHandler = true) {
    const recorded: {
      request?: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
      check?: (...args: unknown[]) => boolean;
      device?: (...args: unknown[]) => boolean;
      beforeRequest?: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
    } = {};
    const session = {
      setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
      setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
      ...(withDeviceHandler ? { setDevicePermissionHandler: (handler: typeof recorded.device) => (recorded.device = handler) } : {}),
      webRequest: { onBeforeRequest: (handler: typeof recorded.beforeRequest) => (recorded.beforeRequest = handler) },
    };
    return { session: session as unknown as Session, recorded };
  }

  it('refuses every permission request and check', () => {
    const { session, recorded } = fakeSession();
    hardenSession(session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'hid']) {
      const callback = vi.fn();
      recorded.request?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    expect(recorded.check?.(null, 'media', 'app://threatstorm', {})).toBe(false);
    expect(recorded.device?.({ deviceType: 'usb' })).toBe(false);
  });

  it('does not need setDevicePermissionHandler', () => {
    const { session, recorded } = fakeSession(false);
    expect(() => hardenSession(session)).not.toThrow();
    expect(recorded.request).toBeTypeOf('function');
  });

  it('cancels every request that would leave the machine', () => {
    const { session, recorded } = fakeSession();
    hardenSession(session);
    const cancelled = (url: string): boolean | undefined => {
      let response: { cancel?: boolean } | undefined;
      recorded.beforeRequest?.({ url }, (r) => (response = r));
      return response?.cancel;
    };
    for (const url of [
      'https://evil.example/x.js',
      'http://127.0.0.1:5173/',
      'ws://localhost:1234/',
      'wss://evil.example/socket',
      'ftp://evil.example/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'chrome-extension://abc/x.js',
    ]) {
      expect(cancelled(url), url).toBe(true);
    }
    for (const url of [
      'app://threatstorm/index.html',
      'app://threatstorm/assets/index-abc.js',
      'devtools://devtools/bundled/devtools_app.html',
      'data:image/png;base64,iVBORw0KGgo=',
      'blob:app://threatstorm/4f1c2d3e-0000-4000-8000-000000000000',
    ]) {
      expect(cancelled(url), url).toBe(false);
    }
  });

  it('treats unparseable URLs as not allowed', () => {
    expect(isAllowedRequestUrl('::::')).toBe(false);
  });
});
