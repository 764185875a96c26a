// The behaviour every writer must show, run by writer.spec.ts against DatabaseWriter and
// PooledDatabaseWriter, each on :memory: and on a temporary file database, and by remote-writer.spec.ts against
// the worker-thread writer (remoteDatabaseWriter) served by each of them. Its parts, by theme, are the
// writer-contract-*.ts files next to it.
import type { DatabaseOptions } from '../options';
import type { DatabaseWriterPort } from '../port';
import type { DatabaseWriter } from '../writer';
import type { ContractContext } from './writer-contract-support';
import { contractReads } from './writer-contract-reads';
import { contractRecords } from './writer-contract-records';
import { contractSessions } from './writer-contract-sessions';
import { contractTransactions } from './writer-contract-transactions';

export interface WriterUnderTest {
  /** The writer the contract is about. */
  writer: DatabaseWriterPort;
  /** The DatabaseWriter that owns the database: `writer` itself, or the one a remote writer's calls are served by. */
  database: DatabaseWriter;
  /**
   * Whether calls cross a thread (the remote writer): arguments must survive structured clone, and transaction()
   * collects the work's writes and sends them at its end, so reads and transaction control inside the work are
   * refused instead of seeing its uncommitted writes.
   */
  crossesThreads: boolean;
  busyTimeoutMs: number;
  /** Another writer of the same kind on the same database (for :memory:, necessarily a new empty one). */
  reopen: (options?: DatabaseOptions) => DatabaseWriter;
  /** Closes the writer and deletes the database. */
  cleanup: () => Promise<void>;
}

export type Storage = 'memory' | 'file';

export function describeWriterContract(name: string, storage: Storage, create: () => Promise<WriterUnderTest>): void {
  describe(name, () => {
    const context: ContractContext = { storage, current: undefined };

    beforeEach(async () => {
      context.current = await create();
      await context.current.database.open();
    });

    afterEach(async () => {
      await context.current?.cleanup();
      context.current = undefined;
    });

    contractRecords(context);
    contractSessions(context);
    contractReads(context);
    contractTransactions(context);
  });
}
