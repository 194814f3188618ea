/**
 * Importing a threat model from another tool (OWASP Threat Dragon v2, AWS Threat Composer) or a
 * Threatstorm session file: one call that never throws and never half-succeeds. The result is
 * either a new, validated session document with a report of what was mapped, skipped and
 * changed, or a refusal with a message and the places in the file that caused it.
 *
 * Order of checks: size (before anything else), nesting depth (before parsing), JSON syntax,
 * hostile content (`__proto__` keys, overlong text), format detection, the format's schema,
 * mapping, and finally the session schema every document must pass.
 */
import { detectFormat } from './detect.ts';
import { parseGuarded } from './json-guard.ts';
import { resolveOptions } from './options.ts';
import { importThreatComposer } from './threat-composer.ts';
import { importThreatDragon } from './threat-dragon.ts';
import { importThreatstormSession } from './threatstorm.ts';
import type { ImportOptions, ImportResult } from './types.ts';

export type { ImportFormat, ImportOptions, ImportReport, ImportResult, SkippedItem } from './types.ts';
export { MAX_IMPORT_BYTES } from './json-guard.ts';
export { GeometryBudget, MAX_GEOMETRY_CHECKS } from './geometry.ts';
export { describeMapped, IMPORT_FORMAT_LABELS, MAPPED_KIND_WORDS, MAPPED_KINDS } from './report.ts';

export function importThreatModel(text: string, options: ImportOptions): ImportResult {
  let format: string | null = null;
  try {
    if (typeof text !== 'string') return { ok: false, format: null, message: 'Nothing to import: the file could not be read as text.', details: [] };
    const guarded = parseGuarded(text);
    if (!guarded.ok) return { ok: false, format: null, message: guarded.message, details: guarded.details };
    const detected = detectFormat(guarded.value);
    if (!detected.ok) return { ok: false, format: detected.format, message: detected.message, details: detected.details };
    format = detected.format;
    options?.onParsed?.(detected.format, guarded.value);
    const resolved = resolveOptions(options ?? { fileName: '' });
    switch (detected.format) {
      case 'threat-dragon-v2':
        return importThreatDragon(guarded.value, resolved);
      case 'threat-composer':
        return importThreatComposer(guarded.value, resolved);
      case 'threatstorm':
        return importThreatstormSession(guarded.value);
    }
  } catch (error) {
    // A bug of ours must not take the app down or leave half a session behind.
    return {
      ok: false,
      format,
      message: 'The import failed unexpectedly, so nothing was imported. Please report this as a bug.',
      details: [error instanceof Error ? error.message : String(error)],
    };
  }
}
