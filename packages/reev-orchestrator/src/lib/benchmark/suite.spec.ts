import { loadBenchmarks } from '@reev/lib';
import { createTestReev, SUITE_DIR, type TestReev } from '../test-support/test-reev';

/** What a correct agent scores on each suite benchmark (docs/benchmarks.md). */
const EXPECTED: Record<string, (score: number) => boolean> = {
  '001-sol-transfer': (s) => s === 1,
  '002-spl-transfer': (s) => s === 1,
  '003-spl-transfer-fail': (s) => Math.abs(s - 0.75) < 1e-9,
  '004-partial-score-spl-transfer': (s) => s > 0.3 && s < 0.9,
  '100-jup-swap-sol-usdc': (s) => s === 1,
  '110-jup-lend-deposit-sol': (s) => s === 1,
  '111-jup-lend-deposit-usdc': (s) => s === 1,
  '112-jup-lend-withdraw-sol': (s) => s === 1,
  '113-jup-lend-withdraw-usdc': (s) => s === 1,
  '114-jup-positions-and-earnings': (s) => s === 1,
  '115-jup-lend-mint-usdc': (s) => s === 1,
  '116-jup-lend-redeem-usdc': (s) => s === 1,
  '200-jup-swap-then-lend-deposit': (s) => s === 1,
  '300-jup-swap-then-lend-deposit-dyn': (s) => s === 1,
  '301-dynamic-yield-optimization': (s) => s === 1,
  '302-portfolio-rebalancing': (s) => s === 1,
  '303-risk-adjusted-growth': (s) => s === 1,
  '304-emergency-exit-strategy': (s) => s === 1,
  '305-yield-farming-optimization': (s) => s === 1,
};

describe('the benchmark suite with the deterministic agent (real LiteSVM, real libSQL)', () => {
  let reev: TestReev;
  beforeAll(() => {
    reev = createTestReev();
  });
  afterAll(() => reev.close());

  it('covers every expected benchmark and nothing else', async () => {
    const ids = (await loadBenchmarks([SUITE_DIR])).map((benchmark) => benchmark.testCase.id);
    expect(ids).toEqual(Object.keys(EXPECTED));
  });

  it.each(Object.keys(EXPECTED))('%s scores as a correct run should and is stored', async (id) => {
    const [benchmark] = (await loadBenchmarks([SUITE_DIR])).filter((candidate) => candidate.testCase.id === id);
    const result = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
    expect(EXPECTED[id](result.score)).toBe(true);
    expect(result.passed).toBe(true);
    expect(result.status).toBe('completed');

    const execution = await reev.reader.getExecution(result.executionId);
    expect(execution?.status).toBe('completed');
    expect(execution?.score).toBeCloseTo(result.score, 12);
    expect(execution?.steps.length).toBe(result.steps.length);
    expect(result.consolidatedSessionId).toBeDefined();
    const consolidated = await reev.reader.getConsolidatedSession(result.consolidatedSessionId!);
    expect(consolidated?.executionId).toBe(result.executionId);
    expect(await reev.reader.getBenchmark(id)).toBeDefined();
    const performance = await reev.reader.agentPerformanceSummary();
    expect(performance.find((row) => row.agent === 'deterministic')).toBeDefined();
  });

  it('003 fails on chain with a readable error and keeps the right instruction', async () => {
    const [benchmark] = (await loadBenchmarks([SUITE_DIR])).filter((b) => b.testCase.id === '003-spl-transfer-fail');
    const result = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
    const [transaction] = result.steps[0].transactions;
    expect(transaction?.status).toBe('Failure');
    expect(transaction?.error).toMatch(/insufficient funds/);
    expect(result.breakdown.instructionScore).toBe(1);
    expect(result.breakdown.onChainScore).toBe(0);
  });

  it('running the same benchmark twice gives identical scores and addresses', async () => {
    const benchmarks = await loadBenchmarks([SUITE_DIR]);
    for (const id of ['001-sol-transfer', '200-jup-swap-then-lend-deposit', '300-jup-swap-then-lend-deposit-dyn']) {
      const benchmark = benchmarks.find((candidate) => candidate.testCase.id === id)!;
      const first = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
      const second = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
      expect(second.executionId).not.toBe(first.executionId);
      expect(second.score).toBe(first.score);
      expect(second.keyMap).toEqual(first.keyMap);
      expect(second.steps.map((step) => step.result.tool_calls.map((call) => call.input))).toEqual(
        first.steps.map((step) => step.result.tool_calls.map((call) => call.input)),
      );
    }
  });

  it('a different seed gives different addresses and the same score', async () => {
    const benchmark = (await loadBenchmarks([SUITE_DIR])).find((b) => b.testCase.id === '001-sol-transfer')!;
    const seed0 = await reev.gateway.executeBenchmark(benchmark, 'deterministic', { seed: 0 });
    const seed7 = await reev.gateway.executeBenchmark(benchmark, 'deterministic', { seed: 7 });
    expect(seed7.keyMap['USER_WALLET_PUBKEY']).not.toBe(seed0.keyMap['USER_WALLET_PUBKEY']);
    expect(seed7.score).toBe(seed0.score);
  });
});
