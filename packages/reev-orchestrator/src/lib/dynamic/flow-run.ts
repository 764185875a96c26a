import type { Agent } from '@reev/agent';
import { flowScore, type LoadedBenchmark, type PassVerdict, type ScoreBreakdown, type SolanaEnv } from '@reev/lib';
import type { DynamicFlowPlan, ExecutionResult, ExecutionStatus, InterfaceKind, KnownToken, StepResult } from '@reev/types';
import type { ExecutionEvents } from '../execution/events';
import type { ExecutionRecorder } from '../execution/execution-recorder';
import type { ContextResolver } from './context-resolver';
import type { StepDeltas } from './step-template';

export interface FlowRunOptions {
  /** The environment the flow acts on, already reset; the executor does not close it. */
  env: SolanaEnv;
  resolver: ContextResolver;
  /** Resolved address of the acting wallet. */
  wallet: string;
  executionId?: string;
  /** The dynamic benchmark file this flow runs: its row is stored with the execution's, which refers to it. */
  benchmark?: LoadedBenchmark;
  benchmarkId?: string;
  interfaceKind?: InterfaceKind;
  maxTurns?: number;
  stepTimeoutMs?: number;
  consolidationTimeoutMs?: number;
  /** First Retry backoff; multiplied by retryBackoffMultiplier (default 2) per attempt. */
  retryBackoffMs?: number;
  retryBackoffMultiplier?: number;
  /** Longest wait between two attempts (default: no limit). */
  maxRetryDelayMs?: number;
  runIndex?: number;
  signal?: AbortSignal;
  events?: ExecutionEvents;
  /** Grades a dynamic benchmark file's ground truth once the flow has run, given every stored step. */
  gradeGroundTruth?: (steps: StepResult[]) => Promise<ScoreBreakdown>;
}

export interface FlowRunResult extends ExecutionResult {
  plan: DynamicFlowPlan;
  /** Weighted mean of step scores, 0 when a critical step failed. */
  flow_score: number;
  ground_truth?: ScoreBreakdown;
  /** pass.passed. */
  passed: boolean;
  /** The pass verdict with every failed condition in words. */
  pass: PassVerdict;
}

export type StepOutcome = 'succeeded' | 'failed' | 'skipped';

export interface StopReason {
  status: Exclude<ExecutionStatus, 'queued' | 'running' | 'completed' | 'interrupted'>;
  message: string;
  questions?: string[];
}

/** Per-execution state of one PingPongExecutor.runPlan call. */
export interface FlowRun {
  executionId: string;
  recorder: ExecutionRecorder;
  plan: DynamicFlowPlan;
  agent: Agent;
  options: FlowRunOptions;
  tokens: KnownToken[];
  stored: StepResult[];
  /** Last result per step_id (after retries). */
  finalByStep: Map<string, StepResult>;
  outcomes: Map<string, StepOutcome>;
  deltas: Map<string, StepDeltas>;
  recovered: Set<string>;
  stop?: StopReason;
}

/** The first critical step that failed (and was not recovered by its alternative flow), in words. */
export function criticalFailure(run: FlowRun): string | undefined {
  for (const step of run.plan.steps) {
    if (!step.critical || run.recovered.has(step.step_id)) continue;
    const result = run.finalByStep.get(step.step_id);
    if (result && !result.success) return `critical step ${step.step_id} failed: ${result.error_message ?? 'unknown error'}`;
  }
  return undefined;
}

export function flowScoreOf(run: FlowRun): number {
  const steps = run.plan.steps.map((step) => ({ weight: step.weight, score: run.finalByStep.get(step.step_id)?.score }));
  return flowScore(steps, criticalFailure(run) !== undefined);
}
