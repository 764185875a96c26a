import { PooledDatabaseWriter } from './pooled-writer';
import { stepMeta, stepResult } from './test-support/fixtures';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

// Real work (thousands of real transactions): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

const EXECUTIONS = 50;
const STEPS = 8;

/** Every execution runs at once; each stores its steps one by one, each step in its own transaction. */
async function storeAllConcurrently(writer: DatabaseWriter): Promise<void> {
  await Promise.all(
    Array.from({ length: EXECUTIONS }, async (_, execution) => {
      const executionId = `exec-${execution}`;
      await writer.createExecution({ executionId, agent: 'deterministic', mode: 'dynamic' });
      for (let index = 0; index < STEPS; index += 1) {
        const step = stepResult(index);
        await writer.beginTransaction(executionId);
        await writer.storeStepSession(executionId, index, step, stepMeta(step, `${executionId}-s${index}`));
        await writer.updateExecutionStatus(executionId, 'running', { progress: (index + 1) / STEPS });
        await writer.commitTransaction(executionId);
      }
      // Readers run between the writers' transactions.
      expect(await writer.getSessionsForConsolidation(executionId)).toHaveLength(STEPS);
    }),
  );
}

describe.each([
  ['DatabaseWriter', (url: string) => new DatabaseWriter({ url })],
  ['PooledDatabaseWriter', (url: string) => new PooledDatabaseWriter({ url, poolSize: 4 })],
])('%s under concurrent executions', (_name, make) => {
  it(`stores ${EXECUTIONS} executions × ${STEPS} steps (one transaction per step) from interleaved promises`, async () => {
    const temp = tempDirectory();
    const writer = make(temp.fileUrl());
    try {
      await storeAllConcurrently(writer);
      const client = await writer.client();
      const count = async (sql: string) => Number((await client.execute(sql)).rows[0]?.[0]);
      expect(await count('SELECT count(*) FROM step_sessions')).toBe(EXECUTIONS * STEPS);
      expect(await count("SELECT count(DISTINCT execution_id || '/' || step_index) FROM step_sessions")).toBe(
        EXECUTIONS * STEPS,
      );
      expect(await count('SELECT count(*) FROM execution_states WHERE progress = 1')).toBe(EXECUTIONS);
      expect((await client.execute('PRAGMA integrity_check')).rows[0]?.[0]).toBe('ok');
    } finally {
      await writer.close();
      temp.remove();
    }
  });
});
