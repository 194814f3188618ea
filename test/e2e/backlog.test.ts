/**
 * The backlog: ranked from the session, re-ordered by the facilitator, and exported to a file
 * whose parsed rows match what the view shows, with formula-like cells neutralized.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical axe violations inside `selector` (axe goes in through DevTools, not the CSP). */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run({ include: [include] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
  }, selector);
}
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

async function sessionWithRisks(): Promise<Page> {
  const { page } = await harness.open();
  page.setDefaultTimeout(5000);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  await page.getByRole('group', { name: 'Checks the password (system)', exact: true }).click();
  for (const [title, likelihood, impact] of [
    ['Credential stuffing', '5', '4'],
    ['Brute force on one account', '3', '3'],
  ] as const) {
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill(title);
    await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption(likelihood);
    await inspector(page).getByRole('combobox', { name: 'Impact' }).selectOption(impact);
  }
  await inspector(page).getByRole('button', { name: '+ Mitigation' }).click();
  const mitigations = inspector(page).getByRole('list', { name: 'Mitigations' });
  await mitigations.getByRole('textbox', { name: 'Mitigation', exact: true }).fill('=HYPERLINK("http://evil.example") Rate-limit sign-in');
  await page.getByRole('tab', { name: 'Backlog' }).click();
  return page;
}

const rows = (page: Page) => page.getByRole('list', { name: 'Ranked backlog' }).getByRole('listitem');

describe('the prioritized backlog', () => {
  it('ranks items by risk and explains why', async () => {
    const page = await sessionWithRisks();
    // One decision for the uncovered critical threat, one mitigation for the other threat.
    await expect.poll(() => rows(page).count()).toBe(2);
    const titles = await page.getByRole('list', { name: 'Ranked backlog' }).locator('.backlog-item-title').allTextContents();
    expect(titles[0]).toContain('Credential stuffing');
    await page.getByRole('list', { name: 'Ranked backlog' }).locator('.backlog-item-title').first().click();
    const why = await page.getByRole('list', { name: 'Why it ranks here' }).textContent();
    expect(why).toContain('20');
    expect(why).toContain('critical journey');
  });

  it('lets the facilitator move an item up, records it, and can undo the override', async () => {
    const page = await sessionWithRisks();
    const titles = () => page.getByRole('list', { name: 'Ranked backlog' }).locator('.backlog-item-title').allTextContents();
    await expect.poll(() => rows(page).count()).toBe(2);
    const before = await titles();
    const last = before.at(-1)!;
    await page.getByRole('button', { name: `Move “${last}” up` }).click();
    await expect.poll(async () => (await titles()).indexOf(last)).toBe(before.length - 2);
    expect(await page.getByText(/Pinned above/).count()).toBe(1);
    await page.getByRole('button', { name: 'Remove pin' }).click();
    await expect.poll(titles).toEqual(before);
  });

  it('exports a Jira CSV whose rows match the backlog, with formula cells neutralized', async () => {
    const page = await sessionWithRisks();
    // One decision for the uncovered critical threat, one mitigation for the other threat.
    await expect.poll(() => rows(page).count()).toBe(2);
    const shown = await page.getByRole('list', { name: 'Ranked backlog' }).locator('.backlog-item-title').allTextContents();
    await page.getByRole('combobox', { name: 'Export format' }).selectOption('jira');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export backlog' }).click();
    const file = await (await download).path();
    const records = parse(readFileSync(file, 'utf8'), { relax_column_count: true, bom: true }) as string[][];
    const header = records[0]!;
    const summary = header.indexOf('Summary');
    const type = header.indexOf('Issue Type');
    const stories = records.slice(1).filter((row) => row[type] !== 'Epic');
    expect(stories.map((row) => row[summary])).toEqual(shown.map((title) => (title.startsWith('=') ? `'${title}` : title)));
    expect(records.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
    // The export summary says what the person must know, and stays until dismissed.
    const summaryBlock = page.getByRole('region', { name: 'Exported' });
    await summaryBlock.waitFor();
    expect(await summaryBlock.textContent()).toContain('Jira (CSV, with epics): 2 backlog items in 1 file');
    expect(await summaryBlock.getByRole('listitem').allTextContents()).toContain(
      "1 cell starts with = + - or @: it begins with ' so a spreadsheet shows it as text (Jira keeps the ').",
    );
    expect(await axeProblems(page, '.export-summary')).toEqual([]);
    await summaryBlock.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => summaryBlock.count()).toBe(0);
  });
});
