import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalBenchmarksDir } from '@reev/testing';
import { TestCaseSchema, type TestCase } from '@reev/types';
import { parse } from 'yaml';

/** This repository's benchmark suite. */
export const REPOSITORY_BENCHMARKS_DIR = join(__dirname, '../../../../../../benchmarks');

export function benchmarkFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yml') || file.endsWith('.yaml'))
    .sort();
}

export function loadTestCase(directory: string, file: string): TestCase {
  return TestCaseSchema.parse(parse(readFileSync(join(directory, file), 'utf8')));
}

/** An original benchmark by id, e.g. "001-sol-transfer" (compatibility specs only). */
export function originalTestCase(id: string): TestCase {
  return loadTestCase(originalBenchmarksDir(), `${id}.yml`);
}

/** A benchmark of this repository's suite by id, e.g. "001-sol-transfer". */
export function suiteTestCase(id: string): TestCase {
  return loadTestCase(REPOSITORY_BENCHMARKS_DIR, `${id}.yml`);
}

/** A minimal test case for tests that set up their own accounts. */
export function testCase(overrides: Partial<TestCase> & Pick<TestCase, 'id' | 'initial_state'>): TestCase {
  return TestCaseSchema.parse({ prompt: 'test', ground_truth: {}, ...overrides });
}
