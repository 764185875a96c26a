import type { GroundTruth, TransactionResult, TransactionStatus } from '@reev/types';
import { AddressBook } from './addresses';
import { assertionRef, checkAssertion } from './assertions';
import { clampScore, outcomeScore } from './flow-score';
import { checkInstructions } from './instructions';
import { DEFAULT_FLOW_MIN_SCORE, DEFAULT_MIN_SCORE, judgeOutcome } from './pass-rule';
import { checkToolCalls } from './tool-calls';
import type { AddressResolver, Check, ScoreBreakdown, ScoreInput, TransactionStatusCheck } from './types';

/**
 * Grades one outcome against a ground truth on the single 0..1 scale:
 * score = 0.75 × instruction score + 0.25 × on-chain score (on-chain alone when there are no instructions to check),
 * and judges it by the pass rule (PASS_RULE).
 */
export async function scoreOutcome(input: ScoreInput): Promise<ScoreBreakdown> {
  const { groundTruth } = input;
  const addresses = new AddressBook(input.resolveAddress);

  const instructionChecks = groundTruth.skip_instruction_validation
    ? []
    : await checkInstructions(groundTruth.expected_instructions, input.transactions, addresses);
  const toolCallChecks = groundTruth.skip_instruction_validation
    ? []
    : await checkToolCalls(groundTruth.expected_tool_calls, input.toolCalls, addresses);
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
  const instructionScore = instructionWeight > 0 ? clampScore(instructionEarned / instructionWeight) : null;

  const transactionStatus = checkTransactionStatus(
    groundTruth.transaction_status ?? 'Success',
    input.transactions,
    groundTruth.expected_instructions.length > 0,
  );
  const onChainScore = transactionStatus.matched ? weightedFraction(assertionChecks) : 0;

  const score = outcomeScore(instructionScore, onChainScore);
  const minScore = groundTruth.min_score ?? (input.isFlow ? DEFAULT_FLOW_MIN_SCORE : DEFAULT_MIN_SCORE);
  const pass = judgeOutcome({
    score,
    minScore,
    assertionChecks,
    transactionStatus,
    statusStated: groundTruth.transaction_status !== undefined,
  });
  return {
    score,
    passed: pass.passed,
    pass,
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
  return clampScore(checks.reduce((sum, check) => sum + (check.matched ? check.weight : 0), 0) / total);
}
