/**
 * AWS Threat Composer (`.tc.json`, `schema: 1`, or the older bare list of threats) → a
 * Threatstorm session.
 *
 * Threat Composer has no canvas, so its threats land unanchored (`anchor: null`) in the
 * session, next to one empty journey called "Imported threats": people drag each threat onto
 * the step where it happens.
 * - Threat grammar → statement, one to one: threatSource → source, prerequisites,
 *   threatAction → action, threatImpact → impact, impactedGoal → impactedGoals,
 *   impactedAssets. The title is the action ("Read the contents of local browser storage"),
 *   or the statement for a threat written as free text.
 * - `Priority` metadata → likelihood × impact (`PRIORITY_MAP`), no priority → not scored; `STRIDE` metadata → the STRIDE
 *   category of its first letter (further letters go into the notes); status per `STATUS_MAP`.
 * - Mitigations keep their status (`MITIGATION_STATUS_MAP`) and their links to threats; one
 *   linked to more threats than a mitigation holds is split into parts (`splitMitigation`).
 * - Assumptions become notes on the threats (and mitigations) they are linked to; assumptions
 *   linked to nothing go into the session description.
 * - Application name → session title; application, architecture and data-flow descriptions →
 *   session description. Embedded base64 images are omitted and reported; image links are kept.
 * - Comments, tags and any other metadata go into the notes, so nothing is dropped silently.
 * - `custom:threatstorm:*` metadata (written by our own Threat Composer export) restores what
 *   Threat Composer has no field for: title, category, likelihood, impact, status with the risk
 *   acceptance, votes, text cut to Threat Composer's limits; effort, owner and tracker key of
 *   mitigations. A saved value is used only while it still agrees with what Threat Composer
 *   shows (same priority, same status group, same STRIDE letter, same cut text): an edit made
 *   in Threat Composer wins over what we saved before it.
 */
import { efforts, LIMITS, mitigationStatuses, threatStatuses, type Mitigation, type SessionDocument, type Threat } from '../schema.ts';
import { createSessionDocument } from '../session-factory.ts';
import { CUSTOM_CATEGORY, STRIDE_LETTERS, type Category } from './categories.ts';
import { describeZodIssues } from './issues.ts';
import { splitMitigation } from './mitigation-parts.ts';
import { finish, type ResolvedOptions } from './options.ts';
import { plural } from '../plural.ts';
import { ReportBuilder } from './report.ts';
import { capitalise, clip, fit, imageOmittedReason, isDataImage, joinSections, oneLine, stripDataImages, titleFrom, titleFromFileName } from './text.ts';
import { severityOf } from '../scoring.ts';
import {
  TC_LIMITS,
  TC_TOP_LEVEL_KEYS,
  tcFileSchema,
  tcThreatListSchema,
  TO_TC_MITIGATION_STATUS,
  TO_TC_PRIORITY,
  TO_TC_THREAT_STATUS,
  TS_FULL_GRAMMAR,
  TS_META,
  type TcFile,
  type TcMetadata,
  type TcThreat,
} from './threat-composer-schema.ts';
import type { ImportResult } from './types.ts';

export const IMPORTED_THREATS_JOURNEY = 'Imported threats';

// The tables are Maps: their keys are values from the file, and a plain object would answer a
// status "toString" or a priority "constructor" with what Object.prototype holds.

/** Threat Composer threat status → ours. Resolved means dealt with; "not useful" means it does not apply. */
export const STATUS_MAP: ReadonlyMap<string, Threat['status']> = new Map([
  ['threatIdentified', 'open'],
  ['threatResolved', 'mitigated'],
  ['threatResolvedNotUseful', 'not-applicable'],
]);

export const MITIGATION_STATUS_MAP: ReadonlyMap<string, Mitigation['status']> = new Map([
  ['mitigationIdentified', 'proposed'],
  ['mitigationInProgress', 'in-progress'],
  ['mitigationResolved', 'done'],
  ['mitigationResolvedWillNotAction', 'wont-do'],
]);

/** Priority → likelihood × impact, landing in the band of the same name (High 16, Medium 9, Low 4). */
export const PRIORITY_MAP: ReadonlyMap<string, { likelihood: number; impact: number }> = new Map([
  ['High', { likelihood: 4, impact: 4 }],
  ['Medium', { likelihood: 3, impact: 3 }],
  ['Low', { likelihood: 2, impact: 2 }],
]);
const NOT_SCORED = { likelihood: null, impact: null } as const;

interface Context {
  options: ResolvedOptions;
  report: ReportBuilder;
}

interface ThreatDraft {
  threat: Threat;
  notes: string[];
  /** A Set: one assumption linked many times is one note, found without a scan. */
  assumptionNotes: Set<string>;
}

interface MitigationDraft {
  mitigation: Mitigation;
  description: string[];
  assumptionNotes: Set<string>;
  /** Every linked threat, in link order (may pass the 1,000 one mitigation holds: split at the end). */
  threatIds: Set<string>;
}

interface AssumptionInfo {
  line: string;
  linked: boolean;
}

export function importThreatComposer(raw: unknown, options: ResolvedOptions): ImportResult {
  const report = new ReportBuilder();
  let file: TcFile;
  if (Array.isArray(raw)) {
    const parsed = tcThreatListSchema.safeParse(raw);
    if (!parsed.success) return invalid(describeZodIssues(parsed.error));
    file = { schema: 1, threats: parsed.data };
    report.warn('This is the older Threat Composer export, a bare list of threats: it has no application info, mitigations or assumptions.');
  } else {
    const parsed = tcFileSchema.safeParse(raw);
    if (!parsed.success) return invalid(describeZodIssues(parsed.error));
    file = parsed.data;
    for (const key of Object.keys(raw as Record<string, unknown>)) {
      if (!TC_TOP_LEVEL_KEYS.has(key)) report.skip(`“${clip(key, 40)}”`, key, 'not part of Threat Composer’s format 1, so there is no mapping for it');
    }
  }
  return mapFile(file, { options, report });
}

function invalid(details: string[]): ImportResult {
  return {
    ok: false,
    format: 'threat-composer',
    message: 'This file looks like a Threat Composer export but does not match that format, so nothing was imported.',
    details,
  };
}

function mapFile(file: TcFile, ctx: Context): ImportResult {
  const { options, report } = ctx;

  let title = oneLine(file.applicationInfo?.name ?? '');
  if (!title) {
    title = titleFromFileName(options.fileName);
    report.warn(`The file has no application name; the session is called “${title}” after the file.`);
  }
  title = fit(title, LIMITS.name, 'applicationInfo.name', report);

  // Assumptions, by id, as the lines they become in notes.
  const assumptions = new Map<string, AssumptionInfo>();
  const assumptionOrder: AssumptionInfo[] = [];
  (file.assumptions ?? []).forEach((a, i) => {
    const where = `assumptions[${i}]`;
    const content = oneLine(stripImages(a.content ?? '', `${where}.content`, ctx));
    if (!content) {
      report.skip('assumption', where, 'it has no text');
      return;
    }
    const meta = splitMetadata(a.metadata);
    const label = typeof a.numericId === 'number' ? `A-${a.numericId}` : 'Assumption';
    const extra = [...meta.comments, ...meta.other.map(([k, v]) => `${k}: ${v}`), ...(a.tags?.length ? [`tags: ${a.tags.join(', ')}`] : [])];
    const info: AssumptionInfo = { line: `Assumption ${label}: ${content}${extra.length ? ` (${extra.map(oneLine).join('; ')})` : ''}`, linked: false };
    assumptionOrder.push(info);
    if (!a.id) report.warn(`${where} has no id, so nothing can link to it; it goes into the session description.`);
    else if (assumptions.has(a.id)) report.warn(`${where}: its id is used twice; links go to the first.`);
    else assumptions.set(a.id, info);
  });

  const threats: ThreatDraft[] = [];
  const threatById = new Map<string, ThreatDraft>();
  (file.threats ?? []).forEach((t, i) => {
    const draft = mapThreat(t, i, ctx);
    threats.push(draft);
    const where = `threats[${i}]`;
    if (!t.id) report.warn(`${where} has no id; it is imported, but no mitigation or assumption can link to it.`);
    else if (threatById.has(t.id)) report.warn(`${where}: its id is used twice; links go to the first.`);
    else threatById.set(t.id, draft);
  });

  const mitigations: MitigationDraft[] = [];
  const mitigationById = new Map<string, MitigationDraft>();
  (file.mitigations ?? []).forEach((m, i) => {
    const where = `mitigations[${i}]`;
    const content = stripImages(m.content ?? '', `${where}.content`, ctx).trim();
    if (!content) {
      report.skip('mitigation', where, 'it has no text');
      return;
    }
    const meta = splitMetadata(m.metadata);
    const saved = (key: string) => single(meta.threatstorm.get(key));
    const mappedStatus = mitigationStatus(m.status, saved(TS_META.status), where, ctx);
    const mitigationTitle = titleFrom(content, LIMITS.name);
    const description: string[] = [];
    const savedDescription = saved(TS_META.description);
    if (savedDescription !== undefined && clip(savedDescription, TC_LIMITS.comment) === meta.comments.join('\n\n')) description.push(savedDescription);
    else {
      if (mitigationTitle !== oneLine(content)) description.push(content);
      description.push(...meta.comments);
    }
    if (m.tags?.length) description.push(`Tags: ${m.tags.join(', ')}`);
    description.push(...meta.other.map(([k, v]) => `${k}: ${v}`));
    const effort = saved(TS_META.effort);
    const knownEffort = effort !== undefined && (efforts as readonly string[]).includes(effort);
    if (effort !== undefined && !knownEffort) notUnderstood(where, 'effort', effort, 'M', ctx);
    const externalKey = oneLine(saved(TS_META.externalKey) ?? '');
    const draft: MitigationDraft = {
      description,
      assumptionNotes: new Set(),
      threatIds: new Set(),
      mitigation: {
        id: options.makeId(),
        title: mitigationTitle,
        description: '',
        threatIds: [],
        effort: knownEffort ? (effort as Mitigation['effort']) : 'M',
        status: mappedStatus,
        owner: fit(oneLine(saved(TS_META.owner) ?? ''), LIMITS.name, `${where} owner`, report),
        ...(externalKey ? { externalKey: clip(externalKey, 120) } : {}),
      },
    };
    mitigations.push(draft);
    if (!m.id) report.warn(`${where} has no id; it is imported, but it cannot be linked to threats.`);
    else if (mitigationById.has(m.id)) report.warn(`${where}: its id is used twice; links go to the first.`);
    else mitigationById.set(m.id, draft);
  });

  (file.mitigationLinks ?? []).forEach((link, i) => {
    const where = `mitigationLinks[${i}]`;
    const mitigation = mitigationById.get(link.mitigationId);
    const threat = threatById.get(link.linkedId);
    const assumption = assumptions.get(link.linkedId);
    if (!mitigation) {
      report.skip('mitigation link', where, `there is no mitigation with the id “${clip(link.mitigationId, 40)}”`);
    } else if (threat) {
      mitigation.threatIds.add(threat.threat.id);
    } else if (assumption) {
      assumption.linked = true;
      mitigation.assumptionNotes.add(assumption.line);
    } else {
      report.skip('mitigation link', where, `there is no threat or assumption with the id “${clip(link.linkedId, 40)}”`);
    }
  });

  (file.assumptionLinks ?? []).forEach((link, i) => {
    const where = `assumptionLinks[${i}]`;
    const assumption = assumptions.get(link.assumptionId);
    if (!assumption) {
      report.skip('assumption link', where, `there is no assumption with the id “${clip(link.assumptionId, 40)}”`);
      return;
    }
    const threat = threatById.get(link.linkedId);
    const mitigation = mitigationById.get(link.linkedId);
    const target = threat?.assumptionNotes ?? mitigation?.assumptionNotes;
    if (!target) {
      report.skip('assumption link', where, `there is no ${link.type === 'Mitigation' ? 'mitigation' : 'threat'} with the id “${clip(link.linkedId, 40)}”`);
      return;
    }
    assumption.linked = true;
    target.add(assumption.line);
  });

  // Notes and descriptions, now that every assumption has found its place.
  for (const draft of threats) {
    draft.threat.notes = fit(joinSections([...draft.notes, ...draft.assumptionNotes].map((body) => ({ body }))), LIMITS.longText, `The notes of “${draft.threat.title}”`, report);
    report.count('notes', draft.assumptionNotes.size);
  }
  for (const draft of mitigations) {
    draft.mitigation.description = fit(
      joinSections([...draft.description, ...draft.assumptionNotes].map((body) => ({ body }))),
      LIMITS.longText,
      `The description of the mitigation “${draft.mitigation.title}”`,
      report,
    );
    report.count('notes', draft.assumptionNotes.size);
  }
  const loose = assumptionOrder.filter((a) => !a.linked);
  report.count('notes', loose.length);

  const sections: Array<{ heading?: string; body: string }> = [{ body: stripImages(file.applicationInfo?.description ?? '', 'applicationInfo.description', ctx) }];
  for (const key of ['architecture', 'dataflow'] as const) {
    const part = file[key];
    const heading = key === 'architecture' ? '### Architecture' : '### Data flow';
    const lines = [stripImages(part?.description ?? '', `${key}.description`, ctx).trim()];
    const image = part?.image?.trim() ?? '';
    if (image && isDataImage(image)) report.skip('image', `${key}.image`, imageOmittedReason(options.keepImages));
    else if (image) lines.push(`${key === 'architecture' ? 'Architecture' : 'Data-flow'} diagram: ${clip(oneLine(image), 2048)}`);
    sections.push({ heading, body: lines.filter(Boolean).join('\n\n') });
  }
  if (loose.length > 0) sections.push({ heading: '### Assumptions (not linked to a threat)', body: loose.map((a) => `- ${a.line}`).join('\n') });
  const description = fit(joinSections(sections), LIMITS.longText, 'The session description (application, architecture, data flow and assumptions)', report);

  for (const [key, value] of Object.entries(file.brainstorm ?? {})) {
    const count = Array.isArray(value) ? value.length : 1;
    if (count > 0) report.skip(`brainstorm ${key} (${plural(count, 'item')})`, `brainstorm.${key}`, 'brainstorm ideas have no place in a session; add the useful ones as threats or notes');
  }

  if (threats.length > 0) report.warn(`${plural(threats.length, 'threat')} are in “${IMPORTED_THREATS_JOURNEY}”, not yet on a step: drag each onto the step where it happens.`);

  const base = createSessionDocument(title, options.now);
  const doc: SessionDocument = {
    // Starting from a new session keeps every part this importer has nothing for at its default.
    ...base,
    session: { ...base.session, id: options.makeId(), title, description },
    participants: [],
    journeys: [{ id: options.makeId(), name: IMPORTED_THREATS_JOURNEY, persona: '', goal: '', critical: false, stages: [] }],
    steps: [],
    flows: [],
    threats: threats.map((d) => d.threat),
    outcomes: [],
    mitigations: mitigations.flatMap((d) => splitMitigation(d.mitigation, [...d.threatIds], options.makeId, report)),
    backlogPins: [],
  };
  return finish('threat-composer', doc, ctx.report);
}

function stripImages(text: string, where: string, ctx: Context): string {
  const { text: out, count } = stripDataImages(text);
  for (let i = 0; i < count; i++) ctx.report.skip('image', where, imageOmittedReason(ctx.options.keepImages));
  return out;
}

function single(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

interface SplitMetadata {
  priority: string | undefined;
  stride: string[];
  comments: string[];
  /** `custom:threatstorm:*` values by key (a Map: the keys are the file's). */
  threatstorm: Map<string, string | string[]>;
  other: Array<[string, string]>;
}

function splitMetadata(metadata: readonly TcMetadata[] | null | undefined): SplitMetadata {
  const out: SplitMetadata = { priority: undefined, stride: [], comments: [], threatstorm: new Map(), other: [] };
  for (const { key, value } of metadata ?? []) {
    if (key === 'Priority' && typeof value === 'string') out.priority = value;
    else if (key === 'STRIDE') out.stride.push(...(Array.isArray(value) ? value : [value]));
    else if (key === 'Comments') {
      const text = single(value)?.trim();
      if (text) out.comments.push(text);
    } else if (key.startsWith('custom:threatstorm:')) out.threatstorm.set(key, value);
    else out.other.push([key, single(value) ?? '']);
  }
  return out;
}

function tagList(values: readonly string[] | null | undefined, where: string, notes: string[], label: string, ctx: Context): string[] {
  const clean = (values ?? []).map(oneLine).filter(Boolean);
  const kept: string[] = [];
  const spilled: string[] = [];
  for (const value of clean) {
    if (kept.includes(value)) continue;
    if (value.length > 60 || kept.length >= LIMITS.tags) spilled.push(value);
    else kept.push(value);
  }
  if (spilled.length > 0) {
    notes.push(`${label} (in full): ${clean.join(', ')}`);
    ctx.report.warn(`${where}: ${plural(spilled.length, 'entry', 'entries')} longer than 60 characters or past the 32nd: kept in the notes.`);
  }
  return kept;
}

function threatStatus(raw: string | null | undefined, where: string, ctx: Context): Threat['status'] {
  if (!raw) {
    ctx.report.tally('tc-no-status', (n) => `${plural(n, 'threat')} without a status: imported as open.`);
    return 'open';
  }
  const status = STATUS_MAP.get(raw);
  if (status) return status;
  ctx.report.warn(`${where} has the unknown status “${clip(raw, 40)}”: imported as open.`);
  return 'open';
}

function mitigationStatus(raw: string | null | undefined, saved: string | undefined, where: string, ctx: Context): Mitigation['status'] {
  if (saved && (mitigationStatuses as readonly string[]).includes(saved)) {
    const restored = saved as Mitigation['status'];
    if (!raw || TO_TC_MITIGATION_STATUS[restored] === raw) return restored;
  } else if (saved !== undefined) {
    notUnderstood(where, 'status', saved, 'Threat Composer’s status is used', ctx);
  }
  if (!raw) {
    ctx.report.tally('tc-no-mitigation-status', (n) => `${plural(n, 'mitigation')} without a status: imported as proposed.`);
    return 'proposed';
  }
  const status = MITIGATION_STATUS_MAP.get(raw);
  if (status) return status;
  ctx.report.warn(`${where} has the unknown status “${clip(raw, 40)}”: imported as proposed.`);
  return 'proposed';
}

/** A saved `custom:threatstorm:*` value this importer cannot use: said in the report, never dropped silently. */
function notUnderstood(where: string, what: string, value: string, instead: string, ctx: Context): void {
  ctx.report.warn(`${where}: the saved Threatstorm ${what} “${clip(oneLine(value), 40)}” is not understood; ${instead}.`);
}

function scoreFrom(value: string | undefined, where: string, what: string, ctx: Context): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-5]$/.test(value.trim())) {
    notUnderstood(where, what, value, 'ignored', ctx);
    return undefined;
  }
  return Number(value.trim());
}

/** True for a real calendar date written YYYY-MM-DD: "2027-02-30" is not one (Date would roll it into March). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function categoryFrom(meta: SplitMetadata, where: string, notes: string[], ctx: Context): Category {
  const letters = [...new Set(meta.stride.map((l) => l.trim().toUpperCase()).filter(Boolean))];
  const known = letters.filter((l) => STRIDE_LETTERS.has(l));
  const saved = single(meta.threatstorm.get(TS_META.category));
  const match = saved ? /^([^/]{1,40})\/(.{1,60})$/.exec(saved) : null;
  if (match) {
    const category = { framework: match[1]!, key: match[2]! };
    // Still what Threat Composer shows: no STRIDE letter for a non-STRIDE category, the same letter for a STRIDE one.
    const agrees = category.framework === 'STRIDE' ? STRIDE_LETTERS.get(known[0] ?? '') === category.key : known.length === 0;
    if (agrees) return category;
  } else if (saved !== undefined) {
    notUnderstood(where, 'category', saved, 'the category comes from Threat Composer', ctx);
  }
  const unknown = letters.filter((l) => !STRIDE_LETTERS.has(l));
  if (unknown.length > 0) ctx.report.warn(`${where}: the STRIDE letter(s) ${unknown.map((l) => `“${clip(l, 10)}”`).join(', ')} are not S, T, R, I, D or E; ignored.`);
  if (known.length > 1) {
    notes.push(`STRIDE in Threat Composer: ${known.join(', ')}.`);
    ctx.report.tally('multi-stride', (n) => `${plural(n, 'threat')} with more than one STRIDE letter: the first is the category, all are in the notes.`);
  }
  const first = known[0];
  return first ? { framework: 'STRIDE', key: STRIDE_LETTERS.get(first)! } : CUSTOM_CATEGORY;
}

/** The saved risk acceptance, or what is wrong with it (in words for the report). */
function acceptanceFrom(meta: SplitMetadata): { ok: true; acceptance: NonNullable<Threat['acceptance']> } | { ok: false; problem: string } {
  const owner = oneLine(single(meta.threatstorm.get(TS_META.acceptanceOwner)) ?? '');
  const reason = (single(meta.threatstorm.get(TS_META.acceptanceReason)) ?? '').trim();
  const reviewDate = (single(meta.threatstorm.get(TS_META.acceptanceReviewDate)) ?? '').trim();
  if (!owner) return { ok: false, problem: 'it has no owner' };
  if (owner.length > LIMITS.name) return { ok: false, problem: `its owner is longer than ${LIMITS.name} characters` };
  if (!reason) return { ok: false, problem: 'it has no reason' };
  if (reason.length > LIMITS.longText) return { ok: false, problem: `its reason is longer than ${LIMITS.longText.toLocaleString('en-US')} characters` };
  if (!reviewDate) return { ok: false, problem: 'it has no review date' };
  if (!isCalendarDate(reviewDate)) return { ok: false, problem: `its review date “${clip(reviewDate, 20)}” is not a real date (YYYY-MM-DD)` };
  return { ok: true, acceptance: { owner, reason, reviewDate } };
}

function mapThreat(t: TcThreat, index: number, ctx: Context): ThreatDraft {
  const { report, options } = ctx;
  const label = typeof t.numericId === 'number' ? `T-${t.numericId}` : `#${index + 1}`;
  const where = `threats[${index}] (${label})`;
  const meta = splitMetadata(t.metadata);
  const saved = (key: string) => single(meta.threatstorm.get(key));
  const notes: string[] = [];

  const grammar = (value: string | null | undefined, field: keyof typeof TS_FULL_GRAMMAR) => {
    const full = saved(TS_FULL_GRAMMAR[field]);
    const text = full !== undefined && clip(full, TC_LIMITS.grammar) === (value ?? '') ? full : (value ?? '');
    return fit(oneLine(stripImages(text, `${where}.${field}`, ctx)), LIMITS.shortText, `${where}.${field}`, report);
  };
  const statement: Threat['statement'] = {
    source: grammar(t.threatSource, 'threatSource'),
    prerequisites: grammar(t.prerequisites, 'prerequisites'),
    action: grammar(t.threatAction, 'threatAction'),
    impact: grammar(t.threatImpact, 'threatImpact'),
    impactedGoals: tagList(t.impactedGoal, `${where}.impactedGoal`, notes, 'Impacted goals', ctx),
    impactedAssets: tagList(t.impactedAssets, `${where}.impactedAssets`, notes, 'Impacted assets', ctx),
  };
  const hasGrammar = Boolean(statement.source || statement.prerequisites || statement.action || statement.impact || statement.impactedGoals.length || statement.impactedAssets.length);
  const freeText = oneLine(stripImages(t.statement ?? '', `${where}.statement`, ctx));

  let title = oneLine(saved(TS_META.title) ?? '');
  if (!title) {
    const action = statement.action.replace(/^can\s+/i, '');
    if (action) title = capitalise(titleFrom(action, LIMITS.name));
    else if (freeText) title = titleFrom(freeText, LIMITS.name);
  }
  if (!title) {
    title = `Threat ${label}`;
    report.warn(`${where} has no statement at all; it is called “${title}”.`);
  }
  title = clip(title, LIMITS.name);
  if (!hasGrammar && freeText && freeText !== title) notes.push(`Statement in Threat Composer: ${freeText}`);
  if (t.customTemplate) notes.push(`Custom statement template in Threat Composer: ${oneLine(t.customTemplate)}`);

  const category = categoryFrom(meta, where, notes, ctx);
  // A priority is a judgement somebody made: it maps to scores in its band. Without one the
  // threat arrives not scored, and the room scores it (nothing pretends to be Medium).
  let scores: { likelihood: number | null; impact: number | null } = NOT_SCORED;
  const savedLikelihood = scoreFrom(saved(TS_META.likelihood), where, 'likelihood', ctx);
  const savedImpact = scoreFrom(saved(TS_META.impact), where, 'impact', ctx);
  if (meta.priority !== undefined) {
    const mapped = PRIORITY_MAP.get(meta.priority);
    if (mapped) scores = mapped;
    else report.warn(`${where} has the unknown priority “${clip(meta.priority, 20)}”: imported not scored.`);
  } else if (savedLikelihood === undefined || savedImpact === undefined) {
    report.tally('tc-no-priority', (n) => `${plural(n, 'threat')} without a priority: imported not scored, for the room to score.`);
  }
  // Saved scores count while their band still gives the priority Threat Composer shows.
  const savedAgrees =
    savedLikelihood !== undefined &&
    savedImpact !== undefined &&
    (meta.priority === undefined || TO_TC_PRIORITY[severityOf(savedLikelihood * savedImpact)] === meta.priority);
  const likelihood = savedAgrees ? savedLikelihood : scores.likelihood;
  const impact = savedAgrees ? savedImpact : scores.impact;

  // Status: our own saved status wins (with its acceptance), else Threat Composer's.
  let status = threatStatus(t.status, where, ctx);
  let acceptance: Threat['acceptance'] | undefined;
  const savedStatus = saved(TS_META.status);
  const knownStatus = savedStatus !== undefined && (threatStatuses as readonly string[]).includes(savedStatus);
  if (savedStatus !== undefined && !knownStatus) notUnderstood(where, 'status', savedStatus, 'Threat Composer’s status is used', ctx);
  if (knownStatus && (!t.status || TO_TC_THREAT_STATUS[savedStatus as Threat['status']] === t.status)) {
    if (savedStatus === 'accepted') {
      const savedAcceptance = acceptanceFrom(meta);
      if (savedAcceptance.ok) {
        acceptance = savedAcceptance.acceptance;
        status = 'accepted';
      } else {
        status = 'open';
        notes.push(`Accepted in Threatstorm before, but ${savedAcceptance.problem}.`);
        report.warn(`${where} (“${title}”) was an accepted risk, but ${savedAcceptance.problem}: imported as open.`);
      }
    } else status = savedStatus as Threat['status'];
  }

  const savedNotes = saved(TS_META.notes);
  if (savedNotes !== undefined && clip(savedNotes, TC_LIMITS.comment) === meta.comments.join('\n\n')) notes.unshift(savedNotes);
  else notes.unshift(...meta.comments);
  if (t.tags?.length) notes.push(`Tags: ${t.tags.map(oneLine).join(', ')}`);
  for (const [key, value] of meta.other) notes.push(`${key}: ${value}`);
  const journey = saved(TS_META.journey);
  const place = saved(TS_META.step) ?? saved(TS_META.flow);
  if (journey || place) {
    const kind = meta.threatstorm.has(TS_META.step) ? 'step' : 'flow';
    notes.push(`In Threatstorm it was on the ${kind} “${oneLine(place ?? '?')}” of the journey “${oneLine(journey ?? '?')}”.`);
  }
  const outcomes = meta.threatstorm.get(TS_META.outcomes);
  if (outcomes !== undefined) notes.push(`Security outcomes it endangers: ${(Array.isArray(outcomes) ? outcomes : [outcomes]).map((o) => `“${oneLine(o)}”`).join(', ')}.`);

  const votesText = saved(TS_META.votes);
  const knownVotes = votesText !== undefined && /^\d{1,5}$/.test(votesText.trim());
  if (votesText !== undefined && !knownVotes) notUnderstood(where, 'vote count', votesText, 'no votes are kept', ctx);
  const votes = votesText !== undefined && knownVotes ? Math.min(10_000, Number(votesText.trim())) : 0;

  return {
    notes,
    assumptionNotes: new Set(),
    threat: {
      id: options.makeId(),
      anchor: null,
      title,
      category,
      statement,
      likelihood,
      impact,
      status,
      ...(acceptance ? { acceptance } : {}),
      votes,
      notes: '',
    },
  };
}
