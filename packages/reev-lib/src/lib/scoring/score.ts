import type { GroundTruth, TransactionResult, TransactionStatus } from '@reev/types';
import { AddressBook } from './addresses';
import { assertionRef, checkAssertion } from './assertions';
import { checkInstructions } from './instructions';
import { checkToolCalls } from './tool-calls';
import type { AddressResolver, Check, ScoreBreakdown, ScoreInput, TransactionStatusCheck } from './types';

export const INSTRUCTION_SHARE = 0.75;
export const ON_CHAIN_SHARE = 0.25;
export const DEFAULT_MIN_SCORE = 0.75;
export const DEFAULT_FLOW_MIN_SCORE = 0.6;
/** Scores are sums of floating-point weights; a score that equals min_score up to rounding passes. */
const PASS_TOLERANCE = 1e-9;

/**
 * Grades one outcome against a ground truth on the single 0..1 scale:
 * score = 0.75 × instruction score + 0.25 × on-chain score (on-chain alone when there are no instructions to check).
 */
export async function scoreOutcome(input: ScoreInput): Promise<ScoreBreakdown> {
  const { groundTruth } = input;
  const addresses = new AddressBook(input.resolveAddress);

  const instructionChecks = groundTruth.skip_instruction_validation
    ? []
    : await checkInstructions(groundTruth.expected_instructions, input.transactions, addresses);
  const toolCallChecks = groundTruth.skip_instruction_validation
    ? []
    : checkToolCalls(groundTruth.expected_tool_calls, input.toolCalls);
  const assertionChecks = await Promise.all(
    groundTruth.final_state_assertions.map((assertion, index) =>
      checkAssertion(assertion, index, addresses, input.initial, input.final, input.valuation),
    ),
  );

  const instructionWeight =
    instructionChecks.reduce((sum, check) => sum + check.weight, 0) + toolCallChecks.reduce((sum, check) => sum + check.weight, 0);
  const instructionEarned =
    instructionChecks.reduce((sum, check) => sum + check.earned, 0) +
    toolCallChecks.reduce((sum, check) => sum + (check.matched ? check.weight : 0), 0);
  const instructionScore = instructionWeight > 0 ? clamp(instructionEarned / instructionWeight) : null;

  const transactionStatus = checkTransactionStatus(
    groundTruth.transaction_status ?? 'Success',
    input.transactions,
    groundTruth.expected_instructions.length > 0,
  );
  const onChainScore = transactionStatus.matched ? weightedFraction(assertionChecks) : 0;

  const score = instructionScore === null ? onChainScore : clamp(INSTRUCTION_SHARE * instructionScore + ON_CHAIN_SHARE * onChainScore);
  const minScore = groundTruth.min_score ?? (input.isFlow ? DEFAULT_FLOW_MIN_SCORE : DEFAULT_MIN_SCORE);
  return {
    score,
    passed: score >= minScore - PASS_TOLERANCE,
    minScore,
    instructionScore,
    onChainScore,
    transactionStatus,
    instructionChecks,
    toolCallChecks,
    assertionChecks,
  };
}

/** Every address the ground truth's assertions read, deduplicated: observe these before and after the run. */
export async function assertionAddresses(groundTruth: GroundTruth, resolveAddress: AddressResolver): Promise<string[]> {
  const addresses = new AddressBook(resolveAddress);
  const refs = groundTruth.final_state_assertions.flatMap((assertion) => {
    const ref = assertionRef(assertion);
    return ref === undefined ? [] : [ref];
  });
  const resolved = await Promise.all(refs.map((ref) => addresses.resolve(ref)));
  return [...new Set(resolved)];
}

/**
 * Success means every transaction succeeded and, when instructions are expected, at least one ran.
 * Failure means at least one transaction failed.
 */
function checkTransactionStatus(
  expected: TransactionStatus,
  transactions: readonly TransactionResult[],
  instructionsExpected: boolean,
): TransactionStatusCheck {
  const failed = transactions.filter((transaction) => transaction.status === 'Failure');
  if (transactions.length === 0) {
    const matched = expected === 'Success' && !instructionsExpected;
    const reason = matched
      ? 'no transaction was executed, and none was required'
      : expected === 'Success'
        ? 'no transaction was executed, but the benchmark expects instructions to run'
        : 'no transaction was executed, but the benchmark expects one to fail';
    return { expected, actual: 'None', matched, reason };
  }
  const actual: TransactionStatus = failed.length > 0 ? 'Failure' : 'Success';
  const firstFailure = failed[0];
  const failure = firstFailure === undefined ? '' : `: ${firstFailure.error ?? `transaction ${firstFailure.signature} failed`}`;
  const summary =
    failed.length === 0
      ? `all ${transactions.length} transaction${transactions.length === 1 ? '' : 's'} succeeded`
      : `${failed.length} of ${transactions.length} transaction${transactions.length === 1 ? '' : 's'} failed${failure}`;
  const matched = actual === expected;
  return { expected, actual, matched, reason: matched ? summary : `expected ${expected}, but ${summary}` };
}

/** Weighted share of checks that matched; 1 when nothing carries weight. */
function weightedFraction(checks: readonly Check[]): number {
  const total = checks.reduce((sum, check) => sum + check.weight, 0);
  if (total === 0) return 1;
  return clamp(checks.reduce((sum, check) => sum + (check.matched ? check.weight : 0), 0) / total);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
