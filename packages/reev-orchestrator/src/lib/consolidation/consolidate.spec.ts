import { loadBenchmarks } from '@reev/lib';
import { createTestReev, SUITE_DIR, type TestReev } from '../test-support/test-reev';

describe('consolidation keeps what went wrong (real LiteSVM run, real libSQL)', () => {
  let reev: TestReev;
  beforeAll(() => {
    reev = createTestReev();
  });
  afterAll(() => reev.close());

  it("a failed step's error is in the consolidated content, and its score in avg_score", async () => {
    // 003 asks to send 15 USDC from an account holding 10: the transfer fails on chain.
    const benchmark = (await loadBenchmarks([SUITE_DIR])).find((candidate) => candidate.testCase.id === '003-spl-transfer-fail')!;
    const result = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
    const failed = result.steps[0]?.result;
    expect(failed?.success).toBe(false);
    expect(failed?.error_message).toMatch(/transaction failed: .*insufficient funds/);

    const consolidated = await reev.reader.getConsolidatedSession(result.consolidatedSessionId!);
    const [step] = consolidated?.content.steps ?? [];
    expect(step).toMatchObject({ step_id: failed?.step_id, success: false, status: 'failed', error: failed?.error_message });
    expect(consolidated?.content.metadata).toMatchObject({ failed_steps: 1, successful_steps: 0, avg_score: result.score });
  }, 60_000);
});
