import { createClient, type Client, type InValue, type Row } from '@libsql/client';

/** The tables one dynamic flow writes, in an order that keeps foreign keys satisfied. */
const SEEDED_TABLES = ['execution_states', 'execution_sessions', 'session_logs', 'session_tool_calls', 'step_sessions', 'consolidated_sessions'] as const;
type SeededTable = (typeof SEEDED_TABLES)[number];

interface TemplateRow {
  table: SeededTable;
  columns: string[];
  values: InValue[];
}

/** The rows one real execution left in the database, used as the shape of every seeded execution. */
export interface ExecutionTemplate {
  executionId: string;
  rows: TemplateRow[];
  /** Bytes of stored text per execution, all tables together. */
  bytes: number;
}

function rowValues(row: Row, columns: string[]): InValue[] {
  return columns.map((column) => row[column] as InValue);
}

/** Reads every row of `executionId` from the tables a flow writes. */
export async function captureExecutionTemplate(client: Client, executionId: string): Promise<ExecutionTemplate> {
  const rows: TemplateRow[] = [];
  const bySession = 'session_id IN (SELECT session_id FROM execution_sessions WHERE execution_id = ?)';
  const where: Record<SeededTable, string> = {
    execution_states: 'execution_id = ?',
    execution_sessions: 'execution_id = ?',
    session_logs: bySession,
    session_tool_calls: bySession,
    step_sessions: 'execution_id = ?',
    consolidated_sessions: 'execution_id = ?',
  };
  for (const table of SEEDED_TABLES) {
    const result = await client.execute({ sql: `SELECT * FROM ${table} WHERE ${where[table]} ORDER BY rowid`, args: [executionId] });
    // Autoincrement ids are left to the database.
    const columns = result.columns.filter((column) => column !== 'id');
    for (const row of result.rows) rows.push({ table, columns, values: rowValues(row, columns) });
  }
  if (!rows.some((row) => row.table === 'step_sessions')) throw new Error(`execution ${executionId} has no step_sessions to copy`);
  const bytes = rows.reduce(
    (sum, row) => sum + row.values.reduce<number>((inner, value) => inner + (typeof value === 'string' ? Buffer.byteLength(value) : 8), 0),
    0,
  );
  return { executionId, rows, bytes };
}

/** SQL producing the seeded value of `column` for execution number `n` (the CTE's column). */
function seededExpression(template: ExecutionTemplate, row: TemplateRow, column: string, args: InValue[]): string {
  const value = row.values[row.columns.indexOf(column)];
  const bind = (bound: InValue) => {
    args.push(bound);
    return '?';
  };
  if (column === 'execution_id') return `'seed-' || n`;
  if (column === 'session_id' && typeof value === 'string' && value.startsWith(template.executionId)) {
    return `'seed-' || n || ${bind(value.slice(template.executionId.length))}`;
  }
  if (column === 'consolidated_session_id') return `'consolidated-seed-' || n`;
  // Older than anything the bench runs afterwards, one second apart, so "newest first" queries see real ordering work.
  if (row.table === 'execution_states' && (column === 'created_at' || column === 'updated_at' || column === 'completed_at')) {
    return `strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || n || ' seconds')`;
  }
  return bind(value);
}

/**
 * Adds executions number `from`..`to` (inclusive), each a copy of the template with its own ids, with one
 * INSERT … SELECT per template row over a counting CTE, all in one transaction on a separate connection.
 */
export async function seedExecutions(databaseUrl: string, template: ExecutionTemplate, from: number, to: number): Promise<void> {
  if (to < from) return;
  const client = createClient({ url: databaseUrl, concurrency: 1 });
  try {
    await client.execute('PRAGMA cache_size=-262144');
    const transaction = await client.transaction('write');
    try {
      for (const row of template.rows) {
        // BigInt binds as INTEGER (a JS number binds as REAL, and 'seed-' || 1.0 is 'seed-1.0').
        const args: InValue[] = [BigInt(from), BigInt(to)];
        const expressions = row.columns.map((column) => seededExpression(template, row, column, args));
        await transaction.execute({
          sql:
            'WITH RECURSIVE seq(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM seq WHERE n < ?) ' +
            `INSERT INTO ${row.table} (${row.columns.join(', ')}) SELECT ${expressions.join(', ')} FROM seq`,
          args,
        });
      }
      await transaction.commit();
    } finally {
      transaction.close();
    }
    // Leave the WAL empty, as a long-running database would be between bursts.
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    client.close();
  }
}

/** Executions stored, for the report. */
export async function countExecutions(databaseUrl: string): Promise<number> {
  const client = createClient({ url: databaseUrl });
  try {
    const result = await client.execute('SELECT count(*) AS total FROM execution_states');
    return Number(result.rows[0]?.['total']);
  } finally {
    client.close();
  }
}
