import { z } from 'zod';
import { RESPONSE_CACHE_MODES, type ResponseCacheMode } from '@reev/agent';
import { MAX_PROMPT_LENGTH } from '@reev/orchestrator';
import {
  EXECUTION_STATUSES,
  InitialStateItemSchema,
  StepResultSchema,
  StepUsageSchema,
  ConsolidatedContentSchema,
  SessionLogSchema,
} from '@reev/types';

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

export const AgentConfigSchema = z.object({
  agent_type: AgentNameSchema,
  api_url: HttpUrlSchema.nullish().describe('Base URL of the OpenAI-compatible API (requests go to {api_url}/chat/completions)'),
  api_key: z.string().min(1).max(4096).nullish().describe('Never returned in full: GET shows its last 4 characters'),
  model: z.string().min(1).max(200).nullish().describe('Model id for the `local` agent (else LOCAL_MODEL_NAME)'),
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
export const BenchmarkDetailQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10).describe('recent executions listed (1..100, default 10)'),
});
export const FlowQuerySchema = z.object({ format: z.enum(['json', 'html']).default('json') });
export const ExecutionLogsQuerySchema = z.object({
  execution_id: ExecutionIdSchema.optional().describe('default: the latest execution of the benchmark'),
});
export const FlowLogsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('executions whose sessions are listed, newest first'),
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

// ---- responses (documentation, and checked against real answers in the tests) ----

const StatusSchema = z.enum(EXECUTION_STATUSES);

export const HealthResponseSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  timestamp: z.string(),
  version: z.string(),
  database: z.string().describe('"ok", or why the database cannot be read'),
  runs: z.object({ running: z.number().int(), queued: z.number().int() }),
});

export const PassVerdictSchema = z.object({
  passed: z.boolean(),
  failed_conditions: z.array(z.string()).describe('every pass condition the run failed, in words; empty when it passed'),
});

export const BenchmarkInfoSchema = z.object({
  id: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  prompt: z.string(),
  flow_type: z.enum(['static', 'dynamic']),
  steps: z.number().int(),
  min_score: z.number().describe('the pass mark: ground_truth.min_score, else 0.75 (0.6 for a flow)'),
  pass_rule: z.string().describe('when a run of this benchmark passes, in words'),
});

export const RecentExecutionSchema = z.object({
  execution_id: z.string(),
  agent_type: z.string(),
  status: StatusSchema,
  created_at: z.string(),
  score: z.number().nullable(),
});

export const BenchmarkDetailSchema = BenchmarkInfoSchema.extend({
  recent_executions: z.array(RecentExecutionSchema),
  latest_execution_id: z.string().nullable(),
});

export const ToolCallSummarySchema = z.object({
  tool_name: z.string(),
  call_id: z.string(),
  timestamp: z.string(),
  duration_ms: z.number(),
  success: z.boolean(),
  status: z.enum(['success', 'error', 'timeout']),
  error: z.string().nullable(),
  params: z.unknown(),
  result_data: z.unknown(),
  tool_args: z.string(),
});

export const ExecutionResponseSchema = z.object({
  execution_id: z.string(),
  status: StatusSchema,
  duration_ms: z.number(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  logs: z.array(z.string()),
  tool_calls: z.array(ToolCallSummarySchema),
});

export const ExecuteDirectResultSchema = z.object({
  execution_id: z.string(),
  flow_id: z.string(),
  steps_generated: z.number().int(),
  consolidated_session_id: z.string().nullable(),
  consolidation_error: z.string().nullable(),
  execution_mode: z.literal('direct'),
  prompt_processed: z.string(),
  success: z.boolean(),
  score: z.number(),
  completed_steps: z.number().int(),
  total_steps: z.number().int(),
  questions: z.array(z.string()).nullable(),
  step_results: z.array(StepResultSchema),
  passed: z.boolean(),
  pass: PassVerdictSchema,
});

export const ExecuteDirectResponseSchema = ExecutionResponseSchema.extend({
  result: ExecuteDirectResultSchema.nullable().describe('null when the run was stopped before it started'),
});

export const ExecutionStepSchema = z.object({
  step_index: z.number().int(),
  step_id: z.string(),
  session_id: z.string(),
  status: z.string(),
  success: z.boolean(),
  score: z.number(),
  error: z.string().nullable(),
  tool_count: z.number().int(),
  started_at: z.string(),
  duration_ms: z.number(),
  usage: StepUsageSchema.nullable().describe("the LLM agent's tokens, model calls, waiting time and cost in this step; null for agents without a model"),
});

export const ExecutionStateSchema = z.object({
  execution_id: z.string(),
  benchmark_id: z.string().nullable(),
  agent: z.string(),
  mode: z.enum(['static', 'dynamic']).nullable(),
  status: StatusSchema,
  is_running: z.boolean(),
  progress: z.number(),
  score: z.number().nullable(),
  error_message: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
  consolidated_session_id: z.string().nullable(),
  steps: z.array(ExecutionStepSchema),
  pass: PassVerdictSchema.nullable().describe('the pass verdict of a finished run with the conditions it failed; null before it ends'),
  result_data: z.unknown(),
  metadata: z.unknown(),
});

export const StopResponseSchema = z.object({
  execution_id: z.string(),
  status: StatusSchema,
  message: z.string(),
});

export const RepeatedRunStatsSchema = z.object({
  benchmark_id: z.string(),
  runs: z.number().int().describe('stored runs of the benchmark by the agent (n)'),
  passes: z.number().int().describe('runs that reached the benchmark\'s min_score (c)'),
  mean_score: z.number(),
  std_dev_score: z.number().describe('population standard deviation of the scores'),
  pass_at_k: z.number().describe('1 − C(n−c, k) / C(n, k): at least one of k runs passes'),
  pass_hat_k: z.number().describe('C(c, k) / C(n, k): all k runs pass (τ-bench\'s pass^k)'),
  k: z.number().int().describe('k = runs'),
});

export const AgentPerformanceSchema = z.object({
  agent_type: z.string(),
  total_benchmarks: z.number().int(),
  average_score: z.number(),
  success_rate: z.number(),
  best_benchmarks: z.array(z.string()),
  worst_benchmarks: z.array(z.string()),
  results: z.array(
    z.object({
      id: z.string(),
      session_id: z.string(),
      execution_id: z.string().nullable(),
      benchmark_id: z.string(),
      agent_type: z.string(),
      score: z.number(),
      final_status: StatusSchema,
      passed: z.boolean(),
      execution_time_ms: z.number(),
      timestamp: z.string(),
    }),
  ),
  repeated_runs: z.array(RepeatedRunStatsSchema).describe('per benchmark the agent ran, by benchmark id'),
});

export const SavedResponseSchema = z.object({ status: z.literal('saved'), agent_type: z.string() });

export const ConsolidationSummarySchema = z.object({
  avg_score: z.number(),
  total_tools: z.number().int(),
  success_rate: z.number(),
  execution_duration_ms: z.number(),
  session_count: z.number().int(),
  usage: StepUsageSchema.nullable().describe('tokens, model calls, waiting time and cost summed over the steps an LLM agent took; null when none did'),
});

export const ConsolidatedSessionResponseSchema = z.object({
  session_id: z.string(),
  execution_id: z.string(),
  content: ConsolidatedContentSchema,
  metadata: ConsolidationSummarySchema,
  created_at: z.string(),
  success: z.boolean().describe('every step of the run succeeded'),
});

export const ConsolidationStatusSchema = z.object({
  execution_id: z.string(),
  complete: z.boolean(),
  consolidated_session_id: z.string().nullable(),
  status: z.enum(['pending', 'in_progress', 'completed', 'failed']),
  message: z.string(),
  updated_at: z.string(),
  metadata: ConsolidationSummarySchema.nullable(),
});

export const FlowResponseSchema = z.object({
  session_id: z.string(),
  source: z.enum(['consolidated', 'session']),
  execution_id: z.string(),
  diagram: z.string().describe('Mermaid stateDiagram-v2'),
  metadata: z.object({
    state_count: z.number().int(),
    tool_count: z.number().int(),
    execution_time_ms: z.number(),
    benchmark_id: z.string().optional(),
  }),
  tool_calls: z.array(ToolCallSummarySchema),
  sessions: z.array(z.unknown()),
});

export const FlowLogsResponseSchema = z.object({
  benchmark_id: z.string(),
  sessions: z.array(
    z.object({
      session_id: z.string(),
      execution_id: z.string(),
      agent_type: z.string(),
      interface: z.string(),
      status: z.string(),
      score: z.number().nullable(),
      started_at: z.string(),
      ended_at: z.string().nullable(),
      is_running: z.boolean(),
      log_content: SessionLogSchema.nullable(),
    }),
  ),
});

export const ExecutionLogsResponseSchema = z.object({
  benchmark_id: z.string(),
  execution_id: z.string(),
  agent_type: z.string(),
  interface: z.string(),
  status: StatusSchema,
  final_status: StatusSchema,
  trace: z.string().describe('ASCII tree of the run'),
  is_running: z.boolean(),
  progress: z.number(),
  result: z.unknown(),
});

export const TransactionLogsResponseSchema = z.object({
  benchmark_id: z.string(),
  execution_id: z.string(),
  format: z.enum(['yaml', 'plain']),
  show_cu: z.boolean(),
  is_running: z.boolean(),
  message: z.string(),
  transaction_logs: z.string(),
  transactions: z.array(
    z.object({
      step_index: z.number().int(),
      step_id: z.string(),
      signature: z.string(),
      status: z.string(),
      error: z.string().nullable(),
      compute_units: z.number().int(),
      fee_lamports: z.number().int(),
      logs: z.array(z.string()),
    }),
  ),
});

export const UpsertYmlResponseSchema = z.object({
  success: z.literal(true),
  benchmark_id: z.string(),
  created: z.boolean(),
  file: z.string(),
  message: z.string(),
  warnings: z.array(z.string()),
});

export const ErrorResponseSchema = z.object({
  error: z.string(),
  message: z.string(),
  timestamp: z.string(),
});
