/**
 * Hostile-file generators shared by the fuzz tests (`fuzz-*.test.ts`): they take a valid JSON
 * document and damage it in one way at a time — a wrong type, a missing key, a duplicate id, a
 * dangling reference, `__proto__`/`constructor` keys, deep nesting, huge strings, lone
 * surrogates, numbers out of range — and say where the damage is, so a test can check that the
 * rejection message names that place.
 *
 * Some damage is spliced into the JSON *text* (a literal `__proto__` key, `1e999`, 100,000 open
 * brackets), because building it as a JavaScript object first would either be impossible or
 * trigger the very prototype setter we are testing.
 *
 * Runs: each property runs `runs(n)` cases; FUZZ_RUNS_FACTOR scales them (e.g. 10 for a long
 * local soak), FUZZ_SEED replays a failure (fast-check prints the seed and path).
 */
import fc from 'fast-check';
import { formatPath } from '../../shared/validation.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonPath = readonly (string | number)[];

export interface HostileCase {
  /** What was done, for failure messages: `wrong-type steps[2].label`. */
  kind: string;
  text: string;
  /** Where the damage is (formatted like the app's messages), when there is one place. */
  path: string | null;
  /** True when no reading of the format could accept this file. */
  mustReject: boolean;
}

// ---------------------------------------------------------------------------------------------
// Run counts and seeds

const FACTOR = Number(process.env.FUZZ_RUNS_FACTOR ?? '1');
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Parameters for `fc.assert`: the scaled number of runs and, when replaying, the seed. */
export function runs(numRuns: number): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(numRuns * FACTOR)), ...(SEED === undefined ? {} : { seed: SEED }) };
}

/** Per-test time limit: generous (2 cores, a busy CI) and scaled with the number of runs. */
export const FUZZ_TIMEOUT_MS = Math.max(1, FACTOR) * 90_000;

/** Counts cases per target so the suite can print (and assert) how many files it tried. */
export const caseCounter = new Map<string, number>();
export function countCase(target: string): void {
  caseCounter.set(target, (caseCounter.get(target) ?? 0) + 1);
}

// ---------------------------------------------------------------------------------------------
// JSON trees

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every path below the root, parents before children. */
export function collectPaths(value: Json, path: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push([...path, index]);
      collectPaths(item, [...path, index], out);
    });
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...path, key]);
      collectPaths(item, [...path, key], out);
    }
  }
  return out;
}

export function getAt(root: Json, path: JsonPath): Json | undefined {
  let node: Json | undefined = root;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isObject(node) && typeof part === 'string') node = Object.hasOwn(node, part) ? node[part] : undefined;
    else return undefined;
  }
  return node;
}

function parentOf(root: Json, path: JsonPath): Json | undefined {
  return getAt(root, path.slice(0, -1));
}

/** A copy of `root` with the value at `path` replaced. */
export function withValueAt(root: Json, path: JsonPath, value: Json): Json {
  const copy = structuredClone(root);
  const parent = parentOf(copy, path);
  const last = path.at(-1)!;
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
  else if (isObject(parent) && typeof last === 'string') parent[last] = value;
  return copy;
}

/** A copy of `root` without the key (or array item) at `path`. */
export function withoutAt(root: Json, path: JsonPath): Json {
  const copy = structuredClone(root);
  const parent = parentOf(copy, path);
  const last = path.at(-1)!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isObject(parent) && typeof last === 'string') delete parent[last];
  return copy;
}

export function typeOf(value: Json | undefined): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'missing' {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

// ---------------------------------------------------------------------------------------------
// Raw JSON splicing: a marker string in the tree becomes arbitrary JSON text after stringify.

const marker = (index: number) => `\u0000raw${index}\u0000`;

/** Serializes `tree`, replacing each `raw(i)` marker (as a value or a key) with `raws[i]` verbatim. */
export function renderWithRaw(tree: Json, raws: readonly string[], indent?: number): string {
  let text = JSON.stringify(tree, null, indent);
  raws.forEach((raw, index) => {
    text = text.split(JSON.stringify(marker(index))).join(raw);
  });
  return text;
}

export const raw = marker;

// ---------------------------------------------------------------------------------------------
// Hostile values

/** JSON text of values no numeric field of ours accepts, all of them parseable. */
export const NON_FINITE_NUMBERS = ['1e999', '-1e999', '1E400', '-1.7976931348623157e309'];
/** Numbers that are valid JSON and finite but odd: exponent forms, -0, the smallest double, 2^53 + 1. */
export const ODD_NUMBERS = ['1e21', '-0', '5e-324', '9007199254740993', '0.1e1', '1.5', '-1', '1e308', '6', '10001'];
/** Strings pretending to be numbers. */
export const NUMBER_STRINGS = ['"NaN"', '"Infinity"', '"-Infinity"', '"1e999"', '"0x10"', '"3"', '""'];
/** Bare words that are not JSON at all (NaN and Infinity are JavaScript, not JSON). */
export const NOT_JSON_NUMBERS = ['NaN', 'Infinity', '-Infinity', 'undefined', '01', '+1', '.5', '0x10'];

export const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDFFF\uD800'];

/** A string value with a lone surrogate spliced in: as a JSON escape or as the raw code unit. */
export const loneSurrogateString = fc
  .record({
    prefix: fc.string({ maxLength: 8 }),
    surrogate: fc.constantFrom(...LONE_SURROGATES),
    escaped: fc.boolean(),
  })
  .map(({ prefix, surrogate, escaped }) => {
    const tail = escaped
      ? [...surrogate].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
      : surrogate;
    return `${JSON.stringify(prefix).slice(0, -1)}${tail}"`;
  });

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` times, as text. */
export function deepJson(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const deepNesting = fc.record({
  depth: fc.oneof(fc.integer({ min: 50, max: 2_000 }), fc.integer({ min: 10_000, max: 120_000 })),
  shape: fc.constantFrom('array' as const, 'object' as const),
});

/** Lengths of huge strings; up to 3 MB, longer than every text limit in our formats. */
export const hugeLength = fc.oneof(fc.integer({ min: 20_001, max: 100_000 }), fc.integer({ min: 1_000_000, max: 3_000_000 }));
/**
 * JSON text of a string of `length` code points (zod counts code points, not UTF-16 units).
 * `unit`'s code points must all have the same width (all BMP, or all astral).
 */
export function hugeString(length: number, unit: string): string {
  const unitsPerPoint = unit.length / [...unit].length;
  return JSON.stringify(unit.repeat(Math.ceil(length / [...unit].length)).slice(0, length * unitsPerPoint));
}

/** Keys that could reach a prototype if any code merged objects naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const POLLUTING_VALUES = [
  '{"polluted":"yes","isAdmin":true}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"polluted":"yes"}}',
  '"polluted"',
  '[{"polluted":"yes"}]',
];

/** Another JSON type than `value`'s (never null: null is a legal value of nullable fields). */
export function otherTypeValue(value: Json | undefined, choice: number): string {
  const candidates: Array<[ReturnType<typeof typeOf>, string]> = [
    ['string', '"wrong type"'],
    ['number', '42'],
    ['boolean', 'true'],
    ['array', '[]'],
    ['object', '{}'],
    ['array', '["a",1,null]'],
    ['object', '{"id":"x"}'],
  ];
  const other = candidates.filter(([type]) => type !== typeOf(value));
  return other[choice % other.length]![1];
}

// ---------------------------------------------------------------------------------------------
// Generic damage to a document

export interface DamageOptions {
  /** Paths whose values are ids that entities are referenced by (for duplicates). */
  entityIdPaths: readonly JsonPath[];
  /** Paths of references to other entities: pointing them nowhere must be refused at that path. */
  referencePaths: readonly JsonPath[];
  /** Where a dangling reference is reported, when not at the reference itself (e.g. an anchor). */
  referenceReportedAt?: (path: JsonPath) => JsonPath;
  /** Paths (numbers only) whose valid values are all finite numbers. */
  numberPaths: readonly JsonPath[];
  /** Paths of strings with a length limit below 20,001. */
  stringPaths: readonly JsonPath[];
  /** Keys whose deletion must be refused (required, no default). */
  isRequired: (path: JsonPath) => boolean;
  /** Whether an `__proto__`-style key in this object must be refused (strict objects). */
  strictObjects: boolean;
  /** Keys refused wherever they appear even when other unknown keys are not (`__proto__`). */
  refusedKeys?: readonly string[];
  /**
   * A lenient reader (an importer of another tool's files) skips or repairs what it cannot map,
   * so only damage no reader could get past must be refused: broken JSON, nesting deeper than
   * `maxDepth`, refused keys. What it does refuse must still name the place.
   */
  lenient?: { maxDepth: number };
}

function p(path: JsonPath): string {
  return formatPath(path);
}

/**
 * One kind of damage, applied to `base`. Every case is generated from indexes into the base's
 * own paths, so fast-check can shrink a failure to the smallest path and value.
 */
export function damagedDocument(base: Json, options: DamageOptions): fc.Arbitrary<HostileCase> {
  const paths = collectPaths(base);
  const objectPaths: JsonPath[] = [[], ...paths.filter((path) => isObject(getAt(base, path)))];
  const anyPath = fc.constantFrom(...paths);
  const render = (tree: Json, raws: string[] = []) => renderWithRaw(tree, raws);

  const wrongType = fc.record({ path: anyPath, choice: fc.nat(20) }).map(({ path, choice }) => ({
    kind: `wrong-type ${p(path)}`,
    text: render(withValueAt(base, path, raw(0)), [otherTypeValue(getAt(base, path), choice)]),
    path: p(path),
    // Every field of our formats has one JSON type (or null), so another type is always wrong.
    mustReject: true,
  }));

  const nullValue = anyPath.map((path) => ({
    kind: `null ${p(path)}`,
    text: render(withValueAt(base, path, null)),
    path: p(path),
    mustReject: false,
  }));

  // A required key is reported where it is missing; leaving out an optional list (say, all the
  // journeys) may instead break every reference to what it held, anywhere in the document.
  const missing = anyPath.map((path) => {
    const required = typeof path.at(-1) === 'string' && options.isRequired(path);
    return { kind: `missing ${p(path)}`, text: render(withoutAt(base, path)), path: required ? p(path) : null, mustReject: required };
  });

  const duplicateId = fc
    .record({ a: fc.constantFrom(...options.entityIdPaths), b: fc.constantFrom(...options.entityIdPaths) })
    .filter(({ a, b }) => p(a) !== p(b) && getAt(base, a) !== getAt(base, b))
    .map(({ a, b }) => ({
      kind: `duplicate-id ${p(b)} = ${p(a)}`,
      text: render(withValueAt(base, b, getAt(base, a)!)),
      // Reported on whichever of the two comes later in the document.
      path: `${p(a)}|${p(b)}`,
      mustReject: true,
    }));

  const dangling = fc
    .record({ path: fc.constantFrom(...options.referencePaths), id: fc.stringMatching(/^[a-z0-9]{1,12}$/) })
    .map(({ path, id }) => ({
      kind: `dangling ${p(path)}`,
      text: render(withValueAt(base, path, `nowhere-${id}`)),
      path: p(options.referenceReportedAt?.(path) ?? path),
      mustReject: true,
    }));

  const protoKey = fc
    .record({
      at: fc.constantFrom(...objectPaths),
      key: fc.constantFrom(...PROTO_KEYS),
      value: fc.constantFrom(...POLLUTING_VALUES),
    })
    .map(({ at, key, value }) => {
      const copy = structuredClone(base);
      const target = at.length === 0 ? copy : getAt(copy, at);
      if (isObject(target)) target[raw(0)] = raw(1);
      return {
        kind: `proto-key ${key} in ${p(at)}`,
        text: render(copy, [JSON.stringify(key), value]),
        // Named as the object holding it (zod: "Unrecognized key") or the key itself.
        path: `${p(at)}|${p([...at, key])}`,
        mustReject: options.strictObjects || (options.refusedKeys ?? []).includes(key),
      };
    });

  const nested = fc.record({ path: anyPath, nesting: deepNesting }).map(({ path, nesting }) => ({
    kind: `deep-${nesting.shape}-${nesting.depth} ${p(path)}`,
    text: render(withValueAt(base, path, raw(0)), [deepJson(nesting.depth, nesting.shape)]),
    path: p(path),
    // Arrays of arrays are never valid here; a nested object may be stripped down to defaults.
    mustReject: nesting.shape === 'array' || !isObject(getAt(base, path)),
  }));

  const huge = fc
    .record({ path: fc.constantFrom(...options.stringPaths), length: hugeLength, unit: fc.constantFrom('x', 'é', '😀', '<script>') })
    .map(({ path, length, unit }) => ({
      kind: `huge-string-${length} ${p(path)}`,
      text: render(withValueAt(base, path, raw(0)), [hugeString(length, unit)]),
      path: p(path),
      mustReject: true,
    }));

  const surrogate = fc.record({ path: fc.constantFrom(...options.stringPaths), value: loneSurrogateString }).map(({ path, value }) => ({
    kind: `lone-surrogate ${p(path)}`,
    text: render(withValueAt(base, path, raw(0)), [value]),
    path: p(path),
    mustReject: false,
  }));

  const badNumber = fc
    .record({ path: fc.constantFrom(...options.numberPaths), value: fc.constantFrom(...NON_FINITE_NUMBERS, ...NUMBER_STRINGS) })
    .map(({ path, value }) => ({
      kind: `bad-number ${value} ${p(path)}`,
      text: render(withValueAt(base, path, raw(0)), [value]),
      path: p(path),
      mustReject: true,
    }));

  const oddNumber = fc
    .record({ path: fc.constantFrom(...options.numberPaths), value: fc.constantFrom(...ODD_NUMBERS) })
    .map(({ path, value }) => ({
      kind: `odd-number ${value} ${p(path)}`,
      text: render(withValueAt(base, path, raw(0)), [value]),
      path: p(path),
      mustReject: false,
    }));

  const notJson = fc
    .record({ path: fc.constantFrom(...options.numberPaths), value: fc.constantFrom(...NOT_JSON_NUMBERS) })
    .map(({ path, value }) => ({
      kind: `not-json ${value} ${p(path)}`,
      text: render(withValueAt(base, path, raw(0)), [value]),
      path: null,
      mustReject: true,
    }));

  const baseText = render(base, []);
  const truncated = fc.integer({ min: 0, max: baseText.length - 1 }).map((at) => ({
    kind: `truncated at ${at}`,
    text: baseText.slice(0, at),
    path: null,
    mustReject: true,
  }));

  const all = fc.oneof(
    { arbitrary: wrongType, weight: 4 },
    { arbitrary: nullValue, weight: 1 },
    { arbitrary: missing, weight: 3 },
    { arbitrary: duplicateId, weight: 3 },
    { arbitrary: dangling, weight: 3 },
    { arbitrary: protoKey, weight: 3 },
    { arbitrary: nested, weight: 1 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: surrogate, weight: 2 },
    { arbitrary: badNumber, weight: 2 },
    { arbitrary: oddNumber, weight: 1 },
    { arbitrary: notJson, weight: 1 },
    { arbitrary: truncated, weight: 1 },
  );
  const { lenient } = options;
  if (!lenient) return all;
  return all.map((hostile) => {
    const deep = /^deep-(array|object)-(\d+) (.*)$/.exec(hostile.kind);
    const keyed = /^proto-key (\S+) in/.exec(hostile.kind);
    const mustReject =
      hostile.kind.startsWith('truncated') ||
      hostile.kind.startsWith('not-json') ||
      // (a margin of 2 levels: how the root and the last level count is the reader's business)
      (deep !== null && Number(deep[2]) + deep[3]!.split(/[.[]/).length > lenient.maxDepth + 2) ||
      (keyed !== null && (options.refusedKeys ?? []).includes(keyed[1]!));
    return { ...hostile, mustReject };
  });
}

/** Text that is not a document at all: random UTF-16 (lone surrogates included), any JSON value. */
export const garbageText: fc.Arbitrary<HostileCase> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ kind: 'random text', text, path: null, mustReject: true })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'random JSON', text: JSON.stringify(value) ?? 'null', path: null, mustReject: true })),
  fc.constantFrom('', ' ', '\uFEFF', 'null', 'true', '0', '[]', '""', '{}', '\uFEFF{}', '{"__proto__":null}', '[1e999]').map((text) => ({
    kind: `tiny ${JSON.stringify(text)}`,
    text,
    path: null,
    mustReject: true,
  })),
  deepNesting.map(({ depth, shape }) => ({ kind: `deep-${shape}-${depth} top level`, text: deepJson(depth, shape), path: null, mustReject: true })),
);

// ---------------------------------------------------------------------------------------------
// Assertions

/** `steps[2].label` → `steps[2].label`; details look like `steps[2].label: must be …`. */
export function detailPath(line: string): string | null {
  const match = /^(.+?): \S/.exec(line);
  return match ? match[1]! : null;
}

/** True when one path is the other or lies inside it (`threats[1].anchor` ~ `threats[1].anchor.id`). */
export function relatedPaths(a: string, b: string): boolean {
  if (a === b) return true;
  const inside = (inner: string, outer: string) =>
    outer !== '(top level)' && (inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`));
  return inside(a, b) || inside(b, a);
}

/**
 * Longest detail line allowed: a 1 MB id in a reference must not come back as a 1 MB message
 * line (the schemas' cross-reference messages shorten the values they quote).
 */
export const ECHO_LIMIT = Number(process.env.FUZZ_ECHO_LIMIT ?? 2_000);

/**
 * What every refusal must look like: a non-empty message, and when the damage has one place,
 * a detail line `path: what is wrong` that names that place (or a path inside or around it).
 */
export function readableRefusalProblems(hostile: HostileCase, message: string, details: readonly string[]): string[] {
  const problems: string[] = [];
  if (typeof message !== 'string' || message.trim().length < 10) problems.push(`message too short: ${JSON.stringify(message)}`);
  if (/\[object Object\]/.test(message) || details.some((line) => /\[object Object\]/.test(line))) {
    problems.push('a message says [object Object]');
  }
  for (const line of details) {
    if (typeof line !== 'string' || line.trim() === '') problems.push(`an empty detail line in ${JSON.stringify(details)}`);
    if (line.length > ECHO_LIMIT) problems.push(`a detail line of ${line.length} characters (a huge value echoed back?)`);
  }
  if (message.length > 2_000) problems.push(`a message of ${message.length} characters`);
  if (hostile.path !== null) {
    const wanted = hostile.path.split('|');
    const named = details.map(detailPath).filter((path): path is string => path !== null);
    // A problem with the whole file (no details) may name its place in the message itself, and
    // one found before parsing (nesting too deep) by line and column in the text.
    const inMessage = wanted.some((want) => message.includes(`"${want}"`));
    const inText = details.some((line) => /^line \d+, column \d+: /.test(line));
    // A top-level key that says what the file is (`schema`, `schemaVersion`) may be refused as
    // a whole-file problem: "This file uses format 1e+21".
    const wholeFile = details.length === 0 && wanted.every((want) => /^[^.[]+$/.test(want));
    if (!inMessage && !inText && !wholeFile && !named.some((path) => wanted.some((want) => relatedPaths(path, want)))) {
      problems.push(`no detail names ${wanted.join(' or ')}: ${JSON.stringify(details)} (message: ${message})`);
    }
  }
  return problems;
}

/** Own keys of the shared prototypes, to check nothing was added to them. */
export function prototypeFingerprint(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype];
  return protos.map((proto) => Reflect.ownKeys(proto).map(String).sort().join(',')).join('|');
}

export function prototypeProblems(fingerprint: string): string[] {
  const problems: string[] = [];
  if (prototypeFingerprint() !== fingerprint) problems.push('a shared prototype gained or lost a key');
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin']) if (probe[key] !== undefined) problems.push(`Object.prototype.${key} is set`);
  return problems;
}

/** Keys that must never survive into an accepted document. */
export function dangerousKeysIn(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) found.push(`${path || '(top level)'} has an unusual prototype`);
  for (const key of Object.keys(value)) {
    if ((PROTO_KEYS as readonly string[]).includes(key)) found.push(`${path}.${key}`);
    found.push(...dangerousKeysIn((value as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return found;
}
