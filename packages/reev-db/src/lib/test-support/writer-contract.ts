// The behaviour every writer must show, run by writer.spec.ts against DatabaseWriter and
// PooledDatabaseWriter, each on :memory: and on a temporary file database, and by remote-writer.spec.ts against
// the worker-thread writer (remoteDatabaseWriter) served by each of them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { createClient } from '@libsql/client';
import { EXECUTION_STATUSES, SESSION_STATUSES, TOOL_CALL_STATUSES, type ExecutionMode } from '@reev/types';
import { BusyError, ConstraintError, DatabaseError, NotFoundError, ValidationError } from '../errors';
import type { DatabaseOptions } from '../options';
import type { DatabaseWriterPort } from '../port';
import type { DatabaseWriter } from '../writer';
import { consolidated, sessionLog, stepMeta, stepResult, toolCall } from './fixtures';

export interface WriterUnderTest {
  /** The writer the contract is about. */
  writer: DatabaseWriterPort;
  /** The DatabaseWriter that owns the database: `writer` itself, or the one a remote writer's calls are served by. */
  database: DatabaseWriter;
  /**
   * Whether calls cross a thread (the remote writer): arguments must survive structured clone, and transaction()
   * collects the work's writes and sends them at its end, so reads and transaction control inside the work are
   * refused instead of seeing its uncommitted writes.
   */
  crossesThreads: boolean;
  busyTimeoutMs: number;
  /** Another writer of the same kind on the same database (for :memory:, necessarily a new empty one). */
  reopen: (options?: DatabaseOptions) => DatabaseWriter;
  /** Closes the writer and deletes the database. */
  cleanup: () => Promise<void>;
}

export type Storage = 'memory' | 'file';

async function rawRows(database: DatabaseWriter, sql: string, args: (string | number)[] = []) {
  const client = await database.client();
  return (await client.execute({ sql, args })).rows;
}

async function countRows(database: DatabaseWriter, table: string, where = '1', args: (string | number)[] = []) {
  const rows = await rawRows(database, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, args);
  return Number(rows[0]?.['n']);
}

async function storeStep(writer: DatabaseWriterPort, executionId: string, index: number) {
  const step = stepResult(index);
  await writer.storeStepSession(executionId, index, step, stepMeta(step, `${executionId}-session-${index}`));
}

/** Asserts that `promise` rejects with an instance of `type` whose message is exactly `message`. */
async function expectFailure(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error, message: string) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}

/** Lets every pending promise callback and I/O callback run once, so a blocked promise shows it is blocked. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? Number.NaN;
}

export function describeWriterContract(name: string, storage: Storage, create: () => Promise<WriterUnderTest>): void {
  describe(name, () => {
    let subject: WriterUnderTest;
    let writer: DatabaseWriterPort;
    let database: DatabaseWriter;

    beforeEach(async () => {
      subject = await create();
      writer = subject.writer;
      database = subject.database;
      await database.open();
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    describe('opening', () => {
      it('applies the migrations and reports the applied version', async () => {
        const version = await database.migrationVersion();
        expect(version.tag).toBe('0002_write_probes');
        expect(version.count).toBe(3);
        expect(version.hash).toMatch(/^[0-9a-f]{64}$/);
        const tables = await rawRows(database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        expect(tables.map((row) => row['name'])).toEqual(
          expect.arrayContaining([
            'agent_performance',
            'benchmarks',
            'consolidated_sessions',
            'execution_sessions',
            'execution_states',
            'llm_responses',
            'session_logs',
            'session_tool_calls',
            'step_sessions',
            'write_probes',
          ]),
        );
      });

      it('has foreign keys on, and on files WAL, synchronous=NORMAL and the busy timeout', async () => {
        const pragma = async (name: string) => (await rawRows(database, `PRAGMA ${name}`))[0]?.[0];
        expect(await pragma('foreign_keys')).toBe(1);
        if (storage === 'file') {
          expect(await pragma('journal_mode')).toBe('wal');
          expect(await pragma('synchronous')).toBe(1);
          expect(await pragma('busy_timeout')).toBe(subject.busyTimeoutMs);
        }
      });

      it('refuses every call once closed', async () => {
        await database.close();
        await expectFailure(writer.createExecution({ executionId: 'late', agent: 'a', mode: 'static' }), DatabaseError, 'the database writer is closed');
        await expect(database.reader.listBenchmarks()).rejects.toBeInstanceOf(DatabaseError);
      });
    });

    describe('benchmarks', () => {
      it('upserts by id, computing the content hash and keeping created_at', async () => {
        await writer.upsertBenchmark({ id: '001-sol-transfer', prompt: 'send 0.1 SOL', content: 'id: 001\n' });
        const first = await database.reader.getBenchmark('001-sol-transfer');
        expect(first).toMatchObject({
          id: '001-sol-transfer',
          name: '001-sol-transfer',
          prompt: 'send 0.1 SOL',
          content: 'id: 001\n',
          contentHash: createHash('sha256').update('id: 001\n').digest('hex'),
        });
        await writer.upsertBenchmark({
          id: '001-sol-transfer',
          name: 'SOL transfer',
          prompt: 'send 0.2 SOL',
          content: 'id: 001\nchanged: true\n',
          contentHash: 'given-hash',
        });
        await writer.upsertBenchmark({ id: '000-first', prompt: 'p', content: 'c' });
        const benchmarks = await database.reader.listBenchmarks();
        expect(benchmarks.map((benchmark) => benchmark.id)).toEqual(['000-first', '001-sol-transfer']);
        expect(benchmarks[1]).toMatchObject({ name: 'SOL transfer', prompt: 'send 0.2 SOL', contentHash: 'given-hash' });
        expect(benchmarks[1]?.createdAt).toBe(first?.createdAt);
        expect(await database.reader.getBenchmark('missing')).toBeUndefined();
      });
    });

    describe('executions', () => {
      it('creates an execution once, owned by this process, with parsed metadata', async () => {
        const metadata = { source: 'benchmarks/001.yml', seed: 7, tags: ['a', 'b'], nested: { x: null } };
        const input = { executionId: 'e1', benchmarkId: '001', agent: 'deterministic', mode: 'static' as const, metadata };
        await writer.createExecution(input);
        await writer.createExecution({ ...input, agent: 'other', metadata: { changed: true } });
        expect(await countRows(database, 'execution_states')).toBe(1);
        const detail = await database.reader.getExecution('e1');
        expect(detail).toMatchObject({
          executionId: 'e1',
          benchmarkId: '001',
          agent: 'deterministic',
          mode: 'static',
          status: 'running',
          progress: 0,
          metadata,
          result: null,
          ownerPid: process.pid,
          ownerHost: hostname(),
          steps: [],
          sessions: [],
        });
        const stored = await rawRows(database, "SELECT json_type(metadata) AS t FROM execution_states WHERE execution_id = 'e1'");
        expect(stored[0]?.['t']).toBe('object');
      });

      it('finds the newest dynamic execution by the flow id in its metadata', async () => {
        await writer.createExecution({ executionId: 'd1', agent: 'deterministic', mode: 'dynamic', metadata: { flow_id: 'flow-a' } });
        await writer.createExecution({ executionId: 'd2', agent: 'deterministic', mode: 'dynamic', metadata: { flow_id: 'flow-b' } });
        await writer.createExecution({ executionId: 's1', benchmarkId: '001', agent: 'deterministic', mode: 'static', metadata: { flow_id: 'flow-s' } });
        expect(await database.reader.findExecutionIdByFlowId('flow-a')).toBe('d1');
        expect(await database.reader.findExecutionIdByFlowId('flow-b')).toBe('d2');
        expect(await database.reader.findExecutionIdByFlowId('flow-s')).toBeUndefined();
        expect(await database.reader.findExecutionIdByFlowId('flow-none')).toBeUndefined();
      });

      it('updates status and progress, completes with score and result, and names a missing execution', async () => {
        await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'dynamic', status: 'queued' });
        await writer.updateExecutionStatus('e1', 'running', { progress: 0.5, error: 'step 2 retried' });
        expect(await database.reader.getExecution('e1')).toMatchObject({
          status: 'running',
          progress: 0.5,
          error: 'step 2 retried',
        });
        const result = { flow_id: 'f1', steps: [{ ok: true }], score: 0.8 };
        await writer.completeExecution('e1', { status: 'completed', score: 0.8, result });
        const done = await database.reader.getExecution('e1');
        expect(done).toMatchObject({ status: 'completed', score: 0.8, result, progress: 1 });
        expect(done?.error).toBeUndefined();
        expect(done?.completedAt).toEqual(expect.any(String));

        await expectFailure(writer.updateExecutionStatus('nope', 'failed'), NotFoundError, 'execution_states (execution_id=nope): no such execution');
        await expect(
          writer.completeExecution('nope', { status: 'failed', score: 0, result: null }),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('accepts every execution status of @reev/types and refuses others with the CHECK named', async () => {
        for (const status of EXECUTION_STATUSES) {
          await writer.createExecution({ executionId: `e-${status}`, agent: 'a', mode: 'static', status });
        }
        expect(await countRows(database, 'execution_states')).toBe(EXECUTION_STATUSES.length);
        const refused = writer.createExecution({ executionId: 'bad', agent: 'a', mode: 'hybrid' as ExecutionMode });
        await expectFailure(refused, ConstraintError, 'execution_states (execution_id=bad): CHECK constraint failed: execution_states_mode_check (mode must be one of static|dynamic)');
        await expect(refused).rejects.toMatchObject({ constraint: 'check', table: 'execution_states', key: { execution_id: 'bad' } });
        await writer.createExecution({ executionId: 'e2', agent: 'a', mode: 'static' });
        await expect(writer.updateExecutionStatus('e2', 'running', { progress: 1.5 })).rejects.toThrow(
          /execution_states_progress_check \(progress must be between 0 and 1\)/,
        );
        await expect(writer.completeExecution('e2', { status: 'completed', score: -0.1, result: null })).rejects.toThrow(
          /execution_states_score_check/,
        );
      });

      it('refuses values that are not JSON before any SQL runs', async () => {
        await expect(
          writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'static', metadata: { big: 1n } }),
        ).rejects.toThrow(ValidationError);
        await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'static' });
        await expectFailure(
          writer.storeStepSession('e1', 0, () => 1, stepMeta(stepResult(0), 's')),
          ValidationError,
          subject.crossesThreads
            ? "storeStepSession: a value cannot be sent to the database writer's thread (() => 1 could not be cloned.)"
            : 'step_sessions (execution_id=e1, step_index=0): content is not a JSON value (function)',
        );
        await expect(writer.storeStepSession('e1', 1.5, {}, stepMeta(stepResult(0), 's'))).rejects.toThrow(
          'stepIndex must be an integer',
        );
      });
    });

    describe('sessions, logs and tool calls', () => {
      beforeEach(async () => {
        await writer.createExecution({ executionId: 'e1', agent: 'deterministic', mode: 'static' });
      });

      it('creates a session idempotently, completes it, and lists it with the execution', async () => {
        const session = { sessionId: 's1', executionId: 'e1', agent: 'deterministic', interface: 'cli' as const, prompt: 'p' };
        await writer.createSession(session);
        await writer.createSession(session);
        await writer.completeSession('s1', { status: 'completed', score: 0.75, content: { step_id: 'step-0' } });
        const detail = await database.reader.getExecution('e1');
        expect(detail?.sessions).toEqual([
          expect.objectContaining({
            sessionId: 's1',
            executionId: 'e1',
            interface: 'cli',
            status: 'completed',
            score: 0.75,
            prompt: 'p',
            content: { step_id: 'step-0' },
            endedAt: expect.any(String),
          }),
        ]);
        await writer.createExecution({ executionId: 'e2', agent: 'a', mode: 'static' });
        await expectFailure(writer.createSession({ ...session, executionId: 'e2' }), ConstraintError, 'execution_sessions (session_id=s1): session already belongs to execution e1, not e2');
        await expectFailure(writer.completeSession('missing', { status: 'failed' }), NotFoundError, 'execution_sessions (session_id=missing): no such session');
      });

      it('accepts every session and tool-call status of @reev/types', async () => {
        for (const status of SESSION_STATUSES) {
          await writer.createSession({ sessionId: `s-${status}`, executionId: 'e1', agent: 'a', interface: 'library', status });
        }
        for (const status of TOOL_CALL_STATUSES) {
          await writer.storeToolCall('s-running', toolCall(`c-${status}`, { status }));
        }
        expect(await countRows(database, 'execution_sessions')).toBe(SESSION_STATUSES.length);
        expect(await countRows(database, 'session_tool_calls')).toBe(TOOL_CALL_STATUSES.length);
      });

      it('replaces a session log and reads it back exactly', async () => {
        await writer.createSession({ sessionId: 's1', executionId: 'e1', agent: 'a', interface: 'api' });
        const log = sessionLog('s1', 'e1');
        await writer.storeSessionLog('s1', { ...log, final_message: 'first' });
        await writer.storeSessionLog('s1', log);
        expect(await database.reader.getSessionLog('s1')).toEqual(log);
        expect(await countRows(database, 'session_logs')).toBe(1);
        expect(await database.reader.getSessionLog('none')).toBeUndefined();
        await expectFailure(writer.storeSessionLog('s1', sessionLog('s2', 'e1')), ValidationError, 'session_logs (session_id=s1): log.session_id is s2, not s1');
      });

      it('upserts tool calls by (session, call_id) and lists them in start order', async () => {
        await writer.createSession({ sessionId: 's1', executionId: 'e1', agent: 'a', interface: 'cli' });
        await writer.storeToolCall('s1', toolCall('b', { started_at: '2026-01-01T00:00:02.000Z' }));
        await writer.storeToolCall('s1', toolCall('a', { started_at: '2026-01-01T00:00:01.000Z', status: 'error', error: 'x' }));
        const replacement = toolCall('a', { started_at: '2026-01-01T00:00:01.000Z', output: { retried: [1, 2] } });
        await writer.storeToolCall('s1', replacement);
        const calls = await database.reader.getToolCalls('s1');
        expect(calls.map((call) => call.callId)).toEqual(['a', 'b']);
        expect(calls[0]).toMatchObject({
          sessionId: 's1',
          toolName: 'sol_transfer',
          input: replacement.input,
          output: { retried: [1, 2] },
          status: 'success',
          durationMs: 12.5,
        });
        expect(calls[0]?.error).toBeUndefined();
        await expectFailure(writer.storeToolCall('ghost', toolCall('c')), ConstraintError, 'session_tool_calls (session_id=ghost, call_id=c): FOREIGN KEY constraint failed: session ghost does not exist');
      });
    });

    describe('steps', () => {
      beforeEach(async () => {
        await writer.createExecution({ executionId: 'e1', agent: 'deterministic', mode: 'dynamic' });
      });

      it('returns the steps for consolidation ordered by index, content exactly as stored', async () => {
        for (const index of [2, 0, 1]) await storeStep(writer, 'e1', index);
        const steps = await writer.getSessionsForConsolidation('e1');
        expect(steps.map((step) => step.stepIndex)).toEqual([0, 1, 2]);
        expect(steps[1]).toMatchObject({
          executionId: 'e1',
          stepId: 'step-1',
          sessionId: 'e1-session-1',
          content: stepResult(1),
          success: true,
          toolCount: 1,
          score: 1,
          durationMs: 41,
        });
        expect(await writer.getSessionsForConsolidation('other')).toEqual([]);
      });

      it('re-storing a step replaces it instead of adding a row', async () => {
        await storeStep(writer, 'e1', 0);
        const failed = stepResult(0, { success: false, score: 0.25, status: 'failed', error_message: 'slippage' });
        await writer.storeStepSession('e1', 0, failed, stepMeta(failed, 'e1-session-0b'));
        await writer.storeStepSession('e1', 0, failed, stepMeta(failed, 'e1-session-0b'));
        expect(await countRows(database, 'step_sessions')).toBe(1);
        const [step] = await writer.getSessionsForConsolidation('e1');
        expect(step).toMatchObject({ content: failed, success: false, score: 0.25, error: 'slippage', sessionId: 'e1-session-0b' });
      });

      it('names the missing execution when a step has none, and the CHECK when a score is out of range', async () => {
        const step = stepResult(3);
        await expectFailure(writer.storeStepSession('e-missing', 3, step, stepMeta(step, 's')), ConstraintError, 'step_sessions (execution_id=e-missing, step_index=3): FOREIGN KEY constraint failed: execution e-missing does not exist');
        await expect(writer.storeStepSession('e1', 0, step, { ...stepMeta(step, 's'), score: 1.5 })).rejects.toThrow(
          'step_sessions (execution_id=e1, step_index=0): CHECK constraint failed: step_sessions_score_check (score must be between 0 and 1)',
        );
        await expect(writer.storeStepSession('e1', -1, step, stepMeta(step, 's'))).rejects.toThrow(
          /step_sessions_step_index_check \(step_index must not be negative\)/,
        );
        expect(await countRows(database, 'step_sessions')).toBe(0);
      });
    });

    describe('consolidated sessions', () => {
      beforeEach(async () => {
        await writer.createExecution({ executionId: 'e1', agent: 'deterministic', mode: 'dynamic' });
      });

      it('round-trips content and metadata exactly, stored as JSON (not as a JSON string)', async () => {
        const steps = [stepResult(0), stepResult(1, { success: false, score: 0, status: 'failed', error_message: 'boom' })];
        const { content, metadata } = consolidated('c1', 'e1', steps);
        await writer.storeConsolidatedSession('c1', 'e1', content, metadata);
        const stored = await writer.getConsolidatedSession('c1');
        expect(stored).toEqual({
          consolidatedSessionId: 'c1',
          executionId: 'e1',
          content,
          metadata,
          originalSessionIds: ['e1-session-0', 'e1-session-1'],
          avgScore: 0.5,
          totalTools: 2,
          successRate: 0.5,
          executionDurationMs: 1234.5,
          createdAt: expect.any(String),
        });
        expect(JSON.stringify(stored?.content)).toBe(JSON.stringify(content));
        const types = await rawRows(
          database,
          "SELECT json_type(consolidated_content) AS content, json_type(original_session_ids) AS ids, json_extract(consolidated_content, '$.steps[1].error') AS error FROM consolidated_sessions",
        );
        expect(types[0]).toMatchObject({ content: 'object', ids: 'array', error: 'boom' });
        expect(await database.reader.getConsolidatedSession('c1')).toEqual(stored);
        expect(await writer.getConsolidatedSession('none')).toBeUndefined();
      });

      it('lists an execution’s consolidations newest first; re-storing one is idempotent', async () => {
        for (const id of ['c1', 'c2', 'c3']) {
          const { content, metadata } = consolidated(id, 'e1', [stepResult(0)]);
          await writer.storeConsolidatedSession(id, 'e1', content, metadata);
        }
        const again = consolidated('c2', 'e1', [stepResult(0), stepResult(1)]);
        await writer.storeConsolidatedSession('c2', 'e1', again.content, again.metadata);
        const listed = await writer.getConsolidatedSessionsByExecution('e1');
        expect(listed.map((row) => row.consolidatedSessionId)).toEqual(['c3', 'c2', 'c1']);
        expect(listed[1]?.content).toEqual(again.content);
        expect(await database.reader.getConsolidatedSessionsByExecution('e1')).toEqual(listed);
      });

      it('refuses content that does not match its ids or schema, and ids that belong to another execution', async () => {
        const { content, metadata } = consolidated('c1', 'e1', [stepResult(0)]);
        await expect(writer.storeConsolidatedSession('c9', 'e1', content, metadata)).rejects.toThrow(ValidationError);
        await expect(
          writer.storeConsolidatedSession('c1', 'e1', { ...content, steps: 'no' } as never, metadata),
        ).rejects.toThrow(/content does not match its schema: steps:/);
        await writer.storeConsolidatedSession('c1', 'e1', content, metadata);
        await writer.createExecution({ executionId: 'e2', agent: 'a', mode: 'dynamic' });
        const moved = consolidated('c1', 'e2', [stepResult(0)]);
        await expectFailure(writer.storeConsolidatedSession('c1', 'e2', moved.content, moved.metadata), ConstraintError, 'consolidated_sessions (consolidated_session_id=c1): consolidated session already belongs to execution e1, not e2');
        const orphan = consolidated('c5', 'e-missing', [stepResult(0)]);
        await expect(writer.storeConsolidatedSession('c5', 'e-missing', orphan.content, orphan.metadata)).rejects.toThrow(
          'FOREIGN KEY constraint failed: execution e-missing does not exist',
        );
      });
    });

    describe('agent performance', () => {
      it('inserts once per session and summarises per agent', async () => {
        await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'static' });
        const base = { executionId: 'e1', agent: 'alpha', finalStatus: 'completed' as const, executionTimeMs: 10 };
        await writer.insertAgentPerformance({ ...base, sessionId: 's1', benchmarkId: 'b1', score: 1, passed: true });
        await writer.insertAgentPerformance({ ...base, sessionId: 's1', benchmarkId: 'b1', score: 0, passed: false });
        await writer.insertAgentPerformance({ ...base, sessionId: 's2', benchmarkId: 'b2', score: 0.5, passed: false });
        await writer.insertAgentPerformance({ ...base, sessionId: 's3', benchmarkId: 'b3', score: 0.75, passed: true });
        await writer.insertAgentPerformance({
          sessionId: 's4',
          benchmarkId: 'b1',
          agent: 'beta',
          score: 0,
          finalStatus: 'failed',
          executionTimeMs: 5,
          passed: false,
        });
        expect(await countRows(database, 'agent_performance')).toBe(4);
        const summary = await database.reader.agentPerformanceSummary({ benchmarksPerSide: 2 });
        expect(summary.map((agent) => agent.agent)).toEqual(['alpha', 'beta']);
        const alpha = summary[0];
        expect(alpha.runs).toBe(3);
        expect(alpha.averageScore).toBeCloseTo(0.75);
        expect(alpha.successRate).toBeCloseTo(2 / 3);
        expect(alpha.bestBenchmarks.map((b) => b.benchmarkId)).toEqual(['b1', 'b3']);
        expect(alpha.worstBenchmarks.map((b) => b.benchmarkId)).toEqual(['b2', 'b3']);
        expect(alpha.results.map((result) => result.sessionId).sort()).toEqual(['s1', 's2', 's3']);
        expect(alpha.results.find((result) => result.sessionId === 's1')).toMatchObject({ score: 1, passed: true, executionId: 'e1' });
        expect(summary[1]).toMatchObject({ runs: 1, averageScore: 0, successRate: 0 });
        await expect(
          writer.insertAgentPerformance({ ...base, executionId: 'ghost', sessionId: 's9', benchmarkId: 'b', score: 1, passed: true }),
        ).rejects.toThrow('agent_performance (session_id=s9): FOREIGN KEY constraint failed: execution ghost does not exist');
      });
    });

    describe('LLM responses', () => {
      const entry = (turn: number, content: string) => ({
        model: 'qwen3-8b',
        baseUrl: 'http://127.0.0.1:1234/v1',
        turn,
        reply: { content, toolCalls: [{ id: 'call_1', name: 'sol_transfer', arguments: '{"amount":100000000}' }], usage: null },
        recordedAt: '2026-01-01T00:00:00.000Z',
      });

      it('stores an entry under its key as JSON (not as a JSON string) and reads it back exactly', async () => {
        await writer.putLlmResponse('k1', entry(2, 'done'));
        const stored = await writer.getLlmResponse('k1');
        expect(stored).toMatchObject({ cacheKey: 'k1', model: 'qwen3-8b', baseUrl: 'http://127.0.0.1:1234/v1', turn: 2 });
        expect(stored?.entry).toEqual(entry(2, 'done'));
        expect(stored?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        const [raw] = await rawRows(database, "SELECT json_type(entry) AS type FROM llm_responses WHERE cache_key = 'k1'");
        expect(raw?.['type']).toBe('object');
        expect(await writer.getLlmResponse('missing')).toBeUndefined();
        expect(await database.reader.getLlmResponse('k1')).toEqual(stored);
      });

      it('recording a key again replaces its entry instead of adding a row', async () => {
        await writer.putLlmResponse('k1', entry(1, 'first'));
        await writer.putLlmResponse('k1', entry(3, 'second'));
        await writer.putLlmResponse('k1', entry(3, 'second'));
        expect(await countRows(database, 'llm_responses')).toBe(1);
        expect(await writer.getLlmResponse('k1')).toMatchObject({ turn: 3, entry: entry(3, 'second') });
      });

      it('lists every entry oldest first, or those of one model', async () => {
        await writer.putLlmResponse('b', entry(1, 'one'));
        await writer.putLlmResponse('a', { ...entry(1, 'two'), model: 'glm-4.6' });
        await writer.putLlmResponse('c', entry(2, 'three'));
        const all = await database.reader.listLlmResponses();
        expect([...all].sort((x, y) => x.createdAt.localeCompare(y.createdAt)).map((row) => row.cacheKey)).toEqual(
          all.map((row) => row.cacheKey),
        );
        expect(all.map((row) => row.cacheKey).sort()).toEqual(['a', 'b', 'c']);
        expect((await database.reader.listLlmResponses({ model: 'qwen3-8b' })).map((row) => row.cacheKey).sort()).toEqual(['b', 'c']);
        expect(await database.reader.listLlmResponses({ model: 'none' })).toEqual([]);
      });

      it('refuses a missing key, a malformed entry and a turn below 1, naming the key', async () => {
        await expectFailure(writer.putLlmResponse('', entry(1, 'x')), ValidationError, 'llm_responses (cache_key=): cacheKey must be a non-empty string, got ""');
        await expectFailure(
          writer.putLlmResponse('k', { ...entry(1, 'x'), model: '' }),
          ValidationError,
          'llm_responses (cache_key=k): entry.model must be a non-empty string, got ""',
        );
        await expectFailure(
          writer.putLlmResponse('k', { ...entry(1, 'x'), turn: 1.5 }),
          ValidationError,
          'llm_responses (cache_key=k): entry.turn must be an integer, got 1.5',
        );
        await expect(writer.putLlmResponse('k', { ...entry(1, 'x'), size: 1n } as never)).rejects.toThrow(
          /^llm_responses \(cache_key=k\): entry cannot be stored as JSON: /,
        );
        await expectFailure(
          writer.putLlmResponse('k', entry(0, 'x')),
          ConstraintError,
          'llm_responses (cache_key=k): CHECK constraint failed: llm_responses_turn_check (turn must be at least 1)',
        );
        expect(await countRows(database, 'llm_responses')).toBe(0);
      });

      it('goes through the write queue: it waits for an open transaction and survives its rollback', async () => {
        await writer.createExecution({ executionId: 'A', agent: 'a', mode: 'dynamic' });
        await writer.beginTransaction('A');
        let stored = false;
        const putting = writer.putLlmResponse('k', entry(1, 'x')).then(() => {
          stored = true;
        });
        await settle();
        expect(stored).toBe(false);
        await writer.rollbackTransaction('A');
        await putting;
        expect(await writer.getLlmResponse('k')).toMatchObject({ entry: entry(1, 'x') });
        await expectFailure(
          writer.transaction('A', () => writer.putLlmResponse('k2', entry(1, 'y'))),
          ValidationError,
          'llm_responses (cache_key=k2): a write that belongs to no execution cannot run inside the transaction of execution A: it would wait for that transaction forever',
        );
      });
    });

    describe('reader', () => {
      it('lists executions newest first with filters, paging and the total', async () => {
        for (let index = 0; index < 5; index += 1) {
          await writer.createExecution({
            executionId: `e${index}`,
            benchmarkId: index % 2 === 0 ? 'even' : 'odd',
            agent: index < 3 ? 'alpha' : 'beta',
            mode: 'static',
          });
        }
        await writer.completeExecution('e4', { status: 'completed', score: 1, result: null });
        const all = await database.reader.listExecutions();
        expect(all.total).toBe(5);
        expect(all.executions.map((execution) => execution.executionId)).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
        const page = await database.reader.listExecutions({ limit: 2, offset: 1 });
        expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
        expect(page.executions.map((execution) => execution.executionId)).toEqual(['e3', 'e2']);
        const even = await database.reader.listExecutions({ benchmarkId: 'even', agent: 'alpha' });
        expect(even.executions.map((execution) => execution.executionId)).toEqual(['e2', 'e0']);
        expect((await database.reader.listExecutions({ status: 'completed' })).total).toBe(1);
        expect((await database.reader.latestExecutions('odd', 1)).map((execution) => execution.executionId)).toEqual(['e3']);
        await expect(database.reader.listExecutions({ limit: 0 })).rejects.toThrow(ValidationError);
      });

      it('gets an execution with its steps and sessions', async () => {
        await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'dynamic' });
        await writer.createSession({ sessionId: 's0', executionId: 'e1', agent: 'a', interface: 'cli' });
        await storeStep(writer, 'e1', 1);
        await storeStep(writer, 'e1', 0);
        const detail = await database.reader.getExecution('e1');
        expect(detail?.steps.map((step) => step.stepIndex)).toEqual([0, 1]);
        expect(detail?.sessions.map((session) => session.sessionId)).toEqual(['s0']);
        expect(await database.reader.getExecution('none')).toBeUndefined();
      });
    });

    describe('transactions per execution', () => {
      beforeEach(async () => {
        await writer.createExecution({ executionId: 'A', agent: 'a', mode: 'dynamic' });
        await writer.createExecution({ executionId: 'B', agent: 'b', mode: 'dynamic' });
      });

      it('commits the writes made between begin and commit', async () => {
        await writer.beginTransaction('A');
        await storeStep(writer, 'A', 0);
        await writer.createSession({ sessionId: 'sA', executionId: 'A', agent: 'a', interface: 'cli' });
        await writer.storeToolCall('sA', toolCall('c1'));
        expect((await writer.getSessionsForConsolidation('A')).length).toBe(1);
        await writer.commitTransaction('A');
        expect(await countRows(database, 'step_sessions')).toBe(1);
        expect(await countRows(database, 'session_tool_calls')).toBe(1);
      });

      it('rolls back only that execution’s writes; another execution’s concurrent writes survive', async () => {
        await storeStep(writer, 'A', 0);
        await writer.beginTransaction('A');
        await storeStep(writer, 'A', 1);
        await writer.createSession({ sessionId: 'sA', executionId: 'A', agent: 'a', interface: 'cli' });
        await writer.storeSessionLog('sA', sessionLog('sA', 'A'));
        await writer.storeToolCall('sA', toolCall('c1'));
        await writer.updateExecutionStatus('A', 'failed', { progress: 0.5 });

        // B's writes arrive while A's transaction is open: they wait for it and are not part of it.
        const bPlain = storeStep(writer, 'B', 0);
        const bInTransaction = writer.transaction('B', async () => {
          await storeStep(writer, 'B', 1);
          await writer.createSession({ sessionId: 'sB', executionId: 'B', agent: 'b', interface: 'api' });
          await writer.storeToolCall('sB', toolCall('c1'));
        });
        await settle();
        await storeStep(writer, 'A', 2);
        await writer.rollbackTransaction('A');
        await Promise.all([bPlain, bInTransaction]);

        expect((await writer.getSessionsForConsolidation('A')).map((step) => step.stepIndex)).toEqual([0]);
        expect((await writer.getSessionsForConsolidation('B')).map((step) => step.stepIndex)).toEqual([0, 1]);
        expect(await countRows(database, 'execution_sessions', 'session_id = ?', ['sA'])).toBe(0);
        expect(await countRows(database, 'session_logs')).toBe(0);
        expect(await countRows(database, 'session_tool_calls', 'session_id = ?', ['sB'])).toBe(1);
        expect(await database.reader.getExecution('A')).toMatchObject({ status: 'running', progress: 0 });
      });

      it('transaction() commits what the work wrote, or rolls it back and rethrows its error', async () => {
        const value = await writer.transaction('A', async () => {
          await storeStep(writer, 'A', 0);
          return 42;
        });
        expect(value).toBe(42);
        const failure = new Error('agent exploded');
        await expect(
          writer.transaction('A', async () => {
            await storeStep(writer, 'A', 1);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect((await writer.getSessionsForConsolidation('A')).map((step) => step.stepIndex)).toEqual([0]);
        // A failed statement inside the work rolls back the statements before it too.
        await expect(
          writer.transaction('A', async () => {
            await storeStep(writer, 'A', 5);
            const step = stepResult(6);
            await writer.storeStepSession('A', 6, step, { ...stepMeta(step, 's'), score: 2 });
          }),
        ).rejects.toBeInstanceOf(ConstraintError);
        expect(await countRows(database, 'step_sessions')).toBe(1);
      });

      it('inside transaction() work, refuses writes for another execution (they would wait forever) and reads in it', async () => {
        let seen: number | undefined;
        const attempt = writer.transaction('A', async () => {
          await storeStep(writer, 'A', 0);
          seen = (await database.reader.getExecution('A'))?.steps.length;
          await writer.upsertBenchmark({ id: 'b', prompt: 'p', content: 'c' });
        });
        await expectFailure(
          attempt,
          ValidationError,
          'benchmarks (id=b): a write that belongs to no execution cannot run inside the transaction of execution A: it would wait for that transaction forever',
        );
        // Collected writes reach the database only when the work has ended.
        expect(seen).toBe(subject.crossesThreads ? 0 : 1);
        await expect(writer.transaction('A', () => storeStep(writer, 'B', 0))).rejects.toThrow(
          'step_sessions (execution_id=B, step_index=0): a write for execution B cannot run inside the transaction of execution A',
        );
        await expect(writer.transaction('A', () => writer.beginTransaction('B'))).rejects.toThrow(
          subject.crossesThreads
            ? 'beginTransaction inside a transaction is not available from a worker: only writes are collected'
            : 'execution_states (execution_id=B): a transaction for execution B cannot run inside the transaction of execution A',
        );
        await expect(writer.transaction('A', () => writer.storeToolCall('ghost', toolCall('c')))).rejects.toThrow(
          'session_tool_calls (session_id=ghost, call_id=c): FOREIGN KEY constraint failed: session ghost does not exist',
        );
        expect(await countRows(database, 'step_sessions')).toBe(0);
      });

      it('reads of the execution inside its transaction see its uncommitted writes', async () => {
        await writer.beginTransaction('A');
        await storeStep(writer, 'A', 0);
        const { content, metadata } = consolidated('cA', 'A', [stepResult(0)]);
        await writer.storeConsolidatedSession('cA', 'A', content, metadata);
        expect((await writer.getSessionsForConsolidation('A')).length).toBe(1);
        expect((await writer.getConsolidatedSessionsByExecution('A')).length).toBe(1);
        await writer.rollbackTransaction('A');
        expect(await writer.getConsolidatedSessionsByExecution('A')).toEqual([]);
      });

      it('refuses a second begin, and commit or rollback without begin', async () => {
        await writer.beginTransaction('A');
        await expectFailure(writer.beginTransaction('A'), ValidationError, 'execution_states (execution_id=A): a transaction is already open for this execution');
        await writer.commitTransaction('A');
        await expectFailure(writer.commitTransaction('A'), ValidationError, 'execution_states (execution_id=A): no transaction is open for this execution (commit without begin)');
        await expect(writer.rollbackTransaction('B')).rejects.toThrow(ValidationError);
      });

      if (storage === 'file') {
        it('close() rolls back a transaction left open', async () => {
          await writer.beginTransaction('A');
          await storeStep(writer, 'A', 0);
          await database.close();
          const reopened = subject.reopen();
          try {
            expect(await reopened.getSessionsForConsolidation('A')).toEqual([]);
            expect((await reopened.reader.getExecution('A'))?.status).toBe('running');
          } finally {
            await reopened.close();
          }
        });
      }
    });

    describe('interrupted executions', () => {
      it('marks executions whose owner process is gone, or that have no owner, as interrupted', async () => {
        for (const executionId of ['mine', 'dead', 'ownerless', 'elsewhere', 'finished']) {
          await writer.createExecution({ executionId, agent: 'a', mode: 'static' });
        }
        await writer.createExecution({ executionId: 'queued-dead', agent: 'a', mode: 'static', status: 'queued' });
        await writer.completeExecution('finished', { status: 'completed', score: 1, result: null });
        const client = await database.client();
        const pid = deadPid();
        await client.execute({ sql: "UPDATE execution_states SET owner_pid = ? WHERE execution_id IN ('dead', 'queued-dead', 'finished')", args: [pid] });
        await client.execute("UPDATE execution_states SET owner_pid = NULL, owner_host = NULL WHERE execution_id = 'ownerless'");
        await client.execute("UPDATE execution_states SET owner_host = 'some-other-host' WHERE execution_id = 'elsewhere'");

        expect((await writer.markInterruptedExecutions()).sort()).toEqual(['dead', 'ownerless', 'queued-dead']);
        expect(await database.reader.getExecution('dead')).toMatchObject({
          status: 'interrupted',
          error: `interrupted: owner process ${pid} on ${hostname()} is no longer running`,
        });
        expect((await database.reader.getExecution('ownerless'))?.error).toBe(
          'interrupted: no owner process was recorded for this execution',
        );
        for (const untouched of ['mine', 'elsewhere']) {
          expect((await database.reader.getExecution(untouched))?.status).toBe('running');
        }
        expect((await database.reader.getExecution('finished'))?.status).toBe('completed');
        expect(await writer.markInterruptedExecutions()).toEqual([]);
      });

      it('a run claims its queued row: status and owner set, its metadata merged over the queued request', async () => {
        await writer.createExecution({ executionId: 'q', agent: 'a', mode: 'static', status: 'queued', metadata: { request: { agent: 'a' } } });
        await writer.createExecution({ executionId: 'q', agent: 'a', mode: 'static', status: 'queued', metadata: { other: true } });
        expect(await database.reader.getExecution('q')).toMatchObject({ status: 'queued', metadata: { request: { agent: 'a' } } });
        await writer.createExecution({ executionId: 'q', agent: 'a', mode: 'static', metadata: { seed: 0 } });
        expect(await database.reader.getExecution('q')).toMatchObject({
          status: 'running',
          metadata: { request: { agent: 'a' }, seed: 0 },
          ownerPid: process.pid,
        });
        // Running (or finished) rows are never claimed again.
        await writer.createExecution({ executionId: 'q', agent: 'a', mode: 'static', status: 'completed', metadata: { late: true } });
        expect(await database.reader.getExecution('q')).toMatchObject({ status: 'running', metadata: { request: { agent: 'a' }, seed: 0 } });
      });

      it('claims the queued executions of a dead process, oldest first, before they would be marked interrupted', async () => {
        for (const executionId of ['queued-1', 'queued-2', 'queued-live', 'running-dead']) {
          await writer.createExecution({
            executionId,
            benchmarkId: 'b',
            agent: 'a',
            mode: 'static',
            status: executionId.startsWith('queued') ? 'queued' : 'running',
            metadata: { request: { id: executionId } },
          });
        }
        const client = await database.client();
        await client.execute({
          sql: "UPDATE execution_states SET owner_pid = ? WHERE execution_id IN ('queued-1', 'queued-2', 'running-dead')",
          args: [deadPid()],
        });
        const claimed = await writer.claimQueuedExecutions();
        expect(claimed.map((execution) => execution.executionId)).toEqual(['queued-1', 'queued-2']);
        expect(claimed[0]).toMatchObject({ benchmarkId: 'b', agent: 'a', mode: 'static', metadata: { request: { id: 'queued-1' } } });
        expect(await database.reader.getExecution('queued-1')).toMatchObject({ status: 'queued', ownerPid: process.pid });
        expect(await writer.claimQueuedExecutions()).toEqual([]);
        expect(await writer.markInterruptedExecutions()).toEqual(['running-dead']);
      });
    });

    if (storage === 'file') {
      describe('other processes', () => {
        it('retries while another connection holds the lock, then gives up with a BusyError naming the row', async () => {
          const impatient = subject.reopen({ busyTimeoutMs: 0, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
          await impatient.open();
          const file = (await rawRows(database, 'PRAGMA database_list'))[0]?.['file'];
          const other = createClient({ url: `file:${file as string}` });
          const lock = await other.transaction('write');
          try {
            const blocked = impatient.createExecution({ executionId: 'blocked', agent: 'a', mode: 'static' });
            await expect(blocked).rejects.toThrow(BusyError);
            await expect(blocked).rejects.toMatchObject({
              attempts: 3,
              message: expect.stringMatching(/^execution_states \(execution_id=blocked\): database is locked by another process .*gave up after 3 attempts$/),
            });
          } finally {
            await lock.rollback();
            other.close();
          }
          await impatient.createExecution({ executionId: 'blocked', agent: 'a', mode: 'static' });
          await impatient.close();
          expect(await countRows(database, 'execution_states', 'execution_id = ?', ['blocked'])).toBe(1);
        });
      });
    }
  });
}
