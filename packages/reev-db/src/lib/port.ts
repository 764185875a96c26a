import type {
  ConsolidatedContent,
  ConsolidationMetadata,
  ExecutionMode,
  ExecutionStatus,
  InterfaceKind,
  SessionLog,
  SessionStatus,
  ToolCallRecord,
} from '@reev/types';
import type { StoredConsolidatedSession, StoredLlmResponse, StoredStepSession } from './rows';

export interface BenchmarkInput {
  id: string;
  /** Defaults to the id. */
  name?: string;
  prompt: string;
  /** The benchmark YAML. */
  content: string;
  /** sha256 hex of `content`; computed when absent. */
  contentHash?: string;
}

export interface ExecutionInput {
  executionId: string;
  benchmarkId?: string;
  agent: string;
  mode: ExecutionMode;
  /** Defaults to 'running'. */
  status?: ExecutionStatus;
  /** Any JSON value. */
  metadata?: unknown;
}

/** An execution a queue stored as `queued` (with what it needs to start) and a new process has taken over. */
export interface QueuedExecution {
  executionId: string;
  benchmarkId?: string;
  agent: string;
  mode: ExecutionMode;
  /** As given to createExecution: for a queue, the request the run is started from. */
  metadata: unknown;
  createdAt: string;
}

export interface ExecutionStatusUpdate {
  /** Fraction done, 0..1. */
  progress?: number;
  error?: string;
}

export interface ExecutionCompletion {
  status: ExecutionStatus;
  score: number;
  /** Any JSON value (null for none). */
  result: unknown;
  /** Absent clears an earlier error. */
  error?: string;
}

export interface SessionInput {
  sessionId: string;
  executionId: string;
  benchmarkId?: string;
  agent: string;
  interface: InterfaceKind;
  /** Defaults to 'running'. */
  status?: SessionStatus;
  prompt?: string;
}

export interface SessionCompletion {
  status: SessionStatus;
  score?: number;
  /** Any JSON value. */
  content?: unknown;
}

export interface AgentPerformanceInput {
  sessionId: string;
  executionId?: string;
  benchmarkId: string;
  agent: string;
  score: number;
  finalStatus: ExecutionStatus;
  executionTimeMs: number;
  /** Whether the run reached its benchmark's min_score (the caller knows the threshold). */
  passed: boolean;
}

export interface StepSessionMeta {
  stepId: string;
  sessionId: string;
  success: boolean;
  error?: string;
  toolCount: number;
  score: number;
  startedAt: string;
  durationMs: number;
}

/**
 * One recorded LLM answer, as an agent's response cache hands it over. The whole object is stored as the row's
 * `entry` JSON; model, base URL and turn are also copied into their own columns.
 */
export interface LlmResponseEntry {
  model: string;
  baseUrl: string;
  /** 1-based turn of the step the answer was recorded at. */
  turn: number;
}

/** One finished step of an execution, stored by DatabaseWriterPort.storeStep in one transaction. */
export interface StepWrite {
  executionId: string;
  stepIndex: number;
  /** The step's session (its executionId must be `executionId`), then completed with `completion`. */
  session: SessionInput;
  completion: SessionCompletion;
  /** The step_sessions row: its content (any JSON value) and columns. */
  content: unknown;
  meta: StepSessionMeta;
  log: SessionLog;
  toolCalls: readonly ToolCallRecord[];
  /** The execution's status once the step is stored (with its progress). */
  status: ExecutionStatus;
  statusUpdate: ExecutionStatusUpdate;
}

/**
 * Everything that writes (and the few reads the executor needs while writing). DatabaseWriter and
 * PooledDatabaseWriter both implement it; depend on this, not on a class.
 */
export interface DatabaseWriterPort {
  /** Insert or update by id. */
  upsertBenchmark(benchmark: BenchmarkInput): Promise<void>;
  /**
   * Idempotent: creating an existing execution changes nothing, except that a `queued` one is claimed by a
   * non-queued create (status set, metadata merged over the queued metadata). Records this process as the owner.
   */
  createExecution(execution: ExecutionInput): Promise<void>;
  updateExecutionStatus(executionId: string, status: ExecutionStatus, update?: ExecutionStatusUpdate): Promise<void>;
  completeExecution(executionId: string, completion: ExecutionCompletion): Promise<void>;
  /** Idempotent for the same execution; a session id already used by another execution is refused. */
  createSession(session: SessionInput): Promise<void>;
  completeSession(sessionId: string, completion: SessionCompletion): Promise<void>;
  /** Insert or replace the session's log. */
  storeSessionLog(sessionId: string, log: SessionLog): Promise<void>;
  /** Insert or replace by (session, call_id). */
  storeToolCall(sessionId: string, call: ToolCallRecord): Promise<void>;
  /** Idempotent per session: a second insert for the same session changes nothing. */
  insertAgentPerformance(performance: AgentPerformanceInput): Promise<void>;
  /** Insert or replace by (execution, step index). */
  storeStepSession(executionId: string, stepIndex: number, content: unknown, meta: StepSessionMeta): Promise<void>;
  /**
   * A finished step in ONE transaction (one commit): createSession, storeStepSession, storeSessionLog, storeToolCall
   * per call, completeSession, updateExecutionStatus — the same rows and checks as those calls, in that order, at the
   * cost of one call. Committed together or not at all.
   */
  storeStep(step: StepWrite): Promise<void>;
  /** The execution's steps, ordered by step index, content parsed. */
  getSessionsForConsolidation(executionId: string): Promise<StoredStepSession[]>;
  /** Insert or replace by consolidated id (which must stay with its execution). */
  storeConsolidatedSession(
    consolidatedId: string,
    executionId: string,
    content: ConsolidatedContent,
    metadata: ConsolidationMetadata,
  ): Promise<void>;
  getConsolidatedSession(consolidatedId: string): Promise<StoredConsolidatedSession | undefined>;
  /** Newest first. */
  getConsolidatedSessionsByExecution(executionId: string): Promise<StoredConsolidatedSession[]>;
  /** The recorded answer stored under the response-cache key, if any. */
  getLlmResponse(cacheKey: string): Promise<StoredLlmResponse | undefined>;
  /** Insert or replace by cache key (recording again overwrites). Belongs to no execution. */
  putLlmResponse(cacheKey: string, entry: LlmResponseEntry): Promise<void>;
  /**
   * Opens a write transaction for the execution. Until commit/rollback, that execution's writes go into
   * it and every other write waits, so do nothing between begin and commit but those writes.
   */
  beginTransaction(executionId: string): Promise<void>;
  commitTransaction(executionId: string): Promise<void>;
  rollbackTransaction(executionId: string): Promise<void>;
  /** begin, run `work`, commit; on an error roll back and rethrow it. */
  transaction<T>(executionId: string, work: () => Promise<T>): Promise<T>;
  /**
   * Executions left 'running'/'queued' by a process that no longer exists (same host, dead pid, or no
   * owner recorded) become 'interrupted'. Returns their ids.
   */
  markInterruptedExecutions(): Promise<string[]>;
  /**
   * Takes over the `queued` executions whose owner process is gone (same rule as markInterruptedExecutions):
   * records this process as their owner and returns them, oldest first, so a queue can start them again.
   * Call it before markInterruptedExecutions, which would otherwise mark them interrupted.
   */
  claimQueuedExecutions(): Promise<QueuedExecution[]>;
  close(): Promise<void>;
}
