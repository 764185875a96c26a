import type { KnownToken } from '@reev/types';
import { ceilDiv, floorDiv, ratioOf } from '../amounts';

export interface SwapQuoteInput {
  input: KnownToken;
  output: KnownToken;
  /** Input base units. */
  amount: bigint;
  inputPriceUsd: number;
  outputPriceUsd: number;
  slippageBps: number;
}

/** out = floor(amount × price_in / price_out × 10^(dec_out − dec_in) × (1 − slippage_bps / 10⁴)), exactly. */
export function quoteSwapOutput(quote: SwapQuoteInput): bigint {
  const priceIn = ratioOf(quote.inputPriceUsd);
  const priceOut = ratioOf(quote.outputPriceUsd);
  const decimalShift = quote.output.decimals - quote.input.decimals;
  const numerator =
    quote.amount *
    priceIn.numerator *
    priceOut.denominator *
    10n ** BigInt(Math.max(decimalShift, 0)) *
    BigInt(10_000 - quote.slippageBps);
  const denominator =
    priceIn.denominator * priceOut.numerator * 10n ** BigInt(Math.max(-decimalShift, 0)) * 10_000n;
  return floorDiv(numerator, denominator);
}

/** Shares minted for depositing `amount` underlying at `rate` (underlying per share): floor(amount / rate). */
export function sharesForDeposit(amount: bigint, rate: number): bigint {
  const r = ratioOf(rate);
  return floorDiv(amount * r.denominator, r.numerator);
}

/** Shares burnt to withdraw `amount` underlying: ceil(amount / rate), so the market never pays out more than it holds for them. */
export function sharesForWithdrawal(amount: bigint, rate: number): bigint {
  const r = ratioOf(rate);
  return ceilDiv(amount * r.denominator, r.numerator);
}

/** Underlying paid in to mint `shares`: ceil(shares × rate). */
export function underlyingForMint(shares: bigint, rate: number): bigint {
  const r = ratioOf(rate);
  return ceilDiv(shares * r.numerator, r.denominator);
}

/** Underlying paid out for redeeming `shares` (also a position's value): floor(shares × rate). */
export function underlyingForRedeem(shares: bigint, rate: number): bigint {
  const r = ratioOf(rate);
  return floorDiv(shares * r.numerator, r.denominator);
}
