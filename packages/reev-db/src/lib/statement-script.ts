// A multi-statement write written once, as a generator of its statements, and run either whole and at once on an
// embedded connection (no promise, so no other work, between BEGIN and COMMIT) or statement by statement on any
// StatementExecutor (a libSQL server's transaction).
import type { InValue } from '@libsql/client';
import { toDatabaseError, type RowRef } from './errors';
import type { StatementExecutor } from './executor';

/** One statement a script asks for; its failure names `row`. `run` answers the rows it changed, `rows` the rows it read. */
export interface ScriptStatement {
  kind: 'run' | 'rows';
  sql: string;
  args: InValue[];
  row: RowRef;
}

export type StatementScript<T> = Generator<ScriptStatement, T, unknown>;

/** Statements that run synchronously: an embedded connection's open transaction. */
export interface ImmediateExecutor {
  run(sql: string, args: InValue[]): number;
  rows(sql: string, args: InValue[]): unknown[][];
}

/** A statement that returns no rows; the number of rows it changed. */
export function* runStatement(sql: string, args: InValue[], row: RowRef): Generator<ScriptStatement, number, unknown> {
  return (yield { kind: 'run', sql, args, row }) as number;
}

/** A query; its rows as arrays. */
export function* queryRows(sql: string, args: InValue[], row: RowRef): Generator<ScriptStatement, unknown[][], unknown> {
  return (yield { kind: 'rows', sql, args, row }) as unknown[][];
}

/** Runs `script` to its end, every statement at once on `executor`. */
export function runScriptNow<T>(script: StatementScript<T>, executor: ImmediateExecutor): T {
  let step = script.next();
  while (step.done !== true) {
    const { kind, sql, args, row } = step.value;
    let answer: unknown;
    try {
      answer = kind === 'run' ? executor.run(sql, args) : executor.rows(sql, args);
    } catch (error) {
      throw toDatabaseError(error, row);
    }
    step = script.next(answer);
  }
  return step.value;
}

/** Runs `script` to its end, statement by statement on `executor`. */
export async function runScript<T>(script: StatementScript<T>, executor: StatementExecutor): Promise<T> {
  let step = script.next();
  while (step.done !== true) {
    const { kind, sql, args, row } = step.value;
    let answer: unknown;
    try {
      answer = kind === 'run' ? await executor.run(sql, args) : await executor.rows(sql, args);
    } catch (error) {
      throw toDatabaseError(error, row);
    }
    step = script.next(answer);
  }
  return step.value;
}
