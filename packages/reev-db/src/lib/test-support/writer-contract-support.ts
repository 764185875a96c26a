// What the parts of the writer contract share: the subject of the current test, and small helpers.
import { spawnSync } from 'node:child_process';
import type { DatabaseWriterPort } from '../port';
import type { DatabaseWriter } from '../writer';
import { stepMeta, stepResult } from './fixtures';
import type { Storage, WriterUnderTest } from './writer-contract';

/** Where the parts find the writer under test: set by the contract's beforeEach, read by each part's. */
export interface ContractContext {
  storage: Storage;
  current: WriterUnderTest | undefined;
}

export function useSubject(context: ContractContext): { subject: WriterUnderTest; writer: DatabaseWriterPort; database: DatabaseWriter } {
  const subject = context.current;
  if (subject === undefined) throw new Error('the writer contract has no writer under test (its beforeEach did not run)');
  return { subject, writer: subject.writer, database: subject.database };
}

export async function rawRows(database: DatabaseWriter, sql: string, args: (string | number)[] = []) {
  const client = await database.client();
  return (await client.execute({ sql, args })).rows;
}

export async function countRows(database: DatabaseWriter, table: string, where = '1', args: (string | number)[] = []) {
  const rows = await rawRows(database, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, args);
  return Number(rows[0]?.['n']);
}

export async function storeStep(writer: DatabaseWriterPort, executionId: string, index: number) {
  const step = stepResult(index);
  await writer.storeStepSession(executionId, index, step, stepMeta(step, `${executionId}-session-${index}`));
}

/** Asserts that `promise` rejects with an instance of `type` whose message is exactly `message`. */
export async function expectFailure(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error, message: string) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}

/** Lets every pending promise callback and I/O callback run once, so a blocked promise shows it is blocked. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? Number.NaN;
}
