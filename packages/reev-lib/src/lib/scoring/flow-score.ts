/**
 * The score arithmetic of runs and flows, on the one 0..1 scale. Pure functions: the executors gather the
 * facts (checks, step results, consolidation) and ask here what they are worth.
 */

export const INSTRUCTION_SHARE = 0.75;
export const ON_CHAIN_SHARE = 0.25;

/** A graded outcome: 0.75 × instruction score + 0.25 × on-chain score, or on-chain alone when no instruction is checked. */
export function outcomeScore(instructionScore: number | null, onChainScore: number): number {
  return instructionScore === null ? onChainScore : clampScore(INSTRUCTION_SHARE * instructionScore + ON_CHAIN_SHARE * onChainScore);
}

/** A static run: the ground truth's score, 0 when the run was stopped. */
export function staticRunScore(outcome: number, stopped: boolean): number {
  return stopped ? 0 : outcome;
}

/** A step of a static flow: the ground truth grades the whole run, so each step scores whether it did its part. */
export function staticFlowStepScore(success: boolean): number {
  return success ? 1 : 0;
}

/** A dynamic step: the share of its on-chain and tool checks that passed, 0 when the agent did not finish it. */
export function dynamicStepScore(checks: readonly { passed: boolean }[], agentCompleted: boolean): number {
  if (!agentCompleted) return 0;
  return checks.length === 0 ? 1 : checks.filter((check) => check.passed).length / checks.length;
}

/** A flow: the weighted mean of its steps' scores (a step that never ran counts 0), 0 when a critical step failed. */
export function flowScore(steps: readonly { weight: number; score: number | undefined }[], criticalStepFailed: boolean): number {
  if (criticalStepFailed) return 0;
  const total = steps.reduce((sum, step) => sum + step.weight, 0);
  const weighted = steps.reduce((sum, step) => sum + step.weight * (step.score ?? 0), 0);
  return total === 0 ? 0 : weighted / total;
}

export interface DynamicRunScoreInput {
  flowScore: number;
  /** The ground truth's score when a benchmark file's ground truth graded the flow. */
  groundTruthScore?: number;
  consolidated: boolean;
  stopped: boolean;
}

/** A dynamic run: the mean of flow score and ground-truth score (or the flow score alone), 0 when not consolidated or stopped. */
export function dynamicRunScore(input: DynamicRunScoreInput): number {
  if (!input.consolidated || input.stopped) return 0;
  return input.groundTruthScore === undefined ? input.flowScore : (input.flowScore + input.groundTruthScore) / 2;
}

/** The mean step score of a consolidated execution (0 without steps). */
export function averageStepScore(steps: readonly { score: number }[]): number {
  return steps.length === 0 ? 0 : steps.reduce((sum, step) => sum + step.score, 0) / steps.length;
}

export function clampScore(value: number): number {
  return Math.min(1, Math.max(0, value));
}
