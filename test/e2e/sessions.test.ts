import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newAppPage, startAppServer, type AppPage } from './harness.ts';
import type { StaticServer } from '../../tools/static-server.ts';

let browser: Browser;
let server: StaticServer;
let app: AppPage;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startAppServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  const problems = app ? [...app.problems] : [];
  await app?.close();
  expect(problems, 'the page reported problems').toEqual([]);
});

describe('workshop sessions', () => {
  it('creates a session, renames it, and finds it again after a reload', async () => {
    app = await newAppPage(browser);
    const { page } = app;
    await page.goto(server.url);
    await expect.poll(() => page.getByText('No sessions yet').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.waitFor();
    expect(await title.inputValue()).toBe('Untitled session');
    await expect.poll(() => page.getByRole('region', { name: /Journey canvas/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Zoom In' }).count()).toBe(1);
    expect(await page.locator('.react-flow__minimap').count()).toBe(1);

    await title.fill('Checkout threat-storm');
    await title.press('Enter');
    const saveState = page.getByRole('status', { name: 'Save state' });
    await expect.poll(() => saveState.textContent()).toBe('Saved');

    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Checkout threat-storm');

    await page.getByRole('link', { name: '← Sessions' }).click();
    const list = page.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => list.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Checkout threat-storm')]);
  });

  it('shows the save state while a change is pending and after it is written', async () => {
    app = await newAppPage(browser);
    const { page } = app;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.fill('Pending rename');
    await title.press('Enter');
    const saveState = page.getByRole('status', { name: 'Save state' });
    // Immediately after the change the debounce has not fired yet.
    expect(await saveState.textContent()).toMatch(/Unsaved changes|Saving…/);
    await expect.poll(() => saveState.textContent()).toBe('Saved');
  });

  it('Escape abandons a title edit', async () => {
    app = await newAppPage(browser);
    const { page } = app;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.fill('Not this');
    await title.press('Escape');
    expect(await title.inputValue()).toBe('Untitled session');
  });
});
