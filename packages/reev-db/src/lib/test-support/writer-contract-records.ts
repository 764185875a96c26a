// Part of the writer contract (writer-contract.ts): opening, benchmarks and executions.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { EXECUTION_STATUSES, type ExecutionMode } from '@reev/types';
import { ConstraintError, DatabaseError, NotFoundError, ValidationError } from '../errors';
import type { DatabaseWriterPort } from '../port';
import type { DatabaseWriter } from '../writer';
import { stepMeta, stepResult } from './fixtures';
import type { WriterUnderTest } from './writer-contract';
import { countRows, expectFailure, rawRows, useSubject, type ContractContext } from './writer-contract-support';

export function contractRecords(context: ContractContext): void {
  let subject: WriterUnderTest;
  let writer: DatabaseWriterPort;
  let database: DatabaseWriter;
  const storage = context.storage;

  beforeEach(() => {
    ({ subject, writer, database } = useSubject(context));
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

}
