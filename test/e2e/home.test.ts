/**
 * The home screen's session list: rename in place, duplicate, delete with confirmation, search
 * and sort. Every change is checked against what the list shows after the app re-reads storage.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();

const sessionList = (page: Page) => page.getByRole('list', { name: 'Sessions' });
const titles = (page: Page) => sessionList(page).locator('.session-title').allTextContents();

/** Creates sessions with these titles, oldest first, and returns to the home screen. */
async function homeWithSessions(titlesInOrder: string[]): Promise<Page> {
  const { page } = await harness.open();
  page.setDefaultTimeout(5000);
  await expect.poll(() => page.getByText('No sessions yet').isVisible()).toBe(true);
  for (const title of titlesInOrder) {
    await page.getByRole('button', { name: 'New session' }).click();
    const field = page.getByRole('textbox', { name: 'Session title' });
    await field.fill(title);
    await field.press('Enter');
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.getByRole('link', { name: '← Sessions' }).click();
    await sessionList(page).waitFor();
  }
  await expect.poll(() => titles(page)).toHaveLength(titlesInOrder.length);
  return page;
}

describe('home screen session list', () => {
  it('renames a session in place: Enter keeps the new title, Escape keeps the old one', async () => {
    const page = await homeWithSessions(['Checkout review', 'Onboarding']);
    expect(await titles(page)).toEqual(['Onboarding', 'Checkout review']);

    await page.getByRole('button', { name: 'Rename Checkout review' }).click();
    const field = page.getByRole('textbox', { name: 'New session title' });
    expect(await field.inputValue()).toBe('Checkout review');
    await field.fill('Payments threat-storm');
    await field.press('Enter');
    await expect.poll(() => titles(page)).toContain('Payments threat-storm');
    expect(await titles(page)).not.toContain('Checkout review');

    await page.getByRole('button', { name: 'Rename Onboarding' }).click();
    await field.fill('Not this one');
    await field.press('Escape');
    await expect.poll(() => field.count()).toBe(0);
    await page.waitForTimeout(150);
    expect(await titles(page)).toContain('Onboarding');
    expect(await titles(page)).not.toContain('Not this one');

    // The rename is stored, and the session itself carries the new title.
    await page.reload();
    await expect.poll(() => titles(page)).toEqual(expect.arrayContaining(['Payments threat-storm', 'Onboarding']));
    await sessionList(page).getByRole('link', { name: /Payments threat-storm/ }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Payments threat-storm');
  });

  it('duplicates a session with its content, and deletes only after confirmation', async () => {
    const page = await homeWithSessions(['Sign-up flow']);
    // Give the session some content, to see it copied.
    await sessionList(page).getByRole('link', { name: /Sign-up flow/ }).click();
    await page.getByRole('button', { name: 'Add Start step' }).click();
    await page.getByRole('button', { name: 'Add End step' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.getByRole('link', { name: '← Sessions' }).click();
    await expect.poll(() => sessionList(page).textContent()).toContain('2 steps');

    await page.getByRole('button', { name: 'Duplicate Sign-up flow' }).click();
    await expect.poll(() => titles(page)).toEqual(expect.arrayContaining(['Sign-up flow', 'Sign-up flow (copy)']));
    expect(await titles(page)).toHaveLength(2);
    const copy = sessionList(page).getByRole('listitem').filter({ hasText: 'Sign-up flow (copy)' });
    expect(await copy.textContent()).toContain('1 journey, 2 steps');

    // "Keep it" cancels.
    await page.getByRole('button', { name: 'Delete Sign-up flow (copy)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Sign-up flow (copy)”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.waitForTimeout(150);
    expect(await titles(page)).toHaveLength(2);

    // Escape cancels too.
    await page.getByRole('button', { name: 'Delete Sign-up flow (copy)' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await titles(page)).toHaveLength(2);

    await page.getByRole('button', { name: 'Delete Sign-up flow (copy)' }).click();
    await dialog.getByRole('button', { name: 'Delete session' }).click();
    await expect.poll(() => titles(page)).toEqual(['Sign-up flow']);

    await page.reload();
    await expect.poll(() => titles(page)).toEqual(['Sign-up flow']);
  });

  it('filters by search and sorts by title or last change', async () => {
    const page = await homeWithSessions(['Bravo checkout', 'Alpha sign-up', 'Charlie checkout']);
    // Newest first by default.
    expect(await titles(page)).toEqual(['Charlie checkout', 'Alpha sign-up', 'Bravo checkout']);

    const sort = page.getByRole('combobox', { name: 'Sort sessions' });
    await sort.selectOption({ label: 'Title' });
    await expect.poll(() => titles(page)).toEqual(['Alpha sign-up', 'Bravo checkout', 'Charlie checkout']);
    await sort.selectOption({ label: 'Last changed' });
    await expect.poll(() => titles(page)).toEqual(['Charlie checkout', 'Alpha sign-up', 'Bravo checkout']);

    const search = page.getByRole('searchbox', { name: 'Search sessions' });
    await search.fill('CHECKOUT');
    await expect.poll(() => titles(page)).toEqual(['Charlie checkout', 'Bravo checkout']);
    await sort.selectOption({ label: 'Title' });
    await expect.poll(() => titles(page)).toEqual(['Bravo checkout', 'Charlie checkout']);

    await search.fill('delta');
    await expect.poll(() => page.getByText('No session matches “delta”.').isVisible()).toBe(true);
    expect(await sessionList(page).count()).toBe(0);

    await search.fill('');
    await expect.poll(() => titles(page)).toEqual(['Alpha sign-up', 'Bravo checkout', 'Charlie checkout']);

    // A rename moves a session to the top of "Last changed".
    await sort.selectOption({ label: 'Last changed' });
    await page.getByRole('button', { name: 'Rename Bravo checkout' }).click();
    await page.getByRole('textbox', { name: 'New session title' }).fill('Bravo payments');
    await page.getByRole('textbox', { name: 'New session title' }).press('Enter');
    await expect.poll(() => titles(page)).toEqual(['Bravo payments', 'Charlie checkout', 'Alpha sign-up']);
  });
});
