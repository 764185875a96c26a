import type { RetryPolicy } from './retry';

export interface DatabaseOptions {
  /** `file:<path>` (default `file:.reev/reev.db`), `:memory:`, or a libSQL server URL (libsql://, http(s)://). */
  url?: string;
  authToken?: string;
  /**
   * How long SQLite itself waits for a lock held by ANOTHER process before reporting SQLITE_BUSY (which
   * is then retried with backoff). It blocks the event loop while it waits, so keep it short. Default 5000.
   */
  busyTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
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
