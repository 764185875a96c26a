import type { SqlClient } from './connection';
import type { MigrationVersion } from './migrations';
import type { DatabaseRegistrationOptions } from './options';
import { PooledDatabaseWriter } from './pooled-writer';
import type { DatabaseReader } from './reader';
import { DatabaseWriter } from './writer';

export interface OpenDatabase {
  writer: DatabaseWriter;
  reader: DatabaseReader;
  /** Statements on the writer connection, for diagnostics (PRAGMA integrity_check and the like). */
  client: SqlClient;
  migrationVersion(): Promise<MigrationVersion>;
  close(): Promise<void>;
}

/** Opens (and migrates) a database for code that does not use the container. */
export async function openDatabase(options: DatabaseRegistrationOptions = {}): Promise<OpenDatabase> {
  const writer = options.pooled ? new PooledDatabaseWriter(options) : new DatabaseWriter(options);
  await writer.open();
  const client = await writer.client();
  return {
    writer,
    reader: writer.reader,
    client,
    migrationVersion: () => writer.migrationVersion(),
    close: () => writer.close(),
  };
}
