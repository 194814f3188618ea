/**
 * Undo and redo of the session store, on Yjs' UndoManager: one gesture is one step, a bounded
 * history, a fresh history per session, and only this window's own changes are undone.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createSessionStore, HISTORY_LIMIT } from '../../renderer/store/session-store.ts';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { documentToYDoc, writeDiff } from '../../shared/live/ydoc-mapping.ts';
import { renameSession, updateJourney } from '../../shared/document-ops.ts';

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
    expect(store.getState().canUndo).toBe(true);
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Original');
    expect(store.getState().canRedo).toBe(true);
    store.getState().redo();
    expect(store.getState().document?.session.title).toBe('Renamed');
  });

  it('records one step per gesture when changes share a coalesce key', () => {
    const store = openStore();
    store.getState().renameSession('Before typing');
    for (const title of ['A', 'AB', 'ABC']) {
      store.getState().change('Typing', (doc) => ({ ...doc, session: { ...doc.session, title } }), 'title');
    }
    store.getState().endGesture();
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Before typing');
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Original');
    expect(store.getState().canUndo).toBe(false);
  });

  it('a different gesture, or the same key after endGesture, starts a new step', () => {
    const store = openStore();
    store.getState().change('Typing', (doc) => renameSession(doc, 'One'), 'title');
    store.getState().endGesture();
    store.getState().change('Typing', (doc) => renameSession(doc, 'Two'), 'title');
    store.getState().change('Typing', (doc) => updateJourney(doc, doc.journeys[0]!.id, { name: 'Other field' }), 'journey');
    store.getState().undo();
    expect(store.getState().document?.journeys[0]!.name).not.toBe('Other field');
    expect(store.getState().document?.session.title).toBe('Two');
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('One');
  });

  it('ignores a change that returns the same document', () => {
    const store = openStore();
    store.getState().renameSession('   ');
    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().lastChange).toBeNull();
  });

  it('keeps the newest steps, bounded', () => {
    const store = openStore();
    for (let i = 0; i < HISTORY_LIMIT + 30; i++) store.getState().renameSession(`Title ${i}`);
    let undone = 0;
    while (store.getState().canUndo) {
      store.getState().undo();
      undone++;
    }
    expect(undone).toBe(HISTORY_LIMIT);
    expect(store.getState().document?.session.title).toBe('Title 29');
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(200);
  });

  it('starts a fresh history when another session opens', () => {
    const store = openStore();
    store.getState().renameSession('Changed');
    store.getState().open(createSessionDocument('Other'));
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Other');
  });

  it('never undoes a change that arrived from another laptop', () => {
    const doc = createSessionDocument('Shared');
    const ydoc = new Y.Doc();
    documentToYDoc(doc, ydoc);
    const store = createSessionStore();
    store.getState().attach(ydoc);
    store.getState().renameSession('Mine');
    // A neighbour's edit, applied as the live connection applies it (another origin).
    writeDiff(ydoc, store.getState().document!, updateJourney(store.getState().document!, doc.journeys[0]!.id, { name: 'Theirs' }), 'remote');
    expect(store.getState().lastChange).toMatchObject({ local: false });
    store.getState().undo();
    expect(store.getState().document?.session.title).toBe('Shared');
    expect(store.getState().document?.journeys[0]!.name).toBe('Theirs');
  });
});
