/** Bringing in models from OWASP Threat Dragon and AWS Threat Composer through the UI. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();
const peers = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/peers');

async function importFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import threat model…' }).click();
  await (await chooser).setFiles(file);
}

describe('importing threat models', () => {
  it('turns a Threat Dragon diagram into a journey with its threats, and reports what it mapped', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(8000);
    await importFile(page, path.join(peers, 'threat-dragon', 'v2-threat-model.json'));
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.waitFor();
    expect(await report.textContent()).toMatch(/OWASP Threat Dragon v2/);
    expect(await report.textContent()).toContain('14 threats');
    await report.getByRole('button', { name: 'OK' }).click();
    const steps = page.getByRole('region', { name: /Journey canvas/ }).getByRole('group', { name: /\((start|action|decision|system|datastore|thirdparty|end)\)$/ });
    await expect.poll(() => steps.count()).toBeGreaterThan(2);
    const badges = page.getByRole('region', { name: /Journey canvas/ }).getByRole('img', { name: /^Threats and outcomes/ });
    await expect.poll(() => badges.count()).toBeGreaterThan(0);
  });

  it('lands Threat Composer threats unplaced, to be dragged onto a step', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(8000);
    await importFile(page, path.join(peers, 'threat-composer', 'ThreatComposer.tc.json'));
    await page.getByRole('dialog', { name: 'Import report' }).getByRole('button', { name: 'OK' }).click();
    await page.getByRole('button', { name: 'Add User action step' }).click();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    const unplaced = page.getByRole('list', { name: 'Threats not placed yet' }).getByRole('button');
    const before = await unplaced.count();
    expect(before).toBeGreaterThan(0);
    const step = page.getByRole('group', { name: 'User does something (action)', exact: true });
    const from = (await unplaced.first().boundingBox())!;
    const to = (await step.boundingBox())!;
    await page.mouse.move(from.x + 20, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 30, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => unplaced.count()).toBe(before - 1);
    await expect.poll(() => step.getByRole('img', { name: /^Threats and outcomes/ }).count()).toBe(1);
  });

  it('refuses a broken model with a message that says where, and creates nothing', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(8000);
    await importFile(page, path.join(peers, 'threat-dragon', 'v2-malformed-new-model.json'));
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('could not be imported');
    expect(await alert.textContent()).toContain('summary.title');
    expect(await page.getByText('No sessions yet').isVisible()).toBe(true);
  });
});
