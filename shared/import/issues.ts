/** Zod issues as lines a person can act on: "detail.diagrams[0].title: expected text, found a number". */
import type { z } from 'zod';
import { formatPath } from '../validation.ts';

const NOUNS: ReadonlyMap<string, string> = new Map([
  ['string', 'text'],
  ['number', 'a number'],
  ['boolean', 'true or false'],
  ['array', 'a list'],
  ['object', 'an object'],
  ['null', 'null'],
  ['Infinity', 'a number too large to use'],
  ['NaN', 'not a number'],
]);

function noun(name: string): string {
  return NOUNS.get(name) ?? name;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const typed = /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message);
  if (typed) {
    const [, expected = '', received = ''] = typed;
    return received === 'undefined' ? `missing (expected ${noun(expected)})` : `expected ${noun(expected)}, found ${noun(received)}`;
  }
  if (issue.code === 'invalid_union') {
    const expected = issue.errors
      .map((branch) => branch[0])
      .map((first) => (first && first.code === 'invalid_type' ? noun(first.expected) : null))
      .filter((name): name is string => name !== null);
    if (expected.length > 0) return `expected ${[...new Set(expected)].join(' or ')}`;
  }
  return issue.message;
}

/** At most `max` lines, then a count of the rest. Paths are prefixed (e.g. "threats[3]" in a bare list). */
export function describeZodIssues(error: z.ZodError, max = 20): string[] {
  const lines = error.issues.slice(0, max).map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
  if (error.issues.length > max) lines.push(`…and ${error.issues.length - max} more problem(s)`);
  return lines;
}
