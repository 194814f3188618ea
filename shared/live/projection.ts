/**
 * The immutable session document as a projection of the Y.Doc, kept up to date incrementally:
 * after each Yjs transaction (a local edit, an undo, a remote edit) only the entities that
 * transaction touched are read again; everything else keeps its object identity, so React
 * re-renders narrowly and autosave writes only the blocks that changed.
 *
 * A projection is a pure function of the Y.Doc's state, the same on every peer: the entity order
 * comes from the order keys, and where concurrent edits combine into something the format does
 * not allow (a threat added to a step someone else deleted at the same moment) the projection
 * resolves it the same deterministic way everywhere (sanitize-projection.ts), while the Y.Doc
 * keeps both edits.
 */
import * as Y from 'yjs';
import type { SessionDocument } from '../schema.ts';
import { COLLECTIONS, ORDER_FIELD, readDocument, readEntity, rootMap, type Collection } from './ydoc-mapping.ts';
import { sanitizeProjection } from './sanitize-projection.ts';
import { ENTITY_SCHEMAS } from '../document-check.ts';

type Entity = { id: string } & Record<string, unknown>;

export class Projection {
  /** The unsanitised document as the Y.Doc holds it. */
  private raw: SessionDocument;
  /** What the app shows: `raw` with concurrent-edit conflicts resolved. */
  document: SessionDocument;
  private readonly orderKeys = new Map<Collection, Map<string, string>>();
  private readonly rootNames = new Map<unknown, string>();

  /**
   * `known`: the valid document the Y.Doc was just built from (documentToYDoc), which is its
   * projection already — no need to read and check it all again, and its objects stay the same.
   */
  constructor(
    private readonly ydoc: Y.Doc,
    known?: SessionDocument,
  ) {
    for (const name of ['session', 'workshop', ...COLLECTIONS] as const) this.rootNames.set(rootMap(ydoc, name), name);
    this.raw = known ?? readDocument(ydoc);
    for (const collection of COLLECTIONS) this.orderKeys.set(collection, this.readOrderKeys(collection));
    this.document = known ?? sanitizeProjection(this.raw);
  }

  private readOrderKeys(collection: Collection): Map<string, string> {
    const keys = new Map<string, string>();
    for (const [id, entry] of rootMap(this.ydoc, collection)) {
      const order = entry instanceof Y.Map ? entry.get(ORDER_FIELD) : undefined;
      keys.set(id, typeof order === 'string' ? order : '');
    }
    return keys;
  }

  /**
   * Applies what a transaction changed; returns true when the document changed. Reads only the
   * types the transaction touched (`transaction.changed`).
   */
  update(transaction: Y.Transaction): boolean {
    if (transaction.changed.size === 0) return false;
    const touched = new Map<Collection, Set<string>>();
    let session = false;
    let workshop = false;
    for (const [type, keys] of transaction.changed) {
      const root = this.rootNames.get(type);
      if (root === 'session') session = true;
      else if (root === 'workshop') workshop = true;
      else if (root !== undefined) {
        const set = touched.get(root as Collection) ?? new Set<string>();
        for (const key of keys) if (key !== null) set.add(key);
        touched.set(root as Collection, set);
      } else {
        // An entity's own map: its parent is a collection root, its key the entity id.
        const item = type._item;
        const parentRoot = item ? this.rootNames.get(item.parent) : undefined;
        if (item && parentRoot && parentRoot !== 'session' && parentRoot !== 'workshop' && typeof item.parentSub === 'string') {
          const set = touched.get(parentRoot as Collection) ?? new Set<string>();
          set.add(item.parentSub);
          touched.set(parentRoot as Collection, set);
        }
      }
    }
    if (!session && !workshop && touched.size === 0) return false;
    const next: Record<string, unknown> = { ...this.raw };
    if (session) next.session = Object.fromEntries(rootMap(this.ydoc, 'session').entries());
    if (workshop) next.workshop = Object.fromEntries(rootMap(this.ydoc, 'workshop').entries());
    for (const [collection, ids] of touched) next[collection] = this.updateCollection(collection, ids);
    this.raw = next as unknown as SessionDocument;
    this.document = sanitizeProjection(this.raw, this.document);
    return true;
  }

  private updateCollection(collection: Collection, ids: ReadonlySet<string>): Entity[] {
    const map = rootMap(this.ydoc, collection);
    const keys = this.orderKeys.get(collection)!;
    const list = this.raw[collection] as unknown as Entity[];
    const index = new Map<string, number>();
    // Only needed when something changed; linear, cheaper than any search per id.
    list.forEach((entity, i) => index.set(entity.id, i));
    const result = list.slice();
    let removed = false;
    let reorder = false;
    const appended: Entity[] = [];
    let lastKey = list.length > 0 ? (keys.get(list[list.length - 1]!.id) ?? '') : '';
    for (const id of ids) {
      const entry = map.get(id);
      const at = index.get(id);
      if (!(entry instanceof Y.Map)) {
        if (at !== undefined) {
          result[at] = undefined as unknown as Entity;
          removed = true;
        }
        keys.delete(id);
        continue;
      }
      const order = entry.get(ORDER_FIELD);
      const key = typeof order === 'string' ? order : '';
      const entity = withDefaults(collection, readEntity(id, entry));
      if (at !== undefined) {
        result[at] = entity;
        if (keys.get(id) !== key) reorder = true;
      } else {
        appended.push(entity);
        if (key < lastKey || (key === lastKey && key !== '')) reorder = true;
        lastKey = key > lastKey ? key : lastKey;
      }
      keys.set(id, key);
    }
    let next = removed ? result.filter((entity) => entity !== undefined) : result;
    if (appended.length > 0) {
      appended.sort((a, b) => compareKeys(keys, a.id, b.id));
      next = next.concat(appended);
    }
    if (reorder) next.sort((a, b) => compareKeys(keys, a.id, b.id));
    return next;
  }
}

/**
 * An entity as its schema reads it: a field with a default that is missing right now (a peer's
 * write that arrives out of order can delete a value before its replacement) gets the default,
 * as a file would. An entity that does not parse stays as it is, for the sanitiser to judge.
 */
function withDefaults(collection: Collection, entity: Entity): Entity {
  const parsed = ENTITY_SCHEMAS[collection].safeParse(entity);
  return parsed.success ? (parsed.data as Entity) : entity;
}

function compareKeys(keys: ReadonlyMap<string, string>, a: string, b: string): number {
  const ka = keys.get(a) ?? '';
  const kb = keys.get(b) ?? '';
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
