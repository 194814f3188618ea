/**
 * A Threatstorm session file given to the importer: validated (and upgraded) as it is, nothing
 * re-mapped, except what every import makes safe (`withImportedSteps`: data tags as typing
 * writes them, positions in range), which the report lists.
 */
import { loadSessionDocument } from '../migrations.ts';
import { withImportedSteps } from './imported-steps.ts';
import { ReportBuilder } from './report.ts';
import type { ImportResult } from './types.ts';

export function importThreatstormSession(raw: unknown): ImportResult {
  const loaded = loadSessionDocument(raw);
  if (!loaded.ok) return { ok: false, format: 'threatstorm', message: loaded.error, details: loaded.details };
  const report = new ReportBuilder();
  if (loaded.migratedFrom !== null) report.warn(`The session was saved in format ${loaded.migratedFrom} and has been upgraded to the current format.`);
  // Tags and positions only get tamer here, so the validated document stays valid.
  const doc = withImportedSteps(loaded.document, report);
  report.countDocument(doc);
  return { ok: true, format: 'threatstorm', document: doc, report: report.build() };
}
