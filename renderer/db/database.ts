/**
 * The IndexedDB database (Dexie). Versioned: add a new `this.version(n)` block for every change
 * of tables or indexes, never edit an old one; users' data lives in the old shapes.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { SessionSummary } from '../../shared/session-factory.ts';
import type { DocumentBlock, DocumentRow } from './document-parts.ts';

export interface AuditEvent {
  seq?: number;
  sessionId: string;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

export interface Snapshot {
  id: string;
  sessionId: string;
  name: string;
  createdAt: string;
  document: unknown;
}

/** A custom card deck, validated by parseDeck before it is stored. App-wide, not per session. */
export interface StoredDeck {
  id: string;
  deck: unknown;
  importedAt: string;
}

/** A live room this computer hosts for a session: its credentials, so a restart keeps the same link. */
export interface LiveRoomRow {
  sessionId: string;
  roomId: string;
  secret: string;
  address: string;
  /** True while hosting: a reload (or a restart) resumes the room. */
  active: boolean;
}

/** One Yjs update of a hosted session's Y.Doc, in order: the room's history survives a restart. */
export interface LiveUpdateRow {
  seq?: number;
  sessionId: string;
  update: Uint8Array;
}

export const DATABASE_NAME = 'threatstorm';

export class ThreatstormDatabase extends Dexie {
  sessions!: EntityTable<SessionSummary, 'id'>;
  /** Each session's document row: validated on every load (document-parts.ts). */
  documents!: EntityTable<DocumentRow, 'id'>;
  events!: EntityTable<AuditEvent, 'seq'>;
  snapshots!: EntityTable<Snapshot, 'id'>;
  decks!: EntityTable<StoredDeck, 'id'>;
  blocks!: EntityTable<DocumentBlock, 'key'>;
  liveRooms!: EntityTable<LiveRoomRow, 'sessionId'>;
  liveUpdates!: EntityTable<LiveUpdateRow, 'seq'>;

  constructor(name: string = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      sessions: 'id, updatedAt, title',
      documents: 'id',
      events: '++seq, sessionId, at',
      snapshots: 'id, sessionId, createdAt',
    });
    this.version(2).stores({ decks: 'id' });
    // Documents stored as a head row plus blocks of their big collections; old rows are read as they are.
    this.version(3).stores({ blocks: 'key, sessionId' });
    // Live rooms hosted from this computer, and the Yjs history of their sessions.
    this.version(4).stores({ liveRooms: 'sessionId', liveUpdates: '++seq, sessionId' });
  }
}
