/**
 * The live room of the benchmark, in a process of its own (so its CPU time is the host's alone):
 * a room on 127.0.0.1 holding the given workload, the facilitator's window linked in-process.
 * Talks to the benchmark over Node IPC: it says `ready` with the room's port and credentials, and
 * answers `usage` with its CPU time and memory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { startRoomServer } from '../../electron/live/room-server.ts';
import { createRoomCredentials } from '../../shared/live/protocol.ts';
import { documentToYDoc } from '../../shared/live/ydoc-mapping.ts';
import { linkYDoc } from '../../shared/live/y-link.ts';
import { buildWorkload, WORKLOADS } from './generate.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ts-bench-room-'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>bench</title>');
const credentials = createRoomCredentials();
const room = await startRoomServer({
  address: '127.0.0.1',
  port: 0,
  rendererRoot: root,
  ...credentials,
  // The benchmark's simulated clients type faster than people; the limits are not what is measured.
  limits: { maxConnections: 200, messagesPerSecond: 10_000, bytesPerSecond: 1e9 },
  log: () => undefined,
});
const hostDoc = new Y.Doc();
documentToYDoc(buildWorkload(WORKLOADS.find((w) => w.name === (process.env.BENCH_LIVE_WORKLOAD ?? 'M'))!), hostDoc);
const link = linkYDoc(hostDoc, (data) => room.host.receive({ type: 'sync', data }), 'bench-host');
room.host.connect((message) => {
  if (message.type === 'sync') link.receive(message.data);
});
link.start();

process.on('message', (message: { type: string }) => {
  if (message.type === 'usage') {
    process.send!({ type: 'usage', cpu: process.cpuUsage(), memory: process.memoryUsage(), connections: room.stats().connections });
  } else if (message.type === 'stop') {
    void room.stop().then(() => process.exit(0));
  }
});
// Wait until the room holds the session before saying ready.
const poll = setInterval(() => {
  if (room.stats().docBytes > 1000) {
    clearInterval(poll);
    process.send!({ type: 'ready', port: room.port, ...credentials });
  }
}, 20);
