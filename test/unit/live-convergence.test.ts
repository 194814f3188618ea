/**
 * Property: whatever several people do at once in a live room — in any order the network
 * delivers it, with delays, lost messages and disconnects — every laptop ends with the same
 * session, and it keeps every rule of the format.
 *
 * Each client is the app's own session store attached to a Y.Doc (named operations, the
 * incremental projection, per-person undo); the host relays like the room server does; the
 * network is a queue the property reorders, drops (a disconnect) and resyncs (a reconnect, as the
 * provider does with state vectors).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSessionStore } from '../../renderer/store/session-store.ts';
import { addFlow, deleteSteps, moveSteps, updateStep } from '../../shared/document-ops.ts';
import { Projection } from '../../shared/live/projection.ts';
import { documentToYDoc } from '../../shared/live/ydoc-mapping.ts';
import { sessionDocumentSchema, type SessionDocument } from '../../shared/schema.ts';
import { addThreat, blankThreat, deleteThreats, updateThreat } from '../../shared/threat-ops.ts';
import { checkoutSession } from './export-fixture.ts';
import { countCase, FUZZ_TIMEOUT_MS, runs } from './fuzz-arbitraries.ts';

const NET = Symbol('network');
const CLIENTS = 3;

interface Client {
  doc: Y.Doc;
  store: ReturnType<typeof createSessionStore>;
  online: boolean;
}

type Action =
  | { kind: 'edit'; client: number; op: number; a: number; b: number; text: string }
  | { kind: 'undo'; client: number }
  | { kind: 'deliver'; pick: number }
  | { kind: 'drop'; client: number }
  | { kind: 'reconnect'; client: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('edit' as const), client: fc.nat(CLIENTS - 1), op: fc.nat(6), a: fc.nat(), b: fc.nat(), text: fc.string({ maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), client: fc.nat(CLIENTS - 1) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), client: fc.nat(CLIENTS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), client: fc.nat(CLIENTS - 1) }) },
);

function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

function recipe(doc: SessionDocument, op: number, a: number, b: number, text: string): SessionDocument {
  const step = pick(doc.steps, a);
  const other = pick(doc.steps, b);
  const threat = pick(doc.threats, a);
  switch (op) {
    case 0:
      return step ? updateStep(doc, step.id, { label: `${text} ${a % 7}` }) : doc;
    case 1:
      return step ? addThreat(doc, blankThreat({ type: 'step', id: step.id }, { id: `t-${a}-${b}`, title: text || 'New threat' })) : doc;
    case 2:
      return threat ? updateThreat(doc, threat.id, { likelihood: (a % 5) + 1, notes: text }) : doc;
    case 3:
      return step ? deleteSteps(doc, [step.id]) : doc;
    case 4:
      return threat ? deleteThreats(doc, [threat.id]) : doc;
    case 5:
      return step ? moveSteps(doc, new Map([[step.id, { x: a % 900, y: b % 600 }]])) : doc;
    default:
      return step && other ? addFlow(doc, { id: `f-${a}-${b}`, journeyId: step.journeyId, source: step.id, target: other.id, label: '', crossesTrustBoundary: false }) : doc;
  }
}

describe('live convergence', () => {
  it('any interleaving of edits, undos, delays, drops and reconnects converges to one valid session on every laptop', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => {
        countCase('live interleavings');
        const base = checkoutSession();
        const host = new Y.Doc();
        documentToYDoc(base, host);
        // In flight: [to, update]; to = -1 is the host, 0.. a client.
        const queue: Array<[number, Uint8Array]> = [];
        const clients: Client[] = Array.from({ length: CLIENTS }, () => {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(host), NET);
          const store = createSessionStore();
          store.getState().attach(doc);
          return { doc, store, online: true };
        });
        clients.forEach((client) =>
          client.doc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== NET && client.online) queue.push([-1, update]);
          }),
        );
        host.on('update', (update: Uint8Array, origin: unknown) => {
          // The room relays what it applied to everyone else (the sender already has it).
          clients.forEach((client, index) => {
            if (client.online && origin !== index) queue.push([index, update]);
          });
        });
        const from = new Map<Uint8Array, number>();
        clients.forEach((client, index) =>
          client.doc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== NET) from.set(update, index);
          }),
        );
        const resync = (index: number) => {
          const client = clients[index]!;
          Y.applyUpdate(host, Y.encodeStateAsUpdate(client.doc, Y.encodeStateVector(host)), index);
          Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(host, Y.encodeStateVector(client.doc)), NET);
        };
        for (const step of actions) {
          if (step.kind === 'edit') {
            const store = clients[step.client]!.store;
            store.getState().change('edit', (doc) => recipe(doc, step.op, step.a, step.b, step.text));
          } else if (step.kind === 'undo') {
            clients[step.client]!.store.getState().undo();
          } else if (step.kind === 'deliver' && queue.length > 0) {
            const [to, update] = queue.splice(step.pick % queue.length, 1)[0]!;
            if (to === -1) Y.applyUpdate(host, update, from.get(update) ?? -2);
            else if (clients[to]!.online) Y.applyUpdate(clients[to]!.doc, update, NET);
          } else if (step.kind === 'drop') {
            // The network goes: what was in flight to or from this laptop is lost.
            clients[step.client]!.online = false;
            for (let i = queue.length - 1; i >= 0; i--) if (queue[i]![0] === step.client || from.get(queue[i]![1]) === step.client) queue.splice(i, 1);
          } else if (step.kind === 'reconnect' && !clients[step.client]!.online) {
            clients[step.client]!.online = true;
            resync(step.client);
          }
        }
        // Everyone comes back and the room settles.
        queue.length = 0;
        clients.forEach((client, index) => {
          client.online = true;
          resync(index);
        });
        clients.forEach((_client, index) => resync(index));
        const reference = new Projection(host).document;
        expect(sessionDocumentSchema.safeParse(reference).success).toBe(true);
        for (const client of clients) {
          const shown = client.store.getState().document!;
          expect(JSON.parse(JSON.stringify(shown))).toEqual(JSON.parse(JSON.stringify(reference)));
        }
      }),
      { ...runs(150), ...(process.env.LIVE_SEED ? { seed: Number(process.env.LIVE_SEED), path: process.env.LIVE_PATH, endOnFailure: true } : {}) },
    );
  }, FUZZ_TIMEOUT_MS);
});
