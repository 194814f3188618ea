/**
 * XSS: script-looking text typed into every text field a workshop fills in — session, journey,
 * step, threat (title, statement, notes), outcome, mitigation — and carried in by an imported
 * card deck must never run, and must show as the very same text on the canvas, in the panels,
 * in the Report view and in the exports (CSV cells, escaped Markdown).
 *
 * Two independent nets: React renders text, never HTML (what we check), and the CSP forbids
 * inline script anyway (a payload that did reach the DOM as HTML would also trip the harness's
 * CSP-violation guard and fail the test). The second test shows that the CSP net is live.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Download, Locator, Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { useAppHarness } from './harness.ts';
import { cellsStartingWithTrigger, parseCsv } from '../unit/export-fixture.ts';

const harness = useAppHarness();

/** Each tries a different way out of a text node; each would set `window.__pwned` if it ran. */
const PAYLOADS = {
  img: `<img src=x onerror="window.__pwned='img'">`,
  script: `<script>window.__pwned='script'</script>`,
  js: `javascript:window.__pwned='js'//`,
  svg: `"><svg onload="window.__pwned='svg'">`,
  iframe: `'><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  markdown: `[click](javascript:window.__pwned='md') <b>bold</b> ![x](x)`,
  template: `{{constructor.constructor('window.__pwned=1')()}} \${window.__pwned=2}`,
  link: `<a href="javascript:window.__pwned='a'">open</a>`,
} as const;

/** Text for one field: a payload plus the field's name, so every field's text is unique. */
const text = (payload: keyof typeof PAYLOADS, field: string) => `${PAYLOADS[payload]} ${field}`;

const TEXT = {
  sessionTitle: text('img', 'session'),
  journeyName: text('script', 'journey'),
  persona: text('svg', 'persona'),
  goal: text('js', 'goal'),
  stepLabel: text('svg', 'step'),
  stepActor: text('link', 'actor'),
  stepDescription: text('markdown', 'step description'),
  threatTitle: text('iframe', 'threat'),
  threatSource: text('img', 'source'),
  threatAction: text('script', 'action'),
  threatNotes: text('template', 'notes'),
  outcome: text('svg', 'outcome'),
  criterion: text('link', 'criterion'),
  mitigationTitle: text('markdown', 'mitigation'),
  mitigationDescription: text('img', 'mitigation description'),
  mitigationOwner: text('script', 'owner'),
  cardTitle: text('img', 'card'),
  cardPrompt: text('script', 'card prompt'),
} as const;

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

/** Nothing ran, and nothing in the DOM came from user text as markup. */
async function assertNothingRan(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length,
    inlineScripts: document.querySelectorAll('script:not([src])').length,
    frames: document.querySelectorAll('iframe,object,embed').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i],[src^="javascript:" i]').length,
    boldTags: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
  }));
  expect(found, where).toEqual({ pwned: null, handlers: 0, inlineScripts: 0, frames: 0, jsLinks: 0, boldTags: 0 });
}

async function fill(field: Locator, value: string, commit = false): Promise<void> {
  await field.fill(value);
  if (commit) await field.press('Enter');
  expect(await field.inputValue()).toBe(value);
}

async function download(page: Page, start: () => Promise<void>): Promise<string> {
  const pending: Promise<Download> = page.waitForEvent('download');
  await start();
  const file = await (await pending).path();
  return readFile(file, 'utf8');
}

describe('text from users is shown as text, never run', () => {
  it('XSS payloads in every text field stay text on the canvas, in the panels, the report and the exports', async () => {
    const { page } = await harness.open();
    page.setDefaultTimeout(5000);
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await page.getByRole('button', { name: /Use template: Log in/ }).click();
    const step = canvas(page).getByRole('group', { name: 'Checks the password (system)', exact: true });
    await step.waitFor();

    // The session, and the journey (in the bar above the canvas).
    await fill(page.getByRole('textbox', { name: 'Session title' }), TEXT.sessionTitle, true);
    await fill(page.getByRole('textbox', { name: 'Journey', exact: true }), TEXT.journeyName);
    await fill(page.getByRole('textbox', { name: 'Persona' }), TEXT.persona);
    await fill(page.getByRole('textbox', { name: 'Goal' }), TEXT.goal);

    // A step, through the inspector.
    await step.click();
    await fill(inspector(page).getByRole('textbox', { name: 'Label' }), TEXT.stepLabel);
    const renamedStep = canvas(page).getByRole('group', { name: `${TEXT.stepLabel} (system)`, exact: true });
    await renamedStep.waitFor();
    await inspector(page).getByText('Actor, description and data handled').click();
    await fill(inspector(page).getByRole('textbox', { name: 'Actor / touchpoint' }), TEXT.stepActor);
    await fill(inspector(page).getByRole('textbox', { name: 'Description' }), TEXT.stepDescription);

    // A threat with its statement and notes.
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await fill(inspector(page).getByRole('textbox', { name: 'Threat', exact: true }), TEXT.threatTitle);
    await fill(inspector(page).getByRole('textbox', { name: 'Who (threat source)' }), TEXT.threatSource);
    await fill(inspector(page).getByRole('textbox', { name: 'Can (action)' }), TEXT.threatAction);
    await fill(inspector(page).getByRole('textbox', { name: 'Notes' }), TEXT.threatNotes);
    // The live one-sentence statement quotes the parts verbatim.
    await expect.poll(() => inspector(page).textContent()).toContain(TEXT.threatSource);
    expect(await inspector(page).textContent()).toContain(TEXT.threatAction);
    await assertNothingRan(page, 'after the threat');

    // A security outcome and a mitigation.
    await inspector(page).getByRole('button', { name: '+ Outcome' }).click();
    await fill(inspector(page).getByRole('textbox', { name: 'The user can trust that…' }), TEXT.outcome);
    await fill(inspector(page).getByRole('textbox', { name: 'Acceptance criteria (one per line)' }), TEXT.criterion);
    await inspector(page).getByRole('button', { name: '+ Mitigation' }).click();
    const mitigations = inspector(page).getByRole('list', { name: 'Mitigations' });
    await fill(mitigations.getByRole('textbox', { name: 'Mitigation', exact: true }), TEXT.mitigationTitle);
    await fill(mitigations.getByRole('textbox', { name: 'Description' }), TEXT.mitigationDescription);
    await fill(mitigations.getByRole('textbox', { name: 'Owner' }), TEXT.mitigationOwner);
    await assertNothingRan(page, 'after the outcome and mitigation');

    // A card deck carrying payloads, imported from a file and played onto the step.
    const deck = {
      id: 'xss-deck',
      name: `${PAYLOADS.svg} deck`,
      version: '1.0',
      cards: [
        {
          id: 'xss-card',
          deck: 'xss-deck',
          category: { framework: 'STRIDE', key: 'tampering' },
          title: TEXT.cardTitle,
          prompt: TEXT.cardPrompt,
          example: PAYLOADS.iframe,
          suggestedOutcomes: [PAYLOADS.link],
          suggestedMitigations: [PAYLOADS.markdown],
        },
      ],
    };
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import deck…' }).click();
    await (await chooser).setFiles({ name: 'xss.deck.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(deck)) });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported the deck' }).count()).toBe(1);
    await page.getByRole('combobox', { name: 'Deck', exact: true }).selectOption('xss-deck');
    const card = page.getByRole('button', { name: `Play card: ${TEXT.cardTitle}` });
    expect(await card.textContent()).toContain(TEXT.cardTitle);
    await renamedStep.click();
    await card.click();
    const threats = inspector(page).getByRole('list', { name: 'Threats' });
    await expect.poll(() => threats.textContent()).toContain(TEXT.cardTitle);
    await assertNothingRan(page, 'after the card deck');

    // The canvas and panels show the text itself.
    expect(await renamedStep.textContent()).toContain(TEXT.stepLabel);
    expect(await page.getByRole('tablist', { name: 'Journeys' }).textContent()).toContain(TEXT.journeyName);
    expect(await threats.textContent()).toContain(TEXT.threatTitle);
    expect(await inspector(page).getByRole('list', { name: 'Outcomes' }).textContent()).toContain(TEXT.outcome);
    expect(await mitigations.textContent()).toContain(TEXT.mitigationTitle);

    // The Report view.
    await page.getByRole('tab', { name: 'Report' }).click();
    const report = page.getByRole('article', { name: 'Report' });
    await report.waitFor();
    const reportText = (await report.textContent()) ?? '';
    for (const key of ['sessionTitle', 'journeyName', 'stepLabel', 'threatTitle', 'cardTitle', 'outcome', 'mitigationTitle'] as const) {
      expect(reportText, `the report shows ${key} literally`).toContain(TEXT[key]);
    }
    await assertNothingRan(page, 'in the report');

    // The exports: CSV cells hold the text exactly (formula-safe), Markdown escapes the markup.
    await page.getByRole('tab', { name: 'Backlog' }).click();
    await page.getByRole('combobox', { name: 'Export format' }).selectOption('csv');
    // Nobody scored these threats: their items are exported when asked to.
    await page.getByRole('checkbox', { name: /^Include \d+ not scored yet$/ }).check();
    const csv = await download(page, () => page.getByRole('button', { name: 'Export backlog' }).click());
    const rows = parseCsv(csv);
    expect(cellsStartingWithTrigger(rows)).toEqual([]);
    const cells = rows.flat();
    expect(cells.some((cell) => cell.includes(TEXT.mitigationTitle)), 'mitigation title in the CSV').toBe(true);
    expect(cells.some((cell) => cell.includes(TEXT.threatTitle) || cell.includes(TEXT.cardTitle)), 'a threat title in the CSV').toBe(true);

    await page.getByRole('combobox', { name: 'Export format' }).selectOption('markdown');
    const markdown = await download(page, () => page.getByRole('button', { name: 'Export backlog' }).click());
    for (const payload of Object.values(PAYLOADS)) {
      if (/[<>]/.test(payload)) expect(markdown.includes(payload), `raw markup in the Markdown: ${payload}`).toBe(false);
    }
    expect(markdown).toContain('&lt;img src=x onerror=');
    // A link needs an unescaped "](": the exporter writes "\](", which Markdown shows as text.
    expect(markdown).not.toMatch(/(?<!\\)\]\(javascript:/i);
    expect(markdown).toContain('\\[click\\](javascript:');
    await assertNothingRan(page, 'after the exports');
  }, 90_000);

  it('the CSP itself is live: inline handlers, inline scripts and string code are refused even when markup gets in', async () => {
    const app = await harness.open();
    const { page } = app;
    await page.getByRole('button', { name: 'New session' }).waitFor();
    const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    const outcome = await page.evaluate(async () => {
      // Simulate a bug that let markup through: the browser must still refuse to run it.
      document.body.insertAdjacentHTML('beforeend', `<img src="data:," onerror="window.__pwned='handler'"><div id="probe" onclick="window.__pwned='click'"></div>`);
      document.getElementById('probe')?.click();
      // (eval inside page.evaluate is exempt: DevTools evaluation bypasses unsafe-eval. A string
      // timer is compiled by the page itself, so the CSP decides.)
      const stringTimer = setTimeout as unknown as (code: string, ms: number) => void;
      stringTimer("window.__pwned = 'string timer'", 0);
      const script = document.createElement('script');
      script.textContent = "window.__pwned = 'inline script'";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { pwned: (window as unknown as { __pwned?: string }).__pwned ?? null };
    });
    expect(outcome).toEqual({ pwned: null });
    // Each refusal was reported as a CSP violation (which fails any other test); here we expected them.
    const violations = app.problems.filter((problem) => problem.includes('CSP violation'));
    expect(violations.length).toBeGreaterThanOrEqual(3);
    expect(violations.join('\n')).toMatch(/script-src/);
    app.problems.splice(0, app.problems.length, ...app.problems.filter((problem) => !/CSP violation|Content Security Policy/.test(problem)));
  });
});
