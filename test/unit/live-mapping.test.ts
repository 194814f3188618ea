/**
 * The Yjs representation of a session: lossless both ways, the smallest writes for an edit, an
 * incremental projection that equals a full read, and convergence of concurrent edits.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { documentToYDoc, readDocument, writeDiff, COLLECTIONS } from '../../shared/live/ydoc-mapping.ts';
import { Projection } from '../../shared/live/projection.ts';
import { moveJourney, deleteSteps, updateStep, addSteps } from '../../shared/document-ops.ts';
import { addThreat, blankThreat, updateThreat } from '../../shared/threat-ops.ts';
import { sessionDocumentSchema, type SessionDocument } from '../../shared/schema.ts';
import { serializeSessionDocument } from '../../shared/session-file.ts';
import { richSession } from './session-damage.ts';
import { checkoutSession } from './export-fixture.ts';

const LOCAL = Symbol('local');

function fromDocument(doc: SessionDocument): Y.Doc {
  const ydoc = new Y.Doc();
  documentToYDoc(doc, ydoc);
  return ydoc;
}

/** A peer: a Y.Doc (built from the document, or joined from another peer's state), its projection, and its edits. */
function peer(doc: SessionDocument, joinFrom?: Y.Doc) {
  const ydoc = joinFrom ? new Y.Doc() : fromDocument(doc);
  if (joinFrom) Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(joinFrom));
  const projection = joinFrom ? new Projection(ydoc) : new Projection(ydoc, doc);
  ydoc.on('afterTransaction', (tr: Y.Transaction) => projection.update(tr));
  return {
    ydoc,
    projection,
    edit(recipe: (d: SessionDocument) => SessionDocument) {
      writeDiff(ydoc, projection.document, recipe(projection.document), LOCAL);
    },
  };
}

describe('the Yjs mapping', () => {
  it('is lossless both ways: a file → Y.Doc → file is the same file', () => {
    for (const doc of [richSession(), checkoutSession()]) {
      const back = readDocument(fromDocument(doc));
      expect(serializeSessionDocument(back)).toBe(serializeSessionDocument(sessionDocumentSchema.parse(doc)));
    }
  });

  it('survives encoding to an update and applying it on a fresh peer (what a participant joining receives)', () => {
    const doc = richSession();
    const update = Y.encodeStateAsUpdate(fromDocument(doc));
    const other = new Y.Doc();
    Y.applyUpdate(other, update);
    expect(serializeSessionDocument(new Projection(other).document)).toBe(serializeSessionDocument(sessionDocumentSchema.parse(doc)));
  });

  it('writes one field for a one-field edit, and the projection changes only that entity', () => {
    const a = peer(richSession());
    const before = a.projection.document;
    const updates: Uint8Array[] = [];
    a.ydoc.on('update', (update: Uint8Array) => updates.push(update));
    a.edit((d) => updateStep(d, d.steps[1]!.id, { label: 'Type the card number' }));
    expect(updates).toHaveLength(1);
    expect(Y.decodeUpdate(updates[0]!).structs).toHaveLength(1);
    const after = a.projection.document;
    expect(after.steps[1]!.label).toBe('Type the card number');
    expect(after.steps[0]).toBe(before.steps[0]);
    expect(after.threats).toBe(before.threats);
    expect(after.journeys).toBe(before.journeys);
  });

  it('keeps list order through moves, additions and deletions, equal to a full read', () => {
    const a = peer(richSession());
    a.edit((d) => moveJourney(d, d.journeys[1]!.id, 0));
    a.edit((d) => addSteps(d, [{ ...d.steps[0]!, id: 'new-step', label: 'Added' }]));
    a.edit((d) => deleteSteps(d, [d.steps[2]!.id]));
    a.edit((d) => addThreat(d, blankThreat({ type: 'step', id: 'new-step' }, { id: 'new-threat', title: 'Added threat' })));
    expect(a.projection.document.journeys.map((j) => j.id)).toEqual(['j2', 'j1']);
    expect(a.projection.document.steps.at(-1)!.id).toBe('new-step');
    const full = new Projection(a.ydoc).document;
    for (const key of COLLECTIONS) expect(a.projection.document[key], key).toEqual(full[key]);
    expect(a.projection.document).toEqual(full);
    expect(sessionDocumentSchema.safeParse(a.projection.document).success).toBe(true);
  });

  it('merges concurrent edits of different fields of the same threat, and converges', () => {
    const base = richSession();
    const a = peer(base);
    const b = peer(base, a.ydoc);
    const sync = () => {
      Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc)));
      Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)));
    };
    sync();
    const threatId = base.threats[0]!.id;
    a.edit((d) => updateThreat(d, threatId, { likelihood: 1 }));
    b.edit((d) => updateThreat(d, threatId, { notes: 'Seen in the wild' }));
    sync();
    for (const p of [a, b]) {
      const threat = p.projection.document.threats.find((t) => t.id === threatId)!;
      expect(threat.likelihood).toBe(1);
      expect(threat.notes).toBe('Seen in the wild');
    }
    expect(a.projection.document).toEqual(b.projection.document);
  });

  it('resolves a threat added to a step someone deleted at the same moment the same way on both peers', () => {
    const base = richSession();
    const a = peer(base);
    const b = peer(base, a.ydoc);
    const stepId = base.steps.find((s) => s.id === 's4')!.id;
    a.edit((d) => deleteSteps(d, [stepId]));
    b.edit((d) => addThreat(d, blankThreat({ type: 'step', id: stepId }, { id: 'late', title: 'Late threat' })));
    Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc)));
    Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)));
    for (const p of [a, b]) {
      const doc = p.projection.document;
      expect(doc.steps.some((s) => s.id === stepId)).toBe(false);
      expect(doc.threats.find((t) => t.id === 'late')!.anchor).toBeNull();
      expect(sessionDocumentSchema.safeParse(doc).success).toBe(true);
    }
    expect(a.projection.document).toEqual(b.projection.document);
  });
});
