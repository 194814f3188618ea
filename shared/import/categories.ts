/**
 * Threat Dragon threat types (stored as their English labels, e.g. "Information disclosure")
 * to Threatstorm categories `{ framework, key }`. Keys match our built-in decks where a deck
 * covers the framework (STRIDE, LINDDUN), so imported threats show under the deck's names.
 * Threat Dragon's older LINDDUN labels ("Linkability", "Disclosure of information") map to the
 * current LINDDUN names our deck uses ("Linking", "Data disclosure"). "EoP" is Threat Dragon's
 * Elevation of Privilege / Cornucopia card suits. A label no framework knows is kept as a
 * `Custom` category whose key is the label made into a slug.
 *
 * Every table here is a `Map`: a label is text from the file, and a plain object would answer
 * "constructor" or "toString" with what its prototype holds.
 */
import { slugify } from '../backlog.ts';

export interface Category {
  framework: string;
  key: string;
}

export type FrameworkId = 'STRIDE' | 'LINDDUN' | 'CIA' | 'CIA-DIE' | 'PLOT4ai' | 'EoP';

/** Normalised label → key, per framework. Labels are normalised by `normalise` below. */
const LABEL_TABLES: Record<FrameworkId, Record<string, string>> = {
  STRIDE: {
    spoofing: 'spoofing',
    tampering: 'tampering',
    repudiation: 'repudiation',
    informationdisclosure: 'information-disclosure',
    denialofservice: 'denial-of-service',
    elevationofprivilege: 'elevation-of-privilege',
  },
  LINDDUN: {
    linkability: 'linking',
    linking: 'linking',
    identifiability: 'identifying',
    identifying: 'identifying',
    nonrepudiation: 'non-repudiation',
    detectability: 'detecting',
    detecting: 'detecting',
    disclosureofinformation: 'data-disclosure',
    datadisclosure: 'data-disclosure',
    unawareness: 'unawareness',
    unawarenessandunintervenability: 'unawareness',
    noncompliance: 'non-compliance',
  },
  CIA: { confidentiality: 'confidentiality', integrity: 'integrity', availability: 'availability' },
  'CIA-DIE': {
    confidentiality: 'confidentiality',
    integrity: 'integrity',
    availability: 'availability',
    distributed: 'distributed',
    immutable: 'immutable',
    ephemeral: 'ephemeral',
  },
  PLOT4ai: {
    techniqueandprocesses: 'technique-and-processes',
    accessibility: 'accessibility',
    identifiabilityandlinkability: 'identifiability-and-linkability',
    security: 'security',
    safety: 'safety',
    unawareness: 'unawareness',
    ethicsandhumanrights: 'ethics-and-human-rights',
    noncompliance: 'non-compliance',
  },
  EoP: {
    datavalidationandencoding: 'data-validation-and-encoding',
    authentication: 'authentication',
    sessionmanagement: 'session-management',
    authorization: 'authorization',
    cryptography: 'cryptography',
    cornucopia: 'cornucopia',
    wildcard: 'wild-card',
  },
};

const LABELS: ReadonlyMap<FrameworkId, ReadonlyMap<string, string>> = new Map(
  (Object.keys(LABEL_TABLES) as FrameworkId[]).map((framework) => [framework, new Map(Object.entries(LABEL_TABLES[framework]))]),
);

/** Where to look for a label that the threat's own framework does not know (STRIDE first: the most common). */
const SEARCH_ORDER: readonly FrameworkId[] = ['STRIDE', 'LINDDUN', 'CIA', 'CIA-DIE', 'PLOT4ai', 'EoP'];

export const CUSTOM_CATEGORY: Category = { framework: 'Custom', key: 'custom' };

function normalise(label: string): string {
  return label.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '');
}

/** Threat Dragon's `modelType`/`diagramType` ("STRIDE", "CIADIE", "DIE", "EOP", "Generic") to ours; null for generic/unknown. */
export function frameworkOf(modelType: string | null | undefined): FrameworkId | null {
  return frameworkMatch(modelType).framework;
}

/**
 * `frameworkOf`, and whether the value was understood at all: empty and "Generic" are (they
 * name no framework); anything else that names none was not, and the importer reports it.
 */
export function frameworkMatch(modelType: string | null | undefined): { framework: FrameworkId | null; understood: boolean } {
  const key = normalise(modelType ?? '');
  const framework = frameworkByKey(key);
  return { framework, understood: framework !== null || key === '' || key === 'generic' };
}

function frameworkByKey(key: string): FrameworkId | null {
  switch (key) {
    case 'stride':
      return 'STRIDE';
    case 'linddun':
      return 'LINDDUN';
    case 'cia':
      return 'CIA';
    case 'ciadie':
    case 'die':
      return 'CIA-DIE';
    case 'plot4ai':
      return 'PLOT4ai';
    case 'eop':
    case 'cornucopia':
      return 'EoP';
    default:
      return null;
  }
}

export type CategoryMatch =
  | { kind: 'known'; category: Category; /** The label belonged to another framework than the threat's. */ otherFramework: boolean }
  | { kind: 'custom'; category: Category }
  | { kind: 'empty'; category: Category };

/** A threat type label to a category, trying the threat's own framework first. */
export function categoryFromLabel(label: string | null | undefined, preferred: FrameworkId | null): CategoryMatch {
  const normalised = normalise(label ?? '');
  if (!normalised) return { kind: 'empty', category: CUSTOM_CATEGORY };
  if (preferred) {
    const key = LABELS.get(preferred)?.get(normalised);
    if (key) return { kind: 'known', category: { framework: preferred, key }, otherFramework: false };
  }
  for (const framework of SEARCH_ORDER) {
    const key = LABELS.get(framework)?.get(normalised);
    if (key) return { kind: 'known', category: { framework, key }, otherFramework: preferred !== null };
  }
  return { kind: 'custom', category: { framework: 'Custom', key: slugify(label ?? '', 60) || 'custom' } };
}

/** STRIDE letters (Threat Composer's `STRIDE` metadata) to our STRIDE keys. */
export const STRIDE_LETTERS: ReadonlyMap<string, string> = new Map([
  ['S', 'spoofing'],
  ['T', 'tampering'],
  ['R', 'repudiation'],
  ['I', 'information-disclosure'],
  ['D', 'denial-of-service'],
  ['E', 'elevation-of-privilege'],
]);

export function strideLetterOf(key: string): string | null {
  for (const [letter, k] of STRIDE_LETTERS) if (k === key) return letter;
  return null;
}
