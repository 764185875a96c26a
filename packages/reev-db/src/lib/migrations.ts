import { readFileSync } from 'node:fs';
import path from 'node:path';
import { migrate } from 'drizzle-orm/sqlite-proxy/migrator';
import type { Connection } from './connection';
import { MigrationError, isBusy, messageOf } from './errors';
import { queriesOf, type StatementExecutor } from './executor';
import { backoffDelayMs, type RetryPolicy } from './retry';

/**
 * The committed drizzle-kit output. Resolved from the package root, which is two levels up both from
 * src/lib (ts-jest, tsx) and from dist/lib (the tsc build).
 */
export const MIGRATIONS_FOLDER = path.join(__dirname, '..', '..', 'drizzle');

const MIGRATIONS_TABLE = '__drizzle_migrations';

/** The migration the database is at: the latest applied one, and how many have been applied in all. */
export interface MigrationVersion {
  tag: string;
  hash: string;
  count: number;
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

function readJournal(folder: string): JournalEntry[] {
  const journalPath = path.join(folder, 'meta', '_journal.json');
  try {
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
    return journal.entries;
  } catch (error) {
    throw new MigrationError(`cannot read the migration journal ${journalPath}: ${messageOf(error)}`, { cause: error });
  }
}

interface AppliedMigrations {
  count: number;
  latest?: { hash: string; createdAt: number };
}

async function readApplied(client: StatementExecutor): Promise<AppliedMigrations> {
  const table = await client.execute({
    sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
    args: [MIGRATIONS_TABLE],
  });
  if (table.rows.length === 0) return { count: 0 };
  const result = await client.execute({
    sql: `SELECT hash, created_at, (SELECT count(*) FROM ${MIGRATIONS_TABLE}) AS applied FROM ${MIGRATIONS_TABLE} ORDER BY created_at DESC LIMIT 1`,
    args: [],
  });
  const row = result.rows[0];
  if (row === undefined) return { count: 0 };
  const hash = row['hash'];
  if (typeof hash !== 'string') throw new MigrationError(`${MIGRATIONS_TABLE} holds a hash that is not text`);
  return { count: Number(row['applied']), latest: { hash, createdAt: Number(row['created_at']) } };
}

function isUpToDate(applied: AppliedMigrations, journal: JournalEntry[]): boolean {
  const last = journal[journal.length - 1];
  return last !== undefined && applied.latest !== undefined && applied.latest.createdAt >= last.when;
}

/**
 * Runs the pending migrations' statements as one write transaction, with foreign keys off meanwhile (a migration
 * may rebuild a table others point at), as drizzle's own libSQL migrator does.
 */
async function runMigrationBatch(connection: Connection, statements: string[]): Promise<void> {
  if (statements.length === 0) return;
  const embedded = connection.target.kind !== 'remote';
  if (embedded) await connection.execute('PRAGMA foreign_keys=OFF');
  try {
    const transaction = await connection.beginWrite();
    try {
      for (const sql of statements) await transaction.execute(sql);
      await transaction.commit();
    } finally {
      transaction.close();
    }
  } finally {
    if (embedded) await connection.execute('PRAGMA foreign_keys=ON');
  }
}

/**
 * Applies the pending migrations (drizzle-orm's migrator reads the folder and the applied ones; one transaction
 * runs them). Several processes may open a fresh database at once: the loser of that race finds the tables created
 * by the winner, which is success once the winner's migrations are recorded; while the winner still holds the lock,
 * wait and look again.
 */
export async function applyMigrations(connection: Connection, retry: RetryPolicy, folder = MIGRATIONS_FOLDER) {
  const journal = readJournal(folder);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await migrate(queriesOf(connection), (statements) => runMigrationBatch(connection, statements), { migrationsFolder: folder });
      return;
    } catch (error) {
      const busy = isBusy(error);
      // See Connection: a connection that met SQLITE_BUSY must be replaced before it is used again.
      if (busy) await connection.replace();
      const applied = await readApplied(connection).catch(() => ({ count: 0 }));
      if (isUpToDate(applied, journal)) return;
      const racing = busy || /already exists/.test(messageOf(error));
      if (!racing || attempt >= retry.attempts) {
        throw new MigrationError(`applying migrations from ${folder} failed: ${messageOf(error)}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(retry, attempt)));
    }
  }
}

/** The applied version, named by the journal's tag; fails if the database is at a migration this code lacks. */
export async function readMigrationVersion(client: StatementExecutor, folder = MIGRATIONS_FOLDER): Promise<MigrationVersion> {
  const journal = readJournal(folder);
  const applied = await readApplied(client);
  if (applied.latest === undefined) throw new MigrationError('no migrations have been applied');
  const createdAt = applied.latest.createdAt;
  const entry = journal.find((candidate) => candidate.when === createdAt);
  if (entry === undefined) {
    throw new MigrationError(
      `the database's latest migration (created_at=${createdAt}, hash ${applied.latest.hash}) is not in ${folder}; it was made by newer code`,
    );
  }
  return { tag: entry.tag, hash: applied.latest.hash, count: applied.count };
}
