/** Facilitator overrides of the backlog order, recorded in the session (who, when). */
import { newId } from '../../shared/ids.ts';
import { sessionStore } from './session-store.ts';

/** Pins `itemKey` directly above or below `otherKey`; a newer pin for the same item replaces the old. */
export function pinBacklogItem(itemKey: string, relation: 'above' | 'below', otherKey: string, by = 'Facilitator'): void {
  sessionStore.getState().change('Reorder backlog', (doc) => ({
    ...doc,
    backlogPins: [
      ...doc.backlogPins.filter((pin) => pin.itemKey !== itemKey),
      { id: newId(), itemKey, relation, otherKey, note: '', by, at: new Date().toISOString() },
    ],
  }));
}

export function unpinBacklogItem(itemKey: string): void {
  sessionStore.getState().change('Remove backlog pin', (doc) =>
    doc.backlogPins.some((pin) => pin.itemKey === itemKey) ? { ...doc, backlogPins: doc.backlogPins.filter((pin) => pin.itemKey !== itemKey) } : doc,
  );
}
