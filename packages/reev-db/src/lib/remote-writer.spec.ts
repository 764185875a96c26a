import { MessageChannel } from 'node:worker_threads';
import { ConstraintError, DatabaseError, NotFoundError } from './errors';
import { PooledDatabaseWriter } from './pooled-writer';
import { remoteDatabaseWriter, serveDatabaseWriter } from './remote-writer';
import { describeWriterContract, type Storage, type WriterUnderTest } from './test-support/writer-contract';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

const BUSY_TIMEOUT_MS = 250;

/** A remote writer whose calls cross a real MessageChannel (structured clone, as between threads) to `make`'s writer. */
function remoteOver(storage: Storage, make: (url: string) => DatabaseWriter): () => Promise<WriterUnderTest> {
  return () => {
    const temp = storage === 'file' ? tempDirectory() : undefined;
    const url = temp?.fileUrl() ?? ':memory:';
    const database = make(url);
    const channel = new MessageChannel();
    serveDatabaseWriter(channel.port1, database);
    return Promise.resolve({
      writer: remoteDatabaseWriter(channel.port2),
      database,
      crossesThreads: true,
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      reopen: (options = {}) => new DatabaseWriter({ url, busyTimeoutMs: BUSY_TIMEOUT_MS, ...options }),
      cleanup: async () => {
        channel.port1.close();
        channel.port2.close();
        await database.close();
        temp?.remove();
      },
    });
  };
}

const single = (url: string) => new DatabaseWriter({ url, busyTimeoutMs: BUSY_TIMEOUT_MS });
const pooled = (url: string) => new PooledDatabaseWriter({ url, busyTimeoutMs: BUSY_TIMEOUT_MS, poolSize: 3 });

describeWriterContract('remote writer over DatabaseWriter on :memory:', 'memory', remoteOver('memory', single));
describeWriterContract('remote writer over DatabaseWriter on a file', 'file', remoteOver('file', single));
describeWriterContract('remote writer over PooledDatabaseWriter on a file', 'file', remoteOver('file', pooled));

describe('remote writer errors', () => {
  let subject: WriterUnderTest;

  beforeEach(async () => {
    subject = await remoteOver('memory', single)();
    await subject.database.open();
  });

  afterEach(() => subject.cleanup());

  it('arrive as the class they were thrown as, with its fields and message', async () => {
    const missing = await subject.writer.completeExecution('ghost', { status: 'completed', score: 1, result: null }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(DatabaseError);
    expect(missing).toMatchObject({ name: 'NotFoundError', table: 'execution_states', key: { execution_id: 'ghost' } });

    await subject.writer.createExecution({ executionId: 'A', agent: 'a', mode: 'static' });
    const refused = await subject.writer.updateExecutionStatus('A', 'not-a-status' as 'running').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConstraintError);
    expect(refused).toMatchObject({ name: 'ConstraintError', constraint: 'check', table: 'execution_states', key: { execution_id: 'A' } });
    expect((refused as Error).message).toMatch(/^execution_states \(execution_id=A\): CHECK constraint failed/);
    expect((refused as Error).cause).toBeInstanceOf(Error);
  }, 60_000);
});
