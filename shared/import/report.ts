/**
 * Collects the import report while a mapper runs: counts per kind, skipped items and warnings.
 * Nothing is dropped or changed silently: a mapper that cuts, guesses or leaves something out
 * says so here. A hostile file could produce millions of lines, so each list is capped and the
 * cap itself is reported.
 */
import { plural } from '../plural.ts';
import type { SessionDocument } from '../schema.ts';
import type { ImportReport, SkippedItem } from './types.ts';

export const MAX_REPORT_ENTRIES = 1_000;

/** The formats' names as people know them. (Here, not in index.ts, so the page can show them without loading the importers.) */
export const IMPORT_FORMAT_LABELS = {
  'threat-dragon-v2': 'OWASP Threat Dragon v2',
  'threat-composer': 'AWS Threat Composer',
  threatstorm: 'Threatstorm session',
} as const;

/** The kinds every report counts, in the order the UI shows them (zero counts included). */
export const MAPPED_KINDS = ['journeys', 'steps', 'flows', 'threats', 'unanchoredThreats', 'mitigations', 'links', 'notes', 'participants'] as const;
/** The fixed kinds, plus extra counts a format has (e.g. `flowsCrossingTrustBoundaries`, `outcomes`). */
export type MappedKind = (typeof MAPPED_KINDS)[number] | (string & {});

export class ReportBuilder {
  private readonly mapped: Record<string, number> = {};
  private readonly skipped: SkippedItem[] = [];
  private readonly warnings: string[] = [];
  private skippedOverflow = 0;
  private warningOverflow = 0;
  /** Grouped warnings: one line per kind with a count, for things that happen to many items. */
  private readonly tallies = new Map<string, { count: number; text: (count: number) => string }>();

  constructor() {
    for (const kind of MAPPED_KINDS) this.mapped[kind] = 0;
  }

  count(kind: MappedKind, by = 1): void {
    this.mapped[kind] = (this.mapped[kind] ?? 0) + by;
  }

  /**
   * The counts of everything the session holds, taken from the document that was built (after
   * validation), never from what a mapper meant to create: a link that did not make it into the
   * document is not counted. Only `notes` (text merged into descriptions) is the mapper's count.
   */
  countDocument(doc: SessionDocument): void {
    let links = 0;
    for (const mitigation of doc.mitigations) links += mitigation.threatIds.length;
    const counts: Record<string, number> = {
      journeys: doc.journeys.length,
      steps: doc.steps.length,
      flows: doc.flows.length,
      threats: doc.threats.length,
      unanchoredThreats: doc.threats.filter((threat) => threat.anchor === null).length,
      mitigations: doc.mitigations.length,
      links,
      participants: doc.participants.length,
    };
    for (const [kind, count] of Object.entries(counts)) this.mapped[kind] = count;
    // Kinds only some formats have: shown when there are any.
    const crossing = doc.flows.filter((flow) => flow.crossesTrustBoundary).length;
    if (crossing > 0) this.mapped.flowsCrossingTrustBoundaries = crossing;
    else delete this.mapped.flowsCrossingTrustBoundaries;
    if (doc.outcomes.length > 0) this.mapped.outcomes = doc.outcomes.length;
    else delete this.mapped.outcomes;
  }

  skip(what: string, where: string, reason: string): void {
    if (this.skipped.length >= MAX_REPORT_ENTRIES) this.skippedOverflow += 1;
    else this.skipped.push({ what, where, reason });
  }

  warn(message: string): void {
    if (this.warnings.length >= MAX_REPORT_ENTRIES) this.warningOverflow += 1;
    else this.warnings.push(message);
  }

  /** Counts an occurrence of a repeated change; `text(count)` is rendered once at the end. */
  tally(key: string, text: (count: number) => string): void {
    const entry = this.tallies.get(key);
    if (entry) entry.count += 1;
    else this.tallies.set(key, { count: 1, text });
  }

  build(): ImportReport {
    const warnings = [...[...this.tallies.values()].map((t) => t.text(t.count)), ...this.warnings];
    if (this.warningOverflow > 0) warnings.push(`…and ${this.warningOverflow} more warning(s) not listed.`);
    const skipped = [...this.skipped];
    if (this.skippedOverflow > 0) {
      skipped.push({ what: `${this.skippedOverflow} more item(s)`, where: '(not listed)', reason: 'the report lists the first 1,000 skipped items' });
    }
    return { mapped: { ...this.mapped }, skipped, warnings };
  }
}

/** Words for each count, singular and plural, for the report screen and the CLI. */
export const MAPPED_KIND_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  journeys: ['journey', 'journeys'],
  steps: ['step', 'steps'],
  flows: ['flow', 'flows'],
  threats: ['threat', 'threats'],
  unanchoredThreats: ['threat not yet on a step', 'threats not yet on a step'],
  mitigations: ['mitigation', 'mitigations'],
  links: ['mitigation–threat link', 'mitigation–threat links'],
  notes: ['note', 'notes'],
  participants: ['participant', 'participants'],
  outcomes: ['security outcome', 'security outcomes'],
  flowsCrossingTrustBoundaries: ['flow crossing a trust boundary', 'flows crossing a trust boundary'],
};

/** "1 journey", "7 steps", … for every kind with a count above zero, in the report's order. */
export function describeMapped(mapped: Readonly<Record<string, number>>): string[] {
  return Object.entries(mapped)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => {
      const [one, many] = Object.hasOwn(MAPPED_KIND_WORDS, kind) ? MAPPED_KIND_WORDS[kind]! : [kind, kind];
      return plural(count, one, many);
    });
}
