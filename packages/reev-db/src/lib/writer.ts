import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { inject, injectable } from 'tsyringe';
import {
  type ConsolidatedContent,
  type ConsolidationMetadata,
  type ExecutionStatus,
  type SessionLog,
  type ToolCallRecord,
} from '@reev/types';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  DEFAULT_DATABASE_URL,
  resolveDatabaseTarget,
  type ConnectionSettings,
  type DatabaseTarget,
  type SqlClient,
} from './connection';
import { claimQueuedExecutions, markInterruptedExecutions } from './crash-recovery';
import { ConstraintError, NotFoundError, ValidationError, type RowRef } from './errors';
import { DEFAULT_INTEGRITY_CHECK_MAX_BYTES } from './integrity';
import type { StatementExecutor } from './executor';
import { readMigrationVersion, type MigrationVersion } from './migrations';
import type { DatabaseOptions } from './options';
import type {
  AgentPerformanceInput,
  BenchmarkInput,
  DatabaseWriterPort,
  ExecutionCompletion,
  ExecutionInput,
  ExecutionStatusUpdate,
  LlmResponseEntry,
  QueuedExecution,
  SessionCompletion,
  SessionInput,
  StepSessionMeta,
  StepWrite,
} from './port';
import { selectConsolidatedSession, selectConsolidatedSessionsByExecution, selectStepSessions } from './queries';
import type { ReadRunner } from './read-pool';
import { DatabaseReader } from './reader';
import { DEFAULT_RETRY_POLICY } from './retry';
import type { StoredConsolidatedSession, StoredLlmResponse, StoredStepSession } from './rows';
import {
  COMPLETE_EXECUTION,
  INSERT_AGENT_PERFORMANCE,
  INSERT_EXECUTION,
  UPSERT_BENCHMARK,
  UPSERT_CONSOLIDATED_SESSION,
  UPSERT_LLM_RESPONSE,
  UPSERT_SESSION_LOG,
  UPSERT_STEP_SESSION,
  UPSERT_TOOL_CALL,
  UPSERT_WRITE_PROBE,
} from './statements';
import { DatabaseStorage, nowIso, type StorageState } from './storage';
import { DATABASE_OPTIONS } from './tokens';
import { TransactionRouter, executionRow } from './transaction-routing';
import {
  encodeJson,
  requireFiniteNumber,
  requireId,
  requireInteger,
} from './validation';
import {
  agentPerformanceArgs,
  consolidatedSessionArgs,
  executionArgs,
  executionStatusArgs,
  sessionArgs,
  sessionCompletionArgs,
  sessionLogArgs,
  stepSessionArgs,
  toolCallArgs,
} from './write-args';
import type { WriteChannel } from './write-channel';
import { runScript } from './statement-script';
import { completeSession, insertSession, storeStepScript, updateExecutionStatus } from './write-scripts';

export type { IntegrityState, OpenedDatabase, StorageState } from './storage';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const sessionRow = (table: string, sessionId: string, extra: Record<string, string> = {}): RowRef => ({
  table,
  key: { session_id: sessionId, ...extra },
  parent: `session ${sessionId}`,
});

/** The serialised reads of a writer without a pool: on the writer connection, in the write queue. */
function serialReads(channel: WriteChannel): ReadRunner {
  return {
    read: (work) => channel.exclusive(work),
    close: () => Promise.resolve(),
  };
}

/**
 * The process-wide writer: ONE connection, ONE write queue, per-execution transactions. Reads (its own
 * and its `reader`'s) share the connection and wait in the same queue. Opens lazily on first use (or on
 * `open()`): creates a file database's directory, sets and checks the PRAGMAs, applies migrations (storage.ts).
 * Which statement runs where (an execution's transaction, the queue, the read connections) is transaction-routing.ts.
 */
@injectable()
export class DatabaseWriter implements DatabaseWriterPort {
  /** Queries for the API and the CLI, on this writer's connections. */
  readonly reader: DatabaseReader;
  protected readonly target: DatabaseTarget;
  protected readonly settings: ConnectionSettings;
  private readonly storage: DatabaseStorage;
  private readonly routing: TransactionRouter;

  constructor(@inject(DATABASE_OPTIONS) options: DatabaseOptions = {}) {
    this.target = resolveDatabaseTarget(options.url ?? DEFAULT_DATABASE_URL);
    this.settings = {
      ...(options.authToken !== undefined ? { authToken: options.authToken } : {}),
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    };
    this.storage = new DatabaseStorage(
      this.target,
      this.settings,
      options.integrityCheckMaxBytes ?? DEFAULT_INTEGRITY_CHECK_MAX_BYTES,
      (channel) => this.createReads(channel),
    );
    this.routing = new TransactionRouter(this.storage);
    this.reader = new DatabaseReader({ read: (row, work) => this.routing.read(row, work) });
  }

  /** Opens the database now instead of on first use, so that a bad URL or a failed migration shows at once. */
  async open(): Promise<void> {
    await this.storage.database();
  }

  /** Statements on the writer connection (opened if needed), outside the write queue; for diagnostics such as integrity checks. */
  async client(): Promise<SqlClient> {
    return (await this.storage.database()).client;
  }

  migrationVersion(): Promise<MigrationVersion> {
    return this.routing.exclusive((executor) => readMigrationVersion(executor));
  }

  async upsertBenchmark(benchmark: BenchmarkInput): Promise<void> {
    const row: RowRef = { table: 'benchmarks', key: { id: String(benchmark.id) } };
    requireId(benchmark.id, row, 'id');
    const args = [
      benchmark.id,
      benchmark.name ?? benchmark.id,
      benchmark.prompt,
      benchmark.content,
      benchmark.contentHash ?? sha256(benchmark.content),
      nowIso(),
    ];
    await this.routing.write(undefined, row, (executor) => executor.run(UPSERT_BENCHMARK, args));
  }

  async createExecution(execution: ExecutionInput): Promise<void> {
    const row = executionRow(String(execution.executionId));
    const args = executionArgs(execution, row);
    await this.routing.write(execution.executionId, row, (executor) => executor.run(INSERT_EXECUTION, args));
  }

  async updateExecutionStatus(
    executionId: string,
    status: ExecutionStatus,
    update: ExecutionStatusUpdate = {},
  ): Promise<void> {
    const row = executionRow(executionId);
    const args = executionStatusArgs(executionId, status, update, row);
    await this.routing.write(executionId, row, (executor) => runScript(updateExecutionStatus(args, row), executor));
  }

  async completeExecution(executionId: string, completion: ExecutionCompletion): Promise<void> {
    const row = executionRow(executionId);
    requireFiniteNumber(completion.score, row, 'score');
    const args = [
      completion.status,
      completion.score,
      encodeJson(completion.result, row, 'result'),
      completion.error ?? null,
      nowIso(),
      executionId,
    ];
    await this.routing.write(executionId, row, async (executor) => {
      if ((await executor.run(COMPLETE_EXECUTION, args)) === 0) throw new NotFoundError('no such execution', { row });
    });
  }

  async createSession(session: SessionInput): Promise<void> {
    const row: RowRef = {
      table: 'execution_sessions',
      key: { session_id: String(session.sessionId) },
      parent: `execution ${session.executionId}`,
    };
    const args = sessionArgs(session, row);
    this.routing.rememberSession(session.sessionId, session.executionId);
    await this.routing.write(session.executionId, row, (executor) => runScript(insertSession(session, args, row), executor));
  }

  async completeSession(sessionId: string, completion: SessionCompletion): Promise<void> {
    const row = sessionRow('execution_sessions', sessionId);
    const args = sessionCompletionArgs(sessionId, completion, row);
    await this.routing.writeForSession(sessionId, row, (executor) => runScript(completeSession(args, row), executor));
  }

  async storeSessionLog(sessionId: string, log: SessionLog): Promise<void> {
    const row = sessionRow('session_logs', sessionId);
    const args = sessionLogArgs(sessionId, log, row);
    await this.routing.writeForSession(sessionId, row, (executor) => executor.run(UPSERT_SESSION_LOG, args));
  }

  async storeToolCall(sessionId: string, call: ToolCallRecord): Promise<void> {
    const row = sessionRow('session_tool_calls', sessionId, { call_id: String(call.call_id) });
    const args = toolCallArgs(sessionId, call, row);
    await this.routing.writeForSession(sessionId, row, (executor) => executor.run(UPSERT_TOOL_CALL, args));
  }

  async insertAgentPerformance(performance: AgentPerformanceInput): Promise<void> {
    const row: RowRef = {
      table: 'agent_performance',
      key: { session_id: String(performance.sessionId) },
      parent: `execution ${performance.executionId}`,
    };
    const args = agentPerformanceArgs(performance, row);
    const work = (executor: StatementExecutor) => executor.run(INSERT_AGENT_PERFORMANCE, args);
    if (performance.executionId !== undefined) await this.routing.write(performance.executionId, row, work);
    else await this.routing.writeForSession(performance.sessionId, row, work);
  }

  async storeStepSession(
    executionId: string,
    stepIndex: number,
    content: unknown,
    meta: StepSessionMeta,
  ): Promise<void> {
    const row: RowRef = {
      table: 'step_sessions',
      key: { execution_id: executionId, step_index: stepIndex },
      parent: `execution ${executionId}`,
    };
    const args = stepSessionArgs(executionId, stepIndex, content, meta, row);
    await this.routing.write(executionId, row, (executor) => executor.run(UPSERT_STEP_SESSION, args));
  }

  async storeStep(step: StepWrite): Promise<void> {
    const { executionId, session, stepIndex } = step;
    const { sessionId } = session;
    // Every row's arguments are checked and encoded before the transaction opens, as each method above does.
    const sessionRef: RowRef = { table: 'execution_sessions', key: { session_id: String(sessionId) }, parent: `execution ${executionId}` };
    if (session.executionId !== executionId) {
      throw new ValidationError(`session.executionId is ${session.executionId}, not ${executionId}`, { row: sessionRef });
    }
    const stepRef: RowRef = { table: 'step_sessions', key: { execution_id: executionId, step_index: stepIndex }, parent: `execution ${executionId}` };
    const logRef = sessionRow('session_logs', sessionId);
    const executionRef = executionRow(executionId);
    const statements = {
      session,
      insertSession: { args: sessionArgs(session, sessionRef), row: sessionRef },
      stepSession: { args: stepSessionArgs(executionId, stepIndex, step.content, step.meta, stepRef), row: stepRef },
      log: { args: sessionLogArgs(sessionId, step.log, logRef), row: logRef },
      toolCalls: step.toolCalls.map((call) => {
        const row = sessionRow('session_tool_calls', sessionId, { call_id: String(call.call_id) });
        return { args: toolCallArgs(sessionId, call, row), row };
      }),
      completion: { args: sessionCompletionArgs(sessionId, step.completion, sessionRef), row: sessionRef },
      status: { args: executionStatusArgs(executionId, step.status, step.statusUpdate, executionRef), row: executionRef },
    };
    this.routing.rememberSession(sessionId, executionId);
    // One transaction of its own for all of them: the same statements, in the order the single methods would run them.
    await this.routing.ownTransaction(executionId, executionRef, () => storeStepScript(statements));
  }

  getSessionsForConsolidation(executionId: string): Promise<StoredStepSession[]> {
    return this.routing.readFor(executionId, { table: 'step_sessions', key: { execution_id: executionId } }, (executor) =>
      selectStepSessions(executor, executionId),
    );
  }

  async storeConsolidatedSession(
    consolidatedId: string,
    executionId: string,
    content: ConsolidatedContent,
    metadata: ConsolidationMetadata,
  ): Promise<void> {
    const row: RowRef = {
      table: 'consolidated_sessions',
      key: { consolidated_session_id: consolidatedId },
      parent: `execution ${executionId}`,
    };
    const args = consolidatedSessionArgs(consolidatedId, executionId, content, metadata, row);
    await this.routing.write(executionId, row, async (executor) => {
      // Re-storing is idempotent, but a consolidated id never moves to another execution: then nothing changes.
      if ((await executor.run(UPSERT_CONSOLIDATED_SESSION, args)) > 0) return;
      const existing = await selectConsolidatedSession(executor, consolidatedId);
      throw new ConstraintError(
        `consolidated session already belongs to execution ${existing?.executionId ?? '(unknown)'}, not ${executionId}`,
        'unique',
        { row },
      );
    });
  }

  getConsolidatedSession(consolidatedId: string): Promise<StoredConsolidatedSession | undefined> {
    return this.reader.getConsolidatedSession(consolidatedId);
  }

  getConsolidatedSessionsByExecution(executionId: string): Promise<StoredConsolidatedSession[]> {
    return this.routing.readFor(
      executionId,
      { table: 'consolidated_sessions', key: { execution_id: executionId } },
      (executor) => selectConsolidatedSessionsByExecution(executor, executionId),
    );
  }

  getLlmResponse(cacheKey: string): Promise<StoredLlmResponse | undefined> {
    return this.reader.getLlmResponse(cacheKey);
  }

  async putLlmResponse(cacheKey: string, entry: LlmResponseEntry): Promise<void> {
    const row: RowRef = { table: 'llm_responses', key: { cache_key: String(cacheKey) } };
    requireId(cacheKey, row, 'cacheKey');
    if (typeof entry !== 'object' || entry === null) throw new ValidationError('entry must be an object', { row });
    requireId(entry.model, row, 'entry.model');
    requireId(entry.baseUrl, row, 'entry.baseUrl');
    requireInteger(entry.turn, row, 'entry.turn');
    const args = [cacheKey, entry.model, entry.baseUrl, entry.turn, encodeJson(entry, row, 'entry'), nowIso()];
    await this.routing.write(undefined, row, (executor) => executor.run(UPSERT_LLM_RESPONSE, args));
  }

  async beginTransaction(executionId: string): Promise<void> {
    requireId(executionId, executionRow(String(executionId)), 'executionId');
    await this.routing.begin(executionId);
  }

  commitTransaction(executionId: string): Promise<void> {
    return this.routing.commit(executionId);
  }

  rollbackTransaction(executionId: string): Promise<void> {
    return this.routing.rollback(executionId);
  }

  transaction<T>(executionId: string, work: () => Promise<T>): Promise<T> {
    return this.routing.transaction(executionId, work);
  }

  claimQueuedExecutions(): Promise<QueuedExecution[]> {
    return this.routing.write(undefined, { table: 'execution_states', key: {} }, claimQueuedExecutions);
  }

  markInterruptedExecutions(): Promise<string[]> {
    return this.routing.write(undefined, { table: 'execution_states', key: {} }, markInterruptedExecutions);
  }

  /** One small committed write through the write queue (the health probe); fails the way a run's write would. */
  async probeWrite(): Promise<void> {
    await this.routing.write(
      undefined,
      { table: 'write_probes', key: { id: 1 } },
      (executor) => executor.run(UPSERT_WRITE_PROBE, [`${hostname()}:${process.pid}`, nowIso()]),
      true,
    );
  }

  /** What this writer has seen of its storage; costs nothing (no statement runs). */
  storageState(): StorageState {
    return this.storage.state();
  }

  /** Rolls back transactions still open, waits for queued writes, closes every connection. */
  close(): Promise<void> {
    return this.storage.close();
  }

  /** Where reads that are not part of a transaction run; PooledDatabaseWriter overrides this. */
  protected createReads(channel: WriteChannel): ReadRunner {
    return serialReads(channel);
  }
}
