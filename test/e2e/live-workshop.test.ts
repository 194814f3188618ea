/**
 * The live workshop, end to end on loopback: the facilitator hosts from the browser fallback (the
 * room server of tools/live-control.ts on 127.0.0.1), three participants join from their own
 * browser contexts through the sealed transport, edit concurrently, undo their own edits only,
 * work offline and merge, vote blind, and everything converges on every screen and in the host's
 * database. A wrong key joins nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clickStep, launchBrowser, newAppPage, startLiveAppServer, type AppPage } from './harness.ts';

let browser: Browser;
let server: Awaited<ReturnType<typeof startLiveAppServer>>;
const pages: AppPage[] = [];
const serverLog: string[] = [];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startLiveAppServer((line) => serverLog.push(line))]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  const problems = pages.flatMap((app) => app.problems.filter((p) => !/WebSocket connection to .* failed|ERR_INTERNET_DISCONNECTED|net::ERR/.test(p)));
  await Promise.all(pages.map((app) => app.close()));
  pages.length = 0;
  await server.live.room()?.stop();
  expect(problems, 'the pages reported problems').toEqual([]);
});

async function open(url: string): Promise<AppPage> {
  const app = await newAppPage(browser, { viewport: { width: 1440, height: 900 } });
  pages.push(app);
  await app.page.goto(url);
  return app;
}

const workshop = (page: Page) => page.getByRole('toolbar', { name: 'Workshop' });
const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const step = (page: Page, label: string) => page.getByRole('group', { name: new RegExp(`^${label} \\(`) });

/** The facilitator: a session from a template, hosted on loopback. Returns the join link. */
async function hostSession(): Promise<{ host: Page; link: string }> {
  const { page } = await open(server.url);
  page.setDefaultTimeout(10_000);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'New journey from template…' }).click();
  await page.getByRole('button', { name: /Use template: Log in/ }).click();
  await step(page, 'Checks the password').waitFor();
  await workshop(page).getByRole('button', { name: 'Host live workshop' }).click();
  const dialog = page.getByRole('dialog', { name: 'Host live workshop' });
  await dialog.getByRole('combobox', { name: 'Offer the room on' }).selectOption('127.0.0.1');
  await dialog.getByRole('button', { name: 'Start hosting' }).click();
  const linkField = dialog.getByRole('textbox', { name: 'Join link' });
  await expect.poll(() => linkField.inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#room=[A-Za-z0-9_-]{22}&key=[A-Za-z0-9_-]{22}$/);
  expect(await dialog.getByRole('img', { name: 'QR code of the join link' }).count()).toBe(1);
  const link = await linkField.inputValue();
  await dialog.getByRole('button', { name: 'Done' }).click();
  return { host: page, link };
}

async function join(link: string, name: string): Promise<Page> {
  const { page } = await open(link);
  page.setDefaultTimeout(10_000);
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect.poll(() => page.getByRole('status', { name: 'Connection' }).textContent()).toContain(`you are ${name}`);
  await step(page, 'Checks the password').waitFor();
  return page;
}

async function rename(page: Page, from: string, to: string): Promise<void> {
  await clickStep(step(page, from));
  const label = inspector(page).getByRole('textbox', { name: 'Label', exact: true });
  await label.fill(to);
  await label.press('Enter');
}

describe('a live workshop across laptops (loopback)', () => {
  it('three people join, edit at once, and every screen and the host’s database converge', async () => {
    const { host, link } = await hostSession();
    const [ann, bo, cy] = await Promise.all([join(link, 'Ann'), join(link, 'Bo'), join(link, 'Cy')]);
    await workshop(host).getByRole('button', { name: /^Live workshop: 3 connected/ }).waitFor();

    // Concurrent edits: the same step from two people (different fields), another step, a threat.
    await Promise.all([
      rename(ann, 'Enters email and password', 'Types email and password'),
      rename(bo, 'Checks the password', 'Verifies the password'),
      (async () => {
        await clickStep(step(cy, 'Signed in'));
        await inspector(cy).getByRole('button', { name: '+ Threat' }).click();
        await inspector(cy).getByRole('textbox', { name: 'Threat', exact: true }).fill('Session fixation');
        await inspector(cy).getByRole('textbox', { name: 'Threat', exact: true }).press('Enter');
      })(),
    ]);
    for (const page of [host, ann, bo, cy]) {
      await step(page, 'Types email and password').waitFor();
      await step(page, 'Verifies the password').waitFor();
    }
    // The threat is there everywhere.
    for (const page of [host, ann, bo]) {
      await clickStep(step(page, 'Signed in'));
      await expect.poll(() => inspector(page).textContent()).toContain('Session fixation');
    }

    // The host's database holds it all (autosave of the projection, as for any change).
    await expect.poll(() => host.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');
    const stored = await host.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const request = indexedDB.open('threatstorm');
        request.onsuccess = () => resolve(request.result);
      });
      const rows = await new Promise<Array<{ items: Array<{ label?: string; title?: string }> }>>((resolve) => {
        const request = db.transaction('blocks').objectStore('blocks').getAll();
        request.onsuccess = () => resolve(request.result as Array<{ items: Array<{ label?: string; title?: string }> }>);
      });
      db.close();
      return rows.flatMap((row) => row.items.map((item) => item.label ?? item.title ?? ''));
    });
    expect(stored).toEqual(expect.arrayContaining(['Types email and password', 'Verifies the password', 'Session fixation']));
  });

  it('undo is per person: Ctrl+Z undoes my last edit, never my neighbour’s', async () => {
    const { host, link } = await hostSession();
    const ann = await join(link, 'Ann');
    await rename(ann, 'Enters email and password', 'Ann was here');
    await rename(host, 'Checks the password', 'Host was here');
    await step(ann, 'Host was here').waitFor();
    await ann.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await ann.keyboard.press('Control+z');
    for (const page of [host, ann]) {
      await step(page, 'Enters email and password').waitFor();
      await step(page, 'Host was here').waitFor();
    }
  });

  it('a participant who loses the network keeps working; the edits merge when they are back', async () => {
    const { host, link } = await hostSession();
    // Bo's network, as a switch: off closes Bo's connection and refuses new ones until it is on.
    const boApp = await newAppPage(browser, { viewport: { width: 1440, height: 900 } });
    pages.push(boApp);
    let offline = false;
    const open: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
    await boApp.context.routeWebSocket(/\/live$/, (ws) => {
      if (offline) return void ws.close({ code: 1001, reason: 'offline' });
      ws.connectToServer();
      open.push(ws);
    });
    await boApp.page.goto(link);
    const bo = boApp.page;
    bo.setDefaultTimeout(10_000);
    await bo.getByRole('textbox', { name: 'Your name' }).fill('Bo');
    await bo.getByRole('button', { name: 'Join' }).click();
    await step(bo, 'Checks the password').waitFor();

    offline = true;
    await Promise.all(open.splice(0).map((ws) => ws.close({ code: 1001, reason: 'offline' })));
    await expect.poll(() => bo.getByRole('status', { name: 'Connection' }).textContent(), { timeout: 20_000 }).toMatch(/Offline/);
    await rename(bo, 'Signed in', 'Signed in (offline edit)');
    await rename(host, 'Checks the password', 'Edited while Bo was away');
    await step(host, 'Signed in').waitFor();
    offline = false;
    for (const page of [host, bo]) {
      await step(page, 'Signed in \\(offline edit\\)').waitFor({ timeout: 30_000 });
      await step(page, 'Edited while Bo was away').waitFor({ timeout: 30_000 });
    }
  });

  it('the host’s window reloading mid-session loses nothing it had received, and the same link keeps working', async () => {
    const { host, link } = await hostSession();
    const ann = await join(link, 'Ann');
    await rename(ann, 'Signed in', 'Signed in (by Ann)');
    await step(host, 'Signed in \\(by Ann\\)').waitFor();
    await expect.poll(() => host.getByRole('status', { name: 'Save state' }).textContent()).toBe('Saved');

    // A restart of the host's window: the page goes away and comes back.
    await host.reload();
    // The window comes back on the session (on its first journey, as any opening does).
    await host.getByRole('tablist', { name: 'Journeys' }).getByRole('tab', { name: /Log in with two-step verification/ }).click();
    await step(host, 'Signed in \\(by Ann\\)').waitFor();
    // The room resumes from its stored history on the same link: Ann's next edit arrives.
    await workshop(host).getByRole('button', { name: /^Live workshop: 1 connected/ }).waitFor({ timeout: 30_000 });
    await rename(ann, 'Checks the password', 'Checked after the host came back');
    await step(host, 'Checked after the host came back').waitFor({ timeout: 30_000 });
    expect(await step(ann, 'Signed in \\(by Ann\\)').count()).toBe(1);
  });

  it('a participant picks themselves from the session’s people: the same person, not a second one', async () => {
    const { host, link } = await hostSession();
    await join(link, 'Ann');
    await workshop(host).getByRole('button', { name: 'People (1)' }).waitFor();
    // Ann again, from another browser (a phone, or a laptop that lost its tab): she is listed.
    const { page: phone } = await open(link);
    phone.setDefaultTimeout(10_000);
    const people = phone.getByRole('list', { name: 'Already in this session?' });
    await expect.poll(() => people.getByRole('button').allTextContents()).toEqual(['I am Ann']);
    await people.getByRole('button', { name: 'I am Ann' }).click();
    await expect.poll(() => phone.getByRole('status', { name: 'Connection' }).textContent()).toContain('you are Ann');
    await rename(phone, 'Signed in', 'Signed in (Ann’s phone)');
    await step(host, 'Signed in \\(Ann’s phone\\)').waitFor();
    expect(await workshop(host).getByRole('button', { name: 'People (1)' }).count()).toBe(1);
    // A reload of that page continues as Ann without asking again.
    await phone.reload();
    await expect.poll(() => phone.getByRole('status', { name: 'Connection' }).textContent()).toContain('you are Ann');
    expect(await workshop(host).getByRole('button', { name: 'People (1)' }).count()).toBe(1);
    // Someone new types a name and is added.
    await join(link, 'Bo');
    await workshop(host).getByRole('button', { name: 'People (2)' }).waitFor();
  });

  it('a blind vote from every device: no count anywhere before the reveal, no dot over the limit', async () => {
    const { host, link } = await hostSession();
    await clickStep(step(host, 'Checks the password'));
    for (const title of ['Credential stuffing', 'Brute force']) {
      await inspector(host).getByRole('button', { name: '+ Threat' }).click();
      await inspector(host).getByRole('textbox', { name: 'Threat', exact: true }).fill(title);
      await inspector(host).getByRole('textbox', { name: 'Threat', exact: true }).press('Enter');
    }
    const voters = await Promise.all([join(link, 'Ann'), join(link, 'Bo')]);
    await workshop(host).getByRole('button', { name: 'Dot vote…' }).click();
    const hostVote = host.getByRole('dialog', { name: 'Dot vote' });
    await hostVote.getByRole('spinbutton', { name: 'Dots per person' }).fill('2');
    await hostVote.getByRole('button', { name: 'Open vote' }).click();
    for (const [index, page] of voters.entries()) {
      await workshop(page).getByRole('button', { name: 'Vote now…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Dot vote' });
      await dialog.getByRole('button', { name: 'Give a dot to Credential stuffing' }).click();
      await expect.poll(() => dialog.getByLabel('1 of your dots').count()).toBe(1);
      await dialog.getByRole('button', { name: index === 0 ? 'Give a dot to Credential stuffing' : 'Give a dot to Brute force' }).click();
      await expect.poll(() => dialog.getByText('You have 0 of 2 dots left.').count()).toBe(1);
      expect(await dialog.getByRole('button', { name: 'Give a dot to Brute force' }).isDisabled()).toBe(true);
    }
    // The host sees how many voted, never where the dots went.
    await expect.poll(() => hostVote.getByRole('status').textContent()).toContain('2 of 2 people have voted');
    expect(await hostVote.textContent()).not.toMatch(/Credential stuffing|Brute force/);
    await hostVote.getByRole('button', { name: 'Reveal results' }).click();
    const results = hostVote.getByRole('list', { name: 'Vote results' }).getByRole('listitem');
    await expect.poll(() => results.allTextContents()).toEqual(['3 Credential stuffing', '1 Brute force']);
    for (const page of voters) {
      const dialog = page.getByRole('dialog', { name: 'Dot vote' });
      await expect.poll(() => dialog.getByRole('list', { name: 'Vote results' }).getByRole('listitem').allTextContents()).toEqual(['3 Credential stuffing', '1 Brute force']);
    }
  });

  it('a wrong key joins nothing and says so', async () => {
    const { link } = await hostSession();
    const wrong = link.replace(/key=[A-Za-z0-9_-]{22}/, 'key=AAAAAAAAAAAAAAAAAAAAAA');
    const { page } = await open(wrong);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Mallory');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/key/i);
    expect(await page.locator('.react-flow__node').count()).toBe(0);
    expect(serverLog.some((line) => /refused a client/.test(line))).toBe(true);
  });
});
