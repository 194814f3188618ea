/** What `importThreatModel` takes and returns; the app and the CLI use exactly these shapes. */
import type { SessionDocument } from '../schema.ts';
import type { GeometryBudget } from './geometry.ts';

export type ImportFormat = 'threat-dragon-v2' | 'threat-composer' | 'threatstorm';

export interface ImportOptions {
  /** The file's name: the session title when the file has none, and the message context. */
  fileName: string;
  /** createdAt/updatedAt of the new session; defaults to now. */
  now?: Date;
  /** Id factory for every new entity; defaults to crypto.randomUUID. */
  makeId?: () => string;
  /**
   * The user asked to keep embedded images. A session has no place for images yet, so they are
   * still omitted, and the report says so.
   */
  keepImages?: boolean;
  /**
   * Called once the text is parsed and its format known, before the (longer) conversion and
   * validation: lets a caller say what is being converted. Never called for a refused file.
   */
  onParsed?: (format: ImportFormat, value: unknown) => void;
  /**
   * Counts, and bounds, the geometric tests of a Threat Dragon import (trust-boundary crossings,
   * loose flow ends). Defaults to a fresh `GeometryBudget` with `MAX_GEOMETRY_CHECKS`; pass one
   * to read how much work an import took or to set another limit.
   */
  geometry?: GeometryBudget;
}

export interface SkippedItem {
  /** What was not imported: "trust boundary", "image", "flow", … */
  what: string;
  /** Where it is in the source file: a JSON path and, when there is one, its name. */
  where: string;
  /** Why, in a sentence a person can act on. */
  reason: string;
}

export interface ImportReport {
  /** Counts per kind of what was created (journeys, steps, flows, threats, mitigations, notes, …). */
  mapped: Record<string, number>;
  /** Everything in the source that has no place in the session. */
  skipped: SkippedItem[];
  /** Everything that was imported but changed on the way (cut, re-mapped, guessed). */
  warnings: string[];
}

export type ImportResult =
  | { ok: true; format: ImportFormat; document: SessionDocument; report: ImportReport }
  | { ok: false; format: string | null; message: string; details: string[] };
