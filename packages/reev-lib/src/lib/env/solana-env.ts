import type {
  AddressRef,
  AgentContext,
  InstructionRecord,
  MarketOverrides,
  Observation,
  TestCase,
  TransactionResult,
} from '@reev/types';
import type { SubmitOptions, ToolContext } from '@reev/tools';
import type { FreshChainPool } from './chain-pool';
import type { KeyDerivationCache } from './keys';

export interface ResetOptions {
  /** Varies every derived address; the same seed gives the same addresses (default 0). */
  seed?: number;
}

export interface ResetResult {
  /** The acting wallet (resolved USER_WALLET_PUBKEY). */
  wallet: string;
  /** Placeholder name → address, for every placeholder of the benchmark. */
  keyMap: Record<string, string>;
  /** The benchmark's accounts right after initial_state was applied. */
  observation: Observation;
}

export type ExecuteOptions = SubmitOptions;

/** A Solana environment a benchmark runs in. */
export interface SolanaEnv {
  /** Which implementation serves Jupiter: "jupiter-sim" (embedded simulated market) or "jupiter". */
  readonly protocol: 'jupiter-sim' | 'jupiter';
  /** Starts from a fresh chain with the test case's initial_state applied. */
  reset(testCase: TestCase, options?: ResetOptions): Promise<ResetResult>;
  /**
   * Executes the instructions as one transaction. A failed transaction is a result with status Failure and a
   * readable error; only programmer errors throw (e.g. a signer the environment holds no key for).
   */
  execute(instructions: InstructionRecord[], options: ExecuteOptions): Promise<TransactionResult>;
  /** SOL balances and token accounts of every known account (key map, the wallet's token accounts, `extraAddresses`). */
  observe(extraAddresses?: string[]): Promise<Observation>;
  /**
   * A placeholder name, a base58 key or an AssociatedTokenAccount derivation as an address. A `Key` reference may
   * carry the mint of an `_ATA` name that initial_state does not define.
   */
  resolveAddress(reference: string | AddressRef): Promise<string>;
  agentContext(): Promise<AgentContext>;
  /** What tools act on; valid until the next reset. */
  toolContext(): ToolContext;
  close(): Promise<void>;
}

export interface LiteSvmEnvOptions {
  /** Market settings for every benchmark run in this environment; a benchmark's own `market` overrides them. */
  market?: MarketOverrides;
  /** Share one cache across environments so keys and ATAs are derived once per process. */
  derivations?: KeyDerivationCache;
  /** Take each reset's chain from this pool of chains built ahead; without one, every reset builds its chain. */
  chains?: FreshChainPool;
}
