import { describe, expect, it } from 'vitest';
import { launchBrowser, newAppPage, startAppServer } from './harness.ts';

// The guard rails of every browser test must themselves work, or a green run means nothing.
describe('browser-test guard rails', () => {
  it('catch CSP violations, console errors and requests to other origins', async () => {
    const [browser, server] = await Promise.all([launchBrowser(), startAppServer()]);
    try {
      const app = await newAppPage(browser);
      await app.page.goto(server.url);
      await app.page.getByRole('button', { name: 'New session' }).waitFor();
      expect(app.problems).toEqual([]);
      await app.page.evaluate(() => document.body.setAttribute('style', 'color: red'));
      await app.page.evaluate(() => {
        const image = new Image();
        image.src = 'https://example.invalid/pixel.png';
        document.body.append(image);
      });
      await expect.poll(() => app.problems.join('\n')).toContain('CSP violation: style-src');
      await expect.poll(() => app.problems.join('\n')).toContain('img-src');
      await app.page.goto('https://example.invalid/').catch(() => undefined);
      expect(app.problems.join('\n')).toContain('request to a non-local origin: https://example.invalid/');
      await app.close();
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
