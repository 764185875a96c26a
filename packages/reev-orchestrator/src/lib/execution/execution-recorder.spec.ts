import { openDatabase, type OpenDatabase } from '@reev/db';
import { parseBenchmark } from '@reev/lib';
import type { ExecutionEvent } from './events';
import { ExecutionRecorder, recordExecutionEnd, recordQueuedExecution, sessionIdOf } from './execution-recorder';

const BENCHMARK = parseBenchmark(
  ['id: 900-recorder', 'description: recorder check', 'prompt: send 0.1 SOL to the recipient', 'initial_state: []', 'ground_truth: {}', ''].join('\n'),
  'recorder.yml',
);

describe('ExecutionRecorder (real in-memory libSQL)', () => {
  let database: OpenDatabase;
  beforeEach(async () => {
    database = await openDatabase({ url: ':memory:' });
  });
  afterEach(() => database.close());

  it('starts with the benchmark row, stores steps and a skipped step, and finishes in order with agent_performance', async () => {
    const events: ExecutionEvent[] = [];
    const recorder = await ExecutionRecorder.start(database.writer, {
      executionId: 'rec-1',
      benchmark: BENCHMARK,
      agent: 'deterministic',
      mode: 'static',
      prompt: BENCHMARK.testCase.prompt,
      events: { emit: (event) => events.push(event) },
    });
    expect((await database.reader.getBenchmark('900-recorder'))?.content).toBe(BENCHMARK.content);
    expect(await database.reader.getExecution('rec-1')).toMatchObject({ benchmarkId: '900-recorder', status: 'running', mode: 'static' });

    await recorder.storeStep({
      prompt: 'step one',
      result: {
        step_id: 'step_1',
        step_index: 0,
        status: 'completed',
        success: true,
        score: 1,
        tool_calls: [],
        output: null,
        attempt: 1,
        started_at: new Date().toISOString(),
        execution_time_ms: 5,
      },
      logEvents: [],
      progress: 0.5,
    });
    const skipped = await recorder.storeSkippedStep({ stepId: 'step_2', stepIndex: 1, prompt: 'step two' }, 'critical step step_1 failed', 1);
    expect(skipped).toMatchObject({ status: 'skipped', score: 0, error_message: 'skipped: critical step step_1 failed' });

    const settled = await recorder.finish(60_000, (consolidation) => ({
      status: 'completed',
      score: consolidation.ok ? 0.5 : 0,
      passed: false,
      result: { note: 'settled' },
      executionTimeMs: recorder.elapsedMs(),
    }));
    expect(settled.score).toBe(0.5);

    const stored = await database.reader.getExecution('rec-1');
    expect(stored).toMatchObject({ status: 'completed', score: 0.5, result: { note: 'settled' } });
    expect(stored?.steps.map((step) => [step.stepId, step.sessionId, step.score])).toEqual([
      ['step_1', sessionIdOf('rec-1', 0), 1],
      ['step_2', sessionIdOf('rec-1', 1), 0],
    ]);
    const [performance] = await database.reader.agentPerformanceSummary();
    expect(performance).toMatchObject({ agent: 'deterministic', runs: 1, averageScore: 0.5, successRate: 0 });
    expect(events.map((event) => event.type)).toEqual(['execution_started', 'consolidated', 'done']);
  }, 60_000);

  it('fails an execution with score 0 and its reason, and ends one that never started', async () => {
    const events: ExecutionEvent[] = [];
    const recorder = await ExecutionRecorder.start(database.writer, {
      executionId: 'rec-2',
      agent: 'deterministic',
      mode: 'dynamic',
      prompt: 'swap',
      events: { emit: (event) => events.push(event) },
    });
    await recorder.fail('planning failed: nothing to do', { breakdown: null });
    expect(await database.reader.getExecution('rec-2')).toMatchObject({ status: 'failed', score: 0, error: 'planning failed: nothing to do', result: { breakdown: null } });
    expect(events.at(-1)).toEqual({ type: 'done', executionId: 'rec-2', status: 'failed', score: 0, error: 'planning failed: nothing to do' });

    await recordQueuedExecution(database.writer, { executionId: 'rec-3', agent: 'a', mode: 'static', metadata: { request: { agent: 'a' } } });
    expect(await database.reader.getExecution('rec-3')).toMatchObject({ status: 'queued', metadata: { request: { agent: 'a' } } });
    await recordExecutionEnd(database.writer, 'rec-3', 'stopped', 'the server shut down before it started');
    expect(await database.reader.getExecution('rec-3')).toMatchObject({ status: 'stopped', score: 0, error: 'the server shut down before it started' });
    expect(await database.reader.agentPerformanceSummary()).toEqual([]);
  }, 60_000);

  it('stores a queued run that the start of its execution later claims', async () => {
    await recordQueuedExecution(database.writer, {
      executionId: 'rec-4',
      benchmarkId: '900-recorder',
      agent: 'deterministic',
      mode: 'static',
      metadata: { interface: 'cli', seed: 3 },
    });
    expect(await database.reader.getExecution('rec-4')).toMatchObject({ status: 'queued', benchmarkId: '900-recorder', metadata: { interface: 'cli', seed: 3 } });
    await ExecutionRecorder.start(database.writer, { executionId: 'rec-4', benchmark: BENCHMARK, agent: 'deterministic', mode: 'static', prompt: 'send' });
    expect(await database.reader.getExecution('rec-4')).toMatchObject({ status: 'running', metadata: { interface: 'cli', seed: 3 } });
  }, 60_000);
});
