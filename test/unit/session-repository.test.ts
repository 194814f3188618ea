import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { roomFor } from '../../renderer/persistence/storage-space.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThreatstormDatabase } from '../../renderer/db/database.ts';
import { describeStorageError, InvalidDocumentError, SessionRepository } from '../../renderer/db/session-repository.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { renameSession } from '../../shared/document-ops.ts';

let db: ThreatstormDatabase;
let repository: SessionRepository;

beforeEach(async () => {
  db = new ThreatstormDatabase(`test-${Math.random()}`);
  await db.open();
  repository = new SessionRepository(db);
});
afterEach(async () => {
  await db.delete();
});

describe('session repository', () => {
  it('never replaces a loadable session with one that would not load (a ballot on a deleted threat)', async () => {
    const doc = createSessionDocument('Dot vote');
    await repository.save(doc);
    const loaded = await repository.load(doc.session.id);
    if (!loaded.ok) throw new Error('does not load');
    const broken = {
      ...renameSession(loaded.document, 'Broken'),
      participants: [{ id: 'ann', name: 'Ann', role: 'participant' as const }],
      workshop: {
        ...loaded.document.workshop,
        votes: [{ id: 'v1', scope: 'session', dotsPerParticipant: 3, status: 'revealed' as const, openedAt: doc.session.createdAt, ballots: [{ participantId: 'ann', threatId: 'gone', dots: 1 }] }],
      },
    };
    const error = await repository.save(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDocumentError);
    expect(describeStorageError(error)).toMatch(/no threat "gone".*not saved over the stored version/);
    const after = await repository.load(doc.session.id);
    expect(after.ok && after.document.session.title).toBe('Dot vote');
    // A fresh window (nothing known of the session) checks the whole document.
    const error2 = await new SessionRepository(db).save(broken).catch((e: unknown) => e);
    expect(error2).toBeInstanceOf(InvalidDocumentError);
  });

  it('saves a document with its index row and loads it back validated', async () => {
    const doc = createSessionDocument('Sign-up storm');
    await repository.save(doc);
    expect(await repository.load(doc.session.id)).toEqual({ ok: true, document: doc, migratedFrom: null });
    const [summary] = await repository.listSessions();
    expect(summary).toMatchObject({ id: doc.session.id, title: 'Sign-up storm', counts: { journeys: 1, steps: 0 } });
  });

  it('lists sessions most recently changed first', async () => {
    const older = createSessionDocument('Older', new Date('2026-01-01T00:00:00Z'));
    const newer = createSessionDocument('Newer', new Date('2026-02-01T00:00:00Z'));
    await repository.save(older);
    await repository.save(newer);
    expect((await repository.listSessions()).map((s) => s.title)).toEqual(['Newer', 'Older']);
  });

  it('keeps the index in step with the document on every save', async () => {
    const doc = createSessionDocument('Before');
    await repository.save(doc);
    await repository.save(renameSession(doc, 'After'));
    expect((await repository.listSessions()).map((s) => s.title)).toEqual(['After']);
  });

  it('reports a corrupt document for that session only and leaves it untouched', async () => {
    const good = createSessionDocument('Good');
    await repository.save(good);
    const corrupt = { schemaVersion: 1, session: { id: 'bad', title: '' }, steps: 'not a list' };
    await db.documents.put({ id: 'bad', document: corrupt });

    const result = await repository.load('bad');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.join('\n')).toMatch(/session\.title|steps/);
    expect((await db.documents.get('bad'))?.document).toEqual(corrupt);
    expect(await repository.load(good.session.id)).toMatchObject({ ok: true });
  });

  it('keeps the original of a document it upgrades as a snapshot', async () => {
    const doc = createSessionDocument('Old format');
    const { workshop: _workshop, ...v1 } = { ...doc, schemaVersion: 1 };
    await db.documents.put({ id: doc.session.id, document: v1 });
    const result = await repository.load(doc.session.id);
    expect(result).toMatchObject({ ok: true, migratedFrom: 1 });
    const snapshots = await db.snapshots.where('sessionId').equals(doc.session.id).toArray();
    expect(snapshots.map((s) => s.name)).toEqual(['Before upgrade from format 1']);
    expect(snapshots[0]!.document).toEqual(v1);
  });

  it('says not-found for an unknown id', async () => {
    expect(await repository.load('missing')).toEqual({ ok: false, error: 'not-found', details: [] });
  });

  it('deletes a session with its snapshots and events', async () => {
    const doc = createSessionDocument('Gone');
    await repository.save(doc);
    await db.events.add({ sessionId: doc.session.id, at: doc.session.createdAt, actor: 'x', action: 'create', detail: '' });
    await repository.delete(doc.session.id);
    expect(await repository.listSessions()).toEqual([]);
    expect(await db.events.count()).toBe(0);
  });
});

describe('storage error messages', () => {
  it('names a full disk plainly and says edits are kept', () => {
    const message = describeStorageError(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    expect(message).toMatch(/storage on this computer is full/);
    expect(message).toMatch(/Save to file/);
  });

  it('unwraps Dexie errors that carry the browser error inside', () => {
    const dexieError = Object.assign(new Error('Abort'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
    expect(describeStorageError(dexieError)).toMatch(/full/);
  });

  it('says "storage full" in plain words for a bulk write that failed on the quota, never the library message', () => {
    const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
    const bulk = new Dexie.BulkError('blocks.bulkPut(): 926 of 1000 operations failed. Errors: QuotaExceededError', { 0: quota, 1: quota });
    expect(describeStorageError(bulk)).toMatch(/^the storage on this computer is full/);
    expect(describeStorageError(new Dexie.BulkError('blocks.bulkPut(): 1 of 3 operations failed', { 0: new Error('odd') }))).toMatch(/^the local database refused the write/);
  });

  it('skips a summary row it cannot open and lists damaged ones with stand-ins, newest first', async () => {
    await repository.save(createSessionDocument('Healthy', new Date('2026-01-01T00:00:00Z')));
    await db.sessions.bulkPut([
      { id: 'no-counts', title: 'No counts', updatedAt: '2026-03-01T00:00:00.000Z' } as never,
      { id: 'null-title', title: null, updatedAt: null } as never,
    ]);
    const listed = await repository.listSessions();
    expect(listed.map((row) => [row.title, row.counts.threats])).toEqual([
      ['No counts', 0],
      ['Healthy', 0],
      ['Untitled session', 0],
    ]);
  });
});

describe('room on the disk', () => {
  const storage = (quota: number, usage: number) => ({ estimate: async () => ({ quota, usage }) });
  it('refuses a large write with room to spare, in megabytes', async () => {
    expect(await roomFor(2 * 1024 * 1024, storage(10 * 1024 * 1024, 1024 * 1024))).toMatch(/not enough room on this computer to store it \(about 11 MB needed, 9\.0 MB free\)/);
    expect(await roomFor(512 * 1024, storage(100 * 1024 * 1024, 1024 * 1024))).toBeNull();
  });
  it('does not guess when the browser cannot tell', async () => {
    expect(await roomFor(1e9, undefined)).toBeNull();
    expect(await roomFor(1e9, { estimate: async () => ({}) })).toBeNull();
    expect(await roomFor(1e9, { estimate: () => Promise.reject(new Error('no')) })).toBeNull();
  });
});
