/**
 * "Not scored" is a state, and a card is played once per step: a new threat shows no risk nobody
 * judged (the card's scores are a suggestion), the solo guide lists what is left to score, and a
 * card or a walk-mode suggestion already on a step says so instead of making a second threat.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();
const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const stepNode = (page: Page, name: string) => canvas(page).getByRole('group', { name, exact: true });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const threatList = (page: Page) => inspector(page).getByRole('list', { name: 'Threats' });
const workshop = (page: Page) => page.getByRole('toolbar', { name: 'Workshop' });

/** The solo guide lives under the workshop bar's "More". */
async function openSoloGuide(page: Page): Promise<void> {
  await workshop(page).getByRole('button', { name: /^More/ }).click();
  await workshop(page).getByRole('button', { name: 'Solo guide', exact: true }).click();
}

async function loginSession(): Promise<Page> {
  const { page } = await harness.open();
  page.setDefaultTimeout(5000);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  await stepNode(page, 'Enters email and password (action)').waitFor();
  return page;
}

describe('not scored is a state', () => {
  it('a new threat shows “Not scored”, not “Medium · 9”, on the threat, the step and its badge', async () => {
    const page = await loginSession();
    const step = stepNode(page, 'Checks the password (system)');
    await step.click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    expect(await inspector(page).getByRole('combobox', { name: 'Likelihood' }).inputValue()).toBe('');
    expect(await inspector(page).getByRole('combobox', { name: 'Impact' }).inputValue()).toBe('');
    expect(await inspector(page).locator('.risk-line').textContent()).toContain('Not scored');
    expect(await threatList(page).getByRole('button').first().textContent()).toContain('Not scored');
    expect(await inspector(page).textContent()).not.toContain('Medium · 9');
    await expect.poll(() => step.getByRole('img', { name: /^Threats and outcomes/ }).getAttribute('aria-label')).toBe('Threats and outcomes: 1 not scored');
    // A deliberate 3 × 3 is a score like any other.
    await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption('3');
    expect(await inspector(page).locator('.risk-line').textContent()).toContain('set the impact too');
    await inspector(page).getByRole('combobox', { name: 'Impact' }).selectOption('3');
    await expect.poll(() => inspector(page).locator('.risk-line').textContent()).toContain('Medium · 9');
    await expect.poll(() => step.getByRole('img', { name: /^Threats and outcomes/ }).getAttribute('aria-label')).toBe('Threats and outcomes: 1 medium');
  });

  it('a threat from a card offers the card’s scores as a suggestion, taken only on request', async () => {
    const page = await loginSession();
    await stepNode(page, 'Enters email and password (action)').click();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    await page.getByRole('list', { name: 'Cards', exact: true }).getByRole('button', { name: 'Play card: Leaked passwords tried by the million', exact: true }).click();
    await threatList(page).getByRole('button', { name: /Leaked passwords tried by the million/ }).click();
    await inspector(page).locator('.risk-line').waitFor();
    expect(await inspector(page).locator('.risk-line').textContent()).toContain('Not scored');
    const suggestion = inspector(page).locator('.score-suggestion');
    expect(await suggestion.textContent()).toContain('The card suggests Likely × Major (High · 16).');
    await suggestion.getByRole('button', { name: 'Use the suggestion' }).click();
    await expect.poll(() => inspector(page).locator('.risk-line').textContent()).toContain('High · 16');
    expect(await inspector(page).locator('.score-suggestion').count()).toBe(0);
  });

  it('the solo guide’s “score each threat” step lists what is left', async () => {
    const page = await loginSession();
    await stepNode(page, 'Checks the password (system)').click();
    for (const title of ['Password spraying', 'Timing leak']) {
      await inspector(page).getByRole('button', { name: '+ Threat' }).click();
      await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill(title);
    }
    const guide = page.getByRole('complementary', { name: 'Solo guide' });
    const left = guide.getByRole('list', { name: 'Threats left to score' });
    await openSoloGuide(page);
    await expect.poll(() => left.getByRole('listitem').allTextContents()).toEqual(['Password spraying', 'Timing leak']);
    expect(await guide.textContent()).toContain('2 threats are not scored yet');
    await guide.getByRole('button', { name: 'Close the guide' }).click();
    // "Timing leak" is the threat open in the inspector: a deliberate 3 × 3 scores it.
    await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption('3');
    await inspector(page).getByRole('combobox', { name: 'Impact' }).selectOption('3');
    await openSoloGuide(page);
    await expect.poll(() => left.getByRole('listitem').allTextContents()).toEqual(['Password spraying']);
  });
});

describe('a card is played once per step', () => {
  it('the card panel shows a card already on the selected step as “already added”, and a second play adds nothing', async () => {
    const page = await loginSession();
    await stepNode(page, 'Enters email and password (action)').click();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    const card = page.getByRole('list', { name: 'Cards', exact: true }).getByRole('button', { name: 'Play card: Leaked passwords tried by the million', exact: true });
    expect(await card.getAttribute('aria-describedby')).not.toBeNull();
    await card.click();
    await expect.poll(() => card.locator('.card-added').textContent()).toBe('✓ Already added here');
    // The description a screen reader hears starts with it.
    const describedBy = (await card.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('✓ Already added here');
    await card.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'is already on this step' }).count()).toBe(1);
    expect(await threatList(page).getByRole('listitem').count()).toBe(1);
    // On another step the card is not there yet.
    await stepNode(page, 'Checks the password (system)').click();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    expect(await card.locator('.card-added').count()).toBe(0);
  });

  it('a walk-mode suggestion clicked once becomes “added” and cannot make a second threat', async () => {
    const page = await loginSession();
    await workshop(page).getByRole('button', { name: 'Walk the journey' }).click();
    const walk = page.getByRole('region', { name: 'Walk mode' });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => walk.getByRole('heading').textContent()).toBe('Enters email and password');
    const suggestion = walk.locator('.walk-card').first();
    const title = (await suggestion.textContent())!.replace(/^\+ /, '');
    await suggestion.click();
    const added = walk.getByRole('button', { name: `✓ ${title} (added)` });
    await expect.poll(() => added.isDisabled()).toBe(true);
    const current = stepNode(page, 'Enters email and password (action)');
    await expect.poll(() => current.getByRole('img', { name: /^Threats and outcomes/ }).getAttribute('aria-label')).toBe('Threats and outcomes: 1 not scored');
  });
});
