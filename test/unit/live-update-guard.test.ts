/**
 * The host's guard on live-workshop updates (shared/live/update-guard.ts): every honest edit a
 * peer makes through the store's path (pure operation → writeDiff → Yjs update) passes, alone or
 * in offline batches, with undo, from several peers at once; every hostile update made with a raw
 * Y.Doc or by hand is refused with a short reason, never a throw; and what an accepted update
 * does to the doc keeps the session's layout.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUpdate, describeUpdate, inspectUpdate, UPDATE_LIMITS, updateInMessage, type UpdateWriter } from '../../shared/live/update-guard.ts';
import { COLLECTIONS, documentToYDoc, readDocument, rootMap, ROOT_MAPS, writeDiff, type Collection } from '../../shared/live/ydoc-mapping.ts';
import { Projection } from '../../shared/live/projection.ts';
import {
  addJourney,
  addFlow,
  addSteps,
  deleteFlows,
  deleteJourney,
  deleteSteps,
  moveJourney,
  moveSteps,
  renameSession,
  setJourneyViewport,
  touch,
  updateFlow,
  updateJourney,
  updateStep,
} from '../../shared/document-ops.ts';
import {
  addMitigation,
  addOutcome,
  addThreat,
  blankThreat,
  copyThreat,
  deleteMitigation,
  deleteOutcome,
  deleteThreats,
  moveThreat,
  setThreatStatus,
  toggleMitigationThreat,
  updateMitigation,
  updateOutcome,
  updateThreat,
} from '../../shared/threat-ops.ts';
import { addParticipant, addPhase, openVote, pauseTimer, revealVote, setSpeaker, startTimer, updateParticipant } from '../../shared/workshop-ops.ts';
import {
  backlogPinSchema,
  flowSchema,
  journeySchema,
  mitigationSchema,
  outcomeSchema,
  participantSchema,
  sessionInfoSchema,
  stepSchema,
  threatSchema,
  workshopSchema,
  type SessionDocument,
} from '../../shared/schema.ts';
import { checkoutSession } from './export-fixture.ts';
import { AT, richSession } from './session-damage.ts';
import { buildWorkload, WORKLOADS } from '../bench/generate.ts';

const LOCAL = Symbol('local edit');
const REMOTE = Symbol('from the host');

function hostOf(doc: SessionDocument): Y.Doc {
  const ydoc = new Y.Doc();
  documentToYDoc(doc, ydoc);
  return ydoc;
}

/** A peer joined from the host, editing the way the app does (projection → operation → writeDiff). */
class Peer {
  readonly ydoc = new Y.Doc();
  readonly projection: Projection;
  readonly undo: Y.UndoManager;
  /** Updates of its own changes not sent to the host yet, in order. */
  pending: Uint8Array[] = [];

  constructor(
    host: Y.Doc,
    readonly writer: UpdateWriter,
    clientID?: number,
  ) {
    if (clientID !== undefined) this.ydoc.clientID = clientID;
    Y.applyUpdate(this.ydoc, Y.encodeStateAsUpdate(host), REMOTE);
    this.projection = new Projection(this.ydoc);
    this.ydoc.on('afterTransaction', (tr: Y.Transaction) => this.projection.update(tr));
    this.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.pending.push(update);
    });
    this.undo = new Y.UndoManager(
      ROOT_MAPS.map((name) => rootMap(this.ydoc, name)),
      { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 },
    );
  }

  edit(recipe: (doc: SessionDocument) => SessionDocument): void {
    const before = this.projection.document;
    writeDiff(this.ydoc, before, recipe(before), LOCAL);
  }

  /** What the host lacks, as one update (a reconnect's sync step 2). */
  diffFor(host: Y.Doc): Uint8Array {
    this.pending = [];
    return Y.encodeStateAsUpdate(this.ydoc, Y.encodeStateVector(host));
  }

  pull(host: Y.Doc): void {
    Y.applyUpdate(this.ydoc, Y.encodeStateAsUpdate(host, Y.encodeStateVector(this.ydoc)), REMOTE);
  }
}

/** The update a raw Y.Doc peer produces for one transaction (a hostile client skips the app). */
function rawUpdate(host: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const evil = new Y.Doc();
  Y.applyUpdate(evil, Y.encodeStateAsUpdate(host));
  const updates: Uint8Array[] = [];
  evil.on('update', (update: Uint8Array) => updates.push(update));
  evil.transact(() => change(evil));
  return updates.length === 0 ? new Uint8Array([0, 0]) : Y.mergeUpdates(updates);
}

function entity(doc: Y.Doc, collection: Collection, id: string): Y.Map<unknown> {
  return rootMap(doc, collection).get(id) as Y.Map<unknown>;
}

function refused(update: Uint8Array, host: Y.Doc, writer: UpdateWriter = 'participant', maxBytes?: number): string {
  let verdict: ReturnType<typeof checkUpdate> | undefined;
  expect(() => (verdict = checkUpdate(update, host, { writer, maxBytes }))).not.toThrow();
  expect(verdict!.ok).toBe(false);
  const reason = (verdict as { reason: string }).reason;
  expect(reason.length).toBeGreaterThan(0);
  expect(reason.length).toBeLessThan(200);
  return reason;
}

function accepted(update: Uint8Array, host: Y.Doc, writer: UpdateWriter = 'participant'): void {
  const verdict = checkUpdate(update, host, { writer });
  expect(verdict, JSON.stringify(verdict)).toEqual({ ok: true });
}

const ENTITY_SCHEMAS = {
  participants: participantSchema,
  journeys: journeySchema,
  steps: stepSchema,
  flows: flowSchema,
  threats: threatSchema,
  outcomes: outcomeSchema,
  mitigations: mitigationSchema,
  backlogPins: backlogPinSchema,
} as const;

/**
 * The oracle: the doc has the session's layout. Only known roots; collections hold maps of valid
 * entities keyed by valid ids; session and workshop hold valid fields; no key outside the schema.
 */
function layoutProblems(ydoc: Y.Doc): string[] {
  const problems: string[] = [];
  for (const [name, type] of ydoc.share) {
    if (!(ROOT_MAPS as readonly string[]).includes(name)) problems.push(`root ${name}`);
    if (type._start !== null) problems.push(`list content in ${name}`);
  }
  const doc = readDocument(ydoc);
  const session = sessionInfoSchema.strict().safeParse(doc.session);
  if (!session.success) problems.push(`session: ${session.error.message}`);
  const workshop = workshopSchema.strict().safeParse(doc.workshop);
  if (!workshop.success) problems.push(`workshop: ${workshop.error.message}`);
  for (const collection of COLLECTIONS) {
    for (const [id, value] of rootMap(ydoc, collection)) {
      if (!(value instanceof Y.Map)) {
        problems.push(`${collection}.${id} is not a map`);
        continue;
      }
      for (const [, field] of value) if (field instanceof Y.AbstractType) problems.push(`${collection}.${id} holds a Y type`);
    }
    for (const item of doc[collection] as unknown as Record<string, unknown>[]) {
      const result = ENTITY_SCHEMAS[collection].strict().safeParse(item);
      if (!result.success || canonical(result.data) !== canonical(item)) problems.push(`${collection}.${String(item.id)} breaks its schema`);
    }
  }
  return problems;
}

/** JSON with sorted keys: the same value whatever order its keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The participants' base: an open vote's blind ballots are never in the shared doc, votes start at zero. */
function liveSession(): SessionDocument {
  const doc = richSession();
  doc.workshop = { ...doc.workshop, votes: doc.workshop.votes.map((vote) => ({ ...vote, ballots: [] })) };
  doc.threats = doc.threats.map((threat) => ({ ...threat, votes: 0 }));
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Honest edits, one by one

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

type Op = (doc: SessionDocument, a: number, b: number, text: string, newId: () => string) => SessionDocument;

/** Every kind of change a participant makes, through the real pure operations. */
const PARTICIPANT_OPS: Op[] = [
  (d, a, _b, text) => {
    const step = pick(d.steps, a);
    return step ? updateStep(d, step.id, { label: text, description: `${text}\nmore`, actor: text.slice(0, 3) }) : d;
  },
  (d, a, b) => {
    const step = pick(d.steps, a);
    return step ? updateStep(d, step.id, { kind: (['action', 'decision', 'system', 'datastore'] as const)[b % 4]!, dataTags: b % 2 ? ['pii'] : [] }) : d;
  },
  (d, a, b) => {
    const step = pick(d.steps, a);
    return step ? moveSteps(d, new Map([[step.id, { x: a * 7 - b, y: b * 3 + 0.5 }]])) : d;
  },
  (d, a, b, text, newId) => {
    const journey = pick(d.journeys, a);
    if (!journey) return d;
    return addSteps(d, [{ id: newId(), journeyId: journey.id, kind: 'action', label: text, description: '', actor: '', dataTags: [], position: { x: b, y: a } }]);
  },
  (d, a) => {
    const step = pick(d.steps, a);
    return step ? deleteSteps(d, [step.id]) : d;
  },
  (d, a, b, text, newId) => {
    const source = pick(d.steps, a);
    const target = source && pick(d.steps.filter((s) => s.journeyId === source.journeyId && s.id !== source.id), b);
    return source && target ? addFlow(d, { id: newId(), journeyId: source.journeyId, source: source.id, target: target.id, label: text, crossesTrustBoundary: b % 2 === 0 }) : d;
  },
  (d, a, b, text) => {
    const flow = pick(d.flows, a);
    return flow ? updateFlow(d, flow.id, { label: text, crossesTrustBoundary: b % 2 === 1 }) : d;
  },
  (d, a) => {
    const flow = pick(d.flows, a);
    return flow ? deleteFlows(d, [flow.id]) : d;
  },
  (d, a, b, text, newId) => {
    const step = pick(d.steps, a);
    return addThreat(d, blankThreat(step ? { type: 'step', id: step.id } : null, { id: newId(), title: text || 'T', likelihood: (b % 5) + 1, authorId: b % 3 === 0 ? 'p1' : undefined }));
  },
  (d, a, b, text) => {
    const threat = pick(d.threats, a);
    return threat
      ? updateThreat(d, threat.id, { title: text, notes: text.repeat(3), likelihood: (b % 5) + 1, impact: ((a + b) % 5) + 1, statement: { action: text, impactedGoals: ['integrity'] } })
      : d;
  },
  (d, a, b, text) => {
    const threat = pick(d.threats, a);
    if (!threat) return d;
    const result =
      b % 2 === 0
        ? setThreatStatus(d, threat.id, 'accepted', { owner: text.trim() || 'Ana', reason: 'Cheap to live with', reviewDate: '2027-01-31' })
        : setThreatStatus(d, threat.id, 'mitigated');
    return result.ok ? result.document : d;
  },
  (d, a, b) => {
    const threat = pick(d.threats, a);
    const step = pick(d.steps, b);
    return threat && step ? moveThreat(d, threat.id, { type: 'step', id: step.id }) : d;
  },
  (d, a, b, _text, newId) => {
    const threat = pick(d.threats, a);
    const flow = pick(d.flows, b);
    return threat && flow ? copyThreat(d, threat.id, { type: 'flow', id: flow.id }, newId()) : d;
  },
  (d, a, b) => {
    const threat = pick(d.threats, a);
    const other = pick(d.threats, b);
    return threat ? deleteThreats(d, other && b % 3 === 0 ? [threat.id, other.id] : [threat.id]) : d;
  },
  (d, a, b, text, newId) => {
    const step = pick(d.steps, a);
    const threat = pick(d.threats, b);
    return step ? addOutcome(d, { id: newId(), stepId: step.id, statement: text || 'I stay safe', threatIds: threat ? [threat.id] : [], acceptanceCriteria: [text], status: 'draft' }) : d;
  },
  (d, a, b, text) => {
    const outcome = pick(d.outcomes, a);
    const threat = pick(d.threats, b);
    return outcome ? updateOutcome(d, outcome.id, { statement: text || 'Changed', threatIds: threat ? [threat.id] : [], status: 'agreed', acceptanceCriteria: [text, 'two'] }) : d;
  },
  (d, a) => {
    const outcome = pick(d.outcomes, a);
    return outcome ? deleteOutcome(d, outcome.id) : d;
  },
  (d, a, b, text, newId) => {
    const threat = pick(d.threats, a);
    return addMitigation(d, { id: newId(), title: text || 'Fix', description: text, threatIds: threat ? [threat.id] : [], effort: (['S', 'M', 'L', 'XL'] as const)[b % 4]!, status: 'proposed', owner: '' });
  },
  (d, a, b, text) => {
    const mitigation = pick(d.mitigations, a);
    return mitigation ? updateMitigation(d, mitigation.id, { title: text || 'Renamed', owner: text, status: 'planned', externalKey: b % 2 ? `SEC-${b}` : undefined }) : d;
  },
  (d, a, b) => {
    const mitigation = pick(d.mitigations, a);
    const threat = pick(d.threats, b);
    return mitigation && threat ? toggleMitigationThreat(d, mitigation.id, threat.id, !mitigation.threatIds.includes(threat.id)) : d;
  },
  (d, a) => {
    const mitigation = pick(d.mitigations, a);
    return mitigation ? deleteMitigation(d, mitigation.id) : d;
  },
  (d, _a, b, text, newId) => addJourney(d, { id: newId(), name: text || 'Journey', persona: 'Shopper', goal: text, critical: b % 2 === 0, stages: [] }),
  (d, a, b, text) => {
    const journey = pick(d.journeys, a);
    return journey ? updateJourney(d, journey.id, { name: text || 'Renamed', persona: text, goal: text, critical: b % 2 === 1 }) : d;
  },
  (d, a, b) => {
    const journey = pick(d.journeys, a);
    return journey ? moveJourney(d, journey.id, b % (d.journeys.length + 1)) : d;
  },
  (d, a, b) => {
    const journey = pick(d.journeys, a);
    return journey ? setJourneyViewport(d, journey.id, { x: a - b, y: b / 3, zoom: 0.5 + (b % 10) / 10 }) : d;
  },
  (d, a) => {
    const journey = pick(d.journeys, a);
    return journey && d.journeys.length > 1 ? deleteJourney(d, journey.id) : d;
  },
  (d, _a, _b, text) => touch(renameSession(d, text || 'Session'), new Date(Date.parse(AT) + text.length * 1000)),
  // Several operations in one gesture (one transaction).
  (d, a, b, text, newId) => PARTICIPANT_OPS[9]!(PARTICIPANT_OPS[3]!(PARTICIPANT_OPS[4]!(d, a, b, text, newId), b, a, text, newId), a + 1, b, text, newId),
];

/** What only the facilitator's app does. */
const HOST_OPS: Op[] = [
  (d, _a, b, text, newId) => addParticipant(d, { id: newId(), name: text.trim() || 'Cy', role: b % 2 ? 'participant' : 'observer' }),
  (d, a, _b, text) => {
    const participant = pick(d.participants, a);
    return participant ? updateParticipant(d, participant.id, { name: text.trim() || 'Renamed' }) : d;
  },
  (d, a) => setSpeaker(d, pick(d.participants, a)?.id ?? null),
  (d, _a, b, text, newId) => addPhase(d, { id: newId(), name: text.trim() || 'Phase', minutes: (b % 30) + 1 }),
  (d, a) => (d.workshop.timer.startedAt ? pauseTimer : startTimer)(d, new Date(Date.parse(AT) + (a + 1) * 60_000)),
  (d, a, b) => {
    const threat = pick(d.threats, a);
    return threat ? updateThreat(d, threat.id, { votes: b % 7 }) : d;
  },
  (d, _a, b, _text, newId) => {
    const opened = openVote(d, { id: newId(), scope: 'session', dotsPerParticipant: (b % 5) + 1 }, new Date(Date.parse(AT)));
    return opened === d ? revealVote(d) : opened;
  },
  (d, a, b, text, newId) => {
    const m1 = pick(d.mitigations, a);
    const m2 = pick(d.mitigations, b);
    if (!m1 || !m2 || m1 === m2) return d;
    return { ...d, backlogPins: [...d.backlogPins, { id: newId(), itemKey: `mitigation:${m1.id}`, relation: 'above', otherKey: `mitigation:${m2.id}`, note: text, by: 'Ana', at: AT }] };
  },
];

describe('honest edits pass', () => {
  it('each kind of participant edit, alone, passes and describes what it changed', () => {
    let n = 0;
    const newId = () => `n${++n}`;
    for (let op = 0; op < PARTICIPANT_OPS.length; op++) {
      for (const [a, b, base] of [
        [0, 1, liveSession],
        [3, 2, liveSession],
        [5, 7, checkoutSession],
      ] as const) {
        const host = hostOf(base());
        const peer = new Peer(host, 'participant');
        peer.edit((d) => PARTICIPANT_OPS[op]!(d, a, b, 'Card “skim” <b>', newId));
        for (const update of peer.pending) {
          accepted(update, host);
          expect(describeUpdate(update, host).entities.length).toBeGreaterThan(0);
          Y.applyUpdate(host, update, 'peer');
        }
        expect(layoutProblems(host), `op ${op}`).toEqual([]);
      }
    }
  });

  it('each kind of facilitator edit passes as the host’s, and is refused from a participant', () => {
    let n = 0;
    const newId = () => `h${++n}`;
    for (let op = 0; op < HOST_OPS.length; op++) {
      const host = hostOf(richSession());
      const facilitator = new Peer(host, 'host');
      facilitator.edit((d) => HOST_OPS[op]!(d, 1, 2, 'Cy', newId));
      expect(facilitator.pending.length, `op ${op}`).toBeGreaterThan(0);
      for (const update of facilitator.pending) {
        accepted(update, host, 'host');
        refused(update, host, 'participant');
        Y.applyUpdate(host, update);
      }
      expect(layoutProblems(host), `op ${op}`).toEqual([]);
    }
  });

  it('random interleavings of edits, offline batches and undo from several peers all pass and converge', () => {
    const command = fc.record({
      who: fc.nat(2),
      what: fc.constantFrom('edit', 'edit', 'edit', 'undo', 'send', 'reconnect', 'pull'),
      op: fc.nat(),
      a: fc.nat(40),
      b: fc.nat(40),
      text: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
        let n = 0;
        const newId = () => `x${++n}`;
        const host = hostOf(liveSession());
        const hostView = new Projection(host);
        host.on('afterTransaction', (tr: Y.Transaction) => hostView.update(tr));
        // Two participants and the facilitator's own app (a host writer).
        const peers = [new Peer(host, 'participant'), new Peer(host, 'participant'), new Peer(host, 'host')];
        const deliver = (peer: Peer, update: Uint8Array) => {
          const verdict = checkUpdate(update, host, { writer: peer.writer });
          if (!verdict.ok) throw new Error(`honest update refused: ${verdict.reason}`);
          describeUpdate(update, host);
          Y.applyUpdate(host, update, peer);
        };
        for (const c of commands) {
          const peer = peers[c.who]!;
          if (c.what === 'edit') {
            const ops = peer.writer === 'host' && c.op % 3 === 0 ? HOST_OPS : PARTICIPANT_OPS;
            peer.edit((d) => ops[c.op % ops.length]!(d, c.a, c.b, c.text, newId));
          } else if (c.what === 'undo') {
            peer.undo.undo();
          } else if (c.what === 'send') {
            for (const update of peer.pending) deliver(peer, update);
            peer.pending = [];
          } else if (c.what === 'reconnect') {
            deliver(peer, peer.diffFor(host));
          } else {
            peer.pull(host);
          }
        }
        for (const peer of peers) deliver(peer, peer.diffFor(host));
        for (const peer of peers) peer.pull(host);
        expect(layoutProblems(host)).toEqual([]);
        for (const peer of peers) expect(peer.projection.document).toEqual(hostView.document);
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('a big offline batch (hundreds of edits, then one reconnect) passes', () => {
    let n = 0;
    const newId = () => `b${++n}`;
    const host = hostOf(liveSession());
    const peer = new Peer(host, 'participant');
    for (let i = 0; i < 400; i++) peer.edit((d) => PARTICIPANT_OPS[(i * 7) % PARTICIPANT_OPS.length]!(d, i, i * 3, `edit ${i}`, newId));
    const update = peer.diffFor(host);
    accepted(update, host);
    Y.applyUpdate(host, update);
    expect(layoutProblems(host)).toEqual([]);
    expect(new Projection(host).document).toEqual(peer.projection.document);
  });

  it('concurrent edits of the same title: the loser, deleted and collected on its peer, arrives as a deleted item and passes', () => {
    for (const [ann, bo] of [
      [100, 200],
      [200, 100],
    ] as const) {
      const host = hostOf(liveSession());
      const a = new Peer(host, 'participant', ann);
      const b = new Peer(host, 'participant', bo);
      a.edit((d) => updateThreat(d, 't1', { title: 'Ann’s title' }));
      b.edit((d) => updateThreat(d, 't1', { title: 'Bo’s title' }));
      const fromB = b.diffFor(host);
      accepted(fromB, host);
      Y.applyUpdate(host, fromB);
      // Ann reconnects: she gets Bo's title first (sync step 2 from the host), then answers.
      a.pull(host);
      const fromA = a.diffFor(host);
      accepted(fromA, host);
      Y.applyUpdate(host, fromA);
      b.pull(host);
      const title = new Projection(host).document.threats.find((t) => t.id === 't1')!.title;
      expect(title).toBe(ann < bo ? 'Bo’s title' : 'Ann’s title');
      expect(a.projection.document).toEqual(b.projection.document);
    }
  });

  it('an update the host already has (a resent or raced sync step 2) passes and changes nothing', () => {
    const host = hostOf(liveSession());
    const peer = new Peer(host, 'participant');
    const vectorBefore = Y.encodeStateVector(host);
    peer.edit((d) => updateThreat(d, 't1', { title: 'Skimming' }));
    peer.edit((d) => updateThreat(d, 't1', { title: 'Skimming again' }));
    for (const update of peer.pending) Y.applyUpdate(host, update);
    // The step 2 answer to the host's older state vector arrives after the updates themselves.
    const late = Y.encodeStateAsUpdate(peer.ydoc, vectorBefore);
    accepted(late, host);
    expect(describeUpdate(late, host).entities).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile updates

describe('hostile updates are refused, with a reason, never a throw', () => {
  const host = hostOf(richSession());

  it('an unknown root', () => {
    expect(refused(rawUpdate(host, (d) => d.getMap('evil').set('x', 1)), host, 'host')).toMatch(/unknown root "evil"/);
  });

  it('prototype keys: as an entity id, as a field, inside a value', () => {
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'threats').set('__proto__', new Y.Map())), host, 'host')).toMatch(/reserved key "__proto__"/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'steps').set('constructor', new Y.Map())), host, 'host')).toMatch(/reserved key/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('__proto__', 'x')), host, 'host')).toMatch(/reserved key/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'session').set('prototype', 'x')), host, 'host')).toMatch(/reserved key/);
    // JSON.parse makes "__proto__" an own key; Yjs's decoder turns it into the object's prototype,
    // which a schema reading `position.x` would accept.
    const polluted = JSON.parse('{"__proto__": {"x": 1, "y": 2}}') as unknown;
    expect(refused(rawUpdate(host, (d) => entity(d, 'steps', 's1').set('position', polluted)), host, 'host')).toMatch(/steps "s1"\.position/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'steps', 's1').set('position', { x: 1, y: 2, evil: true })), host, 'host')).toMatch(/not in the session format/);
  });

  it('nested Y types and other content kinds', () => {
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('notes', new Y.Text('typed'))), host, 'host')).toMatch(/Y\.Text is not allowed/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('notes', new Y.Array())), host, 'host')).toMatch(/Y\.Array is not allowed/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('statement', new Y.Map())), host, 'host')).toMatch(/nested map/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'session').set('settings', new Y.Map())), host, 'host')).toMatch(/nested map/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('notes', new Uint8Array([1, 2]))), host, 'host')).toMatch(/ContentBinary/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('notes', new Y.Doc())), host, 'host')).toMatch(/ContentDoc/);
    expect(refused(rawUpdate(host, (d) => d.getText('notes').insert(0, 'x')), host, 'host')).toMatch(/ContentString/);
    expect(refused(rawUpdate(host, (d) => d.getText('notes').insertEmbed(0, { img: 1 })), host, 'host')).toMatch(/ContentEmbed/);
    expect(refused(rawUpdate(host, (d) => d.getText('notes').insert(0, 'x', { bold: true })), host, 'host')).toMatch(/ContentFormat|ContentString/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'threats').set('t99', 'a value, not an entity')), host, 'host')).toMatch(/holds entity maps/);
  });

  it('array-style insertions into a map', () => {
    const fresh = new Y.Doc();
    fresh.getArray('steps').insert(0, [1]);
    expect(refused(Y.encodeStateAsUpdate(fresh), host, 'host')).toMatch(/extends a list/);
  });

  it('values the schema refuses', () => {
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('likelihood', 'high')), host, 'host')).toMatch(/threats "t1"\.likelihood/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('likelihood', 7)), host, 'host')).toMatch(/likelihood/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('title', 'x'.repeat(201))), host, 'host')).toMatch(/title.*200/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('title', '')), host, 'host')).toMatch(/title/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('anchor', { type: 'planet', id: 'x' })), host, 'host')).toMatch(/anchor/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('color', 'red')), host, 'host')).toMatch(/threats "t1"\.color: unknown field/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('id', 't2')), host, 'host')).toMatch(/unknown field/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('_o', 'not a key!')), host, 'host')).toMatch(/_o/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').set('_o', 'a'.repeat(129))), host, 'host')).toMatch(/_o/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'session').set('title', 42)), host, 'host')).toMatch(/session\.title/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'session').set('owner', 'me')), host, 'host')).toMatch(/session\.owner: unknown field/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'workshop').set('timer', { startedAt: null })), host, 'host')).toMatch(/workshop\.timer/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'steps').set('bad id!', new Y.Map())), host, 'host')).toMatch(/not a valid id/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'steps').set('s'.repeat(65), new Y.Map())), host, 'host')).toMatch(/not a valid id/);
  });

  it('a huge value: refused by size, or by the schema, and the reason stays short', () => {
    const huge = rawUpdate(host, (d) => entity(d, 'threats', 't1').set('notes', 'x'.repeat(5_000_000)));
    expect(refused(huge, host, 'host')).toMatch(/over the 1048576-byte limit/);
    expect(refused(huge, host, 'host', 10_000_000)).toMatch(/threats "t1"\.notes: .*20000/);
  });

  it('too many items in one update', () => {
    const fresh = new Y.Doc();
    fresh.getArray('steps').insert(0, Array.from({ length: UPDATE_LIMITS.maxItems + 1 }, () => 0));
    expect(refused(Y.encodeStateAsUpdate(fresh), host, 'host')).toMatch(/more than 20000 items/);
    const many = rawUpdate(host, (d) => {
      for (let i = 0; i < 20_001; i++) rootMap(d, 'session').set('title', `t${i}`);
    });
    expect(checkUpdate(many, host, { writer: 'host' })).toEqual({ ok: true });
    const manyEntities = rawUpdate(host, (d) => {
      for (let i = 0; i < 2_500; i++) {
        const map = new Y.Map();
        rootMap(d, 'threats').set(`many${i}`, map);
        for (const [key, value] of Object.entries({ title: 'T', anchor: null, category: { framework: 'C', key: 'c' }, _o: 'a0', votes: 0, notes: '', status: 'open', likelihood: 3 }))
          map.set(key, value);
      }
    });
    expect(refused(manyEntities, host, 'host')).toMatch(/more than 20000 items/);
  });

  it('host-only writes from a participant: threat votes, workshop ballots, participants, pins, the session id', () => {
    const votes = rawUpdate(host, (d) => entity(d, 'threats', 't1').set('votes', 99));
    expect(refused(votes, host)).toMatch(/participant may not change threats "t1"\.votes/);
    accepted(votes, host, 'host');
    const ballots = rawUpdate(host, (d) =>
      rootMap(d, 'workshop').set('votes', [
        { id: 'v1', scope: 'session', dotsPerParticipant: 3, status: 'open', openedAt: AT, ballots: [{ participantId: 'p1', threatId: 't1', dots: 3 }] },
      ]),
    );
    expect(refused(ballots, host)).toMatch(/participant may not change workshop\.votes/);
    accepted(ballots, host, 'host');
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'workshop').set('currentPhaseId', 'ph1')), host)).toMatch(/workshop\.currentPhaseId/);
    const newParticipant = rawUpdate(host, (d) => {
      const map = new Y.Map();
      rootMap(d, 'participants').set('p9', map);
      map.set('name', 'Mallory');
      map.set('role', 'facilitator');
      map.set('_o', 'a5');
    });
    expect(refused(newParticipant, host)).toMatch(/participant may not change participants/);
    accepted(newParticipant, host, 'host');
    expect(refused(rawUpdate(host, (d) => entity(d, 'participants', 'p1').set('role', 'observer')), host)).toMatch(/participants/);
    expect(refused(rawUpdate(host, (d) => entity(d, 'backlogPins', 'pin1').set('note', 'mine')), host)).toMatch(/backlogPins/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'session').set('id', 'other')), host)).toMatch(/session\.id/);
    // A participant's new threat starts at no votes; with votes, it is refused.
    const forged = rawUpdate(host, (d) => {
      const map = new Y.Map();
      rootMap(d, 'threats').set('t-new', map);
      for (const [key, value] of Object.entries({ title: 'Mine', anchor: null, category: { framework: 'C', key: 'c' }, votes: 50, _o: 'a5' })) map.set(key, value);
    });
    expect(refused(forged, host)).toMatch(/threats "t-new"\.votes/);
  });

  it('host-only deletions from a participant: a participant, a pin, a threat’s votes, the workshop', () => {
    const participant = rawUpdate(host, (d) => rootMap(d, 'participants').delete('p2'));
    expect(refused(participant, host)).toMatch(/may not delete from participants/);
    accepted(participant, host, 'host');
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'backlogPins').delete('pin1')), host)).toMatch(/backlogPins/);
    const votes = rawUpdate(host, (d) => entity(d, 'threats', 't1').delete('votes'));
    expect(refused(votes, host)).toMatch(/participant may not change threats "t1"\.votes/);
    // (From the host too, but for another reason: votes has a default, so every threat holds it.)
    expect(refused(votes, host, 'host')).toMatch(/threats "t1"\.votes: a required field is removed/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'workshop').delete('votes')), host)).toMatch(/workshop\.votes/);
    // Deleting a whole threat takes its votes with it: allowed.
    accepted(rawUpdate(host, (d) => rootMap(d, 'threats').delete('t1')), host);
  });

  it('removing a required field, or adding an entity without one', () => {
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').delete('title')), host, 'host')).toMatch(/threats "t1"\.title: a required field is removed/);
    expect(refused(rawUpdate(host, (d) => rootMap(d, 'session').delete('title')), host, 'host')).toMatch(/session\.title/);
    const bare = rawUpdate(host, (d) => {
      const map = new Y.Map();
      rootMap(d, 'steps').set('s-new', map);
      map.set('label', 'No journey');
      map.set('_o', 'a5');
    });
    expect(refused(bare, host, 'host')).toMatch(/steps "s-new": new entity without journeyId/);
    // Optional fields may go; fields with a default stay (the app reads them as always there).
    accepted(rawUpdate(host, (d) => entity(d, 'threats', 't1').delete('authorId')), host);
    expect(refused(rawUpdate(host, (d) => entity(d, 'threats', 't1').delete('notes')), host)).toMatch(/notes: a required field is removed/);
    const noNotes = rawUpdate(host, (d) => {
      const map = new Y.Map();
      rootMap(d, 'threats').set('t-bare', map);
      for (const [key, value] of Object.entries({ title: 'Bare', anchor: null, category: { framework: 'C', key: 'c' }, _o: 'a5' })) map.set(key, value);
    });
    expect(refused(noNotes, host)).toMatch(/threats "t-bare": new entity without/);
  });

  it('a collection past its limit', () => {
    const small = hostOf(richSession());
    const update = rawUpdate(small, (d) => {
      for (let i = 0; i < 1_000; i++) {
        const map = new Y.Map();
        rootMap(d, 'journeys').set(`j-extra-${i}`, map);
        for (const [key, value] of Object.entries({ name: 'J', persona: '', goal: '', critical: false, stages: [], _o: 'a5' })) map.set(key, value);
      }
    });
    expect(refused(update, small, 'host')).toMatch(/journeys: a session holds at most 1000/);
  });

  it('an item whose parent, origin or deleted target the host does not have', () => {
    // Bo adds a step the host never gets; Cy, who got it from Bo, then edits or deletes it.
    const bo = new Y.Doc();
    Y.applyUpdate(bo, Y.encodeStateAsUpdate(host));
    const created: Uint8Array[] = [];
    bo.on('update', (u: Uint8Array) => created.push(u));
    bo.transact(() => {
      const map = new Y.Map();
      rootMap(bo, 'steps').set('s-b', map);
      for (const [key, value] of Object.entries({ journeyId: 'j1', kind: 'action', label: 'B', position: { x: 0, y: 0 }, _o: 'a5' })) map.set(key, value);
    });
    const cy = (change: (doc: Y.Doc) => void): Uint8Array => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(host));
      Y.applyUpdate(doc, created[0]!);
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      change(doc);
      return updates[0]!;
    };
    expect(refused(cy((d) => entity(d, 'steps', 's-b').set('description', 'first')), host)).toMatch(/refers to a change the host does not have/);
    // (Its delete set names b's old label too: either finding refuses it.)
    expect(refused(cy((d) => entity(d, 'steps', 's-b').set('label', 'overwritten')), host)).toMatch(/the host does not have/);
    expect(refused(cy((d) => rootMap(d, 'steps').delete('s-b')), host)).toMatch(/deletes changes the host does not have/);
    // And a client's later change without its earlier one: a gap.
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(host));
    const fromD: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => fromD.push(u));
    entity(d, 'threats', 't2').set('notes', 'one');
    entity(d, 'threats', 't2').set('notes', 'two');
    expect(refused(fromD[1]!, host)).toMatch(/depends on changes the host does not have/);
    accepted(fromD[0]!, host);
  });

  it('garbage bytes and truncated updates', () => {
    for (const bytes of [new Uint8Array([]), new Uint8Array([255]), new Uint8Array([1, 2, 3, 4, 5]), new TextEncoder().encode('{"session":{}}')]) refused(bytes, host, 'host');
    expect(checkUpdate('not bytes' as unknown as Uint8Array, host, { writer: 'host' }).ok).toBe(false);
    const peer = new Peer(host, 'participant');
    peer.edit((d) => addThreat(d, blankThreat({ type: 'step', id: 's1' }, { id: 'tt', title: 'Truncated' })));
    const whole = peer.diffFor(host);
    for (let length = 0; length < whole.length; length++) refused(whole.slice(0, length), host);
    const padded = new Uint8Array(whole.length + 1);
    padded.set(whole);
    expect(refused(padded, host)).toMatch(/malformed/);
    accepted(whole, host);
  });

  it('an update inside a larger buffer is read only up to its end', () => {
    const update = rawUpdate(host, (d) => entity(d, 'threats', 't1').set('title', 'Inside'));
    const buffer = new Uint8Array(update.length + 50).fill(7);
    buffer.set(update, 10);
    accepted(buffer.subarray(10, 10 + update.length), host);
    refused(buffer.subarray(10, 10 + update.length - 1), host);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made updates: what no Y.Doc API produces

/** A tiny Yjs v1 update writer for structs no honest client makes. */
function handUpdate(
  client: number,
  clock: number,
  structs: Array<
    | { gc: number }
    | { skip: number }
    | {
        origin?: [number, number];
        rightOrigin?: [number, number];
        parent?: string | [number, number];
        key?: string;
        content: { any: unknown[] } | { deleted: number } | { type: number } | { json: string[] };
      }
  >,
  deletes: Array<[number, number, number]> = [],
  extraClient?: { client: number; clock: number },
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, extraClient ? 2 : 1);
  const writeClient = (c: number, k: number) => {
    encoding.writeVarUint(e, structs.length);
    encoding.writeVarUint(e, c);
    encoding.writeVarUint(e, k);
    for (const s of structs) {
      if ('gc' in s) {
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, s.gc);
        continue;
      }
      if ('skip' in s) {
        encoding.writeUint8(e, 10);
        encoding.writeVarUint(e, s.skip);
        continue;
      }
      const ref = 'any' in s.content ? 8 : 'deleted' in s.content ? 1 : 'type' in s.content ? 7 : 2;
      const info = ref | (s.origin ? 0x80 : 0) | (s.rightOrigin ? 0x40 : 0) | (s.key !== undefined ? 0x20 : 0);
      encoding.writeUint8(e, info);
      if (s.origin) s.origin.forEach((n) => encoding.writeVarUint(e, n));
      if (s.rightOrigin) s.rightOrigin.forEach((n) => encoding.writeVarUint(e, n));
      if (!s.origin && !s.rightOrigin) {
        if (typeof s.parent === 'string') {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, s.parent);
        } else {
          encoding.writeVarUint(e, 0);
          s.parent!.forEach((n) => encoding.writeVarUint(e, n));
        }
        if (s.key !== undefined) encoding.writeVarString(e, s.key);
      }
      const content = s.content;
      if ('any' in content) {
        encoding.writeVarUint(e, content.any.length);
        content.any.forEach((v) => encoding.writeAny(e, v as never));
      } else if ('deleted' in content) encoding.writeVarUint(e, content.deleted);
      else if ('type' in content) encoding.writeVarUint(e, content.type);
      else {
        encoding.writeVarUint(e, content.json.length);
        content.json.forEach((v) => encoding.writeVarString(e, v));
      }
    }
  };
  writeClient(client, clock);
  if (extraClient) writeClient(extraClient.client, extraClient.clock);
  const byClient = new Map<number, [number, number][]>();
  for (const [c, k, l] of deletes) byClient.set(c, [...(byClient.get(c) ?? []), [k, l]]);
  encoding.writeVarUint(e, byClient.size);
  for (const [c, ranges] of byClient) {
    encoding.writeVarUint(e, c);
    encoding.writeVarUint(e, ranges.length);
    for (const [k, l] of ranges) {
      encoding.writeVarUint(e, k);
      encoding.writeVarUint(e, l);
    }
  }
  return encoding.toUint8Array(e);
}

/** The Y.Item holding an entity's field in the host. */
function itemOf(doc: Y.Doc, collection: Collection, id: string, key?: string): Y.Item {
  const map = rootMap(doc, collection);
  const entry = map._map.get(id)!;
  return key === undefined ? entry : (entry.content as Y.ContentType).type._map.get(key)!;
}

describe('hand-made updates', () => {
  const host = hostOf(richSession());
  const MALLORY = 4242;

  it('an honest-looking hand-made write passes (the writer is right)', () => {
    const title = itemOf(host, 'threats', 't1', 'title');
    accepted(handUpdate(MALLORY, 0, [{ origin: [title.id.client, title.id.clock], content: { any: ['Hand-made'] } }]), host);
  });

  it('ContentJSON, unknown content and type refs, a client named twice, zero-length structs', () => {
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'session', key: 'title', content: { json: ['"x"'] } }]), host)).toMatch(/ContentJSON/);
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'threats', key: 'tx', content: { type: 9 } }]), host)).toMatch(/unknown type/);
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'threats', key: 'tx', content: { type: 5 } }]), host)).toMatch(/Y\.XmlHook/);
    expect(refused(handUpdate(MALLORY, 0, [{ gc: 1 }], [], { client: MALLORY, clock: 1 }), host)).toMatch(/client appears twice/);
    expect(refused(handUpdate(MALLORY, 0, [{ gc: 0 }]), host)).toMatch(/malformed/);
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'session', key: 'title', content: { any: [] } }]), host)).toMatch(/malformed/);
  });

  it('a map value given as a list of values checks every value', () => {
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'session', key: 'title', content: { any: ['ok', 'x'.repeat(300)] } }]), host)).toMatch(/session\.title/);
  });

  it('an origin inside a list, an origin of the future, circular origins', () => {
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'session', content: { any: ['x'] } }]), host)).toMatch(/extends a list/);
    expect(refused(handUpdate(MALLORY, 0, [{ origin: [MALLORY, 5], content: { any: ['x'] } }]), host)).toMatch(/later change of its own/);
    const e = encoding.createEncoder();
    // Two clients whose first items name each other as origin.
    encoding.writeVarUint(e, 2);
    for (const [client, other] of [
      [7001, 7002],
      [7002, 7001],
    ]) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, client!);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 8 | 0x80);
      encoding.writeVarUint(e, other!);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, 'x');
    }
    encoding.writeVarUint(e, 0);
    expect(refused(encoding.toUint8Array(e), host)).toMatch(/circular/);
  });

  it('a right origin (how lists and texts insert; maps never do)', () => {
    const title = itemOf(host, 'threats', 't1', 'title');
    expect(refused(handUpdate(MALLORY, 0, [{ rightOrigin: [title.id.client, title.id.clock], content: { any: ['x'] } }]), host)).toMatch(/right origin/);
  });

  it('a deleted item placed to win over the current title removes it: refused; placed to lose: harmless, passes', () => {
    const target = new Y.Doc();
    Y.applyUpdate(target, Y.encodeStateAsUpdate(host));
    const original = itemOf(target, 'threats', 't1', 'title');
    const bo = new Y.Doc();
    bo.clientID = 1_000_000;
    Y.applyUpdate(bo, Y.encodeStateAsUpdate(target));
    const fromBo: Uint8Array[] = [];
    bo.on('update', (u: Uint8Array) => fromBo.push(u));
    entity(bo, 'threats', 't1').set('title', 'Bo’s title');
    Y.applyUpdate(target, fromBo[0]!);
    const origin: [number, number] = [original.id.client, original.id.clock];
    // Same origin as Bo's title: Yjs orders the two by client id, the higher one last (current).
    expect(refused(handUpdate(2_000_000, 0, [{ origin, content: { deleted: 1 } }]), target, 'host')).toMatch(/title: a required field is removed/);
    accepted(handUpdate(5, 0, [{ origin, content: { deleted: 1 } }]), target, 'host');
    // A deleted item after the current value removes it whatever its client.
    const current = itemOf(target, 'threats', 't1', 'title');
    expect(refused(handUpdate(5, 0, [{ origin: [current.id.client, current.id.clock], content: { deleted: 1 } }]), target, 'host')).toMatch(/required field is removed/);
    // An optional field may be removed that way.
    const author = itemOf(target, 'threats', 't1', 'authorId');
    accepted(handUpdate(5, 0, [{ origin: [author.id.client, author.id.clock], content: { deleted: 1 } }]), target, 'host');
  });

  it('a parent that is a value, not a map', () => {
    const title = itemOf(host, 'threats', 't1', 'title');
    expect(refused(handUpdate(MALLORY, 0, [{ parent: [title.id.client, title.id.clock], key: 'x', content: { any: [1] } }]), host)).toMatch(/not a map/);
  });

  it('a skip that leaves a gap before the next struct', () => {
    expect(refused(handUpdate(MALLORY, 0, [{ skip: 3 }, { parent: 'session', key: 'title', content: { any: ['x'] } }]), host)).toMatch(/depends on changes/);
  });

  it('writing in the host’s own name', () => {
    expect(refused(handUpdate(host.clientID, Y.getState(host.store, host.clientID), [{ parent: 'session', key: 'title', content: { any: ['x'] } }]), host)).toMatch(/host’s name/);
  });

  it('a deleted item written over a host-only value, or over a collection entry', () => {
    const votes = itemOf(host, 'threats', 't1', 'votes');
    expect(refused(handUpdate(MALLORY, 0, [{ origin: [votes.id.client, votes.id.clock], content: { deleted: 1 } }]), host)).toMatch(/threats "t1"\.votes/);
    const participant = itemOf(host, 'participants', 'p2');
    expect(refused(handUpdate(MALLORY, 0, [{ origin: [participant.id.client, participant.id.clock], content: { deleted: 1 } }]), host)).toMatch(/participants/);
    const title = itemOf(host, 'threats', 't1', 'title');
    expect(refused(handUpdate(MALLORY, 0, [{ origin: [title.id.client, title.id.clock], content: { deleted: 1 } }]), host)).toMatch(/title: a required field is removed/);
  });

  it('a struct that overlaps what the host has, elsewhere: refused; in the same place: passes', () => {
    const peerDoc = new Y.Doc();
    Y.applyUpdate(peerDoc, Y.encodeStateAsUpdate(host));
    const target = new Y.Doc();
    Y.applyUpdate(target, Y.encodeStateAsUpdate(host));
    const updates: Uint8Array[] = [];
    peerDoc.on('update', (u: Uint8Array) => updates.push(u));
    entity(peerDoc, 'threats', 't2').set('notes', 'one');
    Y.applyUpdate(target, updates[0]!);
    const client = peerDoc.clientID;
    const votes = itemOf(target, 'threats', 't1', 'votes');
    // Clock 0 is known to the target (its notes); the struct claims clocks 0–1 and a place on t1's votes.
    expect(refused(handUpdate(client, 0, [{ origin: [votes.id.client, votes.id.clock], content: { any: [1, 7] } }]), target, 'host')).toMatch(/overlaps/);
    const notes = itemOf(target, 'threats', 't2', 'notes');
    const original = notes.origin!;
    accepted(handUpdate(client, 0, [{ origin: [original.client, original.clock], content: { any: ['one', 'two'] } }]), target);
  });

  it('deep nesting and odd values inside a value', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, MALLORY);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, 8 | 0x20);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 'session');
    encoding.writeVarString(e, 'title');
    encoding.writeVarUint(e, 1);
    for (let i = 0; i < 100_000; i++) {
      encoding.writeUint8(e, 117);
      encoding.writeVarUint(e, 1);
    }
    encoding.writeUint8(e, 126);
    encoding.writeVarUint(e, 0);
    refused(encoding.toUint8Array(e), host);
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'session', key: 'title', content: { any: [undefined] } }]), host)).toMatch(/no value/);
    expect(refused(handUpdate(MALLORY, 0, [{ parent: 'session', key: 'title', content: { any: [BigInt(1)] } }]), host)).toMatch(/session\.title/);
  });
});

// ---------------------------------------------------------------------------------------------
// Soundness: whatever passes keeps the layout

describe('an accepted update keeps the session’s layout', () => {
  it('random byte damage to honest updates: never a throw; what passes applies cleanly and keeps the layout', () => {
    const base = liveSession();
    const host = hostOf(base);
    const peer = new Peer(host, 'participant');
    let n = 0;
    const newId = () => `d${++n}`;
    peer.edit((d) => addThreat(d, blankThreat({ type: 'step', id: 's1' }, { id: newId(), title: 'Fresh' })));
    peer.edit((d) => updateThreat(d, 't2', { title: 'Renamed', likelihood: 5 }));
    peer.edit((d) => deleteSteps(d, ['s4']));
    peer.edit((d) => updateStep(d, 's1', { label: 'Opened' }));
    const honest = peer.diffFor(host);
    accepted(honest, host);
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(honest.length - 1), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        fc.nat(honest.length),
        (flips, cut) => {
          const damaged = honest.slice(0, Math.max(cut, 1));
          for (const { at, value } of flips) if (at < damaged.length) damaged[at] = value;
          let verdict: ReturnType<typeof checkUpdate> | undefined;
          expect(() => (verdict = checkUpdate(damaged, host, { writer: 'participant' }))).not.toThrow();
          if (!verdict!.ok) return;
          const trial = new Y.Doc();
          Y.applyUpdate(trial, Y.encodeStateAsUpdate(host));
          expect(() => Y.applyUpdate(trial, damaged)).not.toThrow();
          expect(trial.store.pendingStructs).toBeNull();
          expect(trial.store.pendingDs).toBeNull();
          expect(layoutProblems(trial)).toEqual([]);
          expect(readDocument(trial).participants).toEqual(readDocument(host).participants);
          expect(readDocument(trial).workshop).toEqual(readDocument(host).workshop);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random hand-made updates against real items: never a throw; what passes keeps the layout and the host’s data', () => {
    const host = hostOf(richSession());
    const before = readDocument(host);
    const items: [number, number][] = [];
    const entities: [number, number][] = [];
    for (const [client, structs] of host.store.clients) {
      for (const struct of structs) {
        if (!(struct instanceof Y.Item)) continue;
        items.push([client, struct.id.clock]);
        if (struct.content instanceof Y.ContentType) entities.push([client, struct.id.clock]);
      }
    }
    const hostClients = [...host.store.clients.keys()];
    const key = fc.constantFrom('title', 'likelihood', 'votes', 'notes', '_o', 'name', 'role', 'label', 'position', 'anchor', 'category', 'phases', 'id', '__proto__', 'x', 't1', 'p1', 's9', 'n1');
    const value = fc.oneof(
      fc.constantFrom<unknown>('T', '', 3, 7, 0, 99, null, true, 'a0', 'zz', 'participant', 'open', AT, [], ['a'], { x: 1, y: 2 }, { type: 'step', id: 's1' }, { framework: 'C', key: 'c' }),
      fc.string({ maxLength: 8 }),
    );
    const content = fc.oneof(
      { weight: 5, arbitrary: fc.array(value, { minLength: 1, maxLength: 2 }).map((any) => ({ any })) },
      { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map((deleted) => ({ deleted })) },
      { weight: 2, arbitrary: fc.constant({ type: 1 }) },
    );
    const struct = fc.oneof(
      fc.record({ parent: fc.constantFrom<string | [number, number]>(...ROOT_MAPS, 'evil'), key, content }),
      fc.record({ parent: fc.constantFrom(...entities), key, content }),
      fc.record({ parent: fc.tuple(fc.constant(777), fc.nat(6)), key, content }),
      fc.record({ origin: fc.constantFrom(...items), content }),
      fc.record({ origin: fc.tuple(fc.constant(777), fc.nat(6)), content }),
      fc.integer({ min: 1, max: 3 }).map((gc) => ({ gc })),
    );
    const deletes = fc.array(fc.tuple(fc.constantFrom(...hostClients, 777), fc.nat(200), fc.integer({ min: 1, max: 20 })), { maxLength: 2 });
    let passed = 0;
    fc.assert(
      fc.property(fc.array(struct, { minLength: 1, maxLength: 6 }), deletes, fc.constantFrom<UpdateWriter>('participant', 'host'), (structs, ds, writer) => {
        const update = handUpdate(777, 0, structs, ds);
        let verdict: ReturnType<typeof checkUpdate> | undefined;
        expect(() => (verdict = checkUpdate(update, host, { writer }))).not.toThrow();
        if (!verdict!.ok) return;
        passed++;
        const trial = new Y.Doc();
        Y.applyUpdate(trial, Y.encodeStateAsUpdate(host));
        expect(() => Y.applyUpdate(trial, update)).not.toThrow();
        expect(trial.store.pendingStructs).toBeNull();
        expect(trial.store.pendingDs).toBeNull();
        expect(layoutProblems(trial)).toEqual([]);
        if (writer !== 'participant') return;
        const after = readDocument(trial);
        expect(after.participants).toEqual(before.participants);
        expect(after.backlogPins).toEqual(before.backlogPins);
        expect(after.workshop).toEqual(before.workshop);
        expect([after.session.id, after.session.createdAt]).toEqual([before.session.id, before.session.createdAt]);
        // A threat keeps its votes; one made anew (a fresh map, even under an old id) starts at none.
        for (const threat of after.threats) {
          const same = rootMap(trial, 'threats')._map.get(threat.id)!.id;
          const old = rootMap(host, 'threats')._map.get(threat.id)?.id;
          const kept = old !== undefined && Y.compareIDs(same, old);
          expect(threat.votes).toBe(kept ? before.threats.find((t) => t.id === threat.id)!.votes : 0);
        }
      }),
      { numRuns: 3_000 },
    );
    // The oracle ran on accepted updates, not only on refusals.
    expect(passed).toBeGreaterThan(30);
  }, 120_000);

  it('random garbage: never a throw', () => {
    const host = hostOf(richSession());
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(() => checkUpdate(bytes, host, { writer: 'participant' })).not.toThrow();
        expect(() => describeUpdate(bytes, host)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The description for the audit log

describe('describeUpdate', () => {
  it('names the entities and fields an update adds, changes and deletes', () => {
    const host = hostOf(liveSession());
    const peer = new Peer(host, 'participant');
    const send = (from: Peer) => {
      const update = from.diffFor(host);
      const description = describeUpdate(update, host);
      Y.applyUpdate(host, update);
      return description;
    };
    peer.edit((d) => updateThreat(d, 't1', { title: 'Card testing', notes: 'Seen in the logs' }));
    expect(send(peer)).toEqual({
      entities: [{ collection: 'threats', id: 't1', fields: ['notes', 'title'], kind: 'changed' }],
    });
    peer.edit((d) => addThreat(d, blankThreat({ type: 'step', id: 's1' }, { id: 't-new', title: 'New' })));
    const added = send(peer).entities;
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ collection: 'threats', id: 't-new', kind: 'added' });
    expect(added[0]!.fields).toEqual(expect.arrayContaining(['title', 'anchor', 'votes', '_o']));
    const second = new Peer(host, 'participant');
    second.edit((d) => deleteOutcome(d, 'o2'));
    expect(send(second)).toEqual({ entities: [{ collection: 'outcomes', id: 'o2', fields: [], kind: 'deleted' }] });
    second.edit((d) => moveJourney(touch(d, new Date(Date.parse(AT) + 5000)), 'j2', 0));
    expect(send(second).entities).toEqual(
      expect.arrayContaining([
        { collection: 'session', id: 'session', fields: ['updatedAt'], kind: 'changed' },
        // j2 keeps its key and j1 gets one after it: the smallest write for the move.
        { collection: 'journeys', id: 'j1', fields: ['_o'], kind: 'changed' },
      ]),
    );
    second.edit((d) => ({ ...d, threats: d.threats.map((t) => (t.id === 't1' ? { ...t, authorId: undefined } : t)) }));
    expect(send(second)).toEqual({ entities: [{ collection: 'threats', id: 't1', fields: ['authorId'], kind: 'changed' }] });
  });

  it('an entity added and deleted again offline describes nothing; garbage describes nothing', () => {
    const host = hostOf(liveSession());
    const peer = new Peer(host, 'participant');
    peer.edit((d) => addThreat(d, blankThreat(null, { id: 'gone', title: 'Gone' })));
    peer.edit((d) => deleteThreats(d, ['gone']));
    const update = peer.diffFor(host);
    accepted(update, host);
    expect(describeUpdate(update, host)).toEqual({ entities: [] });
    expect(describeUpdate(new Uint8Array([9, 9, 9]), host)).toEqual({ entities: [] });
  });

  it('inspectUpdate gives the verdict and the description in one reading', () => {
    const host = hostOf(liveSession());
    const peer = new Peer(host, 'participant');
    peer.edit((d) => updateStep(d, 's1', { label: 'Open the cart' }));
    expect(inspectUpdate(peer.diffFor(host), host, { writer: 'participant' })).toEqual({
      ok: true,
      description: { entities: [{ collection: 'steps', id: 's1', fields: ['label'], kind: 'changed' }] },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Known conflicts between the host-only rules and honest participant gestures

describe('limits of the host-only rules', () => {
  it('a participant undoing the deletion of a voted threat restores the host’s votes: refused (see the report)', () => {
    const host = hostOf(richSession());
    const peer = new Peer(host, 'participant');
    peer.edit((d) => ({ ...d, threats: d.threats.filter((t) => t.id !== 't3') }));
    for (const update of peer.pending) {
      accepted(update, host);
      Y.applyUpdate(host, update);
    }
    peer.pending = [];
    peer.undo.undo();
    expect(peer.projection.document.threats.find((t) => t.id === 't3')?.votes).toBe(12);
    expect(refused(peer.diffFor(host), host)).toMatch(/threats "t3"\.votes/);
  });

  it('a participant deleting a threat that has ballots in a revealed vote also rewrites workshop.votes: refused (see the report)', () => {
    const doc = richSession();
    const host = hostOf(revealVote(doc));
    const peer = new Peer(host, 'participant');
    expect(peer.projection.document.workshop.votes[0]!.ballots.some((b) => b.threatId === 't1')).toBe(true);
    peer.edit((d) => deleteThreats(d, ['t1']));
    expect(refused(peer.diffFor(host), host)).toMatch(/workshop\.votes/);
    // Without the ballots rewrite (the projection drops ballots on gone threats anyway), it passes.
    const other = new Peer(host, 'participant');
    other.edit((d) => ({ ...d, threats: d.threats.filter((t) => t.id !== 't1') }));
    accepted(other.diffFor(host), host);
  });
});

// ---------------------------------------------------------------------------------------------
// The update inside a Hocuspocus message

describe('updateInMessage', () => {
  /** A message as the Hocuspocus provider frames it: address, message type, payload. */
  function message(type: number, write: (encoder: encoding.Encoder) => void, address = 'room-1'): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, address);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  }

  it('finds the update of a sync step 2, an update and a sync reply; nothing in step 1 or awareness', () => {
    const host = hostOf(richSession());
    const peer = new Peer(host, 'participant');
    peer.edit((d) => updateThreat(d, 't1', { title: 'From a message' }));
    const update = peer.pending[0]!;
    const asUpdate = updateInMessage(message(0, (e) => syncProtocol.writeUpdate(e, update), 'room-1\u0000session-9'));
    expect(asUpdate).toEqual({ kind: 'update', update });
    expect(checkUpdate((asUpdate as { update: Uint8Array }).update, host, { writer: 'participant' })).toEqual({ ok: true });
    const step2 = updateInMessage(message(0, (e) => syncProtocol.writeSyncStep2(e, peer.ydoc, Y.encodeStateVector(host))));
    expect(step2.kind).toBe('update');
    expect(checkUpdate((step2 as { update: Uint8Array }).update, host, { writer: 'participant' })).toEqual({ ok: true });
    expect(updateInMessage(message(4, (e) => syncProtocol.writeUpdate(e, update)))).toEqual({ kind: 'update', update });
    expect(updateInMessage(message(0, (e) => syncProtocol.writeSyncStep1(e, peer.ydoc)))).toEqual({ kind: 'none' });
    const awareness = new awarenessProtocol.Awareness(peer.ydoc);
    expect(updateInMessage(message(1, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [peer.ydoc.clientID]))))).toEqual({ kind: 'none' });
    awareness.destroy();
  });

  it('a broken frame is malformed, never a throw', () => {
    expect(updateInMessage(new Uint8Array([]))).toEqual({ kind: 'malformed' });
    expect(updateInMessage(message(0, (e) => encoding.writeVarUint(e, 7)))).toEqual({ kind: 'malformed' });
    const whole = message(0, (e) => syncProtocol.writeUpdate(e, new Uint8Array([0, 0])));
    expect(updateInMessage(whole.slice(0, whole.length - 1))).toEqual({ kind: 'malformed' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(() => updateInMessage(bytes)).not.toThrow();
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Cost

describe('cost', () => {
  it('checks a one-field edit of a 300-step / 1,500-threat session in microseconds (measured, reported)', () => {
    const doc = buildWorkload(WORKLOADS[0]!);
    const host = hostOf(doc);
    const peer = new Peer(host, 'participant');
    const threat = doc.threats[700]!;
    const median = (update: Uint8Array) => {
      const runs = 2_000;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        checkUpdate(update, host, { writer: 'participant' });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      return `median ${(times[runs / 2]! * 1000).toFixed(1)} µs, p99 ${(times[Math.floor(runs * 0.99)]! * 1000).toFixed(1)} µs`;
    };
    peer.edit((d) => updateThreat(d, threat.id, { title: 'Card testing' }));
    const plain = peer.diffFor(host);
    expect(Y.decodeUpdate(plain).structs).toHaveLength(1);
    accepted(plain, host);
    const plainCost = median(plain);
    Y.applyUpdate(host, plain);
    // The store's way: every gesture also stamps session.updatedAt, whose history grows by one
    // item per gesture. After 3,000 gestures, one more.
    let clock = Date.parse(AT);
    const gesture = (recipe: (d: SessionDocument) => SessionDocument) => peer.edit((d) => touch(recipe(d), new Date((clock += 1000))));
    for (let i = 0; i < 3_000; i++) gesture((d) => updateStep(d, d.steps[i % d.steps.length]!.id, { label: `Step ${i}` }));
    Y.applyUpdate(host, peer.diffFor(host));
    peer.pending = [];
    gesture((d) => updateThreat(d, threat.id, { notes: 'Seen in the logs' }));
    // As the provider sends it (the transaction's update), and as a reconnect's sync step 2 (whose
    // delete set lists every deletion the peer knows: 6,000 here).
    const [stamped] = peer.pending;
    expect(Y.decodeUpdate(stamped!).structs).toHaveLength(2);
    accepted(stamped!, host);
    const step2 = peer.diffFor(host);
    accepted(step2, host);
    console.info(
      `update-guard on ${doc.steps.length} steps / ${doc.threats.length} threats — one-field edit: ${plainCost}; ` +
        `one-field edit + updatedAt after 3,000 gestures: ${median(stamped!)}; the same as a sync step 2: ${median(step2)}`,
    );
  });
});
