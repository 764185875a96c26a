import type { PassVerdict, ScoreBreakdown, SolanaEnv } from '@reev/lib';
import type { DynamicFlowPlan, ExecutionResult, InterfaceKind, StepResult } from '@reev/types';
import type { ExecutionEvents } from '../execution/events';
import type { ContextResolver } from './context-resolver';

export interface FlowRunOptions {
  /** The environment the flow acts on, already reset; the executor does not close it. */
  env: SolanaEnv;
  resolver: ContextResolver;
  /** Resolved address of the acting wallet. */
  wallet: string;
  executionId?: string;
  benchmarkId?: string;
  interfaceKind?: InterfaceKind;
  maxTurns?: number;
  stepTimeoutMs?: number;
  consolidationTimeoutMs?: number;
  /** First Retry backoff; doubles per attempt. */
  retryBackoffMs?: number;
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
