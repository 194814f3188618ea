/**
 * The shared screen works for the room (issue 16 §2), at 1280×720, 1440×900 and 1920×1080 CSS
 * pixels with a device scale factor of 1.5 (a 1920×1080 projector at 150 % is 1280×720):
 * the window never scrolls, nothing runs off the side, the presenter's view is readable, views
 * fit what they show, nothing covers a control, the dot vote works on one screen and the agenda
 * can be edited.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppHarness } from './harness.ts';
import { boxesOf, openSessionFile, overlaps, ROOM_SCREENS, roomSession, type Box } from './room-fixtures.ts';

const harness = useAppHarness();

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const workshop = (page: Page) => page.getByRole('toolbar', { name: 'Workshop' });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

async function openRoom(screen: { width: number; height: number }): Promise<Page> {
  const { page } = await harness.open({ viewport: screen, deviceScaleFactor: 1.5 });
  page.setDefaultTimeout(6000);
  await openSessionFile(page, roomSession());
  return page;
}

/** Every way a person (or the page) can try to scroll the window; returns what moved. */
async function tryToScrollTheWindow(page: Page) {
  const { width, height } = page.viewportSize()!;
  await page.mouse.move(width / 2, 10);
  await page.mouse.wheel(0, 5000);
  await page.mouse.move(width / 2, height - 5);
  await page.mouse.wheel(3000, 5000);
  return page.evaluate(() => {
    window.scrollTo(100_000, 100_000);
    const root = document.scrollingElement!;
    root.scrollTop = 100_000;
    root.scrollLeft = 100_000;
    return {
      top: root.scrollTop,
      left: root.scrollLeft,
      scrollHeight: root.scrollHeight,
      scrollWidth: root.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
      // The frame itself stays put: the header's top is the window's top.
      headerTop: document.querySelector('.app-header')?.getBoundingClientRect().top ?? 0,
    };
  });
}

async function expectNoWindowScroll(page: Page, where: string) {
  const state = await tryToScrollTheWindow(page);
  expect(state.top, `${where}: scrollTop`).toBe(0);
  expect(state.left, `${where}: scrollLeft`).toBe(0);
  expect(state.scrollHeight, `${where}: scrollHeight`).toBeLessThanOrEqual(state.innerHeight);
  expect(state.scrollWidth, `${where}: scrollWidth`).toBeLessThanOrEqual(state.innerWidth);
  expect(state.headerTop, `${where}: the header moved`).toBe(0);
}

/**
 * The controls of the fixed bars (header, workshop bar, journey tabs and fields, canvas toolbar)
 * are on screen and not clipped or covered: the point at each one's centre belongs to it.
 */
async function expectBarControlsReachable(page: Page, where: string) {
  const problems = await page.evaluate(() => {
    const bars = '.app-header, .workshop-bar, .journey-tabs, .journey-bar, .canvas-toolbar, .present-bar';
    const found: string[] = [];
    for (const control of document.querySelectorAll<HTMLElement>(`:is(${bars}) :is(button, select, input, a, [role="tab"])`)) {
      if (control.closest('.visually-hidden, .more-panel')) continue;
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const name = (control.getAttribute('aria-label') || control.textContent || control.tagName).trim().slice(0, 30);
      if (box.left < 0 || box.right > window.innerWidth + 0.5 || box.top < 0 || box.bottom > window.innerHeight + 0.5) {
        found.push(`${name}: off screen (${Math.round(box.left)}–${Math.round(box.right)})`);
        continue;
      }
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (!hit || !(control === hit || control.contains(hit) || hit.contains(control))) found.push(`${name}: covered or clipped by ${hit?.className ?? 'nothing'}`);
    }
    return found;
  });
  expect(problems, where).toEqual([]);
}

async function viewportOf(page: Page) {
  const transform = await canvas(page).locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\) scale\((-?[\d.]+)\)/.exec(transform);
  if (!match) throw new Error(`unexpected viewport transform ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

/** Waits until the canvas stops moving (fits, the presenter's layout). */
async function settled(page: Page) {
  let last = '';
  await expect
    .poll(async () => {
      await page.waitForTimeout(100);
      const now = JSON.stringify([await viewportOf(page), await boxesOf(page, '.react-flow__node', { clip: false })]);
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

const within = (inner: Box, outer: Box, slack = 1) =>
  inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;

describe.each(ROOM_SCREENS)('the room screen at $width×$height (150 %)', (screen) => {
  it('never scrolls the window, and keeps every bar control on screen, on every view', async () => {
    const page = await openRoom(screen);
    // The card list is long: its cards used to stretch the page far below the window.
    await page.getByRole('tab', { name: 'Threat cards' }).click();
    await canvas(page).getByRole('group', { name: /Enters card details/ }).click();
    await page.getByRole('list', { name: 'Dealt cards' }).waitFor();
    await expectNoWindowScroll(page, 'journeys with threat cards');
    await expectBarControlsReachable(page, 'journeys');

    for (const view of ['Insights', 'Backlog', 'Report'] as const) {
      await page.getByRole('tab', { name: view, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await expectNoWindowScroll(page, view);
      await expectBarControlsReachable(page, view);
    }

    // Insights points steps out; the canvas toolbar then offers "Clear highlight" — in sight.
    await page.getByRole('tab', { name: 'Insights', exact: true }).click();
    await page.getByRole('button', { name: /^Show “Threat 1 on/ }).click();
    await page.getByRole('button', { name: /^Clear highlight/ }).waitFor();
    await expectNoWindowScroll(page, 'canvas with a highlight');
    await expectBarControlsReachable(page, 'canvas with a highlight');
  });

  it('presents a journey of 20 steps readably: chrome out of the way, rows that fit, labels of 18 px or more', async () => {
    const page = await openRoom(screen);
    await page.getByRole('tab', { name: 'Twenty steps' }).click();
    await expect.poll(() => canvas(page).locator('.react-flow__node').count()).toBe(20);
    await settled(page);
    const drawn = await canvas(page).locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).style.transform));

    await workshop(page).getByRole('button', { name: 'Present' }).click();
    await page.waitForTimeout(300);
    await settled(page);
    // Step labels: computed font size × zoom is at least 18 CSS px.
    const { zoom } = await viewportOf(page);
    const sizes = await canvas(page).locator('.step-label').evaluateAll((labels) => labels.map((l) => parseFloat(getComputedStyle(l).fontSize)));
    expect(sizes).toHaveLength(20);
    expect(Math.min(...sizes) * zoom, `labels are ${Math.min(...sizes)} px at zoom ${zoom}`).toBeGreaterThanOrEqual(18);

    await page.getByRole('toolbar', { name: 'Presenting' }).waitFor();
    // Editing chrome is out of the way.
    expect(await page.getByRole('link', { name: '← Sessions' }).isVisible()).toBe(false);
    expect(await workshop(page).isVisible()).toBe(false);
    expect(await page.getByRole('tablist', { name: 'Journeys' }).isVisible()).toBe(false);
    expect(await page.getByRole('toolbar', { name: 'Canvas tools' }).isVisible()).toBe(false);
    expect(await inspector(page).isVisible()).toBe(false);
    expect(await canvas(page).locator('.react-flow__minimap').count()).toBe(0);

    // Every step is on screen, in several rows, none over another, none under the strip.
    const area = (await canvas(page).boundingBox())!;
    const nodes = await boxesOf(page, '.react-flow__node', { clip: false });
    expect(nodes).toHaveLength(20);
    for (const node of nodes) expect(within(node, area), `${node.name} is off the canvas`).toBe(true);
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) expect(overlaps(nodes[i]!, nodes[j]!)).toBe(false);
    const rows = new Set(nodes.map((n) => Math.round(n.y / 10)));
    expect(rows.size).toBeGreaterThanOrEqual(2);

    // Escape leaves the presenter's view; the journey's own layout was never touched.
    await page.keyboard.press('Escape');
    await workshop(page).waitFor();
    await settled(page);
    expect(await canvas(page).locator('.react-flow__node').evaluateAll((n) => n.map((x) => (x as HTMLElement).style.transform))).toEqual(drawn);
  });

  it('fits what it shows: an inserted template, a new step with its rename box, steps pointed out from Insights', async () => {
    const page = await openRoom(screen);
    const minimapOpen = screen.width >= 1440;
    expect(await canvas(page).locator('.react-flow__minimap').count()).toBe(minimapOpen ? 1 : 0);

    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await page.getByRole('button', { name: /Use template: Sign up/ }).click();
    await expect.poll(() => canvas(page).locator('.react-flow__node').count()).toBeGreaterThan(5);
    await settled(page);
    const area = (await canvas(page).boundingBox())!;
    const covers = [...(await boxesOf(page, '.react-flow__minimap')), ...(await boxesOf(page, '.react-flow__controls'))];
    for (const node of await boxesOf(page, '.react-flow__node', { clip: false })) {
      expect(within(node, area), `${node.name} is out of view`).toBe(true);
      for (const cover of covers) expect(overlaps(node, cover), `${node.name} is under ${cover.name}`).toBe(false);
    }

    // New steps (keys 1–7) come into view, with the rename box ready to type into.
    await canvas(page).locator('.react-flow__node').last().click();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('2');
      const editor = page.getByRole('textbox', { name: 'Step label' });
      await expect.poll(() => editor.evaluate((input) => input === document.activeElement)).toBe(true);
      await page.keyboard.type(`Extra step ${i + 1}`);
      await page.keyboard.press('Enter');
      const node = canvas(page).getByRole('group', { name: `Extra step ${i + 1} (action)` });
      await node.waitFor();
      await settled(page);
      expect(within((await node.boundingBox())!, (await canvas(page).boundingBox())!), `extra step ${i + 1} is out of view`).toBe(true);
    }

    // "Show on canvas" from Insights zooms to the steps it points out.
    await page.getByRole('tab', { name: 'Insights', exact: true }).click();
    await page.getByRole('button', { name: /^Show “Threat 3 on/ }).click();
    await canvas(page).waitFor();
    // The zoom is animated and may start a moment later on a busy machine: wait for it, then for rest.
    await expect
      .poll(async () => (await boxesOf(page, '.react-flow__node:has(.step-node.is-highlighted)', { clip: false }))[0]?.width ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(150);
    await settled(page);
    const highlighted = await boxesOf(page, '.react-flow__node:has(.step-node.is-highlighted)', { clip: false });
    expect(highlighted.length).toBeGreaterThan(0);
    const shown = (await canvas(page).boundingBox())!;
    for (const node of highlighted) expect(within(node, shown), `${node.name} is not in view`).toBe(true);
    // Zoomed to them, not left at the whole-journey fit: a pointed-out step is drawn large.
    expect(highlighted[0]!.width).toBeGreaterThan(150);
  });

  it('covers no control: messages dock below, the vote dialog keeps its footer, the walk panel its buttons', async () => {
    const page = await openRoom(screen);
    // A message while walking: it sits below everything instead of over the walk panel.
    await workshop(page).getByRole('button', { name: 'Walk the journey' }).click();
    const walk = page.getByRole('region', { name: 'Walk mode' });
    await walk.waitFor();
    await walk.getByRole('button', { name: 'Next step' }).click();
    await page.keyboard.press('Control+c');
    const notice = page.getByRole('status').filter({ hasText: 'Copied 1 step.' });
    await notice.waitFor();
    const noticeBox = (await notice.boundingBox())!;
    const controls = [
      ...(await boxesOf(page, '.walk-panel button')),
      ...(await boxesOf(page, '.react-flow__minimap, .react-flow__controls, .canvas-toolbar button, .inspector button, .sidebar button')),
    ];
    expect(controls.length).toBeGreaterThan(5);
    for (const control of controls) expect(overlaps(noticeBox, control), `the message covers ${control.name}`).toBe(false);
    for (const name of ['Previous step', 'Next step', 'End walk']) {
      const box = (await walk.getByRole('button', { name }).boundingBox())!;
      expect(within(box, { x: 0, y: 0, ...screen }), `${name} is off screen`).toBe(true);
    }
    await walk.getByRole('button', { name: 'End walk' }).click();

    // The dot vote after "has used all dots": the footer and its message stay in sight.
    await workshop(page).getByRole('button', { name: 'Dot vote…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dot vote' });
    await dialog.getByRole('button', { name: 'Open vote' }).click();
    await dialog.getByRole('combobox', { name: 'Dots of' }).selectOption({ label: 'Ben' });
    const give = dialog.getByRole('button', { name: /^Give a dot to/ });
    expect(await give.count()).toBeGreaterThanOrEqual(15);
    for (let i = 0; i < 4; i++) await give.nth(i).click();
    const problem = dialog.getByRole('alert');
    await expect.poll(() => problem.textContent()).toBe('Ben has used all 3 dots.');
    const dialogBox = (await dialog.boundingBox())!;
    expect(within(dialogBox, { x: 0, y: 0, ...screen }), 'the dialog runs off screen').toBe(true);
    for (const locator of [problem, dialog.getByRole('button', { name: 'Cancel vote' }), dialog.getByRole('button', { name: 'Reveal results' })]) {
      const box = (await locator.boundingBox())!;
      expect(within(box, dialogBox)).toBe(true);
      // Not scrolled under anything: the element is what is drawn at its centre.
      expect(await locator.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && (el === hit || el.contains(hit));
      })).toBe(true);
    }
    // Dots are big enough to see from the back of the room.
    const dots = await boxesOf(page, '.vote-dot:not(.is-empty)');
    expect(dots).toHaveLength(3);
    for (const dot of dots) expect(Math.min(dot.width, dot.height)).toBeGreaterThanOrEqual(14);
  });
});

describe('dot vote on one screen', () => {
  it('private entry hides each voter’s dots from the screen, and the audit log names each voter', async () => {
    const page = await openRoom(ROOM_SCREENS[0]);
    await workshop(page).getByRole('button', { name: 'Dot vote…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dot vote' });
    await dialog.getByRole('button', { name: 'Open vote' }).click();
    await dialog.getByRole('checkbox', { name: /Private entry/ }).check();

    // Between voters the screen says whose turn it is, and nothing else.
    expect(await dialog.getByRole('list', { name: 'Threats to vote on' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Start voting as Ann' }).click();
    const give = dialog.getByRole('button', { name: /^Give a dot to/ });
    await give.nth(0).click();
    await give.nth(0).click();
    await expect.poll(() => dialog.getByText('Ann is voting… 2 of 3 dots placed').count()).toBe(1);
    // While Ann votes, no dot of hers is drawn, and no score hints at the room's opinion.
    expect(await dialog.getByRole('img', { name: /dots? from/ }).count()).toBe(0);
    expect(await dialog.locator('.vote-dot').count()).toBe(0);
    expect(await dialog.locator('.severity-chip').count()).toBe(0);

    await dialog.getByRole('button', { name: 'Done: hand over' }).click();
    await dialog.getByRole('button', { name: 'Start voting as Ben' }).click();
    await expect.poll(() => dialog.getByText('Ben is voting… 0 of 3 dots placed').count()).toBe(1);
    await give.nth(1).click();
    await dialog.getByRole('button', { name: 'Done: hand over' }).click();
    await expect.poll(() => dialog.getByText('2 of 3 people have voted.', { exact: false }).count()).toBe(1);

    // Leaving private entry shows the dots again to the facilitator (for a check before reveal).
    await dialog.getByRole('checkbox', { name: /Private entry/ }).uncheck();
    await dialog.getByRole('combobox', { name: 'Dots of' }).selectOption({ label: 'Ann' });
    expect(await dialog.getByRole('img', { name: '2 dots from Ann' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Reveal results' }).click();
    const results = dialog.getByRole('list', { name: 'Vote results' });
    await expect.poll(() => results.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^2 Threat/), expect.stringMatching(/^1 Threat/)]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Each dot is attributed to the person who placed it, not to whoever was "speaking".
    await workshop(page).getByRole('button', { name: /^More/ }).click();
    await page.getByRole('button', { name: 'Audit log' }).click();
    const log = page.getByRole('dialog', { name: 'Audit log' });
    await log.getByRole('searchbox', { name: 'Filter the audit log' }).fill('Place a dot');
    await expect.poll(() => log.getByRole('row').count()).toBe(4);
    const rows = (await log.getByRole('row').allTextContents()).slice(1);
    expect(rows.filter((row) => /Ann\s*Place a dot/.test(row))).toHaveLength(2);
    expect(rows.filter((row) => /Ben\s*Place a dot/.test(row))).toHaveLength(1);
  });
});

describe('the agenda', () => {
  it('can be renamed, reordered, extended and shortened, with the total shown; the workshop bar stays one row at 1280 px', async () => {
    const page = await openRoom(ROOM_SCREENS[0]);
    // One row: every control of the bar shares the bar's only line, on screen.
    const bar = (await workshop(page).boundingBox())!;
    expect(bar.height).toBeLessThan(60);
    await expectBarControlsReachable(page, 'workshop bar');

    await workshop(page).getByRole('button', { name: 'Agenda…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Agenda' });
    const total = dialog.getByRole('status');
    expect(await total.textContent()).toBe('6 phases · total 1 h 30 min');
    const phases = dialog.getByRole('list', { name: 'Phases' });

    await dialog.getByRole('textbox', { name: 'Name of phase 2' }).fill('Storm threats on the journey');
    await dialog.getByRole('spinbutton', { name: 'Minutes of phase 2' }).fill('45');
    await expect.poll(() => total.textContent()).toBe('6 phases · total 1 h 45 min');
    // Minutes outside 1–600 are refused beside the field; the agenda keeps the last good value.
    await dialog.getByRole('spinbutton', { name: 'Minutes of phase 2' }).fill('0');
    expect(await dialog.getByText('Whole minutes, 1–600').count()).toBe(1);
    expect(await total.textContent()).toBe('6 phases · total 1 h 45 min');
    await dialog.getByRole('spinbutton', { name: 'Minutes of phase 2' }).fill('40');

    await dialog.getByRole('button', { name: 'Move “Vote” up' }).click();
    await dialog.getByRole('button', { name: 'Remove “Mitigations”' }).click();
    await dialog.getByRole('button', { name: '+ Phase' }).click();
    // The new phase's name takes the keyboard.
    await page.keyboard.type('Break');
    await expect.poll(() => total.textContent()).toBe('6 phases · total 1 h 35 min');
    expect(await phases.getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      'Frame the journey',
      'Vote',
      'Storm threats on the journey',
      'Security outcomes',
      'Wrap-up & export',
      'Break',
    ]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The timer's phase list follows, and the agenda survives a reload.
    const phaseOptions = () => workshop(page).getByRole('combobox', { name: 'Phase' }).locator('option').allTextContents();
    expect(await phaseOptions()).toEqual([
      '1. Frame the journey (10 min)',
      '2. Vote (10 min)',
      '3. Storm threats on the journey (40 min)',
      '4. Security outcomes (15 min)',
      '5. Wrap-up & export (10 min)',
      '6. Break (10 min)',
    ]);
    await expect.poll(() => page.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    await page.reload();
    await expect.poll(phaseOptions).toHaveLength(6);
    expect((await phaseOptions())[2]).toBe('3. Storm threats on the journey (40 min)');
  });
});
