/**
 * Storming a journey: cards dealt and dragged onto steps, threat scoring and status, risk
 * acceptance, security outcomes with the jargon nudge, mitigations, and persistence.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const stepNode = (page: Page, name: string) => canvas(page).getByRole('group', { name, exact: true });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const threatList = (page: Page) => inspector(page).getByRole('list', { name: 'Threats' });

async function sessionWithLogin(): Promise<Page> {
  const { page } = await harness.open();
  page.setDefaultTimeout(5000);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  await stepNode(page, 'Enters email and password (action)').waitFor();
  return page;
}

async function centre(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function dragTo(page: Page, from: Locator, to: Locator) {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 20, a.y + 10, { steps: 3 });
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
}

const badge = (node: Locator) => node.getByRole('img', { name: /^Threats and outcomes/ });

describe('storming threats onto a journey', () => {
  it('deals cards that fit the selected step and plays one by dragging it onto a step', async () => {
    const page = await sessionWithLogin();
    const step = stepNode(page, 'Enters email and password (action)');
    await step.click();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    const dealt = page.getByRole('list', { name: 'Dealt cards' }).getByRole('button');
    await expect.poll(() => dealt.count()).toBeGreaterThan(0);
    expect((await dealt.allTextContents()).join('\n')).toContain('handles credentials');

    const card = dealt.first();
    // The button's name is "Play card: <title>" (name from content; the prompt is its description).
    const cardTitle = (await card.ariaSnapshot()).match(/button "Play card: (.+?)"/)![1]!;
    await dragTo(page, card, step);
    await expect.poll(() => threatList(page).getByRole('button').first().textContent()).toContain(cardTitle);
    // A played card is not scored yet: the card's scores are only a suggestion.
    await expect.poll(() => badge(step).getAttribute('aria-label')).toBe('Threats and outcomes: 1 not scored');
    // The played card is kept: the change reaches storage.
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent(), { timeout: 5000 }).toBe('Saved');
  });

  it('scores a threat: likelihood × impact changes the risk and the badge colour', async () => {
    const page = await sessionWithLogin();
    const step = stepNode(page, 'Checks the password (system)');
    await step.click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill('Password spraying');
    await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption('2');
    await inspector(page).getByRole('combobox', { name: 'Impact' }).selectOption('2');
    await expect.poll(() => badge(step).locator('.step-badge').first().getAttribute('class')).toContain('severity-low');
    await inspector(page).getByRole('combobox', { name: 'Likelihood' }).selectOption('5');
    await inspector(page).getByRole('combobox', { name: 'Impact' }).selectOption('5');
    await expect.poll(() => badge(step).locator('.step-badge').first().getAttribute('class')).toContain('severity-critical');
    expect(await inspector(page).locator('.risk-line').textContent()).toContain('Critical · 25');
  });

  it('builds the threat statement as one sentence while typing', async () => {
    const page = await sessionWithLogin();
    await stepNode(page, 'Checks the password (system)').click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await inspector(page).getByRole('textbox', { name: 'Who (threat source)' }).fill('bot operator');
    await inspector(page).getByRole('textbox', { name: 'Can (action)' }).fill('try leaked passwords at scale');
    await inspector(page).getByRole('textbox', { name: 'Leading to (impact)' }).fill('taken-over accounts');
    const preview = inspector(page).getByLabel('Statement preview');
    await expect.poll(() => preview.textContent()).toMatch(/^A bot operator .*can try leaked passwords at scale.*taken-over accounts/);
  });

  it('refuses to accept a risk without an owner, and records it once complete', async () => {
    const page = await sessionWithLogin();
    await stepNode(page, 'Checks the password (system)').click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await inspector(page).getByRole('combobox', { name: 'Status' }).selectOption('accepted');
    const form = inspector(page).getByRole('form', { name: 'Risk acceptance' });
    await form.getByRole('textbox', { name: 'Reason' }).fill('Low value until launch');
    await form.getByRole('button', { name: 'Accept risk' }).click();
    const alert = inspector(page).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('an owner');
    expect(await alert.textContent()).toContain('a review date');
    expect(await threatList(page).getByRole('button').first().textContent()).toContain('Open');

    await form.getByRole('textbox', { name: 'Risk owner' }).fill('Priya (product)');
    await form.getByLabel('Review date').fill('2020-01-31');
    await form.getByRole('button', { name: 'Accept risk' }).click();
    await expect.poll(() => threatList(page).getByRole('button').first().textContent()).toContain('Accepted');
    // The review date lies in the past: the room sees it is overdue.
    expect(await threatList(page).getByRole('button').first().textContent()).toContain('Review overdue');
  });

  it('nudges an outcome written in jargon towards the user’s words', async () => {
    const page = await sessionWithLogin();
    await stepNode(page, 'Enters email and password (action)').click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    await inspector(page).getByRole('button', { name: '+ Outcome' }).click();
    const statement = inspector(page).getByRole('textbox', { name: 'The user can trust that…' });
    await statement.fill('Only I can see my saved cards');
    expect(await inspector(page).getByRole('note', { name: 'Wording hint' }).count()).toBe(0);
    await statement.fill('Passwords are hashed with bcrypt and sent over TLS');
    await expect.poll(() => inspector(page).getByRole('note', { name: 'Wording hint' }).count()).toBe(1);
    await inspector(page).getByRole('button', { name: 'Move the technical part to a mitigation' }).click();
    await expect.poll(() => inspector(page).getByRole('list', { name: 'Mitigations' }).textContent()).toContain('bcrypt');
  });

  it('links one mitigation to two threats, and everything survives a reload', async () => {
    const page = await sessionWithLogin();
    const step = stepNode(page, 'Checks the password (system)');
    await step.click();
    for (const title of ['Credential stuffing', 'Brute force on one account']) {
      await inspector(page).getByRole('button', { name: '+ Threat' }).click();
      await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill(title);
      await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).press('Enter');
    }
    await inspector(page).getByRole('button', { name: '+ Mitigation' }).click();
    const mitigations = inspector(page).getByRole('list', { name: 'Mitigations' });
    await mitigations.getByRole('textbox', { name: 'Mitigation', exact: true }).fill('Rate-limit sign-in per account and per IP');
    const links = mitigations.getByRole('group', { name: 'Addresses threats' });
    await links.getByRole('checkbox', { name: /Credential stuffing/ }).check();
    await links.getByRole('checkbox', { name: /Brute force on one account/ }).check();
    await expect.poll(() => links.getByRole('checkbox', { checked: true }).count()).toBe(2);
    await mitigations.getByRole('combobox', { name: 'Effort' }).selectOption('S');

    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent(), { timeout: 5000 }).toBe('Saved');
    await page.reload();
    await page.getByRole('tab', { name: /Log in/ }).click();
    await stepNode(page, 'Checks the password (system)').click();
    // Equal risks keep the order they were added in.
    await expect.poll(() => threatList(page).getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('Credential stuffing'),
      expect.stringContaining('Brute force on one account'),
    ]);
    const reloaded = inspector(page).getByRole('list', { name: 'Mitigations' });
    expect(await reloaded.textContent()).toContain('Rate-limit sign-in per account and per IP');
    await reloaded.getByRole('button').first().click();
    expect(await reloaded.getByRole('group', { name: 'Addresses threats' }).getByRole('checkbox', { checked: true }).count()).toBe(2);
  });

  it('shows hostile text typed by users as text', async () => {
    const page = await sessionWithLogin();
    const step = stepNode(page, 'Checks the password (system)');
    await step.click();
    await inspector(page).getByRole('button', { name: '+ Threat' }).click();
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).fill(hostile);
    await inspector(page).getByRole('textbox', { name: 'Threat', exact: true }).press('Enter');
    await expect.poll(() => threatList(page).getByRole('button').first().textContent()).toContain(hostile);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });

  it('highlights steps nobody has considered when coverage is on', async () => {
    const page = await sessionWithLogin();
    await page.getByRole('button', { name: 'Show coverage' }).click();
    expect(await page.getByRole('button', { name: 'Show coverage' }).getAttribute('aria-pressed')).toBe('true');
    const uncovered = () => canvas(page).locator('.step-node.is-uncovered').count();
    const before = await uncovered();
    expect(before).toBeGreaterThan(0);
    await stepNode(page, 'Checks the password (system)').click();
    await inspector(page).getByRole('button', { name: '+ Outcome' }).click();
    // An outcome counts once it says something: "+ Outcome" opens an empty draft to type into.
    await page.keyboard.type('Only I can sign in as me');
    await expect.poll(uncovered).toBe(before - 1);
  });

  it('imports a custom deck, and rejects a broken one without changing anything', async () => {
    const page = await sessionWithLogin();
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    const importDeck = async (name: string, content: string) => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Import deck…' }).click();
      await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
    };
    const cardCount = () => page.getByRole('list', { name: 'Cards' }).getByRole('button').count();
    const before = await cardCount();

    await importDeck('broken.deck.json', JSON.stringify({ id: 'team', name: 'Team', version: '1', cards: [{ id: 'x', deck: 'team' }] }));
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('not a valid card deck');
    expect(await alert.textContent()).toContain('cards[0]');
    expect(await cardCount()).toBe(before);

    const deck = {
      id: 'team-deck',
      name: 'Our own deck',
      version: '1.0',
      cards: [
        {
          id: 'team-refunds',
          deck: 'team-deck',
          category: { framework: 'Custom', key: 'refunds' },
          title: 'Refund to another card',
          prompt: 'Could someone ask for a refund to a card that is not theirs?',
          suggestedMitigations: ['Refund only to the original payment method'],
        },
      ],
    };
    await importDeck('team.deck.json', JSON.stringify(deck));
    await expect.poll(cardCount).toBe(before + 1);
    await page.getByRole('combobox', { name: 'Deck', exact: true }).selectOption('team-deck');
    expect(await page.getByRole('list', { name: 'Cards' }).getByRole('button').allTextContents()).toEqual([expect.stringContaining('Refund to another card')]);

    // A threat played from a custom card offers that card's suggestions, like a built-in one.
    await stepNode(page, 'Checks the password (system)').click();
    await page.getByRole('list', { name: 'Cards' }).getByRole('button', { name: 'Play card: Refund to another card' }).click();
    await threatList(page).getByRole('button', { name: /Refund to another card/ }).first().click();
    const suggestion = inspector(page).getByRole('button', { name: '+ Mitigation: Refund only to the original payment method' });
    await suggestion.click();
    await expect.poll(() => suggestion.isDisabled()).toBe(true);
    expect(await inspector(page).getByRole('list', { name: 'Mitigations' }).getByRole('button', { name: /Refund only to the original payment method/ }).count()).toBe(1);
  });
});
