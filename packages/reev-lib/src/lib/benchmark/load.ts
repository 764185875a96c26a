import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TestCaseSchema, type TestCase } from '@reev/types';
import { isMap, isSeq, type YAMLError } from 'yaml';
import {
  BenchmarkLoadError,
  benchmarkIssue,
  formatFieldPath,
  type BenchmarkIssue,
  type BenchmarkWarning,
} from './diagnostics';
import { judgeUnknownKey } from './grading-keys';
import { checkGroundTruth } from './ground-truth-checks';
import { findUnknownKeys } from './unknown-keys';
import { YamlSource } from './yaml-source';
import { describeIssues } from './zod-issues';

/** A validated benchmark and where it came from. */
export interface LoadedBenchmark {
  testCase: TestCase;
  /** The path it was read from (as given), or the source name passed to parseBenchmark. */
  sourcePath: string;
  /** The file's text, unchanged. */
  content: string;
  /** sha256 of `content`, hex. */
  contentHash: string;
  warnings: BenchmarkWarning[];
}

const BENCHMARK_FILE = /\.ya?ml$/i;

/** Parses and validates one benchmark's YAML text. Throws BenchmarkLoadError naming file, line, column and field. */
export function parseBenchmark(text: string, sourceName: string): LoadedBenchmark {
  const source = YamlSource.parse(text);
  const issueAt = (path: PropertyKey[], reason: string, at: 'key' | 'value' = 'value'): BenchmarkIssue =>
    benchmarkIssue({ file: sourceName, ...source.locate(path, at), path: formatFieldPath(path) }, reason);
  const { document } = source;

  if (document.errors.length > 0) {
    throw new BenchmarkLoadError(document.errors.map((error) => yamlIssue(error, sourceName, source)));
  }
  const contents = document.contents;
  if (contents === null) {
    throw new BenchmarkLoadError([issueAt([], 'the file is empty (expected a mapping with id, prompt and ground_truth)')]);
  }
  if (!isMap(contents)) {
    const found = isSeq(contents) ? 'a list' : 'a single value';
    throw new BenchmarkLoadError([
      issueAt([], `expected a mapping at the top level (id, prompt, ground_truth, …), found ${found}`),
    ]);
  }

  const data: unknown = document.toJS();
  const parsed = TestCaseSchema.safeParse(data);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, data).map((issue) => issueAt(issue.path, issue.reason, issue.at));
    throw new BenchmarkLoadError(inFileOrder(issues));
  }

  const unknownKeys = findUnknownKeys(TestCaseSchema, data).map((unknown) => ({ unknown, verdict: judgeUnknownKey(unknown) }));
  const gradingTypos = unknownKeys.filter(({ verdict }) => verdict.severity === 'error');
  if (gradingTypos.length > 0) {
    throw new BenchmarkLoadError(inFileOrder(gradingTypos.map(({ unknown, verdict }) => issueAt(unknown.path, verdict.reason, 'key'))));
  }
  const warnings = [
    ...document.warnings.map((warning) => yamlIssue(warning, sourceName, source)),
    ...unknownKeys.map(({ unknown, verdict }) => issueAt(unknown.path, verdict.reason, 'key')),
    ...checkGroundTruth(parsed.data).map((note) => issueAt(note.path, note.reason)),
  ];
  return {
    testCase: parsed.data,
    sourcePath: sourceName,
    content: text,
    contentHash: createHash('sha256').update(text, 'utf8').digest('hex'),
    warnings: inFileOrder(warnings),
  };
}

/** Reads and validates one benchmark file. */
export async function loadBenchmarkFile(path: string): Promise<LoadedBenchmark> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BenchmarkLoadError([fileIssue(path, readFailure(error))]);
  }
  return parseBenchmark(text, path);
}

/**
 * Loads benchmark files and directories. A directory contributes every .yml/.yaml file directly inside it, in
 * name order (no recursion). Every file is checked before anything is thrown, so one error lists every problem;
 * benchmark ids must be unique across the whole load.
 */
export async function loadBenchmarks(paths: readonly string[]): Promise<LoadedBenchmark[]> {
  const problems: BenchmarkIssue[] = [];
  const files: string[] = [];
  const seenFiles = new Set<string>();
  for (const path of paths) {
    try {
      for (const file of await benchmarkFilesAt(path)) {
        if (seenFiles.has(resolve(file))) continue;
        seenFiles.add(resolve(file));
        files.push(file);
      }
    } catch (error) {
      if (!(error instanceof BenchmarkLoadError)) throw error;
      problems.push(...error.issues);
    }
  }

  const loaded: LoadedBenchmark[] = [];
  const firstFileById = new Map<string, string>();
  for (const file of files) {
    try {
      const benchmark = await loadBenchmarkFile(file);
      const earlier = firstFileById.get(benchmark.testCase.id);
      if (earlier === undefined) {
        firstFileById.set(benchmark.testCase.id, file);
        loaded.push(benchmark);
      } else {
        const location = YamlSource.parse(benchmark.content).locate(['id']);
        problems.push(
          benchmarkIssue(
            { file, ...location, path: 'id' },
            `duplicate benchmark id "${benchmark.testCase.id}" (already loaded from ${earlier})`,
          ),
        );
      }
    } catch (error) {
      if (!(error instanceof BenchmarkLoadError)) throw error;
      problems.push(...error.issues);
    }
  }
  if (problems.length > 0) throw new BenchmarkLoadError(problems);
  return loaded;
}

async function benchmarkFilesAt(path: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new BenchmarkLoadError([fileIssue(path, readFailure(error))]);
  }
  if (!isDirectory) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && BENCHMARK_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new BenchmarkLoadError([fileIssue(path, 'directory contains no .yml or .yaml files')]);
  return names.map((name) => join(path, name));
}

function fileIssue(file: string, reason: string): BenchmarkIssue {
  return benchmarkIssue({ file, line: undefined, column: undefined, path: '' }, reason);
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory, not a benchmark file (load it with loadBenchmarks)';
  if (code === 'EACCES') return 'permission denied';
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}

function yamlIssue(error: YAMLError, file: string, source: YamlSource): BenchmarkIssue {
  const position = error.linePos?.[0] ? { line: error.linePos[0].line, column: error.linePos[0].col } : source.position(error.pos[0]);
  // yaml appends " at line L, column C:" and a code excerpt; the location is reported separately.
  const reason = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  return benchmarkIssue({ file, ...position, path: '' }, `YAML: ${reason}`);
}

function inFileOrder<T extends BenchmarkIssue>(issues: T[]): T[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
