import type { DatabaseOptions } from './options';
import { PooledDatabaseWriter } from './pooled-writer';
import { describeWriterContract, type Storage, type WriterUnderTest } from './test-support/writer-contract';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

const BUSY_TIMEOUT_MS = 250;

type MakeWriter = (options: DatabaseOptions) => DatabaseWriter;

function factory(storage: Storage, make: MakeWriter): () => Promise<WriterUnderTest> {
  return () => {
    const temp = storage === 'file' ? tempDirectory() : undefined;
    const url = temp?.fileUrl() ?? ':memory:';
    const writer = make({ url, busyTimeoutMs: BUSY_TIMEOUT_MS });
    return Promise.resolve({
      writer,
      database: writer,
      crossesThreads: false,
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      reopen: (options = {}) => make({ url, busyTimeoutMs: BUSY_TIMEOUT_MS, ...options }),
      cleanup: async () => {
        await writer.close();
        temp?.remove();
      },
    });
  };
}

const single: MakeWriter = (options) => new DatabaseWriter(options);
const pooled: MakeWriter = (options) => new PooledDatabaseWriter({ ...options, poolSize: 3 });

describeWriterContract('DatabaseWriter on :memory:', 'memory', factory('memory', single));
describeWriterContract('DatabaseWriter on a file', 'file', factory('file', single));
describeWriterContract('PooledDatabaseWriter on :memory:', 'memory', factory('memory', pooled));
describeWriterContract('PooledDatabaseWriter on a file', 'file', factory('file', pooled));
