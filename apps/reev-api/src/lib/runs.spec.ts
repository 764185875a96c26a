import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@reev/db';
import { ExecutionStateSchema, StopResponseSchema } from './response-schemas';
import { copySuite, startTestServer, waitFor, type TestServer } from './test-support/api-test-server';
import { openEventStream, type ReceivedEvent } from './test-support/event-stream';

const DYNAMIC = '300-jup-swap-then-lend-deposit-dyn';

function types(events: ReceivedEvent[]): string[] {
  return events.map((event) => event.type);
}

describe('runs: live events, stop, queueing', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ maxConcurrentRuns: 2 });
  });
  afterAll(() => api.close());

  const status = (benchmarkId: string, executionId: string) => api.get(`/api/v1/benchmarks/${benchmarkId}/status/${executionId}`);

  it('streams a dynamic benchmark run as Server-Sent Events, in order, ending with done', async () => {
    const started = await api.post(`/api/v1/benchmarks/${DYNAMIC}/run`, { agent: 'deterministic' });
    const stream = await openEventStream(`${api.baseUrl}/api/v1/executions/${started.json.execution_id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await stream.rest();

    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    const kinds = types(events);
    expect(kinds[0]).toBe('execution_started');
    expect(kinds.slice(-2)).toEqual(['consolidated', 'done']);
    const steps = events.filter((event) => event.type === 'step_started' || event.type === 'step_finished');
    for (let index = 0; index < steps.length; index += 2) {
      expect([steps[index]?.type, steps[index + 1]?.type]).toEqual(['step_started', 'step_finished']);
      expect(steps[index + 1]?.data.step_index).toBe(index / 2);
      expect(steps[index + 1]?.data.result.success).toBe(true);
    }
    expect(events.at(-2)?.data).toMatchObject({ ok: true, execution_id: started.json.execution_id });
    expect(events.at(-1)?.data).toMatchObject({ status: 'Completed', score: 1 });

    // A late subscriber gets the whole history, then the end.
    const late = await openEventStream(`${api.baseUrl}/api/v1/executions/${started.json.execution_id}/events`);
    expect(types(await late.rest())).toEqual(kinds);
    // Last-Event-ID resumes after the events already seen.
    const resumed = await openEventStream(`${api.baseUrl}/api/v1/executions/${started.json.execution_id}/events`, {
      'last-event-id': String(events.length - 2),
    });
    expect(types(await resumed.rest())).toEqual(['consolidated', 'done']);
  });

  it('stops a dynamic run mid-flow: the first step stays stored, the execution ends stopped', async () => {
    const started = await api.post(`/api/v1/benchmarks/${DYNAMIC}/run`, { agent: 'gated' });
    const executionId: string = started.json.execution_id;
    const stream = await openEventStream(`${api.baseUrl}/api/v1/executions/${executionId}/events`);
    let event = await stream.next();
    while (event && event.type !== 'step_finished') event = await stream.next();
    expect(event?.data).toMatchObject({ step_index: 0 });
    expect(event?.data.result.success).toBe(true);

    const running = ExecutionStateSchema.parse((await status(DYNAMIC, executionId)).json);
    expect(running).toMatchObject({ status: 'Running', is_running: true });

    const stopped = await api.post(`/api/v1/benchmarks/${DYNAMIC}/stop/${executionId}`);
    expect(stopped.status).toBe(200);
    expect(StopResponseSchema.parse(stopped.json)).toMatchObject({ execution_id: executionId, status: 'Stopped' });

    const rest = await stream.rest();
    expect(rest.at(-1)).toMatchObject({ type: 'done', data: { status: 'Stopped', score: 0 } });

    const final = ExecutionStateSchema.parse((await status(DYNAMIC, executionId)).json);
    expect(final).toMatchObject({ status: 'Stopped', is_running: false, score: 0, error_message: 'execution stopped' });
    expect(final.steps[0]).toMatchObject({ step_index: 0, success: true, status: 'completed' });
    expect(final.steps[1]).toMatchObject({ step_index: 1, success: false, status: 'stopped' });
    expect(final.steps.slice(2).every((step) => step.status === 'skipped')).toBe(true);

    const again = await api.post(`/api/v1/benchmarks/${DYNAMIC}/stop/${executionId}`);
    expect(again.status).toBe(409);
    expect(again.json.message).toBe(`execution ${executionId} is not running (stopped)`);
  });

  it('runs at most maxConcurrentRuns at once; a queued run is stopped without starting', async () => {
    const first = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'held' });
    const second = await api.post('/api/v1/benchmarks/002-spl-transfer/run', { agent: 'held' });
    const third = await api.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' });
    expect([first.json.status, second.json.status, third.json.status]).toEqual(['Running', 'Running', 'Queued']);

    const queued = ExecutionStateSchema.parse((await status('001-sol-transfer', third.json.execution_id)).json);
    expect(queued).toMatchObject({ status: 'Queued', is_running: true, steps: [] });
    const detail = await api.get('/api/v1/benchmarks/001-sol-transfer');
    expect(detail.json.recent_executions[0]).toMatchObject({ execution_id: third.json.execution_id, status: 'Queued' });
    expect((await api.get('/api/v1/health')).json.runs).toEqual({ running: 2, queued: 1 });

    const stopQueued = await api.post(`/api/v1/benchmarks/001-sol-transfer/stop/${third.json.execution_id}`);
    expect(stopQueued.json).toMatchObject({ status: 'Stopped' });
    const stoppedQueued = (await status('001-sol-transfer', third.json.execution_id)).json;
    expect(stoppedQueued).toMatchObject({ status: 'Stopped', steps: [], error_message: 'stopped before it started' });
    const events = await openEventStream(`${api.baseUrl}/api/v1/executions/${third.json.execution_id}/events`);
    expect(types(await events.rest())).toEqual(['done']);

    // Freeing a slot starts the next waiting run.
    const fourth = await api.post('/api/v1/benchmarks/002-spl-transfer/run', {});
    expect(fourth.json.status).toBe('Queued');
    await api.post(`/api/v1/benchmarks/001-sol-transfer/stop/${first.json.execution_id}`);
    const fourthDone = await waitFor(
      () => status('002-spl-transfer', fourth.json.execution_id),
      (answer) => answer.json.status === 'Completed',
    );
    expect(fourthDone.json.score).toBe(1);
    await api.post(`/api/v1/benchmarks/002-spl-transfer/stop/${second.json.execution_id}`);
    expect((await status('002-spl-transfer', second.json.execution_id)).json.status).toBe('Stopped');
  });

  it('runs 20 free requests at once to completion: every step stored once, one consolidated row each', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-db-'));
    const databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    const concurrent = await startTestServer({ databaseUrl });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          concurrent.post('/api/v1/benchmarks/execute-direct', {
            prompt: index % 2 === 0 ? 'swap 1 SOL to USDC then lend it' : 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter',
            agent: 'deterministic',
            execution_id: `concurrent-${index}`,
          }),
        ),
      );
      for (const [index, answer] of answers.entries()) {
        expect({ index, status: answer.status, run: answer.json.status }).toEqual({ index, status: 200, run: 'Completed' });
        expect(answer.json.execution_id).toBe(`concurrent-${index}`);
      }

      // Read back through a second connection to the same file: what is stored, not what the server remembers.
      const database = await openDatabase({ url: databaseUrl });
      try {
        const counted = await database.client.execute(
          "SELECT (SELECT count(*) FROM consolidated_sessions WHERE execution_id LIKE 'concurrent-%') AS consolidated, " +
            "(SELECT count(*) FROM step_sessions WHERE execution_id LIKE 'concurrent-%') AS steps, " +
            "(SELECT count(DISTINCT execution_id || ':' || step_index) FROM step_sessions WHERE execution_id LIKE 'concurrent-%') AS distinct_steps",
        );
        const expectedSteps = answers.reduce((sum, answer) => sum + (answer.json.result.step_results as unknown[]).length, 0);
        expect(counted.rows[0]).toMatchObject({ consolidated: 20, steps: expectedSteps, distinct_steps: expectedSteps });
        for (const answer of answers) {
          const executionId: string = answer.json.execution_id;
          const stored = await database.reader.getExecution(executionId);
          const stepCount = (answer.json.result.step_results as unknown[]).length;
          expect(stored?.steps.map((step) => step.stepIndex)).toEqual(Array.from({ length: stepCount }, (_, i) => i));
          const consolidated = await database.reader.getConsolidatedSessionsByExecution(executionId);
          expect(consolidated.map((row) => row.consolidatedSessionId)).toEqual([answer.json.result.consolidated_session_id]);
          expect(consolidated[0]?.originalSessionIds).toHaveLength(stepCount);
        }
      } finally {
        await database.close();
      }
    } finally {
      await concurrent.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('runs: shutdown and executions of another process', () => {
  it('close() stops running and queued runs; they end stopped in the database', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-db-'));
    const databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    const benchmarksDir = copySuite();
    try {
      const first = await startTestServer({ databaseUrl, benchmarksDir, maxConcurrentRuns: 1 });
      const running = await first.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'held' });
      const waiting = await first.post('/api/v1/benchmarks/001-sol-transfer/run', { agent: 'deterministic' });
      await waitFor(
        () => first.get(`/api/v1/benchmarks/001-sol-transfer/status/${running.json.execution_id}`),
        (answer) => answer.json.status === 'Running',
      );
      await first.close();

      const second = await startTestServer({ databaseUrl, benchmarksDir });
      try {
        const runningAfter = (await second.get(`/api/v1/benchmarks/001-sol-transfer/status/${running.json.execution_id}`)).json;
        const waitingAfter = (await second.get(`/api/v1/benchmarks/001-sol-transfer/status/${waiting.json.execution_id}`)).json;
        expect(runningAfter).toMatchObject({ status: 'Stopped', is_running: false });
        expect(waitingAfter).toMatchObject({ status: 'Stopped', error_message: 'the server shut down before it started' });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
      rmSync(benchmarksDir, { recursive: true, force: true });
    }
  });

  it('streams an execution another server runs on the same database file, read from the database', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'reev-api-db-'));
    const databaseUrl = `file:${path.join(directory, 'reev.db')}`;
    const benchmarksDir = copySuite();
    const runner = await startTestServer({ databaseUrl, benchmarksDir });
    const watcher = await startTestServer({ databaseUrl, benchmarksDir, eventPollIntervalMs: 20 });
    try {
      const started = await runner.post(`/api/v1/benchmarks/${DYNAMIC}/run`, { agent: 'gated' });
      const executionId: string = started.json.execution_id;
      await waitFor(
        () => watcher.get(`/api/v1/benchmarks/${DYNAMIC}/status/${executionId}`),
        (answer) => answer.status === 200 && answer.json.steps.length >= 1,
      );
      const stream = await openEventStream(`${watcher.baseUrl}/api/v1/executions/${executionId}/events`);
      const first = await stream.next();
      expect(first).toMatchObject({ id: 1, type: 'step_finished', data: { step_index: 0 } });

      const elsewhere = await watcher.post(`/api/v1/benchmarks/${DYNAMIC}/stop/${executionId}`);
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.json.message).toMatch(/runs in another process/);

      await runner.post(`/api/v1/benchmarks/${DYNAMIC}/stop/${executionId}`);
      const rest = await stream.rest();
      expect(types(rest).slice(-2)).toEqual(['consolidated', 'done']);
      expect(rest.at(-1)?.data).toMatchObject({ status: 'Stopped' });
      const laterSteps = rest.filter((event) => event.type === 'step_finished').map((event) => event.data.step_index as number);
      expect(laterSteps).toEqual(laterSteps.map((_, index) => index + 1));
    } finally {
      await watcher.close();
      await runner.close();
      rmSync(directory, { recursive: true, force: true });
      rmSync(benchmarksDir, { recursive: true, force: true });
    }
  });

  it('answers 404 for the events of an unknown execution', async () => {
    const api = await startTestServer();
    try {
      const answer = await api.get('/api/v1/executions/no-such-execution/events');
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ error: 'not_found', message: 'no execution no-such-execution' });
      expect((await api.get('/api/v1/executions/..%2Fx/events')).status).toBe(400);
    } finally {
      await api.close();
    }
  });
});
