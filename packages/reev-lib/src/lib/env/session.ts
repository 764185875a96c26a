import type { JupiterSimMarket } from '@reev/tools';
import type { TestCase } from '@reev/types';
import type { LiteSVM } from 'litesvm';
import { readAccount } from './accounts';
import type { KeyPair } from './keys';
import type { PlaceholderResolver } from './placeholders';

export interface BalanceSnapshot {
  lamports: number;
  token?: { mint: string; amount: number };
}

/** One reset's chain and everything resolved for it. */
export class LiteSvmSession {
  /** Transactions sent on this chain so far. */
  transactionsSent = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    readonly vm: LiteSVM,
    readonly testCase: TestCase,
    readonly wallet: string,
    readonly market: JupiterSimMarket,
    readonly resolver: PlaceholderResolver,
    private readonly marketKeys: ReadonlyMap<string, KeyPair>,
  ) {}

  /**
   * Runs transactions one at a time: each is built on the latest blockhash, which the previous one expires, so
   * two calls in flight together would otherwise send a stale blockhash.
   */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.pending.then(task, task);
    this.pending = run.catch(() => undefined);
    return run;
  }

  keyPairFor(account: string): KeyPair | undefined {
    return this.resolver.signingKeys().get(account) ?? this.marketKeys.get(account);
  }

  snapshot(account: string): BalanceSnapshot {
    const { lamports, token } = readAccount(this.vm, account);
    return { lamports, ...(token ? { token: { mint: token.mint, amount: token.amount } } : {}) };
  }
}
