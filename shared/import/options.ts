/** Import options with their defaults filled in, and the final check every importer ends with. */
import { newId } from '../ids.ts';
import { loadSessionDocument } from '../migrations.ts';
import type { SessionDocument } from '../schema.ts';
import { GeometryBudget } from './geometry.ts';
import { withImportedSteps } from './imported-steps.ts';
import type { ReportBuilder } from './report.ts';
import type { ImportFormat, ImportOptions, ImportResult } from './types.ts';

export interface ResolvedOptions {
  fileName: string;
  now: Date;
  makeId: () => string;
  keepImages: boolean;
  geometry: GeometryBudget;
}

export function resolveOptions(options: ImportOptions): ResolvedOptions {
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  return {
    fileName: typeof options.fileName === 'string' ? options.fileName : '',
    now,
    makeId: typeof options.makeId === 'function' ? options.makeId : newId,
    keepImages: options.keepImages === true,
    geometry: options.geometry instanceof GeometryBudget ? options.geometry : new GeometryBudget(),
  };
}

/**
 * Every importer's last step: steps made safe (`withImportedSteps`: tags as typed, positions in
 * range), then the built document must pass the same validation as any session entering the
 * app. If it does not (a model past the session's limits, or a bug of ours), the user gets a
 * refusal with the reasons, never a broken session. The report's counts are taken from the
 * validated document.
 */
export function finish(format: ImportFormat, doc: SessionDocument, report: ReportBuilder): ImportResult {
  const loaded = loadSessionDocument(withImportedSteps(doc, report));
  if (!loaded.ok) {
    return {
      ok: false,
      format,
      // Usually a model beyond the session's limits (e.g. more than 50,000 threats); otherwise a bug of ours.
      message: 'The file was read, but the session built from it would not be valid, so nothing was imported.',
      details: [loaded.error, ...loaded.details],
    };
  }
  report.countDocument(loaded.document);
  return { ok: true, format, document: loaded.document, report: report.build() };
}
