import type { InstructionRecord, KnownToken } from '@reev/types';
import { z } from 'zod';
import { toSafeNumber } from '../amounts';
import type { JupiterSimLendPool, JupiterSimSwapVault, ToolContext } from '../context';
import {
  createAssociatedTokenAccountIdempotent,
  systemTransfer,
  tokenBurn,
  tokenMintTo,
  tokenTransfer,
} from '../instructions';
import {
  quoteSwapOutput,
  sharesForDeposit,
  sharesForWithdrawal,
  underlyingForMint,
  underlyingForRedeem,
} from '../jupiter-sim/quote';
import { baseUnitsField, describeTokens, knownToken, knownTokenField, pubkeyField } from '../schemas';
import { findKnownToken, isNativeSol, SOL, USDC } from '@reev/types';
import { defineTool, noTransaction, type ToolExecution } from '../tool';
import { describeTokenAmount, describeTransaction } from './describe';

const PROTOCOL = 'jupiter-sim';
const TRADED = describeTokens([SOL, USDC]);
const LENDABLE = [USDC, SOL];
const LENDABLE_LIST = `${describeTokens(LENDABLE)}; the wSOL mint stands for native SOL`;
const MARKET_NOTE =
  'Served by the simulated Jupiter market (protocol "jupiter-sim"): real System and SPL Token instructions in one ' +
  'transaction co-signed and paid for by the market, so your SOL changes only by what the operation moves.';

/** Instructions moving `amount` of `token` from the user into a market account (system account for SOL, token account otherwise). */
async function payIn(
  context: ToolContext,
  token: KnownToken,
  user: string,
  vault: string,
  amount: bigint,
): Promise<InstructionRecord[]> {
  if (isNativeSol(token)) return [systemTransfer(user, vault, amount)];
  const source = await context.associatedTokenAddress(user, token.mint);
  return [tokenTransfer(source, vault, user, amount)];
}

/** Instructions moving `amount` of `token` from a market account to the user (into their ATA, created when missing). */
async function payOut(
  context: ToolContext,
  token: KnownToken,
  vault: string,
  vaultAuthority: string,
  user: string,
  amount: bigint,
): Promise<InstructionRecord[]> {
  if (isNativeSol(token)) return [systemTransfer(vault, user, amount)];
  const destination = await context.associatedTokenAddress(user, token.mint);
  return [
    createAssociatedTokenAccountIdempotent(context.market.authority, destination, user, token.mint),
    tokenTransfer(vault, destination, vaultAuthority, amount),
  ];
}

function marketSigners(context: ToolContext, ...others: string[]): string[] {
  return [...new Set([...others, context.market.authority])];
}

function submitToMarket(context: ToolContext, instructions: InstructionRecord[], signers: string[]) {
  return context.submit(instructions, { signers, feePayer: context.market.authority });
}

function swapVault(context: ToolContext, token: KnownToken): JupiterSimSwapVault | undefined {
  return context.market.swapVaults.find((vault) => vault.token.mint === token.mint);
}

function lendPool(context: ToolContext, asset: KnownToken): JupiterSimLendPool {
  const pool = context.market.lendPools.find((candidate) => candidate.asset.mint === asset.mint);
  if (!pool) throw new Error(`the ${PROTOCOL} market has no lending pool for ${asset.symbol}`);
  return pool;
}

function exchangeRate(context: ToolContext, pool: JupiterSimLendPool): number {
  const rate = context.market.config.lendExchangeRates[pool.asset.symbol];
  if (rate === undefined) throw new Error(`the ${PROTOCOL} market has no lend exchange rate for ${pool.asset.symbol}`);
  return rate;
}

export const jupiterSwapTool = defineTool({
  name: 'jupiter_swap',
  description:
    'Swap tokens on Jupiter: sell `amount` of input_mint for output_mint at the market price. amount is in base units of the ' +
    'input token (SOL: lamports, 1 SOL = 1,000,000,000; USDC: 1 USDC = 1,000,000). slippage_bps is the most slippage you ' +
    'accept in basis points (100 = 1%); the swap is refused when the market currently slips more than that. ' +
    `${MARKET_NOTE} Trades SOL (use the wSOL mint) and USDC.`,
  parameters: z.strictObject({
    user_pubkey: pubkeyField('Wallet that sells and receives (base58); signs.'),
    input_mint: knownTokenField(`Mint of the token to sell: ${TRADED}; the wSOL mint stands for native SOL.`),
    output_mint: knownTokenField(`Mint of the token to buy: ${TRADED}.`),
    amount: baseUnitsField('base units of the input token', 'Amount to sell.'),
    slippage_bps: z
      .number({ error: 'expected an integer number of basis points' })
      .int({ error: 'expected an integer number of basis points' })
      .min(0, { error: 'expected 0 to 10000 basis points' })
      .max(10_000, { error: 'expected 0 to 10000 basis points' })
      .optional()
      .describe('Highest slippage accepted, in basis points (1 bp = 0.01%). Default: accept the market slippage.'),
  }),
  async execute(context, args): Promise<ToolExecution> {
    const input = knownToken(args.input_mint);
    const output = knownToken(args.output_mint);
    const { config } = context.market;
    if (input.mint === output.mint) {
      return noTransaction(null, `output_mint: the same token as input_mint (${input.symbol}); nothing to swap`);
    }
    const inputVault = swapVault(context, input);
    const outputVault = swapVault(context, output);
    const inputPrice = config.pricesUsd[input.symbol];
    const outputPrice = config.pricesUsd[output.symbol];
    if (!inputVault || !outputVault || inputPrice === undefined || outputPrice === undefined) {
      const traded = context.market.swapVaults
        .filter((vault) => config.pricesUsd[vault.token.symbol] !== undefined)
        .map((vault) => vault.token.symbol);
      return noTransaction(
        null,
        `the ${PROTOCOL} market has no price for ${input.symbol} → ${output.symbol}; it trades ${traded.join(' and ')}`,
      );
    }
    if (args.slippage_bps !== undefined && args.slippage_bps < config.swapSlippageBps) {
      return noTransaction(
        null,
        `slippage_bps: ${args.slippage_bps} bps is below the market's current slippage of ${config.swapSlippageBps} bps, ` +
          `so the swap would not fill; allow at least ${config.swapSlippageBps} bps`,
      );
    }
    const amountIn = BigInt(args.amount);
    const amountOut = quoteSwapOutput({
      input,
      output,
      amount: amountIn,
      inputPriceUsd: inputPrice,
      outputPriceUsd: outputPrice,
      slippageBps: config.swapSlippageBps,
    });
    if (amountOut === 0n) {
      return noTransaction(null, `amount: ${args.amount} base units of ${input.symbol} buy less than one base unit of ${output.symbol}`);
    }
    const instructions = [
      ...(await payIn(context, input, args.user_pubkey, inputVault.address, amountIn)),
      ...(await payOut(context, output, outputVault.address, outputVault.authority, args.user_pubkey, amountOut)),
    ];
    const transaction = await submitToMarket(
      context,
      instructions,
      marketSigners(context, args.user_pubkey, inputVault.authority, outputVault.authority),
    );
    return {
      output: {
        protocol: PROTOCOL,
        operation: 'swap',
        ...describeTransaction(transaction),
        user_pubkey: args.user_pubkey,
        input: describeTokenAmount(input.mint, amountIn),
        output: describeTokenAmount(output.mint, toSafeNumber(amountOut, 'swap output')),
        prices_usd: { [input.symbol]: inputPrice, [output.symbol]: outputPrice },
        price: `1 ${input.symbol} = ${inputPrice / outputPrice} ${output.symbol} before slippage`,
        slippage_bps: config.swapSlippageBps,
      },
      transactions: [transaction],
    };
  },
});

interface LendMovement {
  operation: 'deposit' | 'withdraw' | 'mint' | 'redeem';
  user: string;
  pool: JupiterSimLendPool;
  underlying: bigint;
  shares: bigint;
  rate: number;
}

/** Underlying in from the user, shares minted to the user's share ATA, in one market transaction. */
async function lendIn(context: ToolContext, movement: LendMovement): Promise<ToolExecution> {
  const { pool, user } = movement;
  const shareAccount = await context.associatedTokenAddress(user, pool.share.mint);
  const instructions = [
    ...(await payIn(context, pool.asset, user, pool.vault, movement.underlying)),
    createAssociatedTokenAccountIdempotent(context.market.authority, shareAccount, user, pool.share.mint),
    tokenMintTo(pool.share.mint, shareAccount, context.market.authority, movement.shares),
  ];
  const transaction = await submitToMarket(context, instructions, marketSigners(context, user));
  return { output: describeLendMovement(movement, shareAccount, transaction), transactions: [transaction] };
}

/** Shares burnt from the user, underlying out of the pool's vault to the user, in one market transaction. */
async function lendOut(context: ToolContext, movement: LendMovement): Promise<ToolExecution> {
  const { pool, user } = movement;
  const shareAccount = await context.associatedTokenAddress(user, pool.share.mint);
  const instructions = [
    tokenBurn(shareAccount, pool.share.mint, user, movement.shares),
    ...(await payOut(context, pool.asset, pool.vault, pool.vaultAuthority, user, movement.underlying)),
  ];
  const transaction = await submitToMarket(context, instructions, marketSigners(context, user, pool.vaultAuthority));
  return { output: describeLendMovement(movement, shareAccount, transaction), transactions: [transaction] };
}

function describeLendMovement(
  movement: LendMovement,
  shareAccount: string,
  transaction: Parameters<typeof describeTransaction>[0],
) {
  return {
    protocol: PROTOCOL,
    operation: movement.operation,
    ...describeTransaction(transaction),
    user_pubkey: movement.user,
    underlying: describeTokenAmount(movement.pool.asset.mint, toSafeNumber(movement.underlying, 'underlying amount')),
    shares: {
      ...describeTokenAmount(movement.pool.share.mint, toSafeNumber(movement.shares, 'shares')),
      account: shareAccount,
    },
    exchange_rate: movement.rate,
    exchange_rate_unit: `${movement.pool.asset.symbol} base units per ${movement.pool.share.symbol} base unit`,
  };
}

function poolAndRate(context: ToolContext, assetMint: string) {
  const pool = lendPool(context, knownToken(assetMint));
  return { pool, rate: exchangeRate(context, pool) };
}

export const jupiterLendEarnDepositTool = defineTool({
  name: 'jupiter_lend_earn_deposit',
  description:
    'Deposit (lend) an amount of SOL or USDC into Jupiter Lend Earn and receive share tokens (jlSOL / jlUSDC) worth it: ' +
    'shares = floor(amount / exchange_rate). amount is in base units of the asset (SOL: lamports, 1 SOL = 1,000,000,000; ' +
    `USDC: 1 USDC = 1,000,000). ${MARKET_NOTE}`,
  parameters: z.strictObject({
    user_pubkey: pubkeyField('Wallet that deposits and receives the shares (base58); signs.'),
    asset_mint: knownTokenField(`Mint of the asset to lend: ${LENDABLE_LIST}.`, LENDABLE),
    amount: baseUnitsField('base units of the asset', 'Amount to deposit.'),
  }),
  async execute(context, args) {
    const { pool, rate } = poolAndRate(context, args.asset_mint);
    const underlying = BigInt(args.amount);
    const shares = sharesForDeposit(underlying, rate);
    if (shares === 0n) return noTransaction(null, `amount: ${args.amount} is worth less than one share at rate ${rate}`);
    return lendIn(context, { operation: 'deposit', user: args.user_pubkey, pool, underlying, shares, rate });
  },
});

export const jupiterLendEarnWithdrawTool = defineTool({
  name: 'jupiter_lend_earn_withdraw',
  description:
    'Withdraw an amount of SOL or USDC from Jupiter Lend Earn by burning the share tokens (jlSOL / jlUSDC) it is worth: ' +
    'shares burnt = ceil(amount / exchange_rate). amount is in base units of the asset (SOL: lamports, ' +
    `1 SOL = 1,000,000,000; USDC: 1 USDC = 1,000,000). ${MARKET_NOTE}`,
  parameters: z.strictObject({
    user_pubkey: pubkeyField('Wallet that holds the shares and receives the asset (base58); signs.'),
    asset_mint: knownTokenField(`Mint of the asset to withdraw: ${LENDABLE_LIST}.`, LENDABLE),
    amount: baseUnitsField('base units of the asset', 'Amount of the asset to receive.'),
  }),
  async execute(context, args) {
    const { pool, rate } = poolAndRate(context, args.asset_mint);
    const underlying = BigInt(args.amount);
    const shares = sharesForWithdrawal(underlying, rate);
    return lendOut(context, { operation: 'withdraw', user: args.user_pubkey, pool, underlying, shares, rate });
  },
});

export const jupiterLendEarnMintTool = defineTool({
  name: 'jupiter_lend_earn_mint',
  description:
    'Mint an exact number of Jupiter Lend Earn share tokens (jlSOL / jlUSDC) by depositing the asset they are worth: ' +
    'asset paid = ceil(shares × exchange_rate). shares is in share base units (jlUSDC has 6 decimals, jlSOL 9). ' +
    MARKET_NOTE,
  parameters: z.strictObject({
    asset: knownTokenField(`Mint of the underlying asset of the shares: ${LENDABLE_LIST}.`, LENDABLE),
    signer: pubkeyField('Wallet that pays the asset and receives the shares (base58); signs.'),
    shares: baseUnitsField('share base units', 'Shares to mint.'),
  }),
  async execute(context, args) {
    const { pool, rate } = poolAndRate(context, args.asset);
    const shares = BigInt(args.shares);
    const underlying = underlyingForMint(shares, rate);
    return lendIn(context, { operation: 'mint', user: args.signer, pool, underlying, shares, rate });
  },
});

export const jupiterLendEarnRedeemTool = defineTool({
  name: 'jupiter_lend_earn_redeem',
  description:
    'Redeem an exact number of Jupiter Lend Earn share tokens (jlSOL / jlUSDC) for the asset they are worth: ' +
    'asset received = floor(shares × exchange_rate). shares is in share base units (jlUSDC has 6 decimals, jlSOL 9). ' +
    MARKET_NOTE,
  parameters: z.strictObject({
    asset: knownTokenField(`Mint of the underlying asset of the shares: ${LENDABLE_LIST}.`, LENDABLE),
    signer: pubkeyField('Wallet that holds the shares and receives the asset (base58); signs.'),
    shares: baseUnitsField('share base units', 'Shares to redeem.'),
  }),
  async execute(context, args) {
    const { pool, rate } = poolAndRate(context, args.asset);
    const shares = BigInt(args.shares);
    const underlying = underlyingForRedeem(shares, rate);
    if (underlying === 0n) return noTransaction(null, `shares: ${args.shares} shares are worth less than one base unit at rate ${rate}`);
    return lendOut(context, { operation: 'redeem', user: args.signer, pool, underlying, shares, rate });
  },
});

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
