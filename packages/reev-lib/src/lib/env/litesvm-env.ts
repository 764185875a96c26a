import type { AddressRef, AgentContext, InstructionRecord, Observation, TestCase, TransactionResult } from '@reev/types';
import { DEFAULT_JUPITER_SIM_CONFIG, mergeJupiterSimConfig, type ToolContext } from '@reev/tools';
import { KNOWN_TOKENS, isNativeSol } from '@reev/types';
import { TOKEN_ACCOUNT_SIZE } from './accounts';
import { buildFreshChain } from './chain-pool';
import { writeInitialAccounts } from './chain-setup';
import { planInitialState, resolveReferencedPlaceholders, type PlannedAccount } from './initial-state';
import { KeyDerivationCache } from './keys';
import { buildJupiterSimMarket, LEND_VAULT_LABEL, MARKET_AUTHORITY_LABEL } from './market';
import { PlaceholderResolver, USER_WALLET_PLACEHOLDER } from './placeholders';
import { LiteSvmSession } from './session';
import type { ExecuteOptions, LiteSvmEnvOptions, ResetOptions, ResetResult, SolanaEnv } from './solana-env';
import { executeTransaction } from './transaction-execution';

/** The value of a synchronous read as a promise: its errors reject instead of throwing. */
function settled<T>(read: () => T): Promise<T> {
  return new Promise((resolve) => resolve(read()));
}

/**
 * The embedded Solana environment: an in-process LiteSVM with the real System, SPL Token and Associated Token
 * programs, and a simulated Jupiter market ("jupiter-sim") whose every balance change is a real instruction.
 */
export class LiteSvmEnv implements SolanaEnv {
  readonly protocol = 'jupiter-sim' as const;
  private readonly derivations: KeyDerivationCache;
  private session: LiteSvmSession | undefined;
  /** True while this environment holds a chain taken from `options.chains`. */
  private chainTaken = false;
  private closed = false;

  constructor(private readonly options: LiteSvmEnvOptions = {}) {
    this.derivations = options.derivations ?? new KeyDerivationCache();
  }

  async reset(testCase: TestCase, options: ResetOptions = {}): Promise<ResetResult> {
    this.assertOpen();
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new Error(`reset: seed must be an integer, got ${seed}`);
    this.dropSession();
    // LiteSVM frees a dropped chain's native memory (~10 MB) in a finalizer that Node runs on a later event-loop
    // turn. A run's own work never waits on I/O, so without this turn back-to-back runs would keep every old chain.
    await new Promise((resolve) => setImmediate(resolve));
    this.assertOpen();
    const config = mergeJupiterSimConfig(
      mergeJupiterSimConfig(DEFAULT_JUPITER_SIM_CONFIG, this.options.market),
      testCase.market,
    );
    const authority = await this.derivations.derive(MARKET_AUTHORITY_LABEL);
    const lendVault = await this.derivations.derive(LEND_VAULT_LABEL);
    const ata = (owner: string, mint: string) => this.associatedTokenAddress(owner, mint);
    const marketAccounts = await buildJupiterSimMarket(
      { authority: authority.address, lendVault: lendVault.address },
      config,
      ata,
    );
    const vm = this.options.chains ? this.options.chains.take() : buildFreshChain();
    this.chainTaken = this.options.chains !== undefined;
    const tokenAccountRent = Number(vm.minimumBalanceForRentExemption(BigInt(TOKEN_ACCOUNT_SIZE)));
    const resolver = new PlaceholderResolver({
      benchmarkId: testCase.id,
      seed,
      derivations: this.derivations,
      associatedTokenAddress: ata,
    });
    let planned: PlannedAccount[];
    try {
      planned = await planInitialState(testCase, resolver, marketAccounts.market, tokenAccountRent);
      await resolveReferencedPlaceholders(testCase, resolver);
    } catch (error) {
      throw new Error(`benchmark ${testCase.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const wallet = await resolver.resolve(USER_WALLET_PLACEHOLDER);
    const walletTokenAccounts: string[] = [];
    for (const token of KNOWN_TOKENS) {
      if (!isNativeSol(token)) walletTokenAccounts.push(await this.associatedTokenAddress(wallet, token.mint));
    }
    writeInitialAccounts(vm, testCase.id, marketAccounts, planned, tokenAccountRent);
    const marketKeys = new Map([
      [authority.address, authority.keyPair],
      [lendVault.address, lendVault.keyPair],
    ]);
    const session = new LiteSvmSession(vm, testCase, wallet, walletTokenAccounts, marketAccounts.market, resolver, marketKeys);
    this.session = session;
    return { wallet, keyMap: resolver.keyMap(), observation: await this.observeIn(session, []) };
  }

  async execute(instructions: InstructionRecord[], options: ExecuteOptions): Promise<TransactionResult> {
    return this.executeIn(this.requireSession('execute'), instructions, options);
  }

  async observe(extraAddresses: string[] = []): Promise<Observation> {
    return this.observeIn(this.requireSession('observe'), extraAddresses);
  }

  async resolveAddress(reference: string | AddressRef): Promise<string> {
    const { resolver } = this.requireSession('resolveAddress');
    if (typeof reference !== 'string' && reference.type === 'Key') return resolver.resolve(reference.name, reference.mint);
    return resolver.resolve(reference);
  }

  async agentContext(): Promise<AgentContext> {
    const session = this.requireSession('agentContext');
    return {
      wallet: session.wallet,
      keyMap: session.resolver.keyMap(),
      observation: await this.observeIn(session, []),
      tokens: KNOWN_TOKENS.map((token) => ({ ...token })),
    };
  }

  toolContext(): ToolContext {
    const session = this.requireSession('toolContext');
    const current = (operation: string) => {
      this.assertOpen();
      if (this.session !== session) {
        throw new Error(`${operation}: this tool context belongs to an earlier reset; take a new one with toolContext()`);
      }
      return session;
    };
    return {
      wallet: session.wallet,
      tokens: KNOWN_TOKENS,
      market: session.market,
      getSolBalance: (account) => settled(() => current('getSolBalance').lamports(account)),
      getTokenAccount: (account) => settled(() => current('getTokenAccount').tokenAccount(account)),
      listTokenAccounts: (owner) => settled(() => current('listTokenAccounts').listTokenAccounts(owner)),
      associatedTokenAddress: (owner, mint) => this.associatedTokenAddress(owner, mint),
      submit: async (instructions, options) => this.executeIn(current('submit'), instructions, options),
    };
  }

  close(): Promise<void> {
    this.closed = true;
    this.dropSession();
    return Promise.resolve();
  }

  /** Forgets the current chain; one taken from the pool goes back as released (it is never reused). */
  private dropSession(): void {
    this.session = undefined;
    if (this.chainTaken) this.options.chains?.release();
    this.chainTaken = false;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the LiteSVM environment is closed');
  }

  private requireSession(operation: string): LiteSvmSession {
    this.assertOpen();
    if (!this.session) throw new Error(`${operation}: call reset(testCase) first`);
    return this.session;
  }

  private associatedTokenAddress(owner: string, mint: string): Promise<string> {
    return this.derivations.associatedTokenAddress(owner, mint);
  }


  private async observeIn(session: LiteSvmSession, extraAddresses: readonly string[]): Promise<Observation> {
    const observation: Observation = { solBalances: {}, tokenAccounts: {} };
    const record = (account: string, whenMissing: boolean) => {
      const state = session.observedAccount(account);
      if (state.token) observation.tokenAccounts[account] = state.token;
      else if (whenMissing || state.exists) observation.solBalances[account] = state.lamports;
    };
    // Addresses already derived are taken as they are: an observation runs around every step, and an await per
    // address was most of its cost.
    for (const account of session.resolver.addresses()) record(account, true);
    for (const account of session.walletTokenAccounts) record(account, false);
    for (const reference of extraAddresses) record(session.resolver.resolvedNow(reference) ?? (await session.resolver.resolve(reference)), true);
    return observation;
  }

  private executeIn(session: LiteSvmSession, instructions: InstructionRecord[], options: ExecuteOptions): Promise<TransactionResult> {
    return session.serialize(() => settled(() => executeTransaction(session, instructions, options)));
  }
}
