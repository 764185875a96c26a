import { existsSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from './errors';
import { openDatabase } from './open-database';
import { PooledDatabaseWriter } from './pooled-writer';
import { tempDirectory } from './test-support/temp-database';

describe('openDatabase', () => {
  it('opens and migrates at once, and hands out writer, reader, client and version', async () => {
    const database = await openDatabase({ url: ':memory:' });
    try {
      expect(await database.migrationVersion()).toMatchObject({ tag: '0002_write_probes', count: 3 });
      await database.writer.upsertBenchmark({ id: 'b', prompt: 'p', content: 'c' });
      expect(await database.reader.getBenchmark('b')).toMatchObject({ id: 'b' });
      expect((await database.client.execute('SELECT count(*) FROM benchmarks')).rows[0]?.[0]).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('defaults to file:.reev/reev.db under the working directory, creating the directory', async () => {
    const temp = tempDirectory();
    const previous = process.cwd();
    process.chdir(temp.dir);
    try {
      const database = await openDatabase({ pooled: true });
      expect(database.writer).toBeInstanceOf(PooledDatabaseWriter);
      await database.close();
      expect(existsSync(path.join(temp.dir, '.reev', 'reev.db'))).toBe(true);
    } finally {
      process.chdir(previous);
      temp.remove();
    }
  });

  it('refuses a URL it cannot open', async () => {
    await expect(openDatabase({ url: 'ftp://example.com/reev.db' })).rejects.toBeInstanceOf(ValidationError);
  });
});
