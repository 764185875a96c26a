import type {
  ConsolidatedContent,
  ConsolidationMetadata,
  SessionLog,
  StepResult,
  ToolCallRecord,
} from '@reev/types';
import type { StepSessionMeta } from '../port';

export function toolCall(callId: string, overrides: Partial<ToolCallRecord> = {}): ToolCallRecord {
  return {
    tool_name: 'sol_transfer',
    call_id: callId,
    input: { user_pubkey: 'USER', recipient_pubkey: 'RECIPIENT', amount: 0.1 },
    output: { signature: `sig-${callId}`, lamports: 100_000_000, nested: { ok: true, list: [1, 'two', null] } },
    status: 'success',
    started_at: '2026-01-01T00:00:00.000Z',
    duration_ms: 12.5,
    ...overrides,
  };
}

export function stepResult(stepIndex: number, overrides: Partial<StepResult> = {}): StepResult {
  return {
    step_id: `step-${stepIndex}`,
    step_index: stepIndex,
    status: 'completed',
    success: true,
    score: 1,
    tool_calls: [toolCall(`call-${stepIndex}`)],
    output: { final_message: `done ${stepIndex}`, deltas: { sol: -0.1, usdc: 15.25 } },
    attempt: 1,
    started_at: `2026-01-01T00:00:0${stepIndex % 10}.000Z`,
    execution_time_ms: 40 + stepIndex,
    ...overrides,
  };
}

export function stepMeta(step: StepResult, sessionId: string): StepSessionMeta {
  return {
    stepId: step.step_id,
    sessionId,
    success: step.success,
    ...(step.error_message !== undefined ? { error: step.error_message } : {}),
    toolCount: step.tool_calls.length,
    score: step.score,
    startedAt: step.started_at,
    durationMs: step.execution_time_ms,
  };
}

export function sessionLog(sessionId: string, executionId: string): SessionLog {
  return {
    session_id: sessionId,
    execution_id: executionId,
    benchmark_id: '001-sol-transfer',
    agent: 'deterministic',
    prompt: 'send 0.1 SOL',
    started_at: '2026-01-01T00:00:00.000Z',
    ended_at: '2026-01-01T00:00:01.000Z',
    events: [{ at: '2026-01-01T00:00:00.500Z', kind: 'tool', message: 'sol_transfer', data: { amount: 0.1 } }],
    tool_calls: [toolCall('call-0')],
    final_message: 'sent',
    score: 1,
    success: true,
  };
}

export function consolidated(
  consolidatedId: string,
  executionId: string,
  steps: StepResult[],
): { content: ConsolidatedContent; metadata: ConsolidationMetadata } {
  const successful = steps.filter((step) => step.success).length;
  const metadata: ConsolidationMetadata = {
    successful_steps: successful,
    failed_steps: steps.length - successful,
    skipped_steps: 0,
    total_steps: steps.length,
    success_rate: steps.length === 0 ? 0 : successful / steps.length,
    avg_score: steps.length === 0 ? 0 : steps.reduce((sum, step) => sum + step.score, 0) / steps.length,
    total_tools: steps.reduce((sum, step) => sum + step.tool_calls.length, 0),
    execution_duration_ms: 1234.5,
    original_session_ids: steps.map((step) => `${executionId}-session-${step.step_index}`),
  };
  const content: ConsolidatedContent = {
    execution_id: executionId,
    consolidated_session_id: consolidatedId,
    benchmark_id: '200-jup-swap-then-lend-deposit',
    agent: 'deterministic',
    prompt: 'swap then lend, "quoted" and \\ escaped \n newline',
    steps: steps.map((step) => ({
      step_index: step.step_index,
      step_id: step.step_id,
      session_id: `${executionId}-session-${step.step_index}`,
      status: step.status,
      success: step.success,
      score: step.score,
      ...(step.error_message !== undefined ? { error: step.error_message } : {}),
      tool_calls: step.tool_calls,
      started_at: step.started_at,
      duration_ms: step.execution_time_ms,
    })),
    metadata,
    created_at: '2026-01-01T00:01:00.000Z',
  };
  return { content, metadata };
}
