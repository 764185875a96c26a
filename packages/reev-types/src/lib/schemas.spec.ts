import { DynamicFlowPlanSchema, EXECUTION_STATUSES, StepResultSchema, TestCaseSchema, wireExecutionStatus } from '../index';

describe('shared schemas', () => {
  it('names the field that is wrong', () => {
    const result = TestCaseSchema.safeParse({ id: 'x', prompt: 'p', initial_state: [{ pubkey: 'A', owner: 'B', lamports: 'lots' }], ground_truth: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['initial_state', 0, 'lamports']);
  });

  it('keeps scores on the 0..1 scale', () => {
    const step = { step_id: 's', step_index: 0, status: 'completed', success: true, tool_calls: [], output: null, started_at: 'now', execution_time_ms: 1 };
    expect(StepResultSchema.safeParse({ ...step, score: 1 }).success).toBe(true);
    expect(StepResultSchema.safeParse({ ...step, score: 75 }).success).toBe(false);
  });

  it('rejects a plan with no steps or an unknown tool', () => {
    const plan = {
      flow_id: 'f',
      user_prompt: 'p',
      steps: [],
      context: { owner: 'o', sol_balance: 0, token_balances: {}, token_prices: {}, total_value_usd: 0 },
      metadata: { created_at: 'now', category: 'c', complexity_score: 1 },
    };
    expect(DynamicFlowPlanSchema.safeParse(plan).success).toBe(false);
    const step = { step_id: 's', prompt_template: 'x', required_tools: ['teleport'] };
    expect(DynamicFlowPlanSchema.safeParse({ ...plan, steps: [step] }).error?.issues[0]?.path).toEqual(['steps', 0, 'required_tools', 0]);
    expect(DynamicFlowPlanSchema.safeParse({ ...plan, steps: [{ ...step, required_tools: ['jupiter_swap'] }] }).success).toBe(true);
  });
});

describe('wireExecutionStatus', () => {
  it("names each status as the original's ExecutionStatus variant, our two extra states in the same style", () => {
    expect(EXECUTION_STATUSES.map(wireExecutionStatus)).toEqual([
      'Queued',
      'Running',
      'Completed',
      'Failed',
      'Stopped',
      'Timeout',
      'Interrupted',
      'NeedsInput',
    ]);
  });
});
