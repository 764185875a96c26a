import { z } from 'zod';
import { ScoreSchema } from './score';
import { StepStatusSchema, StepUsageSchema, ToolCallRecordSchema } from './execution';

export const ConsolidationMetadataSchema = z.object({
  successful_steps: z.number().int().nonnegative(),
  failed_steps: z.number().int().nonnegative(),
  skipped_steps: z.number().int().nonnegative(),
  total_steps: z.number().int().nonnegative(),
  success_rate: ScoreSchema,
  avg_score: ScoreSchema,
  total_tools: z.number().int().nonnegative(),
  execution_duration_ms: z.number().nonnegative(),
  original_session_ids: z.array(z.string()),
  /** Sum over the steps an LLM agent took; absent when no step used a model. */
  usage: StepUsageSchema.optional(),
});
export type ConsolidationMetadata = z.infer<typeof ConsolidationMetadataSchema>;

export const ConsolidatedStepSchema = z.object({
  step_index: z.number().int().nonnegative(),
  step_id: z.string(),
  session_id: z.string(),
  status: StepStatusSchema,
  success: z.boolean(),
  score: ScoreSchema,
  error: z.string().optional(),
  tool_calls: z.array(ToolCallRecordSchema),
  started_at: z.string(),
  duration_ms: z.number().nonnegative(),
  usage: StepUsageSchema.optional(),
});
export type ConsolidatedStep = z.infer<typeof ConsolidatedStepSchema>;

/** The JSON stored in consolidated_sessions.consolidated_content: one run, every step. */
export const ConsolidatedContentSchema = z.object({
  execution_id: z.string(),
  consolidated_session_id: z.string(),
  benchmark_id: z.string().optional(),
  agent: z.string().optional(),
  prompt: z.string().optional(),
  steps: z.array(ConsolidatedStepSchema),
  metadata: ConsolidationMetadataSchema,
  created_at: z.string(),
});
export type ConsolidatedContent = z.infer<typeof ConsolidatedContentSchema>;

export const SessionLogEventSchema = z.object({
  at: z.string(),
  kind: z.string(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type SessionLogEvent = z.infer<typeof SessionLogEventSchema>;

/** The log of one agent session (one step or one single-step benchmark run). */
export const SessionLogSchema = z.object({
  session_id: z.string(),
  execution_id: z.string(),
  benchmark_id: z.string().optional(),
  agent: z.string(),
  prompt: z.string().optional(),
  started_at: z.string(),
  ended_at: z.string().optional(),
  events: z.array(SessionLogEventSchema),
  tool_calls: z.array(ToolCallRecordSchema),
  final_message: z.string().optional(),
  score: ScoreSchema.optional(),
  success: z.boolean().optional(),
});
export type SessionLog = z.infer<typeof SessionLogSchema>;
