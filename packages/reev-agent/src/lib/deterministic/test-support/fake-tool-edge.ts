import { createHash } from 'node:crypto';
import type { AgentContext, BalanceChange, KnownToken, ToolInvocation, ToolOutcome, ToolSpec, TransactionResult } from '@reev/types';
import { JLSOL_MINT, JLUSDC_MINT, TOOL_NAMES, USDC_MINT, WSOL_MINT } from '@reev/types';

/**
 * A small ledger behind the ten tools, following the embedded environment's conventions (argument
 * names, base units, prices, exchange rates, fees), so the agent under test meets realistic outcomes:
 * balance changes per transaction, failed transactions for insufficient funds, invalid arguments refused.
 * It records every invocation. It is the edge of the agent, not the environment.
 */


export const KNOWN_TOKENS: KnownToken[] = [
  { symbol: 'SOL', mint: WSOL_MINT, decimals: 9 },
  { symbol: 'USDC', mint: USDC_MINT, decimals: 6 },
  { symbol: 'jlUSDC', mint: JLUSDC_MINT, decimals: 6 },
  { symbol: 'jlSOL', mint: JLSOL_MINT, decimals: 9 },
];

export const ALL_TOOL_SPECS: ToolSpec[] = TOOL_NAMES.map((name) => ({ name, description: name, parameters: {} }));

const SHARE_OF_ASSET: Record<string, string> = { [USDC_MINT]: JLUSDC_MINT, [WSOL_MINT]: JLSOL_MINT };
const SIGNATURE_FEE = 5_000n;

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A stable base58 address for a name (sha256 of it, base58-encoded), like the environment's placeholders. */
export function addressFor(name: string): string {
  let value = BigInt(`0x${createHash('sha256').update(name).digest('hex')}`);
  let text = '';
  while (value > 0n) {
    text = BASE58[Number(value % 58n)] + text;
    value /= 58n;
  }
  return text;
}

export interface FakeMarket {
  /** Whole USD per whole token, by mint. */
  pricesUsd: Record<string, number>;
  slippageBps: number;
  /** Underlying per share, as numerator/denominator, by asset mint. */
  exchangeRates: Record<string, [bigint, bigint]>;
}

export const DEFAULT_MARKET: FakeMarket = {
  pricesUsd: { [WSOL_MINT]: 150, [USDC_MINT]: 1 },
  slippageBps: 0,
  exchangeRates: { [USDC_MINT]: [1n, 1n], [WSOL_MINT]: [1n, 1n] },
};

interface TokenAccount {
  mint: string;
  owner: string;
  amount: bigint;
}

type Args = Record<string, unknown>;

/** [address, mint (undefined = lamports), delta] */
type Movement = [string, string | undefined, bigint];

export class ToolArgumentError extends Error {}

export class FakeToolEdge {
  readonly calls: ToolInvocation[] = [];
  readonly lamports = new Map<string, bigint>();
  readonly tokenAccounts = new Map<string, TokenAccount>();
  readonly keyMap: Record<string, string> = {};
  readonly marketAuthority = addressFor('market-authority');
  /** When false, transactions report no balance changes (outputs still state the amounts). */
  reportBalanceChanges = true;
  private signatures = 0;

  constructor(
    readonly wallet: string,
    readonly market: FakeMarket = DEFAULT_MARKET,
  ) {
    this.keyMap['USER_WALLET_PUBKEY'] = wallet;
    this.lamports.set(wallet, 0n);
    this.lamports.set(this.marketAuthority, 1_000_000_000_000_000n);
    for (const token of KNOWN_TOKENS) {
      if (token.mint !== WSOL_MINT) this.tokenAccounts.set(this.ataOf(this.marketAuthority, token.mint), { mint: token.mint, owner: this.marketAuthority, amount: 1_000_000_000_000_000n });
    }
  }

  /** The associated token account of (owner, mint): an existing one, or a new stable address. */
  ataOf(owner: string, mint: string): string {
    for (const [address, account] of this.tokenAccounts) if (account.owner === owner && account.mint === mint) return address;
    return addressFor(`ata|${owner}|${mint}`);
  }

  fundWallet(name: string, lamports: bigint, address = name === 'USER_WALLET_PUBKEY' ? this.wallet : addressFor(name)): string {
    this.keyMap[name] = address;
    this.lamports.set(address, lamports);
    return address;
  }

  fundTokenAccount(name: string | undefined, owner: string, mint: string, amount: bigint): string {
    const address = name === undefined ? this.ataOf(owner, mint) : addressFor(name);
    if (name !== undefined) this.keyMap[name] = address;
    this.tokenAccounts.set(address, { mint, owner, amount });
    return address;
  }

  tokenBalance(owner: string, mint: string): bigint {
    return this.tokenAccounts.get(this.ataOf(owner, mint))?.amount ?? 0n;
  }

  context(): AgentContext {
    const solBalances: Record<string, number> = {};
    for (const [address, lamports] of this.lamports) if (address !== this.marketAuthority) solBalances[address] = Number(lamports);
    const tokenAccounts: AgentContext['observation']['tokenAccounts'] = {};
    for (const [address, account] of this.tokenAccounts) {
      if (account.owner !== this.marketAuthority) tokenAccounts[address] = { mint: account.mint, owner: account.owner, amount: Number(account.amount) };
    }
    return { wallet: this.wallet, keyMap: { ...this.keyMap }, observation: { solBalances, tokenAccounts }, tokens: KNOWN_TOKENS };
  }

  /** The calls as [tool, arguments], for assertions. */
  get invoked(): [string, unknown][] {
    return this.calls.map((call) => [call.name, call.arguments]);
  }

  readonly callTool = (invocation: ToolInvocation): Promise<ToolOutcome> => {
    this.calls.push(invocation);
    try {
      return Promise.resolve(this.dispatch(invocation.name, invocation.arguments));
    } catch (error) {
      if (error instanceof ToolArgumentError) return Promise.resolve({ ok: false, output: null, error: error.message, transactions: [] });
      throw error;
    }
  };

  private dispatch(name: string, raw: unknown): ToolOutcome {
    switch (name) {
      case 'get_account_balance': {
        const args = this.args(raw, ['pubkey'], ['token_mint']);
        return this.read(this.balanceOutput(text(args, 'pubkey'), args['token_mint'] as string | undefined));
      }
      case 'sol_transfer': {
        const args = this.args(raw, ['user_pubkey', 'recipient_pubkey', 'amount']);
        const amount = integer(args, 'amount');
        return this.transact(text(args, 'user_pubkey'), [[text(args, 'user_pubkey'), undefined, -amount], [text(args, 'recipient_pubkey'), undefined, amount]], { sent: amount.toString() });
      }
      case 'spl_transfer': {
        const args = this.args(raw, ['user_pubkey', 'recipient_pubkey', 'amount'], ['mint_address']);
        const user = text(args, 'user_pubkey');
        const recipient = text(args, 'recipient_pubkey');
        const destinationAccount = this.tokenAccounts.get(recipient);
        const mint = (args['mint_address'] as string | undefined) ?? destinationAccount?.mint;
        if (mint === undefined) throw new ToolArgumentError('mint_address: required when recipient_pubkey is a wallet');
        const destination = destinationAccount !== undefined ? recipient : this.ataOf(recipient, mint);
        if (destinationAccount !== undefined && destinationAccount.mint !== mint) throw new ToolArgumentError(`recipient_pubkey: token account of ${destinationAccount.mint}, not ${mint}`);
        if (!this.tokenAccounts.has(destination)) this.tokenAccounts.set(destination, { mint, owner: recipient, amount: 0n });
        const amount = integer(args, 'amount');
        return this.transact(user, [[this.ataOf(user, mint), mint, -amount], [destination, mint, amount]], { sent: amount.toString() });
      }
      case 'jupiter_swap': {
        const args = this.args(raw, ['user_pubkey', 'input_mint', 'output_mint', 'amount'], ['slippage_bps']);
        const [user, input, output, amount] = [text(args, 'user_pubkey'), text(args, 'input_mint'), text(args, 'output_mint'), integer(args, 'amount')];
        const slippage = args['slippage_bps'] === undefined ? this.market.slippageBps : Number(integer(args, 'slippage_bps'));
        if (slippage < this.market.slippageBps) throw new ToolArgumentError(`slippage_bps: ${slippage} is below the market's ${this.market.slippageBps}`);
        const out = this.quote(input, output, amount);
        return this.transact(undefined, [...this.move(user, input, -amount), ...this.move(user, output, out)], {
          protocol: 'jupiter-sim',
          operation: 'swap',
          input: tokenAmount(input, amount),
          output: tokenAmount(output, out),
          slippage_bps: slippage,
        });
      }
      case 'jupiter_lend_earn_deposit':
      case 'jupiter_lend_earn_withdraw': {
        const args = this.args(raw, ['user_pubkey', 'asset_mint', 'amount']);
        const [user, asset, amount] = [text(args, 'user_pubkey'), text(args, 'asset_mint'), integer(args, 'amount')];
        const [numerator, denominator] = this.rate(asset);
        const deposit = name === 'jupiter_lend_earn_deposit';
        const shares = deposit ? (amount * denominator) / numerator : ceilDiv(amount * denominator, numerator);
        return this.lend(user, asset, deposit ? amount : -amount, deposit ? shares : -shares);
      }
      case 'jupiter_lend_earn_mint':
      case 'jupiter_lend_earn_redeem': {
        const args = this.args(raw, ['asset', 'signer', 'shares']);
        const [asset, user, shares] = [text(args, 'asset'), text(args, 'signer'), integer(args, 'shares')];
        const [numerator, denominator] = this.rate(asset);
        const mint = name === 'jupiter_lend_earn_mint';
        const underlying = mint ? ceilDiv(shares * numerator, denominator) : (shares * numerator) / denominator;
        return this.lend(user, asset, mint ? underlying : -underlying, mint ? shares : -shares);
      }
      case 'get_jupiter_lend_earn_position': {
        const args = this.args(raw, ['user_pubkey']);
        const user = text(args, 'user_pubkey');
        const positions = Object.entries(SHARE_OF_ASSET).map(([asset, share]) => {
          const [numerator, denominator] = this.rate(asset);
          const shares = this.tokenBalance(user, share);
          return {
            asset: { mint: asset, symbol: symbolOf(asset) },
            share: { mint: share, symbol: symbolOf(share) },
            shares: Number(shares),
            underlying: tokenAmount(asset, (shares * numerator) / denominator),
            exchange_rate: Number(numerator) / Number(denominator),
            supply_apy_pct: asset === USDC_MINT ? 5.2 : 6.1,
          };
        });
        return this.read({ protocol: 'jupiter-sim', user_pubkey: user, positions });
      }
      case 'get_jupiter_lend_earn_tokens': {
        const args = this.args(raw, [], ['symbol', 'mint_address', 'jupiter_address']);
        const symbol = args['symbol'] as string | undefined;
        const tokens = Object.entries(SHARE_OF_ASSET)
          .filter(([asset, share]) => symbol === undefined || [symbolOf(asset), symbolOf(share)].includes(symbol))
          .map(([asset, share]) => ({ address: share, symbol: symbolOf(share), assetAddress: asset, asset: { address: asset, symbol: symbolOf(asset), price: String(this.market.pricesUsd[asset]) }, supply_rate: asset === USDC_MINT ? '520' : '610' }));
        if (tokens.length === 0) throw new ToolArgumentError(`symbol: no Jupiter lending pool for "${symbol}"`);
        return this.read({ protocol: 'jupiter-sim', tokens, total_tokens: tokens.length });
      }
      default:
        throw new ToolArgumentError(`unknown tool ${name}`);
    }
  }

  private args(raw: unknown, required: string[], optional: string[] = []): Args {
    if (typeof raw !== 'object' || raw === null) throw new ToolArgumentError('arguments: expected an object');
    const args = raw as Args;
    for (const key of required) if (args[key] === undefined) throw new ToolArgumentError(`${key}: required`);
    for (const key of Object.keys(args)) if (!required.includes(key) && !optional.includes(key)) throw new ToolArgumentError(`${key}: unknown argument`);
    return args;
  }

  private rate(asset: string): [bigint, bigint] {
    const rate = this.market.exchangeRates[asset];
    if (rate === undefined) throw new ToolArgumentError(`asset: no lend market for ${asset}`);
    return rate;
  }

  private quote(input: string, output: string, amount: bigint): bigint {
    const decimals = (mint: string): number => KNOWN_TOKENS.find((token) => token.mint === mint)?.decimals ?? -1;
    const [priceIn, priceOut] = [this.market.pricesUsd[input], this.market.pricesUsd[output]];
    if (priceIn === undefined || priceOut === undefined || input === output) throw new ToolArgumentError(`no market for ${input} → ${output}`);
    const scaled = amount * BigInt(priceIn) * 10n ** BigInt(decimals(output));
    return (scaled * BigInt(10_000 - this.market.slippageBps)) / (BigInt(priceOut) * 10n ** BigInt(decimals(input)) * 10_000n);
  }

  /** User ↔ market movement of one mint: lamports for wSOL, the user's ATA otherwise. */
  private move(user: string, mint: string, userDelta: bigint): Movement[] {
    if (mint === WSOL_MINT) return [[user, undefined, userDelta], [this.marketAuthority, undefined, -userDelta]];
    const userAta = this.ataOf(user, mint);
    if (!this.tokenAccounts.has(userAta)) this.tokenAccounts.set(userAta, { mint, owner: user, amount: 0n });
    return [[userAta, mint, userDelta], [this.ataOf(this.marketAuthority, mint), mint, -userDelta]];
  }

  private lend(user: string, asset: string, underlyingIn: bigint, sharesOut: bigint): ToolOutcome {
    const share = SHARE_OF_ASSET[asset];
    if (share === undefined) throw new ToolArgumentError(`asset: no lend market for ${asset}`);
    const output = {
      protocol: 'jupiter-sim',
      underlying: tokenAmount(asset, underlyingIn < 0n ? -underlyingIn : underlyingIn),
      shares: tokenAmount(share, sharesOut < 0n ? -sharesOut : sharesOut),
    };
    const shareAta = this.ataOf(user, share);
    if (!this.tokenAccounts.has(shareAta)) this.tokenAccounts.set(shareAta, { mint: share, owner: user, amount: 0n });
    return this.transact(undefined, [...this.move(user, asset, -underlyingIn), [shareAta, share, sharesOut]], output);
  }

  private read(output: unknown): ToolOutcome {
    return { ok: true, output, transactions: [] };
  }

  /** Applies all movements or none; a negative balance fails the transaction like the VM would. */
  private transact(feePayer: string | undefined, movements: Movement[], output: Record<string, unknown>): ToolOutcome {
    const all: Movement[] = feePayer === undefined ? movements : [[feePayer, undefined, -SIGNATURE_FEE], ...movements];
    const next = new Map<string, bigint>();
    const keyOf = ([address, mint]: Movement): string => `${address}|${mint ?? ''}`;
    const current = ([address, mint]: Movement): bigint => (mint === undefined ? this.lamports.get(address) ?? 0n : this.tokenAccounts.get(address)?.amount ?? 0n);
    for (const movement of all) next.set(keyOf(movement), (next.get(keyOf(movement)) ?? current(movement)) + movement[2]);
    this.signatures += 1;
    const signature = `fake-signature-${this.signatures}`;
    const shortfall = all.find((movement) => (next.get(keyOf(movement)) ?? 0n) < 0n);
    if (shortfall !== undefined) {
      const error = shortfall[1] === undefined ? 'System program: insufficient lamports' : 'Token program: insufficient funds';
      return { ok: false, output: { ...output, signature }, error, transactions: [this.transaction(signature, 'Failure', [], error)] };
    }
    const changes: BalanceChange[] = [];
    for (const movement of all) {
      const key = keyOf(movement);
      if (changes.some((change) => `${change.pubkey}|${change.mint ?? ''}` === key)) continue;
      const before = current(movement);
      const after = next.get(key) ?? before;
      const [address, mint] = movement;
      if (mint === undefined) this.lamports.set(address, after);
      else {
        const account = this.tokenAccounts.get(address);
        if (account === undefined) throw new Error(`no token account ${address}`);
        account.amount = after;
      }
      changes.push({ pubkey: address, ...(mint === undefined ? {} : { mint }), before: Number(before), after: Number(after) });
    }
    return { ok: true, output: { ...output, signature }, transactions: [this.transaction(signature, 'Success', this.reportBalanceChanges ? changes : [])] };
  }

  private transaction(signature: string, status: TransactionResult['status'], balanceChanges: BalanceChange[], error?: string): TransactionResult {
    return { status, signature, ...(error ? { error } : {}), logs: [], computeUnits: 0, feeLamports: Number(SIGNATURE_FEE), instructions: [], balanceChanges };
  }

  private balanceOutput(pubkey: string, tokenMint: string | undefined): unknown {
    const owned = [...this.tokenAccounts].filter(([address, account]) => (account.owner === pubkey || address === pubkey) && (tokenMint === undefined || account.mint === tokenMint));
    const lamports = this.lamports.get(pubkey) ?? 0n;
    return {
      pubkey,
      lamports: Number(lamports),
      sol: String(Number(lamports) / 1e9),
      token_accounts: owned.map(([address, account]) => ({ address, owner: account.owner, ...tokenAmount(account.mint, account.amount) })),
    };
  }
}

function text(args: Args, key: string): string {
  const value = args[key];
  if (typeof value !== 'string' || value === '') throw new ToolArgumentError(`${key}: expected an address string`);
  return value;
}

function integer(args: Args, key: string): bigint {
  const value = args[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ToolArgumentError(`${key}: expected a non-negative integer (base units), got ${JSON.stringify(value)}`);
  return BigInt(value);
}

const symbolOf = (mint: string): string | undefined => KNOWN_TOKENS.find((token) => token.mint === mint)?.symbol;

/** A token amount the way the tools report one: base units and the whole-token reading. */
function tokenAmount(mint: string, amount: bigint) {
  const decimals = KNOWN_TOKENS.find((token) => token.mint === mint)?.decimals ?? 0;
  return { mint, symbol: symbolOf(mint), decimals, amount: Number(amount), ui_amount: String(Number(amount) / 10 ** decimals) };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
