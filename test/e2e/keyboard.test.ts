/**
 * The keyboard works everywhere (issue 16 §3): with a step selected, Enter on a focused button,
 * tab or card is that control's Enter (the rename shortcut is the canvas's own); Escape selects
 * nothing; "+ Threat" and "+ Outcome" put the keyboard in the new item's first field, and an
 * outcome is only stored once it says something; the accept-risk form shows what it needs beside
 * each field; skip links and F6 move between the sidebar, the canvas and the inspector.
 * At 1280×720, 1440×900 and 1920×1080 with a device scale factor of 1.5.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';
import { openSessionFile, ROOM_SCREENS, roomSession } from './room-fixtures.ts';

const harness = useAppHarness();

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const step = (page: Page, label: string) => canvas(page).getByRole('group', { name: new RegExp(`^${label} \\(`) });
const renameBox = (page: Page) => page.getByRole('textbox', { name: 'Step label' });
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName ?? '', name: el?.getAttribute('aria-label') ?? el?.textContent?.trim().slice(0, 60) ?? '', id: el?.id ?? '' };
  });
const isFocused = (locator: ReturnType<Page['getByRole']>) => locator.evaluate((el) => el === document.activeElement);

async function openRoom(screen: { width: number; height: number }): Promise<Page> {
  const { page } = await harness.open({ viewport: screen, deviceScaleFactor: 1.5 });
  page.setDefaultTimeout(6000);
  await openSessionFile(page, roomSession());
  return page;
}

/** Puts the keyboard on a control without clicking it (as Tab would). */
async function focus(locator: ReturnType<Page['getByRole']>): Promise<void> {
  await locator.evaluate((el) => (el as HTMLElement).focus());
}

describe.each(ROOM_SCREENS)('the keyboard at $width×$height (150 %)', (screen) => {
  it('Enter on a focused button, tab or card does what the control does, not a rename; Escape selects nothing', async () => {
    const page = await openRoom(screen);
    await step(page, 'Works out the total').click();
    await expect.poll(() => inspector(page).getByRole('heading', { name: 'Step' }).count()).toBe(1);

    // A button in the inspector: "+ Threat" adds a threat and the keyboard lands in its title.
    await focus(inspector(page).getByRole('button', { name: '+ Threat' }));
    await page.keyboard.press('Enter');
    expect(await renameBox(page).count()).toBe(0);
    const title = inspector(page).getByRole('textbox', { name: 'Threat', exact: true });
    await expect.poll(() => isFocused(title)).toBe(true);
    // Its placeholder text is selected: typing replaces it.
    await page.keyboard.type('Price changed in the request');
    await page.keyboard.press('Enter');
    await expect.poll(() => inspector(page).getByRole('list', { name: 'Threats' }).textContent()).toContain('Price changed in the request');

    // A tab of the sidebar.
    await focus(page.getByRole('tab', { name: 'Threat cards' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'Threat cards' }).getAttribute('aria-selected')).toBe('true');
    expect(await renameBox(page).count()).toBe(0);

    // A card: Enter plays it on the selected step.
    const card = page.getByRole('list', { name: 'Dealt cards' }).getByRole('button').first();
    const cardTitle = (await card.ariaSnapshot()).match(/button "Play card: (.+?)"/)![1]!;
    await focus(card);
    await page.keyboard.press('Enter');
    await expect.poll(() => inspector(page).getByRole('list', { name: 'Threats' }).textContent()).toContain(cardTitle);
    expect(await renameBox(page).count()).toBe(0);

    // A canvas toolbar button and a view tab.
    await focus(page.getByRole('button', { name: 'Show coverage' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Show coverage' }).getAttribute('aria-pressed')).toBe('true');
    expect(await renameBox(page).count()).toBe(0);

    // On the step itself, Enter renames it; Escape cancels and hands the keyboard back to it.
    await step(page, 'Works out the total').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(renameBox(page))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => renameBox(page).count()).toBe(0);
    await expect.poll(() => isFocused(step(page, 'Works out the total'))).toBe(true);
    // Escape again selects nothing.
    await page.keyboard.press('Escape');
    await expect.poll(() => inspector(page).getByRole('heading', { name: 'Nothing selected' }).count()).toBe(1);

    await focus(page.getByRole('tab', { name: 'Insights', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
  });

  it('"+ Outcome" opens an empty draft with a placeholder; the outcome is stored once it has words', async () => {
    const page = await openRoom(screen);
    await step(page, 'Enters card details').click();
    const outcomes = () => inspector(page).getByRole('heading', { name: /^Security outcomes/ }).textContent();
    expect(await outcomes()).toBe('Security outcomes (0)');

    await inspector(page).getByRole('button', { name: '+ Outcome' }).click();
    const statement = inspector(page).getByRole('textbox', { name: 'The user can trust that…' });
    await expect.poll(() => isFocused(statement)).toBe(true);
    expect(await statement.inputValue()).toBe('');
    expect(await statement.getAttribute('placeholder')).toMatch(/only I can/i);
    // Nothing is stored yet: no outcome without a statement.
    expect(await outcomes()).toBe('Security outcomes (0)');

    // Typed key by key: the first letter stores it, and the field keeps the keyboard throughout.
    await page.keyboard.type('Only I can see my card number');
    await expect.poll(outcomes).toBe('Security outcomes (1)');
    expect(await statement.inputValue()).toBe('Only I can see my card number');
    expect(await isFocused(statement)).toBe(true);
    // The whole editor is there now.
    await inspector(page).getByRole('textbox', { name: 'Acceptance criteria (one per line)' }).waitFor();

    // A draft left without words is dropped, never stored.
    await step(page, 'Works out the total').click();
    await inspector(page).getByRole('button', { name: '+ Outcome' }).click();
    await step(page, 'Reviews the basket').click();
    await step(page, 'Works out the total').click();
    expect(await outcomes()).toBe('Security outcomes (0)');
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.reload();
    await step(page, 'Works out the total').click();
    expect(await outcomes()).toBe('Security outcomes (0)');
    await step(page, 'Enters card details').click();
    expect(await outcomes()).toBe('Security outcomes (1)');
  });

  it('accepting a risk shows what is missing beside each required field, in view', async () => {
    const page = await openRoom(screen);
    await step(page, 'Authorises the payment').click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await inspector(page).getByRole('combobox', { name: 'Status' }).selectOption('accepted');
    const form = inspector(page).getByRole('form', { name: 'Risk acceptance' });
    for (const name of ['Risk owner (required)', 'Reason (required)', 'Review date (required)']) {
      expect(await form.getByLabel(name, { exact: true }).getAttribute('aria-required')).toBe('true');
    }
    await form.getByRole('button', { name: 'Accept risk' }).click();

    // Each field says what it needs, right under it, and the keyboard goes to the first one.
    const owner = form.getByLabel('Risk owner (required)', { exact: true });
    await expect.poll(() => owner.getAttribute('aria-invalid')).toBe('true');
    expect(await owner.getAttribute('aria-describedby')).toBeTruthy();
    expect(await form.getByText('Give an owner: who answers for this risk.').count()).toBe(1);
    expect(await form.getByText('Give a reason: why it is acceptable for now.').count()).toBe(1);
    expect(await form.getByText('Give a review date: when to look at it again.').count()).toBe(1);
    await expect.poll(() => isFocused(owner)).toBe(true);

    // The message is where the person is looking: inside the inspector's visible part.
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('an owner');
    const shown = (await inspector(page).boundingBox())!;
    for (const locator of [alert, owner, form.getByText('Give an owner: who answers for this risk.')]) {
      const box = (await locator.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(shown.y - 1);
      expect(box.y + box.height).toBeLessThanOrEqual(shown.y + shown.height + 1);
    }

    // Filling a field clears its message; all three accept the risk.
    await owner.fill('Priya (product)');
    await expect.poll(() => owner.getAttribute('aria-invalid')).toBe(null);
    await form.getByLabel('Reason (required)', { exact: true }).fill('Low value until launch');
    await form.getByLabel('Review date (required)', { exact: true }).fill('2031-01-31');
    await form.getByRole('button', { name: 'Accept risk' }).click();
    await expect.poll(() => inspector(page).getByRole('list', { name: 'Threats' }).textContent()).toContain('Accepted');
  });

  it('skip links and F6 move between the sidebar, the canvas and the inspector in a few keys', async () => {
    const page = await openRoom(screen);
    const region = () => page.evaluate(() => document.activeElement?.closest('#workspace-sidebar, #journey-canvas, #inspector')?.id ?? 'none');
    // From the top of a freshly loaded page, the first Tab stops are the skip links.
    await page.reload();
    await canvas(page).waitFor();
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Skip to the canvas');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Skip to steps and threat cards');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Skip to the inspector');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await region()).toBe('journey-canvas');

    // F6 goes round: canvas → inspector → sidebar → canvas; Shift+F6 goes back.
    await step(page, 'Enters card details').click();
    expect(await region()).toBe('journey-canvas');
    await page.keyboard.press('F6');
    expect(await region()).toBe('inspector');
    // One Tab into the inspector reaches its first field.
    await page.keyboard.press('Tab');
    expect(await inspector(page).getByRole('textbox', { name: 'Label' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('F6');
    expect(await region()).toBe('workspace-sidebar');
    expect((await focused(page)).name).toMatch(/^(Steps|Threat cards)$/);
    await page.keyboard.press('F6');
    expect(await region()).toBe('journey-canvas');
    // Back on the selected step: Enter renames it.
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(renameBox(page))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => isFocused(step(page, 'Enters card details'))).toBe(true);
    await page.keyboard.press('Shift+F6');
    expect(await region()).toBe('workspace-sidebar');
  });
});
