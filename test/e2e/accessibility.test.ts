/**
 * Accessibility: axe-core over every screen and dialog, in light and dark themes: no serious or
 * critical violation of WCAG 2.1 A/AA (and axe's best practices).
 *
 * axe is injected through the DevTools protocol (`page.evaluate` of its source), which the
 * page's CSP does not apply to; a <script> tag would be refused (no inline script), and rightly.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: AxeNode[];
}

interface Violation {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  target: string;
  html: string;
  summary: string;
}

const describeViolation = (v: Violation) => `${v.screen}: [${v.impact}] ${v.rule} (${v.help}) at ${v.target}: ${v.html.slice(0, 160)} — ${v.summary.slice(0, 200)}`;

/** Runs axe on the page as it is now; returns the serious and critical violations. */
async function seriousViolations(page: Page, screen: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => ({
        screen,
        rule: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        target: node.target.join(' '),
        html: node.html,
        summary: (node.failureSummary ?? '').replace(/\s+/g, ' '),
      })),
    );
}

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** Walks every screen and dialog of the app, collecting serious and critical violations. */
async function auditEveryScreen(page: Page): Promise<Violation[]> {
  page.setDefaultTimeout(10_000);
  const found: Violation[] = [];
  const audit = async (screen: string) => found.push(...(await seriousViolations(page, screen)));

  await page.getByRole('button', { name: 'New session' }).waitFor();
  await audit('home (empty)');

  await page.getByRole('button', { name: 'New session' }).click();
  await canvas(page).waitFor();
  await audit('session (new)');

  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('dialog').waitFor();
  await audit('template dialog');
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  const step = canvas(page).getByRole('group', { name: 'Checks the password (system)', exact: true });
  await step.click();
  await inspector(page).getByRole('button', { name: '+ Threat' }).click();
  await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill('Password spraying');
  await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption('4');
  await inspector(page).getByRole('button', { name: '+ Mitigation' }).click();
  await inspector(page).getByRole('list', { name: 'Mitigations' }).getByRole('textbox', { name: 'Mitigation', exact: true }).fill('Rate-limit sign-in');
  await inspector(page).getByRole('button', { name: '+ Outcome' }).click();
  await audit('session (template journey, step with an expanded threat, outcome and mitigation)');

  await page.getByRole('tab', { name: 'Threat cards' }).click();
  await audit('threat cards');

  // The workshop dialogs of the session screen, each opened, audited and closed with Escape.
  for (const name of ['People (0)', 'Set up agenda', 'Agenda…', 'Dot vote…', 'Snapshots', 'Audit log', 'Solo guide']) {
    // The session's tools sit under the workshop bar's "More".
    if (['Snapshots', 'Audit log', 'Solo guide'].includes(name)) await page.getByRole('button', { name: /^More/ }).click();
    const button = page.getByRole('button', { name, exact: true });
    if ((await button.count()) === 0) {
      console.info(`accessibility: no "${name}" button on the session screen any more; not audited`);
      continue;
    }
    await button.click();
    const dialog = page.getByRole('dialog');
    if ((await dialog.count()) === 0) await page.waitForTimeout(300);
    await audit(`"${name}" ${(await dialog.count()) > 0 ? 'dialog' : 'panel'}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 2_000 }).catch(() => undefined);
  }

  for (const view of ['Insights', 'Backlog', 'Report'] as const) {
    await page.getByRole('tab', { name: view, exact: true }).click();
    await page.waitForTimeout(200);
    await audit(view.toLowerCase());
  }

  await page.getByRole('link', { name: '← Sessions' }).click();
  await page.getByRole('button', { name: 'New session' }).waitFor();
  await audit('home (with a session)');

  // A question dialog (deleting a session asks first), and About.
  const remove = page.getByRole('button', { name: /^Delete / }).first();
  if ((await remove.count()) > 0) {
    await remove.click();
    if ((await page.getByRole('dialog').count()) > 0) {
      await audit('confirm dialog');
      await page.keyboard.press('Escape');
    }
  }
  const about = page.getByRole('button', { name: /^About/ });
  if ((await about.count()) > 0) {
    await about.first().click();
    await page.getByRole('dialog').waitFor();
    await audit('about dialog');
    await page.keyboard.press('Escape');
  }
  return found;
}

describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`no serious or critical axe violation on any screen or dialog (${colorScheme} theme)`, async () => {
      const { page } = await harness.open({ colorScheme });
      const all = await auditEveryScreen(page);
      expect(all.map(describeViolation)).toEqual([]);
    }, 90_000);
  }
});
