import { z } from 'zod';
import { ScoreSchema } from './score';

/** Lifecycle of one execution (one benchmark run or one dynamic flow). Lower-case, as stored. */
export const EXECUTION_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'stopped',
  'timeout',
  'interrupted',
  'needs_input',
] as const;
export const ExecutionStatusSchema = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

/**
 * An execution status as the original reev API sends it: its ExecutionStatus enum serialised by variant name
 * (`Queued` … `Timeout`), which its web client compares exactly. Our two extra states follow the same rule.
 */
export const WIRE_EXECUTION_STATUSES = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  stopped: 'Stopped',
  timeout: 'Timeout',
  interrupted: 'Interrupted',
  needs_input: 'NeedsInput',
} as const satisfies Record<ExecutionStatus, string>;
export type WireExecutionStatus = (typeof WIRE_EXECUTION_STATUSES)[ExecutionStatus];

/** The status as it goes out over HTTP and in the CLI's JSON; the database keeps the lower-case one. */
export function wireExecutionStatus(status: ExecutionStatus): WireExecutionStatus {
  return WIRE_EXECUTION_STATUSES[status];
}

export const SESSION_STATUSES = ['running', 'completed', 'failed', 'stopped', 'timeout', 'interrupted'] as const;
export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const TOOL_CALL_STATUSES = ['success', 'error', 'timeout'] as const;
export const ToolCallStatusSchema = z.enum(TOOL_CALL_STATUSES);
export type ToolCallStatus = z.infer<typeof ToolCallStatusSchema>;

export const ExecutionModeSchema = z.enum(['static', 'dynamic']);
export type ExecutionMode = z.infer<typeof ExecutionModeSchema>;

export const InterfaceKindSchema = z.enum(['cli', 'api', 'library']);
export type InterfaceKind = z.infer<typeof InterfaceKindSchema>;

/** One tool call as recorded: what the agent asked for and what came back. */
export const ToolCallRecordSchema = z.object({
  tool_name: z.string(),
  /** Identifier the agent gave the call (LLM tool_call id), or a generated one. */
  call_id: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  status: ToolCallStatusSchema,
  error: z.string().optional(),
  started_at: z.string(),
  duration_ms: z.number().nonnegative(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

/** What an LLM agent's step cost: tokens, model calls, waiting time and (with a price table) money. */
export const StepUsageSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  llm_calls: z.number().int().nonnegative(),
  latency_ms: z.number().nonnegative(),
  cost_usd: z.number().nonnegative().optional(),
});
export type StepUsage = z.infer<typeof StepUsageSchema>;

export const StepStatusSchema = z.enum(['completed', 'failed', 'skipped', 'timeout', 'stopped', 'needs_input']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** The outcome of one step, as the executor stores it the moment the step ends. */
export const StepResultSchema = z.object({
  step_id: z.string(),
  step_index: z.number().int().nonnegative(),
  status: StepStatusSchema,
  success: z.boolean(),
  score: ScoreSchema,
  error_message: z.string().optional(),
  tool_calls: z.array(ToolCallRecordSchema),
  /** Step-specific output (e.g. verified balance deltas, the agent's final message). */
  output: z.unknown(),
  attempt: z.number().int().positive().default(1),
  started_at: z.string(),
  execution_time_ms: z.number().nonnegative(),
  /** Present for steps an LLM agent took. */
  usage: StepUsageSchema.optional(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const ExecutionResultSchema = z.object({
  execution_id: z.string(),
  flow_id: z.string(),
  status: ExecutionStatusSchema,
  success: z.boolean(),
  score: ScoreSchema,
  completed_steps: z.number().int().nonnegative(),
  total_steps: z.number().int().nonnegative(),
  step_results: z.array(StepResultSchema),
  consolidated_session_id: z.string().optional(),
  consolidation_error: z.string().optional(),
  execution_time_ms: z.number().nonnegative(),
  error_message: z.string().optional(),
  /** Set when the run ended in needs_input (UserFulfillment recovery). */
  questions: z.array(z.string()).optional(),
});
export type ExecutionResult = z.infer<typeof ExecutionResultSchema>;
