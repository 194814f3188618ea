/**
 * The host's check of a Yjs update from a live-workshop peer, run before the update is applied:
 * does applying it to the room's Y.Doc keep the session's layout (ydoc-mapping.ts)? A hostile or
 * broken client must not be able to write outside the session's shape (unknown roots, prototype
 * keys, nested Y types, values the schema refuses), write what only the host writes (the
 * participants, the workshop, backlog pins, threat votes), or balloon the host's memory.
 *
 * The decision is made from the update's structure alone, without applying it to a trial copy
 * (a copy of a 1,500-threat session costs milliseconds; this costs microseconds for one edit):
 * the update is read struct by struct the way Yjs reads it (`readClientsStructRefs` in yjs
 * 13.6), each new item's place — which map, which key — is resolved the way `Item.getMissing`
 * resolves it (an explicit parent, or the parent and key of the item its origin names, inside
 * this update or already in the doc), and the delete set is resolved against the items it
 * deletes in the doc. Whether a field keeps a value when items die on arrival is decided by
 * replaying Yjs's ordering of that key's items (KeyList).
 *
 * Where the outcome of applying depends on something this check cannot see (the update names a
 * change the host does not have, so Yjs would park it as pending and apply it later, in a state
 * nobody checked), the update is refused: honest peers never send such updates.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { z } from 'zod';
import { quote } from '../document-rules.ts';
import {
  backlogPinSchema,
  COLLECTION_LIMITS,
  flowSchema,
  journeySchema,
  mitigationSchema,
  outcomeSchema,
  participantSchema,
  sessionInfoSchema,
  stepSchema,
  threatSchema,
  workshopSchema,
} from '../schema.ts';
import { COLLECTIONS, ORDER_FIELD, ROOT_MAPS, SESSION_FIELDS, WORKSHOP_FIELDS, type Collection, type RootMap } from './ydoc-mapping.ts';

export const UPDATE_LIMITS = {
  /** Bytes in one update. */
  maxBytes: 1024 * 1024,
  /** Structs (and map values) in one update: what the host allocates to read it. */
  maxItems: 20_000,
  /** Ranges in one update's delete set. */
  maxDeleteRanges: 100_000,
} as const;

export type UpdateWriter = 'host' | 'participant';

export interface UpdateCheckOptions {
  /** Who sent it: a participant may not write what only the host writes. */
  writer: UpdateWriter;
  maxBytes?: number;
  maxItems?: number;
}

export type UpdateVerdict = { ok: true } | { ok: false; reason: string };

export interface EntityChange {
  /** The collection, or `session` / `workshop` for the session's own fields and the workshop's. */
  collection: Collection | 'session' | 'workshop';
  /** The entity's id; for `session` and `workshop`, the same word again. */
  id: string;
  /** The fields written or removed, sorted; `_o` (ORDER_FIELD) is the entity's place in its list. */
  fields: string[];
  kind: 'added' | 'changed' | 'deleted';
}

export interface UpdateDescription {
  entities: EntityChange[];
}

export type UpdateInspection = { ok: true; description: UpdateDescription } | { ok: false; reason: string };

/**
 * Whether applying `update` (a Yjs v1 update, as y-protocols sync step 2 and update messages
 * carry it) to `doc` keeps the session's layout. Never throws. Call it right before applying, on
 * the doc it will be applied to.
 */
export function checkUpdate(update: Uint8Array, doc: Y.Doc, options: UpdateCheckOptions): UpdateVerdict {
  const result = inspectUpdate(update, doc, options);
  return result.ok ? { ok: true } : result;
}

/**
 * What an update changes, entity by entity, for the audit log ("Ann changed threat “Card
 * testing”: title, notes"). Call it before applying the update (it compares with the doc). An
 * update that cannot be read describes nothing.
 */
export function describeUpdate(update: Uint8Array, doc: Y.Doc): UpdateDescription {
  const result = inspectUpdate(update, doc, { writer: 'host' });
  return result.ok ? result.description : { entities: [] };
}

/** The check and the description in one reading of the update. */
export function inspectUpdate(update: Uint8Array, doc: Y.Doc, options: UpdateCheckOptions): UpdateInspection {
  const maxBytes = options.maxBytes ?? UPDATE_LIMITS.maxBytes;
  const maxItems = options.maxItems ?? UPDATE_LIMITS.maxItems;
  if (!(update instanceof Uint8Array)) return { ok: false, reason: 'not an update' };
  if (update.byteLength > maxBytes) return { ok: false, reason: `update of ${update.byteLength} bytes is over the ${maxBytes}-byte limit` };
  let parsed: ParsedUpdate;
  try {
    parsed = readUpdate(update, maxItems);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: 'malformed update' };
  }
  try {
    return { ok: true, description: new Inspection(doc, parsed, options.writer).run() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    // A state this check did not foresee (a doc that already breaks the layout): refuse, never throw.
    return { ok: false, reason: 'update could not be checked' };
  }
}

/** What a Hocuspocus message asks the server to apply to the document. */
export type MessageUpdate =
  /** A y-protocols sync step 2 or update: the server applies `update` to the doc. */
  | { kind: 'update'; update: Uint8Array }
  /** Anything else (sync step 1, awareness, auth, stateless…): nothing is applied to the doc. */
  | { kind: 'none' }
  | { kind: 'malformed' };

/**
 * Reads the update out of a raw Hocuspocus 4 message, as `beforeHandleMessage(connection,
 * rawMessage)` receives it: the document's address (varString), the message type (varUint; Sync
 * 0 and SyncReply 4 carry y-protocols sync), then the sync sub-type (varUint: 0 step 1, 1 step 2,
 * 2 update) and the update (varUint8Array).
 */
export function updateInMessage(message: Uint8Array): MessageUpdate {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    const type = readVarUint(decoder);
    if (type !== 0 && type !== 4) return { kind: 'none' };
    const step = readVarUint(decoder);
    if (step === 0) return { kind: 'none' };
    if (step !== 1 && step !== 2) return { kind: 'malformed' };
    const length = readVarUint(decoder);
    if (decoder.pos + length > message.length) return { kind: 'malformed' };
    return { kind: 'update', update: message.subarray(decoder.pos, decoder.pos + length) };
  } catch {
    return { kind: 'malformed' };
  }
}

// ---------------------------------------------------------------------------------------------
// What may be written where

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

interface FieldRule {
  schema: z.ZodType;
  /**
   * Every entity holds it: the schema refuses it missing, or fills in a default (documents are
   * schema outputs, so the app reads defaulted fields as always there). Only optional fields
   * may be left out or removed.
   */
  required: boolean;
}

/** The order key: fractional-indexing's base-62 digits, bounded. */
const ORDER_KEY = /^[0-9A-Za-z]{1,128}$/;
const orderKeyRule: FieldRule = {
  schema: z.string().regex(ORDER_KEY, 'must be 1 to 128 letters and digits'),
  required: true,
};

function rulesOf(shape: Record<string, z.ZodType>, keys: readonly string[]): Map<string, FieldRule> {
  const rules = new Map<string, FieldRule>();
  for (const key of keys) {
    const schema = shape[key]!;
    const missing = schema.safeParse(undefined);
    rules.set(key, { schema, required: !missing.success || missing.data !== undefined });
  }
  return rules;
}

function entityRules(schema: z.ZodObject): Map<string, FieldRule> {
  const shape = schema.shape as Record<string, z.ZodType>;
  // The id is the entity's key in its collection, never a field of its map.
  const rules = rulesOf(shape, Object.keys(shape).filter((key) => key !== 'id'));
  rules.set(ORDER_FIELD, orderKeyRule);
  return rules;
}

const ENTITY_SCHEMAS: Record<Collection, z.ZodObject> = {
  participants: participantSchema,
  journeys: journeySchema,
  steps: stepSchema,
  flows: flowSchema,
  threats: threatSchema,
  outcomes: outcomeSchema,
  mitigations: mitigationSchema,
  backlogPins: backlogPinSchema,
};

const FIELD_RULES = new Map<RootMap, Map<string, FieldRule>>([
  ['session', rulesOf(sessionInfoSchema.shape as unknown as Record<string, z.ZodType>, SESSION_FIELDS)],
  ['workshop', rulesOf(workshopSchema.shape as unknown as Record<string, z.ZodType>, WORKSHOP_FIELDS)],
  ...COLLECTIONS.map((collection) => [collection, entityRules(ENTITY_SCHEMAS[collection])] as const),
]);

const ENTITY_ID = participantSchema.shape.id;
const ROOT_NAMES: ReadonlySet<string> = new Set(ROOT_MAPS);
/** Keys that mean something to a JavaScript object; never a key of ours, whatever the schema says. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What only the host writes. */
const HOST_ONLY_COLLECTIONS: ReadonlySet<string> = new Set<Collection>(['participants', 'backlogPins']);
const HOST_ONLY_SESSION_FIELDS: ReadonlySet<string> = new Set(['id', 'createdAt']);
const isHostOnlyField = (collection: Collection, key: string) => collection === 'threats' && key === 'votes';

const CONTENT_NAMES = ['GC', 'Deleted', 'JSON', 'Binary', 'String', 'Embed', 'Format', 'Type', 'Any', 'Doc'];
const TYPE_NAMES = ['Y.Array', 'Y.Map', 'Y.Text', 'Y.XmlElement', 'Y.XmlFragment', 'Y.XmlHook', 'Y.XmlText'];

// ---------------------------------------------------------------------------------------------
// Reading the update (Yjs v1 encoding), bounded

interface Ref {
  client: number;
  clock: number;
}

interface Gap {
  kind: 'gc' | 'skip';
  client: number;
  clock: number;
  length: number;
}

type Content = 'any' | 'deleted' | 'map';

interface UpdateItem {
  kind: 'item';
  client: number;
  clock: number;
  length: number;
  origin: Ref | null;
  rightOrigin: Ref | null;
  parentRoot: string | null;
  parentId: Ref | null;
  parentSub: string | null;
  content: Content;
  values: unknown[] | null;
  /** Clocks below the host's state for this client: Yjs applies only the rest. */
  offset: number;
  /** Entirely known to the host: Yjs skips it. */
  known: boolean;
  /** Entirely covered by this update's delete set. */
  deleted: boolean;
  /** Partly or entirely covered by this update's delete set. */
  struck?: boolean;
  place?: Place | typeof ORPHAN;
  resolving?: boolean;
  owner?: EntityOwner | typeof ORPHAN;
}

type Struct = Gap | UpdateItem;

interface ParsedUpdate {
  /** Per client, its structs in clock order (contiguous, as the encoding makes them). */
  structs: Map<number, Struct[]>;
  /** Per client, the delete set's ranges as [clock, end) pairs, flat. */
  deletes: Map<number, number[]>;
}

function readVarUint(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

function readRef(decoder: decoding.Decoder): Ref {
  const client = readVarUint(decoder);
  return { client, clock: readVarUint(decoder) };
}

function readUpdate(update: Uint8Array, maxItems: number): ParsedUpdate {
  // An exact copy: lib0 reads strings as views of the underlying buffer, so a length that runs
  // past the end of a view into a larger buffer would read someone else's bytes.
  const bytes = update.byteOffset === 0 && update.byteLength === update.buffer.byteLength ? update : update.slice();
  const decoder = decoding.createDecoder(bytes);
  let count = 0;
  const structs = new Map<number, Struct[]>();
  const clients = readVarUint(decoder);
  if (clients > maxItems) refuse(`more than ${maxItems} items in one update`);
  for (let c = 0; c < clients; c++) {
    const n = readVarUint(decoder);
    count += n;
    if (count > maxItems) refuse(`more than ${maxItems} items in one update`);
    const client = readVarUint(decoder);
    let clock = readVarUint(decoder);
    // Yjs keeps only the last block of a client named twice: what it applies is not what was read.
    if (structs.has(client)) refuse('a client appears twice in the update');
    const list: Struct[] = [];
    structs.set(client, list);
    for (let i = 0; i < n; i++) {
      const info = decoding.readUint8(decoder);
      if (info === undefined) throw new Error('end of update');
      const ref = info & 0b11111;
      let struct: Struct;
      if (ref === 0 || ref === 10) {
        struct = { kind: ref === 0 ? 'gc' : 'skip', client, clock, length: readVarUint(decoder) };
      } else {
        const origin = (info & 0x80) !== 0 ? readRef(decoder) : null;
        const rightOrigin = (info & 0x40) !== 0 ? readRef(decoder) : null;
        const ownParentInfo = (info & 0xc0) === 0;
        let parentRoot: string | null = null;
        let parentId: Ref | null = null;
        if (ownParentInfo) {
          if (readVarUint(decoder) === 1) parentRoot = decoding.readVarString(decoder);
          else parentId = readRef(decoder);
        }
        const parentSub = ownParentInfo && (info & 0x20) !== 0 ? decoding.readVarString(decoder) : null;
        let content: Content;
        let values: unknown[] | null = null;
        let length: number;
        if (ref === 1) {
          content = 'deleted';
          length = readVarUint(decoder);
        } else if (ref === 7) {
          const typeRef = readVarUint(decoder);
          if (typeRef !== 1) refuse(`${TYPE_NAMES[typeRef] ?? 'an unknown type'} is not allowed: the session holds maps of plain values`);
          content = 'map';
          length = 1;
        } else if (ref === 8) {
          length = readVarUint(decoder);
          count += length - 1;
          if (count > maxItems) refuse(`more than ${maxItems} items in one update`);
          values = [];
          for (let v = 0; v < length; v++) values.push(decoding.readAny(decoder));
          content = 'any';
        } else if (ref < CONTENT_NAMES.length) {
          refuse(`Content${CONTENT_NAMES[ref]} is not allowed: the session holds maps of plain values`);
        } else {
          throw new Error('unknown content');
        }
        struct = {
          kind: 'item',
          client,
          clock,
          length,
          origin,
          rightOrigin,
          parentRoot,
          parentId,
          parentSub,
          content,
          values,
          offset: 0,
          known: false,
          deleted: false,
        };
      }
      if (struct.length <= 0) throw new Error('empty struct');
      list.push(struct);
      clock += struct.length;
      if (clock > Number.MAX_SAFE_INTEGER) throw new Error('clock out of range');
      if (decoder.pos > bytes.length) throw new Error('end of update');
    }
  }
  const deletes = new Map<number, number[]>();
  let ranges = 0;
  const deleteClients = readVarUint(decoder);
  for (let c = 0; c < deleteClients; c++) {
    const client = readVarUint(decoder);
    const n = readVarUint(decoder);
    ranges += n;
    if (ranges > UPDATE_LIMITS.maxDeleteRanges) refuse(`more than ${UPDATE_LIMITS.maxDeleteRanges} deleted ranges in one update`);
    const list = deletes.get(client) ?? [];
    deletes.set(client, list);
    for (let i = 0; i < n; i++) {
      const clock = readVarUint(decoder);
      const length = readVarUint(decoder);
      if (length > 0) list.push(clock, clock + length);
    }
  }
  if (decoder.pos !== bytes.length) throw new Error('trailing bytes');
  return { structs, deletes };
}

// ---------------------------------------------------------------------------------------------
// Where each item goes

const ORPHAN = Symbol('orphan: Yjs will discard it (its parent or neighbour is garbage-collected)');

interface RootOwner {
  kind: 'root';
  name: 'session' | 'workshop';
}
interface CollectionOwner {
  kind: 'collection';
  collection: Collection;
}
interface EntityOwner {
  kind: 'entity';
  collection: Collection;
  id: string;
  /** The entity map's item: a Y.Item in the doc, or an item of this update. */
  ref: Y.Item | UpdateItem;
  isNew: boolean;
  /** Already deleted in the doc. */
  gone: boolean;
}
type Owner = RootOwner | CollectionOwner | EntityOwner;

interface Place {
  owner: Owner;
  key: string;
}

const ROOT_OWNERS = new Map<string, RootOwner | CollectionOwner>([
  ['session', { kind: 'root', name: 'session' }],
  ['workshop', { kind: 'root', name: 'workshop' }],
  ...COLLECTIONS.map((collection) => [collection, { kind: 'collection', collection } as CollectionOwner] as const),
]);

function keyText(key: string): string {
  return /^[A-Za-z0-9_]{1,40}$/.test(key) ? key : quote(key);
}

function describePlace(place: Place): string {
  const { owner, key } = place;
  if (owner.kind === 'root') return `${owner.name}.${keyText(key)}`;
  if (owner.kind === 'collection') return `${owner.collection} ${quote(key)}`;
  return `${owner.collection} ${quote(owner.id)}.${keyText(key)}`;
}

/** Plain JSON, the same as the schema's output: no extra keys, no default left out, no odd prototype. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (RESERVED_KEYS.has(key) || !Object.hasOwn(b, key)) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function shortIssue(error: unknown): string {
  const issue = (error as { issues?: Array<{ path?: PropertyKey[]; message?: string }> }).issues?.[0];
  if (!issue) return 'not valid';
  const path = (issue.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${keyText(String(part))}`)).join('');
  const message = String(issue.message ?? 'not valid');
  const text = `${path ? `${path.slice(path.startsWith('.') ? 1 : 0)} ` : ''}${message}`;
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

interface KeyState {
  /** This update's items for the key (not known to the host, not discarded). */
  items: UpdateItem[];
  /** One of them is dead on arrival: deleted content, or struck by the update's delete set. */
  dead: boolean;
  /** The update's delete set strikes the doc's current value. */
  docRemoved: boolean;
}

class Inspection {
  private readonly store: Y.Doc['store'];
  private readonly rootNames = new Map<unknown, string>();
  private readonly docOwners = new Map<Y.Item, EntityOwner | typeof ORPHAN>();
  private readonly keys = new Map<Owner, Map<string, KeyState>>();
  private readonly newEntities: EntityOwner[] = [];
  /** Entities of the doc whose map this update deletes. */
  private readonly deletedEntities = new Set<EntityOwner>();
  /** Removals of host-only values, allowed only with their entity. */
  private readonly hostOnlyRemovals: Place[] = [];
  private readonly changes = new Map<string, { change: EntityChange; fields: Set<string>; added: boolean; deleted: boolean }>();
  private readonly participant: boolean;
  /** The update's delete set, per client: sorted, merged [from, to) pairs. */
  private readonly deleteRanges = new Map<number, number[]>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly update: ParsedUpdate,
    writer: UpdateWriter,
  ) {
    this.store = doc.store;
    this.participant = writer === 'participant';
    for (const [name, type] of doc.share) this.rootNames.set(type, name);
  }

  run(): UpdateDescription {
    this.checkClocks();
    const docDeletes = this.applyDeleteSetToUpdate();
    for (const list of this.update.structs.values()) {
      for (const struct of list) if (struct.kind === 'item' && !struct.known) this.checkItem(struct);
    }
    for (const [client, ranges] of docDeletes) this.checkDocDeletes(client, ranges);
    this.checkOutcome();
    return this.description();
  }

  private state(client: number): number {
    return Y.getState(this.store, client);
  }

  /** Every struct follows what the host has of its client (no gap), and only its own client writes as it. */
  private checkClocks(): void {
    for (const [client, list] of this.update.structs) {
      const state = this.state(client);
      let known = state;
      for (const struct of list) {
        if (struct.kind === 'skip') continue;
        if (struct.clock > known) refuse('update depends on changes the host does not have');
        const end = struct.clock + struct.length;
        if (end <= state) {
          if (struct.kind === 'item') struct.known = true;
          continue;
        }
        if (struct.clock < state && struct.kind === 'item') struct.offset = state - struct.clock;
        if (this.participant && client === this.doc.clientID) refuse('update writes in the host’s name');
        known = Math.max(known, end);
      }
    }
  }

  /** The end of what the host will have of a client once this update is in. */
  private knownEnd(client: number): number {
    const list = this.update.structs.get(client);
    let known = this.state(client);
    if (list) for (const struct of list) if (struct.kind !== 'skip') known = Math.max(known, struct.clock + struct.length);
    return known;
  }

  /**
   * Marks the update's own items its delete set covers; returns the ranges that fall on the
   * doc's items. A deletion of something the host does not have would wait in Yjs's pending
   * delete set and strike whatever later takes those clocks: refused.
   */
  private applyDeleteSetToUpdate(): Map<number, number[]> {
    const onDoc = new Map<number, number[]>();
    for (const [client, flat] of this.update.deletes) {
      if (flat.length === 0) continue;
      const merged = mergeRanges(flat);
      this.deleteRanges.set(client, merged);
      const state = this.state(client);
      const end = this.knownEnd(client);
      const docRanges: number[] = [];
      const list = this.update.structs.get(client) ?? [];
      let index = 0;
      for (let r = 0; r < merged.length; r += 2) {
        const from = merged[r]!;
        const to = merged[r + 1]!;
        if (to > end) refuse('update deletes changes the host does not have');
        if (from < state) docRanges.push(from, Math.min(to, state));
        if (to <= state) continue;
        // Items of this update inside [max(from, state), to): fully covered ones are deleted.
        while (index < list.length && list[index]!.clock + list[index]!.length <= from) index++;
        for (let i = index; i < list.length && list[i]!.clock < to; i++) {
          const struct = list[i]!;
          if (struct.kind !== 'item') continue;
          struct.struck = true;
          if (struct.clock + struct.offset >= from && struct.clock + struct.length <= to) struct.deleted = true;
        }
      }
      if (docRanges.length > 0) onDoc.set(client, docRanges);
    }
    return onDoc;
  }

  // -- resolving places ------------------------------------------------------------------------

  /** The struct holding `ref`: the doc's when the host has that clock, else this update's. */
  private structAt(ref: Ref, from: UpdateItem): Y.Item | Y.GC | Struct {
    if (ref.clock < this.state(ref.client)) {
      const structs = this.store.clients.get(ref.client)!;
      return structs[Y.findIndexSS(structs, ref.clock)]!;
    }
    if (ref.client === from.client && ref.clock >= from.clock) refuse('update refers to a later change of its own');
    const list = this.update.structs.get(ref.client);
    const struct = list ? findStruct(list, ref.clock) : undefined;
    if (!struct || struct.kind === 'skip') refuse('update refers to a change the host does not have');
    return struct;
  }

  private rootOwner(name: string): RootOwner | CollectionOwner {
    const owner = ROOT_NAMES.has(name) ? ROOT_OWNERS.get(name) : undefined;
    if (!owner) refuse(`unknown root ${quote(name)}`);
    return owner;
  }

  /** Where an item of the doc sits. */
  private docPlace(item: Y.Item): Place | typeof ORPHAN {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return ORPHAN;
    if (item.parentSub === null) refuse('update extends a list: the session holds only maps');
    if (parent._item === null) {
      const name = this.rootNames.get(parent);
      return { owner: this.rootOwner(name ?? '?'), key: item.parentSub };
    }
    const owner = this.docEntity(parent._item);
    return owner === ORPHAN ? ORPHAN : { owner, key: item.parentSub };
  }

  /** The entity whose map is this item of the doc. */
  private docEntity(item: Y.Item): EntityOwner | typeof ORPHAN {
    const cached = this.docOwners.get(item);
    if (cached) return cached;
    const place = this.docPlace(item);
    let owner: EntityOwner | typeof ORPHAN = ORPHAN;
    if (place !== ORPHAN) {
      if (place.owner.kind !== 'collection') refuse(`${describePlace(place)} is not an entity`);
      owner = { kind: 'entity', collection: place.owner.collection, id: place.key, ref: item, isNew: false, gone: item.deleted };
    }
    this.docOwners.set(item, owner);
    return owner;
  }

  /** The entity whose map is this item of the update. */
  private updateEntity(item: UpdateItem): EntityOwner | typeof ORPHAN {
    if (item.owner) return item.owner;
    const place = this.placeOf(item);
    let owner: EntityOwner | typeof ORPHAN = ORPHAN;
    if (place !== ORPHAN) {
      if (place.owner.kind !== 'collection') refuse(`a map inside ${describePlace(place)}: the session holds plain values there`);
      owner = { kind: 'entity', collection: place.owner.collection, id: place.key, ref: item, isNew: true, gone: false };
    }
    item.owner = owner;
    return owner;
  }

  /** The map an explicit parent id names (as `Item.getMissing` finds it). */
  private typeAt(ref: Ref, from: UpdateItem): EntityOwner | typeof ORPHAN {
    const struct = this.structAt(ref, from);
    if (struct instanceof Y.GC) return ORPHAN;
    if (struct instanceof Y.Item) {
      if (struct.content instanceof Y.ContentDeleted) return ORPHAN;
      if (!(struct.content instanceof Y.ContentType) || !(struct.content.type instanceof Y.Map)) refuse('update writes into something that is not a map');
      return this.docEntity(struct);
    }
    const item = struct as Struct;
    if (item.kind === 'gc') return ORPHAN;
    if (item.kind !== 'item' || item.content === 'any') refuse('update writes into something that is not a map');
    if (item.content === 'deleted') return ORPHAN;
    return this.updateEntity(item);
  }

  /** Where an item of this update goes: its own parent, or its origin's. */
  private placeOf(start: UpdateItem): Place | typeof ORPHAN {
    const chain: UpdateItem[] = [];
    let item = start;
    let result: Place | typeof ORPHAN;
    for (;;) {
      if (item.place !== undefined) {
        result = item.place;
        break;
      }
      if (item.resolving) refuse('update has circular references');
      // Y.Map writes name a left neighbour only; a right origin is how lists and texts insert.
      if (item.rightOrigin !== null) refuse('update inserts with a right origin: the session holds only maps');
      item.resolving = true;
      chain.push(item);
      if (item.parentRoot !== null || item.parentId !== null) {
        const owner = item.parentRoot !== null ? this.rootOwner(item.parentRoot) : this.typeAt(item.parentId!, item);
        if (owner === ORPHAN) result = ORPHAN;
        else if (item.parentSub === null) refuse('update extends a list: the session holds only maps');
        else result = { owner, key: item.parentSub };
        break;
      }
      const left = item.origin ? this.structAt(item.origin, item) : null;
      if (left === null) refuse('update has an item with no place');
      if (isGc(left)) {
        result = ORPHAN;
        break;
      }
      if (left instanceof Y.Item) {
        result = this.docPlace(left);
        break;
      }
      item = left as UpdateItem;
    }
    for (const resolved of chain) {
      resolved.place = result;
      resolved.resolving = false;
    }
    return result;
  }

  // -- the rules ---------------------------------------------------------------------------------

  private keyState(owner: Owner, key: string): KeyState {
    let perOwner = this.keys.get(owner);
    if (!perOwner) this.keys.set(owner, (perOwner = new Map()));
    let state = perOwner.get(key);
    if (!state) perOwner.set(key, (state = { items: [], dead: false, docRemoved: false }));
    return state;
  }

  private checkItem(item: UpdateItem): void {
    const place = this.placeOf(item);
    if (place === ORPHAN) return;
    if (item.offset > 0) this.checkOverlap(item, place);
    const { owner, key } = place;
    if (RESERVED_KEYS.has(key)) refuse(`reserved key ${quote(key)}`);
    if (owner.kind === 'collection') {
      if (!ENTITY_ID.safeParse(key).success) refuse(`${owner.collection}: ${quote(key)} is not a valid id`);
      if (item.content === 'any') refuse(`${describePlace(place)}: a collection holds entity maps, not values`);
      if (this.participant && HOST_ONLY_COLLECTIONS.has(owner.collection)) refuse(`a participant may not change ${owner.collection}`);
      if (item.content === 'map') {
        const entity = this.updateEntity(item);
        if (entity !== ORPHAN && !item.deleted) this.newEntities.push(entity);
        if (!item.deleted) this.record(owner.collection, key, null, 'added');
      } else if (this.liveDocEntity(owner.collection, key)) {
        this.record(owner.collection, key, null, 'deleted');
      }
      return;
    }
    const collectionOrRoot = owner.kind === 'root' ? owner.name : owner.collection;
    const rule = FIELD_RULES.get(collectionOrRoot)!.get(key);
    if (!rule) refuse(`${describePlace(place)}: unknown field`);
    if (item.content === 'map') refuse(`${describePlace(place)}: a nested map is not allowed`);
    if (this.participant) this.checkParticipantWrite(item, place);
    if (item.content === 'any') {
      const values = item.offset > 0 ? item.values!.slice(item.offset) : item.values!;
      for (const value of values) checkValue(rule, value, place);
    }
    const state = this.keyState(owner, key);
    state.items.push(item);
    if (item.content === 'deleted' || item.struck) state.dead = true;
    if (owner.kind === 'entity') {
      if (!owner.gone && !(owner.isNew && (owner.ref as UpdateItem).deleted)) this.record(owner.collection, owner.id, key, owner.isNew ? 'added' : 'changed');
    } else {
      this.record(owner.name, owner.name, key, 'changed');
    }
  }

  /**
   * Yjs applies only the part of a struct the host lacks, with its own previous struct as its
   * left neighbour, whose value it replaces: that neighbour must hold the same key, or the
   * update would delete something elsewhere.
   */
  private checkOverlap(item: UpdateItem, place: Place): void {
    const structs = this.store.clients.get(item.client)!;
    const left = structs[Y.findIndexSS(structs, item.clock + item.offset - 1)];
    const leftPlace = left instanceof Y.Item ? this.docPlace(left) : ORPHAN;
    if (leftPlace === ORPHAN || leftPlace.owner !== place.owner || leftPlace.key !== place.key) {
      refuse('update overlaps changes the host has, elsewhere');
    }
  }

  private checkParticipantWrite(item: UpdateItem, place: Place): void {
    const { owner, key } = place;
    if (owner.kind === 'root') {
      if (owner.name === 'workshop' || HOST_ONLY_SESSION_FIELDS.has(key)) refuse(`a participant may not change ${describePlace(place)}`);
      return;
    }
    if (owner.kind !== 'entity') return;
    if (HOST_ONLY_COLLECTIONS.has(owner.collection)) refuse(`a participant may not change ${owner.collection}`);
    if (isHostOnlyField(owner.collection, key)) {
      // A threat a participant adds starts at no votes; after that, only the host counts them.
      const startsAtZero = owner.isNew && (item.content === 'deleted' || item.values!.every((value) => value === 0));
      if (!startsAtZero) refuse(`a participant may not change ${describePlace(place)}`);
    }
  }

  private liveDocEntity(collection: Collection, id: string): boolean {
    const root = this.doc.share.get(collection);
    const item = root?._map.get(id);
    return item !== undefined && !item.deleted;
  }

  /** The doc's current item for a key of a root or an entity of the doc. */
  private docValueItem(owner: Owner, key: string): Y.Item | undefined {
    if (owner.kind === 'root') return this.doc.share.get(owner.name)?._map.get(key);
    if (owner.kind !== 'entity' || owner.isNew) return undefined;
    const content = (owner.ref as Y.Item).content;
    return content instanceof Y.ContentType ? content.type._map.get(key) : undefined;
  }

  private struckByUpdate(client: number, clock: number): boolean {
    const ranges = this.deleteRanges.get(client);
    if (!ranges) return false;
    let low = 0;
    let high = ranges.length / 2 - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (clock < ranges[mid * 2]!) high = mid - 1;
      else if (clock >= ranges[mid * 2 + 1]!) low = mid + 1;
      else return true;
    }
    return false;
  }

  /** Whether the key holds a live value once the update is in: Yjs's ordering of its items, replayed. */
  private keepsValue(owner: Owner, key: string, items: readonly UpdateItem[]): boolean {
    const current = this.docValueItem(owner, key);
    // The common case, one client overwriting the current value (once, or a chain of times):
    // nothing can come between, the chain's last item is the value. A key's history (every
    // `updatedAt` ever written) is not read.
    const chainEnd = current && chainFrom(current, items);
    if (chainEnd) return chainEnd.content === 'any' && !this.struckByUpdate(chainEnd.client, chainEnd.clock + chainEnd.length - 1);
    const list = new KeyList();
    if (current) list.loadDoc(current);
    list.integrateAll(items, (client) => this.state(client));
    const last = list.last();
    return last !== null && !last.dead && !this.struckByUpdate(last.client, last.clock + last.length - 1);
  }

  /** The delete set on the doc's items: entities deleted, values removed. */
  private checkDocDeletes(client: number, ranges: number[]): void {
    const structs = this.store.clients.get(client);
    if (!structs) return;
    for (let r = 0; r < ranges.length; r += 2) {
      const from = ranges[r]!;
      const to = ranges[r + 1]!;
      for (let i = Y.findIndexSS(structs, from); i < structs.length && structs[i]!.id.clock < to; i++) {
        const struct = structs[i]!;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const place = this.docPlace(struct);
        if (place === ORPHAN) continue;
        const { owner, key } = place;
        if (owner.kind === 'collection') {
          if (this.participant && HOST_ONLY_COLLECTIONS.has(owner.collection)) refuse(`a participant may not delete from ${owner.collection}`);
          if (struct.content instanceof Y.ContentType) {
            const entity = this.docEntity(struct);
            if (entity !== ORPHAN) this.deletedEntities.add(entity);
            this.record(owner.collection, key, null, 'deleted');
          }
          continue;
        }
        // Only the key's current value matters: older ones are deleted already.
        const parent = struct.parent as Y.AbstractType<unknown>;
        if (parent._map.get(key) !== struct) continue;
        this.keyState(owner, key).docRemoved = true;
        if (owner.kind === 'root') {
          if (this.participant && (owner.name === 'workshop' || HOST_ONLY_SESSION_FIELDS.has(key))) refuse(`a participant may not change ${describePlace(place)}`);
          this.record(owner.name, owner.name, key, 'changed');
          continue;
        }
        if (owner.gone) continue;
        if (this.participant && (HOST_ONLY_COLLECTIONS.has(owner.collection) || isHostOnlyField(owner.collection, key))) this.hostOnlyRemovals.push(place);
        this.record(owner.collection, owner.id, key, 'changed');
      }
    }
  }

  /** What holds only once the whole update is read: required fields kept, limits kept. */
  private checkOutcome(): void {
    for (const place of this.hostOnlyRemovals) {
      const owner = place.owner as EntityOwner;
      if (!this.deletedEntities.has(owner)) refuse(`a participant may not change ${describePlace(place)}`);
    }
    for (const [owner, perKey] of this.keys) {
      if (owner.kind === 'collection') continue;
      if (owner.kind === 'entity' && (owner.gone || this.deletedEntities.has(owner) || (owner.isNew && (owner.ref as UpdateItem).deleted))) continue;
      const rules = FIELD_RULES.get(owner.kind === 'root' ? owner.name : owner.collection)!;
      for (const [key, state] of perKey) {
        if (!rules.get(key)?.required || (!state.dead && !state.docRemoved)) continue;
        // Something dies here: whether the key keeps a value depends on how Yjs orders the
        // items, so ask the same algorithm.
        const before = owner.kind === 'entity' && owner.isNew ? false : this.docValueItem(owner, key)?.deleted === false;
        if (before && !this.keepsValue(owner, key, state.items)) refuse(`${describePlace({ owner, key })}: a required field is removed`);
      }
    }
    const added = new Map<Collection, number>();
    for (const entity of this.newEntities) {
      const perKey = this.keys.get(entity);
      const rules = FIELD_RULES.get(entity.collection)!;
      for (const [key, rule] of rules) {
        if (!rule.required) continue;
        const state = perKey?.get(key);
        const present =
          state !== undefined && (state.dead || state.docRemoved ? this.keepsValue(entity, key, state.items) : state.items.some((item) => item.content === 'any'));
        if (!present) refuse(`${entity.collection} ${quote(entity.id)}: new entity without ${keyText(key)}`);
      }
      if (!this.liveDocEntity(entity.collection, entity.id)) added.set(entity.collection, (added.get(entity.collection) ?? 0) + 1);
    }
    for (const [collection, count] of added) {
      const root = this.doc.share.get(collection);
      let size = 0;
      if (root) for (const item of root._map.values()) if (!item.deleted) size++;
      const limit = COLLECTION_LIMITS[collection];
      if (size + count > limit) refuse(`${collection}: a session holds at most ${limit}`);
    }
  }

  // -- the description ---------------------------------------------------------------------------

  private record(collection: EntityChange['collection'], id: string, field: string | null, kind: EntityChange['kind']): void {
    const key = `${collection}\u0000${id}`;
    let entry = this.changes.get(key);
    if (!entry) {
      entry = { change: { collection, id, fields: [], kind }, fields: new Set(), added: false, deleted: false };
      this.changes.set(key, entry);
    }
    if (field !== null) entry.fields.add(field);
    if (field === null && kind === 'added') entry.added = true;
    if (kind === 'deleted') entry.deleted = true;
  }

  private description(): UpdateDescription {
    const entities: EntityChange[] = [];
    for (const { change, fields, added, deleted } of this.changes.values()) {
      let kind: EntityChange['kind'] = 'changed';
      if (added && !deleted) kind = this.liveDocEntity(change.collection as Collection, change.id) ? 'changed' : 'added';
      else if (deleted && !added) kind = 'deleted';
      entities.push({ collection: change.collection, id: change.id, fields: kind === 'deleted' ? [] : [...fields].sort(), kind });
    }
    return { entities };
  }
}

/**
 * When the items are one client's chain of overwrites starting at the doc's current item (each
 * one's origin the one before), the last of them; else undefined.
 */
function chainFrom(current: Y.Item, items: readonly UpdateItem[]): UpdateItem | undefined {
  if (current.right !== null || items.length === 0) return undefined;
  const sorted = items.length === 1 ? items : [...items].sort((a, b) => a.clock - b.clock);
  let previous: Ref = { client: current.id.client, clock: current.id.clock + current.length - 1 };
  for (const item of sorted) {
    if (item.client !== sorted[0]!.client) return undefined;
    const origin = item.offset > 0 ? { client: item.client, clock: item.clock + item.offset - 1 } : item.origin;
    if (!sameRef(origin, previous)) return undefined;
    previous = { client: item.client, clock: item.clock + item.length - 1 };
  }
  return sorted[sorted.length - 1];
}

/** One item of a key's list, in the replay. */
interface ListNode {
  client: number;
  clock: number;
  length: number;
  origin: Ref | null;
  left: ListNode | null;
  right: ListNode | null;
  /** Its content is deleted (before the update's delete set is applied). */
  dead: boolean;
  fromUpdate: boolean;
}

/** Work allowed for replaying the lists of one update (Yjs's conflict loop is quadratic at worst). */
const REPLAY_BUDGET = 200_000;

/**
 * A Y.Map key's list of items (every value ever written, the current one last), and the
 * integration of new items into it exactly as `Item.integrate` orders them (YATA, with no right
 * origins — maps never have one). Read-only on the doc: nodes are copies.
 */
class KeyList {
  private head: ListNode | null = null;
  private readonly byClient = new Map<number, ListNode[]>();
  private work = 0;

  loadDoc(current: Y.Item): void {
    const chain: Y.Item[] = [];
    for (let item: Y.Item | null = current; item !== null; item = item.left) {
      this.spend();
      chain.push(item);
    }
    let previous: ListNode | null = null;
    for (let i = chain.length - 1; i >= 0; i--) {
      const item = chain[i]!;
      const node: ListNode = {
        client: item.id.client,
        clock: item.id.clock,
        length: item.length,
        origin: item.origin,
        left: previous,
        right: null,
        dead: item.deleted,
        fromUpdate: false,
      };
      if (previous) previous.right = node;
      else this.head = node;
      this.index(node);
      previous = node;
    }
  }

  last(): ListNode | null {
    let node = this.head;
    while (node?.right) node = node.right;
    return node;
  }

  private index(node: ListNode): void {
    const list = this.byClient.get(node.client) ?? [];
    this.byClient.set(node.client, list);
    let at = list.length;
    while (at > 0 && list[at - 1]!.clock > node.clock) at--;
    list.splice(at, 0, node);
  }

  private find(ref: Ref): ListNode | undefined {
    const list = this.byClient.get(ref.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const node = list[mid]!;
      if (ref.clock < node.clock) high = mid - 1;
      else if (ref.clock >= node.clock + node.length) low = mid + 1;
      else return node;
    }
    return undefined;
  }

  /** The node ending at `ref` (Yjs's getItemCleanEnd splits an item there). */
  private endingAt(ref: Ref): ListNode | undefined {
    const node = this.find(ref);
    if (!node || node.clock + node.length - 1 === ref.clock) return node;
    const diff = ref.clock - node.clock + 1;
    const rest: ListNode = {
      client: node.client,
      clock: node.clock + diff,
      length: node.length - diff,
      origin: { client: node.client, clock: node.clock + diff - 1 },
      left: node,
      right: node.right,
      dead: node.dead,
      fromUpdate: node.fromUpdate,
    };
    if (node.right) node.right.left = rest;
    node.right = rest;
    node.length = diff;
    this.index(rest);
    return rest.left!;
  }

  integrateAll(items: readonly UpdateItem[], stateOf: (client: number) => number): void {
    // Any causal order gives the same list (that is what makes it a CRDT): origins first.
    const pending = new Map<UpdateItem, ListNode>();
    for (const item of items) {
      const start = item.clock + item.offset;
      const origin = item.offset > 0 ? { client: item.client, clock: start - 1 } : item.origin;
      pending.set(item, { client: item.client, clock: start, length: item.length - item.offset, origin, left: null, right: null, dead: item.content === 'deleted', fromUpdate: true });
    }
    const perClient = new Map<number, UpdateItem[]>();
    for (const item of items) {
      const list = perClient.get(item.client) ?? [];
      perClient.set(item.client, list);
      list.push(item);
    }
    for (const list of perClient.values()) list.sort((a, b) => a.clock - b.clock);
    /** The item of this key, in this update, holding the origin of `item` (when it is not the doc's). */
    const dependencyOf = (item: UpdateItem): UpdateItem | undefined => {
      const origin = pending.get(item)!.origin;
      if (!origin || origin.clock < stateOf(origin.client)) return undefined;
      const list = perClient.get(origin.client);
      if (!list) return undefined;
      const found = findStruct(list, origin.clock) as UpdateItem | undefined;
      return found === item ? undefined : found;
    };
    const done = new Set<UpdateItem>();
    for (const first of items) {
      // Depth-first without recursion: a chain of thousands of overwrites must not blow the stack.
      const stack = [first];
      const onStack = new Set<UpdateItem>();
      while (stack.length > 0) {
        const item = stack[stack.length - 1]!;
        if (done.has(item)) {
          stack.pop();
          continue;
        }
        const dependency = dependencyOf(item);
        if (dependency && !done.has(dependency)) {
          if (onStack.has(dependency)) refuse('update has circular references');
          onStack.add(item);
          stack.push(dependency);
          continue;
        }
        stack.pop();
        onStack.delete(item);
        done.add(item);
        this.integrate(pending.get(item)!);
      }
    }
  }

  private spend(): void {
    if (++this.work > REPLAY_BUDGET) refuse('update is too costly to check');
  }

  private integrate(node: ListNode): void {
    this.spend();
    const originNode = node.origin ? this.endingAt(node.origin) : null;
    // The origin left the list (a foreign or collected item): Yjs would discard the item.
    if (node.origin && !originNode) return;
    let left = originNode ?? null;
    if (left === null || left.right !== null) {
      let o = left !== null ? left.right : this.head;
      const conflicting = new Set<ListNode>();
      const before = new Set<ListNode>();
      while (o !== null) {
        this.spend();
        before.add(o);
        conflicting.add(o);
        if (sameRef(node.origin, o.origin)) {
          if (o.client < node.client) {
            left = o;
            conflicting.clear();
          } else {
            break;
          }
        } else if (o.origin !== null) {
          const originOfO = this.find(o.origin);
          if (originOfO && before.has(originOfO)) {
            if (!conflicting.has(originOfO)) {
              left = o;
              conflicting.clear();
            }
          } else {
            break;
          }
        } else {
          break;
        }
        o = o.right;
      }
    }
    node.left = left;
    node.right = left !== null ? left.right : this.head;
    if (left !== null) left.right = node;
    else this.head = node;
    if (node.right !== null) {
      node.right.left = node;
      node.dead = true;
    } else if (left !== null) {
      left.dead = true;
    }
    this.index(node);
  }
}

function sameRef(a: Ref | null, b: Ref | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}

function checkValue(rule: FieldRule, value: unknown, place: Place): void {
  if (value === undefined) refuse(`${describePlace(place)}: no value`);
  const result = rule.schema.safeParse(value);
  if (!result.success) refuse(`${describePlace(place)}: ${shortIssue(result.error)}`);
  if (!sameJson(value, result.data)) refuse(`${describePlace(place)}: not in the session format (extra keys or defaults left out)`);
}

function isGc(struct: Y.Item | Y.GC | Struct | null): boolean {
  return struct instanceof Y.GC || (struct !== null && !(struct instanceof Y.Item) && (struct as Struct).kind === 'gc');
}

/** Binary search of an update's structs of one client (contiguous, in clock order). */
function findStruct(list: readonly Struct[], clock: number): Struct | undefined {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const struct = list[mid]!;
    if (clock < struct.clock) high = mid - 1;
    else if (clock >= struct.clock + struct.length) low = mid + 1;
    else return struct;
  }
  return undefined;
}

/** Sorted, merged [from, to) ranges from a flat list of pairs. */
function mergeRanges(flat: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [from, to] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && from <= merged[last]!) merged[last] = Math.max(merged[last]!, to);
    else merged.push(from, to);
  }
  return merged;
}
