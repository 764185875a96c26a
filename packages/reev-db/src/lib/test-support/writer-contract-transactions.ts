// Part of the writer contract (writer-contract.ts): transactions per execution and interrupted executions.
import { hostname } from 'node:os';
import { createClient } from '@libsql/client';
import { BusyError, ConstraintError, ValidationError } from '../errors';
import type { DatabaseWriterPort } from '../port';
import type { DatabaseWriter } from '../writer';
import { consolidated, sessionLog, stepMeta, stepResult, toolCall } from './fixtures';
import type { WriterUnderTest } from './writer-contract';
import { countRows, deadPid, expectFailure, rawRows, settle, storeStep, useSubject, type ContractContext } from './writer-contract-support';

export function contractTransactions(context: ContractContext): void {
  let subject: WriterUnderTest;
  let writer: DatabaseWriterPort;
  let database: DatabaseWriter;
  const storage = context.storage;

  beforeEach(() => {
    ({ subject, writer, database } = useSubject(context));
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
}
