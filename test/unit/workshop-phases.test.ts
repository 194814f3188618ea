/**
 * Editing the agenda phase by phase (rename, reorder, add, remove, minutes): every operation
 * keeps the schema's rules, so no sequence of edits can make a session unloadable.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSessionDocument } from '../../shared/session-factory.ts';
import { loadSessionDocument } from '../../shared/migrations.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import {
  DEFAULT_PHASES,
  MAX_PHASES,
  addPhase,
  agendaMinutes,
  goToPhase,
  movePhase,
  removePhase,
  renamePhase,
  setAgenda,
  setPhaseMinutes,
  startTimer,
} from '../../shared/workshop-ops.ts';

const t0 = new Date('2026-12-01T10:00:00.000Z');
const agenda = (): SessionDocument => setAgenda(createSessionDocument('Agenda', t0), DEFAULT_PHASES.map((p, i) => ({ ...p, id: `p${i}` })));
const loads = (doc: SessionDocument) => loadSessionDocument(JSON.parse(JSON.stringify(doc)));
const ids = (doc: SessionDocument) => doc.workshop.phases.map((p) => p.id);

describe('agenda phases', () => {
  it('adds a phase at the end or at a place; the first phase of an empty agenda becomes current', () => {
    const empty = createSessionDocument('Empty', t0);
    const one = addPhase(empty, { id: 'x', name: '  Intro  ', minutes: 5 });
    expect(one.workshop.phases).toEqual([{ id: 'x', name: 'Intro', minutes: 5 }]);
    expect(one.workshop.currentPhaseId).toBe('x');

    const doc = addPhase(agenda(), { id: 'break', name: 'Break', minutes: 10 }, 2);
    expect(ids(doc)).toEqual(['p0', 'p1', 'break', 'p2', 'p3', 'p4', 'p5']);
    expect(doc.workshop.currentPhaseId).toBe('p0');
    expect(agendaMinutes(doc.workshop)).toBe(agendaMinutes(agenda().workshop) + 10);
  });

  it('refuses what would break a rule: no name, a taken or empty id, the 51st phase', () => {
    const doc = agenda();
    expect(addPhase(doc, { id: 'new', name: '   ', minutes: 5 })).toBe(doc);
    expect(addPhase(doc, { id: 'p1', name: 'Again', minutes: 5 })).toBe(doc);
    expect(addPhase(doc, { id: '', name: 'No id', minutes: 5 })).toBe(doc);
    expect(addPhase(doc, { id: 'x'.repeat(65), name: 'Long id', minutes: 5 })).toBe(doc);
    let full = createSessionDocument('Full', t0);
    for (let i = 0; i < MAX_PHASES + 5; i++) full = addPhase(full, { id: `q${i}`, name: `Phase ${i}`, minutes: 1 });
    expect(full.workshop.phases).toHaveLength(MAX_PHASES);
    expect(loads(full)).toMatchObject({ ok: true });
  });

  it('renames, keeping 1–200 characters; an empty name changes nothing', () => {
    const doc = renamePhase(agenda(), 'p1', ' Storm threats together ');
    expect(doc.workshop.phases[1]!.name).toBe('Storm threats together');
    expect(renamePhase(doc, 'p1', '  ')).toBe(doc);
    expect(renamePhase(doc, 'p1', 'x'.repeat(500)).workshop.phases[1]!.name).toHaveLength(200);
    expect(renamePhase(doc, 'nope', 'Ghost')).toBe(doc);
  });

  it('sets whole minutes from 1 to 600', () => {
    const doc = agenda();
    expect(setPhaseMinutes(doc, 'p0', 25).workshop.phases[0]!.minutes).toBe(25);
    expect(setPhaseMinutes(doc, 'p0', 0).workshop.phases[0]!.minutes).toBe(1);
    expect(setPhaseMinutes(doc, 'p0', -4).workshop.phases[0]!.minutes).toBe(1);
    expect(setPhaseMinutes(doc, 'p0', 7.6).workshop.phases[0]!.minutes).toBe(8);
    expect(setPhaseMinutes(doc, 'p0', 10_000).workshop.phases[0]!.minutes).toBe(600);
    expect(setPhaseMinutes(doc, 'p0', Number.NaN)).toBe(doc);
    expect(setPhaseMinutes(doc, 'p0', 10)).toBe(doc);
  });

  it('reorders without touching the current phase or its running timer', () => {
    const running = startTimer(goToPhase(agenda(), 'p2'), t0);
    const moved = movePhase(running, 'p2', 0);
    expect(ids(moved)).toEqual(['p2', 'p0', 'p1', 'p3', 'p4', 'p5']);
    expect(moved.workshop.currentPhaseId).toBe('p2');
    expect(moved.workshop.timer).toBe(running.workshop.timer);
    expect(ids(movePhase(running, 'p0', 99))).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p0']);
    expect(movePhase(running, 'p0', 0)).toBe(running);
    expect(movePhase(running, 'nope', 1)).toBe(running);
  });

  it('removing the current phase moves the room on, with a fresh timer; the last one leaves no current phase', () => {
    const running = startTimer(goToPhase(agenda(), 'p2'), t0);
    const next = removePhase(running, 'p2');
    expect(next.workshop.currentPhaseId).toBe('p3');
    expect(next.workshop.timer).toEqual({ startedAt: null, elapsedMs: 0, extraMinutes: 0 });
    const atEnd = removePhase(goToPhase(agenda(), 'p5'), 'p5');
    expect(atEnd.workshop.currentPhaseId).toBe('p4');
    const other = removePhase(running, 'p0');
    expect(other.workshop.currentPhaseId).toBe('p2');
    expect(other.workshop.timer).toBe(running.workshop.timer);
    let doc = agenda();
    for (const id of ids(doc)) doc = removePhase(doc, id);
    expect(doc.workshop.phases).toEqual([]);
    expect(doc.workshop.currentPhaseId).toBeNull();
    expect(loads(doc)).toMatchObject({ ok: true });
  });

  it('no sequence of agenda edits makes the session unloadable', () => {
    const phaseId = fc.constantFrom('p0', 'p1', 'p2', 'p5', 'n1', 'n2', 'n3', '', 'x'.repeat(70));
    const text = fc.oneof(fc.string({ maxLength: 10 }), fc.string({ minLength: 190, maxLength: 260 }), fc.constantFrom('  ', '🙂 Vote 🙂', '\u200b'));
    const minutes = fc.oneof(fc.integer({ min: -5, max: 700 }), fc.double({ noNaN: false }));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: phaseId, name: text, minutes, index: fc.integer({ min: -3, max: 60 }) }),
      fc.record({ kind: fc.constant('rename' as const), id: phaseId, name: text }),
      fc.record({ kind: fc.constant('minutes' as const), id: phaseId, minutes }),
      fc.record({ kind: fc.constant('move' as const), id: phaseId, index: fc.integer({ min: -3, max: 60 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: phaseId }),
      fc.record({ kind: fc.constant('go' as const), id: phaseId }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 40 }), (startEmpty, ops) => {
        let doc = startEmpty ? createSessionDocument('Empty', t0) : agenda();
        for (const o of ops) {
          if (o.kind === 'add') doc = addPhase(doc, { id: o.id, name: o.name, minutes: o.minutes }, o.index);
          else if (o.kind === 'rename') doc = renamePhase(doc, o.id, o.name);
          else if (o.kind === 'minutes') doc = setPhaseMinutes(doc, o.id, o.minutes);
          else if (o.kind === 'move') doc = movePhase(doc, o.id, o.index);
          else if (o.kind === 'remove') doc = removePhase(doc, o.id);
          else doc = goToPhase(doc, o.id);
          const { phases, currentPhaseId } = doc.workshop;
          expect(new Set(phases.map((p) => p.id)).size).toBe(phases.length);
          expect(currentPhaseId === null ? phases.length === 0 : phases.some((p) => p.id === currentPhaseId)).toBe(true);
          const result = loads(doc);
          if (!result.ok) throw new Error(`${result.error} ${result.details.join('; ')}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
