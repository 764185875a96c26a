import { z } from 'zod';
import { ToolNameSchema } from './tool-name';

export const TokenBalanceSchema = z.object({
  balance: z.number().int().nonnegative(),
  decimals: z.number().int().nonnegative(),
  symbol: z.string().optional(),
  /** The token account holding the balance. */
  account: z.string().optional(),
});
export type TokenBalance = z.infer<typeof TokenBalanceSchema>;

/** A wallet as the planner sees it: real balances from the environment and prices from its price source. */
export const WalletContextSchema = z.object({
  owner: z.string(),
  sol_balance: z.number().int().nonnegative(),
  token_balances: z.record(z.string(), TokenBalanceSchema),
  token_prices: z.record(z.string(), z.number().nonnegative()),
  total_value_usd: z.number().nonnegative(),
});
export type WalletContext = z.infer<typeof WalletContextSchema>;

export const AtomicModeSchema = z.enum(['Strict', 'Lenient', 'Conditional']);
export type AtomicMode = z.infer<typeof AtomicModeSchema>;

export const RecoveryStrategySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Retry'), attempts: z.number().int().min(1).max(10) }),
  z.object({ type: z.literal('AlternativeFlow'), flow_id: z.string().min(1) }),
  z.object({ type: z.literal('UserFulfillment'), questions: z.array(z.string().min(1)).min(1) }),
]);
export type RecoveryStrategy = z.infer<typeof RecoveryStrategySchema>;

/**
 * What a step must change on chain for it to count as done; checked against balances read before and after.
 * `min_delta` is in base units of `mint` (or lamports when mint is "SOL"), positive = must rise.
 */
export const ExpectedEffectSchema = z.object({
  account_owner: z.string(),
  mint: z.string(),
  direction: z.enum(['increase', 'decrease']),
  min_delta: z.number().int().nonnegative().default(1),
});
export type ExpectedEffect = z.infer<typeof ExpectedEffectSchema>;

export const DynamicStepSchema = z.object({
  step_id: z.string().min(1),
  critical: z.boolean().default(true),
  /** May reference earlier results as {{step_id.output_amount}} etc. */
  prompt_template: z.string().min(1),
  description: z.string().default(''),
  required_tools: z.array(ToolNameSchema).min(1),
  expected_tools: z.array(ToolNameSchema).optional(),
  recovery_strategy: RecoveryStrategySchema.optional(),
  estimated_time_seconds: z.number().positive().default(30),
  expected_effects: z.array(ExpectedEffectSchema).default([]),
  /** step_ids this step needs; in Conditional mode a step whose dependency failed is skipped. */
  depends_on: z.array(z.string()).default([]),
  weight: z.number().positive().default(1),
});
export type DynamicStep = z.infer<typeof DynamicStepSchema>;

export const FlowPlanMetadataSchema = z.object({
  created_at: z.string(),
  category: z.string(),
  complexity_score: z.number().int().min(1).max(10),
  tags: z.array(z.string()).default([]),
  version: z.string().default('1'),
  planner: z.enum(['rules', 'llm']).default('rules'),
  planner_fallback: z.string().optional(),
});
export type FlowPlanMetadata = z.infer<typeof FlowPlanMetadataSchema>;

export const DynamicFlowPlanSchema = z.object({
  flow_id: z.string().min(1),
  user_prompt: z.string(),
  steps: z.array(DynamicStepSchema).min(1),
  context: WalletContextSchema,
  metadata: FlowPlanMetadataSchema,
  atomic_mode: AtomicModeSchema.default('Strict'),
  /** Plans a step's AlternativeFlow recovery may run, by flow_id. */
  alternatives: z.array(z.lazy((): z.ZodType => DynamicFlowPlanSchema)).optional(),
});
export type DynamicFlowPlan = z.infer<typeof DynamicFlowPlanSchema>;
