/**
 * OWASP Threat Dragon v2 → a Threatstorm session.
 *
 * - Each diagram becomes a journey (title → name, description → goal).
 * - Actors, processes and stores become steps: an actor that no flow leads into is where the
 *   journey starts (`start`), any other actor is a user `action`; a process is `system`, a store
 *   `datastore`. Threat Dragon's element flags that have no field here go into the step's
 *   description ("Out of scope: …", "Threat Dragon properties: web application, encrypted"),
 *   except `storesCredentials` and `handlesCardPayment`, which become the data tags
 *   `credentials` and `payment`.
 * - Positions: Threat Dragon's top-left corners are turned into centres, scaled by 1.25 (its
 *   default element is 160 px wide, our step 200 px, so neighbours keep their gaps), and the
 *   diagram is moved to start at (0, 0); one wider than `MAX_COORDINATE` is shrunk to fit. A
 *   diagram with any element lacking a position (or placed absurdly far out) is laid out with
 *   dagre instead (`layoutJourney`).
 * - Flows become flows. One that is marked `isPublicNetwork` (or `isTrustBoundary`), or whose
 *   path crosses a trust boundary on the drawing, `crossesTrustBoundary`: a boundary box is
 *   crossed when exactly one end of the flow lies inside it; a boundary curve when the flow's
 *   path (centre of source, its vertices, centre of target) meets the curve's path. A loose
 *   flow end (dropped next to an element, not attached) within 40 px of one element is attached
 *   to it, with a warning; otherwise the flow is skipped and its threats stay unanchored.
 *   Protocol and "two-way" go into the label; description, encryption and scope into the notes.
 *   The geometry is paid from the import's `GeometryBudget` and lines with more than
 *   `MAX_BENDS` bends are not followed, so a drawing built to be slow is not: the report says
 *   which flows could not be checked.
 * - One flow per ordered pair of steps, as on the canvas: parallel flows are merged into the
 *   first (labels joined, threats kept); a flow from an element to itself is skipped and its
 *   threats go onto that element's step.
 * - Trust boundaries are not steps (they are reported as skipped and used for the crossings).
 * - Text blocks become notes. A session has no free-standing note, and a text block is most
 *   often a caption for the whole diagram (it is in all the sample models), so notes go into the
 *   session description under "Notes from the diagram …" rather than onto whichever step happens
 *   to be nearest.
 * - Threats (`data.threats` and `threats`) become threats on the same step or flow; see
 *   `STATUS_MAP` and `SEVERITY_MAP` for the tables. Each distinct `mitigation` text becomes one
 *   mitigation linked to every threat that has it: `done` when all those threats are mitigated,
 *   otherwise `proposed`; past 1,000 threats it is split into parts (`splitMitigation`).
 * - The owner becomes the facilitator; contributors and the reviewer become participants.
 */
import { createSessionDocument } from '../session-factory.ts';
import { layoutJourney, STEP_NODE_SIZE } from '../layout.ts';
import { LIMITS, type Flow, type Journey, type Mitigation, type Participant, type SessionDocument, type Step, type StepKind, type Threat } from '../schema.ts';
import { categoryFromLabel, frameworkMatch, type FrameworkId } from './categories.ts';
import { centreOf, contains, distanceToRect, polyline, polylinesIntersect, type Point, type Polyline, type Rect } from './geometry.ts';
import { describeZodIssues } from './issues.ts';
import { splitMitigation } from './mitigation-parts.ts';
import { MAX_COORDINATE } from './imported-steps.ts';
import { finish, type ResolvedOptions } from './options.ts';
import { plural } from '../plural.ts';
import { ReportBuilder } from './report.ts';
import { clip, fit, joinSections, oneLine, stripDataImages, titleFrom, titleFromFileName, imageOmittedReason } from './text.ts';
import { tdModelSchema, type TdCell, type TdDiagram, type TdModel, type TdThreat } from './threat-dragon-schema.ts';
import type { ImportResult } from './types.ts';

/** Threat Dragon coordinates × this = ours. */
export const TD_POSITION_SCALE = 1.25;
/** A loose flow end this close to an element (in Threat Dragon pixels) is attached to it. */
export const LOOSE_END_SNAP = 40;
/**
 * Most bends of one flow or boundary line used to find crossings. People draw a handful; a
 * line with thousands is a file built to be slow, and one such pair would cost millions of tests.
 */
export const MAX_BENDS = 500;
/** A position this far out (in our pixels) is no drawing's: the element is laid out as if it had none. */
const MISPLACED = 10 * MAX_COORDINATE;
/** Labels of parallel flows joined into the label of the one flow they become, at most. */
const MAX_JOINED_LABELS = 20;

type ThreatStatus = Threat['status'];

/**
 * Threat Dragon status → ours. `note` is set where the mapping changes the meaning; the
 * original status then goes into the threat's notes and the report.
 */
export const STATUS_MAP: ReadonlyMap<string, { status: ThreatStatus; note?: string }> = new Map([
  ['open', { status: 'open' }],
  ['mitigated', { status: 'mitigated' }],
  ['notapplicable', { status: 'not-applicable' }],
  ['na', { status: 'not-applicable' }],
  ['transferred', { status: 'transferred' }],
  // An accepted risk here needs an owner, a reason and a review date; Threat Dragon records none,
  // and inventing them would be dishonest. The threat stays open so the decision is taken again.
  ['accepted', { status: 'open', note: 'it was “Accepted” in Threat Dragon, which records no owner, reason or review date; accept it here with those' }],
  // Avoided: the risky part was dropped, so the threat no longer applies to the design.
  ['avoided', { status: 'not-applicable', note: 'it was “Avoided” in Threat Dragon (the risky part was dropped)' }],
  // Eliminated: a change removed the threat: the security work is done.
  ['eliminated', { status: 'mitigated', note: 'it was “Eliminated” in Threat Dragon (a change removed it)' }],
]);

/**
 * Threat Dragon severity → likelihood × impact defaults, chosen so the risk lands in the band of
 * the same name (Low 1–4, Medium 5–9, High 10–16, Critical 20–25). Threat Dragon has no
 * likelihood, so these are starting points for the room to adjust. A threat without a severity (or
 * with one we do not know) arrives not scored: nobody judged it, and it must not look Medium.
 */
export const SEVERITY_MAP: ReadonlyMap<string, { likelihood: number; impact: number }> = new Map([
  ['critical', { likelihood: 5, impact: 4 }],
  ['high', { likelihood: 4, impact: 4 }],
  ['medium', { likelihood: 3, impact: 3 }],
  ['low', { likelihood: 2, impact: 2 }],
]);

type CellKind = 'actor' | 'process' | 'store' | 'flow' | 'boundary-box' | 'boundary-curve' | 'text' | 'unknown';

// Maps, not objects: the keys come from the file, and an element of type "__proto__" or
// "constructor" must be an unknown element, not whatever Object.prototype holds.
const TYPE_KINDS: ReadonlyMap<string, CellKind> = new Map([
  ['tm.actor', 'actor'],
  ['tm.process', 'process'],
  ['tm.store', 'store'],
  ['tm.flow', 'flow'],
  ['tm.boundarybox', 'boundary-box'],
  ['tm.boundary', 'boundary-curve'],
  ['tm.text', 'text'],
]);
const SHAPE_KINDS: ReadonlyMap<string, CellKind> = new Map([
  ['actor', 'actor'],
  ['process', 'process'],
  ['store', 'store'],
  ['flow', 'flow'],
  ['trust-boundary-box', 'boundary-box'],
  ['trust-boundary-curve', 'boundary-curve'],
  ['trust-boundary', 'boundary-curve'],
  ['td-text-block', 'text'],
]);
const KIND_NAMES: Record<CellKind, string> = {
  actor: 'actor',
  process: 'process',
  store: 'store',
  flow: 'flow',
  'boundary-box': 'trust boundary box',
  'boundary-curve': 'trust boundary',
  text: 'text block',
  unknown: 'element',
};
/** Threat Dragon's default sizes, for elements saved without one. */
const DEFAULT_SIZES: Partial<Record<CellKind, { width: number; height: number }>> = {
  actor: { width: 160, height: 80 },
  process: { width: 100, height: 100 },
  store: { width: 160, height: 80 },
};

/** The element's kind by its `data.type`, else by its shape; `unknownType` is a type that was not understood. */
function kindOf(cell: TdCell): { kind: CellKind; unknownType: string | null } {
  const type = (cell.data?.type ?? '').trim();
  const byType = TYPE_KINDS.get(type.toLowerCase());
  if (byType) return { kind: byType, unknownType: null };
  return { kind: SHAPE_KINDS.get((cell.shape ?? '').trim().toLowerCase()) ?? 'unknown', unknownType: type === '' ? null : type };
}

/** `value[key]` when it is the object's own property (never something its prototype holds). */
function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function attrText(cell: TdCell): string {
  const value = own(own(cell.attrs, 'text'), 'text');
  return typeof value === 'string' ? value : '';
}

function rawName(cell: TdCell): string {
  return cell.data?.name ?? attrText(cell);
}

function normaliseKey(value: string | null | undefined): string {
  return (value ?? '').toLowerCase().replace(/[^a-z]/g, '');
}

interface StepDraft {
  step: Step;
  cellKind: 'actor' | 'process' | 'store';
  rect: Rect | null;
}

interface FlowDraft {
  flow: Flow;
  /**
   * The bends of each drawn flow this one stands for (several when parallel flows were merged
   * into it); a straight flow (no bends) is kept once: more would ask the same question again.
   */
  paths: Array<readonly Point[]>;
  /** Marked public or a trust boundary in Threat Dragon (any of the merged flows). */
  flagged: boolean;
  /** Distinct labels of the merged flows, in drawing order: the first `MAX_JOINED_LABELS` are shown. */
  labels: Set<string>;
  /** Whether `paths` holds the straight path already. */
  straight: boolean;
  where: string;
}

interface Context {
  options: ResolvedOptions;
  report: ReportBuilder;
  threats: Threat[];
  /** One entry per distinct mitigation text, with every threat that has it (split into parts at the end). */
  mitigationsByText: Map<string, { mitigation: Mitigation; threatIds: string[]; allMitigated: boolean }>;
}

export function importThreatDragon(raw: unknown, options: ResolvedOptions): ImportResult {
  const parsed = tdModelSchema.safeParse(raw);
  if (!parsed.success) {
    const details = describeZodIssues(parsed.error);
    const record = raw as Record<string, unknown>;
    if (!Object.hasOwn(record, 'detail') && Object.hasOwn(record, 'details')) details.push('The file has "details" where Threat Dragon writes "detail".');
    return {
      ok: false,
      format: 'threat-dragon-v2',
      message: 'This file looks like a Threat Dragon v2 model but does not match that format, so nothing was imported.',
      details,
    };
  }
  return mapModel(parsed.data, options);
}

function mapModel(model: TdModel, options: ResolvedOptions): ImportResult {
  const report = new ReportBuilder();
  const ctx: Context = { options, report, threats: [], mitigationsByText: new Map() };

  let title = oneLine(model.summary.title);
  if (!title) {
    title = titleFromFileName(options.fileName);
    report.warn(`The model has no title; the session is called “${title}” after the file.`);
  }
  title = fit(title, LIMITS.name, 'summary.title', report);

  const participants = mapParticipants(model, ctx);
  const journeys: Journey[] = [];
  const steps: Step[] = [];
  const flows: Flow[] = [];
  const noteSections: Array<{ heading: string; body: string }> = [];

  model.detail.diagrams.forEach((diagram, index) => {
    const mapped = mapDiagram(diagram, index, ctx);
    journeys.push(mapped.journey);
    steps.push(...mapped.steps);
    flows.push(...mapped.flows);
    if (mapped.notes.length > 0) {
      noteSections.push({ heading: `Notes from the diagram “${mapped.journey.name}”:`, body: mapped.notes.map((n) => `- ${n}`).join('\n') });
    }
  });
  if (journeys.length === 0) {
    journeys.push({ id: options.makeId(), name: 'Main journey', persona: '', goal: '', critical: false, stages: [] });
    report.warn('The model has no diagrams; the session starts with one empty journey.');
  }

  const summaryDescription = stripImages(model.summary.description ?? '', 'summary.description', ctx);
  const description = fit(
    joinSections([{ body: summaryDescription }, ...noteSections]),
    LIMITS.longText,
    'The session description (model description and diagram notes)',
    report,
  );

  const mitigations: Mitigation[] = [];
  for (const { mitigation, threatIds, allMitigated } of ctx.mitigationsByText.values()) {
    mitigations.push(...splitMitigation({ ...mitigation, status: allMitigated ? 'done' : 'proposed' }, threatIds, options.makeId, report));
  }
  if (model.detail.diagrams.some((d) => (d.cells ?? []).length > 0)) {
    report.warn('Drawing details (colours, line styles, ports, z-order, thumbnails) are not carried over.');
  }

  const base = createSessionDocument(title, options.now);
  const doc: SessionDocument = {
    // Starting from a new session keeps every part this importer has nothing for at its default.
    ...base,
    session: { ...base.session, id: options.makeId(), title, description },
    participants,
    journeys,
    steps,
    flows,
    threats: ctx.threats,
    outcomes: [],
    mitigations,
    backlogPins: [],
  };
  return finish('threat-dragon-v2', doc, report);
}

function mapParticipants(model: TdModel, ctx: Context): Participant[] {
  const people: Participant[] = [];
  const seen = new Set<string>();
  const add = (name: string | null | undefined, role: Participant['role'], where: string) => {
    const clean = oneLine(name ?? '');
    if (!clean) return;
    const key = clean.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    people.push({ id: ctx.options.makeId(), name: fit(clean, LIMITS.name, where, ctx.report), role });
  };
  add(model.summary.owner, 'facilitator', 'summary.owner');
  (model.detail.contributors ?? []).forEach((c, i) => add(typeof c === 'string' ? c : c.name, 'participant', `detail.contributors[${i}].name`));
  add(model.detail.reviewer, 'participant', 'detail.reviewer');
  if (people.length > 1000) {
    ctx.report.warn(`Only the first 1,000 of ${people.length} people are kept as participants.`);
    return people.slice(0, 1000);
  }
  return people;
}

function stripImages(text: string, where: string, ctx: Context): string {
  const { text: out, count } = stripDataImages(text);
  for (let i = 0; i < count; i++) ctx.report.skip('image', where, imageOmittedReason(ctx.options.keepImages));
  return out;
}

function rectOf(cell: TdCell, kind: CellKind): Rect | null {
  if (!cell.position) return null;
  const size = cell.size ?? DEFAULT_SIZES[kind] ?? { width: 0, height: 0 };
  return { x: cell.position.x, y: cell.position.y, width: Math.max(0, size.width), height: Math.max(0, size.height) };
}

function describeCell(diagramIndex: number, cellIndex: number, cell: TdCell, kind: CellKind): string {
  const name = oneLine(rawName(cell));
  return `detail.diagrams[${diagramIndex}].cells[${cellIndex}] (${KIND_NAMES[kind]}${name ? ` “${clip(name, 60)}”` : ''})`;
}

function mapDiagram(diagram: TdDiagram, index: number, ctx: Context): { journey: Journey; steps: Step[]; flows: Flow[]; notes: string[] } {
  const { report, options } = ctx;
  const where = `detail.diagrams[${index}]`;
  let name = oneLine(diagram.title ?? '');
  if (!name) {
    name = `Diagram ${index + 1}`;
    report.warn(`${where} has no title; its journey is called “${name}”.`);
  }
  const journey: Journey = {
    id: options.makeId(),
    name: fit(name, LIMITS.name, `${where}.title`, report),
    persona: '',
    goal: fit(stripImages(diagram.description ?? '', `${where}.description`, ctx).trim(), LIMITS.shortText, `${where}.description`, report),
    critical: false,
    stages: [],
  };
  const diagramType = frameworkMatch(diagram.diagramType);
  const framework = diagramType.framework;
  if (!diagramType.understood) {
    report.warn(`${where} has the unknown diagram type “${clip(oneLine(diagram.diagramType ?? ''), 40)}”: each threat type is looked up in every framework.`);
  }
  const cells = diagram.cells ?? [];
  const kinds = cells.map((cell, cellIndex) => {
    const { kind, unknownType } = kindOf(cell);
    if (unknownType !== null && kind !== 'unknown') {
      report.warn(`${describeCell(index, cellIndex, cell, kind)}: its type “${clip(oneLine(unknownType), 40)}” is not a Threat Dragon type; read by its shape as ${/^[aeiou]/.test(KIND_NAMES[kind]) ? 'an' : 'a'} ${KIND_NAMES[kind]}.`);
    }
    return kind;
  });
  const notes: string[] = [];
  const flowNotes: string[] = [];

  // Pass 1: elements → steps.
  const stepByCell = new Map<string, StepDraft>();
  const stepByIndex = new Map<number, StepDraft>();
  const drafts: StepDraft[] = [];
  const cellIds = new Set<string>();
  cells.forEach((cell, cellIndex) => {
    const kind = kinds[cellIndex]!;
    const cellWhere = describeCell(index, cellIndex, cell, kind);
    if (cell.id) {
      if (cellIds.has(cell.id)) report.warn(`${cellWhere}: its id “${clip(cell.id, 40)}” is used twice in the diagram; flows attach to the first.`);
      cellIds.add(cell.id);
    }
    if (kind !== 'actor' && kind !== 'process' && kind !== 'store') return;
    const draft = mapElement(cell, kind, journey.id, cellWhere, ctx);
    drafts.push(draft);
    stepByIndex.set(cellIndex, draft);
    if (cell.id && !stepByCell.has(cell.id)) stepByCell.set(cell.id, draft);
    else if (!cell.id) report.warn(`${cellWhere} has no id; it is imported, but no flow can attach to it.`);
  });

  // Pass 2: flows, boundaries, text, unknown shapes.
  const flowByIndex = new Map<number, FlowDraft>();
  const flowDrafts: FlowDraft[] = [];
  // One flow per ordered pair of steps, as the canvas allows: parallel flows are merged into the first.
  const flowByPair = new Map<string, FlowDraft>();
  // A flow from an element to itself cannot be a flow here; its threats go onto the step.
  const selfFlowStep = new Map<number, StepDraft>();
  const stepById = new Map(drafts.map((d) => [d.step.id, d]));
  const boxes: Rect[] = [];
  const curves: Polyline[] = [];
  const rectByCell = new Map<string, Rect>();
  cells.forEach((cell, cellIndex) => {
    const rect = rectOf(cell, kinds[cellIndex]!);
    if (cell.id && rect && !rectByCell.has(cell.id)) rectByCell.set(cell.id, rect);
  });
  cells.forEach((cell, cellIndex) => {
    const kind = kinds[cellIndex]!;
    const cellWhere = describeCell(index, cellIndex, cell, kind);
    if (kind === 'flow') {
      const draft = mapFlow(cell, journey.id, cellWhere, drafts, stepByCell, ctx, flowNotes);
      if (!draft) return;
      if (draft.flow.source === draft.flow.target) {
        const step = stepById.get(draft.flow.source)!;
        selfFlowStep.set(cellIndex, step);
        report.skip('flow', cellWhere, `it starts and ends at “${clip(step.step.label, 60)}”, and a step cannot flow into itself; its threats are on that step`);
        return;
      }
      const pair = `${draft.flow.source}\u0000${draft.flow.target}`;
      const kept = flowByPair.get(pair);
      if (kept) {
        mergeFlow(kept, draft);
        flowByIndex.set(cellIndex, kept);
        report.tally('parallel-flows', (n) =>
          `${plural(n, 'flow')} joined the same two elements in the same direction as an earlier flow: merged into it (one flow per pair, as on the canvas), labels joined, threats kept on the merged flow.`,
        );
        return;
      }
      flowByPair.set(pair, draft);
      flowDrafts.push(draft);
      flowByIndex.set(cellIndex, draft);
    } else if (kind === 'boundary-box') {
      const rect = rectOf(cell, kind);
      if (rect) boxes.push(rect);
      report.skip('trust boundary', cellWhere, boundaryReason(rect !== null ? 'usable' : 'no-position'));
    } else if (kind === 'boundary-curve') {
      const bends = cell.vertices?.length ?? 0;
      const path = bends > MAX_BENDS ? null : curvePath(cell, rectByCell);
      if (path) curves.push(polyline(path));
      report.skip('trust boundary', cellWhere, boundaryReason(bends > MAX_BENDS ? 'too-many-bends' : path !== null ? 'usable' : 'no-position', bends));
    } else if (kind === 'text') {
      const text = oneLine(stripImages(rawName(cell), `${cellWhere}.name`, ctx));
      if (text) {
        notes.push(text);
        report.count('notes');
      }
    } else if (kind === 'unknown') {
      const type = oneLine(cell.data?.type ?? '');
      const what = type ? `element of type “${clip(type, 40)}” and shape “${clip(oneLine(cell.shape ?? '') || '(none)', 40)}”` : `element of shape “${clip(oneLine(cell.shape ?? '') || '(none)', 40)}”`;
      report.skip(what, cellWhere, 'Threatstorm does not know this kind of element; it has no step kind to become.');
    }
  });

  // Actors: where the journey starts when nothing flows into them, otherwise a user action. A
  // request/response pair flows into every actor, so then the first actor that sends something starts it.
  const incoming = new Set(flowDrafts.map((f) => f.flow.target));
  const outgoing = new Set(flowDrafts.map((f) => f.flow.source));
  const actors = drafts.filter((d) => d.cellKind === 'actor');
  for (const draft of actors) draft.step.kind = incoming.has(draft.step.id) ? 'action' : 'start';
  if (actors.length > 0 && !actors.some((d) => d.step.kind === 'start')) {
    (actors.find((d) => outgoing.has(d.step.id)) ?? actors[0]!).step.kind = 'start';
  }

  for (const draft of flowDrafts) {
    if (draft.labels.size > 1) {
      const shown = [...draft.labels].slice(0, MAX_JOINED_LABELS);
      const rest = draft.labels.size - shown.length;
      const more = rest > 0 ? ` (and ${plural(rest, 'other label')})` : '';
      draft.flow.label = `${fit(shown.join('; '), LIMITS.name - more.length, `${draft.where} name (the labels of its parallel flows, joined)`, report)}${more}`;
    }
  }

  markCrossings(flowDrafts, drafts, boxes, curves, where, ctx);

  placeSteps(drafts, flowDrafts, where, ctx);

  // Threats, now that every anchor is known.
  cells.forEach((cell, cellIndex) => {
    const kind = kinds[cellIndex]!;
    const cellWhere = describeCell(index, cellIndex, cell, kind);
    const list = threatsOf(cell, cellWhere, ctx);
    if (list.length === 0) return;
    const step = stepByIndex.get(cellIndex) ?? selfFlowStep.get(cellIndex);
    const flow = flowByIndex.get(cellIndex);
    const anchor: Threat['anchor'] = step ? { type: 'step', id: step.step.id } : flow ? { type: 'flow', id: flow.flow.id } : null;
    if (!anchor) {
      report.warn(`${cellWhere}: ${plural(list.length, 'threat')} kept unanchored (not on any step yet): the ${KIND_NAMES[kind]} did not become a step or flow.`);
    }
    list.forEach(({ threat, path }) => mapThreat(threat, anchor, framework, path, ctx));
  });

  return { journey, steps: drafts.map((d) => d.step), flows: flowDrafts.map((f) => f.flow), notes: [...notes, ...flowNotes] };
}

function boundaryReason(use: 'usable' | 'no-position' | 'too-many-bends', bends = 0): string {
  switch (use) {
    case 'usable':
      return 'trust boundaries are not steps in Threatstorm; flows that cross this one are marked “crosses a trust boundary”';
    case 'no-position':
      return 'trust boundaries are not steps in Threatstorm, and this one has no position, so it could not be used to find crossing flows';
    case 'too-many-bends':
      return (
        `trust boundaries are not steps in Threatstorm, and this line has ${plural(bends, 'bend')} (more than ${MAX_BENDS} are not followed), ` +
        'so it was not used to find crossing flows: mark the flows that cross it by hand'
      );
  }
}

/** Parallel flow `extra` (same two steps, same direction) folded into `kept`. */
function mergeFlow(kept: FlowDraft, extra: FlowDraft): void {
  for (const path of extra.paths) {
    if (path.length > 0) kept.paths.push(path);
    else if (!kept.straight) {
      kept.paths.push(path);
      kept.straight = true;
    }
  }
  kept.flagged ||= extra.flagged;
  for (const label of extra.labels) kept.labels.add(label);
}

/**
 * Which flows cross a trust boundary: flagged in Threat Dragon, or exactly one end inside a
 * boundary box, or a drawn path that meets a boundary line. Every test is paid from the
 * import's `GeometryBudget`; flows whose answer the budget did not cover keep what is known
 * (the flag, or a crossing found) and are counted in the report.
 */
function markCrossings(flows: readonly FlowDraft[], steps: readonly StepDraft[], boxes: readonly Rect[], curves: readonly Polyline[], where: string, ctx: Context): void {
  const budget = ctx.options.geometry;
  const centreById = new Map(steps.filter((d) => d.rect).map((d) => [d.step.id, centreOf(d.rect!)]));
  let unchecked = 0;
  for (const draft of flows) {
    let crosses = draft.flagged;
    let unknown = false;
    const from = centreById.get(draft.flow.source);
    const to = centreById.get(draft.flow.target);
    if (!crosses && from && to) {
      for (const box of boxes) {
        if (!budget.take()) {
          unknown = true;
          break;
        }
        if (contains(box, from) !== contains(box, to)) {
          crosses = true;
          break;
        }
      }
      for (let i = 0; !crosses && !unknown && i < draft.paths.length && curves.length > 0; i++) {
        const path = polyline([from, ...draft.paths[i]!, to]);
        for (const curve of curves) {
          const meets = polylinesIntersect(path, curve, budget);
          if (meets === null) unknown = true;
          if (meets !== false) {
            crosses = meets === true;
            break;
          }
        }
      }
    }
    draft.flow.crossesTrustBoundary = crosses;
    if (unknown) unchecked += 1;
  }
  if (unchecked > 0) {
    ctx.report.warn(
      `${where}: the drawing is too large to check every flow against every trust boundary (an import makes at most ` +
        `${budget.limit.toLocaleString('en-US')} geometric tests): ${plural(unchecked, 'flow was', 'flows were')} not fully checked and ` +
        'are marked as crossing only where Threat Dragon flagged them; check them by hand.',
    );
  }
}

function curvePath(cell: TdCell, rectByCell: Map<string, Rect>): Point[] | null {
  const end = (e: TdCell['source']): Point | null => {
    if (!e) return null;
    if (e.cell) {
      const rect = rectByCell.get(e.cell);
      return rect ? centreOf(rect) : null;
    }
    return typeof e.x === 'number' && typeof e.y === 'number' ? { x: e.x, y: e.y } : null;
  };
  const from = end(cell.source);
  const to = end(cell.target);
  if (!from || !to) return null;
  return [from, ...(cell.vertices ?? []), to];
}

function mapElement(cell: TdCell, kind: 'actor' | 'process' | 'store', journeyId: string, where: string, ctx: Context): StepDraft {
  const { report } = ctx;
  const data = cell.data ?? {};
  const name = rawName(cell);
  let label = oneLine(name);
  if (label !== name.trim()) report.tally('label-lines', (n) => `${plural(n, 'name')} had line breaks, joined with spaces.`);
  if (!label) {
    label = kind === 'actor' ? 'Actor' : kind === 'process' ? 'Process' : 'Data store';
    report.tally(`unnamed-${kind}`, (n) => `${plural(n, `${KIND_NAMES[kind]} without a name`, `${KIND_NAMES[kind]}s without a name`)}: called “${label}”.`);
  }
  const lines: string[] = [];
  const description = stripImages(data.description ?? '', `${where}.description`, ctx).trim();
  if (description) lines.push(description);
  if (data.outOfScope) {
    const reason = oneLine(data.reasonOutOfScope ?? '');
    lines.push(`Out of scope in Threat Dragon${reason ? `: ${reason}` : ''}.`);
  }
  const properties = [
    data.isWebApplication && 'web application',
    data.handlesGoodsOrServices && 'handles goods or services',
    data.providesAuthentication && 'provides authentication',
    data.isALog && 'holds logs',
    data.isEncrypted && 'encrypted',
    data.isSigned && 'signed',
    data.storesInventory && 'stores inventory',
    data.privilegeLevel && oneLine(data.privilegeLevel) && `privilege level: ${oneLine(data.privilegeLevel)}`,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  if (properties.length > 0) lines.push(`Threat Dragon properties: ${properties.join(', ')}.`);
  const dataTags: string[] = [];
  if (data.storesCredentials) dataTags.push('credentials');
  if (data.handlesCardPayment) dataTags.push('payment');

  const stepKind: StepKind = kind === 'actor' ? 'start' : kind === 'process' ? 'system' : 'datastore';
  const fittedLabel = fit(label, LIMITS.name, `${where} name`, report);
  return {
    cellKind: kind,
    rect: rectOf(cell, kind),
    step: {
      id: ctx.options.makeId(),
      journeyId,
      kind: stepKind,
      label: fittedLabel,
      description: fit(lines.join('\n\n'), LIMITS.longText, `${where} description`, report),
      actor: kind === 'actor' ? fittedLabel : '',
      dataTags,
      position: { x: 0, y: 0 },
    },
  };
}

function mapFlow(
  cell: TdCell,
  journeyId: string,
  where: string,
  drafts: readonly StepDraft[],
  stepByCell: Map<string, StepDraft>,
  ctx: Context,
  notes: string[],
): FlowDraft | null {
  const { report } = ctx;
  const data = cell.data ?? {};
  const name = oneLine(rawName(cell));
  let searchRefused = false;
  const resolve = (end: TdCell['source'], side: 'source' | 'target'): StepDraft | null => {
    if (end?.cell) return stepByCell.get(end.cell) ?? null;
    if (end && typeof end.x === 'number' && typeof end.y === 'number') {
      // Looking at every element is paid from the import's budget: many loose ends × many elements is quadratic.
      if (!ctx.options.geometry.take(Math.max(1, drafts.length))) {
        searchRefused = true;
        return null;
      }
      const point = { x: end.x, y: end.y };
      let best: StepDraft | null = null;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const draft of drafts) {
        if (!draft.rect) continue;
        const distance = distanceToRect(draft.rect, point);
        if (distance < bestDistance) {
          best = draft;
          bestDistance = distance;
        }
      }
      if (best && bestDistance <= LOOSE_END_SNAP) {
        report.warn(`${where}: its ${side} was not attached to anything; it ends ${Math.round(bestDistance)} px from “${best.step.label}”, so it is attached there.`);
        return best;
      }
    }
    return null;
  };
  const source = resolve(cell.source, 'source');
  const target = resolve(cell.target, 'target');
  if (!source || !target) {
    const missing = [!source && 'source', !target && 'target'].filter(Boolean).join(' and ');
    const why = searchRefused
      ? `and the drawing is too large to look for the element next to its loose end (an import makes at most ${ctx.options.geometry.limit.toLocaleString('en-US')} geometric tests)`
      : 'so it cannot join two steps';
    report.skip('flow', where, `its ${missing} is not attached to an actor, process or store, ${why}`);
    return null;
  }

  const extras = [oneLine(data.protocol ?? ''), data.isBidirectional ? 'two-way' : ''].filter(Boolean);
  if (data.isBidirectional) report.tally('two-way', (n) => `${plural(n, 'two-way flow')} kept as one flow in the drawn direction, labelled “two-way”.`);
  const label = extras.length === 0 ? name : name ? `${name} (${extras.join(', ')})` : extras.join(', ');

  const facts: string[] = [];
  const description = oneLine(stripImages(data.description ?? '', `${where}.description`, ctx));
  if (description) facts.push(description.replace(/[.]?$/, '.'));
  if (data.isEncrypted) facts.push('Encrypted.');
  if (data.outOfScope) {
    const reason = oneLine(data.reasonOutOfScope ?? '');
    facts.push(`Out of scope${reason ? `: ${reason}` : ''}.`);
  }
  if (facts.length > 0) {
    notes.push(`Flow “${name || '(unnamed)'}” (${source.step.label} → ${target.step.label}): ${facts.join(' ')}`);
    report.count('notes');
  }
  const bends = cell.vertices ?? [];
  if (bends.length > MAX_BENDS) {
    report.warn(
      `${where}: its line has ${plural(bends.length, 'bend')}; more than ${MAX_BENDS} are not followed, so it was checked against trust boundary boxes only, not boundary lines.`,
    );
  }
  const fitted = fit(label, LIMITS.name, `${where} name`, report);
  return {
    flagged: data.isPublicNetwork === true || data.isTrustBoundary === true,
    paths: bends.length > MAX_BENDS ? [] : [bends],
    labels: new Set(fitted ? [fitted] : []),
    straight: bends.length === 0,
    where,
    flow: {
      id: ctx.options.makeId(),
      journeyId,
      source: source.step.id,
      target: target.step.id,
      label: fitted,
      crossesTrustBoundary: false,
    },
  };
}

function placeSteps(drafts: StepDraft[], flows: readonly FlowDraft[], where: string, ctx: Context): void {
  if (drafts.length === 0) return;
  const placed = drafts.map((d) => {
    if (!d.rect) return null;
    const c = centreOf(d.rect);
    const p = { x: c.x * TD_POSITION_SCALE - STEP_NODE_SIZE.width / 2, y: c.y * TD_POSITION_SCALE - STEP_NODE_SIZE.height / 2 };
    // Far beyond any drawing (or at no real number): as good as no position.
    return Number.isFinite(p.x) && Number.isFinite(p.y) && Math.abs(p.x) <= MISPLACED && Math.abs(p.y) <= MISPLACED ? p : undefined;
  });
  if (placed.every((p) => p)) {
    // A loop, not Math.min(...list): a diagram can hold more elements than a call takes arguments.
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const p of placed) {
      minX = Math.min(minX, p!.x);
      minY = Math.min(minY, p!.y);
      maxX = Math.max(maxX, p!.x);
      maxY = Math.max(maxY, p!.y);
    }
    // Wider than the canvas range: shrunk to fit, the layout kept.
    const spread = Math.max(maxX - minX, maxY - minY);
    const scale = spread > MAX_COORDINATE ? MAX_COORDINATE / spread : 1;
    if (scale < 1) {
      ctx.report.warn(`${where}: the drawing spans ${Math.round(spread).toLocaleString('en-US')} px, more than the ${MAX_COORDINATE.toLocaleString('en-US')} a journey may; it was shrunk to fit, its layout kept.`);
    }
    drafts.forEach((d, i) => {
      const p = placed[i]!;
      d.step.position = { x: Math.round((p.x - minX) * scale) + 0, y: Math.round((p.y - minY) * scale) + 0 };
    });
    return;
  }
  const positions = layoutJourney(
    drafts.map((d) => ({ id: d.step.id })),
    flows.map((f) => ({ source: f.flow.source, target: f.flow.target })),
  );
  for (const d of drafts) d.step.position = positions.get(d.step.id) ?? { x: 0, y: 0 };
  ctx.report.warn(
    placed.some((p) => p === null)
      ? `${where}: some elements have no position, so the journey was laid out automatically.`
      : `${where}: some elements are placed more than ${MISPLACED.toLocaleString('en-US')} px away (or at no real number), so the journey was laid out automatically.`,
  );
}

function threatsOf(cell: TdCell, where: string, ctx: Context): Array<{ threat: TdThreat; path: string }> {
  const out: Array<{ threat: TdThreat; path: string }> = [];
  const seen = new Set<string>();
  const base = where.replace(/ \(.*$/, '');
  const add = (list: TdThreat[] | null | undefined, key: string) =>
    (list ?? []).forEach((threat, i) => {
      const id = threat.id ?? threat.threatId;
      if (id) {
        if (seen.has(id)) {
          ctx.report.warn(`${base}.${key}[${i}]: the same threat (id “${clip(id, 40)}”) is listed twice on this element; imported once.`);
          return;
        }
        seen.add(id);
      }
      out.push({ threat, path: `${base}.${key}[${i}]` });
    });
  add(cell.data?.threats, 'data.threats');
  add(cell.threats, 'threats');
  return out;
}

function mapThreat(source: TdThreat, anchor: Threat['anchor'], diagramFramework: FrameworkId | null, where: string, ctx: Context): void {
  const { report } = ctx;
  let title = oneLine(source.title ?? '');
  if (!title) {
    title = titleFrom(source.description ?? '', 80) || 'Untitled threat';
    report.warn(`${where} has no title; it is called “${title}”.`);
  }
  title = fit(title, LIMITS.name, `${where}.title`, report);

  const modelType = frameworkMatch(source.modelType);
  const trailer: string[] = [];
  if (!modelType.understood) {
    const value = oneLine(source.modelType ?? '');
    trailer.push(`model type “${value}”`);
    report.warn(`${where} (“${title}”) has the unknown model type “${clip(value, 40)}”: its threat type was looked up in every framework.`);
  }
  const match = categoryFromLabel(source.type, modelType.framework ?? diagramFramework);
  const typeLabel = oneLine(source.type ?? '');
  if (match.kind === 'custom') {
    trailer.push(`type “${typeLabel}”`);
    report.tally('custom-type', (n) => `${plural(n, 'threat')} of a type no framework here knows: kept as a custom category (the type is in the notes).`);
  } else if (match.kind === 'empty') {
    report.tally('no-type', (n) => `${plural(n, 'threat')} without a type: filed under the custom category.`);
  } else if (match.otherFramework) {
    trailer.push(`type “${typeLabel}” (${oneLine(source.modelType ?? '') || 'diagram'} model)`);
    report.tally('other-framework', (n) => `${plural(n, 'threat')} whose type belongs to another framework than its model: filed under that framework.`);
  }

  const statusKey = normaliseKey(source.status);
  let status: ThreatStatus = 'open';
  if (!statusKey) {
    report.tally('no-status', (n) => `${plural(n, 'threat')} without a status: imported as open.`);
  } else {
    const mapped = STATUS_MAP.get(statusKey);
    if (mapped) {
      status = mapped.status;
      if (mapped.note) {
        trailer.push(`status “${oneLine(source.status ?? '')}”`);
        report.warn(`${where} (“${title}”) is ${status === 'not-applicable' ? 'not applicable' : status} here: ${mapped.note}.`);
      }
    } else {
      trailer.push(`status “${oneLine(source.status ?? '')}”`);
      report.warn(`${where} (“${title}”) has the unknown status “${clip(oneLine(source.status ?? ''), 40)}”: imported as open.`);
    }
  }

  const severityKey = normaliseKey(source.severity);
  const scores = SEVERITY_MAP.get(severityKey);
  if (source.severity && oneLine(source.severity)) trailer.push(`severity ${oneLine(source.severity)}`);
  if (!scores) {
    if (!severityKey || severityKey === 'tbd') {
      report.tally('no-severity', (n) => `${plural(n, 'threat')} without a severity: imported not scored, for the room to score.`);
    } else {
      report.warn(`${where} (“${title}”) has the unknown severity “${clip(oneLine(source.severity ?? ''), 40)}”: imported not scored.`);
    }
  }
  const score = source.score === null || source.score === undefined ? '' : oneLine(String(source.score));
  if (score) trailer.push(`score ${score}`);
  if (typeof source.number === 'number' && source.number > 0) trailer.push(`#${source.number}`);

  const description = stripImages(source.description ?? '', `${where}.description`, ctx).trim();
  const notes = joinSections([{ body: description }, { body: trailer.length > 0 ? `Threat Dragon: ${trailer.join('; ')}.` : '' }]);
  const threat: Threat = {
    id: ctx.options.makeId(),
    anchor,
    title,
    category: match.category,
    statement: { source: '', prerequisites: '', action: '', impact: '', impactedGoals: [], impactedAssets: [] },
    likelihood: scores?.likelihood ?? null,
    impact: scores?.impact ?? null,
    status,
    votes: 0,
    notes: fit(notes, LIMITS.longText, `${where} description`, report),
  };
  ctx.threats.push(threat);

  const mitigationText = stripImages(source.mitigation ?? '', `${where}.mitigation`, ctx).trim();
  if (!mitigationText) return;
  const existing = ctx.mitigationsByText.get(mitigationText);
  if (existing) {
    existing.threatIds.push(threat.id);
    existing.allMitigated &&= status === 'mitigated';
    report.tally('shared-mitigation', (n) => `${plural(n, 'threat')} shared a mitigation text with an earlier threat: linked to the same mitigation (or to a part of it, past 1,000 threats).`);
    return;
  }
  const mitigationTitle = titleFrom(mitigationText, 120);
  ctx.mitigationsByText.set(mitigationText, {
    allMitigated: status === 'mitigated',
    threatIds: [threat.id],
    mitigation: {
      id: ctx.options.makeId(),
      title: mitigationTitle,
      description: mitigationTitle === mitigationText ? '' : fit(mitigationText, LIMITS.longText, `${where}.mitigation`, report),
      threatIds: [],
      effort: 'M',
      status: 'proposed',
      owner: '',
    },
  });
}
