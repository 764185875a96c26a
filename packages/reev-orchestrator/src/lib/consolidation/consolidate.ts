import { randomUUID } from 'node:crypto';
import type { DatabaseWriterPort } from '@reev/db';
import { averageStepScore } from '@reev/lib';
import { sumUsage } from '../execution/step-usage';
import {
  StepResultSchema,
  type ConsolidatedContent,
  type ConsolidatedStep,
  type ConsolidationMetadata,
  type StepResult,
  type ToolCallRecord,
} from '@reev/types';

export interface ConsolidationRequest {
  executionId: string;
  benchmarkId?: string;
  agent: string;
  prompt?: string;
  /** Wall time of the whole execution, measured by the executor. */
  executionDurationMs: number;
  timeoutMs: number;
  /**
   * Every step this process stored for the execution, with its session id, in the order stored. Given, the steps are
   * consolidated from these instead of read back: the same content, without a read and a parse of every step.
   */
  storedSteps?: readonly StoredStep[];
}

export interface StoredStep {
  sessionId: string;
  result: StepResult;
}

export type ConsolidationOutcome =
  | { ok: true; consolidatedSessionId: string; content: ConsolidatedContent }
  | { ok: false; error: string };

/**
 * Reads the execution's step sessions back from the database and stores them as one consolidated record.
 * Never throws: a failure or a timeout comes back as `{ ok: false, error }`.
 */
export async function consolidateExecution(
  writer: DatabaseWriterPort,
  request: ConsolidationRequest,
): Promise<ConsolidationOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ConsolidationOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `consolidation timed out after ${request.timeoutMs} ms` }),
      request.timeoutMs,
    );
  });
  try {
    return await Promise.race([buildAndStore(writer, request), timedOut]);
  } catch (error) {
    return { ok: false, error: `consolidation failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

async function buildAndStore(writer: DatabaseWriterPort, request: ConsolidationRequest): Promise<ConsolidationOutcome> {
  const steps = (request.storedSteps && consolidatedStepsInMemory(request.storedSteps)) ?? (await readBackSteps(writer, request));
  if (steps.length === 0) return { ok: false, error: `no step sessions stored for execution ${request.executionId}` };
  const metadata = consolidationMetadata(steps, request.executionDurationMs);
  const consolidatedSessionId = `consolidated-${randomUUID()}`;
  const content: ConsolidatedContent = {
    execution_id: request.executionId,
    consolidated_session_id: consolidatedSessionId,
    ...(request.benchmarkId !== undefined ? { benchmark_id: request.benchmarkId } : {}),
    agent: request.agent,
    ...(request.prompt !== undefined ? { prompt: request.prompt } : {}),
    steps,
    metadata,
    created_at: new Date().toISOString(),
  };
  await writer.transaction(request.executionId, () =>
    writer.storeConsolidatedSession(consolidatedSessionId, request.executionId, content, metadata),
  );
  return { ok: true, consolidatedSessionId, content };
}

async function readBackSteps(writer: DatabaseWriterPort, request: ConsolidationRequest): Promise<ConsolidatedStep[]> {
  const stored = await writer.getSessionsForConsolidation(request.executionId);
  return stored.map((row) => consolidatedStepOf(row.stepIndex, row.sessionId, StepResultSchema.parse(row.content)));
}

/**
 * The steps as a read-back would give them: one per step index (a later store of an index replaces the earlier, as
 * the upsert does), by index, tool calls in the schema's key order. Undefined when a tool call's input or output is
 * undefined: stored JSON drops it and the read-back's parse refuses the row, so only the read-back says what happens.
 */
function consolidatedStepsInMemory(stored: readonly StoredStep[]): ConsolidatedStep[] | undefined {
  const byIndex = new Map<number, StoredStep>();
  for (const step of stored) {
    if (step.result.tool_calls.some((call) => call.input === undefined || call.output === undefined)) return undefined;
    byIndex.set(step.result.step_index, step);
  }
  return [...byIndex.values()]
    .sort((a, b) => a.result.step_index - b.result.step_index)
    .map(({ sessionId, result }) => consolidatedStepOf(result.step_index, sessionId, { ...result, tool_calls: result.tool_calls.map(inSchemaOrder) }));
}

function inSchemaOrder(call: ToolCallRecord): ToolCallRecord {
  return {
    tool_name: call.tool_name,
    call_id: call.call_id,
    input: call.input,
    output: call.output,
    status: call.status,
    ...(call.error !== undefined ? { error: call.error } : {}),
    started_at: call.started_at,
    duration_ms: call.duration_ms,
  };
}

function consolidatedStepOf(stepIndex: number, sessionId: string, step: StepResult): ConsolidatedStep {
  return {
    step_index: stepIndex,
    step_id: step.step_id,
    session_id: sessionId,
    status: step.status,
    success: step.success,
    score: step.score,
    ...(step.error_message !== undefined ? { error: step.error_message } : {}),
    tool_calls: step.tool_calls,
    started_at: step.started_at,
    duration_ms: step.execution_time_ms,
    ...(step.usage ? { usage: step.usage } : {}),
  };
}

export function consolidationMetadata(steps: ConsolidatedStep[], executionDurationMs: number): ConsolidationMetadata {
  const ran = steps.filter((step) => step.status !== 'skipped');
  const successful = ran.filter((step) => step.success).length;
  const skipped = steps.length - ran.length;
  const usage = sumUsage(steps.map((step) => step.usage));
  return {
    successful_steps: successful,
    failed_steps: ran.length - successful,
    skipped_steps: skipped,
    total_steps: steps.length,
    success_rate: steps.length === 0 ? 0 : successful / steps.length,
    avg_score: averageStepScore(steps),
    total_tools: steps.reduce((sum, step) => sum + step.tool_calls.length, 0),
    execution_duration_ms: executionDurationMs,
    original_session_ids: steps.map((step) => step.session_id),
    ...(usage ? { usage } : {}),
  };
}
