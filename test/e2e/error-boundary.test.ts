/**
 * One broken view never takes the session with it (issue 17 item 4, the UI part).
 *
 * The error boundary is tested as a component on a test page: esbuild bundles
 * pages/error-boundary-page.tsx (the app's ErrorBoundary and Dialog around a view that throws
 * when a test-only button asks it to) and the page is served under the app's origin and CSP. A
 * real session is also opened whose report drawing threw when this was written (an emoji split
 * by the journey picture's line wrapping): its Report either draws or shows the boundary, and
 * either way the session, its header and the way back keep working.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp.ts';
import { useAppHarness } from './harness.ts';
import { openSessionFile } from './room-fixtures.ts';
import type { SessionDocument } from '../../shared/schema.ts';

const harness = useAppHarness();
const here = path.dirname(fileURLToPath(import.meta.url));

/** The test page, bundled once on first use (a build error fails only the tests that need it). */
let bundled: Promise<{ js: string; css: string }> | null = null;
function testPageFiles(): Promise<{ js: string; css: string }> {
  bundled ??= build({
    entryPoints: [path.join(here, 'pages', 'error-boundary-page.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    outdir: '/boundary',
    jsx: 'automatic',
    define: { __APP_VERSION__: JSON.stringify('test'), 'process.env.NODE_ENV': JSON.stringify('production') },
    logLevel: 'silent',
  }).then((result) => {
    const text = (ext: string) => result.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? '';
    return { js: text('.js'), css: text('.css') };
  });
  return bundled;
}

async function openTestPage(): Promise<Page> {
  const files = await testPageFiles();
  const { page } = await harness.open({ permissions: ['clipboard-read', 'clipboard-write'] });
  page.setDefaultTimeout(5000);
  const base = `${harness.url}boundary-test/`;
  await page.route(`${base}**`, (route) => {
    const url = route.request().url();
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY_HEADER };
    if (url.endsWith('.js')) return route.fulfill({ status: 200, contentType: 'text/javascript', body: files.js, headers });
    if (url.endsWith('.css')) return route.fulfill({ status: 200, contentType: 'text/css', body: files.css, headers });
    return route.fulfill({
      status: 200,
      contentType: 'text/html',
      headers,
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Boundary</title><link rel="stylesheet" href="page.css"></head><body><div id="root"></div><script type="module" src="page.js"></script></body></html>',
    });
  });
  await page.goto(`${base}index.html`);
  await page.getByRole('heading', { name: 'Error boundary test page' }).waitFor();
  return page;
}

describe('the error boundary', () => {
  it('replaces a view that throws with a plain message, the details to copy and the way back; the page lives on', async () => {
    const page = await openTestPage();
    expect(await page.getByText('The view works.').count()).toBe(1);

    await page.getByRole('button', { name: 'Break the view' }).click();
    const failed = page.getByRole('alert');
    await expect.poll(() => failed.getByRole('heading').textContent()).toBe('The report could not be shown');
    expect(await failed.textContent()).toContain('Your work is not affected');
    // The rest of the page is still there and still works.
    expect(await page.getByRole('heading', { name: 'Error boundary test page' }).isVisible()).toBe(true);

    await failed.getByRole('button', { name: 'Copy details' }).click();
    await expect.poll(() => failed.getByRole('status').textContent()).toBe('The details are on the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('View: The report');
    expect(copied).toContain('Error: URIError: URI malformed');
    expect(copied).toContain('Threatstorm test');

    await failed.getByRole('button', { name: 'Back to the canvas' }).click();
    await expect.poll(() => page.getByText('The view works.').count()).toBe(1);
    expect(await page.getByText('Went back 1 times').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('keeps a failure inside a dialog to the dialog, which still closes', async () => {
    const page = await openTestPage();
    await page.getByRole('button', { name: 'Open a broken dialog' }).click();
    const dialog = page.getByRole('dialog', { name: 'Broken dialog' });
    await expect.poll(() => dialog.getByRole('alert').getByRole('heading').textContent()).toBe('This dialog could not be shown');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Break the view' }).waitFor();
  });

  it('a session whose report once blanked the app: Report draws or says what failed, and the session stays usable', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(6000);
    const fixture = JSON.parse(readFileSync(path.join(here, 'pages', 'emoji-label-session.json'), 'utf8')) as SessionDocument;
    await openSessionFile(page, fixture);
    await page.getByRole('tab', { name: 'Report', exact: true }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'could not be shown' });
    // Drawn means down to the journey's picture, the part that used to throw.
    const drawn = page.locator('.report-picture');
    await expect.poll(async () => (await failed.count()) + Math.min(1, await drawn.count())).toBe(1);
    // The header and the views survive whatever happened.
    expect(await page.getByRole('tab', { name: 'Journeys', exact: true }).isVisible()).toBe(true);
    if ((await failed.count()) > 0) await failed.getByRole('button', { name: 'Back to the canvas' }).click();
    else await page.getByRole('tab', { name: 'Journeys', exact: true }).click();
    await page.getByRole('region', { name: /^Journey canvas/ }).waitFor();
    expect(await page.getByRole('group', { name: /😀/ }).count()).toBe(1);
  });
});
