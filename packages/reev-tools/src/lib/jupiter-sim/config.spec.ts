import { JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { DEFAULT_JUPITER_SIM_CONFIG, mergeJupiterSimConfig } from './config';

describe('jupiter-sim configuration', () => {
  it('defaults to SOL 150 USD, USDC 1 USD, no slippage, rate 1 and the documented APYs', () => {
    expect(DEFAULT_JUPITER_SIM_CONFIG).toEqual({
      pricesUsd: { SOL: 150, USDC: 1 },
      swapSlippageBps: 0,
      lendExchangeRates: { USDC: 1, SOL: 1 },
      supplyApyPct: { USDC: 5.2, SOL: 6.1 },
    });
  });

  it('returns the base unchanged without overrides', () => {
    expect(mergeJupiterSimConfig(DEFAULT_JUPITER_SIM_CONFIG)).toBe(DEFAULT_JUPITER_SIM_CONFIG);
  });

  it('merges overrides keyed by symbol, alias or mint into symbol keys', () => {
    const merged = mergeJupiterSimConfig(DEFAULT_JUPITER_SIM_CONFIG, {
      prices_usd: { [WSOL_MINT]: 151.37 },
      swap_slippage_bps: 25,
      lend_exchange_rates: { usdc: 1.05 },
    });
    expect(merged.pricesUsd).toEqual({ SOL: 151.37, USDC: 1 });
    expect(merged.swapSlippageBps).toBe(25);
    expect(merged.lendExchangeRates).toEqual({ USDC: 1.05, SOL: 1 });
    expect(DEFAULT_JUPITER_SIM_CONFIG.pricesUsd.SOL).toBe(150);
  });

  it('layers: a later override wins over an earlier one', () => {
    const environment = mergeJupiterSimConfig(DEFAULT_JUPITER_SIM_CONFIG, { prices_usd: { SOL: 140 }, swap_slippage_bps: 10 });
    const benchmark = mergeJupiterSimConfig(environment, { prices_usd: { [USDC_MINT]: 0.99 } });
    expect(benchmark.pricesUsd).toEqual({ SOL: 140, USDC: 0.99 });
    expect(benchmark.swapSlippageBps).toBe(10);
  });

  it('names an unknown token key', () => {
    expect(() => mergeJupiterSimConfig(DEFAULT_JUPITER_SIM_CONFIG, { prices_usd: { BONK: 0.00002 } })).toThrow(
      'market.prices_usd: unknown token "BONK"',
    );
  });

  it('refuses an exchange rate keyed by a share token instead of its asset', () => {
    expect(() => mergeJupiterSimConfig(DEFAULT_JUPITER_SIM_CONFIG, { lend_exchange_rates: { [JLUSDC_MINT]: 2 } })).toThrow(
      /lend_exchange_rates: ".*" is not a lendable asset; key exchange rates by the underlying asset \(USDC or SOL\)/,
    );
  });
});
