/** A Threatstorm session file given to the importer: validated (and upgraded) as it is, nothing re-mapped. */
import { loadSessionDocument } from '../migrations.ts';
import { ReportBuilder } from './report.ts';
import type { ImportResult } from './types.ts';

export function importThreatstormSession(raw: unknown): ImportResult {
  const loaded = loadSessionDocument(raw);
  if (!loaded.ok) return { ok: false, format: 'threatstorm', message: loaded.error, details: loaded.details };
  const doc = loaded.document;
  const report = new ReportBuilder();
  report.count('journeys', doc.journeys.length);
  report.count('steps', doc.steps.length);
  report.count('flows', doc.flows.length);
  report.count('threats', doc.threats.length);
  report.count('unanchoredThreats', doc.threats.filter((t) => t.anchor === null).length);
  report.count('mitigations', doc.mitigations.length);
  report.count('links', doc.mitigations.reduce((sum, m) => sum + m.threatIds.length, 0));
  report.count('participants', doc.participants.length);
  report.count('outcomes', doc.outcomes.length);
  if (loaded.migratedFrom !== null) report.warn(`The session was saved in format ${loaded.migratedFrom} and has been upgraded to the current format.`);
  return { ok: true, format: 'threatstorm', document: doc, report: report.build() };
}
