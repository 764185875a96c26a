import type { InstructionRecord, KnownToken, TokenAccountState, TransactionResult } from '@reev/types';
import type { JupiterSimConfig } from './jupiter-sim/config';

/** A token account and where it lives. */
export interface TokenAccountEntry extends TokenAccountState {
  address: string;
}

export interface SubmitOptions {
  /** Addresses whose keys sign the transaction (the environment holds the keys). */
  signers: string[];
  /** Pays the fee; defaults to the first signer. */
  feePayer?: string;
}

/** A market vault the simulated market trades from: native SOL in a system account, tokens in a token account. */
export interface JupiterSimSwapVault {
  token: KnownToken;
  /** The system account (SOL) or token account (SPL) holding the reserve. */
  address: string;
  /** Signs transfers out of the vault. */
  authority: string;
}

/** One lending pool of the simulated market: deposits of `asset` mint `share` tokens. */
export interface JupiterSimLendPool {
  asset: KnownToken;
  share: KnownToken;
  /** The system account (SOL) or token account (SPL) holding the deposits. */
  vault: string;
  /** Signs transfers out of the vault. */
  vaultAuthority: string;
}

/** The simulated Jupiter market as the environment set it up. */
export interface JupiterSimMarket {
  readonly protocol: 'jupiter-sim';
  readonly config: JupiterSimConfig;
  /** Co-signs and pays for every market transaction; mint authority of the share mints. */
  readonly authority: string;
  readonly swapVaults: readonly JupiterSimSwapVault[];
  readonly lendPools: readonly JupiterSimLendPool[];
}

/** What tools need from an environment: chain reads, address derivation and transaction submission. */
export interface ToolContext {
  /** The acting wallet (resolved USER_WALLET_PUBKEY). */
  readonly wallet: string;
  readonly tokens: readonly KnownToken[];
  readonly market: JupiterSimMarket;
  /** Lamports held by `address`; 0 when the account does not exist. */
  getSolBalance(address: string): Promise<number>;
  /** The token account at `address`, or undefined when there is none. */
  getTokenAccount(address: string): Promise<TokenAccountState | undefined>;
  /** Every token account owned by `owner`, ordered by address. */
  listTokenAccounts(owner: string): Promise<TokenAccountEntry[]>;
  associatedTokenAddress(owner: string, mint: string): Promise<string>;
  /** Executes the instructions as one transaction. Failures come back as a failed result, not as an exception. */
  submit(instructions: InstructionRecord[], options: SubmitOptions): Promise<TransactionResult>;
}
