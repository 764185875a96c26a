import type { SolanaEnv } from '@reev/lib';
import { SOL_MINT } from './context-resolver';

/**
 * USD per whole token from the environment's market configuration. Share tokens are priced through their
 * pool: underlying price × exchange rate. Unknown mints have no price (undefined), never a made-up one.
 */
export function marketPriceSource(env: SolanaEnv): (mint: string) => number | undefined {
  const { market, tokens } = env.toolContext();
  return (mint) => {
    const symbol = mint === SOL_MINT ? 'SOL' : tokens.find((token) => token.mint === mint)?.symbol;
    if (symbol === undefined) return undefined;
    const direct = market.config.pricesUsd[symbol];
    if (direct !== undefined) return direct;
    const pool = market.lendPools.find((candidate) => candidate.share.mint === mint);
    if (!pool) return undefined;
    const underlying = market.config.pricesUsd[pool.asset.symbol];
    const rate = market.config.lendExchangeRates[pool.asset.symbol] ?? 1;
    return underlying === undefined ? undefined : underlying * rate * 10 ** (pool.share.decimals - pool.asset.decimals);
  };
}
