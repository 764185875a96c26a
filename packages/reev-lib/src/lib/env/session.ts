import type { JupiterSimMarket, TokenAccountEntry } from '@reev/tools';
import type { TestCase, TokenAccountState } from '@reev/types';
import type { Blockhash } from '@solana/kit';
import type { FailedTransactionMetadata, LiteSVM, TransactionMetadata } from 'litesvm';
import {
  lamportsOf,
  listTokenAccountsOf,
  observedAccountOf,
  readChainAccount,
  tokenAccountOf,
  type ChainAccount,
  type ObservedAccount,
} from './accounts';
import type { KeyPair } from './keys';
import { sendSignedTransaction } from './native-chain';
import type { PlaceholderResolver } from './placeholders';

export interface BalanceSnapshot {
  lamports: number;
  token?: { mint: string; amount: number };
}

/**
 * One reset's chain and everything resolved for it. The chain is reached only through this class, so every change
 * to it (a transaction, successful or not, and the blockhash it expires) passes `send`, which forgets the reads.
 */
export class LiteSvmSession {
  /** Transactions sent on this chain so far. */
  transactionsSent = 0;
  private pending: Promise<unknown> = Promise.resolve();
  /**
   * Accounts read since the chain last changed, by address (null: no account). An observation runs around every
   * step and reads the same few accounts each time; a read from the chain is a native call and a decode.
   */
  private readonly reads = new Map<string, ChainAccount | null>();

  constructor(
    private readonly vm: LiteSVM,
    readonly testCase: TestCase,
    readonly wallet: string,
    /** The wallet's associated token account of every known token but SOL, in the order of KNOWN_TOKENS. */
    readonly walletTokenAccounts: readonly string[],
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

  latestBlockhash(): Blockhash {
    return this.vm.latestBlockhash();
  }

  /** Sends a signed transaction, then expires the blockhash, so an identical transfer next is a new transaction. */
  send(signatures: readonly (Uint8Array | null)[], messageBytes: Uint8Array): TransactionMetadata | FailedTransactionMetadata {
    try {
      const outcome = sendSignedTransaction(this.vm, signatures, messageBytes);
      this.vm.expireBlockhash();
      return outcome;
    } finally {
      // Even a failed transaction changed the chain: its fee payer paid.
      this.reads.clear();
    }
  }

  lamports(account: string): number {
    return lamportsOf(this.read(account), account);
  }

  tokenAccount(account: string): TokenAccountState | undefined {
    return tokenAccountOf(this.read(account), account);
  }

  observedAccount(account: string): ObservedAccount {
    return observedAccountOf(this.read(account), account);
  }

  listTokenAccounts(owner: string): TokenAccountEntry[] {
    return listTokenAccountsOf(this.vm, owner, this.reads);
  }

  snapshot(account: string): BalanceSnapshot {
    const { lamports, token } = this.observedAccount(account);
    return { lamports, ...(token ? { token: { mint: token.mint, amount: token.amount } } : {}) };
  }

  private read(account: string): ChainAccount | null {
    let found = this.reads.get(account);
    if (found === undefined) {
      found = readChainAccount(this.vm, account);
      this.reads.set(account, found);
    }
    return found;
  }
}
