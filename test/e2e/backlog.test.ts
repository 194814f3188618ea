/**
 * The backlog: ranked from the session so it reads top-down, each item with its one-line reason;
 * what is not ranked is shown apart (below the threshold, not scored yet) and never lost; the
 * facilitator can move an item; the exported file matches what the view shows.
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
const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });

async function loginSession(): Promise<Page> {
  const { page } = await harness.open();
  page.setDefaultTimeout(5000);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  await canvas(page).getByRole('group', { name: 'Checks the password (system)', exact: true }).click();
  return page;
}

async function addThreat(page: Page, title: string, likelihood?: string, impact?: string): Promise<void> {
  await inspector(page).getByRole('button', { name: '+ Threat' }).click();
  await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill(title);
  if (likelihood) await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption(likelihood);
  if (impact) await inspector(page).getByRole('combobox', { name: 'Impact' }).selectOption(impact);
}

/** "Log in" (a critical journey): a Critical threat nobody mitigates, a Medium one with a mitigation. */
async function sessionWithRisks(): Promise<Page> {
  const page = await loginSession();
  await addThreat(page, 'Credential stuffing', '5', '4');
  await addThreat(page, 'Brute force on one account', '3', '3');
  await inspector(page).getByRole('button', { name: '+ Mitigation' }).click();
  const mitigations = inspector(page).getByRole('list', { name: 'Mitigations' });
  await mitigations.getByRole('textbox', { name: 'Mitigation', exact: true }).fill('=HYPERLINK("http://evil.example") Rate-limit sign-in');
  await mitigations.getByRole('textbox', { name: 'Owner' }).fill('=cmd');
  await page.getByRole('tab', { name: 'Backlog' }).click();
  return page;
}

const ranked = (page: Page) => page.getByRole('list', { name: 'Ranked backlog' });
const rows = (page: Page) => ranked(page).getByRole('listitem');
const titles = (page: Page) => ranked(page).locator('.backlog-item-title').allTextContents();

async function download(page: Page, format: string): Promise<string[][]> {
  await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
  const file = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export backlog' }).click();
  const path = await (await file).path();
  return parse(readFileSync(path, 'utf8'), { relax_column_count: true, bom: true }) as string[][];
}

describe('the prioritized backlog', () => {
  it('reads top-down: priorities never rise down the list, and each item says why in one line', async () => {
    const page = await sessionWithRisks();
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await titles(page)).toEqual([
      'Decide: Credential stuffing at Checks the password',
      'Do: =HYPERLINK("http://evil.example") Rate-limit sign-in — Brute force on one account at Checks the password',
    ]);
    expect(await ranked(page).locator('.priority-tag').allTextContents()).toEqual(['P1', 'P2']);
    expect(await ranked(page).locator('.backlog-why').allTextContents()).toEqual([
      'Critical risk on a critical journey · needs a decision',
      'Medium risk on a critical journey · medium effort',
    ]);
    await ranked(page).getByRole('button', { name: 'Decide: Credential stuffing at Checks the password', exact: true }).click();
    const how = await page.getByRole('list', { name: 'How it is ranked' }).textContent();
    expect(how).toContain('Risk 20, Critical (likelihood 5 × impact 4)');
    expect(how).toContain('on a critical journey');
    expect(how).toContain('urgency 30: P1');
  });

  it('lets the facilitator move an item up, says so on the item, and can undo the move', async () => {
    const page = await sessionWithRisks();
    await expect.poll(() => rows(page).count()).toBe(2);
    const before = await titles(page);
    const last = before.at(-1)!;
    await page.getByRole('button', { name: `Move “${last}” up` }).click();
    await expect.poll(async () => (await titles(page)).indexOf(last)).toBe(before.length - 2);
    // Moved above a P1, it shows P1: the list still reads top-down.
    expect(await ranked(page).locator('.priority-tag').allTextContents()).toEqual(['P1', 'P1']);
    expect(await rows(page).first().locator('.backlog-why').textContent()).toContain('moved above “Credential stuffing” by Facilitator');
    expect(await page.getByText(/^Moved above/).count()).toBe(1);
    await page.getByRole('button', { name: 'Undo the move' }).click();
    await expect.poll(() => titles(page)).toEqual(before);
  });

  it('exports a Jira CSV whose rows match the backlog: titles, priorities, why-lines, no internal ids', async () => {
    const page = await sessionWithRisks();
    await expect.poll(() => rows(page).count()).toBe(2);
    const shown = await titles(page);
    const whys = await ranked(page).locator('.backlog-why').allTextContents();
    const records = await download(page, 'jira');
    const header = records[0]!;
    const col = (name: string) => header.indexOf(name);
    const stories = records.slice(1).filter((row) => row[col('Issue Type')] !== 'Epic');
    expect(stories.map((row) => row[col('Summary')])).toEqual(shown);
    expect(stories.map((row) => row[col('Priority')])).toEqual(['Highest', 'High']);
    stories.forEach((row, i) => {
      const description = row[col('Description')]!;
      expect(description).toContain(`h3. Priority P${i + 1}\n\n${whys[i]!.replace(/-/g, '\\-')}`);
      expect(description).not.toMatch(/decide:|mitigation:|to\\?-decide|score \d|÷/);
    });
    expect(records.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
  });

  it('makes a cell formula-safe where user text starts it, and says so', async () => {
    const page = await sessionWithRisks();
    await expect.poll(() => rows(page).count()).toBe(2);
    const records = await download(page, 'csv');
    const owner = records[0]!.indexOf('Owner');
    expect(records.map((r) => r[owner])).toContain("'=cmd");
    expect(records.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
    // The export summary says what the person must know, and stays until dismissed.
    const summaryBlock = page.getByRole('region', { name: 'Exported' });
    await summaryBlock.waitFor();
    expect(await summaryBlock.textContent()).toContain('Generic CSV: 2 backlog items in 1 file');
    expect(await summaryBlock.getByRole('listitem').allTextContents()).toContain(
      "1 cell starts with = + - or @: it begins with ' so a spreadsheet shows it as text.",
    );
    expect(await axeProblems(page, '.export-summary')).toEqual([]);
    await summaryBlock.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => summaryBlock.count()).toBe(0);
  });

  it('shows low threats below the threshold (not gone), with the threshold stated and adjustable', async () => {
    const page = await loginSession();
    await addThreat(page, 'Password hint shown', '2', '2');
    await addThreat(page, 'Credential stuffing', '5', '4');
    await page.getByRole('tab', { name: 'Backlog' }).click();
    await expect.poll(() => titles(page)).toEqual(['Decide: Credential stuffing at Checks the password']);
    const below = page.getByRole('region', { name: 'Below the threshold (1)' });
    expect(await below.textContent()).toContain('risk below 5');
    expect(await below.getByRole('list', { name: 'Below the threshold' }).getByRole('listitem').locator('.backlog-item-title').allTextContents()).toEqual([
      'Decide: Password hint shown at Checks the password',
    ]);
    expect(await below.locator('.backlog-why').textContent()).toBe('Low risk on a critical journey, below the backlog threshold of 5 · needs a decision');

    // The "Low" filter finds it (A33: it showed nothing).
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('low');
    await expect.poll(() => below.locator('.backlog-item-title').allTextContents()).toEqual(['Decide: Password hint shown at Checks the password']);
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('');

    // Exported only when asked, after the ranked list.
    expect((await download(page, 'jira-flat')).slice(1).map((r) => r[0])).toEqual(['Decide: Credential stuffing at Checks the password']);
    await page.getByRole('checkbox', { name: 'Include 1 below the threshold' }).check();
    expect((await download(page, 'jira-flat')).slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['Decide: Credential stuffing at Checks the password', 'Highest'],
      ['Decide: Password hint shown at Checks the password', 'Low'],
    ]);

    // Lowering the threshold ranks it; the setting is kept in the session (undoable like any edit).
    await page.getByRole('combobox', { name: 'Backlog threshold (risk)' }).selectOption('1');
    await expect.poll(() => titles(page)).toEqual(['Decide: Credential stuffing at Checks the password', 'Decide: Password hint shown at Checks the password']);
    await expect.poll(() => page.getByRole('region', { name: 'Below the threshold (0)' }).count()).toBe(1);
  });

  it('never lists or exports an untouched “New threat”, and says it left it out', async () => {
    const page = await loginSession();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await addThreat(page, 'Credential stuffing', '5', '4');
    await page.getByRole('tab', { name: 'Backlog' }).click();
    await expect.poll(() => titles(page)).toEqual(['Decide: Credential stuffing at Checks the password']);
    await expect.poll(() => page.getByText('1 empty “New threat” placeholder is left out until something is written in it.').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Not scored yet (0)' }).count()).toBe(1);
    const records = await download(page, 'csv');
    expect(records.flat().join('\n')).not.toContain('New threat');
  });

  it('lists threats nobody scored apart, and scoring one there ranks it', async () => {
    const page = await loginSession();
    await addThreat(page, 'Session fixation');
    await page.getByRole('tab', { name: 'Backlog' }).click();
    const notScored = page.getByRole('region', { name: 'Not scored yet (1)' });
    await expect.poll(() => notScored.locator('.backlog-why').textContent()).toBe('Not scored yet · needs a decision');
    expect(await rows(page).count()).toBe(0);
    const scoring = notScored.getByRole('group', { name: 'Score “Session fixation”' });
    expect(await scoring.getByRole('combobox', { name: 'Likelihood' }).inputValue()).toBe('');
    // A deliberate 3 × 3 counts as scored.
    await scoring.getByRole('combobox', { name: 'Likelihood' }).selectOption('3');
    await scoring.getByRole('combobox', { name: 'Impact' }).selectOption('3');
    await expect.poll(() => titles(page)).toEqual(['Decide: Session fixation at Checks the password']);
    expect(await page.getByRole('region', { name: 'Not scored yet (0)' }).count()).toBe(1);
  });
});
