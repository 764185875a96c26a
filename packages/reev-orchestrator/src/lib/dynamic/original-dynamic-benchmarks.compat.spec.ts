import { join } from 'node:path';
import { loadBenchmarks } from '@reev/lib';
import { originalBenchmarksDir } from '@reev/testing';
import { createTestReev, type TestReev } from '../test-support/test-reev';

const ORIGINAL_DYNAMIC = [
  '300-jup-swap-then-lend-deposit-dyn',
  '301-dynamic-yield-optimization',
  '302-portfolio-rebalancing',
  '303-risk-adjusted-growth',
  '304-emergency-exit-strategy',
  '305-yield-farming-optimization',
];

/**
 * What each unchanged original dynamic file gives with the rule-based planner and the deterministic agent
 * (docs/benchmarks.md, "The original's dynamic files, unchanged"): whether its ground-truth score reaches min_score, whether
 * it passes (the pass rule also wants every final-state assertion to hold), the final-state assertions (by
 * index) that do not hold and the expected tool calls (by index) no call met, each for a reason documented there.
 */
type Outcome = { reachesMinScore: boolean; passed: boolean; unmet: number[]; missedCalls: number[] };
const EXPECTED: Record<string, Outcome> = {
  // USDC account ≥ 45 and ≤ 45: only exactly 45 USDC meets all four; 1.5x of 20 USDC is a 30 USDC position.
  '300-jup-swap-then-lend-deposit-dyn': { reachesMinScore: true, passed: false, unmet: [1], missedCalls: [] },
  // SOL change ≥ -0.4 SOL (its comment says 4 SOL); USDC ≥ 85 contradicts ≤ 70.
  '301-dynamic-yield-optimization': { reachesMinScore: true, passed: false, unmet: [0, 1], missedCalls: [] },
  '302-portfolio-rebalancing': { reachesMinScore: true, passed: true, unmet: [], missedCalls: [] },
  // USDC ≥ 70 contradicts ≤ 65.
  '303-risk-adjusted-growth': { reachesMinScore: true, passed: false, unmet: [1], missedCalls: [] },
  // ≥ 0.5 SOL kept, where the plan keeps a 0.05 SOL fee reserve and converts the rest to USDC.
  '304-emergency-exit-strategy': { reachesMinScore: true, passed: false, unmet: [3], missedCalls: [] },
  // USDC ≤ 25 and ≤ 20 ask more than the 70% of the USDC; the pools are read once for "analyze all Jupiter lending
  // pools, compare current APYs", so the second expected get_jupiter_lend_earn_tokens call (index 2) is not met.
  '305-yield-farming-optimization': { reachesMinScore: true, passed: false, unmet: [2, 3], missedCalls: [2] },
};

describe("the original's dynamic benchmark files, unchanged (rule-based planner, deterministic agent)", () => {
  let reev: TestReev;
  beforeAll(() => {
    reev = createTestReev();
  });
  afterAll(() => reev.close());

  it('1 of 6 passes and 6 of 6 reach min_score, each failing assertion and missed call for its documented reason', async () => {
    const folder = originalBenchmarksDir();
    const benchmarks = await loadBenchmarks(ORIGINAL_DYNAMIC.map((id) => join(folder, `${id}.yml`)));
    const outcomes: Record<string, Outcome> = {};
    for (const benchmark of benchmarks) {
      const result = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
      expect(result.status).toBe('completed');
      const unmet = result.breakdown.assertionChecks.filter((check) => !check.matched).map((check) => check.index);
      const missedCalls = result.breakdown.toolCallChecks.filter((check) => !check.matched).map((check) => check.index);
      outcomes[benchmark.testCase.id] = { reachesMinScore: result.breakdown.score >= result.breakdown.minScore, passed: result.passed, unmet, missedCalls };
      // Every assertion type the files declare is evaluated: nothing is "not defined by reev".
      expect(result.breakdown.assertionChecks.filter((check) => check.address === null)).toEqual([]);
    }
    expect(outcomes).toEqual(EXPECTED);
    expect(Object.values(outcomes).filter((outcome) => outcome.passed)).toHaveLength(1);
    expect(Object.values(outcomes).filter((outcome) => outcome.reachesMinScore)).toHaveLength(6);
  }, 120_000);
});
