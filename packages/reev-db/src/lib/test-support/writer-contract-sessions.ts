// Part of the writer contract (writer-contract.ts): sessions, logs, tool calls, steps, consolidated sessions and agent performance.
import { SESSION_STATUSES, TOOL_CALL_STATUSES } from '@reev/types';
import { ConstraintError, NotFoundError, ValidationError } from '../errors';
import type { DatabaseWriterPort, StepWrite } from '../port';
import type { DatabaseWriter } from '../writer';
import { consolidated, sessionLog, stepMeta, stepResult, toolCall } from './fixtures';
import { countRows, expectFailure, rawRows, storeStep, useSubject, type ContractContext } from './writer-contract-support';

export function contractSessions(context: ContractContext): void {
  let writer: DatabaseWriterPort;
  let database: DatabaseWriter;

  beforeEach(() => {
    ({ writer, database } = useSubject(context));
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

  describe('a whole step in one call (storeStep)', () => {
    const step = (executionId: string, sessionId: string): StepWrite => {
      const result = stepResult(0, { tool_calls: [toolCall('c1'), toolCall('c2', { status: 'error', error: 'x' })] });
      return {
        executionId,
        stepIndex: 0,
        session: { sessionId, executionId, agent: 'deterministic', interface: 'cli', prompt: 'p' },
        completion: { status: 'completed', score: 0.5, content: { step_id: result.step_id, status: result.status } },
        content: result,
        meta: stepMeta(result, sessionId),
        log: { ...sessionLog(sessionId, executionId), tool_calls: result.tool_calls },
        toolCalls: result.tool_calls,
        status: 'running',
        statusUpdate: { progress: 0.25 },
      };
    };
    // What readers see of one step, with the ids and the times of writing left out.
    const stored = async (executionId: string) => {
      const rows = async (sql: string) => (await rawRows(database, sql, [executionId])).map((row) => JSON.stringify(Array.from(row)).replaceAll(executionId, 'E'));
      return {
        sessions: await rows(`SELECT execution_id, session_id, benchmark_id, agent, interface, prompt, status, score, content, ended_at IS NOT NULL FROM execution_sessions WHERE execution_id = ?1`),
        steps: await rows(`SELECT execution_id, step_index, step_id, session_id, content, success, error, tool_count, score, started_at, duration_ms FROM step_sessions WHERE execution_id = ?1`),
        logs: await rows(`SELECT session_id, content FROM session_logs WHERE session_id IN (SELECT session_id FROM execution_sessions WHERE execution_id = ?1)`),
        calls: await rows(`SELECT session_id, call_id, tool_name, started_at, duration_ms, input, output, status, error FROM session_tool_calls WHERE session_id IN (SELECT session_id FROM execution_sessions WHERE execution_id = ?1) ORDER BY call_id`),
        execution: await rows(`SELECT status, progress FROM execution_states WHERE execution_id = ?1`),
      };
    };

    beforeEach(async () => {
      await writer.createExecution({ executionId: 'single', agent: 'deterministic', mode: 'dynamic' });
      await writer.createExecution({ executionId: 'batched', agent: 'deterministic', mode: 'dynamic' });
    });

    it('stores the same rows as the single calls in one transaction', async () => {
      const one = step('single', 'single-s0');
      await writer.transaction('single', async () => {
        await writer.createSession(one.session);
        await writer.storeStepSession('single', 0, one.content, one.meta);
        await writer.storeSessionLog('single-s0', one.log);
        for (const call of one.toolCalls) await writer.storeToolCall('single-s0', call);
        await writer.completeSession('single-s0', one.completion);
        await writer.updateExecutionStatus('single', one.status, one.statusUpdate);
      });
      await writer.storeStep(step('batched', 'batched-s0'));
      const batched = await stored('batched');
      expect(batched.calls).toHaveLength(2);
      expect(batched).toEqual(await stored('single'));
      expect((await writer.getSessionsForConsolidation('batched'))[0]?.content).toEqual(one.content);
    });

    it('stores nothing of a step that fails, naming the row that failed', async () => {
      await writer.createSession({ sessionId: 'taken', executionId: 'single', agent: 'a', interface: 'cli' });
      await expectFailure(writer.storeStep(step('batched', 'taken')), ConstraintError, 'execution_sessions (session_id=taken): session already belongs to execution single, not batched');
      const bad = step('batched', 'batched-s0');
      await expectFailure(
        writer.storeStep({ ...bad, toolCalls: [...bad.toolCalls, toolCall('c3', { duration_ms: -1 })] }),
        ValidationError,
        'session_tool_calls (session_id=batched-s0, call_id=c3): call.duration_ms must not be negative, got -1',
      );
      // Fails at its second statement, after the session row: the transaction takes that row back too.
      await expect(writer.storeStep({ ...bad, meta: { ...bad.meta, score: 1.5 } })).rejects.toThrow(
        'step_sessions (execution_id=batched, step_index=0): CHECK constraint failed: step_sessions_score_check (score must be between 0 and 1)',
      );
      await expectFailure(writer.storeStep({ ...bad, executionId: 'missing', session: { ...bad.session, executionId: 'missing' } }), ConstraintError, 'execution_sessions (session_id=batched-s0): FOREIGN KEY constraint failed: execution missing does not exist');
      expect(await stored('batched')).toEqual({ sessions: [], steps: [], logs: [], calls: [], execution: ['["running",0]'] });
    });

    it('refuses a step while its execution has a transaction open, or inside another execution\'s transaction, storing nothing', async () => {
      await writer.beginTransaction('batched');
      await expectFailure(writer.storeStep(step('batched', 'batched-s0')), ValidationError, 'execution_states (execution_id=batched): a transaction is already open for this execution');
      await writer.rollbackTransaction('batched');
      await expectFailure(
        writer.transaction('single', () => writer.storeStep(step('batched', 'batched-s0'))),
        ValidationError,
        'execution_states (execution_id=batched): a transaction for execution batched cannot run inside the transaction of execution single: it would wait for that transaction forever',
      );
      expect(await stored('batched')).toEqual({ sessions: [], steps: [], logs: [], calls: [], execution: ['["running",0]'] });
      await writer.storeStep(step('batched', 'batched-s0'));
      expect((await stored('batched')).calls).toHaveLength(2);
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

}
