import type { DatabaseWriterPort } from '@reev/db';
import type { InterfaceKind, SessionLog, StepResult } from '@reev/types';

export interface StepRecord {
  executionId: string;
  sessionId: string;
  benchmarkId?: string;
  agent: string;
  interfaceKind: InterfaceKind;
  prompt: string;
  result: StepResult;
  log: SessionLog;
  /** The execution's progress (0..1) once this step is stored, written in the same transaction. */
  progress: number;
}

/**
 * Stores one finished step — its session, step row, log, tool calls and the execution's progress — in ONE
 * transaction (one commit per step, one writer call), so a crash
 * loses at most the step in flight and a storage error leaves nothing half-written.
 */
export async function storeStep(writer: DatabaseWriterPort, record: StepRecord): Promise<void> {
  const { executionId, sessionId, result } = record;
  await writer.storeStep({
    executionId,
    stepIndex: result.step_index,
    session: {
      sessionId,
      executionId,
      ...(record.benchmarkId !== undefined ? { benchmarkId: record.benchmarkId } : {}),
      agent: record.agent,
      interface: record.interfaceKind,
      prompt: record.prompt,
    },
    completion: {
      status: sessionStatusOf(result),
      score: result.score,
      content: { step_id: result.step_id, status: result.status },
    },
    content: result,
    meta: {
      stepId: result.step_id,
      sessionId,
      success: result.success,
      ...(result.error_message !== undefined ? { error: result.error_message } : {}),
      toolCount: result.tool_calls.length,
      score: result.score,
      startedAt: result.started_at,
      durationMs: result.execution_time_ms,
    },
    log: record.log,
    toolCalls: result.tool_calls,
    status: 'running',
    statusUpdate: { progress: record.progress },
  });
}

function sessionStatusOf(result: StepResult): 'completed' | 'failed' | 'timeout' | 'stopped' {
  switch (result.status) {
    case 'completed':
      return 'completed';
    case 'timeout':
      return 'timeout';
    case 'stopped':
      return 'stopped';
    default:
      return 'failed';
  }
}
