import { inject, injectable } from 'tsyringe';
import { Connection } from './connection';
import { ValidationError } from './errors';
import { DEFAULT_POOL_SIZE, type PooledDatabaseOptions } from './options';
import { ReadConnectionPool, type ReadRunner } from './read-pool';
import { DATABASE_OPTIONS } from './tokens';
import { DatabaseWriter } from './writer';
import type { WriteChannel } from './write-channel';

/**
 * DatabaseWriter plus a pool of read-only connections: reads (its own outside transactions, and its
 * `reader`'s) run on pooled connections and never wait for the write queue or an open transaction; they
 * see committed data only. Writes still go through the one writer connection and its queue.
 *
 * A `:memory:` database exists on one connection only (a second connection would be a second, empty
 * database, and a shared-cache memory database is one per process, shared by every writer in it), so
 * on `:memory:` the pool is not used and reads share the writer connection, as in DatabaseWriter.
 */
@injectable()
export class PooledDatabaseWriter extends DatabaseWriter {
  readonly poolSize: number;

  constructor(@inject(DATABASE_OPTIONS) options: PooledDatabaseOptions = {}) {
    super(options);
    this.poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(this.poolSize) || this.poolSize < 1) {
      throw new ValidationError(`poolSize must be a positive integer, got ${String(options.poolSize)}`);
    }
  }

  protected override createReads(channel: WriteChannel): ReadRunner {
    if (this.target.kind === 'memory') return super.createReads(channel);
    const target = this.target;
    const settings = { ...this.settings, readOnly: true };
    return new ReadConnectionPool(this.poolSize, () => Connection.open(target, settings));
  }
}
