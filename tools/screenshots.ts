/**
 * `npm run screenshots`: drives the production build in Debian's Chromium through the main
 * screens, light and dark, and writes PNGs to screenshots/ so people can look at what they built.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newAppPage, startAppServer } from '../test/e2e/harness.ts';
import { sampleSession } from './sample-sessions.ts';

const outDir = new URL('../screenshots/', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });
const sampleFile = path.join(tmpdir(), 'threatstorm-40-steps.threatstorm.json');
writeFileSync(sampleFile, JSON.stringify(sampleSession(40)));

async function openFile(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file…' }).click();
  await (await chooser).setFiles(file);
  await page.getByRole('textbox', { name: 'Session title' }).waitFor();
}

const browser = await launchBrowser();
const server = await startAppServer();
const problems: string[] = [];
try {
  for (const scheme of ['light', 'dark'] as const) {
    const app = await newAppPage(browser, { colorScheme: scheme });
    const { page } = app;
    const shot = (name: string) => page.screenshot({ path: `${outDir}${name}-${scheme}.png` });
    await page.goto(server.url);
    await page.getByText('No sessions yet').waitFor();
    await shot('home-empty');

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('textbox', { name: 'Session title' }).fill('Checkout threat-storm');
    await page.getByRole('textbox', { name: 'Session title' }).press('Enter');
    await page.getByText('Saved', { exact: true }).waitFor();
    await shot('session-empty');

    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await shot('template-dialog');
    await page.getByRole('button', { name: /Use template: Check out and pay/ }).click();
    await page.waitForTimeout(400);
    await page.locator('.react-flow__node').nth(1).click();
    await shot('template-journey');

    await page.getByRole('link', { name: '← Sessions' }).click();
    await openFile(page, sampleFile);
    await page.waitForTimeout(400);
    await shot('journey-40-steps');
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await page.waitForTimeout(400);
    await shot('journey-40-steps-fit');

    await page.getByRole('link', { name: '← Sessions' }).click();
    await page.getByRole('list', { name: 'Sessions' }).waitFor();
    await shot('home-list');

    // Walk mode and the presenter view, at projector sizes.
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByRole('link', { name: /Checkout threat-storm/ }).click();
      await page.getByRole('tab', { name: 'Check out and pay' }).click();
      const workshop = page.getByRole('toolbar', { name: 'Workshop' });
      if (await workshop.getByRole('button', { name: 'Set up agenda' }).count()) await workshop.getByRole('button', { name: 'Set up agenda' }).click();
      await workshop.getByRole('button', { name: 'Walk the journey' }).click();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(500);
      await shot(`walk-mode-${width}x${height}`);
      await workshop.getByRole('button', { name: 'Present' }).click();
      await page.waitForTimeout(500);
      await shot(`presenter-${width}x${height}`);
      await page.getByRole('button', { name: 'Stop presenting' }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: '← Sessions' }).click();
    }
    await page.setViewportSize({ width: 1400, height: 860 });
    problems.push(...app.problems);
    await app.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
}
console.log(`Screenshots in ${outDir}`);
