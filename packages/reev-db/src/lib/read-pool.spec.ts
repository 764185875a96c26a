import { Connection, resolveDatabaseTarget } from './connection';
import { PooledDatabaseWriter } from './pooled-writer';
import { ReadConnectionPool } from './read-pool';
import { DEFAULT_RETRY_POLICY } from './retry';
import { stepMeta, stepResult } from './test-support/fixtures';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

/** Lets every pending promise callback and I/O callback run once, so a blocked promise shows it is blocked. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadConnectionPool', () => {
  let temp: ReturnType<typeof tempDirectory>;
  let writer: DatabaseWriter;
  let pool: ReadConnectionPool;

  beforeEach(async () => {
    temp = tempDirectory();
    writer = new DatabaseWriter({ url: temp.fileUrl() });
    await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'static' });
    const target = resolveDatabaseTarget(temp.fileUrl());
    const settings = { busyTimeoutMs: 100, retry: DEFAULT_RETRY_POLICY, readOnly: true };
    pool = new ReadConnectionPool(2, () => Connection.open(target, settings));
  });

  afterEach(async () => {
    await pool.close();
    await writer.close();
    temp.remove();
  });

  it('opens at most `size` connections, queues the rest, and gets every connection back, also after errors', async () => {
    const reads = Array.from({ length: 6 }, (_, index) =>
      pool.read(async (executor) => {
        const result = await executor.execute({ sql: 'SELECT count(*) FROM execution_states', args: [] });
        if (index % 2 === 0) throw new Error(`read ${index} failed`);
        return result.rows[0]?.[0];
      }),
    );
    expect(pool.stats()).toMatchObject({ size: 2, waiting: 4 });
    const outcomes = await Promise.allSettled(reads);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: 1 });
    expect(pool.stats()).toEqual({ size: 2, opened: 2, idle: 2, waiting: 0 });
  });

  it('hands out read-only connections', async () => {
    await expect(
      pool.read((executor) =>
        executor.execute({ sql: "UPDATE execution_states SET agent = 'x'", args: [] }),
      ),
    ).rejects.toThrow(/readonly|read-only|query_only/i);
    expect(pool.stats().idle).toBe(1);
  });
});

describe('PooledDatabaseWriter reads', () => {
  it('do not wait for an open transaction and see committed data only; DatabaseWriter reads wait for it', async () => {
    const temp = tempDirectory();
    const pooled = new PooledDatabaseWriter({ url: temp.fileUrl('pooled.db'), poolSize: 2 });
    const single = new DatabaseWriter({ url: temp.fileUrl('single.db') });
    try {
      for (const writer of [pooled, single]) {
        await writer.createExecution({ executionId: 'A', agent: 'a', mode: 'dynamic' });
        await writer.beginTransaction('A');
        const step = stepResult(0);
        await writer.storeStepSession('A', 0, step, stepMeta(step, 's0'));
      }

      const pooledRead = await pooled.reader.getExecution('A');
      expect(pooledRead?.steps).toEqual([]);

      let singleDone = false;
      const singleRead = single.reader.getExecution('A').then((detail) => {
        singleDone = true;
        return detail;
      });
      await settle();
      expect(singleDone).toBe(false);
      await single.commitTransaction('A');
      expect((await singleRead)?.steps).toHaveLength(1);

      await pooled.commitTransaction('A');
      expect((await pooled.reader.getExecution('A'))?.steps).toHaveLength(1);
    } finally {
      await pooled.close();
      await single.close();
      temp.remove();
    }
  });
});
