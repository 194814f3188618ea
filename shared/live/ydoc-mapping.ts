/**
 * The session document as a Yjs document, and back — the one representation every change goes
 * through (local edits, undo, remote edits of a live workshop).
 *
 * Layout of the Y.Doc (all root types are Y.Maps):
 * - `session`: the session's own fields (title, product, description, dates, settings);
 * - `workshop`: the workshop fields (phases, currentPhaseId, timer, speakerId, votes), each a
 *   plain value (last writer wins: an agenda is edited by one facilitator at a time);
 * - one map per collection (`participants`, `journeys`, `steps`, `flows`, `threats`,
 *   `outcomes`, `mitigations`, `backlogPins`), keyed by entity id, each entity a Y.Map of its
 *   fields, so two people editing different fields of the same threat both keep their edit.
 *   Field values are plain JSON (an anchor, a position, a statement are one value each).
 *   Each entity also holds `_o`, a fractional-index key giving its place in the list: arrays in
 *   the JSON document keep their order (journey tabs, the order a file had) on every peer.
 *
 * The JSON document stays the file and interchange format; `documentToYDoc` and `readDocument`
 * are a lossless mapping both ways (tested), and `writeDiff` turns one change of the immutable
 * document into the smallest set of Y operations.
 */
import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { CURRENT_SCHEMA_VERSION, type SessionDocument } from '../schema.ts';

export const COLLECTIONS = ['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins'] as const;
export type Collection = (typeof COLLECTIONS)[number];
export const ROOT_MAPS = ['session', 'workshop', ...COLLECTIONS] as const;
export type RootMap = (typeof ROOT_MAPS)[number];
export const SESSION_FIELDS = ['id', 'title', 'product', 'description', 'createdAt', 'updatedAt', 'settings'] as const;
export const WORKSHOP_FIELDS = ['phases', 'currentPhaseId', 'timer', 'speakerId', 'votes'] as const;
/** The hidden field holding an entity's place in its list. */
export const ORDER_FIELD = '_o';

type Entity = { id: string } & Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function rootMap(ydoc: Y.Doc, name: RootMap): Y.Map<unknown> {
  return ydoc.getMap(name);
}

/** Equality of two field values: identical, or the same JSON (small values: anchors, positions). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function writeEntity(target: Y.Map<unknown>, entity: Entity, order: string): void {
  for (const key of Object.keys(entity)) {
    const value = entity[key];
    if (key !== 'id' && value !== undefined) target.set(key, value);
  }
  target.set(ORDER_FIELD, order);
}

/** Fills an empty Y.Doc with a document (one transaction, under `origin`). */
export function documentToYDoc(doc: SessionDocument, ydoc: Y.Doc, origin: unknown = null): void {
  ydoc.transact(() => {
    const session = rootMap(ydoc, 'session');
    for (const key of SESSION_FIELDS) session.set(key, doc.session[key] as Json);
    const workshop = rootMap(ydoc, 'workshop');
    for (const key of WORKSHOP_FIELDS) workshop.set(key, doc.workshop[key] as unknown as Json);
    for (const collection of COLLECTIONS) {
      const list = doc[collection] as unknown as Entity[];
      if (list.length === 0) continue;
      const map = rootMap(ydoc, collection);
      const orders = generateNKeysBetween(null, null, list.length);
      list.forEach((entity, index) => {
        const entry = new Y.Map<unknown>();
        map.set(entity.id, entry);
        writeEntity(entry, entity, orders[index]!);
      });
    }
  }, origin);
}

/** An entity as a plain object, from its Y.Map (the hidden order field left out). */
export function readEntity(id: string, entry: Y.Map<unknown>): Entity {
  const entity: Entity = { id };
  for (const [key, value] of entry) if (key !== ORDER_FIELD && key !== 'id') entity[key] = value;
  return entity;
}

function orderOf(entry: Y.Map<unknown> | undefined): string {
  const order = entry?.get(ORDER_FIELD);
  return typeof order === 'string' ? order : '';
}

/** Entities in their list order: by order key, then by id (two peers appending at once tie). */
function compareEntries(a: [string, Y.Map<unknown>], b: [string, Y.Map<unknown>]): number {
  const oa = orderOf(a[1]);
  const ob = orderOf(b[1]);
  if (oa !== ob) return oa < ob ? -1 : 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export function readCollection(ydoc: Y.Doc, collection: Collection): Entity[] {
  const entries: [string, Y.Map<unknown>][] = [];
  for (const [id, entry] of rootMap(ydoc, collection)) if (entry instanceof Y.Map) entries.push([id, entry]);
  entries.sort(compareEntries);
  return entries.map(([id, entry]) => readEntity(id, entry));
}

/** The whole document as JSON (unvalidated: a projection sanitises and checks it). */
export function readDocument(ydoc: Y.Doc): SessionDocument {
  const session: Record<string, unknown> = {};
  for (const [key, value] of rootMap(ydoc, 'session')) session[key] = value;
  const workshop: Record<string, unknown> = {};
  for (const [key, value] of rootMap(ydoc, 'workshop')) workshop[key] = value;
  const doc: Record<string, unknown> = { schemaVersion: CURRENT_SCHEMA_VERSION, session };
  for (const collection of COLLECTIONS) doc[collection] = readCollection(ydoc, collection);
  doc.workshop = workshop;
  return doc as unknown as SessionDocument;
}

// ---------------------------------------------------------------------------------------------
// One change of the immutable document → the smallest set of Y operations

function writeFields(target: Y.Map<unknown>, before: Record<string, unknown>, after: Record<string, unknown>, skip: ReadonlySet<string>): void {
  for (const key of Object.keys(after)) {
    if (skip.has(key)) continue;
    const value = after[key];
    if (value === undefined) {
      if (before[key] !== undefined) target.delete(key);
    } else if (!sameValue(before[key], value)) {
      target.set(key, value);
    }
  }
  for (const key of Object.keys(before)) if (!skip.has(key) && before[key] !== undefined && !(key in after)) target.delete(key);
}

const ID_ONLY = new Set(['id']);

function safeKeyBetween(a: string | null, b: string | null): string {
  try {
    return generateKeyBetween(a, b);
  } catch {
    // Keys a hostile or broken peer wrote: place it after everything (ties resolve by id).
    try {
      return generateKeyBetween(a, null);
    } catch {
      return generateKeyBetween(null, null);
    }
  }
}

function writeCollection(ydoc: Y.Doc, collection: Collection, before: readonly Entity[], after: readonly Entity[]): void {
  if (before === after) return;
  const map = rootMap(ydoc, collection);
  // The common case, an in-place edit: same length, same ids, compared slot by slot.
  if (before.length === after.length) {
    let sameIds = true;
    for (let i = 0; i < after.length; i++) {
      if (before[i] !== after[i] && before[i]!.id !== after[i]!.id) {
        sameIds = false;
        break;
      }
    }
    if (sameIds) {
      for (let i = 0; i < after.length; i++) {
        if (before[i] === after[i]) continue;
        const entry = map.get(after[i]!.id);
        if (entry instanceof Y.Map) writeFields(entry, before[i]!, after[i]!, ID_ONLY);
      }
      return;
    }
  }
  const old = new Map(before.map((entity) => [entity.id, entity]));
  const kept = new Set<string>();
  for (const entity of after) kept.add(entity.id);
  for (const entity of before) if (!kept.has(entity.id)) map.delete(entity.id);
  // Walk the new order; an entity keeps its key while keys keep rising, else gets one between
  // its neighbours (a move), and a new entity gets one after the one before it.
  let previousKey: string | null = null;
  for (let i = 0; i < after.length; i++) {
    const entity = after[i]!;
    const existing = old.get(entity.id);
    const entry = existing ? map.get(entity.id) : undefined;
    let key = entry instanceof Y.Map ? orderOf(entry) : '';
    if (!(entry instanceof Y.Map) || key === '' || (previousKey !== null && key <= previousKey)) {
      const nextEntity = after[i + 1];
      const nextEntry = nextEntity && old.has(nextEntity.id) ? map.get(nextEntity.id) : undefined;
      const nextKey = nextEntry instanceof Y.Map ? orderOf(nextEntry) : '';
      key = safeKeyBetween(previousKey, nextKey !== '' && (previousKey === null || nextKey > previousKey) ? nextKey : null);
      if (entry instanceof Y.Map) {
        entry.set(ORDER_FIELD, key);
        if (existing !== entity) writeFields(entry, existing!, entity, ID_ONLY);
      } else {
        const created = new Y.Map<unknown>();
        map.set(entity.id, created);
        writeEntity(created, entity, key);
      }
    } else if (existing !== entity) {
      writeFields(entry, existing!, entity, ID_ONLY);
    }
    previousKey = key;
  }
}

/**
 * Writes the difference between two documents into the Y.Doc, in one transaction under
 * `origin`. Documents are immutable, so unchanged parts are skipped by identity.
 */
export function writeDiff(ydoc: Y.Doc, before: SessionDocument, after: SessionDocument, origin: unknown): void {
  if (before === after) return;
  ydoc.transact(() => {
    if (before.session !== after.session) writeFields(rootMap(ydoc, 'session'), before.session, after.session, new Set());
    if (before.workshop !== after.workshop) writeFields(rootMap(ydoc, 'workshop'), before.workshop, after.workshop, new Set());
    for (const collection of COLLECTIONS) {
      writeCollection(ydoc, collection, before[collection] as unknown as Entity[], after[collection] as unknown as Entity[]);
    }
  }, origin);
}
