/**
 * A Threatstorm session file given to the importer: validated (and upgraded) as it is, nothing
 * re-mapped, except what every import makes safe (`withImportedSteps`: data tags as typing
 * writes them, positions in range), which the report lists.
 */
import { loadSessionDocument } from '../migrations.ts';
import { withImportedSteps } from './imported-steps.ts';
import { ReportBuilder } from './report.ts';
import type { SessionDocument } from '../schema.ts';
import type { ImportResult } from './types.ts';

export function importThreatstormSession(raw: unknown): ImportResult {
  const report = new ReportBuilder();
  // Tags and positions are made safe before validation (the format requires them so) and reported.
  const loaded = loadSessionDocument(withSafeSteps(raw, report));
  if (!loaded.ok) return { ok: false, format: 'threatstorm', message: loaded.error, details: loaded.details };
  if (loaded.migratedFrom !== null) report.warn(`The session was saved in format ${loaded.migratedFrom} and has been upgraded to the current format.`);
  report.countDocument(loaded.document);
  return { ok: true, format: 'threatstorm', document: loaded.document, report: report.build() };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function looksLikeStep(value: unknown): boolean {
  if (!isObject(value) || typeof value.journeyId !== 'string' || !isObject(value.position)) return false;
  const { x, y } = value.position;
  return typeof x === 'number' && typeof y === 'number' && Array.isArray(value.dataTags) && value.dataTags.every((tag) => typeof tag === 'string');
}

/** The raw file with its steps' tags and positions made safe, when its steps have the shape to; else as it is. */
function withSafeSteps(raw: unknown, report: ReportBuilder): unknown {
  if (!isObject(raw) || !Array.isArray(raw.steps) || !Array.isArray(raw.journeys) || !raw.journeys.every(isObject) || !raw.steps.every(looksLikeStep)) return raw;
  return withImportedSteps(raw as unknown as SessionDocument, report);
}
