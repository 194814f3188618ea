/** The printable report: journeys drawn as pictures, threats per step, backlog and accepted risks. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickStep, useAppHarness } from './harness.ts';
import { workloadSession } from '../../tools/sample-sessions.ts';
import { serializeSession } from '../../renderer/session-files.ts';
import { deriveBacklog } from '../../shared/backlog.ts';

const harness = useAppHarness();

/** Drops a session file on the home screen and waits for its canvas. */
async function openDropped(page: Page, name: string, text: string): Promise<void> {
  await page.getByText('No sessions yet').waitFor();
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'application/json' }));
      return transfer;
    },
    [name, text] as const,
  );
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await page.getByRole('region', { name: /Journey canvas/ }).waitFor();
}

describe('the report', () => {
  it('shows each journey as a picture with its threats, and the ranked backlog', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(5000);
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await page.getByRole('button', { name: /Use template: Check out and pay/ }).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await clickStep(page.getByRole('group', { name: 'Enters card details (action)', exact: true }));
    await inspector.getByRole('button', { name: '+ Threat' }).click();
    await inspector.getByRole('textbox', { name: 'Threat', exact: true }).fill('Card skimming script <b>');
    await inspector.getByRole('combobox', { name: 'Likelihood' }).selectOption('4');
    await inspector.getByRole('combobox', { name: 'Impact' }).selectOption('5');

    await page.getByRole('tab', { name: 'Report' }).click();
    const report = page.getByRole('article', { name: 'Report' });
    const picture = report.getByRole('img', { name: /The journey “Check out and pay” as a flow of \d+ steps/ });
    await picture.waitFor();
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await report.getByRole('heading', { name: /Enters card details/ }).count()).toBe(1);
    expect(await report.getByRole('table').filter({ hasText: 'Card skimming script <b>' }).count()).toBeGreaterThan(0);
    expect(await report.getByRole('heading', { name: 'Prioritized backlog' }).count()).toBe(1);
    expect(await report.textContent()).toContain('Decide: Card skimming script <b> at Enters card details');
    expect(await report.textContent()).toContain('Critical risk on a critical journey · needs a decision');
  });

  it('opens for a step label with emoji that wraps mid-character (red team: emoji-label-surrogate-split)', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(10_000);
    const file = readFileSync(new URL('../fixtures/redteam/emoji-label-surrogate-split.threatstorm.json', import.meta.url), 'utf8');
    await openDropped(page, 'emoji.threatstorm.json', file);
    await page.getByRole('tab', { name: 'Report' }).click();
    const picture = page.getByRole('article', { name: 'Report' }).getByRole('img', { name: /The journey “Checkout” as a flow of 2 steps/ });
    await picture.waitFor();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The harness fails the test on the "URI malformed" page error this used to throw.
  });

  it('lays out a large report in slices with a progress bar, and lets it be printed only when complete', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(20_000);
    const doc = workloadSession({ steps: 300, threats: 1_500, outcomes: 600, mitigations: 800 });
    await openDropped(page, 'large.threatstorm.json', serializeSession(doc));
    // Record what the report shows while it grows: each progress value, and the Print button then.
    await page.evaluate(() => {
      const seen: { value: string | null; printDisabled: boolean }[] = [];
      (window as unknown as { reportProgress: typeof seen }).reportProgress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"][aria-label="Report progress"]');
        const print = [...document.querySelectorAll('button')].find((b) => /Print or save as PDF/.test(b.textContent ?? ''));
        if (bar) seen.push({ value: bar.getAttribute('aria-valuenow'), printDisabled: !!print?.disabled });
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('tab', { name: 'Report' }).click();
    const report = page.getByRole('article', { name: 'Report' });
    await expect.poll(() => report.getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    const seen = await page.evaluate(() => (window as unknown as { reportProgress: { value: string | null; printDisabled: boolean }[] }).reportProgress);
    const values = seen.map((s) => Number(s.value));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v >= 0 && v < 100)).toBe(true);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(seen.every((s) => s.printDisabled)).toBe(true);
    // Complete: no bar, Print enabled, every backlog item in the table.
    expect(await report.getByRole('progressbar', { name: 'Report progress' }).count()).toBe(0);
    expect(await report.getByRole('button', { name: 'Print or save as PDF' }).isEnabled()).toBe(true);
    const backlog = report.getByRole('region', { name: 'Prioritized backlog' }).getByRole('row');
    expect(await backlog.count()).toBe(deriveBacklog(doc).items.length + 1);
  });
});
