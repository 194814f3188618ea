/**
 * Whatever a file says, an imported step carries data tags as typing writes them (a tag becomes a
 * CSS class name on the canvas) and a position the canvas and the journey picture can draw
 * (finite, within ±MAX_COORDINATE), and the report says what was changed.
 */
import { describe, expect, it } from 'vitest';
import { normalizeTags } from '../../shared/document-ops.ts';
import { importThreatModel, type ImportResult } from '../../shared/import/index.ts';
import { MAX_COORDINATE } from '../../shared/import/imported-steps.ts';
import type { SessionDocument } from '../../shared/schema.ts';
import { checkoutSession } from './export-fixture.ts';

function imported(model: unknown, fileName = 'model.json'): Extract<ImportResult, { ok: true }> {
  let n = 0;
  const result = importThreatModel(typeof model === 'string' ? model : JSON.stringify(model), { fileName, makeId: () => `id-${++n}` });
  if (!result.ok) throw new Error(`${result.message}\n${result.details.join('\n')}`);
  return result;
}

function session(edit: (doc: SessionDocument) => void): SessionDocument {
  const doc = structuredClone(checkoutSession());
  edit(doc);
  return doc;
}

const inRange = (doc: SessionDocument) =>
  doc.steps.every(({ position: { x, y } }) => Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= MAX_COORDINATE && Math.abs(y) <= MAX_COORDINATE);

describe('data tags', () => {
  it('a session file’s tags are written as typing writes them, and the report says so', () => {
    const result = imported(
      session((doc) => {
        doc.steps[0]!.dataTags = ['Card Data', 'card data', '  PII ', 'payment'];
      }),
    );
    expect(result.document.steps[0]!.dataTags).toEqual(['card-data', 'pii', 'payment']);
    expect(result.document.steps[0]!.dataTags).toEqual(normalizeTags(['Card Data', 'card data', '  PII ', 'payment']));
    expect(result.report.warnings).toContainEqual(expect.stringMatching(/^1 step had data tags not written as typing writes them .*“Card Data”/));
  });

  it('tags already as typed are left alone and nothing is reported', () => {
    const doc = session((d) => {
      d.steps[0]!.dataTags = ['card-data', 'pii'];
    });
    const result = imported(doc);
    expect(result.document.steps[0]!.dataTags).toEqual(['card-data', 'pii']);
    expect(result.report.warnings.filter((w) => w.includes('data tags'))).toEqual([]);
  });

  it('Threat Dragon elements get the tags typing would give them', () => {
    const model = {
      version: '2.2.0',
      summary: { title: 'Tags' },
      detail: { diagrams: [{ title: 'Main', cells: [{ id: 's', shape: 'store', position: { x: 0, y: 0 }, data: { type: 'tm.Store', name: 'Vault', storesCredentials: true, handlesCardPayment: true } }] }] },
    };
    const tags = imported(model).document.steps[0]!.dataTags;
    expect(tags).toEqual(['credentials', 'payment']);
    expect(normalizeTags(tags)).toEqual(tags);
  });
});

describe('positions', () => {
  it('steps at ±1.7e308 in a session file are brought to the edge of the range, and the report says so', () => {
    const result = imported(
      session((doc) => {
        doc.steps[0]!.position = { x: -1.7e308, y: 1.7e308 };
        doc.steps[1]!.position = { x: 1.7e308, y: -1.7e308 };
      }),
    );
    expect(inRange(result.document)).toBe(true);
    expect(result.document.steps[0]!.position).toEqual({ x: -MAX_COORDINATE, y: MAX_COORDINATE });
    expect(result.report.warnings).toContainEqual(expect.stringMatching(/^Steps of the journey “Checkout” were placed more than 1,000,000 px from the origin .*moved to the edge/));
  });

  it('a journey drawn far away but small is moved as a whole, its layout kept', () => {
    const far = 5_000_000;
    const original = checkoutSession();
    const result = imported(
      session((doc) => {
        for (const step of doc.steps) if (step.journeyId === doc.steps[0]!.journeyId) step.position = { x: step.position.x + far, y: step.position.y - far };
      }),
    );
    expect(inRange(result.document)).toBe(true);
    const journeyId = original.steps[0]!.journeyId;
    const before = original.steps.filter((s) => s.journeyId === journeyId).map((s) => s.position);
    const after = result.document.steps.filter((s) => s.journeyId === journeyId).map((s) => s.position);
    // Same distances between steps.
    for (let i = 1; i < before.length; i++) {
      expect(after[i]!.x - after[0]!.x).toBe(before[i]!.x - before[0]!.x);
      expect(after[i]!.y - after[0]!.y).toBe(before[i]!.y - before[0]!.y);
    }
    // Other journeys are untouched.
    expect(result.document.steps.filter((s) => s.journeyId !== journeyId)).toEqual(original.steps.filter((s) => s.journeyId !== journeyId));
    expect(result.report.warnings).toContainEqual(expect.stringContaining('was drawn more than 1,000,000 px from the origin: it was moved as a whole'));
  });

  it.each([
    ['1e300', '1e300'],
    ['1.7e308 (its centre overflows)', '1.7e308'],
  ])('a Threat Dragon element at x = %s is laid out with the rest automatically, and the report says so', (_name, x) => {
    const text = `{"version":"2.2.0","summary":{"title":"Far"},"detail":{"diagrams":[{"title":"Main","cells":[
      {"id":"a","shape":"actor","position":{"x":0,"y":0},"size":{"width":1e308,"height":80},"data":{"type":"tm.Actor","name":"User"}},
      {"id":"p","shape":"process","position":{"x":${x},"y":0},"data":{"type":"tm.Process","name":"API"}},
      {"id":"f","shape":"flow","source":{"cell":"a"},"target":{"cell":"p"},"data":{"type":"tm.Flow","name":"call"}}]}]}}`;
    const result = imported(text);
    expect(result.document.steps).toHaveLength(2);
    expect(inRange(result.document)).toBe(true);
    expect(result.report.warnings).toContainEqual(expect.stringContaining('placed more than 10,000,000 px away'));
  });

  it('a Threat Dragon drawing wider than the range is shrunk to fit, its proportions kept', () => {
    const wide = {
      version: '2.2.0',
      summary: { title: 'Wide' },
      detail: {
        diagrams: [
          {
            title: 'Main',
            cells: [
              { id: 'a', shape: 'process', position: { x: 0, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: 'A' } },
              { id: 'b', shape: 'process', position: { x: 2_000_000, y: 0 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: 'B' } },
              { id: 'c', shape: 'process', position: { x: 1_000_000, y: 400_000 }, size: { width: 100, height: 100 }, data: { type: 'tm.Process', name: 'C' } },
            ],
          },
        ],
      },
    };
    const result = imported(wide);
    expect(inRange(result.document)).toBe(true);
    expect(result.document.steps.map((s) => s.position)).toEqual([
      { x: 0, y: 0 },
      { x: MAX_COORDINATE, y: 0 },
      { x: MAX_COORDINATE / 2, y: MAX_COORDINATE / 5 },
    ]);
    expect(result.report.warnings).toContainEqual(expect.stringContaining('the drawing spans 2,500,000 px, more than the 1,000,000 a journey may; it was shrunk to fit, its layout kept'));
  });
});
