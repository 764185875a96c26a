import type { ToolContext } from '@reev/tools';
import { WSOL_MINT, type KnownToken, type Observation } from '@reev/types';

/** Tokens whose price the market pegs to the dollar: what LiquidityRatio counts as stable. */
const STABLE_SYMBOLS: ReadonlySet<string> = new Set(['USDC', 'USDT']);

export interface ValuedToken extends KnownToken {
  /** USD per whole token; lending shares are priced through their pool (underlying price × exchange rate). */
  priceUsd: number | undefined;
  role: 'native' | 'stable' | 'volatile' | 'lending_share';
}

/** The market's prices as scoring needs them to value a wallet; SOL is keyed by the wSOL mint. */
export interface PortfolioValuation {
  tokens: readonly ValuedToken[];
}

/** Valuation from the environment's market configuration (the simulated Jupiter market's prices and rates). */
export function marketValuation(context: Pick<ToolContext, 'market' | 'tokens'>): PortfolioValuation {
  const { config, lendPools } = context.market;
  const tokens = context.tokens.map((token): ValuedToken => {
    const pool = lendPools.find((candidate) => candidate.share.mint === token.mint);
    if (pool !== undefined) {
      const underlying = config.pricesUsd[pool.asset.symbol];
      const rate = config.lendExchangeRates[pool.asset.symbol] ?? 1;
      const priceUsd = underlying === undefined ? undefined : underlying * rate * 10 ** (pool.share.decimals - pool.asset.decimals);
      return { ...token, priceUsd, role: 'lending_share' };
    }
    const role = token.mint === WSOL_MINT ? 'native' : STABLE_SYMBOLS.has(token.symbol.toUpperCase()) ? 'stable' : 'volatile';
    return { ...token, priceUsd: config.pricesUsd[token.symbol], role };
  });
  return { tokens };
}

/** One holding of a wallet, valued. */
export interface ValuedHolding {
  token: ValuedToken;
  units: number;
  valueUsd: number;
}

/**
 * What `owner` holds in `observation` — its lamports and every observed token account it owns — valued at
 * the market's prices. Throws naming the token when a non-zero holding has no price: no value is made up.
 */
export function valuedHoldings(owner: string, observation: Observation, valuation: PortfolioValuation): ValuedHolding[] {
  const byMint = new Map<string, number>([[WSOL_MINT, observation.solBalances[owner] ?? 0]]);
  for (const account of Object.values(observation.tokenAccounts)) {
    if (account.owner === owner) byMint.set(account.mint, (byMint.get(account.mint) ?? 0) + account.amount);
  }
  const holdings: ValuedHolding[] = [];
  for (const [mint, units] of byMint) {
    if (units === 0) continue;
    const token = valuation.tokens.find((candidate) => candidate.mint === mint);
    if (token?.priceUsd === undefined) throw new RangeError(`the market has no price for ${token?.symbol ?? mint}, so the wallet cannot be valued`);
    holdings.push({ token, units, valueUsd: (units / 10 ** token.decimals) * token.priceUsd });
  }
  return holdings;
}

/** USD as lamports of SOL at the market's SOL price, rounded down. */
export function usdToLamports(valueUsd: number, valuation: PortfolioValuation): number {
  const sol = valuation.tokens.find((token) => token.mint === WSOL_MINT);
  if (sol?.priceUsd === undefined || sol.priceUsd <= 0) throw new RangeError('the market has no SOL price, so values cannot be stated in lamports');
  return Math.floor((valueUsd / sol.priceUsd) * 10 ** sol.decimals);
}
