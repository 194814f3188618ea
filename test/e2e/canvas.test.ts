/**
 * The journey canvas, driven the way a facilitator drives it: real pointer drags from the
 * palette and between handles, keyboard shortcuts, the inspector, journey tabs and templates.
 * Steps are found by their accessible name ("<label> (<kind>)", role group), flows by theirs
 * ("Flow", 'Flow "<label>"', "…, crosses a trust boundary").
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { JOURNEY_TEMPLATES } from '../../shared/templates.ts';
import { STEP_KINDS } from '../../shared/step-kinds.ts';
import { useAppHarness } from './harness.ts';

const harness = useAppHarness();

type Point = { x: number; y: number };

const STEP_NAME = /\((?:start|action|decision|system|datastore|thirdparty|end)\)$/;
const FLOW_NAME = /^Flow(?: "|,|$)/;

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const stepNodes = (page: Page) => canvas(page).getByRole('group', { name: STEP_NAME });
const flowEdges = (page: Page) => canvas(page).getByRole('group', { name: FLOW_NAME });
const stepNode = (page: Page, name: string) => canvas(page).getByRole('group', { name, exact: true });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const tabs = (page: Page) => page.getByRole('tablist', { name: 'Journeys' }).getByRole('tab');
const saveState = (page: Page) => page.getByRole('status', { name: 'Save state' });
const paletteButton = (page: Page, kindName: string) => page.getByRole('button', { name: `Add ${kindName} step` });

async function openSession(): Promise<Page> {
  const { page } = await harness.open();
  // Fail fast with the locator in the message instead of at the test timeout.
  page.setDefaultTimeout(5000);
  await page.getByRole('button', { name: 'New session' }).click();
  await canvas(page).waitFor();
  return page;
}

async function centre(locator: Locator): Promise<Point> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A point inside the canvas, as fractions of its width and height. */
async function canvasPoint(page: Page, fx: number, fy: number): Promise<Point> {
  const box = await canvas(page).boundingBox();
  if (!box) throw new Error('no canvas');
  return { x: Math.round(box.x + box.width * fx), y: Math.round(box.y + box.height * fy) };
}

/** A real pointer drag: press, move in several steps, release. */
async function drag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/**
 * Clicks a flow in the middle of its path. A level flow has a zero-height box, which Playwright's
 * actionability check calls invisible, so this clicks by coordinates.
 */
async function clickFlow(page: Page, edge: Locator): Promise<void> {
  const at = await centre(edge);
  await page.mouse.click(at.x, at.y);
}

async function dropStep(page: Page, kindName: string, at: Point): Promise<void> {
  await drag(page, await centre(paletteButton(page, kindName)), at);
}

/** A step's position in flow coordinates, from React Flow's transform on the node. */
async function flowPosition(node: Locator): Promise<Point> {
  const transform = await node.evaluate((element) => (element as HTMLElement).style.transform);
  const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(transform);
  if (!match) throw new Error(`unexpected node transform: ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

type ViewportValue = { x: number; y: number; zoom: number };

async function viewport(page: Page): Promise<ViewportValue> {
  const transform = await canvas(page)
    .locator('.react-flow__viewport')
    .evaluate((element) => (element as HTMLElement).style.transform);
  const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\) scale\((-?[\d.]+)\)/.exec(transform);
  if (!match) throw new Error(`unexpected viewport transform: ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

/** Waits until the viewport stops moving (fit-view and zoom animations), then returns it. */
async function settledViewport(page: Page): Promise<ViewportValue> {
  let last = JSON.stringify(await viewport(page));
  await expect
    .poll(
      async () => {
        await page.waitForTimeout(120);
        const now = JSON.stringify(await viewport(page));
        const settled = now === last;
        last = now;
        return settled;
      },
      { timeout: 5000 },
    )
    .toBe(true);
  return JSON.parse(last) as ViewportValue;
}

/** Viewports are stored rounded to whole pixels and 1/1000 zoom. */
function expectSameViewport(actual: ViewportValue, expected: ViewportValue): void {
  expect(Math.abs(actual.x - expected.x), `x ${actual.x} vs ${expected.x}`).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.y - expected.y), `y ${actual.y} vs ${expected.y}`).toBeLessThanOrEqual(1);
  expect(Math.abs(actual.zoom - expected.zoom), `zoom ${actual.zoom} vs ${expected.zoom}`).toBeLessThanOrEqual(0.001);
}

const stepNames = (page: Page) => stepNodes(page).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')));
const tabNames = (page: Page) => tabs(page).evaluateAll((list) => list.map((tab) => tab.lastChild?.textContent ?? ''));
const selectedTab = (page: Page) => page.getByRole('tablist', { name: 'Journeys' }).getByRole('tab', { selected: true });

const labelEditor = (page: Page) => page.getByRole('textbox', { name: 'Step label' });

/** A new step opens with its rename box: Escape keeps the default label and hands the keyboard back to the step. */
async function keepDefaultLabel(page: Page): Promise<void> {
  await expect.poll(() => labelEditor(page).evaluate((input) => input === document.activeElement)).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => labelEditor(page).count()).toBe(0);
}

/** Builds Start → User action → … by pressing palette buttons; each new step follows the selected one. */
async function buildChain(page: Page, kindNames: string[]): Promise<void> {
  for (const [index, kindName] of kindNames.entries()) {
    await paletteButton(page, kindName).click();
    await expect.poll(() => stepNodes(page).count()).toBe(index + 1);
    await keepDefaultLabel(page);
    // The new step is selected once it is on the canvas; the next one hangs off it.
    await expect.poll(() => inspector(page).getByRole('textbox', { name: 'Label' }).inputValue()).toBe(
      STEP_KINDS.find((info) => info.name === kindName)!.defaultLabel,
    );
  }
}

describe('journey canvas', () => {
  it('drops a step dragged from the palette where the pointer lets go, and autosaves it', async () => {
    const page = await openSession();
    expect(await stepNodes(page).count()).toBe(0);

    const target = await canvasPoint(page, 0.3, 0.3);
    await dropStep(page, 'Decision', target);
    const node = stepNode(page, 'Is it valid? (decision)');
    await expect.poll(() => node.count()).toBe(1);
    // The step is centred on the drop point.
    const dropped = await centre(node);
    expect(Math.abs(dropped.x - target.x)).toBeLessThan(12);
    expect(Math.abs(dropped.y - target.y)).toBeLessThan(12);
    // …and selected, so the inspector shows it.
    await expect.poll(() => inspector(page).getByRole('textbox', { name: 'Label' }).inputValue()).toBe('Is it valid?');

    // A drag does not leave the palette swallowing the next press.
    await paletteButton(page, 'End').click();
    await expect.poll(() => stepNodes(page).count()).toBe(2);
    // Letting go outside the canvas adds nothing.
    await dropStep(page, 'Start', await centre(inspector(page)));
    await page.waitForTimeout(100);
    expect(await stepNodes(page).count()).toBe(2);

    await expect.poll(() => saveState(page).textContent()).toBe('Saved');
    await page.reload();
    await expect.poll(() => stepNames(page)).toEqual(['Is it valid? (decision)', 'Done (end)']);
    // The one pressed after the drop hangs off the selected step with a flow.
    expect(await flowEdges(page).count()).toBe(1);
  });

  it('adds steps with the palette buttons and keys 1–7, each next to and connected from the selected step', async () => {
    const page = await openSession();
    await paletteButton(page, 'Start').click();
    await expect.poll(() => stepNodes(page).count()).toBe(1);
    expect(await flowEdges(page).count()).toBe(0);
    await expect.poll(() => inspector(page).getByRole('textbox', { name: 'Label' }).inputValue()).toBe('Start');
    await keepDefaultLabel(page);

    await paletteButton(page, 'User action').click();
    await expect.poll(() => stepNodes(page).count()).toBe(2);
    expect(await flowEdges(page).count()).toBe(1);
    await keepDefaultLabel(page);

    for (const [index, info] of STEP_KINDS.entries()) {
      await page.keyboard.press(String(index + 1));
      await expect.poll(() => stepNodes(page).count()).toBe(3 + index);
      await keepDefaultLabel(page);
      expect(await stepNodes(page).last().getAttribute('aria-label')).toBe(`${info.defaultLabel} (${info.kind})`);
      expect(await flowEdges(page).count()).toBe(2 + index);
      // Wait until the new step is the selected one before pressing the next key.
      await expect.poll(() => inspector(page).getByRole('combobox', { name: 'Kind' }).inputValue()).toBe(info.kind);
      await expect.poll(() => inspector(page).getByRole('textbox', { name: 'Label' }).inputValue()).toBe(info.defaultLabel);
    }

    // Each step sits one column right of the one before, on the same row.
    const positions = await Promise.all((await stepNodes(page).all()).map(flowPosition));
    for (let i = 1; i < positions.length; i += 1) {
      expect(positions[i]!.x - positions[i - 1]!.x).toBe(270);
      expect(positions[i]!.y).toBe(positions[0]!.y);
    }

    // Digits typed into a field stay text.
    await page.getByRole('textbox', { name: 'Persona' }).fill('');
    await page.getByRole('textbox', { name: 'Persona' }).pressSequentially('35');
    expect(await page.getByRole('textbox', { name: 'Persona' }).inputValue()).toBe('35');
    expect(await stepNodes(page).count()).toBe(9);
  });

  it('connects two steps by dragging between their handles, and edits the flow in the inspector', async () => {
    const page = await openSession();
    await dropStep(page, 'Start', await canvasPoint(page, 0.25, 0.3));
    await expect.poll(() => stepNodes(page).count()).toBe(1);
    await dropStep(page, 'End', await canvasPoint(page, 0.7, 0.3));
    await expect.poll(() => stepNodes(page).count()).toBe(2);
    expect(await flowEdges(page).count()).toBe(0);

    await drag(page, await centre(page.getByLabel('Flow out of Start', { exact: true })), await centre(page.getByLabel('Flow into Done', { exact: true })));
    await expect.poll(() => flowEdges(page).count()).toBe(1);

    // The same connection again is refused with a reason.
    await drag(page, await centre(page.getByLabel('Flow out of Start', { exact: true })), await centre(page.getByLabel('Flow into Done', { exact: true })));
    await expect.poll(() => page.getByText('These steps are already connected.').count()).toBe(1);
    expect(await flowEdges(page).count()).toBe(1);

    await clickFlow(page, flowEdges(page).first());
    await expect.poll(() => inspector(page).getByRole('heading', { name: 'Flow' }).count()).toBe(1);
    await inspector(page).getByRole('textbox', { name: 'What passes' }).fill('email address');
    await expect.poll(() => flowEdges(page).first().getAttribute('aria-label')).toBe('Flow "email address"');
    expect(await canvas(page).getByText('email address', { exact: true }).isVisible()).toBe(true);

    const boundary = inspector(page).getByRole('checkbox', { name: 'Crosses a trust boundary' });
    expect(await boundary.isChecked()).toBe(false);
    await boundary.check();
    await expect.poll(() => flowEdges(page).first().getAttribute('aria-label')).toBe('Flow "email address", crosses a trust boundary');
    expect(await canvas(page).locator('.flow-label.crosses-boundary').count()).toBe(1);
    await boundary.uncheck();
    await expect.poll(() => flowEdges(page).first().getAttribute('aria-label')).toBe('Flow "email address"');
  });

  it('renames a step in place: double-click or Enter opens the editor, Enter commits, Escape cancels', async () => {
    const page = await openSession();
    await paletteButton(page, 'User action').click();
    const original = stepNode(page, 'User does something (action)');
    await expect.poll(() => original.count()).toBe(1);
    await keepDefaultLabel(page);

    await original.dblclick();
    const editor = page.getByRole('textbox', { name: 'Step label' });
    await expect.poll(() => editor.evaluate((input) => input === document.activeElement)).toBe(true);
    // The old label is selected, so typing replaces it.
    await page.keyboard.type('Enters card details');
    await page.keyboard.press('Enter');
    await expect.poll(() => stepNames(page)).toEqual(['Enters card details (action)']);
    expect(await editor.count()).toBe(0);
    expect(await inspector(page).getByRole('textbox', { name: 'Label' }).inputValue()).toBe('Enters card details');

    // Enter on the selected step opens the editor again; Escape leaves the label alone.
    await stepNode(page, 'Enters card details (action)').click();
    await page.keyboard.press('Enter');
    await expect.poll(() => editor.count()).toBe(1);
    expect(await editor.inputValue()).toBe('Enters card details');
    await page.keyboard.type('Never mind');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await stepNames(page)).toEqual(['Enters card details (action)']);

    // An empty label is not committed.
    await page.keyboard.press('Enter');
    await expect.poll(() => editor.count()).toBe(1);
    await editor.fill('   ');
    await editor.press('Enter');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await stepNames(page)).toEqual(['Enters card details (action)']);

    // The rename is one undo step.
    await page.keyboard.press('Control+z');
    await expect.poll(() => stepNames(page)).toEqual(['User does something (action)']);

    // Backspace and Delete in the inspector's field edit text; they do not delete the selected step.
    const label = inspector(page).getByRole('textbox', { name: 'Label' });
    await label.press('End');
    await label.press('Backspace');
    await label.press('Delete');
    await expect.poll(() => stepNames(page)).toEqual(['User does somethin (action)']);
  });

  it('undoes and redoes a whole node drag as one step, and a delete together with its flows', async () => {
    const page = await openSession();
    await buildChain(page, ['Start', 'User action', 'End']);
    expect(await flowEdges(page).count()).toBe(2);
    await settledViewport(page);

    const action = stepNode(page, 'User does something (action)');
    const before = await flowPosition(action);
    const from = await centre(action);
    await drag(page, from, { x: from.x + 30, y: from.y + 140 });
    await expect.poll(async () => (await flowPosition(action)).y).toBeGreaterThan(before.y + 100);
    const moved = await flowPosition(action);
    expect(moved.x).toBeGreaterThan(before.x + 10);

    // One Ctrl+Z puts the step back exactly where it was: the drag's intermediate moves are not history.
    await page.keyboard.press('Control+z');
    await expect.poll(() => flowPosition(action)).toEqual(before);
    // The next Ctrl+Z undoes the step added before the drag.
    await page.keyboard.press('Control+z');
    await expect.poll(() => stepNodes(page).count()).toBe(2);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => stepNodes(page).count()).toBe(3);
    expect(await flowPosition(action)).toEqual(before);
    await page.keyboard.press('Control+y');
    await expect.poll(() => flowPosition(action)).toEqual(moved);
    expect(await page.getByRole('button', { name: 'Redo' }).isDisabled()).toBe(true);

    // Delete takes the step and both of its flows; undo brings all three back.
    await action.click();
    await expect.poll(() => inspector(page).getByRole('textbox', { name: 'Label' }).inputValue()).toBe('User does something');
    await page.keyboard.press('Delete');
    await expect.poll(() => stepNames(page)).toEqual(['Start (start)', 'Done (end)']);
    expect(await flowEdges(page).count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => stepNames(page)).toEqual(['Start (start)', 'User does something (action)', 'Done (end)']);
    expect(await flowEdges(page).count()).toBe(2);
    expect(await flowPosition(action)).toEqual(moved);
  });

  it('copies and pastes steps with the flow between them, duplicates, and pastes into another journey', async () => {
    const page = await openSession();
    await buildChain(page, ['Start', 'User action']);
    const start = stepNode(page, 'Start (start)');
    const action = stepNode(page, 'User does something (action)');
    const originals = [await flowPosition(start), await flowPosition(action)];

    await start.click();
    await page.keyboard.down('Shift');
    await action.click();
    await page.keyboard.up('Shift');
    await expect.poll(() => inspector(page).getByRole('heading', { level: 2 }).textContent()).toBe('2 items selected');

    await page.keyboard.press('Control+c');
    await expect.poll(() => page.getByText('Copied 2 steps.').count()).toBe(1);
    await page.keyboard.press('Control+v');
    await expect.poll(() => stepNodes(page).count()).toBe(4);
    expect(await flowEdges(page).count()).toBe(2);
    const pasted = await Promise.all([flowPosition(stepNodes(page).nth(2)), flowPosition(stepNodes(page).nth(3))]);
    expect(pasted).toEqual(originals.map((p) => ({ x: p.x + 40, y: p.y + 40 })));
    expect(await stepNames(page)).toEqual(['Start (start)', 'User does something (action)', 'Start (start)', 'User does something (action)']);
    // The pasted steps are the selection now, so Ctrl+D duplicates them.
    await expect.poll(() => stepNodes(page).nth(2).getAttribute('class')).toContain('selected');
    await page.keyboard.press('Control+d');
    await expect.poll(() => stepNodes(page).count()).toBe(6);
    expect(await flowEdges(page).count()).toBe(3);
    const duplicated = await flowPosition(stepNodes(page).nth(4));
    expect(duplicated).toEqual({ x: pasted[0]!.x + 40, y: pasted[0]!.y + 40 });

    // The clipboard outlives the journey: paste into a new one.
    await page.getByRole('button', { name: '+ Journey' }).click();
    await expect.poll(() => canvas(page).getAttribute('aria-label')).toBe('Journey canvas: New journey');
    expect(await stepNodes(page).count()).toBe(0);
    await page.keyboard.press('Control+v');
    await expect.poll(() => stepNodes(page).count()).toBe(2);
    expect(await flowEdges(page).count()).toBe(1);

    await tabs(page).first().click();
    await expect.poll(() => stepNodes(page).count()).toBe(6);
    expect(await flowEdges(page).count()).toBe(3);
  });

  it('inserts a journey from a template as a new, selected, critical tab', async () => {
    const page = await openSession();
    const template = JOURNEY_TEMPLATES.find((t) => t.name === 'Sign up for an account')!;
    expect(template.steps.length).toBeGreaterThan(3);

    await page.getByRole('button', { name: 'New journey from template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New journey from template' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Use template: Sign up for an account' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Sign up for an account']);
    expect(await selectedTab(page).textContent()).toContain('Sign up for an account');
    expect(await page.getByRole('textbox', { name: 'Journey' }).inputValue()).toBe('Sign up for an account');
    await expect.poll(() => stepNodes(page).count()).toBe(template.steps.length);
    expect(await flowEdges(page).count()).toBe(template.flows.length);
    expect(await stepNode(page, 'Opens the sign-up page (start)').count()).toBe(1);
    expect(await page.getByRole('switch', { name: 'Critical journey' }).getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('textbox', { name: 'Persona' }).inputValue()).toBe(template.persona);

    // Cancel adds nothing.
    await page.getByRole('button', { name: 'New journey from template…' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await tabs(page).count()).toBe(2);
  });

  it('auto-layout orders steps left to right along their flows, and one Ctrl+Z undoes it', async () => {
    const page = await openSession();
    await buildChain(page, ['Start', 'User action', 'End']);
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await settledViewport(page);

    const nodes = [stepNode(page, 'Start (start)'), stepNode(page, 'User does something (action)'), stepNode(page, 'Done (end)')];
    // Scatter: the end goes up and left of the middle, the start down and right of it.
    const middle = await centre(nodes[1]!);
    await drag(page, await centre(nodes[2]!), { x: middle.x - 150, y: middle.y - 110 });
    await drag(page, await centre(nodes[0]!), { x: middle.x + 120, y: middle.y + 110 });
    const scattered = await Promise.all(nodes.map(flowPosition));
    expect(scattered[2]!.x).toBeLessThan(scattered[1]!.x);
    expect(scattered[1]!.x).toBeLessThan(scattered[0]!.x);

    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect.poll(async () => (await flowPosition(nodes[0]!)).x).toBeLessThan((await flowPosition(nodes[1]!)).x);
    const laidOut = await Promise.all(nodes.map(flowPosition));
    expect(laidOut[0]!.x).toBeLessThan(laidOut[1]!.x);
    expect(laidOut[1]!.x).toBeLessThan(laidOut[2]!.x);
    expect(new Set(laidOut.map((p) => p.y)).size).toBe(1);

    await page.keyboard.press('Control+z');
    await expect.poll(() => Promise.all(nodes.map(flowPosition))).toEqual(scattered);
  });

  it('adds, renames, reorders, walks with arrow keys, deletes and restores journey tabs', async () => {
    const page = await openSession();
    expect(await tabNames(page)).toEqual(['Main journey']);
    expect(await page.getByRole('button', { name: 'Delete journey' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: '+ Journey' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'New journey']);
    expect(await selectedTab(page).textContent()).toBe('New journey');

    const name = page.getByRole('textbox', { name: 'Journey' });
    await name.fill('Checkout');
    await name.press('Enter');
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Checkout']);
    expect(await canvas(page).getAttribute('aria-label')).toBe('Journey canvas: Checkout');
    await paletteButton(page, 'Third party').click();
    await expect.poll(() => stepNames(page)).toEqual(['Vendor (thirdparty)']);

    await page.getByRole('button', { name: 'Move journey left' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Checkout', 'Main journey']);
    expect(await page.getByRole('button', { name: 'Move journey left' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Move journey right' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Checkout']);
    expect(await selectedTab(page).textContent()).toBe('Checkout');

    await page.getByRole('button', { name: '+ Journey' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Checkout', 'New journey']);

    // WAI-ARIA tabs: arrows move selection and focus together, wrapping; Home and End jump.
    const focusedTab = () => page.evaluate(() => (document.activeElement?.getAttribute('role') === 'tab' ? document.activeElement.lastChild?.textContent : null));
    await tabs(page).first().click();
    await expect.poll(() => selectedTab(page).textContent()).toBe('Main journey');
    for (const [key, expected] of [
      ['ArrowRight', 'Checkout'],
      ['ArrowRight', 'New journey'],
      ['ArrowRight', 'Main journey'],
      ['ArrowLeft', 'New journey'],
      ['Home', 'Main journey'],
      ['End', 'New journey'],
    ] as const) {
      await page.keyboard.press(key);
      await expect.poll(() => selectedTab(page).textContent(), { message: `${key} selects ${expected}` }).toBe(expected);
      await expect.poll(focusedTab, { message: `${key} focuses ${expected}` }).toBe(expected);
    }

    await tabs(page).nth(1).click();
    await expect.poll(() => selectedTab(page).textContent()).toBe('Checkout');
    await page.getByRole('button', { name: 'Delete journey' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'New journey']);
    const notice = page.getByRole('status').filter({ hasText: 'Deleted the journey "Checkout".' });
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Checkout', 'New journey']);
    expect(await selectedTab(page).textContent()).toBe('Checkout');
    await expect.poll(() => stepNames(page)).toEqual(['Vendor (thirdparty)']);
    expect(await notice.count()).toBe(0);

    // The notice's Undo never undoes a later, unrelated change instead of the deletion.
    await tabs(page).nth(2).click();
    await page.getByRole('button', { name: 'Delete journey' }).click();
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Checkout']);
    expect(await selectedTab(page).textContent()).toBe('Main journey');
    await paletteButton(page, 'End').click();
    await expect.poll(() => stepNames(page)).toEqual(['Done (end)']);
    await page.getByRole('status').filter({ hasText: 'Deleted the journey "New journey".' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByText('Other changes came after deleting "New journey"').count()).toBe(1);
    expect(await stepNames(page)).toEqual(['Done (end)']);
    expect(await tabNames(page)).toEqual(['Main journey', 'Checkout']);
    // Ctrl+Z steps back through them: first the new step, then the deletion.
    await page.keyboard.press('Control+z');
    await expect.poll(() => stepNodes(page).count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'Checkout', 'New journey']);
  });

  it('keeps steps, flows, journeys, the critical flag and each journey’s viewport across a reload', async () => {
    const page = await openSession();
    await buildChain(page, ['Start', 'User action']);
    await clickFlow(page, flowEdges(page).first());
    await inspector(page).getByRole('textbox', { name: 'What passes' }).fill('email address');
    await inspector(page).getByRole('checkbox', { name: 'Crosses a trust boundary' }).check();
    await page.getByRole('switch', { name: 'Critical journey' }).click();
    await expect.poll(() => page.getByRole('switch', { name: 'Critical journey' }).getAttribute('aria-checked')).toBe('true');
    await settledViewport(page);
    await page.getByRole('button', { name: 'Zoom In' }).click();
    await page.getByRole('button', { name: 'Zoom In' }).click();
    const first = await settledViewport(page);

    await page.getByRole('button', { name: '+ Journey' }).click();
    await paletteButton(page, 'Data store').click();
    await expect.poll(() => stepNames(page)).toEqual(['Database (datastore)']);
    await settledViewport(page);
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    const second = await settledViewport(page);
    expect(second.zoom).not.toBeCloseTo(first.zoom, 2);

    // Switching tabs brings each journey back at its own viewport.
    await tabs(page).first().click();
    await expect.poll(() => stepNodes(page).count()).toBe(2);
    expectSameViewport(await settledViewport(page), first);

    await expect.poll(() => saveState(page).textContent()).toBe('Saved');
    await page.reload();

    await expect.poll(() => tabNames(page)).toEqual(['Main journey', 'New journey']);
    await expect.poll(() => stepNames(page)).toEqual(['Start (start)', 'User does something (action)']);
    expect(await flowEdges(page).evaluateAll((edges) => edges.map((edge) => edge.getAttribute('aria-label')))).toEqual([
      'Flow "email address", crosses a trust boundary',
    ]);
    expect(await page.getByRole('switch', { name: 'Critical journey' }).getAttribute('aria-checked')).toBe('true');
    expectSameViewport(await settledViewport(page), first);

    await tabs(page).nth(1).click();
    await expect.poll(() => stepNames(page)).toEqual(['Database (datastore)']);
    expect(await page.getByRole('switch', { name: 'Critical journey' }).getAttribute('aria-checked')).toBe('false');
    expectSameViewport(await settledViewport(page), second);
  });
});
