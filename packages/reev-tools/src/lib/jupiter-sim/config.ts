import type { MarketOverrides } from '@reev/types';
import { findKnownToken, LEND_SHARE_TOKENS } from '@reev/types';

/** Settings of the simulated Jupiter market ("jupiter-sim"), keyed by token symbol (SOL, USDC, …). */
export interface JupiterSimConfig {
  /** USD per whole token. Swaps are possible between tokens that have a price and a market vault. */
  readonly pricesUsd: Readonly<Record<string, number>>;
  /** The market fills swaps at the configured price minus this many basis points. */
  readonly swapSlippageBps: number;
  /** Underlying base units per share base unit, by underlying asset symbol. */
  readonly lendExchangeRates: Readonly<Record<string, number>>;
  /** Supply APY in percent by underlying asset symbol; reported by the position and lending-pool tools only. */
  readonly supplyApyPct: Readonly<Record<string, number>>;
}

export const DEFAULT_JUPITER_SIM_CONFIG: JupiterSimConfig = {
  pricesUsd: { SOL: 150, USDC: 1 },
  swapSlippageBps: 0,
  lendExchangeRates: { USDC: 1, SOL: 1 },
  supplyApyPct: { USDC: 5.2, SOL: 6.1 },
};

function bySymbol(
  overrides: Readonly<Record<string, number>> | undefined,
  field: string,
  lendableOnly = false,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const token = findKnownToken(key);
    if (!token) {
      throw new Error(`market.${field}: unknown token "${key}" (use a known symbol such as SOL or USDC, or its mint address)`);
    }
    if (lendableOnly && !LEND_SHARE_TOKENS.has(token.symbol)) {
      throw new Error(
        `market.${field}: "${key}" is not a lendable asset; key exchange rates by the underlying asset (${[...LEND_SHARE_TOKENS.keys()].join(' or ')})`,
      );
    }
    result[token.symbol] = value;
  }
  return result;
}

/** `base` with the benchmark's (or environment's) overrides applied; keys may be symbols, aliases or mints. */
export function mergeJupiterSimConfig(base: JupiterSimConfig, overrides?: MarketOverrides): JupiterSimConfig {
  if (!overrides) return base;
  return {
    pricesUsd: { ...base.pricesUsd, ...bySymbol(overrides.prices_usd, 'prices_usd') },
    swapSlippageBps: overrides.swap_slippage_bps ?? base.swapSlippageBps,
    lendExchangeRates: { ...base.lendExchangeRates, ...bySymbol(overrides.lend_exchange_rates, 'lend_exchange_rates', true) },
    supplyApyPct: base.supplyApyPct,
  };
}
