import { Mutex } from './mutex';

describe('Mutex', () => {
  it('runs holders one at a time in the order they asked', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const holder = (name: string, waits: number) =>
      mutex.runExclusive(async () => {
        events.push(`${name} in`);
        for (let tick = 0; tick < waits; tick += 1) await Promise.resolve();
        events.push(`${name} out`);
      });
    await Promise.all([holder('a', 3), holder('b', 0), holder('c', 1)]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('releases when the holder fails', async () => {
    const mutex = new Mutex();
    await expect(mutex.runExclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.runExclusive(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
