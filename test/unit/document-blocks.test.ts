/**
 * The stored layout of a session (renderer/db/document-parts.ts): a head row plus blocks of the
 * big collections, where a save writes only the blocks that changed. What must hold whatever
 * happens: the stored document is exactly the last one saved, no block is left behind, an old
 * whole-document row still loads, and a damaged one is reported and left alone.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThreatstormDatabase } from '../../renderer/db/database.ts';
import { BLOCK_SIZE, blockKey } from '../../renderer/db/document-parts.ts';
import { SessionConflictError, SessionRepository } from '../../renderer/db/session-repository.ts';
import { renameSession } from '../../shared/document-ops.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { workloadSession } from '../../tools/sample-sessions.ts';

let db: ThreatstormDatabase;
beforeEach(async () => {
  db = new ThreatstormDatabase(`blocks-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** 30 steps and 450 threats: several blocks per collection. */
const base = () => workloadSession({ steps: 30, threats: 450, outcomes: 120, mitigations: 160 }, 3);
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const blockRows = (id: string) => db.blocks.where('sessionId').equals(id).count();
const expectedBlocks = (doc: SessionDocument) =>
  [doc.steps, doc.flows, doc.threats, doc.outcomes, doc.mitigations].reduce((sum, list) => sum + Math.ceil(list.length / BLOCK_SIZE), 0);

const unreferenced = (doc: SessionDocument) => {
  const referenced = new Set([...doc.outcomes, ...doc.mitigations].flatMap((item) => item.threatIds));
  return doc.threats.filter((threat) => !referenced.has(threat.id));
};

/** Counts the items written to the blocks table by each save. */
function countWrites(): { items: () => number; reset: () => void } {
  let items = 0;
  const bulkPut = db.blocks.bulkPut.bind(db.blocks);
  vi.spyOn(db.blocks, 'bulkPut').mockImplementation(((rows: readonly { items: unknown }[], ...rest: unknown[]) => {
    items += rows.reduce((sum, row) => sum + (row.items as unknown[]).length, 0);
    return (bulkPut as (...args: unknown[]) => Promise<unknown>)(rows, ...rest);
  }) as unknown as typeof db.blocks.bulkPut);
  return { items: () => items, reset: () => (items = 0) };
}

describe('stored session layout', () => {
  it('a save writes the head and only the blocks that changed', async () => {
    const repository = new SessionRepository(db);
    const doc = base();
    const writes = countWrites();
    await repository.save(doc);
    const total = doc.steps.length + doc.flows.length + doc.threats.length + doc.outcomes.length + doc.mitigations.length;
    expect(writes.items()).toBe(total);
    expect(await blockRows(doc.session.id)).toBe(expectedBlocks(doc));

    writes.reset();
    const renamed = renameSession(doc, 'Only the title');
    await repository.save(renamed);
    expect(writes.items()).toBe(0);

    writes.reset();
    const threats = renamed.threats.slice();
    threats[250] = { ...threats[250]!, title: 'One threat changed' };
    const edited = { ...renamed, threats };
    await repository.save(edited);
    expect(writes.items()).toBe(BLOCK_SIZE);
    expect(await repository.readStored(doc.session.id)).toEqual(plain(edited));

    // Another repository (a reload) knows nothing of the blocks' objects until it loads them.
    const reloaded = new SessionRepository(db);
    const loaded = await reloaded.load(doc.session.id);
    if (!loaded.ok) throw new Error(`${loaded.error} ${loaded.details.slice(0, 3).join("; ")}`);
    writes.reset();
    await reloaded.save(renameSession(loaded.document, 'After a reload'));
    expect(writes.items()).toBe(0);
  });

  it('whatever the sequence of edits, reloads, other windows and overwrites, the stored document is the one last saved', async () => {
    type Op =
      | { kind: 'edit' | 'delete'; at: number }
      | { kind: 'append' | 'prepend'; count: number }
      | { kind: 'rename' | 'truncate' | 'reload' | 'other-window' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constantFrom('edit' as const, 'delete' as const), at: fc.nat(600) }),
      fc.record({ kind: fc.constantFrom('append' as const, 'prepend' as const), count: fc.integer({ min: 1, max: 230 }) }),
      fc.record({ kind: fc.constantFrom('rename' as const, 'truncate' as const, 'reload' as const, 'other-window' as const) }),
    );
    const start = base();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        runs++;
        const id = `${start.session.id}-${runs}`;
        let doc: SessionDocument = { ...start, session: { ...start.session, id } };
        let repository = new SessionRepository(db);
        await repository.save(doc);
        let serial = 0;
        expect(unreferenced(start).length).toBeGreaterThan(0);
        for (const step of ops) {
          serial++;
          // Only threats no outcome or mitigation points at are deleted, so every document stays valid.
          const free = unreferenced(doc);
          let threats = doc.threats.slice();
          let overwrite = false;
          switch (step.kind) {
            case 'edit':
              if (threats.length > 0) threats[step.at % threats.length] = { ...threats[step.at % threats.length]!, title: `Edited ${serial}` };
              break;
            case 'delete':
              if (free.length > 0) threats.splice(threats.indexOf(free[step.at % free.length]!), 1);
              break;
            case 'append':
            case 'prepend': {
              const added = Array.from({ length: step.count }, (_, i) => ({ ...start.threats[i % start.threats.length]!, id: `t-${runs}-${serial}-${i}` }));
              if (step.kind === 'append') threats.push(...added);
              else threats.unshift(...added);
              break;
            }
            case 'truncate':
              threats = threats.filter((threat) => !free.includes(threat));
              break;
            case 'rename':
              doc = renameSession(doc, `Renamed ${serial}`);
              break;
            case 'reload': {
              repository = new SessionRepository(db);
              const loaded = await repository.load(id);
              if (!loaded.ok) throw new Error(`${loaded.error} ${loaded.details.slice(0, 3).join("; ")}`);
              doc = loaded.document;
              break;
            }
            case 'other-window': {
              const other = new SessionRepository(db);
              const loaded = await other.load(id);
              if (!loaded.ok) throw new Error(`${loaded.error} ${loaded.details.slice(0, 3).join("; ")}`);
              await other.save(renameSession(loaded.document, `Other window ${serial}`));
              // This window's next save is refused, then made on purpose ("Replace").
              overwrite = true;
              break;
            }
          }
          if (step.kind !== 'rename' && step.kind !== 'reload') doc = { ...doc, threats };
          if (overwrite) {
            await expect(repository.save(doc)).rejects.toBeInstanceOf(SessionConflictError);
            await repository.save(doc, { overwrite: true });
          } else {
            await repository.save(doc);
          }
          expect(await repository.readStored(id)).toEqual(plain(doc));
          expect(await blockRows(id)).toBe(expectedBlocks(doc));
        }
        const row = await db.documents.get(id);
        expect(row && 'document' in row).toBe(false);
        await repository.delete(id);
        expect(await blockRows(id)).toBe(0);
      }),
      { numRuns: 40, seed: 20261122 },
    );
  }, 60_000);

  it('a failed save writes nothing, and the next one writes every block again', async () => {
    const repository = new SessionRepository(db);
    const doc = base();
    await repository.save(doc);
    const threats = doc.threats.slice();
    threats[5] = { ...threats[5]!, title: 'Lost to a full disk' };
    const failing = { ...doc, threats };
    const spy = vi.spyOn(db.sessions, 'put').mockRejectedValueOnce(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    await expect(repository.save(failing)).rejects.toThrow('full');
    spy.mockRestore();
    expect(await repository.readStored(doc.session.id)).toEqual(plain(doc));

    const writes = countWrites();
    await repository.save(failing);
    expect(writes.items()).toBe(BLOCK_SIZE);
    expect(await repository.readStored(doc.session.id)).toEqual(plain(failing));
  });

  it('reads a whole-document row of an older version, and its next save moves it to blocks', async () => {
    const doc = base();
    await db.documents.put({ id: doc.session.id, document: doc, revision: 2 });
    const repository = new SessionRepository(db);
    expect(await repository.load(doc.session.id)).toMatchObject({ ok: true, migratedFrom: null });
    await repository.save(renameSession(doc, 'Moved'));
    const row = await db.documents.get(doc.session.id);
    expect(row).toMatchObject({ revision: 3 });
    expect(row && 'document' in row).toBe(false);
    expect(await blockRows(doc.session.id)).toBe(expectedBlocks(doc));
    expect(await repository.readStored(doc.session.id)).toEqual(plain(renameSession(doc, 'Moved')));
  });

  it('reports a missing or damaged block in words, and changes nothing', async () => {
    const repository = new SessionRepository(db);
    const doc = base();
    await repository.save(doc);
    const id = doc.session.id;
    await db.blocks.delete(blockKey(id, 'threats', 2));
    const before = await db.documents.get(id);
    const result = await new SessionRepository(db).load(id);
    expect(result).toEqual({ ok: false, error: 'The stored session is damaged: part 3 of its threats is missing.', details: [] });
    expect(await db.documents.get(id)).toEqual(before);

    await db.blocks.put({ key: blockKey(id, 'threats', 2), sessionId: id, items: 'not a list' });
    expect(await new SessionRepository(db).load(id)).toMatchObject({ ok: false, error: expect.stringContaining('part 3 of its threats') });

    await db.documents.put({ ...before!, blocks: { steps: -1 } });
    expect(await new SessionRepository(db).load(id)).toMatchObject({ ok: false, error: expect.stringContaining('list of parts is unreadable') });
  });

  it('a block that holds hostile data is caught by validation, not trusted', async () => {
    const repository = new SessionRepository(db);
    const doc = base();
    await repository.save(doc);
    const key = blockKey(doc.session.id, 'threats', 0);
    const block = await db.blocks.get(key);
    const items = (block!.items as Record<string, unknown>[]).slice();
    items[0] = JSON.parse('{"__proto__": {"polluted": true}, "id": 5}') as Record<string, unknown>;
    await db.blocks.put({ ...block!, items });
    const result = await new SessionRepository(db).load(doc.session.id);
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
