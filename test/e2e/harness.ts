/**
 * Browser-test harness: Debian's Chromium driven by playwright-core against the production
 * build served by the same local server as `npm start`. Every page is watched: a console error,
 * an uncaught exception, a CSP violation or a request to any non-local origin fails the test.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { attachLiveControl, type LiveControl } from '../../tools/live-control.ts';
import type { LiveInterface } from '../../shared/platform-api.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_ROOT = path.join(projectRoot, 'dist', 'renderer');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(path.join(RENDERER_ROOT, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does).');
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export function startAppServer(): Promise<StaticServer> {
  return startStaticServer({ root: RENDERER_ROOT, port: 0 });
}

/** Only loopback is offered in tests: a live room never listens on this machine's network. */
export const LOOPBACK_ONLY: LiveInterface[] = [{ name: 'This computer only', address: '127.0.0.1', family: 'IPv4' }];

/**
 * The app server with live hosting (as `npm start`'s browser fallback has it), the room on a free
 * port of 127.0.0.1.
 */
export async function startLiveAppServer(log: (line: string) => void = () => undefined): Promise<StaticServer & { live: LiveControl }> {
  const server = await startStaticServer({ root: RENDERER_ROOT, port: 0 });
  const port = Number(new URL(server.url).port);
  const live = attachLiveControl(server.server, { rendererRoot: RENDERER_ROOT, port: () => port, roomPort: 0, interfaces: () => LOOPBACK_ONLY, log });
  return {
    ...server,
    live,
    close: async () => {
      await live.close();
      await server.close();
    },
  };
}

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Everything that went wrong in the page; a test's teardown asserts it is empty. */
  problems: string[];
  close(): Promise<void>;
}

/** Watches a page for console errors, page errors and CSP violations. */
export function watchPage(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
}

export async function newAppPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; deviceScaleFactor?: number; permissions?: string[] } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    acceptDownloads: true,
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    problems.push(`request to a non-local origin: ${url}`);
    return route.abort('blockedbyclient');
  });
  // Init scripts are injected by the driver, not by the page, so the CSP does not block them.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  watchPage(page, problems);
  return { context, page, problems, close: () => context.close() };
}

/**
 * Registers the per-file lifecycle: one browser and one server per file, a fresh context per
 * test, and a teardown that fails the test on any problem the page reported.
 */
export function useAppHarness() {
  const state: { browser?: Browser; server?: StaticServer; pages: AppPage[] } = { pages: [] };
  beforeAll(async () => {
    [state.browser, state.server] = await Promise.all([launchBrowser(), startAppServer()]);
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  afterEach(async () => {
    const problems = state.pages.flatMap((app) => app.problems);
    await Promise.all(state.pages.map((app) => app.close()));
    state.pages = [];
    expect(problems, 'the page reported problems').toEqual([]);
  });
  return {
    get url(): string {
      if (!state.server) throw new Error('server not started');
      return state.server.url;
    },
    /** Opens the app home screen in a fresh browser context (fresh IndexedDB). */
    async open(options?: Parameters<typeof newAppPage>[1]): Promise<AppPage> {
      if (!state.browser || !state.server) throw new Error('browser not started');
      const app = await newAppPage(state.browser, options);
      state.pages.push(app);
      await app.page.goto(state.server.url);
      return app;
    },
  };
}

/**
 * Clicks a step on the canvas, reaching it first the way a keyboard user does when it is out of
 * sight: focusing it makes React Flow pan it into view. (A plain click would first scroll the
 * pane's overflow-hidden wrapper, which React Flow scrolls back on its next scroll event: the
 * click then lands wherever that race leaves the step — flaky on a busy machine.)
 */
export async function clickStep(step: Locator): Promise<void> {
  await step.evaluate((element: HTMLElement) => element.focus({ focusVisible: true, preventScroll: true } as FocusOptions));
  await step.click();
}
