import {
  averageStepScore,
  dynamicRunScore,
  dynamicStepScore,
  flowScore,
  outcomeScore,
  staticFlowStepScore,
  staticRunScore,
} from './flow-score';
import { judgeFlow, minScoreOf, PASS_RULE } from './pass-rule';

describe('score arithmetic (pure, no VM)', () => {
  it('an outcome is 0.75 × instructions + 0.25 × on-chain, or on-chain alone', () => {
    expect(outcomeScore(1, 0)).toBe(0.75);
    expect(outcomeScore(1.25 / 1.75, 1)).toBeCloseTo(0.7857142857, 9);
    expect(outcomeScore(null, 0.5)).toBe(0.5);
  });

  it('a stopped static run scores 0; a static flow step scores whether it did its part', () => {
    expect(staticRunScore(0.9, false)).toBe(0.9);
    expect(staticRunScore(0.9, true)).toBe(0);
    expect([staticFlowStepScore(true), staticFlowStepScore(false)]).toEqual([1, 0]);
  });

  it('a dynamic step scores the share of its checks that passed, 0 when the agent did not finish', () => {
    const checks = [{ passed: true }, { passed: true }, { passed: false }, { passed: true }];
    expect(dynamicStepScore(checks, true)).toBe(0.75);
    expect(dynamicStepScore(checks, false)).toBe(0);
  });

  it('a flow is the weighted mean of its steps, a missing step counting 0, and 0 after a critical failure', () => {
    const steps = [
      { weight: 1, score: 1 },
      { weight: 3, score: 0.5 },
      { weight: 1, score: undefined },
    ];
    expect(flowScore(steps, false)).toBe((1 + 1.5) / 5);
    expect(flowScore(steps, true)).toBe(0);
    expect(flowScore([], false)).toBe(0);
  });

  it('a dynamic run is the mean of flow and ground truth, 0 when not consolidated or stopped', () => {
    expect(dynamicRunScore({ flowScore: 1, groundTruthScore: 0.5, consolidated: true, stopped: false })).toBe(0.75);
    expect(dynamicRunScore({ flowScore: 0.8, consolidated: true, stopped: false })).toBe(0.8);
    expect(dynamicRunScore({ flowScore: 1, groundTruthScore: 1, consolidated: false, stopped: false })).toBe(0);
    expect(dynamicRunScore({ flowScore: 1, groundTruthScore: 1, consolidated: true, stopped: true })).toBe(0);
  });

  it("consolidation's avg_score is the mean step score", () => {
    expect(averageStepScore([{ score: 1 }, { score: 0 }, { score: 0.5 }])).toBe(0.5);
    expect(averageStepScore([])).toBe(0);
  });
});

describe('the pass rule of flows and the pass mark', () => {
  const passed = { passed: true, failed_conditions: [] };

  it('a flow passes only when it completed, kept every critical step, was consolidated and met its ground truth', () => {
    expect(judgeFlow({ score: 1 })).toEqual(passed);
    expect(judgeFlow({ score: 0.9, groundTruth: { pass: passed, minScore: 0.7 } })).toEqual(passed);
    const failing = judgeFlow({
      score: 0.5,
      groundTruth: { pass: { passed: false, failed_conditions: ['final-state assertion 0 (SolBalance) not met: …'] }, minScore: 0.7 },
      criticalFailure: 'critical step swap_1 failed: slippage',
      consolidationError: 'consolidation timed out after 10 ms',
      stopReason: 'stopped: execution stopped',
    });
    expect(failing).toEqual({
      passed: false,
      failed_conditions: [
        'the flow did not complete: stopped: execution stopped',
        'critical step swap_1 failed: slippage',
        'consolidation failed: consolidation timed out after 10 ms',
        'score 0.500 is below min_score 0.7',
        'ground truth: final-state assertion 0 (SolBalance) not met: …',
      ],
    });
  });

  it('the pass mark is min_score, else 0.6 for a flow and 0.75 for one step', () => {
    const groundTruth = { final_state_assertions: [], expected_instructions: [], expected_tool_calls: [], skip_instruction_validation: false };
    expect(minScoreOf({ ground_truth: { ...groundTruth, min_score: 0.9 }, tags: [] })).toBe(0.9);
    expect(minScoreOf({ ground_truth: groundTruth, tags: [] })).toBe(0.75);
    expect(minScoreOf({ ground_truth: groundTruth, tags: ['dynamic'] })).toBe(0.6);
    expect(minScoreOf({ ground_truth: groundTruth, tags: [], flow: [1, 2].map((step) => ({ step, prompt: 'p', description: '', critical: true, depends_on: [] })) })).toBe(0.6);
    expect(PASS_RULE).toMatch(/score ≥ min_score AND every final-state assertion holds AND the transaction status matches/);
  });
});
