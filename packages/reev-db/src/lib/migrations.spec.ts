import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { Connection, resolveDatabaseTarget } from './connection';
import { MigrationError } from './errors';
import { MIGRATIONS_FOLDER, applyMigrations } from './migrations';
import { DEFAULT_RETRY_POLICY } from './retry';
import { TABLES } from './schema';
import { tempDirectory } from './test-support/temp-database';
import { DatabaseWriter } from './writer';

describe('migrations', () => {
  it('live in the package root, where both src/lib and dist/lib find them', () => {
    expect(MIGRATIONS_FOLDER).toBe(path.resolve(__dirname, '..', '..', 'drizzle'));
    expect(existsSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).toBe(true);
  });

  it('create exactly the tables, columns and indexes of the drizzle schema (no drift)', async () => {
    const writer = new DatabaseWriter({ url: ':memory:' });
    try {
      const client = await writer.client();
      for (const table of Object.values(TABLES)) {
        const config = getTableConfig(table);
        const columns = await client.execute(`PRAGMA table_info(${config.name})`);
        expect(columns.rows.map((row) => row['name']).sort()).toEqual(config.columns.map((column) => column.name).sort());
        const indexes = await client.execute(`PRAGMA index_list(${config.name})`);
        const names = indexes.rows.map((row) => row['name'] as string);
        for (const index of config.indexes) expect(names).toContain(index.config.name);
        const checks = await client.execute({
          sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
          args: [config.name],
        });
        for (const constraint of config.checks) expect(checks.rows[0]?.['sql'] as string).toContain(`"${constraint.name}"`);
      }
    } finally {
      await writer.close();
    }
  });

  it('apply once: reopening a database changes nothing', async () => {
    const temp = tempDirectory();
    try {
      for (let open = 0; open < 2; open += 1) {
        const writer = new DatabaseWriter({ url: temp.fileUrl() });
        expect(await writer.migrationVersion()).toMatchObject({ tag: '0002_write_probes', count: 3 });
        await writer.close();
      }
    } finally {
      temp.remove();
    }
  });

  it('bring a database made by the first release up to date, keeping its rows', async () => {
    const temp = tempDirectory();
    try {
      // The first release's migrations: the committed folder with its journal cut back to 0000_initial.
      const firstRelease = path.join(temp.dir, 'drizzle-0000');
      cpSync(MIGRATIONS_FOLDER, firstRelease, { recursive: true });
      const journalPath = path.join(firstRelease, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((entry) => entry.tag === '0000_initial') }));
      const connection = await Connection.open(resolveDatabaseTarget(temp.fileUrl()), { busyTimeoutMs: 0, retry: DEFAULT_RETRY_POLICY });
      try {
        await applyMigrations(connection, DEFAULT_RETRY_POLICY, firstRelease);
        await connection.client.execute("INSERT INTO benchmarks (id, name, prompt, content, content_hash) VALUES ('b', 'b', 'p', 'c', 'h')");
        const tables = await connection.client.execute("SELECT name FROM sqlite_master WHERE name = 'llm_responses'");
        expect(tables.rows).toHaveLength(0);
      } finally {
        connection.close();
      }

      const writer = new DatabaseWriter({ url: temp.fileUrl() });
      try {
        expect(await writer.migrationVersion()).toMatchObject({ tag: '0002_write_probes', count: 3 });
        expect(await writer.reader.getBenchmark('b')).toMatchObject({ prompt: 'p' });
        await writer.putLlmResponse('k', { model: 'm', baseUrl: 'http://127.0.0.1:1/v1', turn: 1 });
        expect(await writer.getLlmResponse('k')).toMatchObject({ model: 'm', turn: 1 });
      } finally {
        await writer.close();
      }
    } finally {
      temp.remove();
    }
  });

  it('refuse a database migrated by newer code', async () => {
    const temp = tempDirectory();
    try {
      const writer = new DatabaseWriter({ url: temp.fileUrl() });
      const client = await writer.client();
      await client.execute(
        "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', 99999999999999)",
      );
      await writer.close();
      const older = new DatabaseWriter({ url: temp.fileUrl() });
      await expect(older.open()).rejects.toBeInstanceOf(MigrationError);
      await expect(older.open()).rejects.toThrow(
        /latest migration \(created_at=99999999999999, hash from-the-future\) is not in .*drizzle; it was made by newer code/,
      );
      await older.close();
    } finally {
      temp.remove();
    }
  });

  it('fail with a MigrationError naming the folder when the journal is missing', async () => {
    const connection = await Connection.open(resolveDatabaseTarget(':memory:'), {
      busyTimeoutMs: 0,
      retry: DEFAULT_RETRY_POLICY,
    });
    try {
      const applying = applyMigrations(connection, DEFAULT_RETRY_POLICY, '/nonexistent/drizzle');
      await expect(applying).rejects.toBeInstanceOf(MigrationError);
      await expect(applying).rejects.toThrow(
        "cannot read the migration journal /nonexistent/drizzle/meta/_journal.json: ENOENT: no such file or directory, open '/nonexistent/drizzle/meta/_journal.json'",
      );
    } finally {
      connection.close();
    }
  });
});
