import { z } from 'zod';
import { findKnownToken, isNativeSol } from '@reev/types';
import { toSafeNumber } from '../amounts';
import type { JupiterSimLendPool, ToolContext } from '../context';
import { underlyingForRedeem } from '../jupiter-sim/quote';
import { pubkeyField } from '../schemas';
import { defineTool, noTransaction } from '../tool';
import { describeTokenAmount } from './describe';
import { exchangeRate, PROTOCOL } from './jupiter-market';

export const getJupiterLendEarnPositionTool = defineTool({
  name: 'get_jupiter_lend_earn_position',
  description:
    "Read a wallet's Jupiter Lend Earn positions from chain: for each pool (USDC, SOL) the share token (jlUSDC / jlSOL), " +
    'shares held (share base units), their underlying value (asset base units and whole tokens, and USD), the exchange ' +
    'rate (asset base units per share base unit) and the supply APY in percent. Read-only: no transaction, no fee.',
  parameters: z.strictObject({
    user_pubkey: pubkeyField('Wallet whose positions to read (base58).'),
  }),
  async execute(context, args) {
    const { config } = context.market;
    const positions = [];
    let totalValueUsd = 0;
    for (const pool of context.market.lendPools) {
      const rate = exchangeRate(context, pool);
      const shareAccount = await context.associatedTokenAddress(args.user_pubkey, pool.share.mint);
      const shares = BigInt((await context.getTokenAccount(shareAccount))?.amount ?? 0);
      const underlying = toSafeNumber(underlyingForRedeem(shares, rate), 'position value');
      const price = config.pricesUsd[pool.asset.symbol];
      const valueUsd = price === undefined ? null : (underlying / 10 ** pool.asset.decimals) * price;
      totalValueUsd += valueUsd ?? 0;
      positions.push({
        asset: { mint: pool.asset.mint, symbol: pool.asset.symbol, decimals: pool.asset.decimals },
        share: { mint: pool.share.mint, symbol: pool.share.symbol, decimals: pool.share.decimals, account: shareAccount },
        shares: Number(shares),
        underlying: describeTokenAmount(pool.asset.mint, underlying),
        value_usd: valueUsd,
        exchange_rate: rate,
        supply_apy_pct: config.supplyApyPct[pool.asset.symbol] ?? null,
      });
    }
    return noTransaction({
      protocol: PROTOCOL,
      user_pubkey: args.user_pubkey,
      positions,
      total_positions: positions.filter((position) => position.shares > 0).length,
      total_value_usd: totalValueUsd,
    });
  },
});

/** Supply rates as the Jupiter Lend API writes them: a string in 1e4 decimals (basis points), "520" = 5.20 %. */
function rateInBasisPoints(apyPct: number | undefined): string | null {
  return apyPct === undefined ? null : String(Math.round(apyPct * 100));
}

/** What the asset of a pool's vault holds on chain: lamports for SOL, the vault token account's balance otherwise. */
async function vaultHoldings(context: ToolContext, pool: JupiterSimLendPool): Promise<number> {
  if (isNativeSol(pool.asset)) return context.getSolBalance(pool.vault);
  return (await context.getTokenAccount(pool.vault))?.amount ?? 0;
}

interface LendTokenFilters {
  symbol?: string | undefined;
  mint_address?: string | undefined;
  jupiter_address?: string | undefined;
}

/** The pools the filters select, or why a filter names nothing the market has (never an empty success). */
function selectLendPools(context: ToolContext, filters: LendTokenFilters): { pools: JupiterSimLendPool[] } | { error: string } {
  const pools = context.market.lendPools;
  const listed = pools.map((pool) => `${pool.share.symbol} (asset ${pool.asset.symbol} ${pool.asset.mint}, address ${pool.share.mint})`).join('; ');
  let selected = [...pools];
  if (filters.symbol !== undefined) {
    const token = findKnownToken(filters.symbol.trim());
    const matching = token === undefined ? [] : pools.filter((pool) => pool.asset.mint === token.mint || pool.share.mint === token.mint);
    if (matching.length === 0) return { error: `symbol: no Jupiter lending pool for "${filters.symbol}"; the pools are ${listed}` };
    selected = selected.filter((pool) => matching.includes(pool));
  }
  if (filters.mint_address !== undefined) {
    const asShare = pools.find((pool) => pool.share.mint === filters.mint_address);
    if (asShare) {
      return { error: `mint_address: ${filters.mint_address} is the ${asShare.share.symbol} share token; mint_address filters by the underlying asset (${asShare.asset.mint}), jupiter_address by the share token` };
    }
    if (!pools.some((pool) => pool.asset.mint === filters.mint_address)) {
      return { error: `mint_address: no Jupiter lending pool lends the asset ${filters.mint_address}; the pools are ${listed}` };
    }
    selected = selected.filter((pool) => pool.asset.mint === filters.mint_address);
  }
  if (filters.jupiter_address !== undefined) {
    if (!pools.some((pool) => pool.share.mint === filters.jupiter_address)) {
      return { error: `jupiter_address: ${filters.jupiter_address} is no Jupiter lending token; the pools are ${listed}` };
    }
    selected = selected.filter((pool) => pool.share.mint === filters.jupiter_address);
  }
  if (selected.length === 0) {
    const given = Object.entries(filters).flatMap(([key, value]) => (value === undefined ? [] : [`${key} ${value}`]));
    return { error: `no Jupiter lending pool matches all of ${given.join(', ')}; the pools are ${listed}` };
  }
  return { pools: selected };
}

export const getJupiterLendEarnTokensTool = defineTool({
  name: 'get_jupiter_lend_earn_tokens',
  description:
    'List the Jupiter Lend Earn pools (lending tokens) with their current prices and rates, to compare them before ' +
    'lending: per pool the share token (address, symbol jlUSDC / jlSOL, decimals), the underlying asset with its USD ' +
    'price, the exchange rate (convert_to_assets: asset base units per share base unit; convert_to_shares: the inverse), ' +
    'supply_rate, rewards_rate and total_rate as strings in 1e4 decimals (basis points: "520" = 5.20 % APY; also ' +
    'supply_apy_pct in percent) and the pool vault\'s withdrawable liquidity in asset base units. All filters are ' +
    'optional and combine; a filter that names no pool is an error. Read-only: no transaction, no fee.',
  parameters: z.strictObject({
    symbol: z
      .string({ error: 'expected a token symbol (a string)' })
      .min(1, { error: 'expected a token symbol such as USDC, SOL or jlUSDC' })
      .optional()
      .describe('Only the pool of this token: the asset (USDC, SOL) or the share token (jlUSDC, jUSDC, jlSOL).'),
    mint_address: pubkeyField('Only the pool lending this underlying asset mint (base58; the wSOL mint stands for SOL).').optional(),
    jupiter_address: pubkeyField('Only the pool with this lending (share) token address (base58).').optional(),
  }),
  async execute(context, args) {
    const selection = selectLendPools(context, args);
    if ('error' in selection) return noTransaction(null, selection.error);
    const { config } = context.market;
    const tokens = [];
    for (const pool of selection.pools) {
      const rate = exchangeRate(context, pool);
      const price = config.pricesUsd[pool.asset.symbol];
      const apyPct = config.supplyApyPct[pool.asset.symbol];
      tokens.push({
        id: context.market.lendPools.indexOf(pool) + 1,
        address: pool.share.mint,
        name: `Jupiter Lend ${pool.asset.symbol}`,
        symbol: pool.share.symbol,
        decimals: pool.share.decimals,
        assetAddress: pool.asset.mint,
        asset: {
          address: pool.asset.mint,
          symbol: pool.asset.symbol,
          decimals: pool.asset.decimals,
          price: price === undefined ? null : String(price),
        },
        convert_to_assets: String(rate),
        convert_to_shares: String(1 / rate),
        supply_rate: rateInBasisPoints(apyPct),
        rewards_rate: '0',
        total_rate: rateInBasisPoints(apyPct),
        supply_apy_pct: apyPct ?? null,
        liquidity_supply_data: { withdrawable: String(await vaultHoldings(context, pool)) },
      });
    }
    return noTransaction({
      protocol: PROTOCOL,
      tokens,
      query_params: { symbol: args.symbol ?? null, mint_address: args.mint_address ?? null, jupiter_address: args.jupiter_address ?? null },
      total_tokens: tokens.length,
    });
  },
});
