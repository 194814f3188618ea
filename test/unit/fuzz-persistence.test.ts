/**
 * Properties of the persistence layer under random interleavings:
 *
 * - Two windows on one session (two `SessionRepository`s over one fake-indexeddb database):
 *   whatever the order of loads and saves, a save goes through only when its window has seen
 *   the stored revision, a refused save writes nothing, and the stored document is always the
 *   last one that went through — no silent lost update.
 * - The autosaver under random edit timings: an edit is written at most `maxWaitMs` after it
 *   was made, even when edits never pause, and the last edit is always written.
 * - The conflict reaches the person: the save state says so, and "Save as a copy" keeps this
 *   window's version as a new session without touching the other window's.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThreatstormDatabase } from '../../renderer/db/database.ts';
import { isSessionConflict, SessionConflictError, SessionRepository, describeStorageError } from '../../renderer/db/session-repository.ts';
import { Autosaver, AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, type SaveState } from '../../renderer/persistence/autosave.ts';
import { attachAutosave, CONFLICT_NOTICE } from '../../renderer/persistence/session-autosave.ts';
import { useNotices } from '../../renderer/notices.ts';
import { createSessionStore } from '../../renderer/store/session-store.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { renameSession } from '../../shared/document-ops.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { caseCounter, countCase, FUZZ_TIMEOUT_MS, runs } from './fuzz-arbitraries.ts';

afterAll(() => {
  console.info(`persistence properties: ${[...caseCounter].map(([target, count]) => `${target} ${count}`).join(', ')}`);
});

describe('two windows on one session', () => {
  type Op = { window: 0 | 1; action: 'load' | 'save' } | { window: 0 | 1; action: 'save-both-at-once' };
  const op: fc.Arbitrary<Op> = fc.record({
    window: fc.constantFrom(0 as const, 1 as const),
    action: fc.constantFrom('load' as const, 'save' as const, 'save' as const, 'save-both-at-once' as const),
  });

  it('never lets a save overwrite a revision its window has not seen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        countCase('two-window interleavings');
        const db = new ThreatstormDatabase(`two-windows-${Math.random()}`);
        await db.open();
        try {
          const windows = [new SessionRepository(db), new SessionRepository(db)] as const;
          const original = createSessionDocument('Shared session');
          await windows[0].save(original);
          // Each window's document, and what the model says each last saw (null: never looked).
          const docs: SessionDocument[] = [original, original];
          const seen: Array<number | null> = [1, null];
          let storedRevision = 1;
          let storedTitle = original.session.title;
          let edit = 0;

          const trySave = async (index: 0 | 1): Promise<'written' | 'refused'> => {
            const next = renameSession(docs[index]!, `edit ${++edit} by window ${index}`);
            try {
              await windows[index].save(next);
              docs[index] = next;
              return 'written';
            } catch (error) {
              if (!isSessionConflict(error)) throw error;
              docs[index] = next;
              return 'refused';
            }
          };

          for (const step of ops) {
            const index = step.window;
            if (step.action === 'load') {
              const loaded = await windows[index].load(original.session.id);
              if (!loaded.ok) throw new Error('the shared session does not load');
              docs[index] = loaded.document;
              seen[index] = storedRevision;
              expect(loaded.document.session.title).toBe(storedTitle);
            } else if (step.action === 'save') {
              const expected = seen[index] === null || seen[index] === storedRevision ? 'written' : 'refused';
              const title = `edit ${edit + 1} by window ${index}`;
              expect(await trySave(index), `window ${index} saving`).toBe(expected);
              if (expected === 'written') {
                storedRevision += 1;
                storedTitle = title;
                seen[index] = storedRevision;
              }
            } else {
              // Both windows write at the same moment: IndexedDB orders the two transactions, so
              // at most one of two windows that saw the same revision can win.
              const bothCurrent = seen.every((revision) => revision === null || revision === storedRevision);
              const results = await Promise.all([trySave(0), trySave(1)]);
              const written = results.filter((result) => result === 'written').length;
              if (bothCurrent && seen.every((revision) => revision !== null)) expect(written).toBe(1);
              // Replay the model from what actually happened.
              for (const [i, result] of results.entries()) {
                if (result === 'written') {
                  storedRevision += 1;
                  seen[i] = storedRevision;
                }
              }
              const stored = await windows[0].load(original.session.id).then((r) => (r.ok ? r.document.session.title : ''));
              storedTitle = stored;
              // load() above made window 0 current again; keep the model in step.
              seen[0] = storedRevision;
              expect(results.some((result, i) => result === 'written' && docs[i]!.session.title === stored)).toBe(written > 0);
            }
            const row = await db.documents.get(original.session.id);
            expect(row?.revision, 'stored revision').toBe(storedRevision);
            const storedDocument = (await new SessionRepository(db).readStored(original.session.id)) as SessionDocument;
            expect(storedDocument.session.title, 'stored title').toBe(storedTitle);
            expect((await db.sessions.get(original.session.id))?.title, 'index row agrees').toBe(storedTitle);
          }
        } finally {
          db.close();
          await db.delete();
        }
      }),
      runs(120),
    );
  }, FUZZ_TIMEOUT_MS);

  it('a conflict is described in words and keeps the ids it is about', () => {
    const error = new SessionConflictError('abc', 4, 2);
    expect(isSessionConflict(error)).toBe(true);
    expect(isSessionConflict({ inner: error })).toBe(true);
    expect(describeStorageError(error)).toMatch(/changed in another window.*reload.*Save as a copy/);
    expect(error.message).toContain('revision 4');
  });

  it('rows written before revisions existed count as revision 0; a deliberate overwrite is allowed', async () => {
    const db = new ThreatstormDatabase(`legacy-${Math.random()}`);
    await db.open();
    const doc = createSessionDocument('Legacy');
    await db.documents.put({ id: doc.session.id, document: doc });
    const [a, b] = [new SessionRepository(db), new SessionRepository(db)];
    expect(await a.load(doc.session.id)).toMatchObject({ ok: true });
    expect(await b.load(doc.session.id)).toMatchObject({ ok: true });
    await a.save(renameSession(doc, 'A'));
    await expect(b.save(renameSession(doc, 'B'))).rejects.toBeInstanceOf(SessionConflictError);
    await b.save(renameSession(doc, 'B on purpose'), { overwrite: true });
    expect(((await new SessionRepository(db).readStored(doc.session.id)) as SessionDocument).session.title).toBe('B on purpose');
    b.forget(doc.session.id);
    db.close();
    await db.delete();
  });
});

describe('autosave timing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes every edit within maxWait of it, even when edits never pause, and always the last one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 120 }),
        async (gaps, writeMs) => {
          countCase('autosave timings');
          const start = Date.now();
          const written: Array<{ index: number; at: number }> = [];
          const saver = new Autosaver<number>({
            save: async (index) => {
              await new Promise((resolve) => setTimeout(resolve, writeMs));
              written.push({ index, at: Date.now() - start });
            },
            onState: () => {},
            describeError: String,
          });
          const editedAt: number[] = [];
          for (const [index, gap] of gaps.entries()) {
            await vi.advanceTimersByTimeAsync(gap);
            editedAt.push(Date.now() - start);
            saver.schedule(index);
          }
          await vi.advanceTimersByTimeAsync(AUTOSAVE_MAX_WAIT_MS + 4 * writeMs + 10);
          expect(written.at(-1)?.index).toBe(gaps.length - 1);
          // Each edit is on disk (as itself or a later edit) by: made + maxWait + two writes (one
          // may have been running when it was due), + 5 ms for the fake clock's timer rounding.
          for (const [index, at] of editedAt.entries()) {
            const deadline = at + AUTOSAVE_MAX_WAIT_MS + 2 * writeMs + 5;
            const done = written.find((write) => write.index >= index);
            expect(done, `edit ${index} at ${at} ms`).toBeDefined();
            expect(done!.at, `edit ${index} at ${at} ms`).toBeLessThanOrEqual(deadline);
          }
          // A burst with pauses shorter than the debounce is still one write per maxWait, not one per edit.
          expect(written.length).toBeLessThanOrEqual(gaps.length);
        },
      ),
      runs(120),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps the debounce for a short burst', async () => {
    const saved: string[] = [];
    const saver = new Autosaver<string>({ save: async (doc) => void saved.push(doc), onState: () => {}, describeError: String });
    saver.schedule('a');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    saver.schedule('ab');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual(['ab']);
  });
});

describe('a conflict reaches the person', () => {
  it('says so in the save state and offers to keep this window\'s version as a copy', async () => {
    vi.stubGlobal('window', { location: { hash: '' } });
    const db = new ThreatstormDatabase(`conflict-${Math.random()}`);
    await db.open();
    try {
      const original = createSessionDocument('Shared');
      const first = new SessionRepository(db);
      await first.save(original);
      const second = new SessionRepository(db);
      const loaded = await second.load(original.session.id);
      if (!loaded.ok) throw new Error('not loaded');

      const store = createSessionStore();
      store.getState().open(loaded.document);
      const states: SaveState[] = [];
      const target = { addEventListener: () => {}, removeEventListener: () => {} };
      useNotices.setState({ notices: [] });
      const handle = attachAutosave(store, (doc) => second.save(doc), (state) => states.push(state), target);

      await first.save(renameSession(original, 'Changed in the first window'));
      store.setState({ document: renameSession(store.getState().document!, 'Changed in the second window') });
      await handle.flush();

      expect(states.at(-1)).toMatchObject({ kind: 'error', message: expect.stringMatching(/changed in another window/) });
      const notice = useNotices.getState().notices.find((n) => n.message === CONFLICT_NOTICE);
      expect(notice?.action?.label).toBe('Save as a copy');
      const stored = async (id: string) => ((await new SessionRepository(db).readStored(id)) as SessionDocument | undefined)?.session.title;
      expect(await stored(original.session.id)).toBe('Changed in the first window');

      // A second refused save does not pile up more messages.
      store.setState({ document: renameSession(store.getState().document!, 'Still changing') });
      await handle.flush();
      expect(useNotices.getState().notices.filter((n) => n.message === CONFLICT_NOTICE)).toHaveLength(1);

      notice!.action!.run();
      await vi.waitFor(async () => expect(store.getState().document?.session.id).not.toBe(original.session.id));
      const copy = store.getState().document!;
      expect(copy.session.title).toBe('Still changing (copy)');
      expect(await stored(copy.session.id)).toBe('Still changing (copy)');
      expect(await stored(original.session.id)).toBe('Changed in the first window');
      expect((window as unknown as { location: { hash: string } }).location.hash).toBe(`#/session/${copy.session.id}`);
      await handle.detach();
    } finally {
      vi.unstubAllGlobals();
      db.close();
      await db.delete();
    }
  });
});
