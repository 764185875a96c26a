import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { originalBenchmarksDir } from '@reev/testing';
import { loadBenchmarkFile, loadBenchmarks } from './load';

const ORIGINALS = originalBenchmarksDir();
const NOT_GRADED = (key: string): string => `key "${key}" of the original's files is not graded by reev (ignored)`;

describe('the original benchmark files', () => {
  it('load without modification, with warnings for what reev ignores', async () => {
    const names = (await readdir(ORIGINALS)).filter((name) => name.endsWith('.yml')).sort();
    expect(names).toHaveLength(19);
    const loaded = await loadBenchmarks([ORIGINALS]);
    expect(loaded.map((benchmark) => `${benchmark.testCase.id}.yml`)).toEqual(names);
    const reasons = (id: string) => loaded.find((benchmark) => benchmark.testCase.id === id)?.warnings.map((warning) => warning.reason) ?? [];

    expect(reasons('001-sol-transfer')).toEqual([]);
    expect(reasons('200-jup-swap-then-lend-deposit')).toContain(NOT_GRADED('success_criteria'));
    expect(reasons('114-jup-positions-and-earnings')).toEqual(expect.arrayContaining([NOT_GRADED('expected_api_calls'), NOT_GRADED('tool_validation')]));
    expect(reasons('300-jup-swap-then-lend-deposit-dyn')).toContain(NOT_GRADED('expected_params'));
    // Every assertion type the original files use is defined now (docs/benchmarks.md, portfolio assertions).
    expect(loaded.flatMap((benchmark) => benchmark.warnings.map((warning) => warning.reason)).filter((reason) => reason.startsWith('assertion type'))).toEqual([]);
    expect(reasons('301-dynamic-yield-optimization')).toContain(
      'contradicts final_state_assertions[1]: the token balance of USER_USDC_ATA cannot be both ≥ 85000000 and ≤ 75000000, so no run can meet both',
    );
  });

  it('keep what the original files mean', async () => {
    const dynamic = await loadBenchmarkFile(join(ORIGINALS, '300-jup-swap-then-lend-deposit-dyn.yml'));
    expect(dynamic.testCase.flow_type).toBe('dynamic');
    expect(dynamic.testCase.ground_truth.min_score).toBe(0.7);
    expect(dynamic.testCase.ground_truth.expected_tool_calls.map((call) => call.tool_name)).toEqual(['get_account_balance', 'jupiter_swap', 'jupiter_lend_earn_deposit']);
    const partial = await loadBenchmarkFile(join(ORIGINALS, '004-partial-score-spl-transfer.yml'));
    expect(partial.testCase.ground_truth.expected_instructions[0]).toMatchObject({ program_id_weight: 0.5, data: '3Bxs4vKJW', data_weight: 0.5 });
  });
});
