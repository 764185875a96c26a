import { buildFreshChain, FreshChainPool } from './chain-pool';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshChainPool', () => {
  it('hands out a chain in the initial state and builds one on the spot when none is ready', () => {
    const pool = new FreshChainPool(1);
    expect(pool.available).toBe(0);
    const chain = pool.take();
    expect(chain.latestBlockhash()).toBe(buildFreshChain().latestBlockhash());
    pool.release();
    pool.close();
  }, 60_000);

  it('refills only once no taken chain is in use, one chain per event-loop turn', async () => {
    const pool = new FreshChainPool(2);
    pool.take();
    await nextTurn();
    expect(pool.available).toBe(0);
    pool.release();
    await nextTurn();
    expect(pool.available).toBe(1);
    await nextTurn();
    expect(pool.available).toBe(2);
    await nextTurn();
    expect(pool.available).toBe(2);
    pool.close();
    expect(pool.available).toBe(0);
  }, 60_000);

  it('fill() builds up to its size now, and a taken chain is never handed out again', () => {
    const pool = new FreshChainPool(2);
    pool.fill();
    expect(pool.available).toBe(2);
    const first = pool.take();
    const second = pool.take();
    expect(second).not.toBe(first);
    expect(pool.available).toBe(0);
    pool.release();
    pool.release();
    pool.close();
  }, 60_000);

  it('refuses a release without a take and a size that is not a positive integer', () => {
    expect(() => new FreshChainPool(1).release()).toThrow('FreshChainPool.release: no chain is taken');
    expect(() => new FreshChainPool(0)).toThrow('FreshChainPool: size must be a positive integer, got 0');
  });
});
