/**
 * Crash safety and concurrent windows, in the real app in Chromium:
 *
 * - Kill the page at a random moment 0–500 ms after the last of a burst of edits (the renderer
 *   crashed through CDP, or the page closed without unload events), reopen the session in a
 *   new page of the same browser profile, and check that every edit older than the autosave
 *   window is stored, the stored document is valid, and its index row agrees with it. The
 *   window is 500 ms of quiet after an edit, or 1 s after it during non-stop editing
 *   (AUTOSAVE_DELAY_MS / AUTOSAVE_MAX_WAIT_MS), plus a margin for the write itself.
 * - Two tabs on one session: the one whose copy is stale is told when it tries to save, its
 *   write is refused (the other tab's work stays), and it can keep its version as a copy.
 *
 * Set CRASH_SEED to replay a run; CRASH_ROUNDS to run more rounds.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS } from '../../renderer/persistence/autosave.ts';
import { assembleDocument, type DocumentBlock, type DocumentRow } from '../../renderer/db/document-parts.ts';
import { seededRandom } from '../../tools/sample-sessions.ts';
import { watchPage, useAppHarness } from './harness.ts';

const harness = useAppHarness();

/** Time one IndexedDB write may take on a busy two-core machine, on top of the autosave window. */
const WRITE_MARGIN_MS = 300;

const canvas = (page: Page) => page.getByRole('region', { name: /^Journey canvas/ });
const saveState = (page: Page) => page.getByRole('status', { name: 'Save state' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stored document (put together from its row and blocks) and index row of a session, read straight from IndexedDB. */
async function readStored(page: Page, id: string): Promise<{ document: unknown; summary: { title?: string; counts?: { steps?: number } } | undefined }> {
  const { row, blocks, summary } = await page.evaluate(async (sessionId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('threatstorm');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['documents', 'blocks', 'sessions']);
    const done = <T,>(request: IDBRequest) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const [row, blocks, summary] = await Promise.all([
      done<unknown>(tx.objectStore('documents').get(sessionId)),
      done<unknown[]>(tx.objectStore('blocks').index('sessionId').getAll(sessionId)),
      done<unknown>(tx.objectStore('sessions').get(sessionId)),
    ]);
    db.close();
    return { row, blocks, summary };
  }, id);
  if (!row) return { document: undefined, summary: summary as { title?: string } | undefined };
  const byKey = new Map((blocks as DocumentBlock[]).map((block) => [block.key, block]));
  const assembled = await assembleDocument(row as DocumentRow, async (keys) => keys.map((key) => byKey.get(key)));
  return { document: assembled.ok ? assembled.document : undefined, summary: summary as { title?: string; counts?: { steps?: number } } | undefined };
}

async function openSessionPage(context: BrowserContext, problems: string[], url: string): Promise<Page> {
  const page = await context.newPage();
  watchPage(page, problems);
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  await canvas(page).waitFor();
  return page;
}

/** Kills the page without giving it a chance to save: a renderer crash, or a close with no unload. */
async function kill(context: BrowserContext, page: Page, how: 'crash' | 'close'): Promise<void> {
  if (how === 'close') return page.close({ runBeforeUnload: false });
  const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
  const client = await context.newCDPSession(page);
  void client.send('Page.crash').catch(() => undefined);
  await crashed;
  await page.close().catch(() => undefined);
}

describe('a closed or crashed window loses at most the autosave window', () => {
  it('keeps every edit older than the autosave window when the page dies at a random moment', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const rounds = Number(process.env.CRASH_ROUNDS ?? 10);
    const random = seededRandom(seed);
    const app = await harness.open();
    const first = app.page;
    first.setDefaultTimeout(10_000);
    await first.getByRole('button', { name: 'New session' }).click();
    await canvas(first).waitFor();
    await expect.poll(() => saveState(first).textContent()).toBe('Saved');
    const sessionUrl = first.url();
    const id = /#\/session\/([\w-]+)$/.exec(sessionUrl)?.[1];
    if (!id) throw new Error(`no session id in ${sessionUrl}`);
    await first.close();

    const log: string[] = [];
    let expectedAtLeast = 0;
    let made = 0;
    // Each round edits in the page that checked the previous round, then kills it.
    let page = await openSessionPage(app.context, app.problems, sessionUrl);
    for (let round = 0; round < rounds; round++) {
      const before = loadSessionDocument((await readStored(page, id)).document);
      if (!before.ok) throw new Error(`round ${round}: the stored session is not valid: ${before.error} ${before.details.join('; ')}`);
      const start = before.document.steps.length;
      expect(start, `round ${round}: edits stored before`).toBeGreaterThanOrEqual(expectedAtLeast);

      // A burst of edits (each adds a step) with random pauses: some long enough for the
      // debounce, some shorter, so the max-wait path is exercised too.
      const edits = 3 + Math.floor(random() * 4);
      const editedAt: number[] = [];
      for (let i = 0; i < edits; i++) {
        if (i > 0) await sleep(Math.floor(random() * 700));
        await page.getByRole('button', { name: 'Add User action step' }).click();
        editedAt.push(Date.now());
      }
      const delay = Math.floor(random() * 500);
      await sleep(delay);
      const how = random() < 0.5 ? 'crash' : 'close';
      const killedAt = Date.now();
      await kill(app.context, page, how);
      made = start + edits;

      // Edit i is guaranteed stored when it had AUTOSAVE_DELAY_MS of quiet after it before the
      // kill, or when it is older than AUTOSAVE_MAX_WAIT_MS — each plus the write margin.
      let guaranteed = 0;
      editedAt.forEach((at, i) => {
        const quiet = Math.min(editedAt[i + 1] ?? killedAt, killedAt) - at;
        if (quiet >= AUTOSAVE_DELAY_MS + WRITE_MARGIN_MS || killedAt - at >= AUTOSAVE_MAX_WAIT_MS + WRITE_MARGIN_MS) guaranteed = i + 1;
      });
      expectedAtLeast = start + guaranteed;

      const check = await openSessionPage(app.context, app.problems, sessionUrl);
      const stored = await readStored(check, id);
      const loaded = loadSessionDocument(stored.document);
      if (!loaded.ok) throw new Error(`round ${round}: the stored session is not valid after a ${how}: ${loaded.error} ${loaded.details.join('; ')}`);
      const steps = (loaded.document as SessionDocument).steps.length;
      const gaps = editedAt.map((at, i) => (i === 0 ? 0 : at - editedAt[i - 1]!));
      log.push(`round ${round}: ${how} ${killedAt - editedAt.at(-1)!} ms after the last of ${edits} edits (gaps ${gaps.join('/')} ms): ${steps - start} stored, ${guaranteed} guaranteed`);
      expect(steps, `seed ${seed}\n${log.join('\n')}`).toBeGreaterThanOrEqual(expectedAtLeast);
      expect(steps, 'never more than was made').toBeLessThanOrEqual(made);
      // The index row is written in the same transaction as the document.
      expect(stored.summary?.counts?.steps, 'the index row agrees with the document').toBe(steps);
      // The app opens it: no error, the canvas is there.
      expect(await check.getByRole('alert').filter({ hasText: 'not opened' }).count()).toBe(0);
      expectedAtLeast = steps;
      page = check;
    }
    await page.close();
    console.info(`crash safety (seed ${seed}):\n${log.join('\n')}`);
  }, 120_000);
});

describe('two tabs on the same session', () => {
  it('the stale tab is told, its save is refused, and it can keep its version as a copy', async () => {
    const app = await harness.open();
    const a = app.page;
    a.setDefaultTimeout(10_000);
    await a.getByRole('button', { name: 'New session' }).click();
    const titleA = a.getByRole('textbox', { name: 'Session title' });
    await titleA.fill('Shared session');
    await titleA.press('Enter');
    await expect.poll(() => saveState(a).textContent()).toBe('Saved');
    const url = a.url();
    const id = /#\/session\/([\w-]+)$/.exec(url)![1]!;

    const b = await openSessionPage(app.context, app.problems, url);
    const titleB = b.getByRole('textbox', { name: 'Session title' });
    await expect.poll(() => titleB.inputValue()).toBe('Shared session');

    // Tab A saves first.
    await titleA.fill('Edited in tab A');
    await titleA.press('Enter');
    await expect.poll(() => saveState(a).textContent()).toBe('Saved');

    // Tab B, still on the old version, edits: its save is refused and it says why.
    await titleB.fill('Edited in tab B');
    await titleB.press('Enter');
    await expect.poll(() => saveState(b).textContent()).toMatch(/Could not save: this session was changed in another window/);
    const notice = b.getByRole('alert').filter({ hasText: 'Another window saved this session' });
    await notice.waitFor();
    expect((await readStored(b, id)).summary?.title).toBe('Edited in tab A');
    expect(((await readStored(b, id)).document as SessionDocument).session.title).toBe('Edited in tab A');

    // More edits in B are still refused, without piling up messages.
    await titleB.fill('Edited in tab B again');
    await titleB.press('Enter');
    await expect.poll(() => saveState(b).textContent()).toMatch(/changed in another window/);
    expect(await b.getByRole('alert').filter({ hasText: 'Another window saved this session' }).count()).toBe(1);
    expect(((await readStored(b, id)).document as SessionDocument).session.title).toBe('Edited in tab A');

    // B keeps its version as a copy: a new session, A's untouched.
    await notice.getByRole('button', { name: 'Save as a copy' }).click();
    await expect.poll(() => b.url()).not.toBe(url);
    await expect.poll(() => saveState(b).textContent()).toBe('Saved');
    await expect.poll(() => titleB.inputValue()).toBe('Edited in tab B again (copy)');
    const copyId = /#\/session\/([\w-]+)$/.exec(b.url())![1]!;
    expect(((await readStored(b, copyId)).document as SessionDocument).session.title).toBe('Edited in tab B again (copy)');
    expect(((await readStored(b, id)).document as SessionDocument).session.title).toBe('Edited in tab A');

    // A goes on working normally, and a reload of the original shows A's version.
    await titleA.fill('Edited in tab A again');
    await titleA.press('Enter');
    await expect.poll(() => saveState(a).textContent()).toBe('Saved');
    await b.goto(url);
    await expect.poll(() => b.getByRole('textbox', { name: 'Session title' }).inputValue()).toBe('Edited in tab A again');
    await b.close();
  }, 60_000);
});
