/**
 * Keeps two Y.Docs in step over any message channel (Electron IPC, a loopback WebSocket, a test's
 * in-memory pipe), with the y-protocols sync messages Yjs' own providers use: on connect each side
 * sends its state vector (step 1) and answers the other's with what it lacks (step 2); after that
 * every local update is sent as it happens. Used between the facilitator's window and the room
 * server it hosts: the window's Y.Doc is the session, the server's is the room.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

export interface YLink {
  /** Hand every message received from the other side to this. */
  receive(message: Uint8Array): void;
  /** Starts (or restarts, after a reconnect) the exchange: sends this side's state vector. */
  start(): void;
  /** Stops sending this side's updates. */
  stop(): void;
}

/**
 * `origin`: the transaction origin updates from the other side are applied with (so they are
 * not sent back, and an UndoManager does not track them).
 */
export function linkYDoc(ydoc: Y.Doc, send: (message: Uint8Array) => void, origin: unknown): YLink {
  let running = false;
  const onUpdate = (update: Uint8Array, from: unknown) => {
    if (!running || from === origin) return;
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  };
  ydoc.on('update', onUpdate);
  return {
    receive(message) {
      const decoder = decoding.createDecoder(message);
      const reply = encoding.createEncoder();
      syncProtocol.readSyncMessage(decoder, reply, ydoc, origin);
      if (encoding.length(reply) > 0) send(encoding.toUint8Array(reply));
    },
    start() {
      running = true;
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, ydoc);
      send(encoding.toUint8Array(encoder));
    },
    stop() {
      running = false;
      ydoc.off('update', onUpdate);
    },
  };
}
