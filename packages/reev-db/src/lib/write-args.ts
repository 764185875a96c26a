// The arguments of the writer's statements (statements.ts), in each statement's ?N order, from the caller's input
// once it is checked: a value that cannot be stored fails here, naming the row and the field.
import type { InValue } from '@libsql/client';
import { hostname } from 'node:os';
import {
  ConsolidatedContentSchema,
  ConsolidationMetadataSchema,
  type ConsolidatedContent,
  type ConsolidationMetadata,
  type ExecutionStatus,
  type SessionLog,
  type ToolCallRecord,
} from '@reev/types';
import { ValidationError, type RowRef } from './errors';
import type { AgentPerformanceInput, ExecutionInput, ExecutionStatusUpdate, SessionCompletion, SessionInput, StepSessionMeta } from './port';
import { nowIso } from './storage';
import { encodeJson, requireFiniteNumber, requireId, requireInteger, requireSchema, requireSessionLog, requireToolCall } from './validation';

/** INSERT_EXECUTION's arguments; this process is the owner. */
export function executionArgs(execution: ExecutionInput, row: RowRef): InValue[] {
    requireId(execution.executionId, row, 'executionId');
    requireId(execution.agent, row, 'agent');
    return [
      execution.executionId,
      execution.benchmarkId ?? null,
      execution.agent,
      execution.mode,
      execution.status ?? 'running',
      execution.metadata === undefined ? null : encodeJson(execution.metadata, row, 'metadata'),
      process.pid,
      hostname(),
      nowIso(),
    ];
}

/** UPDATE_EXECUTION_STATUS's arguments. */
export function executionStatusArgs(executionId: string, status: ExecutionStatus, update: ExecutionStatusUpdate, row: RowRef): InValue[] {
    if (update.progress !== undefined) requireFiniteNumber(update.progress, row, 'progress');
    return [
      status,
      nowIso(),
      update.progress !== undefined ? 1 : 0,
      update.progress ?? null,
      update.error !== undefined ? 1 : 0,
      update.error ?? null,
      executionId,
    ];
}

/** COMPLETE_SESSION's arguments. */
export function sessionCompletionArgs(sessionId: string, completion: SessionCompletion, row: RowRef): InValue[] {
    if (completion.score !== undefined) requireFiniteNumber(completion.score, row, 'score');
    return [
      completion.status,
      completion.score !== undefined ? 1 : 0,
      completion.score ?? null,
      completion.content !== undefined ? 1 : 0,
      completion.content === undefined ? null : encodeJson(completion.content, row, 'content'),
      nowIso(),
      sessionId,
    ];
}

/** UPSERT_SESSION_LOG's arguments; the log must be the session's. */
export function sessionLogArgs(sessionId: string, log: SessionLog, row: RowRef): InValue[] {
    requireSessionLog(log, row);
    if (log.session_id !== sessionId) {
      throw new ValidationError(`log.session_id is ${log.session_id}, not ${sessionId}`, { row });
    }
    return [sessionId, encodeJson(log, row, 'log'), nowIso()];
}

/** INSERT_SESSION's arguments. */
export function sessionArgs(session: SessionInput, row: RowRef): InValue[] {
    requireId(session.sessionId, row, 'sessionId');
    requireId(session.executionId, row, 'executionId');
    requireId(session.agent, row, 'agent');
    return [
      session.sessionId,
      session.executionId,
      session.benchmarkId ?? null,
      session.agent,
      session.interface,
      session.prompt ?? null,
      session.status ?? 'running',
      nowIso(),
    ];
}

/** UPSERT_TOOL_CALL's arguments. */
export function toolCallArgs(sessionId: string, call: ToolCallRecord, row: RowRef): InValue[] {
    requireToolCall(call, row);
    return [
      sessionId,
      call.call_id,
      call.tool_name,
      call.started_at,
      call.duration_ms,
      call.input === undefined ? null : encodeJson(call.input, row, 'input'),
      call.output === undefined ? null : encodeJson(call.output, row, 'output'),
      call.status,
      call.error ?? null,
      nowIso(),
    ];
}

/** INSERT_AGENT_PERFORMANCE's arguments. */
export function agentPerformanceArgs(performance: AgentPerformanceInput, row: RowRef): InValue[] {
    requireId(performance.sessionId, row, 'sessionId');
    requireId(performance.benchmarkId, row, 'benchmarkId');
    requireId(performance.agent, row, 'agent');
    requireFiniteNumber(performance.score, row, 'score');
    requireFiniteNumber(performance.executionTimeMs, row, 'executionTimeMs');
    if (typeof performance.passed !== 'boolean') throw new ValidationError('passed must be a boolean', { row });
    return [
      performance.sessionId,
      performance.executionId ?? null,
      performance.benchmarkId,
      performance.agent,
      performance.score,
      performance.finalStatus,
      performance.passed ? 1 : 0,
      performance.executionTimeMs,
      nowIso(),
    ];
}

/** UPSERT_STEP_SESSION's arguments. */
export function stepSessionArgs(executionId: string, stepIndex: number, content: unknown, meta: StepSessionMeta, row: RowRef): InValue[] {
    requireId(executionId, row, 'executionId');
    requireInteger(stepIndex, row, 'stepIndex');
    const encoded = encodeJson(content, row, 'content');
    requireId(meta.stepId, row, 'stepId');
    requireId(meta.sessionId, row, 'sessionId');
    requireInteger(meta.toolCount, row, 'toolCount');
    requireFiniteNumber(meta.score, row, 'score');
    requireFiniteNumber(meta.durationMs, row, 'durationMs');
    return [
      executionId,
      stepIndex,
      meta.stepId,
      meta.sessionId,
      encoded,
      meta.success ? 1 : 0,
      meta.error ?? null,
      meta.toolCount,
      meta.score,
      meta.startedAt,
      meta.durationMs,
      nowIso(),
    ];
}

/** UPSERT_CONSOLIDATED_SESSION's arguments; the content must name this consolidated session and execution. */
export function consolidatedSessionArgs(
  consolidatedId: string,
  executionId: string,
  content: ConsolidatedContent,
  metadata: ConsolidationMetadata,
  row: RowRef,
): InValue[] {
    requireId(consolidatedId, row, 'consolidatedId');
    requireId(executionId, row, 'executionId');
    requireSchema(ConsolidatedContentSchema, content, row, 'content');
    requireSchema(ConsolidationMetadataSchema, metadata, row, 'metadata');
    if (content.consolidated_session_id !== consolidatedId || content.execution_id !== executionId) {
      throw new ValidationError(
        `content names consolidated session ${content.consolidated_session_id} of execution ${content.execution_id}, ` +
          `not ${consolidatedId} of ${executionId}`,
        { row },
      );
    }
    return [
      consolidatedId,
      executionId,
      encodeJson(content, row, 'content'),
      encodeJson(metadata, row, 'metadata'),
      encodeJson(metadata.original_session_ids, row, 'metadata.original_session_ids'),
      metadata.avg_score,
      metadata.total_tools,
      metadata.success_rate,
      metadata.execution_duration_ms,
      nowIso(),
    ];
}
