/**
 * Which tool wrote this file. Detection is deliberately loose (a couple of tell-tale keys) so a
 * damaged file of a known tool gets that tool's validation messages ("detail: missing") rather
 * than a vague "unknown format"; the schemas then decide. Keys are tested with `Object.hasOwn`:
 * a parsed file's object must never answer for what `Object.prototype` holds.
 */
import { clip } from './text.ts';
import type { ImportFormat } from './types.ts';

export type Detection = { ok: true; format: ImportFormat } | { ok: false; format: string | null; message: string; details: string[] };

const KNOWN =
  'Threatstorm imports Threat Dragon v2 models ("version": "2.x" with "detail.diagrams"), Threat Composer files ' +
  '(.tc.json, "schema": 1, or the older list of threats) and Threatstorm sessions ("schemaVersion").';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeComposerThreat(value: unknown): boolean {
  return isObject(value) && ['threatSource', 'threatAction', 'statement', 'numericId'].some((key) => Object.hasOwn(value, key));
}

export function detectFormat(raw: unknown): Detection {
  if (Array.isArray(raw)) {
    if (raw.length === 0) return { ok: false, format: null, message: 'The file holds an empty list: there is nothing to import.', details: [KNOWN] };
    if (raw.some(looksLikeComposerThreat)) return { ok: true, format: 'threat-composer' };
    return { ok: false, format: null, message: 'The file holds a list this importer does not recognise.', details: [KNOWN] };
  }
  if (!isObject(raw)) return { ok: false, format: null, message: 'The file is not a threat model: expected a JSON object.', details: [KNOWN] };

  if (Object.hasOwn(raw, 'schemaVersion')) return { ok: true, format: 'threatstorm' };

  const detail = raw.detail;
  if (isObject(detail) && Array.isArray(detail.diagrams) && detail.diagrams.some((d) => isObject(d) && Object.hasOwn(d, 'diagramJson'))) {
    return {
      ok: false,
      format: 'threat-dragon-v1',
      message: 'This is a Threat Dragon version 1 model. Open it in Threat Dragon 2 and save it, then import the saved file.',
      details: [],
    };
  }
  if (Object.hasOwn(raw, 'version') && (Object.hasOwn(raw, 'summary') || Object.hasOwn(raw, 'detail') || Object.hasOwn(raw, 'details'))) {
    const version = raw.version;
    if (typeof version === 'string' && /^2\./.test(version.trim())) return { ok: true, format: 'threat-dragon-v2' };
    return {
      ok: false,
      format: 'threat-dragon',
      message: `This looks like a Threat Dragon model, but of version ${clip(JSON.stringify(version) ?? String(version), 40)}; Threatstorm imports version 2.x.`,
      details: ['version: expected text starting with "2."'],
    };
  }
  if (Object.hasOwn(raw, 'summary') && Object.hasOwn(raw, 'detail')) {
    return {
      ok: false,
      format: 'threat-dragon',
      message: 'This looks like a Threat Dragon model without a "version"; Threatstorm imports version 2.x. Save it again in Threat Dragon 2.',
      details: ['version: missing'],
    };
  }
  if (Object.hasOwn(raw, 'schema')) {
    const schema = raw.schema;
    if (typeof schema === 'number' && schema > 1) {
      return {
        ok: false,
        format: 'threat-composer',
        message: `This Threat Composer file uses format ${schema}; Threatstorm reads format 1.`,
        details: [],
      };
    }
    return { ok: true, format: 'threat-composer' };
  }
  return { ok: false, format: null, message: 'The file is not a format Threatstorm imports.', details: [KNOWN] };
}
