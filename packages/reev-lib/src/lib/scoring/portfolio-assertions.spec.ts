import { JLSOL_MINT, JLUSDC_MINT, USDC_MINT, type FinalStateAssertion, type GroundTruth } from '@reev/types';
import { LiteSvmEnv } from '../env/litesvm-env';
import { testCase } from '../env/test-support/benchmarks';
import { assertionAddresses, scoreOutcome } from './score';
import { marketValuation } from './valuation';

const SYSTEM = '11111111111111111111111111111111';
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

/** 2 SOL, 80 USDC and 120 jlUSDC (a lending position), as the original 304 sets up. */
const holdings = [
  { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM, lamports: 2_000_000_000 },
  { pubkey: 'USER_USDC_ATA', owner: TOKEN, lamports: 2_039_280, data: { mint: USDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: 80_000_000 } },
  { pubkey: 'USER_JLUSDC_ATA', owner: TOKEN, lamports: 2_039_280, data: { mint: JLUSDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: 120_000_000 } },
];

describe('portfolio assertions, valued on a real LiteSVM chain at the market prices', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  async function grade(assertions: Partial<FinalStateAssertion>[], market?: Record<string, unknown>) {
    const id = `portfolio-${Math.random().toString(36).slice(2)}`;
    const testCaseWithMarket = testCase({ id, initial_state: holdings, ground_truth: { final_state_assertions: assertions }, ...(market ? { market } : {}) } as never);
    await env.reset(testCaseWithMarket);
    const groundTruth: GroundTruth = testCaseWithMarket.ground_truth;
    const resolveAddress = env.resolveAddress.bind(env);
    const observed = await assertionAddresses(groundTruth, resolveAddress);
    const state = await env.observe(observed);
    return scoreOutcome({
      groundTruth,
      isFlow: false,
      resolveAddress,
      transactions: [],
      toolCalls: [],
      initial: state,
      final: state,
      valuation: marketValuation(env.toolContext()),
    });
  }

  it('measures value, reserve, liquidity and pools from the chain (SOL 150 USD, jlUSDC at rate 1.0)', async () => {
    const breakdown = await grade([
      { type: 'TotalPortfolioValue', pubkey: 'USER_WALLET_PUBKEY', expected_gte: 3_333_333_333 },
      { type: 'CapitalReserve', pubkey: 'USER_WALLET_PUBKEY', expected_lte: 2_533_333_333 },
      { type: 'LiquidityRatio', pubkey: 'USER_WALLET_PUBKEY', expected: 0.16 },
      { type: 'MultiPoolDiversification', pubkey: 'USER_WALLET_PUBKEY', min_pools: 1, max_pools: 1 },
    ]);
    // 300 USD of SOL + 80 USDC + 120 USDC lent = 500 USD = 3.333… SOL; outside lending 380 USD = 2.533… SOL.
    expect(breakdown.assertionChecks.map((check) => [check.type, check.actual, check.matched])).toEqual([
      ['TotalPortfolioValue', 3_333_333_333, true],
      ['CapitalReserve', 2_533_333_333, true],
      ['LiquidityRatio', 0.16, true],
      ['MultiPoolDiversification', 1, true],
    ]);
    expect(breakdown.assertionChecks[3]?.reason).toMatch(/^met: USER_WALLET_PUBKEY \(\w+\) holds positions in 1 lending pool\(s\) \(jlUSDC\)$/);
  }, 60_000);

  it('fails what the wallet does not reach, saying what it found', async () => {
    const breakdown = await grade([
      { type: 'LiquidityRatio', pubkey: 'USER_WALLET_PUBKEY', expected_gte: 0.85 },
      { type: 'MultiPoolDiversification', pubkey: 'USER_WALLET_PUBKEY', min_pools: 2, max_pools: 4 },
      { type: 'CapitalReserve', pubkey: 'USER_WALLET_PUBKEY', expected_gte: 3_000_000_000 },
    ]);
    expect(breakdown.assertionChecks.map((check) => check.matched)).toEqual([false, false, false]);
    expect(breakdown.assertionChecks[0]?.reason).toMatch(/holds 80 of 500 USD in stablecoins outside lending: ratio 0\.16, expected ≥ 0\.85$/);
    expect(breakdown.assertionChecks[1]?.reason).toMatch(/holds positions in 1 lending pool\(s\) \(jlUSDC\), expected ≥ 2$/);
    expect(breakdown.assertionChecks[2]?.reason).toMatch(/value held outside lending of .* is 2533333333 lamports \(SOL 300 USD, USDC 80 USD, jlUSDC 120 USD\), expected ≥ 3000000000$/);
    expect(breakdown.onChainScore).toBe(0);
  }, 60_000);

  it("follows the benchmark's market: SOL at 200 USD, a jlUSDC share worth 1.05 USDC", async () => {
    const breakdown = await grade([{ type: 'TotalPortfolioValue', pubkey: 'USER_WALLET_PUBKEY', expected_gte: 1 }], {
      prices_usd: { SOL: 200 },
      lend_exchange_rates: { USDC: 1.05 },
    });
    // 400 + 80 + 126 = 606 USD = 3.03 SOL.
    const lamports = breakdown.assertionChecks[0]?.actual ?? 0;
    expect(lamports).toBeGreaterThanOrEqual(3_029_999_999);
    expect(lamports).toBeLessThanOrEqual(3_030_000_000);
  }, 60_000);

  it('counts as not met, with the reason, when scoring has no valuation or a holding has no price', async () => {
    const id = `portfolio-${Math.random().toString(36).slice(2)}`;
    const groundTruth = testCase({ id, initial_state: holdings, ground_truth: { final_state_assertions: [{ type: 'TotalPortfolioValue', pubkey: 'USER_WALLET_PUBKEY', expected_gte: 1 }] } } as never).ground_truth;
    await env.reset(testCase({ id, initial_state: holdings }));
    const resolveAddress = env.resolveAddress.bind(env);
    const state = await env.observe(await assertionAddresses(groundTruth, resolveAddress));
    const input = { groundTruth, isFlow: false, resolveAddress, transactions: [], toolCalls: [], initial: state, final: state };
    const without = await scoreOutcome(input);
    expect(without.assertionChecks[0]?.reason).toMatch(/could not be measured: scoring was given no market valuation$/);
    const unpriced = marketValuation(env.toolContext());
    const noShares = { tokens: unpriced.tokens.map((token) => (token.mint === JLUSDC_MINT || token.mint === JLSOL_MINT ? { ...token, priceUsd: undefined } : token)) };
    const withoutSharePrice = await scoreOutcome({ ...input, valuation: noShares });
    expect(withoutSharePrice.assertionChecks[0]).toMatchObject({ matched: false, actual: null });
    expect(withoutSharePrice.assertionChecks[0]?.reason).toMatch(/the market has no price for jlUSDC, so the wallet cannot be valued$/);
  }, 60_000);
});
