import type { Connection } from './connection';
import { DatabaseError, ValidationError, isBusy, messageOf, toDatabaseError, type RowRef } from './errors';
import type { StatementExecutor } from './executor';
import { Mutex } from './mutex';
import type { WriteTransaction } from './embedded';
import { runScript, runScriptNow, type StatementScript } from './statement-script';

const executionRow = (executionId: string): RowRef => ({ table: 'execution_states', key: { execution_id: executionId } });

type RunOutcome<T> = { ran: true; value: T } | { ran: false };

/** One open write transaction, owned by one execution. It holds the channel's write lock until it ends. */
class OpenTransaction {
  private readonly statements = new Mutex();
  private finished = false;
  /** A statement met SQLITE_BUSY: the connection must be replaced once the transaction has ended. */
  private metBusy = false;
  constructor(
    readonly executionId: string,
    private readonly transaction: WriteTransaction,
    private readonly connection: Connection,
    private readonly onFinished: () => void,
  ) {}

  /** Runs `work` inside the transaction, after the work already queued on it; `ran: false` once it has ended. */
  async run<T>(work: (executor: StatementExecutor) => Promise<T>): Promise<RunOutcome<T>> {
    const release = await this.statements.acquire();
    try {
      if (this.finished) return { ran: false };
      return { ran: true, value: await work(this.transaction) };
    } catch (error) {
      if (isBusy(error)) this.metBusy = true;
      throw error;
    } finally {
      release();
    }
  }

  /** Commits or rolls back after the statements queued before it; always releases the write lock. */
  async finish(outcome: 'commit' | 'rollback'): Promise<void> {
    const release = await this.statements.acquire();
    this.finished = true;
    try {
      if (outcome === 'commit') await this.transaction.commit();
      else await this.transaction.rollback();
    } catch (error) {
      if (isBusy(error)) this.metBusy = true;
      throw error;
    } finally {
      // A no-op after commit/rollback; rolls back if the commit itself failed.
      this.transaction.close();
      try {
        if (this.metBusy) await this.connection.replace();
      } finally {
        release();
        this.onFinished();
      }
    }
  }
}

/**
 * Every write of the process goes through here: one libSQL connection and one FIFO write lock. SQLite
 * allows one writer at a time and libSQL's embedded client does not queue writers (a second write fails
 * at once with SQLITE_BUSY, and its `timeout` would block the event loop), so the queue lives in JS.
 *
 * A transaction is opened for an execution id and holds the write lock until commit or rollback: writes
 * for that execution run inside it, writes for other executions wait for its end.
 */
export class WriteChannel {
  private readonly writeLock = new Mutex();
  private readonly transactions = new Map<string, Promise<OpenTransaction>>();
  private active: OpenTransaction | undefined;
  private closed = false;

  constructor(private readonly connection: Connection) {}

  /** Runs `work` in `executionId`'s open transaction if there is one, otherwise alone under the write lock. */
  async write<T>(executionId: string | undefined, work: (executor: StatementExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    const opening = executionId === undefined ? undefined : this.transactions.get(executionId);
    if (opening !== undefined) {
      const outcome = await (await opening).run(work);
      if (outcome.ran) return outcome.value;
      // The transaction ended while this write waited for it: the write now runs after the commit.
    }
    return this.exclusive(work);
  }

  /** Runs `work` alone on the connection (no transaction open, no other statement in between). */
  async exclusive<T>(work: (executor: StatementExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.writeLock.runExclusive(() => work(this.connection));
  }

  /** Whether `executionId` has a transaction open (or opening). */
  hasTransaction(executionId: string): boolean {
    return this.transactions.has(executionId);
  }

  /** Runs `work` inside `executionId`'s open transaction, or reports that there is none. */
  async inTransactionOf<T>(
    executionId: string,
    work: (executor: StatementExecutor) => Promise<T>,
  ): Promise<RunOutcome<T>> {
    const opening = this.transactions.get(executionId);
    return opening === undefined ? { ran: false } : (await opening).run(work);
  }

  /** Runs `work` inside whichever transaction currently holds the write lock, or reports that none does. */
  async inActiveTransaction<T>(work: (executor: StatementExecutor) => Promise<T>): Promise<RunOutcome<T>> {
    return this.active === undefined ? { ran: false } : this.active.run(work);
  }

  /**
   * `script` in a transaction of its own for `executionId`: BEGIN IMMEDIATE, its statements, COMMIT, holding the write
   * lock throughout; rolled back if it fails. On an embedded connection the statements and the COMMIT run at once,
   * with no promise in between. Writes for the execution that arrive meanwhile queue behind it instead of joining it.
   */
  async ownTransaction<T>(executionId: string, script: () => StatementScript<T>): Promise<T> {
    this.assertNoTransactionOf(executionId);
    const release = await this.writeLock.acquire();
    let transaction: WriteTransaction;
    try {
      this.assertOpen();
      transaction = await this.connection.beginWrite();
    } catch (error) {
      release();
      throw toDatabaseError(error, executionRow(executionId));
    }
    let metBusy = false;
    try {
      let value: T;
      try {
        value = transaction.immediate ? runScriptNow(script(), transaction.immediate) : await runScript(script(), transaction);
      } catch (error) {
        metBusy = isBusy(error);
        await this.rollbackAfter(error, transaction, executionId);
        throw error;
      }
      try {
        await transaction.commit();
      } catch (error) {
        metBusy = isBusy(error);
        throw toDatabaseError(error, executionRow(executionId));
      }
      return value;
    } finally {
      // A no-op after commit or rollback; rolls back if the COMMIT itself failed.
      transaction.close();
      try {
        if (metBusy) await this.connection.replace();
      } finally {
        release();
      }
    }
  }

  async begin(executionId: string): Promise<void> {
    this.assertNoTransactionOf(executionId);
    const opening = this.open(executionId);
    this.transactions.set(executionId, opening);
    try {
      await opening;
    } catch (error) {
      if (this.transactions.get(executionId) === opening) this.transactions.delete(executionId);
      throw error;
    }
  }

  async finish(executionId: string, outcome: 'commit' | 'rollback'): Promise<void> {
    const opening = this.transactions.get(executionId);
    if (opening === undefined) {
      throw new ValidationError(`no transaction is open for this execution (${outcome} without begin)`, {
        row: executionRow(executionId),
      });
    }
    // Forget it first: writes arriving from now on queue behind the commit instead of joining it.
    this.transactions.delete(executionId);
    const transaction = await opening;
    try {
      await transaction.finish(outcome);
    } catch (error) {
      throw toDatabaseError(error, executionRow(executionId));
    }
  }

  /** Rolls back transactions still open, lets queued writes finish, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const failures: unknown[] = [];
    for (const [executionId, opening] of [...this.transactions]) {
      this.transactions.delete(executionId);
      // A begin that failed, or is refused now because of the close, has nothing to roll back.
      const transaction = await opening.catch(() => undefined);
      await transaction?.finish('rollback').catch((error: unknown) => failures.push(error));
    }
    const release = await this.writeLock.acquire();
    this.connection.close();
    release();
    if (failures.length > 0) throw toDatabaseError(failures[0]);
  }

  private async open(executionId: string): Promise<OpenTransaction> {
    const release = await this.writeLock.acquire();
    try {
      this.assertOpen();
      const transaction = await this.connection.beginWrite();
      const open = new OpenTransaction(executionId, transaction, this.connection, () => {
        this.active = undefined;
        release();
      });
      this.active = open;
      return open;
    } catch (error) {
      release();
      throw toDatabaseError(error, executionRow(executionId));
    }
  }

  /** Rolls back after `error`; a rollback that fails too is reported with it, as transaction() reports it. */
  private async rollbackAfter(error: unknown, transaction: WriteTransaction, executionId: string): Promise<void> {
    try {
      await transaction.rollback();
    } catch (rollbackError) {
      throw new DatabaseError(
        `${messageOf(error)}; rolling back also failed: ${messageOf(toDatabaseError(rollbackError, executionRow(executionId)))}`,
        { row: executionRow(executionId), cause: error },
      );
    }
  }

  private assertNoTransactionOf(executionId: string): void {
    this.assertOpen();
    if (this.transactions.has(executionId)) {
      throw new ValidationError('a transaction is already open for this execution', { row: executionRow(executionId) });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new DatabaseError('the database writer is closed');
  }
}
