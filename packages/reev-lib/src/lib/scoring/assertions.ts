import type { AddressDerivation, AddressRef, FinalStateAssertion, Observation } from '@reev/types';
import { type AddressBook, describeRef } from './addresses';
import type { AssertionCheck } from './types';
import { type Condition, failedConditions, joinConditions, rangeConditions, verdict } from './conditions';
import { checkPortfolioAssertion, type PortfolioAssertion } from './portfolio-assertions';
import type { PortfolioValuation } from './valuation';

function changeConditions(assertion: {
  expected_change?: number | undefined;
  expected_change_gte?: number | undefined;
  expected_change_lte?: number | undefined;
  expected_change_not_zero?: boolean | undefined;
}): Condition[] {
  const conditions = rangeConditions(assertion.expected_change, assertion.expected_change_gte, assertion.expected_change_lte);
  if (assertion.expected_change_not_zero === true) conditions.push({ text: '≠ 0', holds: (value) => value !== 0 });
  return conditions;
}

type TokenAssertion = Extract<FinalStateAssertion, { type: 'TokenAccountBalance' | 'TokenAccountBalanceChange' }>;

/** The account a token assertion is about: its derivation when given, else its pubkey (with the mint as a hint). */
export function tokenAccountRef(assertion: {
  pubkey: string;
  mint?: string | undefined;
  address_derivation?: AddressDerivation | undefined;
}): AddressRef {
  if (assertion.address_derivation !== undefined) return assertion.address_derivation;
  return assertion.mint === undefined ? { type: 'Key', name: assertion.pubkey } : { type: 'Key', name: assertion.pubkey, mint: assertion.mint };
}

/** The account an assertion needs observed, or undefined for types reev cannot evaluate. */
export function assertionRef(assertion: FinalStateAssertion): AddressRef | undefined {
  switch (assertion.type) {
    case 'SolBalance':
    case 'SolBalanceChange':
    case 'TotalPortfolioValue':
    case 'CapitalReserve':
    case 'LiquidityRatio':
    case 'MultiPoolDiversification':
      return { type: 'Key', name: assertion.pubkey };
    case 'TokenAccountBalance':
    case 'TokenAccountBalanceChange':
      return tokenAccountRef(assertion);
    default:
      return undefined;
  }
}

export async function checkAssertion(
  assertion: FinalStateAssertion,
  index: number,
  addresses: AddressBook,
  initial: Observation,
  final: Observation,
  valuation?: PortfolioValuation,
): Promise<AssertionCheck> {
  const ref = assertionRef(assertion);
  if (ref === undefined) {
    return {
      index,
      type: assertion.type,
      address: null,
      actual: null,
      expected: `${assertion.type} (not defined by reev)`,
      found: 'not evaluated',
      weight: assertion.weight,
      matched: false,
      reason: `assertion type ${assertion.type} is not defined by reev; counted as failed`,
    };
  }
  const address = await addresses.resolve(ref);
  const subject = describeRef(ref, address);
  const base = { index, type: assertion.type, address, weight: assertion.weight };
  switch (assertion.type) {
    case 'SolBalance': {
      const balance = solBalance(final, address);
      const conditions = rangeConditions(assertion.expected, assertion.expected_gte, assertion.expected_lte);
      const failed = failedConditions(conditions, balance.lamports);
      return {
        ...base,
        actual: balance.lamports,
        expected: `SOL balance ${joinConditions(conditions)} lamports`,
        found: `${balance.lamports} lamports${balance.note}`,
        matched: failed.length === 0,
        reason: verdict(`the SOL balance of ${subject} is ${balance.lamports} lamports${balance.note}`, failed),
      };
    }
    case 'SolBalanceChange': {
      const before = solBalance(initial, address).lamports;
      const after = solBalance(final, address).lamports;
      const change = after - before;
      const conditions = changeConditions(assertion);
      const failed = failedConditions(conditions, change);
      return {
        ...base,
        actual: change,
        expected: `SOL balance change ${joinConditions(conditions)} lamports`,
        found: `${signed(change)} lamports (${before} → ${after})`,
        matched: failed.length === 0,
        reason: verdict(`the SOL balance of ${subject} changed by ${signed(change)} lamports (${before} → ${after})`, failed),
      };
    }
    case 'TokenAccountBalance':
    case 'TokenAccountBalanceChange':
      return checkTokenAssertion(assertion, base, subject, initial, final);
    case 'TotalPortfolioValue':
    case 'CapitalReserve':
    case 'LiquidityRatio':
    case 'MultiPoolDiversification':
      return checkPortfolioAssertion(assertion satisfies PortfolioAssertion, base, subject, final, valuation);
    default:
      throw new Error(`scoring has no rule for assertion type ${(assertion as { type: string }).type}`);
  }
}

function checkTokenAssertion(
  assertion: TokenAssertion,
  base: { index: number; type: string; address: string; weight: number },
  subject: string,
  initial: Observation,
  final: Observation,
): AssertionCheck {
  const before = tokenBalance(initial, base.address);
  const after = tokenBalance(final, base.address);
  const wrongMint = assertion.mint !== undefined && after.mint !== undefined && after.mint !== assertion.mint;
  if (wrongMint) {
    return {
      ...base,
      actual: after.amount,
      expected: `a token account of mint ${assertion.mint}`,
      found: `a token account of mint ${after.mint}`,
      matched: false,
      reason: `token account ${subject} holds mint ${after.mint}, not ${assertion.mint}`,
    };
  }
  if (assertion.type === 'TokenAccountBalance') {
    const conditions = rangeConditions(assertion.expected, assertion.expected_gte, assertion.expected_lte);
    const failed = failedConditions(conditions, after.amount);
    if (assertion.expected_change_not_zero === true && after.amount === before.amount) failed.push(`≠ the balance at reset (${before.amount})`);
    const wanted = [...conditions.map((condition) => condition.text), ...(assertion.expected_change_not_zero === true ? [`≠ ${before.amount} (at reset)`] : [])];
    return {
      ...base,
      actual: after.amount,
      expected: `token balance ${wanted.join(' and ')} base units`,
      found: `${after.amount} base units${after.note}`,
      matched: failed.length === 0,
      reason: verdict(`the token balance of ${subject} is ${after.amount} base units${after.note}`, failed),
    };
  }
  const change = after.amount - before.amount;
  const conditions = changeConditions(assertion);
  const failed = failedConditions(conditions, change);
  return {
    ...base,
    actual: change,
    expected: `token balance change ${joinConditions(conditions)} base units`,
    found: `${signed(change)} base units (${before.amount} → ${after.amount})${after.note}`,
    matched: failed.length === 0,
    reason: verdict(`the token balance of ${subject} changed by ${signed(change)} base units (${before.amount} → ${after.amount})${after.note}`, failed),
  };
}

function solBalance(observation: Observation, address: string): { lamports: number; note: string } {
  const lamports = observation.solBalances[address];
  return lamports === undefined ? { lamports: 0, note: ' (the account does not exist, so its balance counts as 0)' } : { lamports, note: '' };
}

function tokenBalance(observation: Observation, address: string): { amount: number; mint: string | undefined; note: string } {
  const account = observation.tokenAccounts[address];
  return account === undefined
    ? { amount: 0, mint: undefined, note: ' (the token account does not exist, so its balance counts as 0)' }
    : { amount: account.amount, mint: account.mint, note: '' };
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}
