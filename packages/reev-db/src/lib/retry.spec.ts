import { LibsqlError } from '@libsql/client';
import { BusyError, toDatabaseError } from './errors';
import { backoffDelayMs, retryOnBusy, type RetryPolicy } from './retry';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 3 };

describe('retryOnBusy', () => {
  it('grows the delay exponentially up to the cap, with jitter in its upper half', () => {
    const wide: RetryPolicy = { attempts: 8, baseDelayMs: 10, maxDelayMs: 100 };
    for (let retry = 1; retry <= 8; retry += 1) {
      const ceiling = Math.min(100, 10 * 2 ** (retry - 1));
      const delay = backoffDelayMs(wide, retry);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('passes other errors through at once', async () => {
    let calls = 0;
    const failure = new LibsqlError('UNIQUE constraint failed: t.id', 'SQLITE_CONSTRAINT');
    await expect(
      retryOnBusy(
        () => {
          calls += 1;
          return Promise.reject(failure);
        },
        policy,
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('stops after the last attempt; the error becomes a BusyError that names the row', async () => {
    let busy = 0;
    const attempt = retryOnBusy(
      () => Promise.reject(new LibsqlError('database is locked', 'SQLITE_BUSY')),
      policy,
      () => {
        busy += 1;
        return Promise.resolve();
      },
    );
    const error = toDatabaseError(await attempt.catch((reason: unknown) => reason), {
      table: 'step_sessions',
      key: { execution_id: 'e1', step_index: 0 },
    });
    expect(busy).toBe(4);
    expect(error).toBeInstanceOf(BusyError);
    expect(error).toMatchObject({ attempts: 4, table: 'step_sessions' });
    expect(error.message).toBe(
      'step_sessions (execution_id=e1, step_index=0): database is locked by another process (SQLITE_BUSY: database is locked); gave up after 4 attempts',
    );
  });
});
