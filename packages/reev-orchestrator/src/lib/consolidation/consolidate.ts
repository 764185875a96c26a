import { randomUUID } from 'node:crypto';
import type { DatabaseWriterPort } from '@reev/db';
import { averageStepScore } from '@reev/lib';
import { sumUsage } from '../execution/step-usage';
import {
  StepResultSchema,
  type ConsolidatedContent,
  type ConsolidatedStep,
  type ConsolidationMetadata,
} from '@reev/types';

export interface ConsolidationRequest {
  executionId: string;
  benchmarkId?: string;
  agent: string;
  prompt?: string;
  /** Wall time of the whole execution, measured by the executor. */
  executionDurationMs: number;
  timeoutMs: number;
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
  const stored = await writer.getSessionsForConsolidation(request.executionId);
  if (stored.length === 0) return { ok: false, error: `no step sessions stored for execution ${request.executionId}` };

  const steps: ConsolidatedStep[] = stored.map((row) => {
    const step = StepResultSchema.parse(row.content);
    return {
      step_index: row.stepIndex,
      step_id: step.step_id,
      session_id: row.sessionId,
      status: step.status,
      success: step.success,
      score: step.score,
      ...(step.error_message !== undefined ? { error: step.error_message } : {}),
      tool_calls: step.tool_calls,
      started_at: step.started_at,
      duration_ms: step.execution_time_ms,
      ...(step.usage ? { usage: step.usage } : {}),
    };
  });
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
