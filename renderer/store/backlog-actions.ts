/** Facilitator overrides of the backlog order, recorded in the session (who, when), and its threshold. */
import { newId } from '../../shared/ids.ts';
import { setBacklogThreshold as withBacklogThreshold } from '../../shared/document-ops.ts';
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

/** The risk from which an undecided threat is ranked (1–25; below it, it waits in its own section). */
export function setBacklogThreshold(threshold: number): void {
  sessionStore.getState().change('Change backlog threshold', (doc) => withBacklogThreshold(doc, threshold));
}
