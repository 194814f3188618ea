import { describe, expect, it } from 'vitest';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();

describe('workshop sessions', () => {
  it('creates a session, renames it, and finds it again after a reload', async () => {
    const { page } = await harness.open();
    await expect.poll(() => page.getByText('No sessions yet').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.waitFor();
    expect(await title.inputValue()).toBe('Untitled session');
    await expect.poll(() => page.getByRole('region', { name: /Journey canvas/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Zoom In' }).count()).toBe(1);
    expect(await page.locator('.react-flow__minimap').count()).toBe(1);

    await title.fill('Checkout threat-storm');
    await title.press('Enter');
    const saveState = page.getByRole('status', { name: 'Save state' });
    await expect.poll(() => saveState.textContent()).toBe('Saved');

    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Checkout threat-storm');

    await page.getByRole('link', { name: '← Sessions' }).click();
    const list = page.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => list.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Checkout threat-storm')]);
  });

  it('shows the save state while a change is pending and after it is written', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.fill('Pending rename');
    await title.press('Enter');
    const saveState = page.getByRole('status', { name: 'Save state' });
    // Right after the change the debounce has not fired yet.
    expect(await saveState.textContent()).toMatch(/Unsaved changes|Saving…/);
    await expect.poll(() => saveState.textContent()).toBe('Saved');
  });

  it('Escape abandons a title edit', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.fill('Not this');
    await title.press('Escape');
    expect(await title.inputValue()).toBe('Untitled session');
  });

  it('saves a session to a file and opens it again from the file', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.fill('Round trip');
    await title.press('Enter');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save to file' }).click();
    const file = await (await download).path();
    expect((await download).suggestedFilename()).toBe('round-trip.threatstorm.json');

    await page.getByRole('link', { name: '← Sessions' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser).setFiles(file);
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Round trip (copy)');
    await expect.poll(() => page.getByText('as a copy').isVisible()).toBe(true);
  });

  it('rejects a broken session file with a message that says where, and stores nothing', async () => {
    const { page } = await harness.open();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser).setFiles({
      name: 'broken.threatstorm.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ schemaVersion: 1, session: { id: 'x', title: 'Bad' }, steps: [{ id: 1 }] })),
    });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('"broken.threatstorm.json" could not be opened');
    expect(await alert.textContent()).toContain('steps[0].id');
    expect(await page.getByText('No sessions yet').isVisible()).toBe(true);
  });
});
