/**
 * Nothing a user does may lock them out of a session (issue #17): the reported lock-outs made
 * through the UI, Repair of a stored session and of a file that break a rule, the home screen
 * with a damaged summary row, and a full disk.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickStep, useAppHarness } from './harness.ts';

const harness = useAppHarness();
const EVIDENCE = new URL('../../../shared/evidence/redteam-2026-12/', import.meta.url);

async function newSession(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).click();
  const field = page.getByRole('textbox', { name: 'Session title' });
  await field.fill(title);
  await field.press('Enter');
  await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
}

/** Writes rows straight into the app's database, as a bug, another program or an old version would. */
async function putRows(page: Page, rows: { documents?: unknown[]; sessions?: unknown[] }): Promise<void> {
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('threatstorm');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['documents', 'sessions'], 'readwrite');
    for (const row of rows.documents ?? []) tx.objectStore('documents').put(row);
    for (const row of rows.sessions ?? []) tx.objectStore('sessions').put(row);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, rows);
}

const summary = (id: string, title: unknown) => ({ id, title, updatedAt: '2030-01-01T00:00:00.000Z', createdAt: '', counts: { journeys: 1, steps: 0, threats: 0, outcomes: 0, mitigations: 0 } });

describe('integrity: no lost or locked sessions', () => {
  it('a revealed dot vote on a step that is then deleted: the session still opens after a reload', async () => {
    const { page } = await harness.open();
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await page.getByRole('button', { name: /Use template: Log in/ }).click();
    const step = page.getByRole('group', { name: 'Checks the password (system)', exact: true });
    await step.waitFor();
    const workshop = page.getByRole('toolbar', { name: 'Workshop' });
    await workshop.getByRole('button', { name: /^People/ }).click();
    const people = page.getByRole('dialog', { name: 'People in the room' });
    await people.getByRole('textbox', { name: 'Name' }).fill('Ann');
    await people.getByRole('button', { name: 'Add' }).click();
    await people.getByRole('button', { name: 'Done' }).click();

    await clickStep(step);
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: '+ Threat' }).click();
    await inspector.getByRole('textbox', { name: 'Threat', exact: true }).fill('Credential stuffing');
    await inspector.getByRole('textbox', { name: 'Threat', exact: true }).press('Enter');

    await workshop.getByRole('button', { name: 'Dot vote…' }).click();
    const vote = page.getByRole('dialog', { name: 'Dot vote' });
    await vote.getByRole('button', { name: 'Open vote' }).click();
    await vote.getByRole('button', { name: 'Give a dot to Credential stuffing' }).click();
    await vote.getByRole('button', { name: 'Reveal results' }).click();
    await vote.getByRole('button', { name: 'Done' }).click();

    await clickStep(step);
    await page.keyboard.press('Delete');
    await expect.poll(() => step.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Untitled session');
    expect(await page.getByRole('heading', { name: 'Session not opened' }).count()).toBe(0);
  });

  it('a stored session that breaks a rule offers Repair with the list of changes, and the original as a file and a snapshot', async () => {
    const { page } = await harness.open();
    const broken = JSON.parse(readFileSync(new URL('ballot-lockout-saved-from-app.threatstorm.json', EVIDENCE), 'utf8'));
    const id = broken.session.id as string;
    await putRows(page, { documents: [{ id, document: broken }], sessions: [summary(id, broken.session.title)] });
    await page.reload();
    await page.getByRole('link', { name: new RegExp(broken.session.title) }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('ballots[0].threatId');
    const recovery = page.getByRole('region', { name: 'Recover this session' });
    await expect.poll(() => recovery.textContent()).toContain('1 change');

    const download = page.waitForEvent('download');
    await recovery.getByRole('button', { name: 'Save the original to a file' }).click();
    const saved = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
    expect(saved).toEqual(broken);

    await recovery.getByRole('button', { name: 'Repair…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Repair this session?' });
    expect(await dialog.getByRole('list', { name: 'Details' }).getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Dropped a ballot of vote/)]);
    await dialog.getByRole('button', { name: 'Repair and open' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe(broken.session.title);
    await page.reload();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe(broken.session.title);
    const workshop = page.getByRole('toolbar', { name: 'Workshop' });
    await workshop.getByRole('button', { name: /^More/ }).click();
    await workshop.getByRole('button', { name: 'Snapshots', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog', { name: /Snapshots/ }).textContent()).toContain('Before repair');
  });

  it('a session file that breaks a rule is offered a repair before anything is stored', async () => {
    const { page } = await harness.open();
    const broken = JSON.parse(readFileSync(new URL('../ux-2026-12/checkout-threat-storm.threatstorm.json', EVIDENCE), 'utf8'));
    broken.threats[0].statement.impactedGoals = ['g'.repeat(80)];
    broken.steps[0].label = 'L'.repeat(250);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ts-repair-')), 'broken.threatstorm.json');
    writeFileSync(file, JSON.stringify(broken));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser).setFiles(file);
    const dialog = page.getByRole('dialog', { name: 'Repair this session file?' });
    const changes = dialog.getByRole('list', { name: 'Details' }).getByRole('listitem');
    await expect.poll(() => changes.count()).toBe(2);
    expect(await changes.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Cut statement\.impactedGoals\.0 of threat/)]));
    await dialog.getByRole('button', { name: 'Repair and open' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe(broken.session.title);
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
  });

  it('a damaged summary row (no counts, a null title) does not blank the home screen', async () => {
    const { page } = await harness.open();
    await newSession(page, 'Healthy one');
    await page.getByRole('link', { name: '← Sessions' }).click();
    await putRows(page, {
      sessions: [
        { id: 'no-counts', title: 'No counts', updatedAt: '2029-01-01T00:00:00.000Z' },
        { id: 'null-title', title: null, updatedAt: null, counts: { journeys: 'x' } },
      ],
    });
    await page.reload();
    const list = page.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => list.getByRole('link').count()).toBe(3);
    expect(await list.textContent()).toContain('Healthy one');
    expect(await list.textContent()).toContain('No counts');
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill('heal');
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill('');
    await page.getByRole('combobox', { name: 'Sort sessions' }).selectOption('title');
    await expect.poll(() => list.getByRole('link').count()).toBe(3);
  });

  it('a file too big for the room left is refused before writing, never shown as "Saved", and stays savable to a file', async () => {
    const { page, context } = await harness.open();
    // A profile with 6 MB of quota of which 1 MB is used, as the browser reports it. (Chromium's
    // DevTools quota override does not reach a headless profile's estimate; the write failure
    // itself is covered by storage-failures.test.ts.)
    await context.addInitScript(() => {
      Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ quota: 6 * 1024 * 1024, usage: 1024 * 1024 }) });
    });
    await page.reload();
    const big = JSON.parse(readFileSync(new URL('walk-loops-2000.threatstorm.json', EVIDENCE), 'utf8'));
    big.session.description = 'x'.repeat(19_000);
    for (const step of big.steps) step.description = 'd'.repeat(600);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ts-quota-')), 'big.threatstorm.json');
    writeFileSync(file, JSON.stringify(big));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open file…' }).click();
    await (await chooser).setFiles(file);
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toMatch(/not enough room on this computer/);
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toMatch(/Not stored on this computer/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save to file' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.threatstorm\.json$/);
    await page.getByRole('link', { name: '← Sessions' }).click();
    await expect.poll(() => page.getByText('No sessions yet').isVisible()).toBe(true);
  });
});
