import { DeterministicAgent, type Agent } from '@reev/agent';
import { LiteSvmEnv, type SolanaEnv } from '@reev/lib';
import { systemTransfer } from '@reev/tools';
import type { AtomicMode, DynamicFlowPlan, DynamicStep, ExpectedEffect, StepResult } from '@reev/types';
import { ConsolidatedContentSchema, JLUSDC_MINT, USDC_MINT } from '@reev/types';
import { createTestReev, type TestReev } from '../test-support/test-reev';
import { DEFAULT_DYNAMIC_STATE } from './default-state';

const SYSTEM = '11111111111111111111111111111111';
const RECIPIENT = '4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T';
const DECOY = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';

function step(stepId: string, prompt: string, overrides: Partial<DynamicStep> = {}): DynamicStep {
  return {
    step_id: stepId,
    critical: true,
    prompt_template: prompt,
    description: prompt,
    required_tools: ['get_account_balance'],
    estimated_time_seconds: 30,
    expected_effects: [],
    depends_on: [],
    weight: 1,
    ...overrides,
  };
}

const effect = (mint: string, direction: ExpectedEffect['direction']): ExpectedEffect => ({
  account_owner: 'wallet',
  mint,
  direction,
  min_delta: 1,
});

function flowPlan(steps: DynamicStep[], atomicMode: AtomicMode = 'Strict', extra: Partial<DynamicFlowPlan> = {}): DynamicFlowPlan {
  return {
    flow_id: `test-flow-${Math.random().toString(36).slice(2)}`,
    user_prompt: 'hand-made plan',
    steps,
    context: { owner: 'wallet', sol_balance: 0, token_balances: {}, token_prices: {}, total_value_usd: 0 },
    metadata: { created_at: new Date().toISOString(), category: 'test', complexity_score: 1, tags: [], version: '1', planner: 'rules' },
    atomic_mode: atomicMode,
    ...extra,
  };
}

const swapTooMuch = step('swap', 'Swap 20 SOL to USDC using Jupiter.', {
  required_tools: ['jupiter_swap'],
  expected_effects: [effect(USDC_MINT, 'increase')],
});
const lendReceived = step('lend', 'Deposit {{swap.received.USDC}} USDC into Jupiter lending.', {
  required_tools: ['jupiter_lend_earn_deposit'],
  expected_effects: [effect(JLUSDC_MINT, 'increase')],
  depends_on: ['swap'],
});
const balance = step('balance', 'Check my wallet balance.', { critical: false });

describe('PingPongExecutor (real LiteSVM, real libSQL, deterministic agent)', () => {
  let reev: TestReev;
  let lastEnv: SolanaEnv | undefined;
  beforeAll(() => {
    reev = createTestReev({
      createEnv: () => {
        lastEnv = new LiteSvmEnv();
        return lastEnv;
      },
    });
  });
  afterAll(() => reev.close());

  it('runs the 4-step flow end to end: the lend deposits exactly what the swap returned', async () => {
    const result = await reev.gateway.executeDynamicFlow(
      'use 50% of my SOL to multiply my USDC 1.5x on Jupiter',
      'USER_WALLET_PUBKEY',
      'deterministic',
    );
    expect(result.status).toBe('completed');
    expect(result.success).toBe(true);
    expect(result.score).toBe(1);
    expect(result.plan.steps.map((s) => s.required_tools[0])).toEqual([
      'get_account_balance',
      'jupiter_swap',
      'jupiter_lend_earn_deposit',
      'get_account_balance',
    ]);

    const execution = await reev.reader.getExecution(result.execution_id);
    expect(execution?.steps).toHaveLength(4);
    expect(execution?.mode).toBe('dynamic');
    const rows = await reev.reader.getConsolidatedSessionsByExecution(result.execution_id);
    expect(rows).toHaveLength(1);
    const content = ConsolidatedContentSchema.parse(rows[0].content);
    expect(content.steps.map((s) => s.step_id)).toEqual(result.plan.steps.map((s) => s.step_id));
    expect(content.metadata.total_steps).toBe(4);
    expect(content.metadata.success_rate).toBe(1);
    expect(content.metadata.original_session_ids).toHaveLength(4);
    expect(result.consolidated_session_id).toBe(rows[0].consolidatedSessionId);

    const swapped = result.step_results[1].output as { deltas: Record<string, number> };
    const lendCall = result.step_results[2].tool_calls.find((call) => call.tool_name === 'jupiter_lend_earn_deposit');
    expect((lendCall?.input as { amount: number }).amount).toBe(swapped.deltas['USDC']);
    expect(swapped.deltas['USDC']).toBeGreaterThan(0);
  });

  it('"lend half of it" deposits half of what the swap really returned', async () => {
    const result = await reev.gateway.executeDynamicFlow('swap 2 SOL to USDC then lend half of it', 'USER_WALLET_PUBKEY', 'deterministic');
    expect(result.success).toBe(true);
    const swapped = (result.step_results[0].output as { deltas: Record<string, number> }).deltas['USDC'] ?? 0;
    const lendCall = result.step_results[1].tool_calls.find((call) => call.tool_name === 'jupiter_lend_earn_deposit');
    expect(swapped).toBe(300_000_000);
    expect((lendCall?.input as { amount: number }).amount).toBe(150_000_000);
  }, 60_000);

  it.each<[AtomicMode, string[], string]>([
    ['Strict', ['failed', 'skipped', 'skipped'], 'failed'],
    ['Lenient', ['failed', 'failed', 'completed'], 'completed'],
    ['Conditional', ['failed', 'skipped', 'completed'], 'completed'],
  ])('a critical step failing for insufficient funds in %s mode', async (mode, statuses, executionStatus) => {
    const result = await reev.gateway.executeFlowPlan(flowPlan([swapTooMuch, lendReceived, balance], mode), 'deterministic');
    expect(result.step_results.map((s) => s.status)).toEqual(statuses);
    expect(result.status).toBe(executionStatus);
    expect(result.score).toBe(0);
    expect(result.success).toBe(false);
    expect(result.step_results[0].tool_calls[0]?.error).toMatch(/insufficient/);
    expect(result.error_message).toMatch(/critical step swap failed/);
    const stored = await reev.reader.getExecution(result.execution_id);
    expect(stored?.steps.map((s) => (s.content as StepResult).status)).toEqual(statuses);
    expect(result.consolidated_session_id).toBeDefined();
  });

  it('a step whose expected on-chain effect is absent fails, although its tool call and transaction succeeded', async () => {
    // The swap really happens; the step also expects jlUSDC to appear, which nothing deposits.
    const swapExpectingShares = step('swap', 'Swap 1 SOL to USDC using Jupiter.', {
      required_tools: ['jupiter_swap'],
      expected_effects: [effect(USDC_MINT, 'increase'), effect(JLUSDC_MINT, 'increase')],
    });
    const result = await reev.gateway.executeFlowPlan(flowPlan([swapExpectingShares]), 'deterministic');
    const swapped = result.step_results[0];
    expect(swapped.tool_calls.map((call) => [call.tool_name, call.status])).toEqual([['jupiter_swap', 'success']]);
    expect(swapped.success).toBe(false);
    expect(swapped.status).toBe('failed');
    expect(swapped.error_message).toBe(`on chain: ${JLUSDC_MINT} balance increased by ≥ 1 (changed by 0)`);
    expect(result.success).toBe(false);
    expect(result.score).toBe(0);
  }, 60_000);

  it('a transfer is verified on the recipient: the deterministic agent passes, an agent paying someone else fails', async () => {
    const prompt = `send 1 SOL to ${RECIPIENT}`;
    const delivered = await reev.gateway.executeDynamicFlow(prompt, 'USER_WALLET_PUBKEY', 'deterministic');
    expect(delivered.success).toBe(true);
    const checks = (delivered.step_results[0].output as { checks: { description: string; passed: boolean }[] }).checks;
    expect(checks).toContainEqual({ description: `on chain: SOL balance of ${RECIPIENT} increased by ≥ 1000000000 (changed by 1000000000)`, passed: true });
    const tokens = await reev.gateway.executeDynamicFlow(`send 2 USDC to ${RECIPIENT}`, 'USER_WALLET_PUBKEY', 'deterministic');
    expect(tokens.success).toBe(true);
    const tokenChecks = (tokens.step_results[0].output as { checks: { description: string; passed: boolean }[] }).checks;
    expect(tokenChecks).toContainEqual({ description: `on chain: ${USDC_MINT} balance of ${RECIPIENT} increased by ≥ 2000000 (changed by 2000000)`, passed: true });

    // Pays the right amount from the right wallet, to the wrong address: the sender's side alone looks fine.
    const deterministic = new DeterministicAgent();
    const misdirecting: Agent = {
      name: 'misdirecting',
      runStep: (request) => deterministic.runStep({ ...request, prompt: request.prompt.replace(RECIPIENT, DECOY) }),
    };
    const misdirected = await reev.gateway.executeDynamicFlow(prompt, 'USER_WALLET_PUBKEY', misdirecting);
    const sent = misdirected.step_results[0];
    expect(sent.tool_calls.map((call) => [call.tool_name, call.status])).toEqual([['sol_transfer', 'success']]);
    expect(sent.success).toBe(false);
    expect(sent.error_message).toBe(`on chain: SOL balance of ${RECIPIENT} increased by ≥ 1000000000 (changed by 0)`);
    expect(misdirected.success).toBe(false);
  }, 60_000);

  it('Retry re-runs a step and succeeds on the second attempt because the state changed', async () => {
    const funder = {
      pubkey: 'FUNDER_WALLET_PUBKEY',
      owner: SYSTEM,
      lamports: 50_000_000_000,
    };
    const plan = flowPlan([{ ...swapTooMuch, recovery_strategy: { type: 'Retry', attempts: 2 } }]);
    const result = await reev.gateway.executeFlowPlan(plan, 'deterministic', {
      initialState: [...DEFAULT_DYNAMIC_STATE, funder],
      retryBackoffMs: 50,
      events: {
        emit: (event) => {
          if (event.type !== 'step_finished' || event.result.success) return;
          // Another actor tops the wallet up between the attempts, with a real transfer.
          const env = lastEnv!;
          void env.agentContext().then(({ keyMap, wallet }) =>
            env.execute([systemTransfer(keyMap['FUNDER_WALLET_PUBKEY'], wallet, 15_000_000_000n)], {
              signers: [keyMap['FUNDER_WALLET_PUBKEY']],
            }),
          );
        },
      },
    });
    expect(result.step_results.map((s) => [s.attempt, s.success])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(result.success).toBe(true);
    const stored = await reev.reader.getExecution(result.execution_id);
    expect(stored?.steps).toHaveLength(2);
  });

  it('UserFulfillment ends the run in needs_input with its questions', async () => {
    const questions = ['How much SOL should be swapped?'];
    const result = await reev.gateway.executeFlowPlan(
      flowPlan([{ ...swapTooMuch, recovery_strategy: { type: 'UserFulfillment', questions } }, balance]),
      'deterministic',
    );
    expect(result.status).toBe('needs_input');
    expect(result.questions).toEqual(questions);
    expect(result.step_results.map((s) => s.status)).toEqual(['failed', 'skipped']);
    expect((await reev.reader.getExecution(result.execution_id))?.status).toBe('needs_input');
  });

  it('AlternativeFlow runs the named alternative plan in place of the rest', async () => {
    const alternative = flowPlan([step('small_swap', 'Swap 1 SOL to USDC using Jupiter.', { required_tools: ['jupiter_swap'] })], 'Strict', {
      flow_id: 'smaller-swap',
    });
    const result = await reev.gateway.executeFlowPlan(
      flowPlan([{ ...swapTooMuch, recovery_strategy: { type: 'AlternativeFlow', flow_id: 'smaller-swap' } }, balance], 'Strict', {
        alternatives: [alternative],
      }),
      'deterministic',
    );
    expect(result.step_results.map((s) => `${s.step_id}:${s.status}`)).toEqual([
      'swap:failed',
      'small_swap:completed',
      'balance:skipped',
    ]);
    expect(result.status).toBe('completed');
  });

  it('a stop signal cancels the flow: status stopped, completed steps stay stored', async () => {
    const controller = new AbortController();
    const result = await reev.gateway.executeFlowPlan(
      flowPlan([balance, { ...balance, step_id: 'second' }, { ...balance, step_id: 'third' }]),
      'deterministic',
      {
        signal: controller.signal,
        events: { emit: (event) => (event.type === 'step_finished' && event.result.step_id === 'balance' ? controller.abort() : undefined) },
      },
    );
    expect(result.status).toBe('stopped');
    expect(result.score).toBe(0);
    expect(result.step_results[0].status).toBe('completed');
    expect(result.step_results.slice(1).every((s) => s.status === 'stopped' || s.status === 'skipped')).toBe(true);
    expect((await reev.reader.getExecution(result.execution_id))?.steps[0]?.success).toBe(true);
  });

  it('an agent that ignores the timeout is cut off and the step is recorded as timed out', async () => {
    const stalling = {
      name: 'stalling',
      runStep: () => new Promise<never>(() => undefined),
    };
    const result = await reev.gateway.executeFlowPlan(flowPlan([balance]), stalling, { stepTimeoutMs: 20 });
    expect(result.step_results[0].status).toBe('timeout');
    expect(result.step_results[0].error_message).toMatch(/timed out after 20 ms/);
  });
});

describe('consolidation failures never break the execution', () => {
  it('a storage error while consolidating gives score 0 and consolidation_error', async () => {
    const reev = createTestReev();
    const realStore = reev.writer.storeConsolidatedSession.bind(reev.writer);
    reev.writer.storeConsolidatedSession = () => Promise.reject(new Error('disk I/O error (injected)'));
    try {
      const result = await reev.gateway.executeFlowPlan(flowPlan([balance]), new DeterministicAgent());
      expect(result.status).toBe('completed');
      expect(result.score).toBe(0);
      expect(result.consolidation_error).toMatch(/disk I\/O error \(injected\)/);
      expect(result.consolidated_session_id).toBeUndefined();
      const stored = await reev.reader.getExecution(result.execution_id);
      expect(stored?.status).toBe('completed');
      expect(stored?.score).toBe(0);
      expect(stored?.steps).toHaveLength(1);
    } finally {
      reev.writer.storeConsolidatedSession = realStore;
      await reev.close();
    }
  });

  it('a consolidation that does not finish in time gives score 0 and consolidation_error', async () => {
    const reev = createTestReev();
    const realStore = reev.writer.storeConsolidatedSession.bind(reev.writer);
    // The database edge hangs: the consolidated session's write never answers.
    reev.writer.storeConsolidatedSession = () => new Promise(() => undefined);
    try {
      const result = await reev.gateway.executeFlowPlan(flowPlan([balance]), 'deterministic', { consolidationTimeoutMs: 25 });
      expect(result.status).toBe('completed');
      expect(result.score).toBe(0);
      expect(result.consolidation_error).toBe('consolidation timed out after 25 ms');
    } finally {
      reev.writer.storeConsolidatedSession = realStore;
      await reev.close();
    }
  });
});
