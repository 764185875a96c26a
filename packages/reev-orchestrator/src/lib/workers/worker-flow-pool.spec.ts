import { createTestReev, type TestReev } from '../test-support/test-reev';
import { WorkerFlowPool } from './worker-flow-pool';

// Real work (starts worker threads, each compiling the sources under tsx): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

const MULTIPLY = 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter';

describe('WorkerFlowPool (real worker threads, LiteSVM in each, one database writer)', () => {
  let reev: TestReev;
  let pool: WorkerFlowPool;
  beforeAll(() => {
    reev = createTestReev();
    pool = new WorkerFlowPool(reev.writer, { workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
    await reev.close();
  });

  it('runs flows on the workers and stores every step and consolidation through the one writer', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.executeDynamicFlow(MULTIPLY, 'USER_WALLET_PUBKEY', 'deterministic')));
    expect(results.map((result) => [result.status, result.score])).toEqual(Array.from({ length: 6 }, () => ['completed', 1]));
    const page = await reev.reader.listExecutions({ limit: 100 });
    expect(page.total).toBe(6);
    for (const result of results) {
      const execution = await reev.reader.getExecution(result.execution_id);
      expect(execution?.steps).toHaveLength(4);
      expect(await reev.reader.getConsolidatedSession(result.consolidated_session_id!)).toBeDefined();
    }
  });

  it('reports a request the worker cannot plan as a rejected promise naming why', async () => {
    await expect(pool.executeDynamicFlow('swap 500 SOL to USDC', 'USER_WALLET_PUBKEY', 'deterministic')).rejects.toThrow(
      /needs 500 SOL plus 0.000005 SOL in transaction fees, but the wallet will hold only 10 SOL/,
    );
  });
});
