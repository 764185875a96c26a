// The writer's SQL (statements.ts) and its positional decoders (rows.ts) are written by hand next to the drizzle
// schema; this spec holds them to it, so a column named in one place and not the others fails here.
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { queriesOf } from './executor';
import { decodeConsolidatedSession, decodeQueuedExecution, decodeStepSession, decodeUnfinishedExecution } from './rows';
import { TABLES, consolidatedSessions, executionStates, stepSessions } from './schema';
import * as statements from './statements';
import { consolidated, stepMeta, stepResult } from './test-support/fixtures';
import { DatabaseWriter } from './writer';

const TABLE_BY_NAME = new Map(Object.values(TABLES).map((table) => [getTableConfig(table).name, table]));
const columnsOf = (table: SQLiteTable) => getTableConfig(table).columns.map((column) => column.name);

/** SQL words, functions and the upsert's `excluded` row: every other identifier in a statement is a column. */
const NOT_COLUMNS = new Set(
  `insert into values on conflict do update set excluded case when then else end is null not json_patch where and in
   select from order by desc nothing or`.split(/\s+/),
);

/** The table a statement writes or reads. */
function tableOf(sql: string): string {
  const table = /^(?:INSERT INTO|UPDATE)\s+(\w+)/.exec(sql)?.[1] ?? /\bFROM\s+(\w+)/.exec(sql)?.[1];
  if (table === undefined) throw new Error(`no table found in: ${sql}`);
  return table;
}

/** The identifiers a statement names as columns (string literals, `?N` and the table name left out). */
function columnsNamedIn(sql: string, table: string): string[] {
  const words = sql.replace(/'[^']*'/g, ' ').replace(/\?\d+/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return [...new Set(words.filter((word) => !NOT_COLUMNS.has(word.toLowerCase()) && word !== table))];
}

/** The column list of an INSERT, in order, and how many values it inserts. */
function insertShape(sql: string): { columns: string[]; values: number } {
  const match = /^INSERT INTO \w+\s*\(([^)]*)\)\s*VALUES \(([^)]*)\)/.exec(sql);
  if (!match) throw new Error(`not an INSERT with a column list: ${sql}`);
  const split = (list: string | undefined) => (list ?? '').split(',').map((item) => item.trim());
  return { columns: split(match[1]), values: split(match[2]).length };
}

/**
 * The columns each INSERT leaves to their schema default (or to NULL until a later update sets them). A column added
 * to schema.ts must be written by the INSERT or listed here.
 */
const LEFT_TO_DEFAULT: Record<string, string[]> = {
  UPSERT_BENCHMARK: [],
  INSERT_EXECUTION: ['progress', 'score', 'error', 'result', 'completed_at'],
  UPSERT_WRITE_PROBE: [],
  INSERT_SESSION: ['score', 'content', 'ended_at'],
  UPSERT_SESSION_LOG: [],
  UPSERT_TOOL_CALL: ['id'],
  INSERT_AGENT_PERFORMANCE: ['id'],
  UPSERT_STEP_SESSION: ['id'],
  UPSERT_CONSOLIDATED_SESSION: ['id'],
  UPSERT_LLM_RESPONSE: [],
};

const STATEMENTS = Object.entries(statements);

describe('statements.ts against the drizzle schema', () => {
  it.each(STATEMENTS)('%s names only columns of its table', (_name, sql) => {
    const table = tableOf(sql);
    const schemaTable = TABLE_BY_NAME.get(table);
    if (schemaTable === undefined) throw new Error(`${table} is not a table of schema.ts`);
    const unknown = columnsNamedIn(sql, table).filter((column) => !columnsOf(schemaTable).includes(column));
    expect(unknown).toEqual([]);
  });

  it('every INSERT writes each column of its table, or lists it as left to its default', () => {
    const inserts = STATEMENTS.filter(([, sql]) => sql.startsWith('INSERT'));
    expect(inserts.map(([name]) => name).sort()).toEqual(Object.keys(LEFT_TO_DEFAULT).sort());
    for (const [name, sql] of inserts) {
      const { columns, values } = insertShape(sql);
      const schemaTable = TABLE_BY_NAME.get(tableOf(sql));
      if (schemaTable === undefined) throw new Error(`${name}: ${tableOf(sql)} is not a table of schema.ts`);
      const unwritten = columnsOf(schemaTable).filter((column) => !columns.includes(column));
      expect({ name, unwritten: unwritten.sort(), values }).toEqual({
        name,
        unwritten: [...(LEFT_TO_DEFAULT[name] ?? [])].sort(),
        values: columns.length,
      });
    }
  });
});

describe('rows.ts decoders against the drizzle schema', () => {
  let writer: DatabaseWriter;

  beforeEach(async () => {
    writer = new DatabaseWriter({ url: ':memory:' });
    await writer.open();
    await writer.createExecution({ executionId: 'e1', agent: 'a', mode: 'dynamic' });
  });

  afterEach(() => writer.close());

  /** Asserts no two columns of `row` hold the same value, so a decoder reading the wrong position cannot pass. */
  const expectDistinct = (row: Record<string, unknown>) =>
    expect(new Set(Object.values(row).map((value) => JSON.stringify(value))).size).toBe(Object.keys(row).length);

  /** The row as drizzle reads it through the schema, without the rowid and with NULL as absent. */
  async function drizzleRow(table: SQLiteTable): Promise<Record<string, unknown>> {
    const rows = (await queriesOf(await writer.client()).select().from(table)) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const { id: _rowid, ...row } = rows[0] ?? {};
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value ?? undefined]));
  }

  async function selectedRow(sql: string, key: string | undefined): Promise<unknown[]> {
    const client = await writer.client();
    const rows = (await client.execute({ sql, args: key === undefined ? [] : [key] })).rows;
    expect(rows).toHaveLength(1);
    return Array.from(rows[0] ?? []);
  }

  it('decodeStepSession reads SELECT_STEP_SESSIONS into the schema’s columns', async () => {
    const step = stepResult(3, { score: 0.25, error_message: 'boom' });
    await writer.storeStepSession('e1', 3, step, { ...stepMeta(step, 'session-3'), toolCount: 7 });
    const client = await writer.client();
    await client.execute("UPDATE step_sessions SET created_at = '2026-01-01T00:00:00.000Z'");
    const expected = await drizzleRow(stepSessions);
    expectDistinct(expected);
    expect(decodeStepSession(await selectedRow(statements.SELECT_STEP_SESSIONS, 'e1'))).toEqual(expected);
  });

  it('decodeConsolidatedSession reads the consolidated SELECTs into the schema’s columns', async () => {
    const steps = [stepResult(0, { score: 0.25 }), stepResult(1, { success: false, score: 0 })];
    const { content, metadata } = consolidated('c1', 'e1', steps);
    await writer.storeConsolidatedSession('c1', 'e1', content, metadata);
    const { consolidatedContent, ...rest } = await drizzleRow(consolidatedSessions);
    // The one column whose stored name differs from the decoded field: StoredConsolidatedSession.content.
    const expected = { ...rest, content: consolidatedContent };
    expectDistinct(expected);
    expect(decodeConsolidatedSession(await selectedRow(statements.SELECT_CONSOLIDATED_SESSION, 'c1'))).toEqual(expected);
    expect(decodeConsolidatedSession(await selectedRow(statements.SELECT_CONSOLIDATED_SESSIONS_OF_EXECUTION, 'e1'))).toEqual(
      expected,
    );
  });

  describe('the execution SELECTs of crash recovery', () => {
    /** A queued execution with a value in every column those SELECTs read, e1 (running) gone. */
    async function queuedExecution(): Promise<Record<string, unknown>> {
      const client = await writer.client();
      await client.execute("DELETE FROM execution_states WHERE execution_id = 'e1'");
      await writer.upsertBenchmark({ id: 'bench-q', prompt: 'p', content: 'c' });
      await writer.createExecution({
        executionId: 'e-queued',
        benchmarkId: 'bench-q',
        agent: 'agent-q',
        mode: 'dynamic',
        status: 'queued',
        metadata: { request: 'r' },
      });
      return drizzleRow(executionStates);
    }

    it('decodeQueuedExecution reads SELECT_QUEUED_EXECUTIONS into the schema’s columns', async () => {
      const { executionId, benchmarkId, agent, mode, metadata, ownerPid, ownerHost, createdAt } = await queuedExecution();
      const expected = { executionId, benchmarkId, agent, mode, metadata, ownerPid, ownerHost, createdAt };
      expectDistinct(expected);
      const { queued, ...owner } = decodeQueuedExecution(await selectedRow(statements.SELECT_QUEUED_EXECUTIONS, undefined));
      expect({ ...queued, ...owner }).toEqual(expected);
    });

    it('decodeUnfinishedExecution reads SELECT_UNFINISHED_EXECUTIONS into the schema’s columns', async () => {
      const { executionId, ownerPid, ownerHost } = await queuedExecution();
      const expected = { executionId, ownerPid, ownerHost };
      expectDistinct(expected);
      expect(decodeUnfinishedExecution(await selectedRow(statements.SELECT_UNFINISHED_EXECUTIONS, undefined))).toEqual(expected);
    });
  });
});
