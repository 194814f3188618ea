/**
 * Repair of a session that breaks a rule of the format — stored by an older version with a bug,
 * edited by hand, or written by another tool. Opening such a session never ends in a dead end:
 * the person is offered this repair, sees every change it makes first, and can save the original
 * to a file before anything is replaced.
 *
 * The repair is driven by the schema's own findings (zod issues and the cross-entity rules of
 * document-rules.ts), so it follows the format as it evolves, and it prefers keeping data:
 * over-long text is cut, a threat whose step is gone waits to be placed again, a step whose
 * journey is gone moves to a "Recovered" journey, a duplicated id gets a new one. Only what cannot
 * stand on its own goes (a flow whose end is gone, a ballot for a threat that does not exist).
 */
import type { z } from 'zod';
import { newId } from './ids.ts';
import { runMigrations } from './migrations.ts';
import { CURRENT_SCHEMA_VERSION, sessionDocumentSchema, type SessionDocument } from './schema.ts';
import { cutText, wellFormed } from './text-cut.ts';
import { normalizeTags } from './tags.ts';
import { formatPath } from './validation.ts';

export type RepairResult =
  | { ok: true; document: SessionDocument; changes: string[] }
  | { ok: false; error: string };

type Json = Record<string, unknown>;
type Path = (string | number)[];

/** How many passes before giving up: each pass fixes what the previous one uncovered. */
const MAX_PASSES = 8;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A name for the entity at `path` that a person recognises: its title or label, else where it is. */
function describeAt(root: Json, path: Path): string {
  const [collection, index] = path;
  const list = typeof collection === 'string' ? root[collection] : undefined;
  const entity = Array.isArray(list) && typeof index === 'number' ? list[index] : undefined;
  const kind: Record<string, string> = {
    participants: 'person',
    journeys: 'journey',
    steps: 'step',
    flows: 'flow',
    threats: 'threat',
    outcomes: 'security outcome',
    mitigations: 'mitigation',
    backlogPins: 'backlog reordering',
  };
  if (isObject(entity) && typeof collection === 'string' && kind[collection]) {
    const name = [entity.title, entity.name, entity.label, entity.statement].find((v) => typeof v === 'string' && v.trim() !== '') as string | undefined;
    const shown = name ? ` “${wellFormed(cutText(name.replace(/\s+/g, ' '), 60))}${name.length > 60 ? '…' : ''}”` : '';
    return `${kind[collection]}${shown} (${formatPath(path.slice(0, 2))})`;
  }
  return formatPath(path);
}

function getParent(root: Json, path: Path): { parent: Json | unknown[]; key: string | number } | null {
  let node: unknown = root;
  for (const part of path.slice(0, -1)) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isObject(node) && typeof part === 'string' && Object.hasOwn(node, part)) node = node[part];
    else return null;
  }
  const key = path[path.length - 1];
  if (key === undefined || !(Array.isArray(node) || isObject(node))) return null;
  return { parent: node as Json | unknown[], key };
}

function valueAt(root: Json, path: Path): unknown {
  const found = getParent(root, path);
  if (!found) return undefined;
  return Array.isArray(found.parent) ? found.parent[found.key as number] : (found.parent as Json)[found.key as string];
}

function setAt(root: Json, path: Path, value: unknown): void {
  const found = getParent(root, path);
  if (!found) return;
  if (Array.isArray(found.parent)) found.parent[found.key as number] = value;
  else (found.parent as Json)[found.key as string] = value;
}

function deleteAt(root: Json, path: Path): void {
  const found = getParent(root, path);
  if (found && isObject(found.parent)) delete found.parent[found.key as string];
}

/** Removals are marked during a pass and swept at its end, so indexes stay valid within the pass. */
const REMOVED = Symbol('removed');

function sweep(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== REMOVED).map(sweep);
  if (isObject(value)) {
    for (const key of Object.keys(value)) value[key] = sweep(value[key]);
  }
  return value;
}

const ENTITY_COLLECTIONS = new Set(['participants', 'journeys', 'steps', 'flows', 'threats', 'outcomes', 'mitigations', 'backlogPins']);
const PLACEHOLDER_NAMES: Record<string, string> = {
  'session.title': 'Untitled session',
  title: 'Untitled',
  name: 'Unnamed',
  statement: '(no statement)',
};

/** The parts of the session's own record that can be made up without losing anything. */
const SESSION_FIELD_FIXES: Record<string, () => [unknown, string]> = {
  id: () => [newId(), 'Gave the session a new id: its id was not readable.'],
  title: () => ['Untitled session', 'Named the session “Untitled session”: its title was not readable.'],
  createdAt: () => [new Date().toISOString(), 'Set the session’s creation date to now: it was not readable.'],
  updatedAt: () => [new Date().toISOString(), 'Set the session’s last-changed date to now: it was not readable.'],
};

/** The path of the entity (or vote, ballot, phase) an issue sits in, if any. */
function ownerPath(path: Path): Path | null {
  if (typeof path[0] === 'string' && ENTITY_COLLECTIONS.has(path[0]) && typeof path[1] === 'number') return path.slice(0, 2);
  if (path[0] === 'workshop' && path[1] === 'votes' && typeof path[2] === 'number') {
    if (path[3] === 'ballots' && typeof path[4] === 'number') return path.slice(0, 5);
    return path.slice(0, 3);
  }
  if (path[0] === 'workshop' && path[1] === 'phases' && typeof path[2] === 'number') return path.slice(0, 3);
  return null;
}

interface Pass {
  root: Json;
  changes: string[];
  /** A journey for steps whose journey is gone, made on first use. */
  recoveredJourneyId: string | null;
}

function removeOwner(pass: Pass, path: Path, why: string): boolean {
  const owner = ownerPath(path);
  if (!owner) return false;
  if (valueAt(pass.root, owner) === REMOVED) return true;
  pass.changes.push(`Removed ${describeAt(pass.root, owner)}: ${why}.`);
  setAt(pass.root, owner, REMOVED);
  return true;
}

function fixIssue(pass: Pass, issue: { code: string; path: Path; message: string; maximum?: unknown; minimum?: unknown; origin?: string }): void {
  const { root } = pass;
  const path = issue.path;
  const owner = ownerPath(path);
  if (owner && valueAt(root, owner) === REMOVED) return;
  const value = valueAt(root, path);
  const where = describeAt(root, path);
  const field = path.slice(owner ? owner.length : 0).map(String).join('.') || formatPath(path);

  if (issue.code === 'too_big' && typeof issue.maximum === 'number') {
    if (typeof value === 'string') {
      setAt(root, path, cutText(value, issue.maximum));
      pass.changes.push(`Cut ${field} of ${where} to ${issue.maximum.toLocaleString('en-US')} characters.`);
      return;
    }
    if (Array.isArray(value)) {
      setAt(root, path, value.slice(0, issue.maximum));
      pass.changes.push(`Kept the first ${issue.maximum.toLocaleString('en-US')} of ${value.length.toLocaleString('en-US')} entries of ${path.length > 1 ? `${field} of ${where}` : formatPath(path)}.`);
      return;
    }
    if (typeof value === 'number') {
      setAt(root, path, issue.maximum);
      pass.changes.push(`Set ${field} of ${where} to its largest allowed value, ${issue.maximum}.`);
      return;
    }
  }
  if (issue.code === 'too_small' && typeof value === 'number' && typeof issue.minimum === 'number') {
    setAt(root, path, issue.minimum);
    pass.changes.push(`Set ${field} of ${where} to its smallest allowed value, ${issue.minimum}.`);
    return;
  }
  if (issue.code === 'too_small' && typeof value === 'string') {
    const found = getParent(root, path);
    if (found && Array.isArray(found.parent)) {
      setAt(root, path, REMOVED);
      pass.changes.push(`Dropped an empty entry of ${where}.`);
      return;
    }
    const placeholder = PLACEHOLDER_NAMES[formatPath(path)] ?? PLACEHOLDER_NAMES[String(path[path.length - 1])];
    if (placeholder) {
      setAt(root, path, placeholder);
      pass.changes.push(`Named ${where} “${placeholder}” (it had no ${field}).`);
      return;
    }
  }
  if (issue.code === 'custom' && path[path.length - 1] === 'dataTags' && Array.isArray(value) && value.every((tag) => typeof tag === 'string')) {
    setAt(root, path, normalizeTags(value as string[]));
    pass.changes.push(`Wrote the data tags of ${where} as typing writes them (lower case, hyphens for spaces, each once).`);
    return;
  }
  if (issue.code === 'custom') {
    if (fixReference(pass, issue.path, issue.message, value, where)) return;
  }
  if (path[0] === 'session' && path.length === 2 && SESSION_FIELD_FIXES[path[1] as string]) {
    const [fixed, said] = SESSION_FIELD_FIXES[path[1] as string]!();
    setAt(root, path, fixed);
    pass.changes.push(said);
    return;
  }
  // A field of the wrong kind: drop it so its default applies; if it has none, the next pass
  // finds it missing and the entity goes (listed).
  const found = getParent(root, path);
  if (found && isObject(found.parent) && value !== undefined && owner && path.length > owner.length) {
    deleteAt(root, path);
    pass.changes.push(`Reset ${field} of ${where} (${issue.message}).`);
    return;
  }
  if (owner && removeOwner(pass, path, issue.message)) return;
  if (found && Array.isArray(found.parent)) {
    setAt(root, path, REMOVED);
    pass.changes.push(`Dropped an entry of ${formatPath(path.slice(0, -1))} (${issue.message}).`);
    return;
  }
  if (found && isObject(found.parent) && value !== undefined) {
    deleteAt(root, path);
    pass.changes.push(`Reset ${formatPath(path)} (${issue.message}).`);
  }
}

/** The cross-entity rules: keep the data where it can stand, drop only what cannot. */
function fixReference(pass: Pass, path: Path, message: string, value: unknown, where: string): boolean {
  const { root } = pass;
  const last = path[path.length - 1];
  if (message.startsWith('duplicate id') && last === 'id') {
    const fresh = newId();
    setAt(root, path, fresh);
    pass.changes.push(`Gave ${where} a new id: another item had the same one.`);
    return true;
  }
  if (path[0] === 'steps' && last === 'journeyId') {
    if (pass.recoveredJourneyId === null) {
      pass.recoveredJourneyId = newId();
      const journeys = Array.isArray(root.journeys) ? root.journeys : (root.journeys = []);
      (journeys as unknown[]).push({ id: pass.recoveredJourneyId, name: 'Recovered steps', persona: '', goal: '', critical: false, stages: [] });
      pass.changes.push('Added the journey “Recovered steps” for steps whose journey is gone.');
    }
    setAt(root, path, pass.recoveredJourneyId);
    pass.changes.push(`Moved ${where} to “Recovered steps”.`);
    return true;
  }
  if (path[0] === 'flows') return removeOwner(pass, path, message);
  if (path[0] === 'threats' && last === 'anchor') {
    setAt(root, path, null);
    pass.changes.push(`${capitalize(where)} is no longer on a step (${message}): it waits in the card panel to be placed again.`);
    return true;
  }
  if (path[0] === 'threats' && last === 'acceptance') {
    setAt(root, [...path.slice(0, -1), 'status'], 'open');
    pass.changes.push(`Set ${where} back to open: it was marked accepted without an owner, a reason and a review date.`);
    return true;
  }
  if (last === 'authorId') {
    deleteAt(root, path);
    pass.changes.push(`${capitalize(where)} is no longer attributed (${message}).`);
    return true;
  }
  if ((path[0] === 'outcomes' || path[0] === 'mitigations') && path[2] === 'threatIds' && typeof last === 'number') {
    setAt(root, path, REMOVED);
    pass.changes.push(`Unlinked ${where} from a threat (${message}).`);
    return true;
  }
  if (path[0] === 'outcomes' && last === 'stepId') return removeOwner(pass, path, message);
  if (path[0] === 'workshop' && (last === 'currentPhaseId' || last === 'speakerId')) {
    setAt(root, path, null);
    pass.changes.push(`Cleared ${formatPath(path)} (${message}).`);
    return true;
  }
  if (path[0] === 'workshop' && path[1] === 'votes') {
    const owner = ownerPath(path);
    if (owner && owner.length === 5) {
      setAt(root, owner, REMOVED);
      pass.changes.push(`Dropped a ballot of vote ${formatPath(owner.slice(0, 3))} (${message}).`);
      return true;
    }
    if (last === 'status') {
      setAt(root, path.slice(0, 3), REMOVED);
      pass.changes.push(`Cancelled vote ${formatPath(path.slice(0, 3))} (${message}).`);
      return true;
    }
  }
  void value;
  return false;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Session documents nest about 6 levels; anything far deeper is not a session to repair. */
const MAX_DEPTH = 64;

/** Deep nesting or `__proto__`-style keys: refused before any recursive work (iteratively, no stack). */
function unrepairableShape(root: unknown): string | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_DEPTH) return `The session nests lists or objects more than ${MAX_DEPTH} levels deep, so it cannot be a session to repair.`;
    if (Array.isArray(node)) {
      for (const item of node) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return `The session contains a "${key}" key, which no session has; it is not repaired.`;
      stack.push({ node: (node as Json)[key], depth: depth + 1 });
    }
  }
  return null;
}

type Issue = z.core.$ZodIssue & { maximum?: unknown; minimum?: unknown; origin?: string };

/**
 * Repairs a raw session (from the database or a file) into one that validates, listing every
 * change. Not a session at all (no schemaVersion, newer format) cannot be repaired.
 */
export function repairSessionDocument(raw: unknown): RepairResult {
  let migrated;
  try {
    migrated = runMigrations(raw);
  } catch (error) {
    return { ok: false, error: `The session could not be upgraded to the current format (${String(error)}).` };
  }
  if (!migrated.ok) return { ok: false, error: migrated.error };
  const shape = unrepairableShape(migrated.doc);
  if (shape) return { ok: false, error: shape };
  const pass: Pass = { root: structuredClone(migrated.doc), changes: [], recoveredJourneyId: null };
  pass.root.schemaVersion = CURRENT_SCHEMA_VERSION;
  for (let round = 0; round < MAX_PASSES; round++) {
    const parsed = sessionDocumentSchema.safeParse(pass.root);
    if (parsed.success) return { ok: true, document: parsed.data, changes: pass.changes };
    // Top-level parts that are not objects at all cannot be repaired field by field.
    const fatal = parsed.error.issues.find((issue) => issue.path.length === 1 && (issue.path[0] === 'session' || issue.path[0] === 'workshop') && issue.code === 'invalid_type');
    if (fatal) {
      if (fatal.path[0] === 'session') return { ok: false, error: 'The session has no "session" part (title, id, dates), so there is nothing to repair it from.' };
      pass.root.workshop = {};
      pass.changes.push('Reset the workshop state (agenda, timer, votes): it was not readable.');
      continue;
    }
    for (const issue of parsed.error.issues as Issue[]) fixIssue(pass, { ...issue, path: issue.path as Path });
    pass.root = sweep(pass.root) as Json;
  }
  const last = sessionDocumentSchema.safeParse(pass.root);
  if (last.success) return { ok: true, document: last.data, changes: pass.changes };
  return { ok: false, error: `The session could not be repaired: ${last.error.issues.length} problems remain (first: ${formatPath(last.error.issues[0]!.path)}: ${last.error.issues[0]!.message}).` };
}
