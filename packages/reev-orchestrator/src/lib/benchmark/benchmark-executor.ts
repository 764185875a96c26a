import { randomUUID } from 'node:crypto';
import type { Agent } from '@reev/agent';
import type { DatabaseWriterPort } from '@reev/db';
import {
  assertionAddresses,
  marketValuation,
  scoredToolCalls,
  scoreOutcome,
  staticFlowStepScore,
  staticRunScore,
  withConditions,
  type LoadedBenchmark,
  type PassVerdict,
  type ScoreBreakdown,
  type SolanaEnv,
} from '@reev/lib';
import type { ToolRegistry } from '@reev/tools';
import type { ExecutionStatus, InterfaceKind, SessionLog, StepResult, StepUsage, TestCase, TransactionResult } from '@reev/types';
import { consolidateExecution } from '../consolidation/consolidate';
import { runAgentStep, type StepRunOutput } from '../execution/step-runner';
import { storeStep } from '../execution/step-store';
import { stepUsageOf } from '../execution/step-usage';
import type { ExecutionEvents } from '../execution/events';

export interface BenchmarkRunOptions {
  executionId?: string;
  seed?: number;
  runIndex?: number;
  interfaceKind?: InterfaceKind;
  maxTurns?: number;
  /** Per step; a flow step's own `timeout` (seconds) wins. */
  stepTimeoutMs?: number;
  consolidationTimeoutMs?: number;
  signal?: AbortSignal;
  events?: ExecutionEvents;
}

/** One step as the CLI and API report it: the stored StepResult plus the transactions it executed. */
export interface StepReport {
  result: StepResult;
  transactions: TransactionResult[];
}

export interface BenchmarkRunResult {
  executionId: string;
  benchmarkId: string;
  agent: string;
  status: ExecutionStatus;
  score: number;
  /** pass.passed. */
  passed: boolean;
  /** The pass rule's verdict on the run, with every failed condition in words. */
  pass: PassVerdict;
  breakdown: ScoreBreakdown;
  steps: StepReport[];
  keyMap: Record<string, string>;
  consolidatedSessionId?: string;
  consolidationError?: string;
  durationMs: number;
}

export interface BenchmarkExecutorDeps {
  writer: DatabaseWriterPort;
  tools: ToolRegistry;
  createEnv: () => SolanaEnv;
}

const DEFAULT_STEP_TIMEOUT_MS = 60_000;
const DEFAULT_CONSOLIDATION_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_TURNS = 12;

interface PlannedStep {
  stepId: string;
  prompt: string;
  critical: boolean;
  timeoutMs: number;
}

/**
 * Benchmark mode: reset the environment with the benchmark's initial state, let the agent act in each step,
 * store every step the moment it ends, grade the ground truth on the final chain state, consolidate.
 */
export class BenchmarkExecutor {
  constructor(private readonly deps: BenchmarkExecutorDeps) {}

  async run(benchmark: LoadedBenchmark, agent: Agent, options: BenchmarkRunOptions = {}): Promise<BenchmarkRunResult> {
    const { writer } = this.deps;
    const testCase = benchmark.testCase;
    const executionId = options.executionId ?? randomUUID();
    const started = performance.now();
    const interfaceKind = options.interfaceKind ?? 'cli';

    await writer.upsertBenchmark({
      id: testCase.id,
      name: testCase.description || testCase.id,
      prompt: testCase.prompt,
      content: benchmark.content,
      contentHash: benchmark.contentHash,
    });
    await writer.createExecution({
      executionId,
      benchmarkId: testCase.id,
      agent: agent.name,
      mode: 'static',
      metadata: { source: benchmark.sourcePath, seed: options.seed ?? 0, run_index: options.runIndex ?? 0 },
    });
    options.events?.emit({ type: 'execution_started', executionId });

    const env = this.deps.createEnv();
    try {
      const reset = await env.reset(testCase, { seed: options.seed ?? 0 });
      const resolveAddress = env.resolveAddress.bind(env);
      const observed = await assertionAddresses(testCase.ground_truth, resolveAddress);
      const initial = await env.observe(observed);

      const planned = planSteps(testCase, options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS);
      const isFlow = planned.length > 1;
      const reports: StepReport[] = [];
      let breakdown: ScoreBreakdown | undefined;
      const grade = async (): Promise<ScoreBreakdown> =>
        scoreOutcome({
          groundTruth: testCase.ground_truth,
          isFlow,
          resolveAddress,
          transactions: reports.flatMap((report) => report.transactions),
          toolCalls: reports.flatMap((report) => scoredToolCalls(report.result.tool_calls)),
          initial,
          final: await env.observe(observed),
          valuation: marketValuation(env.toolContext()),
        });
      let criticalFailure: string | undefined;
      let stopped = false;

      for (const [index, step] of planned.entries()) {
        if (criticalFailure !== undefined || stopped) {
          const skipped = skippedStep(step, index, criticalFailure ?? 'execution stopped');
          reports.push({ result: skipped, transactions: [] });
          await this.store(executionId, testCase, agent, interfaceKind, step, skipped, undefined, (index + 1) / planned.length);
          continue;
        }
        options.events?.emit({ type: 'step_started', executionId, stepIndex: index, stepId: step.stepId });
        const run = await runAgentStep({
          agent,
          stepId: step.stepId,
          prompt: step.prompt,
          env,
          tools: this.deps.tools,
          maxTurns: options.maxTurns ?? DEFAULT_MAX_TURNS,
          timeoutMs: step.timeoutMs,
          runIndex: options.runIndex ?? 0,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const result = stepResultOf(step, index, run);
        reports.push({ result, transactions: run.transactions });
        // A single-step benchmark's step score is the benchmark score, so grade before storing the step.
        if (!isFlow) {
          breakdown = await grade();
          result.score = breakdown.score;
        }
        await this.store(executionId, testCase, agent, interfaceKind, step, result, run, (index + 1) / planned.length);
        options.events?.emit({ type: 'step_finished', executionId, stepIndex: index, stepId: step.stepId, result });
        if (run.status === 'stopped') stopped = true;
        else if (!result.success && step.critical && isFlow) criticalFailure = `critical step ${step.stepId} failed`;
      }

      breakdown ??= await grade();
      const status: ExecutionStatus = stopped ? 'stopped' : reports.some((r) => r.result.status === 'timeout') ? 'timeout' : 'completed';
      const score = staticRunScore(breakdown.score, stopped);
      const pass = withConditions(breakdown.pass, stopped ? ['the execution was stopped'] : []);

      const consolidation = await consolidateExecution(writer, {
        executionId,
        benchmarkId: testCase.id,
        agent: agent.name,
        prompt: testCase.prompt,
        executionDurationMs: performance.now() - started,
        timeoutMs: options.consolidationTimeoutMs ?? DEFAULT_CONSOLIDATION_TIMEOUT_MS,
      });
      options.events?.emit({ type: 'consolidated', executionId, outcome: consolidation });

      const durationMs = performance.now() - started;
      const result: BenchmarkRunResult = {
        executionId,
        benchmarkId: testCase.id,
        agent: agent.name,
        status,
        score,
        passed: pass.passed,
        pass,
        breakdown,
        steps: reports,
        keyMap: reset.keyMap,
        ...(consolidation.ok
          ? { consolidatedSessionId: consolidation.consolidatedSessionId }
          : { consolidationError: consolidation.error }),
        durationMs,
      };
      await writer.completeExecution(executionId, {
        status,
        score,
        result: storedResultOf(result),
        ...(stopped ? { error: 'execution stopped' } : {}),
      });
      await writer.insertAgentPerformance({
        sessionId: sessionIdOf(executionId, 0),
        executionId,
        benchmarkId: testCase.id,
        agent: agent.name,
        score,
        finalStatus: status,
        executionTimeMs: Math.round(durationMs),
        passed: result.passed,
      });
      options.events?.emit({ type: 'done', executionId, status, score });
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await writer.completeExecution(executionId, { status: 'failed', score: 0, result: null, error: message });
      options.events?.emit({ type: 'done', executionId, status: 'failed', score: 0, error: message });
      throw error;
    } finally {
      await env.close();
    }
  }

  private async store(
    executionId: string,
    testCase: TestCase,
    agent: Agent,
    interfaceKind: InterfaceKind,
    step: PlannedStep,
    result: StepResult,
    run: StepRunOutput | undefined,
    progress: number,
  ): Promise<void> {
    const sessionId = sessionIdOf(executionId, result.step_index);
    const log: SessionLog = {
      session_id: sessionId,
      execution_id: executionId,
      benchmark_id: testCase.id,
      agent: agent.name,
      prompt: step.prompt,
      started_at: result.started_at,
      ended_at: new Date().toISOString(),
      events: (run?.transactions ?? []).map((tx) => ({
        at: result.started_at,
        kind: 'transaction',
        message: `${tx.status} ${tx.signature}${tx.error ? `: ${tx.error}` : ''}`,
        data: tx,
      })),
      tool_calls: result.tool_calls,
      ...(run?.response?.finalMessage !== undefined ? { final_message: run.response.finalMessage } : {}),
      score: result.score,
      success: result.success,
    };
    await storeStep(this.deps.writer, {
      executionId,
      sessionId,
      benchmarkId: testCase.id,
      agent: agent.name,
      interfaceKind,
      prompt: step.prompt,
      result,
      log,
      progress,
    });
  }
}

export function sessionIdOf(executionId: string, stepIndex: number): string {
  return `${executionId}-s${stepIndex}`;
}

function planSteps(testCase: TestCase, defaultTimeoutMs: number): PlannedStep[] {
  if (!testCase.flow || testCase.flow.length === 0) {
    return [{ stepId: testCase.id, prompt: testCase.prompt, critical: true, timeoutMs: defaultTimeoutMs }];
  }
  return [...testCase.flow]
    .sort((a, b) => a.step - b.step)
    .map((step) => ({
      stepId: `step_${step.step}`,
      prompt: step.prompt,
      critical: step.critical,
      timeoutMs: step.timeout !== undefined ? step.timeout * 1000 : defaultTimeoutMs,
    }));
}

/** A static step succeeds when the agent finished without error and every transaction it sent executed. */
function stepResultOf(step: PlannedStep, index: number, run: StepRunOutput): StepResult {
  const success = run.status === 'completed' && run.transactions.every((tx) => tx.status === 'Success');
  const failedTx = run.transactions.find((tx) => tx.status === 'Failure');
  const error = run.error ?? (failedTx ? `transaction failed: ${failedTx.error ?? 'unknown error'}` : undefined);
  return {
    step_id: step.stepId,
    step_index: index,
    status: run.status === 'completed' ? (success ? 'completed' : 'failed') : run.status,
    success,
    // In a static flow the ground truth grades the whole run; each step scores whether it did its part.
    score: staticFlowStepScore(success),
    ...(error !== undefined ? { error_message: error } : {}),
    tool_calls: run.toolCalls,
    output: {
      final_message: run.response?.finalMessage ?? null,
      signatures: run.transactions.map((tx) => tx.signature),
    },
    attempt: 1,
    started_at: run.startedAt,
    execution_time_ms: run.durationMs,
    ...usageField(run),
  };
}

function usageField(run: StepRunOutput): { usage?: StepUsage } {
  const usage = stepUsageOf(run.response?.usage);
  return usage ? { usage } : {};
}

function skippedStep(step: PlannedStep, index: number, reason: string): StepResult {
  return {
    step_id: step.stepId,
    step_index: index,
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
}

function storedResultOf(result: BenchmarkRunResult): unknown {
  return {
    benchmark_id: result.benchmarkId,
    score: result.score,
    passed: result.passed,
    pass: result.pass,
    breakdown: result.breakdown,
    key_map: result.keyMap,
    consolidated_session_id: result.consolidatedSessionId ?? null,
    consolidation_error: result.consolidationError ?? null,
    transactions: result.steps.flatMap((step) => step.transactions),
  };
}
