import type { StepResult } from '@reev/types';
import { ExecutionEventLog, type StreamEvent } from './event-log';

const step: StepResult = {
  step_id: 'swap',
  step_index: 0,
  status: 'completed',
  success: true,
  score: 1,
  tool_calls: [],
  output: null,
  attempt: 1,
  started_at: '2025-01-01T00:00:00.000Z',
  execution_time_ms: 3,
};

describe('ExecutionEventLog', () => {
  it('numbers events, replays history to late subscribers after Last-Event-ID, and ends with done', () => {
    const log = new ExecutionEventLog();
    const early: StreamEvent[] = [];
    log.subscribe((event) => early.push(event));
    log.append({ type: 'execution_started', executionId: 'e1' });
    log.append({ type: 'step_started', executionId: 'e1', stepIndex: 0, stepId: 'swap' });

    const late: StreamEvent[] = [];
    const unsubscribe = log.subscribe((event) => late.push(event), 1);
    log.append({ type: 'step_finished', executionId: 'e1', stepIndex: 0, stepId: 'swap', result: step });
    unsubscribe();
    log.append({ type: 'consolidated', executionId: 'e1', outcome: { ok: false, error: 'consolidation timed out after 5 ms' } });
    log.append({ type: 'done', executionId: 'e1', status: 'completed', score: 0 });
    log.append({ type: 'done', executionId: 'e1', status: 'failed', score: 0 });

    expect(early.map((event) => [event.id, event.type])).toEqual([
      [1, 'execution_started'],
      [2, 'step_started'],
      [3, 'step_finished'],
      [4, 'consolidated'],
      [5, 'done'],
    ]);
    expect(late.map((event) => event.id)).toEqual([2, 3]);
    expect(early[2]?.data).toEqual({ execution_id: 'e1', step_index: 0, step_id: 'swap', result: step });
    expect(early[3]?.data).toEqual({ execution_id: 'e1', ok: false, error: 'consolidation timed out after 5 ms' });
    expect(log.ended).toBe(true);

    const after: StreamEvent[] = [];
    log.subscribe((event) => after.push(event));
    expect(after.map((event) => event.type)).toEqual(['execution_started', 'step_started', 'step_finished', 'consolidated', 'done']);
  });
});
