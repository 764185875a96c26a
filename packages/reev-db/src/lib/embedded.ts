// An embedded database (a file or :memory:) through the public API of the `libsql` package (better-sqlite3's API):
// each SQL constant prepared once per SQLite connection and run again with new arguments, any other statement
// prepared for its one run. @libsql/client is only for libSQL servers (connection.ts).
import Database from 'libsql';
import type { InStatement, InValue, ResultSet, Row } from '@libsql/client';
import { DatabaseError } from './errors';
import type { StatementExecutor } from './executor';
import type { ImmediateExecutor } from './statement-script';

/** One SQLite connection of the `libsql` package. */
export type NativeDatabase = Database.Database;
type NativeStatement = Database.Statement;

/** Opens `file` (or `:memory:`); SQLite itself waits up to `busyTimeoutMs` for another process's lock. */
export function openNativeDatabase(file: string, busyTimeoutMs: number): NativeDatabase {
  return new Database(file, { timeout: busyTimeoutMs });
}

/** Per connection; a connection replaced after SQLITE_BUSY starts with none, and its old statements go with it. */
const preparedByConnection = new WeakMap<NativeDatabase, Map<string, NativeStatement>>();

/** A prepared statement keeps its SQLite connection alive and would still run after close(): refuse instead. */
function assertOpen(db: NativeDatabase): void {
  if (!db.open) throw new DatabaseError('the database connection was closed while this statement was in flight');
}

function prepared(db: NativeDatabase, sql: string): NativeStatement {
  assertOpen(db);
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
 * A value as the binding stores it: a boolean becomes 1/0, a Date its milliseconds. The native binding aborts the
 * process on a value it does not know (a boolean, an object), so anything else is refused here.
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

function bindableArgs(args: readonly InValue[]): unknown[] {
  const bound = new Array<unknown>(args.length);
  for (let index = 0; index < args.length; index += 1) bound[index] = bindable(args[index]);
  return bound;
}

/** Runs a statement that returns no rows on `db`; the number of rows it changed. */
export function runPrepared(db: NativeDatabase, sql: string, args: InValue[]): number {
  return prepared(db, sql).run(bindableArgs(args)).changes;
}

/** Runs a query on `db`; its rows as arrays. */
export function rowsPrepared(db: NativeDatabase, sql: string, args: InValue[]): unknown[][] {
  return prepared(db, sql).all(bindableArgs(args)) as unknown[][];
}

/** A row readable by position and by column name (the first column of a name wins), like @libsql/client's. */
function rowOf(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, 'length', { value: values.length });
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    Object.defineProperty(row, index, { value });
    const column = columns[index];
    if (column !== undefined && !Object.hasOwn(row, column)) {
      Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
    }
  }
  return row as unknown as Row;
}

function resultSet(columns: string[], columnTypes: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows: rows.map((row) => Array.from(row)), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  };
}

/** Any statement (drizzle's queries, migrations, diagnostics), prepared for this one run; named arguments allowed. */
export function executeNative(db: NativeDatabase, statement: InStatement): ResultSet {
  assertOpen(db);
  const sql = typeof statement === 'string' ? statement : statement.sql;
  const given = typeof statement === 'string' ? [] : (statement.args ?? []);
  const args = Array.isArray(given)
    ? bindableArgs(given)
    : Object.fromEntries(Object.entries(given).map(([name, value]) => [name.replace(/^[@$:]/, ''), bindable(value)]));
  const native = db.prepare(sql);
  if (!native.reader) {
    const { changes, lastInsertRowid } = native.run(args);
    return resultSet([], [], [], changes, BigInt(lastInsertRowid));
  }
  native.raw(true);
  const definitions = native.columns();
  const columns = definitions.map((column) => column.name);
  const rows = (native.all(args) as unknown[][]).map((values) => rowOf(values, columns));
  return resultSet(columns, definitions.map((column) => column.type ?? ''), rows, 0, undefined);
}

/** An open write transaction: its statements, and how it ends. */
export interface WriteTransaction extends StatementExecutor {
  /** The same statements run synchronously, where the connection allows it (an embedded one). */
  readonly immediate?: ImmediateExecutor;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Ends it, rolling back first if it is still open; a no-op after commit/rollback. */
  close(): void;
}

/**
 * A write transaction on an embedded connection (BEGIN IMMEDIATE already run on it). `onEnd` runs once, when it
 * ends, so the connection can take other statements again.
 */
export class EmbeddedTransaction implements WriteTransaction {
  readonly immediate: ImmediateExecutor = {
    run: (sql, args) => {
      this.assertActive();
      return runPrepared(this.db, sql, args);
    },
    rows: (sql, args) => {
      this.assertActive();
      return rowsPrepared(this.db, sql, args);
    },
  };
  private closed = false;

  constructor(
    private readonly db: NativeDatabase,
    private readonly onEnd: () => void,
  ) {}

  execute(statement: InStatement): Promise<ResultSet> {
    return this.inTransaction(() => executeNative(this.db, statement));
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
      this.close();
    }
  }

  rollback(): Promise<void> {
    return new Promise((resolve) => {
      try {
        if (!this.closed && this.db.open && this.db.inTransaction) runPrepared(this.db, 'ROLLBACK', []);
      } finally {
        this.close();
      }
      resolve();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.db.open && this.db.inTransaction) runPrepared(this.db, 'ROLLBACK', []);
    } finally {
      this.onEnd();
    }
  }

  /**
   * Statements only while the transaction is open: SQLite may have rolled it back on its own (after some errors),
   * and a statement run then would commit by itself. A promise either way, its error a rejection.
   */
  private inTransaction<T>(statement: () => T): Promise<T> {
    return new Promise((resolve) => {
      this.assertActive();
      resolve(statement());
    });
  }

  private assertActive(): void {
    if (this.closed || !this.db.open || !this.db.inTransaction) {
      throw new DatabaseError('the write transaction has ended; no statement can run in it');
    }
  }
}
