import type { RetryPolicy } from './retry';

export interface DatabaseOptions {
  /** `file:<path>` (default `file:.reev/reev.db`), `:memory:`, or a libSQL server URL (libsql://, http(s)://). */
  url?: string;
  authToken?: string;
  /**
   * How long SQLite itself waits for a lock held by ANOTHER process before reporting SQLITE_BUSY (which
   * is then retried with asynchronous backoff, `retry`). It blocks the event loop while it waits, so keep it
   * short. Default 10.
   */
  busyTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Files up to this many bytes (with their WAL) get PRAGMA quick_check when opened, before anything is written,
   * and a damaged one is refused; larger ones are checked on a worker thread after opening. Default 64 MiB.
   */
  integrityCheckMaxBytes?: number;
}

export interface PooledDatabaseOptions extends DatabaseOptions {
  /** Read connections (default 10). Writes always use the one writer connection. */
  poolSize?: number;
}

export interface DatabaseRegistrationOptions extends PooledDatabaseOptions {
  /** PooledDatabaseWriter instead of DatabaseWriter. */
  pooled?: boolean;
}

export const DEFAULT_POOL_SIZE = 10;
