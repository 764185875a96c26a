import { z } from 'zod';
import { ScoreSchema } from './score';

/** Amounts in YAML are integers in base units; the original writes token amounts as strings. */
const IntegerLike = z.union(
  [z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)],
  { error: 'expected an integer in base units (a number or a string of digits)' },
);

export const AccountDataSchema = z.object({
  mint: z.string(),
  owner: z.string(),
  amount: IntegerLike.pipe(z.number().int().nonnegative()),
});
export type AccountData = z.infer<typeof AccountDataSchema>;

/**
 * A lending position held by the wallet in `pubkey`, written by the original as
 * `{owner: <Jupiter lend program>, data: {jUSDC_balance: "120000000"}}`: share symbol → share units.
 */
export const LendingPositionDataSchema = z.record(
  z.string().regex(/^[A-Za-z0-9]+_balance$/, 'expected <shareSymbol>_balance'),
  IntegerLike.pipe(z.number().int().nonnegative()),
);
export type LendingPositionData = z.infer<typeof LendingPositionDataSchema>;

/** One account the environment creates before the agent acts. `pubkey` may be a placeholder. */
export const InitialStateItemSchema = z
  .object({
    pubkey: z.string(),
    /** Owning program: System for wallets, SPL Token for token accounts, Jupiter lend for positions. */
    owner: z.string(),
    lamports: z.number().int().nonnegative().optional(),
    data: z.union([AccountDataSchema, LendingPositionDataSchema]).optional(),
  })
  .superRefine((item, ctx) => {
    const isPosition = item.data !== undefined && !('mint' in item.data);
    if (!isPosition && item.lamports === undefined) {
      ctx.addIssue({ code: 'custom', path: ['lamports'], message: 'lamports is required for wallets and token accounts' });
    }
  });
export type InitialStateItem = z.infer<typeof InitialStateItemSchema>;

export const AddressDerivationSchema = z.object({
  type: z.literal('AssociatedTokenAccount'),
  owner: z.string(),
  mint: z.string(),
});
export type AddressDerivation = z.infer<typeof AddressDerivationSchema>;

const weight = z.number().min(0).default(1);

/** The assertion types reev defines and evaluates. */
export const REEV_ASSERTION_TYPES = [
  'SolBalance',
  'SolBalanceChange',
  'TokenAccountBalance',
  'TokenAccountBalanceChange',
  'TotalPortfolioValue',
  'CapitalReserve',
  'LiquidityRatio',
  'MultiPoolDiversification',
] as const;
export type ReevAssertionType = (typeof REEV_ASSERTION_TYPES)[number];

/** An assertion without any condition would always pass; reject it where it is written. */
function requireCondition(conditionKeys: readonly string[]) {
  return (assertion: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const hasCondition = conditionKeys.some((key) =>
      key.endsWith('_not_zero') ? assertion[key] === true : assertion[key] !== undefined,
    );
    if (!hasCondition) {
      const keys = conditionKeys.map((key) => (key.endsWith('_not_zero') ? `${key}: true` : key)).join(', ');
      ctx.addIssue({ code: 'custom', path: [], message: `${String(assertion['type'])} needs at least one of ${keys}` });
    }
  };
}

const BALANCE_CONDITIONS = ['expected', 'expected_gte', 'expected_lte'] as const;
const CHANGE_CONDITIONS = ['expected_change', 'expected_change_gte', 'expected_change_lte', 'expected_change_not_zero'] as const;

export const SolBalanceAssertionSchema = z
  .object({
    type: z.literal('SolBalance'),
    pubkey: z.string(),
    expected: z.number().int().optional(),
    expected_gte: z.number().int().optional(),
    expected_lte: z.number().int().optional(),
    weight,
  })
  .superRefine(requireCondition(BALANCE_CONDITIONS));

export const SolBalanceChangeAssertionSchema = z
  .object({
    type: z.literal('SolBalanceChange'),
    pubkey: z.string(),
    expected_change: z.number().int().optional(),
    expected_change_gte: z.number().int().optional(),
    expected_change_lte: z.number().int().optional(),
    expected_change_not_zero: z.boolean().optional(),
    weight,
  })
  .superRefine(requireCondition(CHANGE_CONDITIONS));

export const TokenAccountBalanceAssertionSchema = z
  .object({
    type: z.literal('TokenAccountBalance'),
    /** A placeholder or address; ignored when address_derivation is given. */
    pubkey: z.string(),
    /** When given, the observed account must hold this mint. */
    mint: z.string().optional(),
    address_derivation: AddressDerivationSchema.optional(),
    expected: IntegerLike.optional(),
    expected_gte: IntegerLike.optional(),
    expected_lte: IntegerLike.optional(),
    /** Compared with the balance at reset: the balance must have changed. */
    expected_change_not_zero: z.boolean().optional(),
    weight,
  })
  .superRefine(requireCondition([...BALANCE_CONDITIONS, 'expected_change_not_zero']));

export const TokenAccountBalanceChangeAssertionSchema = z
  .object({
    type: z.literal('TokenAccountBalanceChange'),
    pubkey: z.string(),
    mint: z.string().optional(),
    address_derivation: AddressDerivationSchema.optional(),
    expected_change: z.number().int().optional(),
    expected_change_gte: z.number().int().optional(),
    expected_change_lte: z.number().int().optional(),
    expected_change_not_zero: z.boolean().optional(),
    weight,
  })
  .superRefine(requireCondition(CHANGE_CONDITIONS));

/**
 * Portfolio assertions, declared by the original's files and never graded there; reev values the wallet at
 * the market's prices. TotalPortfolioValue and CapitalReserve are in lamports of value (SOL at the market
 * price), LiquidityRatio is a share 0..1, MultiPoolDiversification counts lending pools (docs/benchmarks.md).
 */
const portfolioValue = <T extends 'TotalPortfolioValue' | 'CapitalReserve'>(type: T) =>
  z
    .object({
      type: z.literal(type),
      pubkey: z.string(),
      expected: IntegerLike.optional(),
      expected_gte: IntegerLike.optional(),
      expected_lte: IntegerLike.optional(),
      weight,
    })
    .superRefine(requireCondition(BALANCE_CONDITIONS));

export const TotalPortfolioValueAssertionSchema = portfolioValue('TotalPortfolioValue');
export const CapitalReserveAssertionSchema = portfolioValue('CapitalReserve');

const ratio = z.number().min(0).max(1);
export const LiquidityRatioAssertionSchema = z
  .object({
    type: z.literal('LiquidityRatio'),
    pubkey: z.string(),
    expected: ratio.optional(),
    expected_gte: ratio.optional(),
    expected_lte: ratio.optional(),
    weight,
  })
  .superRefine(requireCondition(BALANCE_CONDITIONS));

export const MultiPoolDiversificationAssertionSchema = z
  .object({
    type: z.literal('MultiPoolDiversification'),
    pubkey: z.string(),
    min_pools: z.number().int().min(0).optional(),
    max_pools: z.number().int().min(0).optional(),
    weight,
  })
  .superRefine(requireCondition(['min_pools', 'max_pools']));

/**
 * Assertion types the original benchmark files use but whose meaning was never defined
 * (JupiterLendingPosition). They load, are reported as "not evaluable", and count as failed.
 */
export const ORIGINAL_UNEVALUABLE_ASSERTION_TYPES = ['JupiterLendingPosition'] as const;

export const UnevaluableAssertionSchema = z
  .object({
    type: z.enum(ORIGINAL_UNEVALUABLE_ASSERTION_TYPES),
    pubkey: z.string().optional(),
    weight,
  })
  .loose();

export const FinalStateAssertionSchema = z.discriminatedUnion('type', [
  SolBalanceAssertionSchema,
  SolBalanceChangeAssertionSchema,
  TokenAccountBalanceAssertionSchema,
  TokenAccountBalanceChangeAssertionSchema,
  TotalPortfolioValueAssertionSchema,
  CapitalReserveAssertionSchema,
  LiquidityRatioAssertionSchema,
  MultiPoolDiversificationAssertionSchema,
  UnevaluableAssertionSchema,
]);
export type FinalStateAssertion = z.infer<typeof FinalStateAssertionSchema>;

export const ExpectedAccountSchema = z.object({
  pubkey: z.string(),
  is_signer: z.boolean(),
  is_writable: z.boolean(),
  weight,
});

export const ExpectedInstructionSchema = z.object({
  program_id: z.string(),
  program_id_weight: weight,
  accounts: z.array(ExpectedAccountSchema).default([]),
  /** Base58 instruction data; "..." (or absent) means the data is not scored. */
  data: z.string().optional(),
  data_weight: z.number().min(0).optional(),
});
export type ExpectedInstruction = z.infer<typeof ExpectedInstructionSchema>;

/**
 * A tool the agent must call successfully (the original's `expected_tool_calls`). `arguments` (reev's) states
 * values the call must have been made with: amounts in base units, mints (or token symbols), placeholders. The
 * original's other keys (description, critical, expected_params) load with a warning that they are not graded.
 */
export const ExpectedToolCallSchema = z.object({
  tool_name: z.string().min(1, 'tool_name must not be empty'),
  arguments: z.record(z.string(), z.union([z.string().min(1), z.number().int()])).optional(),
  weight,
});
export type ExpectedToolCall = z.infer<typeof ExpectedToolCallSchema>;

export const GroundTruthSchema = z.object({
  min_score: ScoreSchema.optional(),
  transaction_status: z.enum(['Success', 'Failure']).optional(),
  final_state_assertions: z.array(FinalStateAssertionSchema).default([]),
  expected_instructions: z.array(ExpectedInstructionSchema).default([]),
  expected_tool_calls: z.array(ExpectedToolCallSchema).default([]),
  skip_instruction_validation: z.boolean().default(false),
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

export const FlowStepSchema = z.object({
  step: z.number().int().positive(),
  description: z.string().default(''),
  prompt: z.string().min(1),
  critical: z.boolean().default(true),
  /** Seconds. */
  timeout: z.number().positive().optional(),
  depends_on: z.array(z.string()).default([]),
});
export type FlowStep = z.infer<typeof FlowStepSchema>;

/** Market settings a benchmark may override (simulated Jupiter in the embedded environment). */
export const MarketOverridesSchema = z.object({
  /** USD price per whole token, by symbol or mint. */
  prices_usd: z.record(z.string(), z.number().positive()).optional(),
  /** Slippage the simulated market applies to swaps, in basis points. */
  swap_slippage_bps: z.number().int().min(0).max(10_000).optional(),
  /** Underlying units per share unit for lending, by asset symbol or mint. */
  lend_exchange_rates: z.record(z.string(), z.number().positive()).optional(),
});
export type MarketOverrides = z.infer<typeof MarketOverridesSchema>;

export const TestCaseSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only'),
  description: z.string().default(''),
  tags: z.array(z.string()).default([]),
  flow_type: z.enum(['static', 'dynamic']).optional(),
  initial_state: z.array(InitialStateItemSchema).default([]),
  prompt: z.string().min(1, 'the prompt must not be empty'),
  flow: z.array(FlowStepSchema).optional(),
  market: MarketOverridesSchema.optional(),
  ground_truth: GroundTruthSchema,
});
export type TestCase = z.infer<typeof TestCaseSchema>;

/** Dynamic if flow_type says so or the tag `dynamic` is present. */
export function isDynamicTestCase(testCase: Pick<TestCase, 'flow_type' | 'tags'>): boolean {
  return testCase.flow_type === 'dynamic' || (testCase.flow_type === undefined && testCase.tags.includes('dynamic'));
}

/**
 * What scoring asks the environment to turn into an address: a key by name (a placeholder such as
 * USER_WALLET_PUBKEY or USER_USDC_ATA, or a base58 address, which resolves to itself), optionally with the
 * mint of the token account an assertion talks about; or an associated-token-account derivation.
 */
export type AddressRef = { type: 'Key'; name: string; mint?: string } | AddressDerivation;
