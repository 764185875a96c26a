import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import {
  assertionAddresses,
  marketValuation,
  scoredToolCalls,
  scoreOutcome,
  SOLANA_ENV_FACTORY,
  staticFlowStepScore,
  staticRunScore,
  withConditions,
  type LoadedBenchmark,
  type PassVerdict,
  type ScoreBreakdown,
  type SolanaEnv,
} from '@reev/lib';
import { TOOL_REGISTRY, type ToolRegistry } from '@reev/tools';
import type { ExecutionStatus, InterfaceKind, StepResult, StepUsage, TestCase, TransactionResult } from '@reev/types';
import { DEFAULT_MAX_TURNS, DEFAULT_STEP_TIMEOUT_MS, ExecutionRecorder } from '../execution/execution-recorder';
import { errorMessage, runAgentStep, type StepRunOutput } from '../execution/step-runner';
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
@injectable()
export class BenchmarkExecutor {
  private readonly deps: BenchmarkExecutorDeps;

  constructor(
    @inject(DATABASE_WRITER) writer: DatabaseWriterPort,
    @inject(TOOL_REGISTRY) tools: ToolRegistry,
    @inject(SOLANA_ENV_FACTORY) createEnv: () => SolanaEnv,
  ) {
    this.deps = { writer, tools, createEnv };
  }

  async run(benchmark: LoadedBenchmark, agent: Agent, options: BenchmarkRunOptions = {}): Promise<BenchmarkRunResult> {
    const testCase = benchmark.testCase;
    const recorder = await ExecutionRecorder.start(this.deps.writer, {
      executionId: options.executionId ?? randomUUID(),
      benchmark,
      agent: agent.name,
      mode: 'static',
      prompt: testCase.prompt,
      metadata: { source: benchmark.sourcePath, seed: options.seed ?? 0, run_index: options.runIndex ?? 0 },
      interfaceKind: options.interfaceKind ?? 'cli',
      ...(options.events ? { events: options.events } : {}),
    });
    const { executionId } = recorder;

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
          const skipped = await recorder.storeSkippedStep(
            { stepId: step.stepId, stepIndex: index, prompt: step.prompt },
            criticalFailure ?? 'execution stopped',
            (index + 1) / planned.length,
          );
          reports.push({ result: skipped, transactions: [] });
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
        await recorder.storeStep({
          prompt: step.prompt,
          result,
          logEvents: run.transactions.map((tx) => ({
            at: result.started_at,
            kind: 'transaction',
            message: `${tx.status} ${tx.signature}${tx.error ? `: ${tx.error}` : ''}`,
            data: tx,
          })),
          ...(run.response?.finalMessage !== undefined ? { finalMessage: run.response.finalMessage } : {}),
          progress: (index + 1) / planned.length,
        });
        options.events?.emit({ type: 'step_finished', executionId, stepIndex: index, stepId: step.stepId, result });
        if (run.status === 'stopped') stopped = true;
        else if (!result.success && step.critical && isFlow) criticalFailure = `critical step ${step.stepId} failed`;
      }

      const graded = breakdown ?? (await grade());
      const status: ExecutionStatus = stopped ? 'stopped' : reports.some((r) => r.result.status === 'timeout') ? 'timeout' : 'completed';
      const score = staticRunScore(graded.score, stopped);
      const pass = withConditions(graded.pass, stopped ? ['the execution was stopped'] : []);

      let result!: BenchmarkRunResult;
      await recorder.finish(options.consolidationTimeoutMs, (consolidation) => {
        const durationMs = recorder.elapsedMs();
        result = {
          executionId,
          benchmarkId: testCase.id,
          agent: agent.name,
          status,
          score,
          passed: pass.passed,
          pass,
          breakdown: graded,
          steps: reports,
          keyMap: reset.keyMap,
          ...(consolidation.ok
            ? { consolidatedSessionId: consolidation.consolidatedSessionId }
            : { consolidationError: consolidation.error }),
          durationMs,
        };
        return {
          status,
          score,
          passed: result.passed,
          result: storedResultOf(result),
          ...(stopped ? { error: 'execution stopped' } : {}),
          executionTimeMs: durationMs,
        };
      });
      return result;
    } catch (error) {
      await recorder.fail(errorMessage(error));
      throw error;
    } finally {
      await env.close();
    }
  }
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
