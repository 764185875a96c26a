import type { InStatement, InValue, ResultSet } from '@libsql/client';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';

/**
 * Where statements run: one connection or one open transaction.
 *
 * `run` and `rows` are the fast path for the SQL constants of statements.ts: on an embedded database each
 * SQL text is prepared once per connection and reused (so pass only constant SQL there, never SQL built per
 * call). `execute` takes any statement (drizzle's queries, migrations, diagnostics).
 */
export interface StatementExecutor {
  execute(statement: InStatement): Promise<ResultSet>;
  /** A statement that returns no rows; resolves with the number of rows it inserted, updated or deleted. */
  run(sql: string, args: InValue[]): Promise<number>;
  /** A query; resolves with its rows, each an array of the selected columns' values in SELECT order. */
  rows(sql: string, args: InValue[]): Promise<unknown[][]>;
}

/**
 * drizzle's query builder bound to one executor (and so to one connection or one transaction).
 * @internal Not in the published declarations: they must not need drizzle-orm's (see docs/library.md).
 */
export type Queries = SqliteRemoteDatabase;

/** `run` and `rows` by way of `execute`, for executors that prepare every statement anew (a libSQL server). */
export function executorOver(target: Pick<StatementExecutor, 'execute'>): StatementExecutor {
  return {
    execute: (statement) => target.execute(statement),
    run: async (sql, args) => (await target.execute({ sql, args })).rowsAffected,
    rows: async (sql, args) =>
      (await target.execute({ sql, args })).rows.map((row) => Array.prototype.slice.call(row) as unknown[]),
  };
}

const builders = new WeakMap<Pick<StatementExecutor, 'execute'>, Queries>();

/**
 * drizzle builds the SQL and maps rows; the statement itself runs on `executor`, which is how one set of
 * queries serves the writer connection, an open transaction and each pooled read connection alike. Built on
 * first use per executor: most transactions never need it.
 * @internal
 */
export function queriesOf(executor: Pick<StatementExecutor, 'execute'>): Queries {
  let queries = builders.get(executor);
  if (queries === undefined) {
    queries = drizzle(async (sql, params: InValue[], method) => {
      const result = await executor.execute({ sql, args: params });
      const rows = result.rows.map((row) => Array.prototype.slice.call(row) as unknown[]);
      // For `get` drizzle wants the single row itself, undefined when there is none.
      if (method === 'get') return { rows: rows[0] };
      return { rows };
    });
    builders.set(executor, queries);
  }
  return queries;
}
