import { loadBenchmarks } from '@reev/lib';
import type { ConsolidatedContent } from '@reev/types';
import { createTestReev, SUITE_DIR, type TestReev } from '../test-support/test-reev';
import { consolidateExecution } from './consolidate';

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

  it('stores the steps it consolidates from memory exactly as a read-back of the stored steps gives them', async () => {
    const stored: ConsolidatedContent[] = [];
    const realStore = reev.writer.storeConsolidatedSession.bind(reev.writer);
    reev.writer.storeConsolidatedSession = (id, executionId, content, metadata) => {
      stored.push(content);
      return realStore(id, executionId, content, metadata);
    };
    try {
      // 003's failed call carries an error (a key the schema orders before started_at); the flow runs four steps.
      const benchmark = (await loadBenchmarks([SUITE_DIR])).find((candidate) => candidate.testCase.id === '003-spl-transfer-fail')!;
      const executions = [
        (await reev.gateway.executeBenchmark(benchmark, 'deterministic')).executionId,
        (await reev.gateway.executeDynamicFlow('use 50% of my SOL to multiply my USDC 1.5x on Jupiter', 'USER_WALLET_PUBKEY', 'deterministic'))
          .execution_id,
      ];
      for (const [run, executionId] of executions.entries()) {
        const readBack = await consolidateExecution(reev.writer, { executionId, agent: 'deterministic', executionDurationMs: 0, timeoutMs: 60_000 });
        expect(readBack.ok).toBe(true);
        expect(JSON.stringify(stored[run]?.steps)).toBe(JSON.stringify(readBack.ok ? readBack.content.steps : undefined));
        expect(stored[run]?.steps.some((step) => step.tool_calls.length > 0)).toBe(true);
      }
      expect(stored[0]?.steps[0]?.tool_calls.some((call) => call.error !== undefined)).toBe(true);
    } finally {
      reev.writer.storeConsolidatedSession = realStore;
    }
  }, 60_000);
});
