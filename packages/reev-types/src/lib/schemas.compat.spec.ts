import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isDynamicTestCase, TestCaseSchema } from '../index';

/** The original system's benchmark files, from REEV_ORIGINAL_BENCHMARKS (set by `npm run test:compat`). */
function originalBenchmarksDir(): string {
  const directory = process.env['REEV_ORIGINAL_BENCHMARKS'];
  if (directory === undefined || directory === '') {
    throw new Error('REEV_ORIGINAL_BENCHMARKS is not set: compatibility specs read the original benchmark files from it (run them with npm run test:compat)');
  }
  if (!existsSync(directory)) throw new Error(`REEV_ORIGINAL_BENCHMARKS=${directory}: no such folder`);
  return directory;
}

const ORIGINALS = originalBenchmarksDir();

describe('shared schemas on the original benchmark files', () => {
  it.each(readdirSync(ORIGINALS).filter((name) => name.endsWith('.yml')))('reads the original %s', (name) => {
    const testCase = TestCaseSchema.parse(parse(readFileSync(path.join(ORIGINALS, name), 'utf8')));
    expect(isDynamicTestCase(testCase)).toBe(name.startsWith('3'));
  });
});
