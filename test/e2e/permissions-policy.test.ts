/**
 * The security headers as Chromium reads them: the Permissions-Policy the app sends (the same
 * in Electron and the browser fallback) must name only features Chromium knows, or Chromium
 * warns on every load. Served by the app's own local server from a tiny page, so this needs no
 * renderer build; a positive control proves the warning would be seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStaticServer, type StaticServer } from '../../tools/static-server.ts';
import { DENIED_FEATURES, PERMISSIONS_POLICY } from '../../shared/static-path.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.ts';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ts-pp-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="en"><title>policy</title><p>policy</p></html>');
  [browser, server] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }),
    startStaticServer({ root, port: 0 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every console message and browser log entry of loading `url`. */
async function messagesOfLoading(url: string): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const messages: string[] = [];
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
  const cdp = await context.newCDPSession(page);
  cdp.on('Log.entryAdded', ({ entry }) => messages.push(`${entry.level}: ${entry.text}`));
  await cdp.send('Log.enable');
  await page.goto(url);
  await page.waitForLoadState('load');
  // Header warnings are logged while the document commits; give the log a moment to arrive.
  await page.waitForTimeout(300);
  await context.close();
  return messages;
}

describe('Permissions-Policy in Chromium', () => {
  it('is sent, and Chromium recognises every feature it names (no warning on load)', async () => {
    const response = await fetch(server.url);
    expect(response.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
    expect(DENIED_FEATURES).not.toContain('bluetooth');
    const messages = await messagesOfLoading(server.url);
    expect(messages.filter((m) => /permissions.policy|feature/i.test(m))).toEqual([]);
  });

  it('would show the warning for a feature Chromium does not know (positive control)', async () => {
    const control = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Permissions-Policy': `${PERMISSIONS_POLICY}, bluetooth=()` });
      response.end('<!doctype html><title>control</title>');
    });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = control.address() as { port: number };
      const messages = await messagesOfLoading(`http://127.0.0.1:${port}/`);
      expect(messages.some((m) => m.includes("Unrecognized feature: 'bluetooth'"))).toBe(true);
    } finally {
      await new Promise((resolve) => control.close(resolve));
    }
  });
});
