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
    // Below 1440 px the minimap starts folded away; its control in the canvas controls shows it.
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    await page.getByRole('button', { name: 'Overview map' }).click();
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
    // The same session is already stored: the person chooses; "Keep both" makes a copy.
    await page.getByRole('dialog', { name: 'This session is already here' }).getByRole('button', { name: 'Keep both' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Round trip (copy)');
    await expect.poll(() => page.getByText('as a copy').isVisible()).toBe(true);
  });

  it('replaces a stored session from its file only after confirmation', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.fill('Before');
    await title.press('Enter');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save to file' }).click();
    const file = await (await download).path();
    await title.fill('After');
    await title.press('Enter');
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.getByRole('link', { name: '← Sessions' }).click();

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser).setFiles(file);
    await page.getByRole('dialog', { name: 'This session is already here' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Before');
    await page.getByRole('link', { name: '← Sessions' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Sessions' }).getByRole('link').allTextContents()).toEqual([expect.stringContaining('Before')]);
  });

  it('opens a session file dropped onto the window', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).waitFor();
    const session = {
      schemaVersion: 1,
      session: { id: 'dropped1', title: 'Dropped in', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      journeys: [{ id: 'j1', name: 'Sign-up' }],
    };
    await page.evaluate((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'dropped.threatstorm.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, JSON.stringify(session));
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Dropped in');
    expect(await page.getByRole('tab', { name: 'Sign-up' }).count()).toBe(1);
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
    // It breaks the format in ways a repair can fix: the repair is offered, with what it would
    // change; declining it stores nothing.
    const dialog = page.getByRole('dialog', { name: 'Repair this session file?' });
    await expect.poll(() => dialog.textContent()).toContain('"broken.threatstorm.json" could not be opened');
    expect(await dialog.getByRole('list', { name: 'Details' }).textContent()).toContain('steps[0]');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByText('"broken.threatstorm.json" was not opened — nothing was changed.').count()).toBe(1);
    expect(await page.getByText('No sessions yet').isVisible()).toBe(true);

    // What no repair can help (no session part at all) is refused with the place named.
    const chooser2 = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser2).setFiles({
      name: 'hopeless.threatstorm.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ schemaVersion: 1, session: 'none', steps: [] })),
    });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('"hopeless.threatstorm.json" could not be opened');
    expect(await alert.textContent()).toContain('session');
    expect(await page.getByText('No sessions yet').isVisible()).toBe(true);
  });
});
