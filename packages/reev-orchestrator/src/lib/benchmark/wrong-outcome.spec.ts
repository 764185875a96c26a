import type { Agent, AgentStepRequest, AgentStepResponse } from '@reev/agent';
import { loadBenchmarks, type LoadedBenchmark } from '@reev/lib';
import { USDC_MINT, WSOL_MINT } from '@reev/types';
import { benchmarkFromYaml, createTestReev, SUITE_DIR, type TestReev } from '../test-support/test-reev';

/** An agent that swaps the wrong amount of SOL for USDC: what a careless model does with "swap 0.1 SOL". */
function swappingAgent(lamports: number): Agent {
  return {
    name: `swaps-${lamports}-lamports`,
    async runStep(request: AgentStepRequest): Promise<AgentStepResponse> {
      const outcome = await request.callTool({
        callId: 'swap-1',
        name: 'jupiter_swap',
        arguments: { user_pubkey: request.context.wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: lamports },
      });
      if (!outcome.ok) throw new Error(`the swap itself failed: ${JSON.stringify(outcome)}`);
      return { finalMessage: `swapped ${lamports} lamports`, turns: 1 };
    },
  };
}

describe('a wrong outcome never passes (real LiteSVM run, real grading)', () => {
  let reev: TestReev;
  let benchmark100: LoadedBenchmark;
  beforeAll(async () => {
    reev = createTestReev();
    benchmark100 = (await loadBenchmarks([SUITE_DIR])).find((benchmark) => benchmark.testCase.id === '100-jup-swap-sol-usdc')!;
  });
  afterAll(() => reev.close());

  it('100 graded against a run that swapped 0.2 SOL instead of 0.1 fails, saying which conditions failed', async () => {
    const result = await reev.gateway.executeBenchmark(benchmark100, swappingAgent(200_000_000));
    expect(result.steps[0]?.transactions.map((transaction) => transaction.status)).toEqual(['Success']);

    expect(result.breakdown.toolCallChecks[0]).toMatchObject({
      matched: false,
      reason: 'jupiter_swap succeeded, but amount is 200000000, expected 100000000',
    });
    expect(result.score).toBe(0);
    expect(result.passed).toBe(false);
    expect(result.pass.passed).toBe(false);
    expect(result.pass.failed_conditions).toEqual([
      'score 0.000 is below min_score 0.75',
      expect.stringMatching(/^final-state assertion 0 \(SolBalanceChange\) not met: .* changed by -200000000 lamports .*expected = -100000000$/),
      expect.stringMatching(/^final-state assertion 1 \(TokenAccountBalance\) not met: .* is 30000000 base units, expected = 15000000$/),
    ]);

    const stored = await reev.reader.getExecution(result.executionId);
    expect(stored?.result).toMatchObject({ passed: false, pass: { passed: false } });
    const performance = await reev.reader.agentPerformanceSummary();
    expect(performance.find((row) => row.agent === 'swaps-200000000-lamports')?.results[0]?.passed).toBe(false);
  }, 60_000);

  it('the same benchmark against a run that swapped exactly 0.1 SOL passes with score 1', async () => {
    const result = await reev.gateway.executeBenchmark(benchmark100, swappingAgent(100_000_000));
    expect(result).toMatchObject({ score: 1, passed: true, pass: { passed: true, failed_conditions: [] } });
  }, 60_000);

  it("a dynamic benchmark whose flow succeeds but whose ground truth is not met fails, naming the ground truth's condition", async () => {
    const text = `id: dynamic-swap-graded-wrong
flow_type: dynamic
initial_state:
  - { pubkey: USER_WALLET_PUBKEY, owner: "11111111111111111111111111111111", lamports: 4000000000 }
prompt: "swap 1 SOL to USDC"
ground_truth:
  min_score: 0.5
  final_state_assertions:
    - { type: SolBalanceChange, pubkey: USER_WALLET_PUBKEY, expected_change: -1000000000, weight: 1 }
    - { type: SolBalanceChange, pubkey: USER_WALLET_PUBKEY, expected_change: -2000000000, weight: 0.1 }
`;
    const result = await reev.gateway.executeBenchmark(benchmarkFromYaml(text), 'deterministic');
    expect(result.status).toBe('completed');
    // Flow 1, ground truth 1 / 1.1: the score clears 0.5 by far, and the run still fails.
    expect(result.score).toBeCloseTo((1 + 1 / 1.1) / 2, 12);
    expect(result.passed).toBe(false);
    expect(result.pass.failed_conditions).toEqual([
      expect.stringMatching(/^ground truth: final-state assertion 1 \(SolBalanceChange\) not met: .* changed by -1000000000 lamports .*expected = -2000000000$/),
    ]);
    const stored = await reev.reader.getExecution(result.executionId);
    expect(stored?.result).toMatchObject({ passed: false, pass: result.pass });
  }, 60_000);
});
