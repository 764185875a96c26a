import type { Connection } from './connection';
import { DatabaseError } from './errors';
import type { StatementExecutor } from './executor';

/** Where reads run: work gets the executor of one connection. */
export interface ReadRunner {
  read<T>(work: (executor: StatementExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Waiter {
  resolve: (connection: Connection) => void;
  reject: (error: unknown) => void;
}

export interface PoolStats {
  size: number;
  opened: number;
  idle: number;
  waiting: number;
}

/**
 * Up to `size` read-only connections, opened on demand. A read borrows one for its duration and always
 * gives it back, also when the read fails; when all are busy, readers wait in FIFO order.
 */
export class ReadConnectionPool implements ReadRunner {
  private readonly idle: Connection[] = [];
  private readonly waiters: Waiter[] = [];
  private opened = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly openConnection: () => Promise<Connection>,
  ) {}

  async read<T>(work: (executor: StatementExecutor) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  stats(): PoolStats {
    return { size: this.size, opened: this.opened, idle: this.idle.length, waiting: this.waiters.length };
  }

  /** Closes the idle connections now; borrowed ones are closed as they come back. */
  close(): Promise<void> {
    this.closed = true;
    for (const connection of this.idle.splice(0)) {
      connection.close();
      this.opened -= 1;
    }
    for (const waiter of this.waiters.splice(0)) waiter.reject(new DatabaseError('the read pool is closed'));
    return Promise.resolve();
  }

  private acquire(): Promise<Connection> {
    if (this.closed) return Promise.reject(new DatabaseError('the read pool is closed'));
    const idle = this.idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.opened < this.size) return this.openOne();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private async openOne(): Promise<Connection> {
    this.opened += 1;
    try {
      return await this.openConnection();
    } catch (error) {
      this.opened -= 1;
      // A waiter may have queued only because this connection was being opened: let it try again.
      const waiter = this.waiters.shift();
      if (waiter !== undefined) this.openOne().then(waiter.resolve, waiter.reject);
      throw error;
    }
  }

  private release(connection: Connection): void {
    if (this.closed) {
      connection.close();
      this.opened -= 1;
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(connection);
    else this.idle.push(connection);
  }
}
