import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../renderer/store/session-store.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { HISTORY_LIMIT } from '../../renderer/store/history.ts';

function openStore() {
  const store = createSessionStore(() => new Date('2026-03-01T00:00:00Z'));
  store.getState().open(createSessionDocument('Original'));
  return store;
}

describe('session store history', () => {
  it('undoes and redoes a rename', () => {
    const store = openStore();
    store.getState().renameSession('Renamed');
    expect(store.getState().document?.session.title).toBe('Renamed');
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Original');
    store.getState().redo();
    expect(store.getState().document?.session.title).toBe('Renamed');
  });

  it('records one entry per gesture when changes share a coalesce key', () => {
    const store = openStore();
    for (const title of ['A', 'AB', 'ABC']) {
      store.getState().change('Typing', (doc) => ({ ...doc, session: { ...doc.session, title } }), 'title');
    }
    store.getState().endGesture();
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Original');
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('ignores a change that returns the same document', () => {
    const store = openStore();
    store.getState().renameSession('   ');
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('keeps at least 200 steps of history, bounded', () => {
    const store = openStore();
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) store.getState().renameSession(`Title ${i}`);
    expect(store.getState().history.past).toHaveLength(HISTORY_LIMIT);
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(200);
  });

  it('starts a fresh history when another session opens', () => {
    const store = openStore();
    store.getState().renameSession('Changed');
    store.getState().open(createSessionDocument('Other'));
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Other');
  });
});
