// Request bodies, parameters and queries: each route validates its input with these.
import { z } from 'zod';
import { RESPONSE_CACHE_MODES, type ResponseCacheMode } from '@reev/agent';
import { MAX_PROMPT_LENGTH } from '@reev/orchestrator';
import { InitialStateItemSchema } from '@reev/types';

/** Same rule as a benchmark file's `id`: it becomes the file name `<id>.yml`, so no separators or dots first. */
export const SAFE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RECORD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export const BenchmarkIdSchema = z
  .string()
  .max(128, 'a benchmark id has at most 128 characters')
  .regex(SAFE_ID_PATTERN, 'a benchmark id: letters, digits, ".", "_" and "-", starting with a letter or digit')
  .describe('Benchmark id, e.g. 001-sol-transfer');

export const ExecutionIdSchema = z
  .string()
  .max(200, 'an execution id has at most 200 characters')
  .regex(RECORD_ID_PATTERN, 'an execution id: letters, digits, ".", "_", ":" and "-", starting with a letter or digit')
  .describe('Execution id (a UUID unless the client chose one)');

export const SessionIdSchema = z
  .string()
  .max(200, 'a session id has at most 200 characters')
  .regex(RECORD_ID_PATTERN, 'a session id: letters, digits, ".", "_", ":" and "-", starting with a letter or digit')
  .describe('A consolidated session id, an execution id, or a single session id');

export const AgentNameSchema = z
  .string()
  .min(1, 'an agent name is required')
  .max(200, 'an agent name has at most 200 characters')
  // Agent names end up in logs and in the database; control characters have no place there.
  .regex(/^[^\p{Cc}]+$/u, 'an agent name has no control characters')
  .describe('Agent: deterministic, local, glm-4.6, glm-4.6-coding, gpt-*, o1*/o3*/o4*, openai-compatible:<model>');

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** The original web client sends "" for a field left empty; that means "not given". */
function emptyAsAbsent<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema);
}

export const AgentConfigSchema = z.object({
  agent_type: AgentNameSchema,
  api_url: emptyAsAbsent(HttpUrlSchema.nullish()).describe('Base URL of the OpenAI-compatible API (requests go to {api_url}/chat/completions)'),
  api_key: emptyAsAbsent(z.string().max(4096).nullish()).describe(
    'Never returned in full: GET shows its last 4 characters; sending that mask back means the saved key',
  ),
  model: emptyAsAbsent(z.string().max(200).nullish()).describe(
    'Model id; for `local` default LOCAL_MODEL_NAME, else the first model the server lists',
  ),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

export const MaskedAgentConfigSchema = z.object({
  agent_type: z.string(),
  api_url: z.string().nullable(),
  api_key: z.string().nullable().describe('"***" followed by the key\'s last 4 characters'),
  model: z.string().nullable(),
});

export const LlmCacheModeSchema = z
  // z.enum wants a non-empty tuple; the modes are the agent package's one list.
  .enum(RESPONSE_CACHE_MODES as readonly [ResponseCacheMode, ...ResponseCacheMode[]], {
    error: `expected one of ${RESPONSE_CACHE_MODES.join(', ')}`,
  })
  .default('off')
  .describe(
    'Record/replay of the LLM agent\'s model answers in the database: off (default), record, replay (answers only from ' +
      'the recording: no key, no network; a miss fails the step), auto (replay a hit, ask and record a miss). No effect on other agents',
  );

export const RunBenchmarkBodySchema = z.object({
  agent: AgentNameSchema.default('deterministic'),
  config: AgentConfigSchema.nullish(),
  llm_cache: LlmCacheModeSchema,
});

const AtomicModeInputSchema = z
  .enum(['Strict', 'Lenient', 'Conditional', 'strict', 'lenient', 'conditional'])
  .transform((mode) => (mode.charAt(0).toUpperCase() + mode.slice(1).toLowerCase()) as 'Strict' | 'Lenient' | 'Conditional');

export const ExecuteDirectBodySchema = z.object({
  prompt: z
    .string()
    .refine((prompt) => prompt.trim().length > 0, 'the request is empty: say what the agent should do')
    .refine((prompt) => prompt.trim().length <= MAX_PROMPT_LENGTH, `the request is longer than ${MAX_PROMPT_LENGTH} characters`)
    .describe('The request in words, e.g. "swap 1 SOL to USDC then lend it"'),
  wallet: z.string().min(1).max(100).default('USER_WALLET_PUBKEY').describe('A placeholder of the initial state or its address'),
  agent: AgentNameSchema.default('deterministic'),
  execution_id: ExecutionIdSchema.optional(),
  atomic_mode: AtomicModeInputSchema.optional(),
  initial_state: z
    .array(InitialStateItemSchema)
    .min(1)
    .max(100)
    .optional()
    .describe('Accounts funded before planning (default: USER_WALLET_PUBKEY with 10 SOL and 100 USDC)'),
  config: AgentConfigSchema.nullish(),
  llm_cache: LlmCacheModeSchema,
  /** Sent by the original web client; there is no shared validator here, so it changes nothing. */
  shared_surfpool: z.boolean().optional(),
});

export const UpsertYmlBodySchema = z.object({
  yml_content: z.string().min(1, 'yml_content is empty').describe('A benchmark YAML file, validated like one on disk'),
});

export const BenchmarkParamsSchema = z.object({ id: BenchmarkIdSchema });
export const BenchmarkExecutionParamsSchema = z.object({ id: BenchmarkIdSchema, execution_id: ExecutionIdSchema });
export const ExecutionParamsSchema = z.object({ execution_id: ExecutionIdSchema });
export const SessionParamsSchema = z.object({ session_id: SessionIdSchema });
export const ConsolidatedParamsSchema = z.object({ id: SessionIdSchema });
export const LogsParamsSchema = z.object({ benchmark_id: BenchmarkIdSchema });
export const AgentTypeParamsSchema = z.object({ agent_type: AgentNameSchema });

export const LatestStatusQuerySchema = z.object({ agent: AgentNameSchema.optional() });

/** A query count 1..100 written in decimal digits: `0x10`, `1e1` or ` 5` are refused, not read as numbers. */
function decimalLimit(fallback: number) {
  return z
    .string()
    .regex(/^[0-9]{1,3}$/, 'expected a whole number from 1 to 100 in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .default(fallback);
}

export const BenchmarkDetailQuerySchema = z.object({
  limit: decimalLimit(10).describe('recent executions listed (1..100, default 10)'),
});
export const FlowQuerySchema = z.object({ format: z.enum(['json', 'html']).default('json') });
export const ExecutionLogsQuerySchema = z.object({
  execution_id: ExecutionIdSchema.optional().describe('default: the latest execution of the benchmark'),
});
export const FlowLogsQuerySchema = z.object({
  limit: decimalLimit(20).describe('executions whose sessions are listed, newest first'),
});
export const TransactionLogsQuerySchema = z.object({
  execution_id: ExecutionIdSchema.optional().describe('default: the latest execution of the benchmark'),
  format: z.enum(['yaml', 'plain']).default('yaml'),
  show_cu: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('include compute-unit lines'),
});

/** The original's RecoveryConfig; every field optional, defaults as the original's. */
export const RecoveryConfigSchema = z.object({
  base_retry_delay_ms: z.number().int().min(0).max(60_000).default(1000).describe('wait before the first retry of a failed step'),
  max_retry_delay_ms: z.number().int().min(0).max(600_000).default(10_000).describe('longest wait between retries'),
  backoff_multiplier: z.number().min(1).max(10).default(2).describe('each wait is the previous one times this'),
  max_recovery_time_ms: z.number().int().min(0).max(3_600_000).default(30_000).describe('retries of a step stop once their waits would exceed this'),
  enable_alternative_flows: z.boolean().default(true).describe('false: a step with an AlternativeFlow strategy is retried instead'),
  enable_user_fulfillment: z.boolean().default(false).describe('false: a step with a UserFulfillment strategy is retried instead of asking'),
});
export type RecoveryConfig = z.infer<typeof RecoveryConfigSchema>;

export const ExecuteRecoveryBodySchema = ExecuteDirectBodySchema.extend({
  recovery_config: RecoveryConfigSchema.nullish(),
});
