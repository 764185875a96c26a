import { createClient } from '@libsql/client';
import Database from 'libsql';
import { Connection, resolveDatabaseTarget } from './connection';
import { openNativeDatabase, rowsPrepared, runPrepared } from './embedded';
import { ConstraintError, DatabaseError, messageOf, toDatabaseError } from './errors';
import { tempDirectory } from './test-support/temp-database';

const settings = { busyTimeoutMs: 0, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 } };
const INSERT = 'INSERT INTO t (id, v, note) VALUES (?1, ?2, ?3)';
const SELECT = 'SELECT note, v, id FROM t WHERE id >= ?1 ORDER BY id';

async function openWithTable(url: string): Promise<Connection> {
  const connection = await Connection.open(resolveDatabaseTarget(url), settings);
  await connection.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL CHECK (v BETWEEN 0 AND 1), note TEXT)');
  return connection;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
}

describe('prepared statements on an embedded database', () => {
  let connection: Connection;

  beforeEach(async () => {
    connection = await openWithTable(':memory:');
  });

  afterEach(() => {
    connection.close();
  });

  it('share the one connection with any other statement: each sees what the other wrote', async () => {
    expect(await connection.run(INSERT, [1, 0.5, 'via run'])).toBe(1);
    await connection.client.execute("INSERT INTO t (id, v, note) VALUES (2, 0.25, 'via client')");
    expect(await connection.rows(SELECT, [0])).toEqual([
      ['via run', 0.5, 1],
      ['via client', 0.25, 2],
    ]);
    expect((await connection.client.execute('SELECT count(*) AS n FROM t')).rows[0]?.['n']).toBe(2);
  });

  it('report the rows an update changed, none when nothing matched', async () => {
    await connection.run(INSERT, [1, 0.5, 'a']);
    await connection.run(INSERT, [2, 0.5, 'b']);
    expect(await connection.run('UPDATE t SET note = ?1 WHERE v = ?2', ['c', 0.5])).toBe(2);
    expect(await connection.run('UPDATE t SET note = ?1 WHERE id = ?2', ['c', 99])).toBe(0);
  });

  it('bind arguments as any other statement does, and refuse what the native binding cannot take instead of aborting', async () => {
    const date = new Date(86_400_000);
    await connection.run(INSERT, [1, true, 'true is 1']);
    await connection.run(INSERT, [2, false, null]);
    await connection.run(INSERT, [3, 0, date]);
    await connection.client.execute({ sql: INSERT, args: [4, false, date] });
    const rows = await connection.rows(SELECT, [0]);
    expect(rows.slice(0, 2)).toEqual([
      ['true is 1', 1, 1],
      [null, 0, 2],
    ]);
    // A Date is its milliseconds, stored exactly as the client stores it.
    expect(rows[2]).toEqual([rows[3]?.[0], 0, 3]);
    expect(Number(rows[2]?.[0])).toBe(86_400_000);
    await expect(connection.run(INSERT, [5, Number.NaN, 'x'])).rejects.toThrow(RangeError);
    await expect(connection.run(INSERT, [5, 0, { an: 'object' } as never])).rejects.toThrow(
      new TypeError('object cannot be passed as argument to the database'),
    );
    await expect(connection.run(INSERT, [5, 0, undefined as never])).rejects.toThrow(
      new TypeError('undefined cannot be passed as argument to the database'),
    );
    expect(await connection.rows(SELECT, [5])).toEqual([]);
  });

  it('fail with the SqliteError of libsql, read by toDatabaseError as before, and run again afterwards', async () => {
    await connection.run(INSERT, [1, 0.5, 'a']);
    const check = await failureOf(connection.run(INSERT, [2, 1.5, 'b']));
    expect(check).toBeInstanceOf(Database.SqliteError);
    expect(check).toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    expect(messageOf(check)).toBe('SQLITE_CONSTRAINT: CHECK constraint failed: v BETWEEN 0 AND 1');
    const mapped = toDatabaseError(check, { table: 't', key: { id: 2 } });
    expect(mapped).toBeInstanceOf(ConstraintError);
    expect(mapped).toMatchObject({ constraint: 'check', message: 't (id=2): CHECK constraint failed: v BETWEEN 0 AND 1' });
    expect(toDatabaseError(await failureOf(connection.run(INSERT, [1, 0.5, 'again'])))).toMatchObject({ constraint: 'unique' });
    expect(messageOf(await failureOf(connection.rows('SELECT nope FROM t', [])))).toMatch(/^SQLITE_ERROR: no such column: nope/);
    expect(await connection.run(INSERT, [2, 0.25, 'b'])).toBe(1);
    expect(await connection.rows(SELECT, [0])).toEqual([
      ['a', 0.5, 1],
      ['b', 0.25, 2],
    ]);
  });

  it('run inside a write transaction, which holds the connection until it ends and refuses statements after', async () => {
    const transaction = await connection.beginWrite();
    await transaction.run(INSERT, [1, 0.5, 'in transaction']);
    expect(await transaction.rows(SELECT, [0])).toEqual([['in transaction', 0.5, 1]]);
    expect((await transaction.execute('SELECT count(*) AS n FROM t')).rows[0]?.['n']).toBe(1);
    await expect(connection.client.execute('SELECT 1')).rejects.toThrow('a write transaction holds the connection');
    await expect(connection.run(INSERT, [2, 0.5, 'outside'])).rejects.toThrow('a write transaction holds the connection');
    await transaction.rollback();
    await expect(transaction.run(INSERT, [2, 0.5, 'late'])).rejects.toThrow('the write transaction has ended');
    expect(await connection.rows(SELECT, [0])).toEqual([]);

    const committed = await connection.beginWrite();
    await committed.run(INSERT, [3, 0.5, 'committed']);
    await committed.commit();
    committed.close();
    await expect(committed.rows(SELECT, [0])).rejects.toThrow('the write transaction has ended');
    expect(await connection.rows(SELECT, [0])).toEqual([['committed', 0.5, 3]]);
  });
});

describe('a prepared statement on a closed connection', () => {
  it('is refused, although the statement would keep the connection alive and still run', () => {
    const db = openNativeDatabase(':memory:', 0);
    try {
      runPrepared(db, 'CREATE TABLE t (x)', []);
      expect(runPrepared(db, 'INSERT INTO t VALUES (?1)', [1])).toBe(1);
      expect(rowsPrepared(db, 'SELECT x FROM t', [])).toEqual([[1]]);
      db.close();
      expect(() => runPrepared(db, 'INSERT INTO t VALUES (?1)', [2])).toThrow(
        new DatabaseError('the database connection was closed while this statement was in flight'),
      );
      expect(() => rowsPrepared(db, 'SELECT x FROM t', [])).toThrow(DatabaseError);
    } finally {
      if (db.open) db.close();
    }
  });
});

describe('prepared statements on a file another process locks', () => {
  let temp: ReturnType<typeof tempDirectory>;

  beforeEach(() => {
    temp = tempDirectory();
  });

  afterEach(() => {
    temp.remove();
  });

  it('retry SQLITE_BUSY, and after the connection is replaced their writes commit', async () => {
    const url = temp.fileUrl();
    const connection = await openWithTable(url);
    const other = createClient({ url });
    try {
      // Prepared on the first connection; the busy failures below replace it.
      await connection.run(INSERT, [1, 0.5, 'before']);
      const transaction = await connection.beginWrite();
      await transaction.run(INSERT, [2, 0.5, 'in transaction']);
      await transaction.commit();

      const lock = await other.transaction('write');
      try {
        expect(await failureOf(connection.run(INSERT, [3, 0.5, 'blocked']))).toMatchObject({ attempts: 3 });
        expect(await failureOf(connection.beginWrite())).toMatchObject({ attempts: 3 });
      } finally {
        await lock.rollback();
      }
      await connection.run(INSERT, [3, 0.5, 'after']);
      const next = await connection.beginWrite();
      await next.run(INSERT, [4, 0.5, 'after, in transaction']);
      await next.commit();
      // Seen from another connection: every write after the busy failures was committed.
      expect((await other.execute('SELECT group_concat(note) AS notes FROM t ORDER BY id')).rows[0]?.['notes']).toBe(
        'before,in transaction,after,after, in transaction',
      );
    } finally {
      other.close();
      connection.close();
    }
  });
});
