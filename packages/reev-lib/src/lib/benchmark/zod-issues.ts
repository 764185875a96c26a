import { REEV_ASSERTION_TYPES } from '@reev/types';
import type { z } from 'zod';

/** A schema problem as the loader reports it: where (a path into the YAML data) and what, in words. */
export interface DescribedIssue {
  path: PropertyKey[];
  reason: string;
  /** Point at the key rather than the value (for problems about the key itself). */
  at: 'key' | 'value';
}

type Issue = z.core.$ZodIssue;

/** Turns zod's issues into one readable reason each, resolving unions to the branch the author meant. */
export function describeIssues(issues: readonly Issue[], data: unknown, basePath: PropertyKey[] = []): DescribedIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, data, [...basePath, ...issue.path]));
}

function describeIssue(issue: Issue, data: unknown, path: PropertyKey[]): DescribedIssue[] {
  const found = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return [{ path, reason: 'required but missing', at: 'value' }];
      return [{ path, reason: `expected ${typeWord(issue.expected)}, found ${describeValue(found)}`, at: 'value' }];
    case 'invalid_value':
      return [
        {
          path,
          reason: `expected one of ${issue.values.map(String).join(', ')}, found ${describeValue(found)}`,
          at: 'value',
        },
      ];
    case 'invalid_union':
      return describeUnionIssue(issue, data, path, found);
    case 'too_small':
    case 'too_big': {
      const isNumber = issue.origin === 'number' || issue.origin === 'int';
      if (!isNumber) return [{ path, reason: issue.message, at: 'value' }];
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive ?? true;
      const relation = issue.code === 'too_small' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
      return [{ path, reason: `must be ${relation} ${String(bound)}, found ${describeValue(found)}`, at: 'value' }];
    }
    case 'invalid_format':
      return [{ path, reason: `${issue.message}, found ${describeValue(found)}`, at: 'value' }];
    case 'invalid_key':
      return [{ path, reason: `invalid key: ${issue.issues.map((inner) => inner.message).join('; ')}`, at: 'key' }];
    case 'unrecognized_keys':
      return [{ path, reason: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`, at: 'value' }];
    default:
      return [{ path, reason: issue.message, at: 'value' }];
  }
}

function describeUnionIssue(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  data: unknown,
  path: PropertyKey[],
  found: unknown,
): DescribedIssue[] {
  if ('discriminator' in issue && issue.discriminator !== undefined) {
    const discriminatorPath = path.at(-1) === issue.discriminator ? path : [...path, issue.discriminator];
    const value = valueAt(data, discriminatorPath);
    if (path.includes('final_state_assertions') && issue.discriminator === 'type') {
      const expected = `expected ${REEV_ASSERTION_TYPES.join(', ')}`;
      const reason =
        value === undefined ? `assertion type is missing (${expected})` : `unknown assertion type ${describeScalar(value)} (${expected})`;
      return [{ path: discriminatorPath, reason, at: 'value' }];
    }
    return [{ path: discriminatorPath, reason: `unknown ${issue.discriminator} ${describeScalar(value)}`, at: 'value' }];
  }
  // Each branch failed; a branch that failed only at its root did not apply to this value at all.
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const applicable = branches.filter((branch) => branch.some((inner) => inner.path.length > 0));
  if (applicable.length === 0) {
    const expected = issue.message === 'Invalid input' ? 'no accepted form matches' : `${issue.message}, found`;
    return [{ path, reason: `${expected} ${describeValue(found)}`, at: 'value' }];
  }
  const closest = applicable.reduce((best, branch) => (branch.length < best.length ? branch : best));
  return describeIssues(closest, data, path);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function typeWord(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return typeof value;
}

function describeScalar(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
}
