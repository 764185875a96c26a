// Response bodies: the OpenAPI document describes them, and the tests check real answers against them.
import { z } from 'zod';
import { EXECUTION_STATUSES, WIRE_EXECUTION_STATUSES, StepResultSchema, StepUsageSchema, ConsolidatedContentSchema, SessionLogSchema } from '@reev/types';

/** Execution statuses as the original API sends them: Queued, Running, Completed, …; see wireExecutionStatus. */
const StatusSchema = z.enum(Object.values(WIRE_EXECUTION_STATUSES));
/** As stored; only GET /executions/{id} sends it, because the original's CURL.md compares it in lower case. */
export const LowerCaseExecutionStatusSchema = z.enum(EXECUTION_STATUSES);

export const HealthResponseSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']).describe('unhealthy (503): writes cannot succeed; degraded (200): they can, but see reasons'),
  timestamp: z.string(),
  version: z.string(),
  database: z.string().describe('"ok", or the reasons joined into one line'),
  reasons: z.array(z.string()).describe('why it is not healthy, one sentence each'),
  checks: z.object({
    write: z
      .object({ ok: z.boolean(), at: z.string(), latency_ms: z.number(), error: z.string().nullable() })
      .nullable()
      .describe('the latest write probe (a real committed write, at most once a second); null before the first ends'),
    free_bytes: z.number().nullable().describe("free space of the database's directory; null for :memory: and servers"),
    integrity: z.string().describe('ok | checking | unchecked | damaged | check_failed (PRAGMA quick_check)'),
    lock_wait_ms: z.number().describe("how long the write in progress has waited for another process's lock"),
  }),
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
  duration_ms: z.number().int(),
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
  duration_ms: z.number().int().describe('whole milliseconds, as the original'),
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
  execution_mode: z.enum(['direct', 'bridge', 'recovery']),
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

export const ExecuteDirectMetadataSchema = z.object({
  tool_count: z.number().int(),
  agent: z.string(),
  execution_mode: z.enum(['direct', 'bridge', 'recovery']),
  flow_id: z.string().nullable(),
  wallet: z.string(),
  atomic_mode: z.enum(['Strict', 'Lenient', 'Conditional']).nullable().describe('the mode the plan ran in'),
});

export const ExecuteDirectResponseSchema = ExecutionResponseSchema.extend({
  result: ExecuteDirectResultSchema.extend({
    consolidation_enabled: z.literal(true).describe("the original's flag: every run is consolidated"),
    tool_calls: z.array(ToolCallSummarySchema).describe("the answer's tool_calls again, where the original also had them"),
    yml_file: z.string().optional().describe('execute-bridge: the plan written as YAML'),
    recovery_enabled: z.literal(true).optional().describe('execute-recovery'),
    recovery_config: z.unknown().optional().describe('execute-recovery: the recovery settings applied'),
  })
    .nullable()
    .describe('null when the run was stopped before it started'),
  metadata: ExecuteDirectMetadataSchema,
});

export const AgentTestResponseSchema = z.object({
  status: z.enum(['success', 'error']),
  message: z.string(),
  endpoint: z.string().nullable().describe('the URL asked (null when nothing could be asked)'),
  models: z.array(z.string()).describe('model ids the endpoint listed'),
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
      execution_time_ms: z.number().int(),
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
  execution_duration_ms: z.number().int(),
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
    execution_time_ms: z.number().int(),
    benchmark_id: z.string().describe("the benchmark's id; for a free request (execute-direct) its flow id"),
    session_id: z.string().describe('the consolidated session (or single session) the diagram is drawn from'),
    flow_id: z.string().nullable().describe("a dynamic run's plan id"),
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
