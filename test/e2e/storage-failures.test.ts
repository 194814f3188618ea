import { describe, expect, it } from 'vitest';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();

describe('when storage misbehaves', () => {
  it('a corrupt session shows an error for that session only and is never overwritten', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('textbox', { name: 'Session title' }).fill('Healthy');
    await page.getByRole('textbox', { name: 'Session title' }).press('Enter');
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.getByRole('link', { name: '← Sessions' }).click();

    const corrupt = { schemaVersion: 1, session: { id: 'corrupt1', title: 'Hand-edited', createdAt: 'yesterday' }, journeys: 7 };
    await page.evaluate(async (document) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('threatstorm');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['documents', 'sessions'], 'readwrite');
      tx.objectStore('documents').put({ id: 'corrupt1', document });
      tx.objectStore('sessions').put({ id: 'corrupt1', title: 'Hand-edited', updatedAt: '2030-01-01T00:00:00.000Z', createdAt: '', counts: { journeys: 0, steps: 0, threats: 0, outcomes: 0, mitigations: 0 } });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    }, corrupt);
    await page.reload();

    await page.getByRole('link', { name: /Hand-edited/ }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('It has not been changed');
    expect(await alert.textContent()).toContain('session.createdAt');

    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const request = indexedDB.open('threatstorm');
        request.onsuccess = () => resolve(request.result);
      });
      const value = await new Promise((resolve) => {
        const request = db.transaction('documents').objectStore('documents').get('corrupt1');
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return value;
    });
    expect(stored).toEqual({ id: 'corrupt1', document: corrupt });

    await page.getByRole('link', { name: 'Back to sessions' }).click();
    await page.getByRole('link', { name: /Healthy/ }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Healthy');
  });

  it('a full disk is reported, edits stay in memory, and the next save succeeds once there is room', async () => {
    const { page, context } = await harness.open();
    await context.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args: Parameters<IDBObjectStore['put']>) {
        if ((window as unknown as { failWrites?: boolean }).failWrites) throw new DOMException('Quota exceeded', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.reload();
    await page.getByRole('button', { name: 'New session' }).click();
    const title = page.getByRole('textbox', { name: 'Session title' });
    await title.waitFor();
    await page.evaluate(() => ((window as unknown as { failWrites?: boolean }).failWrites = true));
    await title.fill('Edited while the disk is full');
    await title.press('Enter');
    const saveState = page.getByRole('status', { name: 'Save state' });
    await expect.poll(() => saveState.textContent()).toContain('Could not save: the storage on this computer is full');
    expect(await title.inputValue()).toBe('Edited while the disk is full');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save to file' }).click();
    expect((await download).suggestedFilename()).toBe('edited-while-the-disk-is-full.threatstorm.json');

    await page.evaluate(() => ((window as unknown as { failWrites?: boolean }).failWrites = false));
    await title.fill('Saved after all');
    await title.press('Enter');
    await expect.poll(() => saveState.textContent()).toBe('Saved');
    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Saved after all');
  });

  it('without IndexedDB the app says so and still works in memory', async () => {
    const { page, context } = await harness.open();
    await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await page.reload();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Local storage is unavailable');
    await page.getByRole('button', { name: 'New session' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toContain('storage is unavailable');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save to file' }).click();
    expect((await download).suggestedFilename()).toBe('untitled-session.threatstorm.json');
  });
});
