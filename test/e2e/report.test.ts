/** The printable report: journeys drawn as pictures, threats per step, backlog and accepted risks. */
import { describe, expect, it } from 'vitest';
import { clickStep, useAppHarness } from './harness.ts';

const harness = useAppHarness();

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
});
