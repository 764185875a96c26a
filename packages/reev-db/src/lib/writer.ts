import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { inject, injectable } from 'tsyringe';
import {
  ConsolidatedContentSchema,
  ConsolidationMetadataSchema,
  type ConsolidatedContent,
  type ConsolidationMetadata,
  type ExecutionStatus,
  type SessionLog,
  type ToolCallRecord,
} from '@reev/types';
import {
  Connection,
  DEFAULT_BUSY_TIMEOUT_MS,
  DEFAULT_DATABASE_URL,
  resolveDatabaseTarget,
  type ConnectionSettings,
  type DatabaseTarget,
  type SqlClient,
} from './connection';
import {
  ConstraintError,
  DatabaseCorruptError,
  DatabaseError,
  NotFoundError,
  ValidationError,
  isCorruption,
  isStorageFailure,
  messageOf,
  toDatabaseError,
  type RowRef,
} from './errors';
import {
  DEFAULT_INTEGRITY_CHECK_MAX_BYTES,
  databaseBytes,
  quickCheck,
  quickCheckInBackground,
  type BackgroundCheck,
} from './integrity';
import type { StatementExecutor } from './executor';
import { applyMigrations, readMigrationVersion, type MigrationVersion } from './migrations';
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
} from './port';
import {
  selectConsolidatedSession,
  selectConsolidatedSessionsByExecution,
  selectSessionExecutionId,
  selectStepSessions,
} from './queries';
import type { ReadRunner } from './read-pool';
import { DatabaseReader } from './reader';
import { DEFAULT_RETRY_POLICY } from './retry';
import type { StoredConsolidatedSession, StoredLlmResponse, StoredStepSession } from './rows';
import {
  COMPLETE_EXECUTION,
  COMPLETE_SESSION,
  INSERT_AGENT_PERFORMANCE,
  INSERT_EXECUTION,
  CLAIM_QUEUED_EXECUTION,
  INSERT_SESSION,
  MARK_INTERRUPTED,
  SELECT_QUEUED_EXECUTIONS,
  SELECT_UNFINISHED_EXECUTIONS,
  UPDATE_EXECUTION_STATUS,
  UPSERT_BENCHMARK,
  UPSERT_CONSOLIDATED_SESSION,
  UPSERT_LLM_RESPONSE,
  UPSERT_SESSION_LOG,
  UPSERT_STEP_SESSION,
  UPSERT_TOOL_CALL,
  UPSERT_WRITE_PROBE,
} from './statements';
import { DATABASE_OPTIONS } from './tokens';
import {
  encodeJson,
  requireFiniteNumber,
  requireId,
  requireInteger,
  requireSchema,
  requireSessionLog,
  requireToolCall,
} from './validation';
import { WriteChannel } from './write-channel';

/** What opening produced: the writer connection, its write channel, and where reads go. */
export interface OpenedDatabase {
  target: DatabaseTarget;
  client: SqlClient;
  connection: Connection;
  channel: WriteChannel;
  reads: ReadRunner;
}

/** Whether the file is known to be sound: checked at open, checked in the background, or found damaged. */
export type IntegrityState =
  | { state: 'unchecked'; reason: string }
  | { state: 'checking'; since: string }
  | { state: 'ok'; checkedAt: string }
  | { state: 'damaged'; finding: string }
  | { state: 'check_failed'; reason: string };

/** What the writer has seen of its storage, for DatabaseHealth. */
export interface StorageState {
  target: DatabaseTarget;
  integrity: IntegrityState;
  /** The last write that failed because of the storage (full, read-only, I/O), until a write succeeds again. */
  lastStorageFailure: { message: string; at: string } | undefined;
  /** How long the write in progress has been waiting for another process's lock (0: none is). */
  lockWaitMs: number;
  /** Whether the database is open (a failed open leaves it closed). */
  open: boolean;
}

/** Sessions whose execution this process knows, so session-keyed writes find their transaction without a query. */
const SESSION_MAP_LIMIT = 10_000;

const nowIso = () => new Date().toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const executionRow = (executionId: string): RowRef => ({
  table: 'execution_states',
  key: { execution_id: executionId },
});
const sessionRow = (table: string, sessionId: string, extra: Record<string, string> = {}): RowRef => ({
  table,
  key: { session_id: sessionId, ...extra },
  parent: `session ${sessionId}`,
});

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
 * `open()`): creates a file database's directory, sets and checks the PRAGMAs, applies migrations.
 */
@injectable()
export class DatabaseWriter implements DatabaseWriterPort {
  /** Queries for the API and the CLI, on this writer's connections. */
  readonly reader: DatabaseReader;
  protected readonly target: DatabaseTarget;
  protected readonly settings: ConnectionSettings;
  private opening: Promise<OpenedDatabase> | undefined;
  private closed = false;
  private readonly sessionExecutions = new Map<string, string>();
  /** The execution whose transaction() work is running in this async context. */
  private readonly transactionScope = new AsyncLocalStorage<string>();
  private readonly integrityCheckMaxBytes: number;
  private integrity: IntegrityState = { state: 'unchecked', reason: 'not opened yet' };
  /** Set once the file is known to be damaged: every later write is refused with it. */
  private damage: DatabaseCorruptError | undefined;
  private lastStorageFailure: StorageState['lastStorageFailure'];
  private backgroundCheck: BackgroundCheck | undefined;
  private opened: OpenedDatabase | undefined;

  constructor(@inject(DATABASE_OPTIONS) options: DatabaseOptions = {}) {
    this.target = resolveDatabaseTarget(options.url ?? DEFAULT_DATABASE_URL);
    this.settings = {
      ...(options.authToken !== undefined ? { authToken: options.authToken } : {}),
      busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    };
    this.integrityCheckMaxBytes = options.integrityCheckMaxBytes ?? DEFAULT_INTEGRITY_CHECK_MAX_BYTES;
    this.reader = new DatabaseReader({ read: (row, work) => this.read(row, work) });
  }

  /** Opens the database now instead of on first use, so that a bad URL or a failed migration shows at once. */
  async open(): Promise<void> {
    await this.database();
  }

  /** Statements on the writer connection (opened if needed), outside the write queue; for diagnostics such as integrity checks. */
  async client(): Promise<SqlClient> {
    return (await this.database()).client;
  }

  async migrationVersion(): Promise<MigrationVersion> {
    const { channel } = await this.database();
    return channel.exclusive((executor) => readMigrationVersion(executor));
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
    await this.write(undefined, row, (executor) => executor.run(UPSERT_BENCHMARK, args));
  }

  async createExecution(execution: ExecutionInput): Promise<void> {
    const row = executionRow(String(execution.executionId));
    requireId(execution.executionId, row, 'executionId');
    requireId(execution.agent, row, 'agent');
    const args = [
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
    await this.write(execution.executionId, row, (executor) => executor.run(INSERT_EXECUTION, args));
  }

  async updateExecutionStatus(
    executionId: string,
    status: ExecutionStatus,
    update: ExecutionStatusUpdate = {},
  ): Promise<void> {
    const row = executionRow(executionId);
    if (update.progress !== undefined) requireFiniteNumber(update.progress, row, 'progress');
    const args = [
      status,
      nowIso(),
      update.progress !== undefined ? 1 : 0,
      update.progress ?? null,
      update.error !== undefined ? 1 : 0,
      update.error ?? null,
      executionId,
    ];
    await this.write(executionId, row, async (executor) => {
      if ((await executor.run(UPDATE_EXECUTION_STATUS, args)) === 0) throw new NotFoundError('no such execution', { row });
    });
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
    await this.write(executionId, row, async (executor) => {
      if ((await executor.run(COMPLETE_EXECUTION, args)) === 0) throw new NotFoundError('no such execution', { row });
    });
  }

  async createSession(session: SessionInput): Promise<void> {
    const row: RowRef = {
      table: 'execution_sessions',
      key: { session_id: String(session.sessionId) },
      parent: `execution ${session.executionId}`,
    };
    requireId(session.sessionId, row, 'sessionId');
    requireId(session.executionId, row, 'executionId');
    requireId(session.agent, row, 'agent');
    this.rememberSession(session.sessionId, session.executionId);
    const args = [
      session.sessionId,
      session.executionId,
      session.benchmarkId ?? null,
      session.agent,
      session.interface,
      session.prompt ?? null,
      session.status ?? 'running',
      nowIso(),
    ];
    await this.write(session.executionId, row, async (executor) => {
      if ((await executor.run(INSERT_SESSION, args)) > 0) return;
      const owner = await selectSessionExecutionId(executor, session.sessionId);
      if (owner !== undefined && owner !== session.executionId) {
        throw new ConstraintError(
          `session already belongs to execution ${owner}, not ${session.executionId}`,
          'unique',
          { row },
        );
      }
    });
  }

  async completeSession(sessionId: string, completion: SessionCompletion): Promise<void> {
    const row = sessionRow('execution_sessions', sessionId);
    if (completion.score !== undefined) requireFiniteNumber(completion.score, row, 'score');
    const args = [
      completion.status,
      completion.score !== undefined ? 1 : 0,
      completion.score ?? null,
      completion.content !== undefined ? 1 : 0,
      completion.content === undefined ? null : encodeJson(completion.content, row, 'content'),
      nowIso(),
      sessionId,
    ];
    await this.writeForSession(sessionId, row, async (executor) => {
      if ((await executor.run(COMPLETE_SESSION, args)) === 0) throw new NotFoundError('no such session', { row });
    });
  }

  async storeSessionLog(sessionId: string, log: SessionLog): Promise<void> {
    const row = sessionRow('session_logs', sessionId);
    requireSessionLog(log, row);
    if (log.session_id !== sessionId) {
      throw new ValidationError(`log.session_id is ${log.session_id}, not ${sessionId}`, { row });
    }
    const args = [sessionId, encodeJson(log, row, 'log'), nowIso()];
    await this.writeForSession(sessionId, row, (executor) => executor.run(UPSERT_SESSION_LOG, args));
  }

  async storeToolCall(sessionId: string, call: ToolCallRecord): Promise<void> {
    const row = sessionRow('session_tool_calls', sessionId, { call_id: String(call.call_id) });
    requireToolCall(call, row);
    const args = [
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
    await this.writeForSession(sessionId, row, (executor) => executor.run(UPSERT_TOOL_CALL, args));
  }

  async insertAgentPerformance(performance: AgentPerformanceInput): Promise<void> {
    const row: RowRef = {
      table: 'agent_performance',
      key: { session_id: String(performance.sessionId) },
      parent: `execution ${performance.executionId}`,
    };
    requireId(performance.sessionId, row, 'sessionId');
    requireId(performance.benchmarkId, row, 'benchmarkId');
    requireId(performance.agent, row, 'agent');
    requireFiniteNumber(performance.score, row, 'score');
    requireFiniteNumber(performance.executionTimeMs, row, 'executionTimeMs');
    if (typeof performance.passed !== 'boolean') throw new ValidationError('passed must be a boolean', { row });
    const args = [
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
    const work = (executor: StatementExecutor) => executor.run(INSERT_AGENT_PERFORMANCE, args);
    if (performance.executionId !== undefined) await this.write(performance.executionId, row, work);
    else await this.writeForSession(performance.sessionId, row, work);
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
    requireId(executionId, row, 'executionId');
    requireInteger(stepIndex, row, 'stepIndex');
    const encoded = encodeJson(content, row, 'content');
    requireId(meta.stepId, row, 'stepId');
    requireId(meta.sessionId, row, 'sessionId');
    requireInteger(meta.toolCount, row, 'toolCount');
    requireFiniteNumber(meta.score, row, 'score');
    requireFiniteNumber(meta.durationMs, row, 'durationMs');
    const args = [
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
    await this.write(executionId, row, (executor) => executor.run(UPSERT_STEP_SESSION, args));
  }

  getSessionsForConsolidation(executionId: string): Promise<StoredStepSession[]> {
    return this.readFor(executionId, { table: 'step_sessions', key: { execution_id: executionId } }, (executor) =>
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
    const args = [
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
    await this.write(executionId, row, async (executor) => {
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
    return this.readFor(
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
    await this.write(undefined, row, (executor) => executor.run(UPSERT_LLM_RESPONSE, args));
  }

  async beginTransaction(executionId: string): Promise<void> {
    const row = executionRow(String(executionId));
    requireId(executionId, row, 'executionId');
    const { channel } = await this.database();
    this.refuseWaitingOnOwnTransaction(channel, executionId, row, 'a transaction');
    if (this.damage) throw this.damage;
    await this.noticing(() => channel.begin(executionId));
  }

  async commitTransaction(executionId: string): Promise<void> {
    const { channel } = await this.database();
    // With WAL the commit is where the disk is written: a full disk or a read-only file shows here.
    await this.noticing(() => channel.finish(executionId, 'commit'));
  }

  async rollbackTransaction(executionId: string): Promise<void> {
    const { channel } = await this.database();
    await channel.finish(executionId, 'rollback');
  }

  async transaction<T>(executionId: string, work: () => Promise<T>): Promise<T> {
    await this.beginTransaction(executionId);
    let result: T;
    try {
      result = await this.transactionScope.run(executionId, work);
    } catch (error) {
      try {
        await this.rollbackTransaction(executionId);
      } catch (rollbackError) {
        throw new DatabaseError(`${messageOf(error)}; rolling back also failed: ${messageOf(rollbackError)}`, {
          row: executionRow(executionId),
          cause: error,
        });
      }
      throw error;
    }
    await this.commitTransaction(executionId);
    return result;
  }

  async claimQueuedExecutions(): Promise<QueuedExecution[]> {
    const host = hostname();
    return this.write(undefined, { table: 'execution_states', key: {} }, async (executor) => {
      const claimed: QueuedExecution[] = [];
      for (const [executionId, benchmarkId, agent, mode, metadata, ownerPid, ownerHost, createdAt] of await executor.rows(
        SELECT_QUEUED_EXECUTIONS,
        [],
      )) {
        if (interruptionReason(ownerPid as number | null, ownerHost as string | null, host) === undefined) continue;
        if ((await executor.run(CLAIM_QUEUED_EXECUTION, [process.pid, host, nowIso(), executionId as string])) === 0) continue;
        claimed.push({
          executionId: executionId as string,
          ...(benchmarkId !== null ? { benchmarkId: benchmarkId as string } : {}),
          agent: agent as string,
          mode: mode as QueuedExecution['mode'],
          metadata: metadata === null ? null : (JSON.parse(metadata as string) as unknown),
          createdAt: createdAt as string,
        });
      }
      return claimed;
    });
  }

  /** One small committed write through the write queue (the health probe); fails the way a run's write would. */
  async probeWrite(): Promise<void> {
    await this.write(
      undefined,
      { table: 'write_probes', key: { id: 1 } },
      (executor) => executor.run(UPSERT_WRITE_PROBE, [`${hostname()}:${process.pid}`, nowIso()]),
      true,
    );
  }

  /** What this writer has seen of its storage; costs nothing (no statement runs). */
  storageState(): StorageState {
    return {
      target: this.target,
      integrity: this.integrity,
      lastStorageFailure: this.lastStorageFailure,
      lockWaitMs: this.opened?.connection.lockWaitMs() ?? 0,
      open: this.opened !== undefined,
    };
  }

  async markInterruptedExecutions(): Promise<string[]> {
    const host = hostname();
    return this.write(undefined, { table: 'execution_states', key: {} }, async (executor) => {
      const unfinished = await executor.rows(SELECT_UNFINISHED_EXECUTIONS, []);
      const interrupted: string[] = [];
      for (const [executionId, ownerPid, ownerHost] of unfinished) {
        const reason = interruptionReason(ownerPid as number | null, ownerHost as string | null, host);
        if (reason === undefined) continue;
        if ((await executor.run(MARK_INTERRUPTED, [reason, nowIso(), executionId as string])) > 0) {
          interrupted.push(executionId as string);
        }
      }
      return interrupted;
    });
  }

  /** Rolls back transactions still open, waits for queued writes, closes every connection. */
  async close(): Promise<void> {
    this.closed = true;
    await this.backgroundCheck?.stop();
    this.backgroundCheck = undefined;
    const opening = this.opening;
    this.opening = undefined;
    this.opened = undefined;
    if (opening === undefined) return;
    const opened = await opening.catch(() => undefined);
    if (opened === undefined) return;
    try {
      await opened.reads.close();
    } finally {
      await opened.channel.close();
    }
  }

  /** Where reads that are not part of a transaction run; PooledDatabaseWriter overrides this. */
  protected createReads(channel: WriteChannel): ReadRunner {
    return serialReads(channel);
  }

  protected database(): Promise<OpenedDatabase> {
    if (this.closed) return Promise.reject(new DatabaseError('the database writer is closed'));
    this.opening ??= this.openDatabase().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async openDatabase(): Promise<OpenedDatabase> {
    let connection: Connection;
    try {
      connection = await Connection.open(this.target, this.settings);
    } catch (error) {
      throw this.openFailure(error);
    }
    try {
      // Before anything is written (migrations included): a damaged file is refused, not written into.
      const checkNow = this.target.kind === 'file' && databaseBytes(this.target.path) <= this.integrityCheckMaxBytes;
      if (checkNow) {
        const finding = await quickCheck(connection);
        if (finding !== 'ok') throw new DatabaseCorruptError(this.fileName(), finding);
        this.integrity = { state: 'ok', checkedAt: nowIso() };
      }
      await applyMigrations(connection, this.settings.retry);
      // The migrator switches foreign keys off and on again around its batch: set and check everything again.
      await connection.configure();
      await readMigrationVersion(connection);
      if (!checkNow) this.startIntegrityCheck();
    } catch (error) {
      connection.close();
      throw this.openFailure(error);
    }
    const channel = new WriteChannel(connection);
    this.opened = { target: this.target, client: connection.client, connection, channel, reads: this.createReads(channel) };
    return this.opened;
  }

  /** The file a damage report names (the URL for a server). */
  private fileName(): string {
    return this.target.kind === 'file' ? this.target.path : this.target.url;
  }

  /** Why opening failed, in one line: a damaged file names its recovery, anything else its URL and SQLite's words. */
  private openFailure(error: unknown): DatabaseError {
    if (isCorruption(error)) {
      return error instanceof DatabaseCorruptError ? error : new DatabaseCorruptError(this.fileName(), messageOf(error), { cause: error });
    }
    const failure = toDatabaseError(error);
    const namesFile = failure.message.includes(this.target.url) || failure.message.includes(this.fileName());
    // Typed failures (MigrationError, BusyError, …) keep their class; SQLite's bare words get the URL.
    return namesFile || failure.constructor !== DatabaseError
      ? failure
      : new DatabaseError(`cannot open database ${this.target.url}: ${failure.message}`, { cause: error });
  }

  /** quick_check of a large file on a worker thread; damage found there is handled like SQLITE_CORRUPT. */
  private startIntegrityCheck(): void {
    if (this.target.kind !== 'file') {
      this.integrity = { state: 'unchecked', reason: `${this.target.kind} database` };
      return;
    }
    const check = quickCheckInBackground(this.target.path);
    this.backgroundCheck = check;
    this.integrity = { state: 'checking', since: nowIso() };
    void check.result.then(({ finding, failed }) => {
      if (this.backgroundCheck !== check) return;
      this.backgroundCheck = undefined;
      if (failed) this.integrity = { state: 'check_failed', reason: finding };
      else if (finding === 'ok') this.integrity = { state: 'ok', checkedAt: nowIso() };
      else this.recordDamage(new DatabaseCorruptError(this.fileName(), finding));
    });
  }

  private recordDamage(damage: DatabaseCorruptError): DatabaseCorruptError {
    this.damage ??= damage;
    this.integrity = { state: 'damaged', finding: this.damage.finding };
    return this.damage;
  }

  /**
   * Runs a statement and keeps what its failure says about the storage: SQLITE_CORRUPT marks the file damaged
   * (every later write is refused, health turns unhealthy), a full disk or a read-only file is remembered until a
   * write succeeds again.
   */
  private async noticing<T>(operation: () => Promise<T>, row?: RowRef, probe = false): Promise<T> {
    try {
      const value = await operation();
      // The probe's one small row can fit where a step's rows do not: only a real write clears a failure.
      if (!probe) this.lastStorageFailure = undefined;
      return value;
    } catch (error) {
      if (isCorruption(error)) throw this.recordDamage(new DatabaseCorruptError(this.fileName(), messageOf(error), { cause: error }));
      const failure = toDatabaseError(error, row);
      if (!probe && isStorageFailure(error)) this.lastStorageFailure = { message: failure.message, at: nowIso() };
      throw failure;
    }
  }

  private async write<T>(
    executionId: string | undefined,
    row: RowRef,
    work: (executor: StatementExecutor) => Promise<T>,
    probe = false,
  ) {
    const { channel } = await this.database();
    this.refuseWaitingOnOwnTransaction(channel, executionId, row, 'a write');
    if (this.damage) throw this.damage;
    return this.noticing(() => channel.write(executionId, work), row, probe);
  }

  /**
   * Inside transaction() work, anything that needs the write lock for another execution (or for none)
   * would wait for the very transaction that holds it: fail now instead of hanging.
   */
  private refuseWaitingOnOwnTransaction(
    channel: WriteChannel,
    executionId: string | undefined,
    row: RowRef,
    what: string,
  ): void {
    const scope = this.transactionScope.getStore();
    if (scope === undefined || scope === executionId || !channel.hasTransaction(scope)) return;
    const owner = executionId === undefined ? `${what} that belongs to no execution` : `${what} for execution ${executionId}`;
    throw new ValidationError(
      `${owner} cannot run inside the transaction of execution ${scope}: it would wait for that transaction forever`,
      { row },
    );
  }

  /** Session-keyed writes belong to the session's execution, so they join its transaction if one is open. */
  private async writeForSession(sessionId: string, row: RowRef, work: (executor: StatementExecutor) => Promise<unknown>) {
    // A session nobody knows belongs to no execution; inside transaction() work it goes into that
    // transaction, where its foreign key fails with a clear error instead of the write waiting forever.
    const executionId = (await this.executionOfSession(sessionId, row)) ?? this.transactionScope.getStore();
    await this.write(executionId, row, work);
  }

  private async executionOfSession(sessionId: string, row: RowRef): Promise<string | undefined> {
    const known = this.sessionExecutions.get(sessionId);
    if (known !== undefined) return known;
    const { channel, reads } = await this.database();
    const lookup = (executor: StatementExecutor) => selectSessionExecutionId(executor, sessionId);
    try {
      // Inside the open transaction (if any) the lookup also sees sessions created in it, and never
      // waits for the write lock that transaction holds.
      const inTransaction = await channel.inActiveTransaction(lookup);
      const executionId = inTransaction.ran ? inTransaction.value : await reads.read(lookup);
      if (executionId !== undefined) this.rememberSession(sessionId, executionId);
      return executionId;
    } catch (error) {
      throw toDatabaseError(error, row);
    }
  }

  private rememberSession(sessionId: string, executionId: string): void {
    if (this.sessionExecutions.size >= SESSION_MAP_LIMIT && !this.sessionExecutions.has(sessionId)) {
      const oldest = this.sessionExecutions.keys().next();
      if (oldest.done !== true) this.sessionExecutions.delete(oldest.value);
    }
    this.sessionExecutions.set(sessionId, executionId);
  }

  private async read<T>(row: RowRef | undefined, work: (executor: StatementExecutor) => Promise<T>): Promise<T> {
    const { channel, reads } = await this.database();
    const scope = this.transactionScope.getStore();
    try {
      // Inside transaction() work, reads run in that transaction: they see its writes, and on the single
      // connection they could not run anywhere else until it ends.
      if (scope !== undefined) {
        const inTransaction = await channel.inTransactionOf(scope, work);
        if (inTransaction.ran) return inTransaction.value;
      }
      return await reads.read(work);
    } catch (error) {
      if (isCorruption(error)) throw this.recordDamage(new DatabaseCorruptError(this.fileName(), messageOf(error), { cause: error }));
      throw toDatabaseError(error, row);
    }
  }

  /** A read about one execution sees that execution's open transaction, if there is one. */
  private async readFor<T>(executionId: string, row: RowRef, work: (executor: StatementExecutor) => Promise<T>): Promise<T> {
    const { channel } = await this.database();
    try {
      const inTransaction = await channel.inTransactionOf(executionId, work);
      if (inTransaction.ran) return inTransaction.value;
    } catch (error) {
      throw toDatabaseError(error, row);
    }
    return this.read(row, work);
  }
}

function interruptionReason(pid: number | null, host: string | null, thisHost: string): string | undefined {
  if (pid === null && host === null) return 'interrupted: no owner process was recorded for this execution';
  if (host !== thisHost || pid === null) return undefined;
  if (processIsAlive(pid)) return undefined;
  return `interrupted: owner process ${pid} on ${host} is no longer running`;
}
