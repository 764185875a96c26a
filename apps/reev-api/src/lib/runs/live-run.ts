import type { Agent, ResponseCacheMode } from '@reev/agent';
import type { BenchmarkRunResult, DynamicRunOptions, FlowRunResult } from '@reev/orchestrator';
import type { AtomicMode, DynamicFlowPlan, ExecutionMode, ExecutionStatus, InitialStateItem } from '@reev/types';
import type { ExecutionEventLog } from './event-log';

// What the API knows of a run: its live state in this process, the request stored with its queued row, and how it ended.

export type RunKind = 'benchmark' | 'request';

/** How a run ended: its result, stopped before it started, or an error thrown by the run. */
export type RunOutcome =
  | { kind: 'benchmark'; result: BenchmarkRunResult }
  | { kind: 'request'; result: FlowRunResult }
  | { kind: 'not_started'; reason: string }
  | { kind: 'error'; error: unknown };

/** One execution started through the API, as this process sees it. */
export interface LiveRun {
  readonly executionId: string;
  readonly kind: RunKind;
  readonly benchmarkId: string | undefined;
  readonly agent: string;
  readonly mode: ExecutionMode;
  readonly createdAt: string;
  status: ExecutionStatus;
  updatedAt: string;
  finishedAt: string | undefined;
  score: number | undefined;
  error: string | undefined;
  readonly events: ExecutionEventLog;
  /** Settles (never rejects) when the run has ended and everything about it is stored. */
  readonly finished: Promise<RunOutcome>;
}

export interface RequestRun {
  prompt: string;
  wallet: string;
  agent: Agent;
  executionId?: string;
  atomicMode?: AtomicMode;
  initialState?: InitialStateItem[];
  /** A plan made beforehand (execute-recovery sets its recovery strategies): run instead of planning `prompt`. */
  plan?: DynamicFlowPlan;
  /** Waits between attempts of the plan's Retry strategies. */
  retry?: Pick<DynamicRunOptions, 'retryBackoffMs' | 'retryBackoffMultiplier' | 'maxRetryDelayMs'>;
}

/**
 * What a queued run's row keeps (metadata.request) so that a new process can start it again after a crash. The
 * agent's configuration is not stored (it may hold an API key); `with_config` says the run had one.
 */
export type StoredRunRequest =
  | { kind: 'benchmark'; benchmark_id: string; agent: string; llm_cache: ResponseCacheMode; with_config: boolean }
  | {
      kind: 'request';
      prompt: string;
      wallet: string;
      agent: string;
      llm_cache: ResponseCacheMode;
      with_config: boolean;
      atomic_mode?: AtomicMode;
      initial_state?: InitialStateItem[];
      /** execute-recovery's plan with its recovery strategies, and the waits between retries. */
      plan?: DynamicFlowPlan;
      retry?: RequestRun['retry'];
    };

/** How the request was made, for the stored row; the agent itself is built again from its name on resume. */
export interface RunOrigin {
  llmCache: ResponseCacheMode;
  withConfig: boolean;
  /** Already stored as `queued` (a run taken over after a crash): do not write the row again. */
  resumed?: boolean;
}

export type StopResult =
  | { kind: 'stopped'; run: LiveRun }
  | { kind: 'not_running'; run: LiveRun };


const ACTIVE: ReadonlySet<ExecutionStatus> = new Set(['queued', 'running']);

export function errorOf(outcome: RunOutcome): string | undefined {
  if (outcome.kind === 'request') return outcome.result.error_message ?? outcome.result.consolidation_error;
  if (outcome.kind === 'benchmark') {
    return outcome.result.status === 'stopped' ? 'execution stopped' : outcome.result.consolidationError;
  }
  return undefined;
}


export function isActive(run: LiveRun): boolean {
  return ACTIVE.has(run.status);
}
