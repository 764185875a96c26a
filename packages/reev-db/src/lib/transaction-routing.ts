// Where each of the writer's statements runs: in an execution's open transaction, alone in the write queue, or on
// the read connections; and transaction() work, whose writes and reads find their transaction by async context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseError, ValidationError, messageOf, toDatabaseError, type RowRef } from './errors';
import type { StatementExecutor } from './executor';
import { SessionExecutions } from './session-executions';
import { selectSessionExecutionId } from './queries';
import type { StatementScript } from './statement-script';
import type { DatabaseStorage } from './storage';
import type { WriteChannel } from './write-channel';

export const executionRow = (executionId: string): RowRef => ({
  table: 'execution_states',
  key: { execution_id: executionId },
});

type Work<T> = (executor: StatementExecutor) => Promise<T>;

export class TransactionRouter {
  /** The execution whose transaction() work is running in this async context. */
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly sessions = new SessionExecutions();

  constructor(private readonly storage: DatabaseStorage) {}

  /** Session-keyed writes of `sessionId` belong to `executionId` (and join its transaction). */
  rememberSession(sessionId: string, executionId: string): void {
    this.sessions.remember(sessionId, executionId);
  }

  /** Alone on the writer connection, in the write queue (no transaction open, nothing in between). */
  async exclusive<T>(work: Work<T>): Promise<T> {
    const { channel } = await this.storage.database();
    return channel.exclusive(work);
  }

  /** In `executionId`'s open transaction if there is one, otherwise alone in the write queue. */
  async write<T>(executionId: string | undefined, row: RowRef, work: Work<T>, probe = false): Promise<T> {
    const { channel } = await this.storage.database();
    this.refuseWaitingOnOwnTransaction(channel, executionId, row, 'a write');
    this.storage.assertWritable();
    return this.storage.noticing(() => channel.write(executionId, work), row, probe);
  }

  /** Session-keyed writes belong to the session's execution, so they join its transaction if one is open. */
  async writeForSession(sessionId: string, row: RowRef, work: Work<unknown>): Promise<void> {
    // A session nobody knows belongs to no execution; inside transaction() work it goes into that
    // transaction, where its foreign key fails with a clear error instead of the write waiting forever.
    const executionId = (await this.executionOfSession(sessionId, row)) ?? this.scope.getStore();
    await this.write(executionId, row, work);
  }

  async read<T>(row: RowRef | undefined, work: Work<T>): Promise<T> {
    const { channel, reads } = await this.storage.database();
    const scope = this.scope.getStore();
    try {
      // Inside transaction() work, reads run in that transaction: they see its writes, and on the single
      // connection they could not run anywhere else until it ends.
      if (scope !== undefined) {
        const inTransaction = await channel.inTransactionOf(scope, work);
        if (inTransaction.ran) return inTransaction.value;
      }
      return await reads.read(work);
    } catch (error) {
      throw this.storage.failureOf(error, row);
    }
  }

  /** A read about one execution sees that execution's open transaction, if there is one. */
  async readFor<T>(executionId: string, row: RowRef, work: Work<T>): Promise<T> {
    const { channel } = await this.storage.database();
    try {
      const inTransaction = await channel.inTransactionOf(executionId, work);
      if (inTransaction.ran) return inTransaction.value;
    } catch (error) {
      throw toDatabaseError(error, row);
    }
    return this.read(row, work);
  }

  async begin(executionId: string): Promise<void> {
    const row = executionRow(executionId);
    const { channel } = await this.storage.database();
    this.refuseWaitingOnOwnTransaction(channel, executionId, row, 'a transaction');
    this.storage.assertWritable();
    await this.storage.noticing(() => channel.begin(executionId));
  }

  async commit(executionId: string): Promise<void> {
    const { channel } = await this.storage.database();
    // With WAL the commit is where the disk is written: a full disk or a read-only file shows here.
    await this.storage.noticing(() => channel.finish(executionId, 'commit'));
  }

  async rollback(executionId: string): Promise<void> {
    const { channel } = await this.storage.database();
    await channel.finish(executionId, 'rollback');
  }

  /** `script` in a transaction of its own for `executionId` (WriteChannel.ownTransaction): one commit, nothing else inside. */
  async ownTransaction<T>(executionId: string, row: RowRef, script: () => StatementScript<T>): Promise<T> {
    const { channel } = await this.storage.database();
    this.refuseWaitingOnOwnTransaction(channel, executionId, row, 'a transaction');
    this.storage.assertWritable();
    return this.storage.noticing(() => channel.ownTransaction(executionId, script), row);
  }

  /** begin, `work` (its writes and reads find the transaction by async context), commit; rollback on an error. */
  async transaction<T>(executionId: string, work: () => Promise<T>): Promise<T> {
    await this.begin(executionId);
    let result: T;
    try {
      result = await this.scope.run(executionId, work);
    } catch (error) {
      try {
        await this.rollback(executionId);
      } catch (rollbackError) {
        throw new DatabaseError(`${messageOf(error)}; rolling back also failed: ${messageOf(rollbackError)}`, {
          row: executionRow(executionId),
          cause: error,
        });
      }
      throw error;
    }
    await this.commit(executionId);
    return result;
  }

  /**
   * Inside transaction() work, anything that needs the write lock for another execution (or for none)
   * would wait for the very transaction that holds it: fail now instead of hanging.
   */
  private refuseWaitingOnOwnTransaction(channel: WriteChannel, executionId: string | undefined, row: RowRef, what: string): void {
    const scope = this.scope.getStore();
    if (scope === undefined || scope === executionId || !channel.hasTransaction(scope)) return;
    const owner = executionId === undefined ? `${what} that belongs to no execution` : `${what} for execution ${executionId}`;
    throw new ValidationError(
      `${owner} cannot run inside the transaction of execution ${scope}: it would wait for that transaction forever`,
      { row },
    );
  }

  private async executionOfSession(sessionId: string, row: RowRef): Promise<string | undefined> {
    const known = this.sessions.get(sessionId);
    if (known !== undefined) return known;
    const { channel, reads } = await this.storage.database();
    const lookup = (executor: StatementExecutor) => selectSessionExecutionId(executor, sessionId);
    try {
      // Inside the open transaction (if any) the lookup also sees sessions created in it, and never
      // waits for the write lock that transaction holds.
      const inTransaction = await channel.inActiveTransaction(lookup);
      const executionId = inTransaction.ran ? inTransaction.value : await reads.read(lookup);
      if (executionId !== undefined) this.sessions.remember(sessionId, executionId);
      return executionId;
    } catch (error) {
      throw toDatabaseError(error, row);
    }
  }
}
