import type { FinalStateAssertion, Observation } from '@reev/types';
import { type Condition, failedConditions, joinConditions, rangeConditions, verdict } from './conditions';
import type { AssertionCheck } from './types';
import { type PortfolioValuation, type ValuedHolding, usdToLamports, valuedHoldings } from './valuation';

export type PortfolioAssertion = Extract<
  FinalStateAssertion,
  { type: 'TotalPortfolioValue' | 'CapitalReserve' | 'LiquidityRatio' | 'MultiPoolDiversification' }
>;

type Base = { index: number; type: string; address: string; weight: number };

const sumUsd = (holdings: readonly ValuedHolding[]): number => holdings.reduce((sum, holding) => sum + holding.valueUsd, 0);

/**
 * The wallet's final holdings valued at the market's prices:
 * - TotalPortfolioValue: everything it holds, lending positions at their pool's exchange rate, in lamports of value;
 * - CapitalReserve: what it holds outside lending (SOL and tokens), in lamports of value;
 * - LiquidityRatio: the share of the total held as stablecoins outside lending (0..1);
 * - MultiPoolDiversification: the number of lending pools it holds a position in.
 */
export function checkPortfolioAssertion(
  assertion: PortfolioAssertion,
  base: Base,
  subject: string,
  final: Observation,
  valuation: PortfolioValuation | undefined,
): AssertionCheck {
  const unmeasured = (why: string): AssertionCheck => ({
    ...base,
    actual: null,
    expected: assertion.type,
    found: 'not measured',
    matched: false,
    reason: `not met: ${assertion.type} of ${subject} could not be measured: ${why}`,
  });
  if (valuation === undefined) return unmeasured('scoring was given no market valuation');
  let holdings: ValuedHolding[];
  try {
    holdings = valuedHoldings(base.address, final, valuation);
  } catch (error) {
    if (error instanceof RangeError) return unmeasured(error.message);
    throw error;
  }
  const totalUsd = sumUsd(holdings);
  const liquid = holdings.filter((holding) => holding.token.role !== 'lending_share');
  switch (assertion.type) {
    case 'TotalPortfolioValue':
    case 'CapitalReserve': {
      const what = assertion.type === 'TotalPortfolioValue' ? 'total value' : 'value held outside lending';
      let lamports: number;
      try {
        lamports = usdToLamports(assertion.type === 'TotalPortfolioValue' ? totalUsd : sumUsd(liquid), valuation);
      } catch (error) {
        if (error instanceof RangeError) return unmeasured(error.message);
        throw error;
      }
      const conditions = rangeConditions(assertion.expected, assertion.expected_gte, assertion.expected_lte);
      return measured(base, conditions, lamports, `the ${what} of ${subject} is ${lamports} lamports (${totalText(holdings)})`, `${what} ${joinConditions(conditions)} lamports`);
    }
    case 'LiquidityRatio': {
      const stableUsd = sumUsd(liquid.filter((holding) => holding.token.role === 'stable'));
      const ratio = totalUsd === 0 ? 0 : stableUsd / totalUsd;
      const conditions = rangeConditions(assertion.expected, assertion.expected_gte, assertion.expected_lte);
      const finding = `${subject} holds ${round(stableUsd)} of ${round(totalUsd)} USD in stablecoins outside lending: ratio ${round(ratio, 4)}`;
      return measured(base, conditions, ratio, finding, `liquidity ratio ${joinConditions(conditions)}`);
    }
    case 'MultiPoolDiversification': {
      const pools = holdings.filter((holding) => holding.token.role === 'lending_share');
      const conditions = rangeConditions(undefined, assertion.min_pools, assertion.max_pools);
      const names = pools.map((holding) => holding.token.symbol).join(', ') || 'none';
      return measured(base, conditions, pools.length, `${subject} holds positions in ${pools.length} lending pool(s) (${names})`, `lending pools ${joinConditions(conditions)}`);
    }
  }
}

function measured(base: Base, conditions: readonly Condition[], value: number, finding: string, expected: string): AssertionCheck {
  const failed = failedConditions(conditions, value);
  return { ...base, actual: value, expected, found: finding, matched: failed.length === 0, reason: verdict(finding, failed) };
}

function totalText(holdings: readonly ValuedHolding[]): string {
  return holdings.map((holding) => `${holding.token.symbol} ${round(holding.valueUsd)} USD`).join(', ') || 'nothing';
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
