/**
 * A facilitated workshop: people in the room and who is speaking, the agenda timer (driven by a
 * controlled clock, never by real waiting), walk mode, a blind dot vote, the audit log and
 * snapshots.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();
const workshop = (page: Page) => page.getByRole('toolbar', { name: 'Workshop' });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

async function session(page: Page): Promise<void> {
  page.setDefaultTimeout(5000);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  await page.getByRole('group', { name: 'Checks the password (system)', exact: true }).waitFor();
}

async function addPeople(page: Page, people: Array<[string, string]>): Promise<void> {
  await workshop(page).getByRole('button', { name: /^People/ }).click();
  const dialog = page.getByRole('dialog', { name: 'People in the room' });
  for (const [name, role] of people) {
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
    await dialog.getByRole('button', { name: 'Add' }).click();
  }
  await dialog.getByRole('button', { name: 'Done' }).click();
}

/** Solo guide, Snapshots and Audit log live under the workshop bar's "More". */
async function openTool(page: Page, name: 'Solo guide' | 'Snapshots' | 'Audit log'): Promise<void> {
  await workshop(page).getByRole('button', { name: /^More/ }).click();
  await workshop(page).getByRole('button', { name, exact: true }).click();
}

/** "7:00" → 420, "−1:00" → −60. */
function seconds(text: string | null): number {
  const match = /^(−?)(\d+):(\d{2})$/.exec(text ?? '');
  if (!match) return Number.NaN;
  const value = Number(match[2]) * 60 + Number(match[3]);
  return match[1] ? -value : value;
}

/** The page clock also moves with real time between steps: allow a few seconds of it. */
const about = (expected: number) => (value: number) => value <= expected && value >= expected - 5;

async function addThreat(page: Page, title: string): Promise<void> {
  await inspector(page).getByRole('button', { name: '+ Threat' }).click();
  await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill(title);
  await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).press('Enter');
}

describe('running a workshop', () => {
  it('attributes what is added to the person speaking, and the audit log shows who did what', async () => {
    const { page } = await harness.open();
    await session(page);
    await addPeople(page, [
      ['Ana', 'facilitator'],
      ['Ben', 'participant'],
    ]);
    await workshop(page).getByRole('combobox', { name: 'Who is speaking' }).selectOption({ label: 'Speaking: Ben' });
    await page.getByRole('group', { name: 'Checks the password (system)', exact: true }).click();
    await addThreat(page, 'Password spraying');

    await openTool(page, 'Audit log');
    const log = page.getByRole('dialog', { name: 'Audit log' });
    const rows = log.getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const text = await log.textContent();
    expect(text).toContain('Add participant Ana');
    expect(text).toMatch(/Ben\s*Add threat/);
    const before = await rows.count();
    await log.getByRole('searchbox', { name: 'Filter the audit log' }).fill('threat');
    await expect.poll(() => rows.count()).toBeLessThan(before);
    const shown = (await rows.allTextContents()).slice(1);
    expect(shown.length).toBeGreaterThan(0);
    for (const row of shown) expect(row.toLowerCase()).toContain('threat');

    // The filtered log leaves as CSV (the writer loads on first use).
    const download = page.waitForEvent('download');
    await log.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('When,Who,What,Detail');
    expect(csv).toMatch(/,Ben,Add threat,/);
    expect(csv).not.toContain('Add participant Ana');
  });

  it('runs the phase timer from a controlled clock, extends it, and resumes after a reload', async () => {
    const { page } = await harness.open();
    await page.clock.install({ time: new Date('2026-11-22T09:00:00Z') });
    await page.reload();
    await session(page);
    await workshop(page).getByRole('button', { name: 'Set up agenda' }).click();
    const timer = workshop(page).getByRole('timer');
    expect(await timer.textContent()).toBe('10:00');
    await workshop(page).getByRole('button', { name: 'Start' }).click();
    await page.clock.fastForward('03:00');
    await expect.poll(async () => about(7 * 60)(seconds(await timer.textContent()))).toBe(true);
    await workshop(page).getByRole('button', { name: 'Add 5 minutes' }).click();
    await expect.poll(async () => about(12 * 60)(seconds(await timer.textContent()))).toBe(true);
    await page.clock.fastForward('13:00');
    await expect.poll(async () => about(-60)(seconds(await timer.textContent()))).toBe(true);
    expect(await workshop(page).getByText('Time is up').count()).toBe(1);

    await workshop(page).getByRole('button', { name: 'Next phase' }).click();
    expect(await workshop(page).getByRole('combobox', { name: 'Phase' }).inputValue()).toBeTruthy();
    await expect.poll(() => timer.textContent()).toBe('30:00');
    await workshop(page).getByRole('button', { name: 'Start' }).click();
    await page.clock.fastForward('05:00');
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.reload();
    // The timer is stored as timestamps: after the reload it is still running, from the same start.
    await page.clock.fastForward('01:00');
    await expect.poll(async () => about(24 * 60)(seconds(await workshop(page).getByRole('timer').textContent()))).toBe(true);
  });

  it('walks the journey step by step with the arrow keys and anchors a threat to the current step', async () => {
    const { page } = await harness.open();
    await session(page);
    await workshop(page).getByRole('button', { name: 'Walk the journey' }).click();
    const walk = page.getByRole('region', { name: 'Walk mode' });
    await expect.poll(() => walk.getByRole('heading').textContent()).toBe('Opens the log-in page');
    expect(await walk.textContent()).toContain('Step 1 of');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => walk.getByRole('heading').textContent()).toBe('Enters email and password');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => walk.getByRole('heading').textContent()).toBe('Enters email and password');
    const current = page.getByRole('group', { name: 'Enters email and password (action)', exact: true });
    expect(await current.locator('.step-node.is-current').count()).toBe(1);
    await walk.getByRole('button', { name: '+ Threat here' }).click();
    await expect.poll(() => current.getByRole('img', { name: /^Threats and outcomes/ }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => walk.count()).toBe(0);
  });

  it('runs a blind dot vote with three people, refuses an observer, and reveals the totals', async () => {
    const { page } = await harness.open();
    await session(page);
    await addPeople(page, [
      ['Ana', 'facilitator'],
      ['Ben', 'participant'],
      ['Cleo', 'participant'],
      ['Olu', 'observer'],
    ]);
    await page.getByRole('group', { name: 'Checks the password (system)', exact: true }).click();
    for (const title of ['Credential stuffing', 'Brute force', 'Timing leak']) await addThreat(page, title);

    await workshop(page).getByRole('button', { name: 'Dot vote…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dot vote' });
    await dialog.getByRole('button', { name: 'Open vote' }).click();
    expect(await dialog.getByRole('combobox', { name: 'Dots of' }).locator('option').allTextContents()).toEqual(['Ana', 'Ben', 'Cleo']);
    const give = (title: string) => dialog.getByRole('button', { name: `Give a dot to ${title}` }).click();
    for (const [who, picks] of [
      ['Ana', ['Credential stuffing', 'Credential stuffing', 'Brute force']],
      ['Ben', ['Credential stuffing', 'Timing leak', 'Timing leak']],
      ['Cleo', ['Credential stuffing', 'Brute force', 'Brute force']],
    ] as const) {
      await dialog.getByRole('combobox', { name: 'Dots of' }).selectOption({ label: who });
      for (const pick of picks) await give(pick);
    }
    await give('Timing leak');
    expect(await dialog.getByRole('alert').textContent()).toBe('Cleo has used all 3 dots.');
    // Blind: the threats' votes have not moved yet.
    await dialog.getByRole('button', { name: 'Reveal results' }).click();
    const results = dialog.getByRole('list', { name: 'Vote results' }).getByRole('listitem');
    await expect.poll(() => results.allTextContents()).toEqual(['4 Credential stuffing', '3 Brute force', '2 Timing leak']);
  });

  it('saves a snapshot, summarises what changed since, and restores it (undoably)', async () => {
    const { page } = await harness.open();
    await session(page);
    await openTool(page, 'Snapshots');
    let dialog = page.getByRole('dialog', { name: 'Snapshots' });
    await dialog.getByRole('textbox', { name: 'Snapshot name' }).fill('End of workshop 1');
    await dialog.getByRole('button', { name: 'Save snapshot' }).click();
    await expect.poll(() => dialog.getByRole('list', { name: 'Snapshots' }).textContent()).toContain('End of workshop 1');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('group', { name: 'Checks the password (system)', exact: true }).click();
    await addThreat(page, 'Added after the snapshot');
    await openTool(page, 'Snapshots');
    dialog = page.getByRole('dialog', { name: 'Snapshots' });
    // Read-only view of the snapshot: the threat added since is not in it.
    await dialog.getByRole('button', { name: 'View “End of workshop 1”' }).click();
    const view = page.getByRole('dialog', { name: 'Snapshot “End of workshop 1” (read-only)' });
    await view.getByRole('article', { name: 'Snapshot End of workshop 1' }).waitFor();
    expect(await view.textContent()).not.toContain('Added after the snapshot');
    expect(await view.getByRole('textbox').count()).toBe(0);
    await view.getByRole('button', { name: 'Back to snapshots' }).click();
    await dialog.getByRole('button', { name: 'Compare “End of workshop 1” with now' }).click();
    await expect.poll(() => dialog.getByRole('region', { name: 'Changes since the snapshot' }).textContent()).toContain('Threats: 1 added');
    await dialog.getByRole('button', { name: 'Restore “End of workshop 1”' }).click();
    await page.getByRole('group', { name: 'Checks the password (system)', exact: true }).click();
    await expect.poll(() => inspector(page).getByRole('heading', { name: /^Threats/ }).textContent()).toBe('Threats (0)');
    await page.keyboard.press('Control+z');
    await expect.poll(() => inspector(page).getByRole('heading', { name: /^Threats/ }).textContent()).toBe('Threats (1)');
  });

  it('presents: panels hidden, canvas and timer kept', async () => {
    const { page } = await harness.open();
    await session(page);
    await workshop(page).getByRole('button', { name: 'Set up agenda' }).click();
    await workshop(page).getByRole('button', { name: 'Present' }).click();
    await expect.poll(() => page.getByRole('complementary', { name: 'Inspector' }).isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: /Journey canvas/ }).isVisible()).toBe(true);
    const presenting = page.getByRole('toolbar', { name: 'Presenting' });
    expect(await presenting.getByRole('timer', { name: 'Time left in Frame the journey' }).textContent()).toBe('10:00');
    await presenting.getByRole('button', { name: 'Stop presenting' }).click();
    await expect.poll(() => page.getByRole('complementary', { name: 'Inspector' }).isVisible()).toBe(true);
  });

  it('guides a product manager alone through the five steps, ticking them off', async () => {
    const { page } = await harness.open();
    await session(page);
    await openTool(page, 'Solo guide');
    const guide = page.getByRole('complementary', { name: 'Solo guide' });
    // The template journey already has steps: step one is done, dealing cards is next.
    expect(await guide.locator('[aria-current="step"]').textContent()).toContain('Deal cards');
    await page.getByRole('group', { name: 'Enters email and password (action)', exact: true }).click();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    await page.getByRole('list', { name: 'Dealt cards' }).getByRole('button').first().click();
    await expect.poll(() => guide.locator('[aria-current="step"]').textContent()).toContain('Write what the user must be able to trust');
  });
});
