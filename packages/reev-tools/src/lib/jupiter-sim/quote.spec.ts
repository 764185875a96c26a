import { SOL, USDC } from '@reev/types';
import { quoteSwapOutput, sharesForDeposit, sharesForWithdrawal, underlyingForMint, underlyingForRedeem } from './quote';

describe('quoteSwapOutput', () => {
  it('sells 0.1 SOL for exactly 15 USDC at the default prices', () => {
    expect(
      quoteSwapOutput({ input: SOL, output: USDC, amount: 100_000_000n, inputPriceUsd: 150, outputPriceUsd: 1, slippageBps: 0 }),
    ).toBe(15_000_000n);
  });

  it('applies a fractional price and slippage with floor rounding', () => {
    // 1 SOL × 151.37 USDC/SOL × (1 − 0.25%) = 150.991575 USDC
    expect(
      quoteSwapOutput({ input: SOL, output: USDC, amount: 1_000_000_000n, inputPriceUsd: 151.37, outputPriceUsd: 1, slippageBps: 25 }),
    ).toBe(150_991_575n);
    // 100 USDC / 151.37 × 0.9975 = 0.658981304… SOL
    expect(
      quoteSwapOutput({ input: USDC, output: SOL, amount: 100_000_000n, inputPriceUsd: 1, outputPriceUsd: 151.37, slippageBps: 25 }),
    ).toBe(658_981_304n);
  });

  it('is exact where floating point is not (0.3 / 0.1 = 3)', () => {
    expect(
      quoteSwapOutput({ input: USDC, output: USDC, amount: 1_000_000n, inputPriceUsd: 0.3, outputPriceUsd: 0.1, slippageBps: 0 }),
    ).toBe(3_000_000n);
  });

  it('gives nothing at 100% slippage', () => {
    expect(
      quoteSwapOutput({ input: SOL, output: USDC, amount: 1_000_000_000n, inputPriceUsd: 150, outputPriceUsd: 1, slippageBps: 10_000 }),
    ).toBe(0n);
  });
});

describe('lend share arithmetic at 1.05 underlying per share', () => {
  it('deposit mints floor(amount / rate) shares', () => {
    expect(sharesForDeposit(50_000_000n, 1.05)).toBe(47_619_047n);
  });

  it('withdraw burns ceil(amount / rate) shares', () => {
    expect(sharesForWithdrawal(10_000_000n, 1.05)).toBe(9_523_810n);
    expect(sharesForWithdrawal(10_500_000n, 1.05)).toBe(10_000_000n);
  });

  it('mint costs ceil(shares × rate) underlying', () => {
    expect(underlyingForMint(1_000_000n, 1.05)).toBe(1_050_000n);
    expect(underlyingForMint(1_000_001n, 1.05)).toBe(1_050_002n);
  });

  it('redeem pays floor(shares × rate) underlying', () => {
    expect(underlyingForRedeem(1_000_001n, 1.05)).toBe(1_050_001n);
  });

  it('is the identity at rate 1', () => {
    expect(sharesForDeposit(123n, 1)).toBe(123n);
    expect(sharesForWithdrawal(123n, 1)).toBe(123n);
    expect(underlyingForMint(123n, 1)).toBe(123n);
    expect(underlyingForRedeem(123n, 1)).toBe(123n);
  });
});
