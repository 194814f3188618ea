/**
 * AWS Threat Composer files (`.tc.json`), as zod schemas written from Threat Composer's own
 * `threat-composer-v1.schema.json` (copied to test/fixtures/peers/threat-composer/).
 *
 * Strict on structure and types; lenient on what real files leave out or get wrong without
 * harm: ids and `numericId` may be missing (such items are imported and reported, they just
 * cannot be linked), length limits are not enforced here (long text is cut and reported when
 * it lands in the session), statuses outside the enum are reported and read as the default,
 * `null` counts as absent. The brainstorm board is read only to be counted and reported.
 */
import { z } from 'zod';
import '../schema.ts'; // zod's global config (jitless, for the CSP) is set there.

const text = z.string().nullish();
const textList = z.array(z.string()).nullish();

export const tcMetadataSchema = z.object({
  key: z.string(),
  value: z.union([z.string(), z.array(z.string())]),
});

export const tcThreatSchema = z.object({
  id: text,
  numericId: z.number().nullish(),
  displayOrder: z.number().nullish(),
  metadata: z.array(tcMetadataSchema).nullish(),
  tags: textList,
  threatSource: text,
  prerequisites: text,
  threatAction: text,
  threatImpact: text,
  impactedGoal: textList,
  impactedAssets: textList,
  statement: text,
  customTemplate: text,
  status: text,
});

const tcContentItem = {
  id: text,
  numericId: z.number().nullish(),
  displayOrder: z.number().nullish(),
  metadata: z.array(tcMetadataSchema).nullish(),
  tags: textList,
  content: text,
};

export const tcMitigationSchema = z.object({ ...tcContentItem, status: text });
export const tcAssumptionSchema = z.object(tcContentItem);

export const tcAssumptionLinkSchema = z.object({ type: text, assumptionId: z.string(), linkedId: z.string() });
export const tcMitigationLinkSchema = z.object({ mitigationId: z.string(), linkedId: z.string() });

const describedImage = z.object({ description: text, image: text }).nullish();

export const tcFileSchema = z.object({
  schema: z.number(),
  applicationInfo: z.object({ name: text, description: text }).nullish(),
  architecture: describedImage,
  dataflow: describedImage,
  assumptions: z.array(tcAssumptionSchema).nullish(),
  mitigations: z.array(tcMitigationSchema).nullish(),
  assumptionLinks: z.array(tcAssumptionLinkSchema).nullish(),
  mitigationLinks: z.array(tcMitigationLinkSchema).nullish(),
  threats: z.array(tcThreatSchema).nullish(),
  brainstorm: z.record(z.string(), z.unknown()).nullish(),
});

/** The old export: a bare list of threats. */
export const tcThreatListSchema = z.array(tcThreatSchema);

export const TC_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(Object.keys(tcFileSchema.shape));

export type TcFile = z.output<typeof tcFileSchema>;
export type TcThreat = z.output<typeof tcThreatSchema>;
export type TcMitigation = z.output<typeof tcMitigationSchema>;
export type TcAssumption = z.output<typeof tcAssumptionSchema>;
export type TcMetadata = z.output<typeof tcMetadataSchema>;

/**
 * `custom:` metadata our Threat Composer export writes so a round trip keeps what Threat
 * Composer has no field for. Keys stay within Threat Composer's 50-character limit.
 */
export const TS_META = {
  title: 'custom:threatstorm:title',
  category: 'custom:threatstorm:category',
  likelihood: 'custom:threatstorm:likelihood',
  impact: 'custom:threatstorm:impact',
  status: 'custom:threatstorm:status',
  acceptanceOwner: 'custom:threatstorm:acceptance-owner',
  acceptanceReason: 'custom:threatstorm:acceptance-reason',
  acceptanceReviewDate: 'custom:threatstorm:acceptance-review-date',
  votes: 'custom:threatstorm:votes',
  notes: 'custom:threatstorm:notes',
  journey: 'custom:threatstorm:journey',
  step: 'custom:threatstorm:step',
  flow: 'custom:threatstorm:flow',
  outcomes: 'custom:threatstorm:outcomes',
  effort: 'custom:threatstorm:effort',
  owner: 'custom:threatstorm:owner',
  externalKey: 'custom:threatstorm:external-key',
  description: 'custom:threatstorm:description',
} as const;

/** Full text of grammar parts our export had to cut to Threat Composer's 200 characters. */
export const TS_FULL_GRAMMAR = {
  threatSource: 'custom:threatstorm:full-source',
  prerequisites: 'custom:threatstorm:full-prerequisites',
  threatAction: 'custom:threatstorm:full-action',
  threatImpact: 'custom:threatstorm:full-impact',
} as const;

/** Threat Composer's own length limits (its JSON schema). */
export const TC_LIMITS = { grammar: 200, comment: 1_000, content: 1_000, statement: 1_400, name: 200, tag: 30 } as const;

/** Our threat status → Threat Composer's (the export; the import checks saved statuses against it). */
export const TO_TC_THREAT_STATUS = {
  open: 'threatIdentified',
  mitigating: 'threatIdentified',
  mitigated: 'threatResolved',
  accepted: 'threatResolved',
  transferred: 'threatResolved',
  'not-applicable': 'threatResolvedNotUseful',
} as const;

export const TO_TC_MITIGATION_STATUS = {
  proposed: 'mitigationIdentified',
  planned: 'mitigationIdentified',
  'in-progress': 'mitigationInProgress',
  done: 'mitigationResolved',
  'wont-do': 'mitigationResolvedWillNotAction',
} as const;

/** Risk band → Threat Composer priority (it has no Critical). */
export const TO_TC_PRIORITY = { critical: 'High', high: 'High', medium: 'Medium', low: 'Low' } as const;
