import { container as rootContainer } from 'tsyringe';
import { PooledDatabaseWriter } from './pooled-writer';
import { DatabaseReader } from './reader';
import { registerDatabase } from './register';
import { DATABASE_OPTIONS, DATABASE_READER, DATABASE_WRITER } from './tokens';
import { DatabaseWriter } from './writer';

describe('registerDatabase', () => {
  it('registers one writer per container, its reader, and the options', async () => {
    const container = registerDatabase(rootContainer.createChildContainer(), { url: ':memory:' });
    const writer = container.resolve(DATABASE_WRITER);
    try {
      expect(writer).toBeInstanceOf(DatabaseWriter);
      expect(writer).not.toBeInstanceOf(PooledDatabaseWriter);
      expect(container.resolve(DATABASE_WRITER)).toBe(writer);
      const reader = container.resolve(DATABASE_READER);
      expect(reader).toBeInstanceOf(DatabaseReader);
      expect(reader).toBe((writer as DatabaseWriter).reader);
      expect(container.resolve(DATABASE_READER)).toBe(reader);
      expect(container.resolve(DATABASE_OPTIONS)).toEqual({ url: ':memory:' });

      // The writer opens on first use and the reader reads what it wrote.
      await writer.upsertBenchmark({ id: 'b1', prompt: 'p', content: 'c' });
      expect((await reader.listBenchmarks()).map((benchmark) => benchmark.id)).toEqual(['b1']);
    } finally {
      await writer.close();
    }
  });

  it('gives each container its own writer and database', async () => {
    const first = registerDatabase(rootContainer.createChildContainer(), { url: ':memory:' });
    const second = registerDatabase(rootContainer.createChildContainer(), { url: ':memory:' });
    const [a, b] = [first.resolve(DATABASE_WRITER), second.resolve(DATABASE_WRITER)];
    try {
      expect(a).not.toBe(b);
      await a.upsertBenchmark({ id: 'only-in-a', prompt: 'p', content: 'c' });
      expect(await second.resolve(DATABASE_READER).listBenchmarks()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('registers a PooledDatabaseWriter with the pool size when pooled', async () => {
    const container = registerDatabase(rootContainer.createChildContainer(), {
      url: ':memory:',
      pooled: true,
      poolSize: 3,
    });
    const writer = container.resolve(DATABASE_WRITER);
    try {
      expect(writer).toBeInstanceOf(PooledDatabaseWriter);
      expect((writer as PooledDatabaseWriter).poolSize).toBe(3);
    } finally {
      await writer.close();
    }
  });
});
