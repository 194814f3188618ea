/**
 * A mitigation links at most `MAX_LINKS_PER_MITIGATION` threats (the session format's limit on
 * `threatIds`). A peer file can link one mitigation to more: Threat Dragon repeats the same
 * mitigation text on any number of threats, Threat Composer links one mitigation to any number
 * of threats. Rather than drop links past the limit, the mitigation is split into parts of at
 * most that many links each: the first keeps its title, the others are called “… (part 2)”,
 * “… (part 3)”, with the same description, effort, status and owner. Every link survives, and
 * the report says which mitigations were split.
 */
import { LIMITS, type Mitigation } from '../schema.ts';
import { plural } from '../plural.ts';
import type { ReportBuilder } from './report.ts';
import { clip } from './text.ts';

export const MAX_LINKS_PER_MITIGATION = 1_000;

/** The title of part `n` (n ≥ 2), within the session's title limit. */
export function partTitle(title: string, n: number): string {
  const suffix = ` (part ${n})`;
  return `${clip(title, LIMITS.name - suffix.length)}${suffix}`;
}

/**
 * `mitigation` with `threatIds` as its links: itself when they fit, else one mitigation per
 * `MAX_LINKS_PER_MITIGATION` links (new ids from `makeId` for the parts after the first). An
 * external tracker key stays on the first part only: it names one ticket.
 */
export function splitMitigation(
  mitigation: Mitigation,
  threatIds: readonly string[],
  makeId: () => string,
  report: ReportBuilder,
): Mitigation[] {
  if (threatIds.length <= MAX_LINKS_PER_MITIGATION) return [{ ...mitigation, threatIds: [...threatIds] }];
  const parts: Mitigation[] = [];
  for (let start = 0; start < threatIds.length; start += MAX_LINKS_PER_MITIGATION) {
    const n = parts.length + 1;
    const links = threatIds.slice(start, start + MAX_LINKS_PER_MITIGATION);
    if (n === 1) parts.push({ ...mitigation, threatIds: links });
    else {
      const { externalKey: _key, ...rest } = mitigation;
      parts.push({ ...rest, id: makeId(), title: partTitle(mitigation.title, n), threatIds: links });
    }
  }
  report.warn(
    `The mitigation “${clip(mitigation.title, 60)}” is linked to ${plural(threatIds.length, 'threat')}; a mitigation links at most ` +
      `${MAX_LINKS_PER_MITIGATION.toLocaleString('en-US')}, so it was split into ${parts.length} parts (“… (part 2)” and on), every link kept.`,
  );
  return parts;
}
