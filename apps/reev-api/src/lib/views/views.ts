import type { ExecutionDetail, StoredConsolidatedSession, StoredExecution, StoredStepSession } from '@reev/db';
import { minScoreOf, PASS_RULE, type LoadedBenchmark, type PassVerdict } from '@reev/lib';
import { isDynamicTestCase, StepResultSchema, wireExecutionStatus, type ToolCallRecord } from '@reev/types';
import { isActive, type LiveRun } from '../runs/live-run';
import { PassVerdictSchema } from '../response-schemas';

/** The original API's ToolCallSummary, from a recorded tool call. */
export function toolCallSummary(call: ToolCallRecord) {
  return {
    tool_name: call.tool_name,
    call_id: call.call_id,
    timestamp: call.started_at,
    // Whole milliseconds, as the original's ToolCallSummary (u64).
    duration_ms: Math.round(call.duration_ms),
    success: call.status === 'success',
    status: call.status,
    error: call.error ?? null,
    params: call.input,
    result_data: call.output,
    tool_args: JSON.stringify(call.input ?? null),
  };
}

export function benchmarkInfo(benchmark: LoadedBenchmark) {
  const testCase = benchmark.testCase;
  return {
    id: testCase.id,
    description: testCase.description,
    tags: testCase.tags,
    prompt: testCase.prompt,
    flow_type: isDynamicTestCase(testCase) ? ('dynamic' as const) : ('static' as const),
    steps: testCase.flow && testCase.flow.length > 0 ? testCase.flow.length : 1,
    min_score: minScoreOf(testCase),
    pass_rule: PASS_RULE,
  };
}

export function recentExecution(execution: StoredExecution) {
  return {
    execution_id: execution.executionId,
    agent_type: execution.agent,
    status: wireExecutionStatus(execution.status),
    created_at: execution.createdAt,
    score: execution.score ?? null,
  };
}

export function recentLiveRun(run: LiveRun) {
  return { execution_id: run.executionId, agent_type: run.agent, status: wireExecutionStatus(run.status), created_at: run.createdAt, score: run.score ?? null };
}

/** The stored step row with the status of the StepResult it holds. */
export function executionStep(step: StoredStepSession) {
  const content = StepResultSchema.safeParse(step.content);
  return {
    step_index: step.stepIndex,
    step_id: step.stepId,
    session_id: step.sessionId,
    status: content.success ? content.data.status : step.success ? 'completed' : 'failed',
    success: step.success,
    score: step.score,
    error: step.error ?? null,
    tool_count: step.toolCount,
    started_at: step.startedAt,
    duration_ms: step.durationMs,
    usage: content.success ? (content.data.usage ?? null) : null,
  };
}

/** The pass verdict a stored run result carries (static and dynamic runs both store `pass`). */
function passOf(result: unknown): PassVerdict | null {
  const parsed = PassVerdictSchema.safeParse(typeof result === 'object' && result !== null && 'pass' in result ? result.pass : undefined);
  return parsed.success ? parsed.data : null;
}

function consolidatedIdOf(result: unknown): string | null {
  if (typeof result !== 'object' || result === null || !('consolidated_session_id' in result)) return null;
  const id = result.consolidated_session_id;
  return typeof id === 'string' ? id : null;
}

/**
 * The original API's ExecutionState. A run this process is executing (or still has queued) reports its live
 * status; everything stored (steps as they end, progress, result) comes from the database.
 */
export function executionState(stored: ExecutionDetail | undefined, live: LiveRun | undefined) {
  const running = live !== undefined && isActive(live);
  if (stored === undefined) {
    if (live === undefined) throw new Error('executionState needs a stored or a live execution');
    return {
      execution_id: live.executionId,
      benchmark_id: live.benchmarkId ?? null,
      agent: live.agent,
      mode: live.mode,
      status: wireExecutionStatus(live.status),
      is_running: running,
      progress: 0,
      score: live.score ?? null,
      error_message: live.error ?? null,
      created_at: live.createdAt,
      updated_at: live.updatedAt,
      completed_at: live.finishedAt ?? null,
      consolidated_session_id: null,
      steps: [],
      pass: null,
      result_data: null,
      metadata: null,
    };
  }
  // A run this process saw end while its row still says queued/running: storing the end failed (a full disk, …) and
  // is retried; until then this process's word is the truth.
  const endNotStored = live !== undefined && !running && (stored.status === 'running' || stored.status === 'queued');
  return {
    execution_id: stored.executionId,
    benchmark_id: stored.benchmarkId ?? null,
    agent: stored.agent,
    mode: stored.mode,
    // The database says `running` from the moment the executor created the row; only this process knows "queued".
    status: wireExecutionStatus(running || endNotStored ? live.status : stored.status),
    is_running: running || (!endNotStored && (stored.status === 'running' || stored.status === 'queued')),
    progress: stored.progress,
    score: endNotStored ? (live.score ?? null) : (stored.score ?? null),
    error_message: endNotStored ? (live.error ?? null) : (stored.error ?? null),
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
    completed_at: stored.completedAt ?? null,
    consolidated_session_id: consolidatedIdOf(stored.result),
    steps: stored.steps.map(executionStep),
    pass: passOf(stored.result),
    result_data: stored.result,
    metadata: stored.metadata,
  };
}

export function consolidationSummary(session: StoredConsolidatedSession) {
  return {
    avg_score: session.avgScore,
    total_tools: session.totalTools,
    success_rate: session.successRate,
    execution_duration_ms: Math.round(session.executionDurationMs),
    session_count: session.originalSessionIds.length,
    usage: session.content.metadata.usage ?? null,
  };
}

export function consolidatedSessionResponse(session: StoredConsolidatedSession) {
  const metadata = session.content.metadata;
  return {
    session_id: session.consolidatedSessionId,
    execution_id: session.executionId,
    content: session.content,
    metadata: consolidationSummary(session),
    created_at: session.createdAt,
    success: metadata.failed_steps === 0 && metadata.skipped_steps === 0,
  };
}
