import { isBusy, RetriesExhausted } from './errors';

/** Bounded exponential backoff with jitter, for SQLITE_BUSY/SQLITE_LOCKED caused by other processes. */
export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * About 20 s in all (13–27 s with the jitter) of asynchronous waiting for another process's lock: SQLite's own
 * busy timeout blocks the event loop, so it stays at a few milliseconds and these retries do the waiting.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 60, baseDelayMs: 5, maxDelayMs: 500 };

/** Delay before retry number `retry` (1-based): half fixed, half random, so competing processes spread out. */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` again while it fails with SQLITE_BUSY/SQLITE_LOCKED, calling `afterBusy` after each
 * such failure. Safe only for statements that did not run when they failed that way (a statement that
 * never got the lock never ran), which is every autocommit statement and every BEGIN; never use it inside
 * an open transaction. Other errors pass at once.
 */
export async function retryOnBusy<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  afterBusy: (error: unknown) => Promise<void> = () => Promise.resolve(),
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isBusy(error)) throw error;
      // Also after the last attempt: whoever uses the connection next must find it sound.
      await afterBusy(error);
      if (attempt >= policy.attempts) throw new RetriesExhausted(attempt, error);
      await sleep(backoffDelayMs(policy, attempt));
    }
  }
}
