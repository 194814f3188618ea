/**
 * Values from a file are looked up in tables (statuses, severities, priorities, element types,
 * threat types, STRIDE letters, saved Threatstorm metadata). A value that happens to name
 * something on `Object.prototype` ("constructor", "toString", "__proto__", …) must be an
 * unknown value like any other: imported with its default and reported, never a refusal of the
 * whole file and never silently taken for something it is not. Dates are checked on the
 * calendar, not just by their shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { isCalendarDate } from '../../shared/import/threat-composer.ts';
import { runs } from './fuzz-arbitraries.ts';

/** Every own property name of Object.prototype and Function.prototype, in the cases a file might write them. */
const PROTOTYPE_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype), 'prototype'])];
const prototypeValue = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...PROTOTYPE_NAMES).map((name) => name.charAt(0).toUpperCase() + name.slice(1)),
  fc.constantFrom(...PROTOTYPE_NAMES).map((name) => name.toUpperCase()),
);

function run(model: unknown, fileName = 'model.json'): ImportResult {
  let n = 0;
  return importThreatModel(JSON.stringify(model), { fileName, now: new Date('2026-06-01T09:00:00.000Z'), makeId: () => `id-${++n}` });
}

function imported(model: unknown, fileName?: string): Extract<ImportResult, { ok: true }> {
  const result = run(model, fileName);
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return result;
}

const reportText = (result: Extract<ImportResult, { ok: true }>) =>
  [...result.report.warnings, ...result.report.skipped.map((s) => `${s.what} ${s.where} ${s.reason}`)].join('\n');

function threatDragon(cells: unknown[], diagramType = 'STRIDE') {
  return {
    version: '2.2.0',
    summary: { title: 'Lookups' },
    detail: { contributors: [], diagrams: [{ id: 0, title: 'Main', diagramType, cells }] },
  };
}

function process(threats: unknown[], extra: Record<string, unknown> = {}) {
  return { id: 'p1', shape: 'process', position: { x: 0, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: 'API', threats }, ...extra };
}

describe('Threat Dragon: values that name prototype properties are unknown values, reported', () => {
  it('a threat of type “Constructor”, status “constructor”, severity “toString”, model type “__proto__” imports with defaults (not scored)', () => {
    const result = imported(
      threatDragon([process([{ id: 't1', title: 'Odd', type: 'Constructor', status: 'constructor', severity: 'Constructor', modelType: '__proto__' }])]),
    );
    const threat = result.document.threats[0]!;
    expect(threat).toMatchObject({ status: 'open', likelihood: null, impact: null, category: { framework: 'Custom', key: 'constructor' } });
    expect(threat.notes).toContain('type “Constructor”');
    const text = reportText(result);
    expect(text).toContain('unknown status “constructor”');
    expect(text).toContain('unknown severity “Constructor”');
    expect(text).toContain('unknown model type “__proto__”');
    expect(text).toContain('of a type no framework here knows');
  });

  it('an element of type “__proto__” or shape “constructor” is skipped as unknown, with its values named', () => {
    const result = imported(
      threatDragon([
        { id: 'x1', shape: 'constructor', position: { x: 0, y: 0 }, data: { type: '__proto__', name: 'Weird' } },
        { id: 'x2', shape: 'toString', position: { x: 10, y: 0 }, data: { name: 'Weirder' } },
        { id: 'a1', shape: 'actor', position: { x: 200, y: 0 }, data: { type: 'hasOwnProperty', name: 'User' } },
      ]),
    );
    expect(result.document.steps.map((s) => s.label)).toEqual(['User']);
    const skipped = result.report.skipped.filter((s) => s.what.startsWith('element of'));
    expect(skipped.map((s) => s.what)).toEqual(['element of type “__proto__” and shape “constructor”', 'element of shape “toString”']);
    expect(reportText(result)).toContain('its type “hasOwnProperty” is not a Threat Dragon type; read by its shape as an actor');
  });

  it('a diagram of type “valueOf” is reported, its threats still categorised', () => {
    const result = imported(threatDragon([process([{ id: 't1', title: 'Spoof', type: 'Spoofing' }])], 'valueOf'));
    expect(result.document.threats[0]!.category).toEqual({ framework: 'STRIDE', key: 'spoofing' });
    expect(reportText(result)).toContain('unknown diagram type “valueOf”');
  });

  it('property: any prototype name in any looked-up field imports, and is reported', () => {
    fc.assert(
      fc.property(
        fc.record({ type: prototypeValue, status: prototypeValue, severity: prototypeValue, modelType: prototypeValue, elementType: prototypeValue, shape: prototypeValue, diagramType: prototypeValue }),
        (v) => {
          const result = run(
            threatDragon(
              [
                process([{ id: 't1', title: 'Odd', type: v.type, status: v.status, severity: v.severity, modelType: v.modelType }]),
                { id: 'x1', shape: v.shape, position: { x: 0, y: 0 }, data: { type: v.elementType, name: 'Odd element' } },
              ],
              v.diagramType,
            ),
          );
          expect(result.ok, result.ok ? '' : `${result.message} ${result.details.join('; ')}`).toBe(true);
          if (!result.ok) return;
          const text = reportText(result);
          expect(text).toContain(`unknown status “${v.status}”`);
          expect(text).toContain(`unknown severity “${v.severity}”`);
          expect(text).toContain(`unknown model type “${v.modelType}”`);
          expect(text).toContain(`unknown diagram type “${v.diagramType}”`);
          expect(text).toContain(`element of type “${v.elementType}” and shape “${v.shape}”`);
          expect(result.document.threats[0]!.category.framework).toBe('Custom');
        },
      ),
      runs(60),
    );
  });
});

describe('Threat Composer: values that name prototype properties are unknown values, reported', () => {
  const threat = (extra: Record<string, unknown>) => ({ id: 'a'.repeat(36), numericId: 1, threatAction: 'do harm', ...extra });

  it('a threat status “toString” and priority “constructor” import with defaults (not scored) and are reported', () => {
    const result = imported({ schema: 1, threats: [threat({ status: 'toString', metadata: [{ key: 'Priority', value: 'constructor' }] })] }, 'x.tc.json');
    expect(result.document.threats[0]).toMatchObject({ status: 'open', likelihood: null, impact: null });
    const text = reportText(result);
    expect(text).toContain('unknown status “toString”');
    expect(text).toContain('unknown priority “constructor”');
  });

  it('a mitigation status “__proto__” imports as proposed and is reported', () => {
    const result = imported({ schema: 1, mitigations: [{ id: 'm'.repeat(36), numericId: 1, content: 'Fix it', status: '__proto__' }] }, 'x.tc.json');
    expect(result.document.mitigations[0]!.status).toBe('proposed');
    expect(reportText(result)).toContain('unknown status “__proto__”');
  });

  it('saved Threatstorm values that are not understood are reported, not dropped silently', () => {
    const meta = (key: string, value: string) => ({ key: `custom:threatstorm:${key}`, value });
    const result = imported(
      {
        schema: 1,
        threats: [threat({ metadata: [meta('status', 'constructor'), meta('likelihood', 'toString'), meta('category', 'valueOf'), meta('votes', '__proto__')] })],
        mitigations: [{ id: 'm'.repeat(36), numericId: 1, content: 'Fix it', metadata: [meta('effort', 'constructor'), meta('status', 'hasOwnProperty')] }],
      },
      'x.tc.json',
    );
    expect(result.document.threats[0]).toMatchObject({ status: 'open', votes: 0, category: { framework: 'Custom', key: 'custom' } });
    expect(result.document.mitigations[0]).toMatchObject({ effort: 'M', status: 'proposed' });
    const text = reportText(result);
    for (const line of [
      'saved Threatstorm status “constructor” is not understood',
      'saved Threatstorm likelihood “toString” is not understood',
      'saved Threatstorm category “valueOf” is not understood',
      'saved Threatstorm vote count “__proto__” is not understood',
      'saved Threatstorm effort “constructor” is not understood',
      'saved Threatstorm status “hasOwnProperty” is not understood',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('property: any prototype name as status, priority, STRIDE letter or mitigation status imports, and is reported', () => {
    fc.assert(
      fc.property(fc.record({ status: prototypeValue, priority: prototypeValue, stride: prototypeValue, mitigationStatus: prototypeValue }), (v) => {
        const result = run(
          {
            schema: 1,
            threats: [threat({ status: v.status, metadata: [{ key: 'Priority', value: v.priority }, { key: 'STRIDE', value: [v.stride] }] })],
            mitigations: [{ id: 'm'.repeat(36), numericId: 1, content: 'Fix it', status: v.mitigationStatus }],
          },
          'x.tc.json',
        );
        expect(result.ok, result.ok ? '' : `${result.message} ${result.details.join('; ')}`).toBe(true);
        if (!result.ok) return;
        const text = reportText(result);
        expect(text).toContain(`unknown status “${v.status}”`);
        expect(text).toContain(`unknown priority “${v.priority}”`);
        expect(text).toContain(`unknown status “${v.mitigationStatus}”`);
        expect(text).toContain('are not S, T, R, I, D or E');
        expect(result.document.threats[0]).toMatchObject({ status: 'open', likelihood: null, impact: null, category: { framework: 'Custom' } });
      }),
      runs(60),
    );
  });
});

describe('review dates are checked on the calendar', () => {
  it.each([
    ['2027-02-28', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-02-30', false],
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-1-10', false],
    ['2027-01-10T00:00:00Z', false],
  ])('%s is a calendar date: %s', (text, valid) => {
    expect(isCalendarDate(text)).toBe(valid);
  });

  const accepted = (reviewDate: string) => ({
    schema: 1,
    threats: [
      {
        id: 'a'.repeat(36),
        numericId: 1,
        threatAction: 'do harm',
        status: 'threatResolved',
        metadata: [
          { key: 'custom:threatstorm:status', value: 'accepted' },
          { key: 'custom:threatstorm:acceptance-owner', value: 'Ana' },
          { key: 'custom:threatstorm:acceptance-reason', value: 'Low value target' },
          { key: 'custom:threatstorm:acceptance-review-date', value: reviewDate },
        ],
      },
    ],
  });

  it('an accepted risk reviewed on 2027-02-30 is imported as open, and the report names the date', () => {
    const result = imported(accepted('2027-02-30'), 'x.tc.json');
    expect(result.document.threats[0]!.status).toBe('open');
    expect(result.document.threats[0]!.acceptance).toBeUndefined();
    expect(reportText(result)).toContain('its review date “2027-02-30” is not a real date');
    expect(result.document.threats[0]!.notes).toContain('its review date “2027-02-30” is not a real date');
  });

  it('an accepted risk reviewed on 2028-02-29 stays accepted', () => {
    const result = imported(accepted('2028-02-29'), 'x.tc.json');
    expect(result.document.threats[0]).toMatchObject({ status: 'accepted', acceptance: { owner: 'Ana', reason: 'Low value target', reviewDate: '2028-02-29' } });
  });
});
