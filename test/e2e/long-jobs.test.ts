/**
 * Long work shows progress and can be cancelled: importing a large file runs in the job worker
 * behind a progress dialog; Cancel stops the worker and leaves the sessions and the database as
 * they were; letting it run brings the session in.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { useAppHarness } from './harness.ts';
import { workloadSession } from '../../tools/sample-sessions.ts';
import { serializeSession } from '../../renderer/session-files.ts';

const harness = useAppHarness();

// About 18 MB (imports take up to 20 MB): checking it keeps the worker busy for most of a second
// or more after the dialog appears, time enough to cancel it mid-way.
const BIG = workloadSession({ steps: 1000, threats: 20000, outcomes: 5000, mitigations: 8000 });
const BIG_FILE = { name: 'big-model.threatstorm.json', mimeType: 'application/json', buffer: Buffer.from(serializeSession(BIG)) };

const sessionList = (page: Page) => page.getByRole('list', { name: 'Sessions' });
const titles = (page: Page) => sessionList(page).locator('.session-title').allTextContents();

/** Every object store's keys, straight from IndexedDB. */
function storedKeys(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('threatstorm');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const names = [...db.objectStoreNames];
    const keys = await Promise.all(
      names.map(
        (name) =>
          new Promise<string[]>((resolve, reject) => {
            const request = db.transaction(name).objectStore(name).getAllKeys();
            request.onsuccess = () => resolve(request.result.map((key) => JSON.stringify(key)));
            request.onerror = () => reject(request.error);
          }),
      ),
    );
    db.close();
    return Object.fromEntries(names.map((name, i) => [name, keys[i]!]));
  });
}

/** Home screen with one stored session, so "unchanged" has something to keep. */
async function homeWithOneSession(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).click();
  const field = page.getByRole('textbox', { name: 'Session title' });
  await field.fill('Checkout review');
  await field.press('Enter');
  await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
  await page.getByRole('link', { name: '← Sessions' }).click();
  await expect.poll(() => titles(page)).toEqual(['Checkout review']);
}

/**
 * The job worker's script arrives `ms` late (a slow disk), so the dialog is up for a while
 * whatever the machine's speed.
 */
async function slowWorkerScript(context: BrowserContext, ms: number): Promise<void> {
  await context.route(/jobs\.worker-[\w-]+\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

/** Picks the big file in the import dialog; `worker` resolves when the page starts a worker. */
async function startImport(page: Page, options: { watchWorker?: boolean } = {}): Promise<{ worker: Promise<Worker> | null }> {
  const worker = options.watchWorker ? page.waitForEvent('worker') : null;
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import threat model…' }).click();
  await (await chooser).setFiles(BIG_FILE);
  return { worker };
}

/**
 * Waits, checking every frame, until the progress dialog says `phase`. Locator waits back off to
 * half a second between checks, too coarse for a dialog that is up for a few hundred ms.
 */
async function whenPhase(page: Page, phase: RegExp): Promise<void> {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('dialog[open] [role="status"]')?.textContent ?? ''), phase.source, { polling: 'raf' });
}

/** Drops a file made in the page, as if dragged from the desktop onto the window. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'application/json' }));
      return transfer;
    },
    [name, text] as const,
  );
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

const importDialog = (page: Page) => page.getByRole('dialog', { name: 'Importing big-model.threatstorm.json' });
const cancelledNotice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

describe('progress of long work', () => {
  it('cancels a large import mid-way: the worker stops, the sessions and the database stay as they were', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(10_000);
    await homeWithOneSession(page);
    const before = await storedKeys(page);
    const started = await startImport(page, { watchWorker: true });
    // Cancel while the worker is checking the threats.
    await whenPhase(page, /^Checking 20,000 threats/);
    await importDialog(page).getByRole('button', { name: 'Cancel' }).click();
    const worker = (await started.worker)!;
    expect(worker.url()).toMatch(/jobs\.worker/);
    await expect.poll(() => importDialog(page).count()).toBe(0);
    await expect.poll(() => cancelledNotice(page, 'Import cancelled — nothing was changed.').count()).toBe(1);
    // Long enough for the import to have finished and been stored had it not been stopped.
    await page.waitForTimeout(2500);
    expect(await titles(page)).toEqual(['Checkout review']);
    expect(await storedKeys(page)).toEqual(before);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('shows what it is doing, and Escape cancels too', async () => {
    const { page, context } = await harness.open();
    page.setDefaultTimeout(10_000);
    await slowWorkerScript(context, 2000);
    await homeWithOneSession(page);
    const before = await storedKeys(page);
    await startImport(page);
    const dialog = importDialog(page);
    await dialog.waitFor();
    const bar = dialog.getByRole('progressbar', { name: 'Progress' });
    expect(await bar.count()).toBe(1);
    // Nothing countable yet: an indeterminate bar (no value) and words for what is going on.
    expect(await bar.getAttribute('aria-valuenow')).toBeNull();
    expect(await dialog.getByRole('status').textContent()).toBe('Starting…');
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((button) => button === document.activeElement)).toBe(true);
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: `${process.env.SCREENSHOTS_DIR}/progress-dialog.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => cancelledNotice(page, 'Import cancelled — nothing was changed.').count()).toBe(1);
    expect(await dialog.count()).toBe(0);
    await page.waitForTimeout(3000);
    expect(await titles(page)).toEqual(['Checkout review']);
    expect(await storedKeys(page)).toEqual(before);
  });

  it('lets a large import finish through the dialog and opens the session', async () => {
    const { page, context } = await harness.open();
    page.setDefaultTimeout(10_000);
    await slowWorkerScript(context, 1000);
    await homeWithOneSession(page);
    await startImport(page);
    await importDialog(page).waitFor();
    await expect.poll(() => importDialog(page).count(), { timeout: 20_000 }).toBe(0);
    await page.getByRole('region', { name: /Journey canvas/ }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe(BIG.session.title);
    await expect.poll(() => page.getByText('Opened "big-model.threatstorm.json".').count()).toBe(1);
    await page.getByRole('link', { name: '← Sessions' }).click();
    await expect.poll(async () => (await titles(page)).sort()).toEqual([BIG.session.title, 'Checkout review'].sort());
  });

  it('cancels a backlog export before any file is saved', async () => {
    const { page, context } = await harness.open();
    page.setDefaultTimeout(10_000);
    await slowWorkerScript(context, 1500);
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('tab', { name: 'Backlog' }).click();
    await page.getByRole('combobox', { name: 'Export format' }).selectOption({ label: 'Markdown report' });
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await page.getByRole('button', { name: 'Export backlog' }).click();
    const dialog = page.getByRole('dialog', { name: 'Exporting Markdown report' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => cancelledNotice(page, 'Export cancelled — no file was saved.').count()).toBe(1);
    await page.waitForTimeout(2500);
    expect(downloads).toEqual([]);
    // Not cancelled, the same export saves its files.
    await page.getByRole('button', { name: 'Export backlog' }).click();
    await dialog.waitFor();
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(downloads.some((name) => name.endsWith('.md'))).toBe(true);
  });

  it('opens a dropped session file through the job worker', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(10_000);
    await page.getByText('No sessions yet').waitFor();
    const small = workloadSession({ steps: 12, threats: 30, outcomes: 5, mitigations: 8 });
    const worker = page.waitForEvent('worker');
    await dropFile(page, 'dropped.threatstorm.json', serializeSession(small));
    expect((await worker).url()).toMatch(/jobs\.worker/);
    await page.getByRole('region', { name: /Journey canvas/ }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe(small.session.title);
  });

  it('shows how far a countable phase is (a stand-in worker that stops while reading)', async () => {
    const { page, context } = await harness.open();
    page.setDefaultTimeout(10_000);
    // The stand-in says it has read 4.2 of 11 MB, then goes quiet until cancelled.
    await context.route(/jobs\.worker-[\w-]+\.js$/, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `onmessage = () => postMessage({ type: 'progress', progress: { phase: 'Reading the file', done: ${4.2 * 1024 * 1024}, total: ${11 * 1024 * 1024}, unit: 'bytes' } });`,
      }),
    );
    await page.getByText('No sessions yet').waitFor();
    await dropFile(page, 'workshop.threatstorm.json', '{}');
    const dialog = page.getByRole('dialog', { name: 'Opening workshop.threatstorm.json' });
    await dialog.waitFor();
    const bar = dialog.getByRole('progressbar', { name: 'Progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('38');
    expect(await bar.getAttribute('aria-valuetext')).toBe('38%, 4.2 of 11.0 MB');
    expect(await dialog.getByRole('status').textContent()).toBe('Reading the file…');
    expect(await dialog.textContent()).toContain('4.2 of 11.0 MB');
    // The width is set through the CSSOM (no style attribute under the CSP): 38 % of the track.
    const widths = await bar.evaluate((track) => [track.getBoundingClientRect().width, track.firstElementChild!.getBoundingClientRect().width]);
    expect(widths[1]! / widths[0]!).toBeGreaterThan(0.3);
    expect(widths[1]! / widths[0]!).toBeLessThan(0.45);
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: `${process.env.SCREENSHOTS_DIR}/progress-dialog-determinate.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => cancelledNotice(page, 'Opening "workshop.threatstorm.json" cancelled — nothing was changed.').count()).toBe(1);
    expect(await page.getByText('No sessions yet').isVisible()).toBe(true);
  });
});
