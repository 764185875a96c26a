import type { InStatement, InValue, ResultSet } from '@libsql/client';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';

/** Anything that runs one statement: a libSQL client or an open libSQL transaction. */
export interface StatementExecutor {
  execute(statement: InStatement): Promise<ResultSet>;
}

/** drizzle's query builder bound to one executor (and so to one connection or one transaction). */
export type Queries = SqliteRemoteDatabase;

/**
 * drizzle builds the SQL and maps rows; the statement itself runs on `executor`, which is how one set of
 * queries serves the shared client, an open transaction and each pooled read connection alike.
 */
export function queriesOn(executor: StatementExecutor): Queries {
  return drizzle(async (sql, params: InValue[], method) => {
    const result = await executor.execute({ sql, args: params });
    const rows = result.rows.map((row) => Array.prototype.slice.call(row) as unknown[]);
    // For `get` drizzle wants the single row itself, undefined when there is none.
    if (method === 'get') return { rows: rows[0] };
    return { rows };
  });
}
