import type { DatabaseWriterPort } from '@reev/db';
import type { LoadedBenchmark } from '@reev/lib';
import type { ExecutionMode, ExecutionStatus, InterfaceKind, SessionLog, StepResult } from '@reev/types';
import { consolidateExecution, type ConsolidationOutcome, type StoredStep } from '../consolidation/consolidate';
import type { ExecutionEvents } from './events';
import { storeStep } from './step-store';

export const DEFAULT_STEP_TIMEOUT_MS = 60_000;
export const DEFAULT_CONSOLIDATION_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_TURNS = 12;

/** A step's session id; step 0's also keys the execution's agent_performance row. */
export function sessionIdOf(executionId: string, stepIndex: number): string {
  return `${executionId}-s${stepIndex}`;
}

export interface ExecutionStart {
  executionId: string;
  agent: string;
  mode: ExecutionMode;
  /** The benchmark file the execution runs: its row is upserted before the execution row refers to it. */
  benchmark?: LoadedBenchmark;
  /** An execution of no loaded file (a free request) may still name a benchmark; ignored when `benchmark` is given. */
  benchmarkId?: string;
  /** The request as a whole, stored with the consolidated session. */
  prompt: string;
  metadata?: unknown;
  interfaceKind?: InterfaceKind;
  events?: ExecutionEvents;
}

export interface RecordedStep {
  prompt: string;
  result: StepResult;
  /** What happened in the step, for its session log. */
  logEvents: SessionLog['events'];
  finalMessage?: string;
  /** The execution's progress (0..1) once this step is stored. */
  progress: number;
}

/** How an execution that ran its steps ended, decided by its executor once consolidation is known. */
export interface ExecutionSettlement {
  status: ExecutionStatus;
  score: number;
  passed: boolean;
  /** The JSON stored as the execution's result. */
  result: unknown;
  error?: string;
  executionTimeMs: number;
}

/** An execution accepted but not started yet: its row is written `queued` before the work is acknowledged. */
export interface AcceptedRun {
  executionId: string;
  benchmarkId?: string;
  agent: string;
  mode: ExecutionMode;
  /** What a later process needs to start or account for the run (its request, source file, seed, …). */
  metadata: unknown;
}

/**
 * Stores an accepted run as `queued`, so that it outlives a crash of this process: the next process resumes it or
 * marks it interrupted. Starting it later (ExecutionRecorder.start) claims this row.
 */
export async function recordQueuedExecution(writer: DatabaseWriterPort, accepted: AcceptedRun): Promise<void> {
  await writer.createExecution({
    executionId: accepted.executionId,
    ...(accepted.benchmarkId !== undefined ? { benchmarkId: accepted.benchmarkId } : {}),
    agent: accepted.agent,
    mode: accepted.mode,
    status: 'queued',
    metadata: accepted.metadata,
  });
}

/** Ends an execution that never ran to its finish sequence (stopped before start, interrupted, failed): score 0. */
export async function recordExecutionEnd(
  writer: DatabaseWriterPort,
  executionId: string,
  status: 'failed' | 'stopped' | 'interrupted',
  reason: string,
  result: unknown = null,
): Promise<void> {
  await writer.completeExecution(executionId, { status, score: 0, result, error: reason });
}

/**
 * Every database write and live event of one execution, in one place for static and dynamic runs: start (benchmark
 * row, execution row), each step as it ends, then finish (consolidate → complete → agent_performance → done) or fail.
 * Executors only choose and grade steps.
 */
export class ExecutionRecorder {
  readonly benchmarkId: string | undefined;
  private readonly startedAt: number;
  /** Every step stored so far, for consolidation: an execution's steps are all stored by the process running it. */
  private readonly storedSteps: StoredStep[] = [];

  private constructor(
    private readonly writer: DatabaseWriterPort,
    private readonly start: ExecutionStart,
    startedAt: number,
  ) {
    this.benchmarkId = start.benchmark?.testCase.id ?? start.benchmarkId;
    this.startedAt = startedAt;
  }

  static async start(writer: DatabaseWriterPort, start: ExecutionStart): Promise<ExecutionRecorder> {
    const recorder = new ExecutionRecorder(writer, start, performance.now());
    const { benchmark } = start;
    if (benchmark) {
      await writer.upsertBenchmark({
        id: benchmark.testCase.id,
        name: benchmark.testCase.description || benchmark.testCase.id,
        prompt: benchmark.testCase.prompt,
        content: benchmark.content,
        contentHash: benchmark.contentHash,
      });
    }
    await writer.createExecution({
      executionId: start.executionId,
      ...(recorder.benchmarkId !== undefined ? { benchmarkId: recorder.benchmarkId } : {}),
      agent: start.agent,
      mode: start.mode,
      ...(start.metadata !== undefined ? { metadata: start.metadata } : {}),
    });
    start.events?.emit({ type: 'execution_started', executionId: start.executionId });
    return recorder;
  }

  get executionId(): string {
    return this.start.executionId;
  }

  /** Wall time since the execution started. */
  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Stores a finished step with its session log, in one transaction. */
  async storeStep(step: RecordedStep): Promise<void> {
    const { executionId, benchmarkId } = this;
    const { result } = step;
    const sessionId = sessionIdOf(executionId, result.step_index);
    const log: SessionLog = {
      session_id: sessionId,
      execution_id: executionId,
      ...(benchmarkId !== undefined ? { benchmark_id: benchmarkId } : {}),
      agent: this.start.agent,
      prompt: step.prompt,
      started_at: result.started_at,
      ended_at: new Date().toISOString(),
      events: step.logEvents,
      tool_calls: result.tool_calls,
      ...(step.finalMessage !== undefined ? { final_message: step.finalMessage } : {}),
      score: result.score,
      success: result.success,
    };
    await storeStep(this.writer, {
      executionId,
      sessionId,
      ...(benchmarkId !== undefined ? { benchmarkId } : {}),
      agent: this.start.agent,
      interfaceKind: this.start.interfaceKind ?? 'cli',
      prompt: step.prompt,
      result,
      log,
      progress: step.progress,
    });
    this.storedSteps.push({ sessionId, result });
  }

  /** Stores a step that did not run (score 0) and returns its result. */
  async storeSkippedStep(
    step: { stepId: string; stepIndex: number; prompt: string },
    reason: string,
    progress: number,
  ): Promise<StepResult> {
    const result: StepResult = {
      step_id: step.stepId,
      step_index: step.stepIndex,
      status: 'skipped',
      success: false,
      score: 0,
      error_message: `skipped: ${reason}`,
      tool_calls: [],
      output: null,
      attempt: 1,
      started_at: new Date().toISOString(),
      execution_time_ms: 0,
    };
    await this.storeStep({ prompt: step.prompt, result, logEvents: [], progress });
    return result;
  }

  /**
   * Consolidates the stored steps (bounded by a timeout; never throws), lets the executor settle the outcome from
   * that, then completes the execution row, records agent performance for a benchmark run, and emits `done`.
   */
  async finish(
    consolidationTimeoutMs: number | undefined,
    settle: (consolidation: ConsolidationOutcome) => ExecutionSettlement | Promise<ExecutionSettlement>,
  ): Promise<ExecutionSettlement> {
    const { executionId, benchmarkId } = this;
    const consolidation = await consolidateExecution(this.writer, {
      executionId,
      ...(benchmarkId !== undefined ? { benchmarkId } : {}),
      agent: this.start.agent,
      prompt: this.start.prompt,
      executionDurationMs: this.elapsedMs(),
      timeoutMs: consolidationTimeoutMs ?? DEFAULT_CONSOLIDATION_TIMEOUT_MS,
      storedSteps: this.storedSteps,
    });
    this.start.events?.emit({ type: 'consolidated', executionId, outcome: consolidation });

    const settled = await settle(consolidation);
    await this.writer.completeExecution(executionId, {
      status: settled.status,
      score: settled.score,
      result: settled.result,
      ...(settled.error !== undefined ? { error: settled.error } : {}),
    });
    if (benchmarkId !== undefined) {
      await this.writer.insertAgentPerformance({
        sessionId: sessionIdOf(executionId, 0),
        executionId,
        benchmarkId,
        agent: this.start.agent,
        score: settled.score,
        finalStatus: settled.status,
        executionTimeMs: Math.round(settled.executionTimeMs),
        passed: settled.passed,
      });
    }
    this.start.events?.emit({ type: 'done', executionId, status: settled.status, score: settled.score });
    return settled;
  }

  /** Marks the execution failed (score 0); the steps stored so far stay. `result` is stored as its result. */
  async fail(message: string, result: unknown = null): Promise<void> {
    await recordExecutionEnd(this.writer, this.executionId, 'failed', message, result);
    this.start.events?.emit({ type: 'done', executionId: this.executionId, status: 'failed', score: 0, error: message });
  }
}
