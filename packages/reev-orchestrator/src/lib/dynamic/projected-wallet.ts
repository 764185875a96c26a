import { formatUnits, WSOL_MINT, type KnownToken, type WalletContext } from '@reev/types';
import { PlanningError } from './planner';

/** SOL left in the wallet when a plan spends "all" SOL, for fees. */
export const SOL_FEE_RESERVE_LAMPORTS = 50_000_000;
/** What one user-signed transaction costs (one signature); a plan must be able to pay it for every step. */
export const TRANSACTION_FEE_LAMPORTS = 5_000;

export interface TokenInfo extends KnownToken {
  priceUsd: number | undefined;
}

/**
 * The tokens a plan can name, with the wallet's balances projected as the plan spends, receives and pays
 * fees: every amount a step moves is checked against what the wallet will hold when the step runs.
 */
export class ProjectedWallet {
  private readonly bySymbol = new Map<string, TokenInfo>();
  private readonly projected = new Map<string, number>();
  /** Fees of the transactions planned so far, which the SOL balance must still cover. */
  private feesDue = 0;

  constructor(
    private readonly tokens: readonly KnownToken[],
    readonly context: WalletContext,
  ) {
    const all: KnownToken[] = [{ symbol: 'SOL', mint: WSOL_MINT, decimals: 9 }, ...tokens.filter((t) => t.mint !== WSOL_MINT)];
    for (const token of all) {
      const info = { ...token, priceUsd: context.token_prices[token.mint] };
      this.bySymbol.set(token.symbol.toUpperCase(), info);
      this.projected.set(token.mint, token.mint === WSOL_MINT ? context.sol_balance : (context.token_balances[token.mint]?.balance ?? 0));
    }
    for (const [alias, symbol] of [['JUSDC', 'JLUSDC'], ['JSOL', 'JLSOL'], ['WSOL', 'SOL']] as const) {
      const token = this.bySymbol.get(symbol);
      if (token) this.bySymbol.set(alias, token);
    }
  }

  find(symbolOrMint: string): TokenInfo | undefined {
    return this.bySymbol.get(symbolOrMint.toUpperCase()) ?? [...this.bySymbol.values()].find((t) => t.mint === symbolOrMint);
  }

  get(symbol: string): TokenInfo {
    const token = this.find(symbol);
    if (!token) throw new PlanningError(`the environment has no token ${symbol}`, 'unplannable');
    return token;
  }

  shareTokenOf(underlying: TokenInfo): TokenInfo {
    const share = this.find(`jl${underlying.symbol}`);
    if (!share) throw new PlanningError(`Jupiter lending has no market for ${underlying.symbol}`, 'unplannable');
    return share;
  }

  knownTokens(): readonly KnownToken[] {
    return this.tokens;
  }

  balance(token: TokenInfo): number {
    return this.projected.get(token.mint) ?? 0;
  }

  /**
   * Refuses anything that is not a positive whole number of base units the wallet will hold. SOL must also
   * cover the fees of every transaction planned so far and of this one.
   */
  spend(token: TokenInfo, units: number, what: string): void {
    requirePositiveUnits(units, what);
    const held = this.balance(token);
    const fees = token.mint === WSOL_MINT ? this.feesDue + TRANSACTION_FEE_LAMPORTS : 0;
    if (units + fees > held) {
      const withFees = fees > 0 ? ` plus ${formatUnits(fees, token.decimals)} SOL in transaction fees` : '';
      throw new PlanningError(
        `${what} needs ${formatUnits(units, token.decimals)} ${token.symbol}${withFees}, but the wallet will hold only ${formatUnits(held, token.decimals)} ${token.symbol}`,
        'unaffordable',
      );
    }
    this.projected.set(token.mint, held - units);
  }

  /** Adds the fee of one user-signed transaction to what the SOL balance must cover. */
  payFee(what: string): void {
    const held = this.balance(this.get('SOL'));
    this.feesDue += TRANSACTION_FEE_LAMPORTS;
    if (held < this.feesDue) {
      throw new PlanningError(
        `${what} needs ${formatUnits(this.feesDue, 9)} SOL in transaction fees, but the wallet will hold only ${formatUnits(held, 9)} SOL`,
        'unaffordable',
      );
    }
  }

  receive(token: TokenInfo, units: number): void {
    this.projected.set(token.mint, this.balance(token) + units);
  }

  /** Base units of `to` that `units` of `from` buy at the environment's prices, or undefined without prices. */
  convert(from: TokenInfo, to: TokenInfo, units: number): number | undefined {
    if (from.priceUsd === undefined || to.priceUsd === undefined) return undefined;
    return Math.floor(((units / 10 ** from.decimals) * from.priceUsd * 10 ** to.decimals) / to.priceUsd);
  }

  valueUsd(token: TokenInfo, units: number): number {
    return (units / 10 ** token.decimals) * (token.priceUsd ?? 0);
  }
}

/** Zero, negative, fractional, NaN or infinite amounts never reach a step. */
export function requirePositiveUnits(units: number, what: string): void {
  if (!Number.isFinite(units)) throw new PlanningError(`${what}: the amount is not a number`, 'unplannable');
  if (units <= 0) throw new PlanningError(`${what}: the amount must be positive`, 'unplannable');
  if (!Number.isInteger(units)) throw new PlanningError(`${what}: the amount is finer than the token's smallest unit`, 'unplannable');
}
