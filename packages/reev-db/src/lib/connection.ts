import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createClient, type Client, type InStatement, type InValue, type ResultSet } from '@libsql/client';
import {
  EmbeddedTransaction,
  executeNative,
  openNativeDatabase,
  rowsPrepared,
  runPrepared,
  type NativeDatabase,
  type WriteTransaction,
} from './embedded';
import { DatabaseError, ValidationError, isBusy, messageOf } from './errors';
import { executorOver, type StatementExecutor } from './executor';
import { backoffDelayMs, retryOnBusy, type RetryPolicy } from './retry';

export const DEFAULT_DATABASE_URL = 'file:.reev/reev.db';
/**
 * SQLite's own wait for a lock held by another process. It blocks the whole event loop while it waits, so it
 * stays short: longer waits are asynchronous retries (retry.ts), during which the process keeps answering.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 10;

/** Where a database lives, decided from its URL. */
export type DatabaseTarget =
  | { kind: 'memory'; url: ':memory:' }
  | { kind: 'file'; url: string; path: string }
  | { kind: 'remote'; url: string };

const REMOTE_SCHEMES = ['libsql:', 'http:', 'https:', 'ws:', 'wss:'];

/**
 * `:memory:` (a private in-memory database), `file:<path>` (relative to the working directory, or
 * absolute), or a libSQL server URL. A plain path without a scheme is taken as a file.
 */
export function resolveDatabaseTarget(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed === '') throw new ValidationError('database url is empty');
  if (trimmed === ':memory:' || trimmed === 'file::memory:') return { kind: 'memory', url: ':memory:' };
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && REMOTE_SCHEMES.includes(scheme)) return { kind: 'remote', url: trimmed };
  // A one-letter "scheme" is a Windows drive (C:\\reev.db), i.e. a plain path.
  if (scheme !== undefined && scheme !== 'file:' && scheme.length > 2) {
    throw new ValidationError(
      `database url "${url}" has an unsupported scheme ${scheme} (use file:, :memory:, libsql:, http(s): or ws(s):)`,
    );
  }
  const withoutScheme = scheme === 'file:' ? trimmed.slice('file:'.length) : trimmed;
  // file:///abs/path and file:/abs/path are both absolute paths.
  const filePath = withoutScheme.replace(/^\/\/(?=\/)/, '').split('?')[0] ?? '';
  if (filePath === '' || filePath.includes(':memory:')) {
    throw new ValidationError(`database url "${url}" names no file (use file:<path> or :memory:)`);
  }
  const absolute = path.resolve(filePath);
  return { kind: 'file', url: `file:${absolute}`, path: absolute };
}

export interface ConnectionSettings {
  authToken?: string;
  busyTimeoutMs: number;
  retry: RetryPolicy;
  /** Read-pool connections refuse writes (PRAGMA query_only), so nothing can bypass the write queue. */
  readOnly?: boolean;
}

interface FileIdentity {
  dev: number;
  ino: number;
}

function fileIdentity(filePath: string): FileIdentity | undefined {
  try {
    const stats = statSync(filePath);
    return { dev: stats.dev, ino: stats.ino };
  } catch {
    return undefined;
  }
}

/** What diagnostics get of a connection: any statement, run once, without retries or the write queue. */
export interface SqlClient {
  execute(statement: InStatement): Promise<ResultSet>;
}

/**
 * How statements reach the database: a `libsql` Database for an embedded one (file or :memory:), whose statements
 * are prepared once and reused, or @libsql/client for a libSQL server, which prepares every statement anew.
 */
type Driver = { kind: 'embedded'; db: NativeDatabase } | { kind: 'remote'; client: Client; executor: StatementExecutor };

function openDriver(target: DatabaseTarget, settings: ConnectionSettings): Driver {
  if (target.kind !== 'remote') {
    return { kind: 'embedded', db: openNativeDatabase(target.kind === 'memory' ? ':memory:' : target.path, settings.busyTimeoutMs) };
  }
  const client = createClient({
    url: target.url,
    ...(settings.authToken !== undefined ? { authToken: settings.authToken } : {}),
    concurrency: 1,
    timeout: settings.busyTimeoutMs,
  });
  return { kind: 'remote', client, executor: executorOver(client) };
}

/**
 * ONE SQLite connection (per-connection PRAGMAs hold for every statement), with its PRAGMAs applied and checked.
 *
 * `execute`, `run`, `rows` and `beginWrite` retry SQLITE_BUSY/SQLITE_LOCKED with backoff. After EVERY such failure
 * the connection is replaced: the libsql binding leaves a statement that failed busy in progress, and until it is
 * finalized the connection's later writes stay uncommitted and its COMMITs fail (tursodatabase/libsql-client-ts#352).
 * Replacing it closes the stuck statement with the old connection.
 */
export class Connection implements StatementExecutor {
  /** Any statement, once: for diagnostics, and for the PRAGMAs set here. */
  readonly client: SqlClient = { execute: (statement) => this.executeOnce(statement) };
  /** Since when (ms epoch) the statement in progress has been retrying on another process's lock. */
  private lockWaitSince: number | undefined;
  /** An embedded write transaction holds the connection: statements outside it are refused meanwhile. */
  private transactionOpen = false;

  private constructor(
    readonly target: DatabaseTarget,
    private readonly settings: ConnectionSettings,
    private driver: Driver,
    private readonly identity: FileIdentity | undefined,
  ) {}

  static async open(target: DatabaseTarget, settings: ConnectionSettings): Promise<Connection> {
    if (target.kind === 'file') mkdirSync(path.dirname(target.path), { recursive: true });
    let driver: Driver;
    try {
      driver = openDriver(target, settings);
    } catch (error) {
      throw new DatabaseError(`cannot open database ${target.url}: ${messageOf(error)}`, { cause: error });
    }
    const identity = target.kind === 'file' ? fileIdentity(target.path) : undefined;
    const connection = new Connection(target, settings, driver, identity);
    try {
      // Another process may be creating the same file (switching it to WAL, migrating): wait for it as for any lock.
      await retryOnBusy(() => connection.configure(), settings.retry, () => Promise.resolve(connection.reopen()));
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  /** An autocommit statement, retried while another process holds the lock. */
  execute(statement: InStatement): Promise<ResultSet> {
    return this.retried(() => this.executeOnce(statement));
  }

  /** An autocommit statement (a constant SQL text, see StatementExecutor), retried like `execute`. */
  run(sql: string, args: InValue[]): Promise<number> {
    return this.retried(() => this.onDriver((db) => runPrepared(db, sql, args), (remote) => remote.run(sql, args)));
  }

  /** An autocommit query (a constant SQL text, see StatementExecutor), retried like `execute`. */
  rows(sql: string, args: InValue[]): Promise<unknown[][]> {
    return this.retried(() => this.onDriver((db) => rowsPrepared(db, sql, args), (remote) => remote.rows(sql, args)));
  }

  /** BEGIN IMMEDIATE (the write lock is taken at once, so no statement inside can meet SQLITE_BUSY). */
  beginWrite(): Promise<WriteTransaction> {
    return this.retried(async () => {
      const driver = this.driver;
      if (driver.kind === 'remote') {
        const transaction = await driver.client.transaction('write');
        return {
          ...executorOver(transaction),
          commit: () => transaction.commit(),
          rollback: () => transaction.rollback(),
          close: () => transaction.close(),
        };
      }
      this.assertNoTransaction();
      runPrepared(driver.db, 'BEGIN IMMEDIATE', []);
      this.transactionOpen = true;
      return new EmbeddedTransaction(driver.db, () => {
        this.transactionOpen = false;
      });
    });
  }

/** How long the statement in progress has been waiting for another process's lock (0: not waiting). */
  lockWaitMs(now = Date.now()): number {
    return this.lockWaitSince === undefined ? 0 : now - this.lockWaitSince;
  }

  private async retried<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await retryOnBusy(operation, this.settings.retry, () => {
        this.lockWaitSince ??= Date.now();
        return this.replace();
      });
    } finally {
      this.lockWaitSince = undefined;
    }
  }

  /** Sets and checks the PRAGMAs (again: the migrator switches foreign keys off and on around its batch). */
  async configure(): Promise<void> {
    await configurePerConnection(this.client, this.target, this.settings);
    if (this.target.kind === 'file') await this.ensureWal();
  }

  /**
   * Swaps the underlying SQLite connection for a fresh one on the same file. Refuses if the file was
   * replaced or removed meanwhile (reopening would land on another database). Only local files ever
   * need it: a :memory: database has no other process to meet, a server handles its own locks.
   */
  async replace(): Promise<void> {
    if (this.target.kind !== 'file') return;
    this.reopen();
    // Per-connection PRAGMAs only: the journal mode is a property of the file, set once at open.
    await configurePerConnection(this.client, this.target, this.settings);
  }

  /** A fresh SQLite connection on the same file, PRAGMAs not yet set (see `replace`). */
  private reopen(): void {
    if (this.target.kind !== 'file' || this.driver.kind !== 'embedded') return;
    const now = fileIdentity(this.target.path);
    if (this.identity === undefined || now?.dev !== this.identity.dev || now.ino !== this.identity.ino) {
      throw new DatabaseError(`${this.target.url}: the database file was replaced or removed while open`);
    }
    this.driver.db.close();
    this.driver = { kind: 'embedded', db: openNativeDatabase(this.target.path, this.settings.busyTimeoutMs) };
  }

  /** Switching a fresh file to WAL needs a moment without other connections; another process may be creating it too. */
  private async ensureWal(): Promise<void> {
    const retry = this.settings.retry;
    let outcome = '';
    for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
      try {
        const mode = (await this.client.execute('PRAGMA journal_mode=WAL')).rows[0]?.[0];
        if (mode === 'wal') return;
        outcome = `journal_mode is ${typeof mode === 'string' ? mode : typeof mode}`;
      } catch (error) {
        if (!isBusy(error)) throw error;
        outcome = messageOf(error);
        await this.replace();
      }
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(retry, attempt)));
    }
    throw new DatabaseError(`${this.target.url}: PRAGMA journal_mode=WAL did not take effect (${outcome})`);
  }

  close(): void {
    if (this.driver.kind === 'embedded') this.driver.db.close();
    else this.driver.client.close();
  }

  /** Any statement, once, on the current connection (outside an open transaction). */
  private executeOnce(statement: InStatement): Promise<ResultSet> {
    return this.onDriver(
      (db) => executeNative(db, statement),
      (remote) => remote.execute(statement),
    );
  }

  /** `embedded` on the embedded connection, or `remote` on the server's; a promise either way, errors as rejections. */
  private onDriver<T>(embedded: (db: NativeDatabase) => T, remote: (executor: StatementExecutor) => Promise<T>): Promise<T> {
    const driver = this.driver;
    if (driver.kind === 'remote') return remote(driver.executor);
    return new Promise((resolve) => {
      this.assertNoTransaction();
      resolve(embedded(driver.db));
    });
  }

  private assertNoTransaction(): void {
    if (this.transactionOpen) throw new DatabaseError(`${this.target.url}: a write transaction holds the connection`);
  }
}

async function pragmaValue(client: SqlClient, pragma: string): Promise<unknown> {
  const result = await client.execute(`PRAGMA ${pragma}`);
  const row = result.rows[0];
  return row === undefined ? undefined : row[0];
}

async function setAndVerify(client: SqlClient, target: DatabaseTarget, pragma: string, value: string | number, expected: unknown) {
  await client.execute(`PRAGMA ${pragma}=${value}`);
  const actual = await pragmaValue(client, pragma);
  if (actual !== expected) {
    throw new DatabaseError(
      `${target.url}: PRAGMA ${pragma}=${value} did not take effect (PRAGMA ${pragma} reports ${String(actual)})`,
    );
  }
}

/**
 * Foreign keys everywhere; on files also synchronous=NORMAL (durable at WAL checkpoints, never corrupt),
 * a larger page cache and a busy timeout that only ever waits for OTHER processes, because within a process all writes
 * share one connection and one queue. Each is read back after setting. None of them takes a lock.
 */
async function configurePerConnection(client: SqlClient, target: DatabaseTarget, settings: ConnectionSettings) {
  if (target.kind === 'remote') return;
  await setAndVerify(client, target, 'foreign_keys', 'ON', 1);
  if (settings.readOnly) await setAndVerify(client, target, 'query_only', 'ON', 1);
  if (target.kind === 'memory') return;
  await setAndVerify(client, target, 'busy_timeout', settings.busyTimeoutMs, settings.busyTimeoutMs);
  await setAndVerify(client, target, 'synchronous', 'NORMAL', 1);
  // A 64 MiB page cache keeps the indexes of a large history in memory (the default 2 MiB makes inserts into
  // random-keyed indexes read pages back from disk as the database grows).
  await setAndVerify(client, target, 'cache_size', -65_536, -65_536);
}
