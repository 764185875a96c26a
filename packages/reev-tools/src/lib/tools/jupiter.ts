import { z } from 'zod';
import { toSafeNumber } from '../amounts';
import type { JupiterSimLendPool, ToolContext } from '../context';
import { createAssociatedTokenAccountIdempotent, tokenBurn, tokenMintTo } from '../instructions';
import {
  quoteSwapOutput,
  sharesForDeposit,
  sharesForWithdrawal,
  underlyingForMint,
  underlyingForRedeem,
} from '../jupiter-sim/quote';
import { baseUnitsField, knownToken, knownTokenField, pubkeyField } from '../schemas';
import { defineTool, noTransaction, type ToolExecution } from '../tool';
import { describeTokenAmount, describeTransaction } from './describe';
import {
  exchangeRate,
  LENDABLE,
  LENDABLE_LIST,
  lendPool,
  MARKET_NOTE,
  marketSigners,
  payIn,
  payOut,
  PROTOCOL,
  submitToMarket,
  swapVault,
  TRADED,
} from './jupiter-market';

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
