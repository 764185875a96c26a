/** A place in a benchmark file. line and column are 1-based; undefined when the problem has no place (a missing file). */
export interface SourceLocation {
  file: string;
  line: number | undefined;
  column: number | undefined;
  /** Field path such as `ground_truth.final_state_assertions[0].type`; empty for the whole file. */
  path: string;
}

/** One problem found while loading, with where it is and what is wrong in words. */
export interface BenchmarkIssue extends SourceLocation {
  reason: string;
  /** The one-line form: `file:line:column: path: reason`. */
  message: string;
}

/** Something the loader accepted but the author should know about (an ignored key, an unevaluable assertion, …). */
export type BenchmarkWarning = BenchmarkIssue;

export function formatIssue(location: SourceLocation, reason: string): string {
  const place = location.line === undefined ? location.file : `${location.file}:${location.line}:${location.column ?? 1}`;
  return location.path === '' ? `${place}: ${reason}` : `${place}: ${location.path}: ${reason}`;
}

export function benchmarkIssue(location: SourceLocation, reason: string): BenchmarkIssue {
  return { ...location, reason, message: formatIssue(location, reason) };
}

/**
 * A benchmark that cannot be loaded. The first problem (in file order) gives file, line, column, fieldPath
 * and reason; `issues` holds every problem found in that file.
 */
export class BenchmarkLoadError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly fieldPath: string;
  readonly reason: string;
  readonly issues: readonly BenchmarkIssue[];

  constructor(issues: readonly BenchmarkIssue[]) {
    const first = issues[0];
    if (first === undefined) throw new Error('BenchmarkLoadError needs at least one issue');
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(first.message + more);
    this.name = 'BenchmarkLoadError';
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.fieldPath = first.path;
    this.reason = first.reason;
    this.issues = issues;
  }
}

/** `a.b[0].c` from ['a', 'b', 0, 'c']. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? String(segment) : `${text}.${String(segment)}`;
  }, '');
}
