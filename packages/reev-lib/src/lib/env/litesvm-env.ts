import type {
  AddressRef,
  AgentContext,
  BalanceChange,
  InstructionRecord,
  Observation,
  TestCase,
  TransactionResult,
} from '@reev/types';
import { DEFAULT_JUPITER_SIM_CONFIG, mergeJupiterSimConfig, type JupiterSimMarket, type ToolContext } from '@reev/tools';
import { KNOWN_TOKENS, isNativeSol } from '@reev/types';
import {
  AccountRole,
  appendTransactionMessageInstructions,
  compileTransactionMessage,
  createTransactionMessage,
  getBase58Decoder,
  getBase58Encoder,
  getCompiledTransactionMessageDecoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Instruction,
} from '@solana/kit';
import { FailedTransactionMetadata, type LiteSVM } from 'litesvm';
import {
  MINT_ACCOUNT_SIZE,
  TOKEN_ACCOUNT_SIZE,
  knownAddress,
  listTokenAccountsOf,
  readAccount,
  readLamports,
  readTokenAccount,
  writeAccount,
  writeMint,
  writeSystemAccount,
  writeTokenAccount,
} from './accounts';
import { buildFreshChain } from './chain-pool';
import { planInitialState, resolveReferencedPlaceholders, type PlannedAccount } from './initial-state';
import { KeyDerivationCache, type KeyPair } from './keys';
import { buildJupiterSimMarket, LEND_VAULT_LABEL, MARKET_AUTHORITY_LABEL, type MarketAccounts } from './market';
import { PlaceholderResolver, USER_WALLET_PLACEHOLDER } from './placeholders';
import type { ExecuteOptions, LiteSvmEnvOptions, ResetOptions, ResetResult, SolanaEnv } from './solana-env';
import { sendSignedTransaction } from './native-chain';
import { describeTransactionError } from './transaction-errors';
import { encodeMessageV0, signEd25519 } from './transaction-wire';

/** LiteSVM charges the standard fee: 5000 lamports per signature, no priority fee. */
const LAMPORTS_PER_SIGNATURE = 5000;

const base58Bytes = getBase58Encoder();
const base58Text = getBase58Decoder();
const messageDecoder = getCompiledTransactionMessageDecoder();

function accountRole(isSigner: boolean, isWritable: boolean): AccountRole {
  if (isSigner) return isWritable ? AccountRole.WRITABLE_SIGNER : AccountRole.READONLY_SIGNER;
  return isWritable ? AccountRole.WRITABLE : AccountRole.READONLY;
}

function toKitInstruction(record: InstructionRecord): Instruction {
  return {
    programAddress: knownAddress(record.programId),
    accounts: record.accounts.map((account) => ({
      address: knownAddress(account.pubkey),
      role: accountRole(account.isSigner, account.isWritable),
    })),
    data: base58Bytes.encode(record.data),
  };
}

/** The value of a synchronous read as a promise: its errors reject instead of throwing. */
function settled<T>(read: () => T): Promise<T> {
  return new Promise((resolve) => resolve(read()));
}

interface BalanceSnapshot {
  lamports: number;
  token?: { mint: string; amount: number };
}

/** One reset's chain and everything resolved for it. */
class LiteSvmSession {
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
    this.writeChain(vm, testCase.id, marketAccounts, planned, tokenAccountRent);
    const marketKeys = new Map([
      [authority.address, authority.keyPair],
      [lendVault.address, lendVault.keyPair],
    ]);
    const session = new LiteSvmSession(vm, testCase, wallet, marketAccounts.market, resolver, marketKeys);
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
      getSolBalance: (account) => settled(() => readLamports(current('getSolBalance').vm, account)),
      getTokenAccount: (account) => settled(() => readTokenAccount(current('getTokenAccount').vm, account)),
      listTokenAccounts: (owner) => settled(() => listTokenAccountsOf(current('listTokenAccounts').vm, owner)),
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


  /** Mints (supply = every token account of the mint), the market's accounts, then initial_state's accounts. */
  private writeChain(
    vm: LiteSVM,
    benchmarkId: string,
    marketAccounts: MarketAccounts,
    planned: readonly PlannedAccount[],
    tokenAccountRent: number,
  ): void {
    const tokenAccounts = [
      ...marketAccounts.tokenAccounts.map((account) => ({ ...account, lamports: tokenAccountRent, source: 'jupiter-sim market' })),
      ...planned.filter((account) => account.kind === 'token'),
    ];
    const supplies = new Map<string, bigint>(marketAccounts.market.lendPools.map((pool) => [pool.share.mint, 0n]));
    for (const account of tokenAccounts) {
      supplies.set(account.mint, (supplies.get(account.mint) ?? 0n) + BigInt(account.amount));
    }
    const mintRent = vm.minimumBalanceForRentExemption(BigInt(MINT_ACCOUNT_SIZE));
    for (const [mint, supply] of supplies) {
      const token = KNOWN_TOKENS.find((candidate) => candidate.mint === mint);
      if (!token || isNativeSol(token)) {
        const user = tokenAccounts.find((account) => account.mint === mint);
        const supported = KNOWN_TOKENS.filter((candidate) => !isNativeSol(candidate)).map((t) => `${t.symbol} (${t.mint})`);
        throw new Error(
          `benchmark ${benchmarkId}: ${user?.source ?? 'a token account'} uses mint ${mint}, which the embedded ` +
            `environment cannot create; supported mints: ${supported.join(', ')} (native SOL is lamports)`,
        );
      }
      writeMint(vm, { address: mint, lamports: mintRent, decimals: token.decimals, supply, mintAuthority: marketAccounts.market.authority });
    }
    for (const account of marketAccounts.systemAccounts) writeSystemAccount(vm, account.address, account.lamports);
    for (const account of tokenAccounts) writeTokenAccount(vm, account);
    for (const account of planned) {
      if (account.kind === 'plain') writeAccount(vm, account);
    }
  }

  private async observeIn(session: LiteSvmSession, extraAddresses: readonly string[]): Promise<Observation> {
    const observation: Observation = { solBalances: {}, tokenAccounts: {} };
    const record = (account: string, whenMissing: boolean) => {
      const state = readAccount(session.vm, account);
      if (state.token) observation.tokenAccounts[account] = state.token;
      else if (whenMissing || state.exists) observation.solBalances[account] = state.lamports;
    };
    for (const account of Object.values(session.resolver.keyMap())) record(account, true);
    for (const token of KNOWN_TOKENS) {
      if (!isNativeSol(token)) record(await this.associatedTokenAddress(session.wallet, token.mint), false);
    }
    for (const reference of extraAddresses) record(await session.resolver.resolve(reference), true);
    return observation;
  }

  private executeIn(session: LiteSvmSession, instructions: InstructionRecord[], options: ExecuteOptions): Promise<TransactionResult> {
    return session.serialize(() => settled(() => this.executeNow(session, instructions, options)));
  }

  private executeNow(session: LiteSvmSession, instructions: InstructionRecord[], options: ExecuteOptions): TransactionResult {
    if (instructions.length === 0) throw new Error('execute: a transaction needs at least one instruction');
    const feePayer = options.feePayer ?? options.signers[0];
    if (feePayer === undefined) throw new Error('execute: give signers or a feePayer; someone must pay the fee');
    const authorised = new Set([...options.signers, feePayer]);
    const requiredSigners = [feePayer];
    for (const [index, instruction] of instructions.entries()) {
      for (const account of instruction.accounts) {
        if (!account.isSigner || requiredSigners.includes(account.pubkey)) continue;
        if (!authorised.has(account.pubkey)) {
          throw new Error(
            `execute: instruction ${index + 1} needs a signature from ${account.pubkey}, which is not among the signers (${options.signers.join(', ')})`,
          );
        }
        requiredSigners.push(account.pubkey);
      }
    }
    const keyPairs = new Map(
      requiredSigners.map((signer) => {
        const keyPair = session.keyPairFor(signer);
        if (!keyPair) {
          throw new Error(
            `execute: no signing key for ${signer}; the environment holds keys only for the benchmark's placeholder accounts and the jupiter-sim market`,
          );
        }
        return [signer, keyPair] as const;
      }),
    );
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(knownAddress(feePayer), m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: session.vm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
      (m) => appendTransactionMessageInstructions(instructions.map(toKitInstruction), m),
    );
    const compiled = compileTransactionMessage(message);
    const messageBytes = encodeMessageV0(compiled);
    // Ed25519 signatures are deterministic: the same message and keys give the same bytes as kit's signTransaction.
    const signers = compiled.staticAccounts.slice(0, compiled.header.numSignerAccounts);
    const signatures = signers.map((signer) => {
      const keyPair = keyPairs.get(signer);
      if (!keyPair) throw new Error(`execute: the compiled message needs a signature from ${signer}, which no instruction asked for`);
      return signEd25519(keyPair.privateKey, messageBytes);
    });
    const touched = [
      ...new Set([feePayer, ...instructions.flatMap((ix) => ix.accounts.filter((a) => a.isWritable).map((a) => a.pubkey))]),
    ];
    const before = touched.map((account) => session.snapshot(account));
    const outcome = sendSignedTransaction(session.vm, signatures, messageBytes);
    // A fresh blockhash for the next transaction, so an identical transfer is a new transaction, not a duplicate.
    session.vm.expireBlockhash();
    const after = touched.map((account) => session.snapshot(account));
    const balanceChanges = this.balanceChanges(touched, before, after);
    const signature = base58Text.decode(signatures[0]);
    const signatureCount = signatures.length;
    if (outcome instanceof FailedTransactionMetadata) {
      const logs = outcome.meta().logs();
      // touched[0] is the fee payer.
      const paid = before[0].lamports - after[0].lamports;
      return {
        status: 'Failure',
        signature,
        error: describeTransactionError(outcome.err(), {
          programIds: instructions.map((ix) => ix.programId),
          // Decoded only on failure: error messages name accounts by their index in the message.
          accountKeys: messageDecoder.decode(messageBytes).staticAccounts.map(String),
          logs,
        }),
        logs,
        computeUnits: Number(outcome.meta().computeUnitsConsumed()),
        // A failed transaction that was processed still pays its fee; one rejected before processing pays nothing.
        feeLamports: Math.max(paid, 0),
        instructions,
        balanceChanges,
      };
    }
    return {
      status: 'Success',
      signature,
      logs: outcome.logs(),
      computeUnits: Number(outcome.computeUnitsConsumed()),
      feeLamports: signatureCount * LAMPORTS_PER_SIGNATURE,
      instructions,
      balanceChanges,
    };
  }

  private balanceChanges(
    touched: readonly string[],
    before: readonly BalanceSnapshot[],
    after: readonly BalanceSnapshot[],
  ): BalanceChange[] {
    return touched.flatMap((account, index) => {
      const was = before[index];
      const is = after[index];
      const changes: BalanceChange[] = [];
      if (was.lamports !== is.lamports) changes.push({ pubkey: account, before: was.lamports, after: is.lamports });
      const mint = is.token?.mint ?? was.token?.mint;
      const tokensBefore = was.token?.amount ?? 0;
      const tokensAfter = is.token?.amount ?? 0;
      if (mint !== undefined && tokensBefore !== tokensAfter) {
        changes.push({ pubkey: account, mint, before: tokensBefore, after: tokensAfter });
      }
      return changes;
    });
  }
}
