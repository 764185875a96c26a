import type { InstructionRecord, KnownToken } from '@reev/types';
import { isNativeSol, SOL, USDC } from '@reev/types';
import type { JupiterSimLendPool, JupiterSimSwapVault, ToolContext } from '../context';
import { createAssociatedTokenAccountIdempotent, systemTransfer, tokenTransfer } from '../instructions';
import { describeTokens } from '../schemas';

/** The simulated Jupiter market's shared parts: its name, token lists, vault and pool lookups, and how it pays. */
export const PROTOCOL = 'jupiter-sim';
export const TRADED = describeTokens([SOL, USDC]);
export const LENDABLE = [USDC, SOL];
export const LENDABLE_LIST = `${describeTokens(LENDABLE)}; the wSOL mint stands for native SOL`;
export const MARKET_NOTE =
  'Served by the simulated Jupiter market (protocol "jupiter-sim"): real System and SPL Token instructions in one ' +
  'transaction co-signed and paid for by the market, so your SOL changes only by what the operation moves.';

/** Instructions moving `amount` of `token` from the user into a market account (system account for SOL, token account otherwise). */
export async function payIn(
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
export async function payOut(
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

export function marketSigners(context: ToolContext, ...others: string[]): string[] {
  return [...new Set([...others, context.market.authority])];
}

export function submitToMarket(context: ToolContext, instructions: InstructionRecord[], signers: string[]) {
  return context.submit(instructions, { signers, feePayer: context.market.authority });
}

export function swapVault(context: ToolContext, token: KnownToken): JupiterSimSwapVault | undefined {
  return context.market.swapVaults.find((vault) => vault.token.mint === token.mint);
}

export function lendPool(context: ToolContext, asset: KnownToken): JupiterSimLendPool {
  const pool = context.market.lendPools.find((candidate) => candidate.asset.mint === asset.mint);
  if (!pool) throw new Error(`the ${PROTOCOL} market has no lending pool for ${asset.symbol}`);
  return pool;
}

export function exchangeRate(context: ToolContext, pool: JupiterSimLendPool): number {
  const rate = context.market.config.lendExchangeRates[pool.asset.symbol];
  if (rate === undefined) throw new Error(`the ${PROTOCOL} market has no lend exchange rate for ${pool.asset.symbol}`);
  return rate;
}

