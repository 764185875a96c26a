import { readdir } from 'node:fs/promises';
import { originalBenchmarksDir } from '@reev/testing';
import { loadBenchmarks } from './load';

describe("the original's 19 benchmark files under the grading-typo rule", () => {
  it('all load: every key they write inside ground_truth, assertions, expected calls and flow steps is known', async () => {
    const directory = originalBenchmarksDir();
    const names = (await readdir(directory)).filter((name) => name.endsWith('.yml')).sort();
    expect(names).toHaveLength(19);
    const loaded = await loadBenchmarks([directory]);
    expect(loaded.map((benchmark) => `${benchmark.testCase.id}.yml`)).toEqual(names);

    const warnings = loaded.flatMap((benchmark) => benchmark.warnings.map((warning) => warning.reason));
    // Keys reev does not grade are named as such, never as plain unknown keys inside the graded parts.
    expect(warnings.filter((reason) => reason.startsWith('unknown key'))).toEqual([]);
    const ungraded = [...new Set(warnings.flatMap((reason) => /^key "(\w+)" of the original's files is not graded/.exec(reason)?.[1] ?? []))].sort();
    expect(ungraded).toEqual([
      'critical',
      'description',
      'expected_api_calls',
      'expected_data_structure',
      'expected_flow_complexity',
      'expected_multiplication_metrics',
      'expected_otel_tracking',
      'expected_params',
      'expected_yield_optimization',
      'recovery_expectations',
      'response_validation',
      'success_criteria',
      'tool_validation',
    ]);
  });
});
