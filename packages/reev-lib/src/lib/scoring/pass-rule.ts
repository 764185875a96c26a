import { isDynamicTestCase, type TestCase } from '@reev/types';
import type { AssertionCheck, TransactionStatusCheck } from './types';

export const DEFAULT_MIN_SCORE = 0.75;
export const DEFAULT_FLOW_MIN_SCORE = 0.6;
/** Scores are sums of floating-point weights; a score that equals min_score up to rounding passes. */
const PASS_TOLERANCE = 1e-9;

/** The pass rule in words, as the CLI, the API and the web page state it. */
export const PASS_RULE =
  'passed = score ≥ min_score AND every final-state assertion holds AND the transaction status matches the one the ground truth states';

/** Whether a run passed and, when it did not, every condition it failed in words. */
export interface PassVerdict {
  passed: boolean;
  failed_conditions: string[];
}

/** The pass mark of a benchmark: its min_score, else 0.6 for a flow (dynamic, or static with several steps) and 0.75 otherwise. */
export function minScoreOf(testCase: Pick<TestCase, 'ground_truth' | 'flow' | 'flow_type' | 'tags'>): number {
  const isFlow = isDynamicTestCase(testCase) || (testCase.flow?.length ?? 0) > 1;
  return testCase.ground_truth.min_score ?? (isFlow ? DEFAULT_FLOW_MIN_SCORE : DEFAULT_MIN_SCORE);
}

export function reachesMinScore(score: number, minScore: number): boolean {
  return score >= minScore - PASS_TOLERANCE;
}

export interface OutcomeConditions {
  score: number;
  minScore: number;
  assertionChecks: readonly AssertionCheck[];
  transactionStatus: TransactionStatusCheck;
  /**
   * Whether the ground truth states transaction_status. Unstated, Success is assumed for the score (a failed
   * transaction zeroes its on-chain part) but it is no pass condition: the assertions say what must hold.
   */
  statusStated: boolean;
}

/** The pass rule on one graded outcome (PASS_RULE). */
export function judgeOutcome(outcome: OutcomeConditions): PassVerdict {
  const failed: string[] = [];
  if (!reachesMinScore(outcome.score, outcome.minScore)) failed.push(belowMinScore('score', outcome.score, outcome.minScore));
  for (const check of outcome.assertionChecks) {
    if (!check.matched) failed.push(`final-state assertion ${check.index} (${check.type}) ${check.reason}`);
  }
  if (outcome.statusStated && !outcome.transactionStatus.matched) failed.push(`transaction status: ${outcome.transactionStatus.reason}`);
  return verdictOf(failed);
}

export interface FlowConditions {
  score: number;
  /** The ground truth's verdict, when the flow was graded against one. */
  groundTruth?: { pass: PassVerdict; minScore: number };
  /** Set when a critical step failed: the step and its error. */
  criticalFailure?: string;
  consolidationError?: string;
  /** Why the execution ended early (stopped, timed out, needs input), if it did. */
  stopReason?: string;
}

/**
 * A dynamic flow passes when it completed, no critical step failed, it was consolidated and, when it has a
 * ground truth, the combined score reaches min_score and the ground truth's own pass rule holds.
 */
export function judgeFlow(flow: FlowConditions): PassVerdict {
  const failed: string[] = [];
  if (flow.stopReason !== undefined) failed.push(`the flow did not complete: ${flow.stopReason}`);
  if (flow.criticalFailure !== undefined) failed.push(flow.criticalFailure);
  if (flow.consolidationError !== undefined) failed.push(`consolidation failed: ${flow.consolidationError}`);
  if (flow.groundTruth !== undefined) {
    const { minScore, pass } = flow.groundTruth;
    if (!reachesMinScore(flow.score, minScore)) failed.push(belowMinScore('score', flow.score, minScore));
    failed.push(...pass.failed_conditions.map((condition) => `ground truth: ${condition}`));
  }
  return verdictOf(failed);
}

/** A verdict with extra conditions, e.g. "execution stopped" on a run the ground truth alone would pass. */
export function withConditions(verdict: PassVerdict, conditions: readonly string[]): PassVerdict {
  return verdictOf([...verdict.failed_conditions, ...conditions]);
}

function verdictOf(failed: string[]): PassVerdict {
  return { passed: failed.length === 0, failed_conditions: failed };
}

function belowMinScore(what: string, score: number, minScore: number): string {
  return `${what} ${score.toFixed(3)} is below min_score ${minScore}`;
}
