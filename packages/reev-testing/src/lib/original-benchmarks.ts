import { existsSync } from 'node:fs';

/**
 * The original system's benchmark files (read-only, outside the repository, never copied into it): only
 * `*.compat.spec.ts` files read them, from REEV_ORIGINAL_BENCHMARKS, which `npm run test:compat` sets.
 */
export function originalBenchmarksDir(): string {
  const directory = process.env['REEV_ORIGINAL_BENCHMARKS'];
  if (directory === undefined || directory === '') {
    throw new Error('REEV_ORIGINAL_BENCHMARKS is not set: compatibility specs read the original benchmark files from it (run them with npm run test:compat)');
  }
  if (!existsSync(directory)) throw new Error(`REEV_ORIGINAL_BENCHMARKS=${directory}: no such folder`);
  return directory;
}
