/**
 * `npm run screenshots`: drives the production build in Debian's Chromium through the main
 * screens and writes PNGs to screenshots/ so people can look at what they built.
 */
import { mkdirSync } from 'node:fs';
import { launchBrowser, newAppPage, startAppServer } from '../test/e2e/harness.ts';

const outDir = new URL('../screenshots/', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });

const browser = await launchBrowser();
const server = await startAppServer();
try {
  for (const scheme of ['light', 'dark'] as const) {
    const app = await newAppPage(browser, { colorScheme: scheme });
    const { page } = app;
    await page.goto(server.url);
    await page.getByText('No sessions yet').waitFor();
    await page.screenshot({ path: `${outDir}home-empty-${scheme}.png` });
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('textbox', { name: 'Session title' }).fill('Checkout threat-storm');
    await page.getByRole('textbox', { name: 'Session title' }).press('Enter');
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.screenshot({ path: `${outDir}session-empty-${scheme}.png` });
    await page.getByRole('link', { name: '← Sessions' }).click();
    await page.getByRole('list', { name: 'Sessions' }).waitFor();
    await page.screenshot({ path: `${outDir}home-list-${scheme}.png` });
    if (app.problems.length) console.error(app.problems.join('\n'));
    await app.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`Screenshots in ${outDir}`);
