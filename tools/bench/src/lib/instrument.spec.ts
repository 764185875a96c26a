import { DatabaseWriter } from '@reev/db';
import type { StepResult, TransactionResult } from '@reev/types';
import { timedWriter } from './instrument';
import { runDynamicFlow, timedReev } from './reev';
import { FLOW_PARTS, Timeline } from './timeline';

describe('timedWriter (a real in-memory DatabaseWriter)', () => {
  it('counts one commit per top-level write and per transaction, none for reads, and times consolidation apart', async () => {
    const timeline = new Timeline();
    const real = new DatabaseWriter({ url: ':memory:' });
    const writer = timedWriter(real, timeline);
    try {
      timeline.restart();
      await writer.createExecution({ executionId: 'e1', agent: 'deterministic', mode: 'dynamic' });
      expect(timeline.part).toBe('other');
      // A flow stores its steps with storeStep; its one transaction() is consolidation's.
      await writer.transaction('e1', async () => {
        await writer.createSession({ sessionId: 'e1-s0', executionId: 'e1', agent: 'deterministic', interface: 'cli' });
        await writer.completeSession('e1-s0', { status: 'completed', score: 1 });
      });
      expect(timeline.part).toBe('consolidation');
      expect(await writer.getSessionsForConsolidation('e1')).toEqual([]);
      await writer.updateExecutionStatus('e1', 'running', { progress: 0.5 });
      const parts = timeline.finish();
      expect(timeline.commits).toBe(3);
      expect(timeline.writerCalls).toBe(6);
      expect(parts.storage).toBeGreaterThan(0);
      expect(parts.consolidation).toBeGreaterThan(0);
      expect((await real.reader.getExecution('e1'))?.progress).toBe(0.5);
    } finally {
      await real.close();
    }
  });
});

describe('timedReev (the default composition, timed, on real LiteSVM and libSQL)', () => {
  it('counts exactly the transactions the flow executed and splits its whole time into parts', async () => {
    const timeline = new Timeline();
    const reev = timedReev(':memory:', timeline);
    try {
      await runDynamicFlow(reev, reev.agent, timeline);
      const started = performance.now();
      timeline.restart();
      const { result } = await runDynamicFlow(reev, reev.agent, timeline);
      const parts = timeline.finish();
      const elapsed = performance.now() - started;

      const executed = result.step_results.flatMap(
        (step: StepResult) => (step.output as { transactions: TransactionResult[] }).transactions,
      );
      expect(executed.length).toBeGreaterThan(0);
      expect(timeline.transactions).toBe(executed.length);
      expect(timeline.commits).toBeGreaterThanOrEqual(result.step_results.length);
      const sum = FLOW_PARTS.reduce((total, part) => total + parts[part], 0);
      expect(sum).toBeLessThanOrEqual(elapsed);
      for (const part of ['environment', 'planning', 'observation', 'agent', 'transactions', 'storage', 'consolidation'] as const) {
        expect(parts[part]).toBeGreaterThan(0);
      }
      expect(timeline.part).toBe('other');
    } finally {
      await reev.close();
    }
  });
});
