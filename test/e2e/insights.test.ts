/**
 * Insights: a risk-matrix cell filters the threat list and points its steps out on the canvas; a
 * critical journey turns "Ready" once its last open High threat has a planned mitigation; the
 * dashboard renders (and is looked at) in light and dark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { findTemplate, instantiateTemplate } from '../../shared/templates.ts';
import type { Mitigation, SessionDocument, Step, Threat } from '../../shared/schema.ts';
import { blankThreat } from '../../shared/threat-ops.ts';
import { clickStep, useAppHarness } from './harness.ts';

const harness = useAppHarness();

let counter = 0;
const makeId = () => `x${(++counter).toString(36)}`;

interface Fixture {
  doc: SessionDocument;
  step(label: string): Step;
}

/**
 * Check out and pay (critical, not ready), Log in (critical, ready) and Post a review. Two
 * Critical threats sit in the likelihood 4 × impact 5 cell, on two different checkout steps.
 */
function insightsSession(): Fixture {
  const doc = createSessionDocument('Shop threat-storm', new Date('2026-05-01T09:00:00Z'));
  doc.journeys = [];
  for (const [index, id] of ['checkout', 'log-in-mfa', 'post-review'].entries()) {
    const made = instantiateTemplate(findTemplate(id)!, makeId, { x: 0, y: index * 600 });
    doc.journeys.push(made.journey);
    doc.steps.push(...made.steps);
    doc.flows.push(...made.flows);
  }
  const step = (label: string) => {
    const found = doc.steps.find((s) => s.label === label);
    if (!found) throw new Error(`no step ${label}`);
    return found;
  };
  const threat = (title: string, on: string, likelihood: number, impact: number, extra: Partial<Threat> = {}): string => {
    const id = makeId();
    doc.threats.push(blankThreat({ type: 'step', id: step(on).id }, { id, title, category: { framework: 'STRIDE', key: 'tampering' }, likelihood, impact, ...extra }));
    return id;
  };
  const mitigation = (title: string, threatIds: string[], status: Mitigation['status']) =>
    doc.mitigations.push({ id: makeId(), title, description: '', threatIds, effort: 'M', status, owner: '' });
  const outcome = (statement: string, on: string, threatIds: string[]) =>
    doc.outcomes.push({ id: makeId(), stepId: step(on).id, statement, threatIds, acceptanceCriteria: [], status: 'agreed' });

  const skimming = threat('Card skimming script on the payment page', 'Enters card details', 4, 5);
  const testing = threat('Card testing with stolen cards', 'Authorises the payment', 4, 5);
  const price = threat('Price changed in the basket before paying', 'Works out the total', 3, 4);
  threat('Order history shows another customer’s orders', 'Creates the order', 2, 3, {
    status: 'accepted',
    acceptance: { owner: 'Priya (product)', reason: 'Only staff accounts affected until launch', reviewDate: '2026-01-31' },
  });
  threat('Receipt sent to a mistyped address', 'Sends the receipt', 3, 2);
  threat('Delivery address read by support staff', 'Enters the delivery address', 2, 2, { status: 'mitigated' });
  mitigation('Lock the payment page with subresource integrity', [skimming], 'planned');
  mitigation('Velocity limits per card and device', [testing], 'in-progress');
  mitigation('Re-price the basket on the server', [price], 'proposed');
  outcome('Only I can see my card number', 'Enters card details', [skimming]);
  outcome('I pay the price I was shown', 'Works out the total', [price]);

  const stuffing = threat('Credential stuffing', 'Checks the password', 4, 4);
  const simSwap = threat('SIM swap to steal one-time codes', 'Texts a one-time code', 3, 4);
  threat('Error text reveals which emails have accounts', 'Password correct?', 3, 2, { status: 'mitigated' });
  mitigation('Rate-limit sign-in per account and per network', [stuffing], 'done');
  mitigation('Drop text messages for codes', [simSwap], 'wont-do');
  mitigation('Offer passkeys and authenticator apps', [simSwap], 'planned');
  outcome('Nobody but me can sign in as me', 'Checks the password', [stuffing, simSwap]);

  threat('Fake reviews posted by bots', 'Writes a review and adds a photo', 4, 3);
  threat('Photo location reveals the reviewer’s home', 'Scans the photo', 3, 4, { status: 'mitigating' });
  threat('Script injected through review text', 'Checks the review', 2, 4, { status: 'mitigated' });
  return { doc, step };
}

function writeSessionFile(doc: SessionDocument): string {
  const dir = path.join(tmpdir(), 'threatstorm-insights-e2e');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${doc.session.id}.threatstorm.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function openSessionFile(page: Page, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file…' }).click();
  await (await chooser).setFiles(file);
  await page.getByRole('textbox', { name: 'Session title' }).waitFor();
}

const insights = (page: Page) => page.getByRole('main');
const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const stepGroup = (page: Page, step: Pick<Step, 'label' | 'kind'>) => canvas(page).getByRole('group', { name: `${step.label} (${step.kind})`, exact: true });
const isHighlighted = (page: Page, step: Pick<Step, 'label' | 'kind'>) => stepGroup(page, step).locator('.step-node.is-highlighted').count();
const readinessCard = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

describe('insights', () => {
  it('filters the threat list by a matrix cell and highlights those threats’ steps on the canvas', async () => {
    const fixture = insightsSession();
    const { page } = await harness.open();
    page.setDefaultTimeout(5000);
    await openSessionFile(page, writeSessionFile(fixture.doc));
    await page.getByRole('tab', { name: 'Insights' }).click();

    const list = () => insights(page).getByRole('list', { name: /^(Threats in this cell|All threats in the matrix)/ });
    // Open threats of the whole session, highest risk first, before any cell is picked.
    await expect.poll(async () => (await list().getByRole('listitem').count())).toBe(8);

    const cell = insights(page).getByRole('button', { name: /^Likelihood 4 \(Likely\) × impact 5 \(Severe\): risk 20, Critical, 2 threats$/ });
    await cell.click();
    expect(await cell.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => list().getByRole('listitem').locator('.matrix-threat-title').allTextContents()).toEqual([
      'Card skimming script on the payment page',
      'Card testing with stolen cards',
    ]);
    expect(await insights(page).getByRole('heading', { name: 'Threats in this cell (2)' }).count()).toBe(1);

    await insights(page).getByRole('button', { name: 'Show on canvas', exact: true }).click();
    expect(await page.getByRole('tab', { name: 'Journeys' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => canvas(page).getAttribute('aria-label')).toBe('Journey canvas: Check out and pay');
    await expect.poll(() => isHighlighted(page, fixture.step('Enters card details'))).toBe(1);
    expect(await isHighlighted(page, fixture.step('Authorises the payment'))).toBe(1);
    for (const other of ['Works out the total', 'Reviews the basket', 'Creates the order']) {
      expect(await isHighlighted(page, fixture.step(other)), other).toBe(0);
    }

    // Coverage links to the canvas overlay of steps nobody has considered.
    await page.getByRole('tab', { name: 'Insights' }).click();
    await insights(page).getByRole('button', { name: 'Show gaps on canvas: Post a product review' }).click();
    await expect.poll(() => canvas(page).getAttribute('aria-label')).toBe('Journey canvas: Post a product review');
    expect(await canvas(page).getAttribute('class')).toContain('coverage-on');

    // "All threats" counts closed ones too; the journey filter narrows the matrix.
    await page.getByRole('tab', { name: 'Insights' }).click();
    await insights(page).getByRole('radio', { name: 'All threats' }).check();
    await expect.poll(() => list().getByRole('listitem').count()).toBe(12);
    await insights(page).getByRole('combobox', { name: 'Journey' }).selectOption({ label: 'Log in with two-step verification' });
    await expect.poll(() => list().getByRole('listitem').count()).toBe(3);
    await insights(page).getByRole('button', { name: /^Likelihood 3 \(Possible\) × impact 2 \(Minor\)/ }).click();
    await expect.poll(() => list().getByRole('listitem').locator('.matrix-threat-title').allTextContents()).toEqual([
      'Error text reveals which emails have accounts',
    ]);
  });

  it('says why a critical journey is not ready, and turns it "Ready" once its last open High threat has a planned mitigation', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(5000);
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await page.getByRole('button', { name: /Use template: Check out and pay/ }).click();

    // A critical journey nobody has stormed is not ready.
    await page.getByRole('tab', { name: 'Insights' }).click();
    const card = readinessCard(page, 'Check out and pay');
    await expect.poll(() => card.textContent()).toContain('Not ready');
    expect(await card.textContent()).toContain('No threats recorded yet');

    await page.getByRole('tab', { name: 'Journeys' }).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const cardStep = { label: 'Enters card details', kind: 'action' } as const;
    await clickStep(stepGroup(page, cardStep));
    await inspector.getByRole('button', { name: '+ Threat' }).click();
    await inspector.getByRole('textbox', { name: 'Threat', exact: true }).fill('Card skimming script');
    await inspector.getByRole('combobox', { name: 'Likelihood' }).selectOption('4');
    await inspector.getByRole('combobox', { name: 'Impact' }).selectOption('4');

    await page.getByRole('tab', { name: 'Insights' }).click();
    await expect.poll(() => card.getByRole('list', { name: 'Why Check out and pay is not ready' }).textContent()).toContain(
      '1 open High or Critical threat has no planned mitigation',
    );
    expect(await card.textContent()).toContain('Card skimming script');
    // The reason links to its step on the canvas.
    await card.getByRole('button', { name: /^Show on canvas: Check out and pay, 1 open High or Critical threat/ }).click();
    await expect.poll(() => isHighlighted(page, cardStep)).toBe(1);

    // A proposed mitigation is not a plan yet.
    await clickStep(stepGroup(page, cardStep));
    await inspector.getByRole('button', { name: '+ Mitigation' }).click();
    const mitigations = inspector.getByRole('list', { name: 'Mitigations' });
    await mitigations.getByRole('textbox', { name: 'Mitigation', exact: true }).fill('Lock the payment page with subresource integrity');
    await page.getByRole('tab', { name: 'Insights' }).click();
    await expect.poll(() => card.textContent()).toContain('Not ready');
    expect(await card.textContent()).toContain('1 open High or Critical threat has no planned mitigation');

    await page.getByRole('tab', { name: 'Journeys' }).click();
    await clickStep(stepGroup(page, cardStep));
    await inspector.getByRole('list', { name: 'Mitigations' }).getByRole('button', { name: /Lock the payment page/ }).click();
    await inspector.getByRole('list', { name: 'Mitigations' }).getByRole('combobox', { name: 'Status' }).selectOption('planned');

    await page.getByRole('tab', { name: 'Insights' }).click();
    await expect.poll(() => card.locator('.readiness-verdict').textContent()).toBe('✓Ready');
    expect(await card.getByRole('list', { name: /not ready/ }).count()).toBe(0);
    expect(await insights(page).getByRole('heading', { name: 'Launch readiness · ready' }).count()).toBe(1);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows readiness, matrix, coverage and progress in the ${colorScheme} theme`, async () => {
      const fixture = insightsSession();
      const { page } = await harness.open({ colorScheme, viewport: { width: 1400, height: 1800 } });
      page.setDefaultTimeout(5000);
      await openSessionFile(page, writeSessionFile(fixture.doc));

      // Two earlier states of the session as snapshots: the start, and after the first storm.
      const start = structuredClone(fixture.doc);
      start.threats = start.threats.map((t) => ({ ...t, status: 'open', acceptance: undefined }));
      start.mitigations = [];
      const storm = structuredClone(fixture.doc);
      storm.mitigations = storm.mitigations.map((m) => ({ ...m, status: 'proposed' }));
      storm.threats = storm.threats.map((t) => (t.status === 'mitigated' ? { ...t, status: 'open' } : t));
      const snapshots = [
        { id: 'snap-1', sessionId: fixture.doc.session.id, name: 'Start of workshop 1', createdAt: '2026-05-01T09:30:00.000Z', document: start },
        { id: 'snap-2', sessionId: fixture.doc.session.id, name: 'End of workshop 1', createdAt: '2026-05-01T11:00:00.000Z', document: storm },
        { id: 'snap-3', sessionId: fixture.doc.session.id, name: 'Broken', createdAt: '2026-05-02T11:00:00.000Z', document: { schemaVersion: 2 } },
      ];
      await page.evaluate(
        (records) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.open('threatstorm');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const tx = request.result.transaction('snapshots', 'readwrite');
              for (const record of records) tx.objectStore('snapshots').put(record);
              tx.oncomplete = () => {
                request.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        snapshots,
      );

      await page.getByRole('tab', { name: 'Insights' }).click();
      await expect.poll(() => readinessCard(page, 'Check out and pay').textContent()).toContain('Not ready');
      expect(await readinessCard(page, 'Log in with two-step verification').locator('.readiness-verdict').textContent()).toBe('✓Ready');
      const chart = insights(page).getByRole('img', { name: /^Progress over 3 points/ });
      await chart.waitFor();
      expect(await chart.getAttribute('aria-label')).toBe(
        'Progress over 3 points, from “Start of workshop 1” to “Now”: open threats 12 → 8, mitigated threats 0 → 3, ' +
          'outcomes with a planned mitigation 0 of 3 → 2 of 3.',
      );
      expect(await insights(page).textContent()).toContain('1 snapshot could not be read and is left out.');
      await insights(page).getByRole('button', { name: /^Likelihood 4 \(Likely\) × impact 5 \(Severe\)/ }).click();

      for (const dismiss of await page.getByRole('button', { name: 'Dismiss message' }).all()) await dismiss.click();
      const dir = path.resolve('test-results', 'insights');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `insights-${colorScheme}.png`) });
      await insights(page).locator('.insight-matrix').screenshot({ path: path.join(dir, `matrix-${colorScheme}.png`) });
      await page.getByRole('tab', { name: 'Report' }).click();
      await page.getByRole('heading', { name: 'Launch readiness and open risk' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `report-insights-${colorScheme}.png`) });
    });
  }
});
