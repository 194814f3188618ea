/**
 * Sessions for the room-screen and keyboard tests, built with the app's own operations: the
 * checkout template with enough threats to make a long vote, and a journey of 20 steps in one
 * line (the shape that used to present as one thin, unreadable strip).
 */
import type { Page } from 'playwright-core';
import { addJourney } from '../../shared/document-ops.ts';
import { newId } from '../../shared/ids.ts';
import type { SessionDocument, Step, StepKind } from '../../shared/schema.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { JOURNEY_TEMPLATES, instantiateTemplate } from '../../shared/templates.ts';
import { addThreat, blankThreat } from '../../shared/threat-ops.ts';
import { addParticipant, DEFAULT_PHASES, setAgenda } from '../../shared/workshop-ops.ts';

const LONG_LABELS = [
  'Opens the shop',
  'Searches for a product',
  'Reads the reviews',
  'Picks a size',
  'Adds it to the basket',
  'Signs in',
  'Checks the basket',
  'Enters the delivery address',
  'Chooses a delivery slot',
  'Works out the total',
  'Enters card details',
  'Card issuer checks the card',
  'Confirms with the bank app',
  'Payment approved?',
  'Creates the order',
  'Stores the order',
  'Sends the receipt',
  'Warehouse picks the order',
  'Courier delivers',
  'Rates the delivery',
];

function kindOf(index: number, count: number): StepKind {
  if (index === 0) return 'start';
  if (index === count - 1) return 'end';
  return (['action', 'system', 'datastore', 'thirdparty', 'decision'] as const)[index % 5]!;
}

export function roomSession(title = 'Room test'): SessionDocument {
  let doc = createSessionDocument(title);
  doc = addParticipant(doc, { id: 'ann', name: 'Ann', role: 'facilitator' });
  doc = addParticipant(doc, { id: 'ben', name: 'Ben', role: 'participant' });
  doc = addParticipant(doc, { id: 'cleo', name: 'Cleo', role: 'participant' });
  doc = setAgenda(doc, DEFAULT_PHASES.map((phase, i) => ({ ...phase, id: `phase-${i}` })));

  const checkout = JOURNEY_TEMPLATES.find((t) => t.id === 'checkout')!;
  const placed = instantiateTemplate(checkout, newId);
  doc = { ...doc, journeys: [], steps: [], flows: [] };
  doc = addJourney(doc, placed.journey, placed.steps, placed.flows);

  const journeyId = newId();
  const steps: Step[] = LONG_LABELS.map((label, i) => ({
    id: newId(),
    journeyId,
    kind: kindOf(i, LONG_LABELS.length),
    label,
    description: '',
    actor: '',
    dataTags: i % 4 === 1 ? ['personal'] : [],
    position: { x: i * 270, y: 0 },
  }));
  const flows = steps.slice(1).map((step, i) => ({ id: newId(), journeyId, source: steps[i]!.id, target: step.id, label: i % 3 === 0 ? 'order' : '', crossesTrustBoundary: i % 6 === 5 }));
  doc = addJourney(doc, { id: journeyId, name: 'Twenty steps', persona: 'Shopper', goal: 'Buy and receive', critical: false, stages: [] }, steps, flows);

  // Threats on the checkout steps: enough that the vote list runs past a 720 px screen.
  const checkoutSteps = doc.steps.filter((s) => s.journeyId === placed.journey.id);
  for (let i = 0; i < 18; i++) {
    const step = checkoutSteps[i % checkoutSteps.length]!;
    doc = addThreat(doc, blankThreat({ type: 'step', id: step.id }, { title: `Threat ${i + 1} on ${step.label}`, likelihood: 1 + (i % 5), impact: 1 + ((i * 2) % 5) }));
  }
  return doc;
}

/** Opens a session document through "Open file…", the way a person would. */
export async function openSessionFile(page: Page, doc: SessionDocument): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).waitFor();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open file…' }).click();
  await (await chooser).setFiles({ name: 'room.threatstorm.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.getByRole('textbox', { name: 'Session title' }).waitFor();
}

/** The three screens the issue names: 1280×720, 1440×900 and 1920×1080, at 150 %. */
export const ROOM_SCREENS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The visible part of every element matching `selector`: its box cut down by every ancestor that
 * clips (a scrolled panel), so a control scrolled out of its panel has no box at all. With
 * `clip: false`, the whole box (to check that something lies inside an area).
 */
export function boxesOf(page: Page, selector: string, options: { clip?: boolean } = {}): Promise<Array<Box & { name: string }>> {
  return page.evaluate(([css, clip]) => {
    const boxes: Array<{ x: number; y: number; width: number; height: number; name: string }> = [];
    for (const el of document.querySelectorAll<HTMLElement>(css)) {
      if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      const r = el.getBoundingClientRect();
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let parent = clip ? el.parentElement : null; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const clip = parent.getBoundingClientRect();
        left = Math.max(left, clip.left);
        top = Math.max(top, clip.top);
        right = Math.min(right, clip.right);
        bottom = Math.min(bottom, clip.bottom);
      }
      if (right - left <= 0 || bottom - top <= 0) continue;
      boxes.push({ x: left, y: top, width: right - left, height: bottom - top, name: (el.getAttribute('aria-label') || el.textContent || el.className || '').trim().slice(0, 40) });
    }
    return boxes;
  }, [selector, options.clip ?? true] as const);
}
