import { resolveModelRoute } from '@reev/agent';
import { ModelServer, reply } from '@reev/testing';
import { USDC, WSOL_MINT } from '@reev/types';
import { createTestReev } from '../test-support/test-reev';
import { LlmPlanner, openAiPlanModel } from './llm-planner';
import { PlanningError } from './planner';
import { RuleBasedPlanner } from './rule-based-planner';

const swapThenLend = JSON.stringify({
  atomic_mode: 'Strict',
  category: 'yield',
  steps: [
    { step_id: 'swap', prompt_template: 'Swap 2 SOL to USDC using Jupiter.', required_tools: ['jupiter_swap'] },
    {
      step_id: 'lend',
      prompt_template: 'Deposit {{swap.received.USDC}} USDC into Jupiter lending.',
      required_tools: ['jupiter_lend_earn_deposit'],
      depends_on: ['swap'],
    },
  ],
});

describe('LlmPlanner (real SDK over HTTP to a local scripted model)', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function plannerWith(replies: string[]): Promise<LlmPlanner> {
    server = await ModelServer.start();
    server.enqueue(...replies.map((content) => reply({ content })));
    const route = resolveModelRoute('openai-compatible:scripted', { REEV_OPENAI_COMPATIBLE_URL: server.baseUrl });
    return new LlmPlanner(openAiPlanModel(route), new RuleBasedPlanner());
  }

  it('takes a valid plan and runs it end to end', async () => {
    const planner = await plannerWith([`Here is the plan:\n\`\`\`json\n${swapThenLend}\n\`\`\``]);
    const reev = createTestReev({ planner });
    try {
      const result = await reev.gateway.executeDynamicFlow('earn yield on 2 SOL', 'USER_WALLET_PUBKEY', 'deterministic');
      expect(result.plan.metadata.planner).toBe('llm');
      expect(result.plan.steps.map((step) => step.step_id)).toEqual(['swap', 'lend']);
      expect(result.success).toBe(true);
      expect(server!.chatBodies()[0].messages[1].content).toBe('earn yield on 2 SOL');
    } finally {
      await reev.close();
    }
  });

  it('retries once with the validation error and takes the corrected plan', async () => {
    const invalid = JSON.stringify({ steps: [{ step_id: 'x', prompt_template: 'Teleport', required_tools: ['teleport'] }] });
    const planner = await plannerWith([invalid, swapThenLend]);
    const reev = createTestReev({ planner });
    try {
      const plan = await reev.gateway.processUserRequest('earn yield on 2 SOL');
      expect(plan.metadata.planner).toBe('llm');
      expect(plan.metadata.planner_fallback).toBeUndefined();
      const retry = server!.chatBodies()[1].messages;
      expect(retry.at(-1)!.content).toMatch(/That plan is invalid: invalid plan: steps\.0\.required_tools\.0/);
    } finally {
      await reev.close();
    }
  });

  it('falls back to the rule-based planner after a second invalid plan and records why', async () => {
    const planner = await plannerWith(['not json at all', '{"steps": []}']);
    const reev = createTestReev({ planner });
    try {
      const plan = await reev.gateway.processUserRequest('swap 2 SOL to USDC then lend it');
      expect(plan.metadata.planner).toBe('rules');
      expect(plan.metadata.planner_fallback).toMatch(/attempt 1: the reply contains no JSON object; attempt 2: invalid plan: steps/);
      expect(plan.steps.map((step) => step.required_tools[0])).toEqual(['jupiter_swap', 'jupiter_lend_earn_deposit']);
    } finally {
      await reev.close();
    }
  });

  it('falls back when the model endpoint fails', async () => {
    const planner = await plannerWith([]);
    const plan = await planner.plan('swap 1 SOL to USDC', {
      owner: '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin',
      sol_balance: 5_000_000_000,
      token_balances: {},
      token_prices: { [WSOL_MINT]: 150 },
      total_value_usd: 750,
    }, [USDC]);
    expect(plan.metadata.planner_fallback).toMatch(/model call failed/);
  });

  it('refuses an LLM plan that withdraws from no position or overspends, before anything runs', async () => {
    const withdraw = JSON.stringify({
      steps: [{ step_id: 'out', prompt_template: 'Withdraw 50 USDC from Jupiter lending.', required_tools: ['jupiter_lend_earn_withdraw'] }],
    });
    const overspend = JSON.stringify({
      steps: [{ step_id: 'swap', prompt_template: 'Swap 500 SOL to USDC using Jupiter.', required_tools: ['jupiter_swap'] }],
    });
    const planner = await plannerWith([withdraw, overspend]);
    const reev = createTestReev({ planner });
    try {
      // Both model plans are refused; the rule-based fallback reads the request itself.
      const failure = await reev.gateway.processUserRequest('withdraw all my lending positions').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PlanningError);
      expect((failure as PlanningError).reason).toBe('no_position');
      const retry = server!.chatBodies()[1].messages;
      expect(retry.at(-1)!.content).toMatch(/step out \("Withdraw 50 USDC from Jupiter lending\."\): withdrawing USDC from Jupiter lending: the wallet has no USDC lending position/);
    } finally {
      await reev.close();
    }
  });
});
