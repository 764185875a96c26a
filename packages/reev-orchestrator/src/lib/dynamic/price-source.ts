import { marketValuation, type SolanaEnv } from '@reev/lib';

/**
 * USD per whole token from the environment's market configuration. Share tokens are priced through their
 * pool: underlying price × exchange rate. Unknown mints have no price (undefined), never a made-up one.
 */
export function marketPriceSource(env: SolanaEnv): (mint: string) => number | undefined {
  const { tokens } = marketValuation(env.toolContext());
  return (mint) => tokens.find((token) => token.mint === mint)?.priceUsd;
}
