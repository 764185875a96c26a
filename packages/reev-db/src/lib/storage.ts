// Opening a database (connection, integrity check, migrations) and what the writer learns about its storage
// afterwards: damage, a full disk or a read-only file. DatabaseWriter's write API sits on top (writer.ts).
import { Connection, type ConnectionSettings, type DatabaseTarget, type SqlClient } from './connection';
import { DatabaseCorruptError, DatabaseError, isCorruption, isStorageFailure, messageOf, toDatabaseError, type RowRef } from './errors';
import { databaseBytes, quickCheck, quickCheckInBackground, type BackgroundCheck } from './integrity';
import { applyMigrations, readMigrationVersion } from './migrations';
import type { ReadRunner } from './read-pool';
import { WriteChannel } from './write-channel';

/** What opening produced: the writer connection, its write channel, and where reads go. */
export interface OpenedDatabase {
  target: DatabaseTarget;
  client: SqlClient;
  connection: Connection;
  channel: WriteChannel;
  reads: ReadRunner;
}

/** Whether the file is known to be sound: checked at open, checked in the background, or found damaged. */
export type IntegrityState =
  | { state: 'unchecked'; reason: string }
  | { state: 'checking'; since: string }
  | { state: 'ok'; checkedAt: string }
  | { state: 'damaged'; finding: string }
  | { state: 'check_failed'; reason: string };

/** What the writer has seen of its storage, for DatabaseHealth. */
export interface StorageState {
  target: DatabaseTarget;
  integrity: IntegrityState;
  /** The last write that failed because of the storage (full, read-only, I/O), until a write succeeds again. */
  lastStorageFailure: { message: string; at: string } | undefined;
  /** How long the write in progress has been waiting for another process's lock (0: none is). */
  lockWaitMs: number;
  /** Whether the database is open (a failed open leaves it closed). */
  open: boolean;
}

export const nowIso = () => new Date().toISOString();

/**
 * One writer's database: opened lazily (or on `database()`), at most once at a time; a failed open is tried again
 * on next use. Creates a file database's directory, refuses a damaged file before anything is written, applies
 * migrations, and from then on remembers damage (every later write is refused with it) and storage failures.
 */
export class DatabaseStorage {
  private opening: Promise<OpenedDatabase> | undefined;
  private opened: OpenedDatabase | undefined;
  private closed = false;
  private integrity: IntegrityState = { state: 'unchecked', reason: 'not opened yet' };
  /** Set once the file is known to be damaged: every later write is refused with it. */
  private damage: DatabaseCorruptError | undefined;
  private lastStorageFailure: StorageState['lastStorageFailure'];
  private backgroundCheck: BackgroundCheck | undefined;

  constructor(
    readonly target: DatabaseTarget,
    private readonly settings: ConnectionSettings,
    private readonly integrityCheckMaxBytes: number,
    /** Where reads outside transactions run, decided once the write channel exists. */
    private readonly createReads: (channel: WriteChannel) => ReadRunner,
  ) {}

  database(): Promise<OpenedDatabase> {
    if (this.closed) return Promise.reject(new DatabaseError('the database writer is closed'));
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  /** What this writer has seen of its storage; costs nothing (no statement runs). */
  state(): StorageState {
    return {
      target: this.target,
      integrity: this.integrity,
      lastStorageFailure: this.lastStorageFailure,
      lockWaitMs: this.opened?.connection.lockWaitMs() ?? 0,
      open: this.opened !== undefined,
    };
  }

  /** Refuses a write once the file is known to be damaged. */
  assertWritable(): void {
    if (this.damage) throw this.damage;
  }

  /**
   * Runs a statement and keeps what its failure says about the storage: SQLITE_CORRUPT marks the file damaged
   * (every later write is refused, health turns unhealthy), a full disk or a read-only file is remembered until a
   * write succeeds again.
   */
  async noticing<T>(operation: () => Promise<T>, row?: RowRef, probe = false): Promise<T> {
    try {
      const value = await operation();
      // The probe's one small row can fit where a step's rows do not: only a real write clears a failure.
      if (!probe) this.lastStorageFailure = undefined;
      return value;
    } catch (error) {
      const failure = this.failureOf(error, row);
      if (!probe && !(failure instanceof DatabaseCorruptError) && isStorageFailure(error)) {
        this.lastStorageFailure = { message: failure.message, at: nowIso() };
      }
      throw failure;
    }
  }

  /** What a failed statement means: damage (recorded), or a DatabaseError naming the row. */
  failureOf(error: unknown, row?: RowRef): DatabaseError {
    if (isCorruption(error)) return this.recordDamage(new DatabaseCorruptError(this.fileName(), messageOf(error), { cause: error }));
    return toDatabaseError(error, row);
  }

  /** Stops the background check and closes every connection (after the queued writes). */
  async close(): Promise<void> {
    this.closed = true;
    await this.backgroundCheck?.stop();
    this.backgroundCheck = undefined;
    const opening = this.opening;
    this.opening = undefined;
    this.opened = undefined;
    if (opening === undefined) return;
    const opened = await opening.catch(() => undefined);
    if (opened === undefined) return;
    try {
      await opened.reads.close();
    } finally {
      await opened.channel.close();
    }
  }

  private async open(): Promise<OpenedDatabase> {
    let connection: Connection;
    try {
      connection = await Connection.open(this.target, this.settings);
    } catch (error) {
      throw this.openFailure(error);
    }
    try {
      // Before anything is written (migrations included): a damaged file is refused, not written into.
      const checkNow = this.target.kind === 'file' && databaseBytes(this.target.path) <= this.integrityCheckMaxBytes;
      if (checkNow) {
        const finding = await quickCheck(connection);
        if (finding !== 'ok') throw new DatabaseCorruptError(this.fileName(), finding);
        this.integrity = { state: 'ok', checkedAt: nowIso() };
      }
      await applyMigrations(connection, this.settings.retry);
      // The migrator switches foreign keys off and on again around its batch: set and check everything again.
      await connection.configure();
      await readMigrationVersion(connection);
      if (!checkNow) this.startIntegrityCheck();
    } catch (error) {
      connection.close();
      throw this.openFailure(error);
    }
    const channel = new WriteChannel(connection);
    this.opened = { target: this.target, client: connection.client, connection, channel, reads: this.createReads(channel) };
    return this.opened;
  }

  /** The file a damage report names (the URL for a server). */
  private fileName(): string {
    return this.target.kind === 'file' ? this.target.path : this.target.url;
  }

  /** Why opening failed, in one line: a damaged file names its recovery, anything else its URL and SQLite's words. */
  private openFailure(error: unknown): DatabaseError {
    if (isCorruption(error)) {
      return error instanceof DatabaseCorruptError ? error : new DatabaseCorruptError(this.fileName(), messageOf(error), { cause: error });
    }
    const failure = toDatabaseError(error);
    const namesFile = failure.message.includes(this.target.url) || failure.message.includes(this.fileName());
    // Typed failures (MigrationError, BusyError, …) keep their class; SQLite's bare words get the URL.
    return namesFile || failure.constructor !== DatabaseError
      ? failure
      : new DatabaseError(`cannot open database ${this.target.url}: ${failure.message}`, { cause: error });
  }

  /** quick_check of a large file on a worker thread; damage found there is handled like SQLITE_CORRUPT. */
  private startIntegrityCheck(): void {
    if (this.target.kind !== 'file') {
      this.integrity = { state: 'unchecked', reason: `${this.target.kind} database` };
      return;
    }
    const check = quickCheckInBackground(this.target.path);
    this.backgroundCheck = check;
    this.integrity = { state: 'checking', since: nowIso() };
    void check.result.then(({ finding, failed }) => {
      if (this.backgroundCheck !== check) return;
      this.backgroundCheck = undefined;
      if (failed) this.integrity = { state: 'check_failed', reason: finding };
      else if (finding === 'ok') this.integrity = { state: 'ok', checkedAt: nowIso() };
      else this.recordDamage(new DatabaseCorruptError(this.fileName(), finding));
    });
  }

  private recordDamage(damage: DatabaseCorruptError): DatabaseCorruptError {
    this.damage ??= damage;
    this.integrity = { state: 'damaged', finding: this.damage.finding };
    return this.damage;
  }
}
