// The fast path of an embedded database: each SQL constant prepared once per SQLite connection and run again
// with new arguments. @libsql/client prepares every statement anew (and takes ~0.1 ms per statement on
// top of SQLite); a prepared statement runs in a fraction of that. The connections are those of
// @libsql/client's own pool, so the client and these statements share the one SQLite connection.
import { LibsqlError, type InStatement, type InValue, type ResultSet } from '@libsql/client';
import { Sqlite3Transaction, type ConnectionPool } from '@libsql/client/sqlite3';
import type { StatementExecutor } from './executor';

/** One SQLite connection of the pool (libsql's better-sqlite3-like Database). */
export type NativeDatabase = Awaited<ReturnType<ConnectionPool['acquire']>>;
type NativeStatement = ReturnType<NativeDatabase['prepare']>;

/** Per connection; a connection replaced after SQLITE_BUSY starts with none, and its old statements go with it. */
const preparedByConnection = new WeakMap<NativeDatabase, Map<string, NativeStatement>>();

function prepared(db: NativeDatabase, sql: string): NativeStatement {
  // A prepared statement keeps its SQLite connection alive and would still run after close(): refuse, as the
  // client does for a connection closed between borrowing it and using it.
  if (!db.open) throw new LibsqlError('The connection was closed while this operation was in flight', 'CLIENT_CLOSED');
  let statements = preparedByConnection.get(db);
  if (statements === undefined) {
    statements = new Map();
    preparedByConnection.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    // Rows as arrays in SELECT order (what StatementExecutor.rows promises), not as objects.
    if (statement.reader) statement.raw(true);
    statements.set(sql, statement);
  }
  return statement;
}

const MIN_INTEGER = -(2n ** 63n);
const MAX_INTEGER = 2n ** 63n - 1n;

/**
 * What @libsql/client does with an argument before binding it, so both paths store the same: a boolean
 * becomes 1/0, a Date its milliseconds. The native binding aborts the process on a value it does not know
 * (a boolean, an object), so anything else is refused here.
 */
function bindable(value: InValue): unknown {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'bigint':
      if (value < MIN_INTEGER || value > MAX_INTEGER) {
        throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
      }
      return value;
    default:
      if (value === null || value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return Buffer.from(value);
      if (value instanceof Date) return value.valueOf();
      throw new TypeError(`${value === undefined ? 'undefined' : typeof value} cannot be passed as argument to the database`);
  }
}

function bindableArgs(args: InValue[]): unknown[] {
  const bound = new Array<unknown>(args.length);
  for (let index = 0; index < args.length; index += 1) bound[index] = bindable(args[index]);
  return bound;
}

/** The native binding's SqliteError as the LibsqlError @libsql/client would have thrown (errors.ts reads those). */
function asLibsqlError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return error;
  const { code, rawCode } = error as Error & { code?: unknown; rawCode?: unknown };
  if (typeof code !== 'string') return error;
  // Extended codes extend their base code's name: SQLITE_CONSTRAINT_CHECK, SQLITE_BUSY_SNAPSHOT.
  const base = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  return new LibsqlError(error.message, base, code, typeof rawCode === 'number' ? rawCode : undefined, error);
}

/** Runs a statement that returns no rows on `db`; the number of rows it changed. */
export function runPrepared(db: NativeDatabase, sql: string, args: InValue[]): number {
  try {
    return prepared(db, sql).run(bindableArgs(args)).changes;
  } catch (error) {
    throw asLibsqlError(error);
  }
}

/** Runs a query on `db`; its rows as arrays. */
export function rowsPrepared(db: NativeDatabase, sql: string, args: InValue[]): unknown[][] {
  try {
    return prepared(db, sql).all(bindableArgs(args)) as unknown[][];
  } catch (error) {
    throw asLibsqlError(error);
  }
}

/** An open write transaction: its statements, and how it ends. */
export interface WriteTransaction extends StatementExecutor {
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Gives the connection back, rolling back first if the transaction is still open; a no-op after commit/rollback. */
  close(): void;
}

/**
 * A write transaction on one borrowed connection of the pool (BEGIN IMMEDIATE already run on it). Ending it,
 * and `execute`, are @libsql/client's own Sqlite3Transaction, which gives the connection back to the pool.
 */
export class PreparedTransaction implements WriteTransaction {
  private readonly transaction: Sqlite3Transaction;

  constructor(
    private readonly db: NativeDatabase,
    pool: ConnectionPool,
  ) {
    this.transaction = new Sqlite3Transaction(db, 'number', (used) => pool.release(used));
  }

  execute(statement: InStatement): Promise<ResultSet> {
    return this.transaction.execute(statement);
  }

  run(sql: string, args: InValue[]): Promise<number> {
    return this.inTransaction(() => runPrepared(this.db, sql, args));
  }

  rows(sql: string, args: InValue[]): Promise<unknown[][]> {
    return this.inTransaction(() => rowsPrepared(this.db, sql, args));
  }

  async commit(): Promise<void> {
    try {
      await this.inTransaction(() => runPrepared(this.db, 'COMMIT', []));
    } finally {
      this.transaction.close();
    }
  }

  rollback(): Promise<void> {
    return this.transaction.rollback();
  }

  close(): void {
    this.transaction.close();
  }

  /**
   * Statements only while the transaction is open: SQLite may have rolled it back on its own (after some
   * errors), and a statement run then would commit by itself. Sqlite3Transaction refuses the same way.
   * A promise either way, its error a rejection, as for every other executor.
   */
  private inTransaction<T>(statement: () => T): Promise<T> {
    return new Promise((resolve) => {
      if (this.transaction.closed) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
      resolve(statement());
    });
  }
}
