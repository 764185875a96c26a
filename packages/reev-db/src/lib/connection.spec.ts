import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { Connection, resolveDatabaseTarget } from './connection';
import { DatabaseError, ValidationError } from './errors';
import { DEFAULT_RETRY_POLICY, retryOnBusy } from './retry';
import { tempDirectory } from './test-support/temp-database';

const settings = { busyTimeoutMs: 0, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 } };

describe('resolveDatabaseTarget', () => {
  it('tells memory, files and servers apart', () => {
    expect(resolveDatabaseTarget(':memory:')).toEqual({ kind: 'memory', url: ':memory:' });
    expect(resolveDatabaseTarget('file:.reev/reev.db')).toEqual({
      kind: 'file',
      url: `file:${path.resolve('.reev/reev.db')}`,
      path: path.resolve('.reev/reev.db'),
    });
    expect(resolveDatabaseTarget('file:///var/data/reev.db')).toMatchObject({ kind: 'file', path: '/var/data/reev.db' });
    expect(resolveDatabaseTarget('file:/var/data/reev.db')).toMatchObject({ kind: 'file', path: '/var/data/reev.db' });
    expect(resolveDatabaseTarget('results/reev.db')).toMatchObject({ kind: 'file', path: path.resolve('results/reev.db') });
    expect(resolveDatabaseTarget('libsql://reev-team.turso.io')).toEqual({ kind: 'remote', url: 'libsql://reev-team.turso.io' });
    expect(resolveDatabaseTarget('http://127.0.0.1:8080')).toEqual({ kind: 'remote', url: 'http://127.0.0.1:8080' });
  });

  it('refuses what it cannot open, saying why', () => {
    expect(() => resolveDatabaseTarget('')).toThrow(new ValidationError('database url is empty'));
    expect(() => resolveDatabaseTarget('ftp://host/reev.db')).toThrow(/unsupported scheme ftp:/);
    expect(() => resolveDatabaseTarget('file::memory:?cache=shared')).toThrow(/names no file/);
    expect(() => resolveDatabaseTarget('file:')).toThrow(/names no file/);
  });
});

describe('Connection', () => {
  let temp: ReturnType<typeof tempDirectory>;

  beforeEach(() => {
    temp = tempDirectory();
  });

  afterEach(() => {
    temp.remove();
  });

  it('creates the parent directories of a file database', async () => {
    const url = `file:${path.join(temp.dir, 'nested', 'deeper', 'reev.db')}`;
    const connection = await Connection.open(resolveDatabaseTarget(url), settings);
    connection.close();
    expect(existsSync(path.join(temp.dir, 'nested', 'deeper', 'reev.db'))).toBe(true);
  });

  it('fails to open when WAL cannot be switched on, instead of running without it', async () => {
    const file = path.join(temp.dir, 'rollback.db');
    const other = createClient({ url: `file:${file}` });
    await other.execute('CREATE TABLE t (x)');
    // An open read transaction on another connection keeps the journal mode from changing.
    const reading = await other.transaction('read');
    await reading.execute('SELECT * FROM t');
    try {
      const opening = Connection.open(resolveDatabaseTarget(`file:${file}`), settings);
      await expect(opening).rejects.toBeInstanceOf(DatabaseError);
      await expect(opening).rejects.toThrow(`file:${file}: PRAGMA journal_mode=WAL did not take effect (`);
    } finally {
      await reading.rollback();
      other.close();
    }
  });

  it('after SQLITE_BUSY, replaces its connection so that later writes commit', async () => {
    const url = temp.fileUrl();
    const connection = await Connection.open(resolveDatabaseTarget(url), settings);
    const other = createClient({ url });
    try {
      await connection.execute('CREATE TABLE t (x)');
      const lock = await other.transaction('write');
      let busyFailures = 0;
      const inserted = retryOnBusy(
        () => connection.client.execute('INSERT INTO t VALUES (1)'),
        DEFAULT_RETRY_POLICY,
        async () => {
          busyFailures += 1;
          await connection.replace();
          if (busyFailures === 2) await lock.rollback();
        },
      );
      await inserted;
      expect(busyFailures).toBe(2);
      await connection.execute('INSERT INTO t VALUES (2)');
      // Seen from another connection: both writes were committed.
      expect((await other.execute('SELECT count(*) FROM t')).rows[0]?.[0]).toBe(2);
    } finally {
      other.close();
      connection.close();
    }
  });

  it('refuses to replace its connection once the file was replaced', async () => {
    const url = temp.fileUrl('a.db');
    const connection = await Connection.open(resolveDatabaseTarget(url), settings);
    const impostor = await Connection.open(resolveDatabaseTarget(temp.fileUrl('b.db')), settings);
    impostor.close();
    renameSync(path.join(temp.dir, 'b.db'), path.join(temp.dir, 'a.db'));
    try {
      await expect(connection.replace()).rejects.toThrow(
        new DatabaseError(`${url}: the database file was replaced or removed while open`),
      );
    } finally {
      connection.close();
    }
  });
});

describe('the embedded binding', () => {
  it('is the libsql package @reev/db declares, the same one @libsql/client loads', () => {
    // embedded.ts opens embedded databases with libsql, @libsql/client serves libSQL servers (and the specs' other
    // connections): two copies of the binding would mean two SQLite libraries in one process.
    const declared = require.resolve('libsql');
    expect(require.resolve('libsql', { paths: [require.resolve('@libsql/client')] })).toBe(declared);
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['libsql']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.dependencies['@libsql/client']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
