import type { UnknownKey } from './unknown-keys';

/**
 * Keys the original's benchmark files write inside the graded parts of a file, which reev recognises but does
 * not grade. They load with a warning saying so; any other unknown key there is an error (a typo in grading
 * would otherwise leave something unchecked).
 */
const UNGRADED_ORIGINAL_KEYS: Record<GradedPlace, readonly string[]> = {
  ground_truth: [
    'expected_api_calls',
    'expected_data_structure',
    'expected_flow_complexity',
    'expected_multiplication_metrics',
    'expected_otel_tracking',
    'expected_yield_optimization',
    'recovery_expectations',
    'response_validation',
    'success_criteria',
    'tool_validation',
  ],
  'expected tool call': ['critical', 'description', 'expected_params'],
  'final-state assertion': [],
  'expected instruction': [],
  'expected account': [],
  'flow step': [],
};

type GradedPlace =
  | 'ground_truth'
  | 'expected tool call'
  | 'final-state assertion'
  | 'expected instruction'
  | 'expected account'
  | 'flow step';

export type UnknownKeyVerdict = { severity: 'warning' | 'error'; reason: string };

/** Whether an unknown key is tolerated (warning) or a grading typo (error), and what to say about it. */
export function judgeUnknownKey(unknown: UnknownKey): UnknownKeyVerdict {
  const place = gradedPlaceOf(unknown.path);
  if (place === undefined) return { severity: 'warning', reason: `unknown key "${unknown.key}" ignored` };
  const ungraded = UNGRADED_ORIGINAL_KEYS[place];
  if (ungraded.includes(unknown.key)) {
    return { severity: 'warning', reason: `key "${unknown.key}" of the original's files is not graded by reev (ignored)` };
  }
  const known = [...unknown.known, ...ungraded];
  const suggestion = closestKey(unknown.key, known);
  const hint = suggestion === undefined ? `; known keys: ${known.join(', ')}` : ` (did you mean "${suggestion}"?)`;
  const where = place === 'ground_truth' ? 'ground_truth' : `${/^[aeiou]/.test(place) ? 'an' : 'a'} ${place}`;
  return { severity: 'error', reason: `unknown key "${unknown.key}" in ${where}${hint}` };
}

/** The graded part of the file a path lies in, or undefined outside ground_truth and flow steps. */
function gradedPlaceOf(path: readonly PropertyKey[]): GradedPlace | undefined {
  const [top, list, , field] = path;
  if (top === 'flow') return 'flow step';
  if (top !== 'ground_truth') return undefined;
  if (path.length <= 2) return 'ground_truth';
  if (list === 'final_state_assertions') return 'final-state assertion';
  if (list === 'expected_tool_calls') return 'expected tool call';
  if (list === 'expected_instructions') return field === 'accounts' && path.length > 4 ? 'expected account' : 'expected instruction';
  return 'ground_truth';
}

/** The known key nearest to `key` in edit distance, if it is near enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(key.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
