/**
 * OWASP Threat Dragon v2 models, as zod schemas written from `threat-dragon-v2.schema.json`
 * (Threat Dragon's own schema, copied to test/fixtures/peers/threat-dragon/).
 *
 * Strict on structure and types: a wrong type anywhere we read is an error naming its path.
 * Lenient where real files are: fields the JSON schema marks required but that Threat Dragon
 * itself leaves out or that carry no meaning for us (zIndex, thumbnail, diagramTop, threat
 * `mitigation`/`severity`/`status`, `data.hasOpenThreats`) are optional; `null` counts as absent.
 * The schema also lists threats under `cells[].threats`, while Threat Dragon writes them under
 * `cells[].data.threats`: both are read. Unknown keys (ports, colours, tools) are ignored; they
 * are drawing details, not content.
 */
import { z } from 'zod';
import '../schema.ts'; // zod's global config (jitless, for the CSP) is set there.

const text = z.string().nullish();
const flag = z.boolean().nullish();
const num = z.number();

export const tdPointSchema = z.object({ x: num, y: num });

export const tdThreatSchema = z.object({
  id: text,
  threatId: text,
  title: text,
  type: text,
  modelType: text,
  status: text,
  severity: text,
  description: text,
  mitigation: text,
  score: z.union([z.string(), z.number()]).nullish(),
  number: z.number().nullish(),
});

export const tdCellDataSchema = z.object({
  type: text,
  name: text,
  description: text,
  outOfScope: flag,
  reasonOutOfScope: text,
  isTrustBoundary: flag,
  isPublicNetwork: flag,
  isBidirectional: flag,
  isEncrypted: flag,
  isSigned: flag,
  isALog: flag,
  isWebApplication: flag,
  storesCredentials: flag,
  storesInventory: flag,
  handlesCardPayment: flag,
  handlesGoodsOrServices: flag,
  providesAuthentication: flag,
  privilegeLevel: text,
  protocol: text,
  threats: z.array(tdThreatSchema).nullish(),
});

const tdEndSchema = z.object({ cell: text, port: text, x: num.nullish(), y: num.nullish() });

export const tdCellSchema = z.object({
  id: text,
  shape: text,
  position: tdPointSchema.nullish(),
  size: z.object({ width: num, height: num }).nullish(),
  source: tdEndSchema.nullish(),
  target: tdEndSchema.nullish(),
  vertices: z.array(tdPointSchema).nullish(),
  // Only attrs.text.text is read (a fallback label); the rest is styling.
  attrs: z.unknown().optional(),
  data: tdCellDataSchema.nullish(),
  threats: z.array(tdThreatSchema).nullish(),
});

export const tdDiagramSchema = z.object({
  id: z.union([z.number(), z.string()]).nullish(),
  title: text,
  description: text,
  diagramType: text,
  version: text,
  cells: z.array(tdCellSchema).nullish(),
});

const tdContributorSchema = z.union([z.object({ name: text }), z.string()]);

export const tdModelSchema = z.object({
  version: z.string(),
  summary: z.object({
    title: z.string(),
    owner: text,
    description: text,
    id: z.union([z.number(), z.string()]).nullish(),
  }),
  detail: z.object({
    contributors: z.array(tdContributorSchema).nullish(),
    diagrams: z.array(tdDiagramSchema),
    reviewer: text,
    diagramTop: z.number().nullish(),
    threatTop: z.number().nullish(),
  }),
});

export type TdModel = z.output<typeof tdModelSchema>;
export type TdDiagram = z.output<typeof tdDiagramSchema>;
export type TdCell = z.output<typeof tdCellSchema>;
export type TdThreat = z.output<typeof tdThreatSchema>;
export type TdPoint = z.output<typeof tdPointSchema>;
