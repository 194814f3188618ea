/**
 * The live workshop's benchmark (issue #14), on loopback: a room hosting the 300-step /
 * 1,500-threat session runs in its own process (live-room-host.ts); participants are Node Yjs
 * clients — the real Hocuspocus provider through the sealed transport, as a browser has them.
 *
 * - Join: from opening the connection to the synced session, one participant.
 * - Latency: with 10 participants, one changes a step label; the time until each of the 9 others
 *   has it in its Y.Doc (applied, the point at which the app's projection renders it). Medians
 *   and 95th percentiles over repeated edits, round-robin over senders.
 * - Load: 30 participants each editing about twice a second for a while; the host process's CPU
 *   time over wall time (1.0 = one core), and its heap per connected participant.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { encryptedWebSocketClass } from '../../renderer/live/encrypted-websocket.ts';
import { Projection } from '../../shared/live/projection.ts';
import { writeDiff } from '../../shared/live/ydoc-mapping.ts';
import { updateStep } from '../../shared/document-ops.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface LiveBench {
  joinMs: number;
  latency: { clients: number; samples: number; medianMs: number; p95Ms: number };
  load: { clients: number; seconds: number; edits: number; hostCpuCores: number; heapPerClientKB: number };
}

interface Usage {
  cpu: { user: number; system: number };
  memory: { heapUsed: number };
  connections: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function startHost(): Promise<{ child: ChildProcess; port: number; roomId: string; secret: string; usage(): Promise<Usage> }> {
  const child = fork(path.join(here, 'live-room-host.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ port: number; roomId: string; secret: string }>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: { type: string; port: number; roomId: string; secret: string }) => {
      if (message.type === 'ready') resolve(message);
    });
  });
  const usage = () =>
    new Promise<Usage>((resolve) => {
      const onMessage = (message: Usage & { type: string }) => {
        if (message.type !== 'usage') return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ type: 'usage' });
    });
  return { child, ...ready, usage };
}

interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  synced: Promise<number>;
}

function connect(port: number, roomId: string, secret: string, name: string): Client {
  const doc = new Y.Doc();
  const started = performance.now();
  let resolveSynced: (ms: number) => void = () => undefined;
  const synced = new Promise<number>((resolve) => (resolveSynced = resolve));
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}/live`,
    WebSocketPolyfill: encryptedWebSocketClass({ roomId, secret, WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket }),
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: roomId,
    document: doc,
    onAuthenticated: () => provider.sendStateless(JSON.stringify({ t: 'hello', name })),
    onSynced: () => resolveSynced(performance.now() - started),
  });
  provider.attach();
  return { doc, provider, socket, synced };
}

function close(clients: readonly Client[]): void {
  for (const client of clients) {
    client.provider.destroy();
    client.socket.destroy();
  }
}

/** A projection kept up to date with its Y.Doc, as the app's store keeps one. */
function follow(doc: Y.Doc): Projection {
  const view = new Projection(doc);
  doc.on('afterTransaction', (transaction: Y.Transaction) => view.update(transaction));
  return view;
}

/** Waits until `doc`'s step `stepId` has `label`; resolves with the time it took. */
function whenLabel(doc: Y.Doc, stepId: string, label: string, since: number): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      const entry = doc.getMap('steps').get(stepId) as Y.Map<unknown> | undefined;
      if (entry?.get('label') === label) {
        doc.off('update', check);
        resolve(performance.now() - since);
      }
    };
    doc.on('update', check);
    check();
  });
}

export async function benchLive(): Promise<LiveBench> {
  const host = await startHost();
  try {
    // Join: one participant, the whole session.
    const first = connect(host.port, host.roomId, host.secret, 'Joiner');
    const joinMs = await first.synced;
    close([first]);

    // Latency with 10 participants.
    const clients = Array.from({ length: 10 }, (_, i) => connect(host.port, host.roomId, host.secret, `P${i}`));
    await Promise.all(clients.map((c) => c.synced));
    const views = clients.map((c) => follow(c.doc));
    const steps = views[0]!.document.steps.slice(0, 40);
    const samples: number[] = [];
    for (let round = 0; round < 40; round++) {
      const sender = round % clients.length;
      const step = steps[round % steps.length]!;
      const label = `latency ${round}`;
      const since = performance.now();
      const arrivals = clients.filter((_, i) => i !== sender).map((c) => whenLabel(c.doc, step.id, label, since));
      const view = views[sender]!;
      writeDiff(clients[sender]!.doc, view.document, updateStep(view.document, step.id, { label }), 'bench');
      samples.push(...(await Promise.all(arrivals)));
    }
    close(clients);

    // Load: 30 participants editing about twice a second each.
    const before = await host.usage();
    const crowd = Array.from({ length: 30 }, (_, i) => connect(host.port, host.roomId, host.secret, `C${i}`));
    await Promise.all(crowd.map((c) => c.synced));
    const joined = await host.usage();
    const crowdViews = crowd.map((c) => follow(c.doc));
    const seconds = 8;
    const start = await host.usage();
    const startedAt = performance.now();
    let edits = 0;
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      const index = edits % crowd.length;
      const view = crowdViews[index]!;
      const step = view.document.steps[(edits * 7) % view.document.steps.length]!;
      writeDiff(crowd[index]!.doc, view.document, updateStep(view.document, step.id, { label: `load ${edits}` }), 'bench');
      edits++;
      await new Promise((resolve) => setTimeout(resolve, 1000 / (crowd.length * 2)));
    }
    const end = await host.usage();
    const wallMs = performance.now() - startedAt;
    close(crowd);
    const cpuMs = (end.cpu.user + end.cpu.system - start.cpu.user - start.cpu.system) / 1000;
    return {
      joinMs,
      latency: { clients: 10, samples: samples.length, medianMs: quantile(samples, 0.5), p95Ms: quantile(samples, 0.95) },
      load: {
        clients: 30,
        seconds,
        edits,
        hostCpuCores: cpuMs / wallMs,
        heapPerClientKB: (joined.memory.heapUsed - before.memory.heapUsed) / 1024 / crowd.length,
      },
    };
  } finally {
    host.child.send({ type: 'stop' });
    await new Promise((resolve) => host.child.once('exit', resolve));
  }
}

// Run on its own: `npx tsx test/bench/live-bench.ts`.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await benchLive(), null, 2));
  process.exit(0);
}
