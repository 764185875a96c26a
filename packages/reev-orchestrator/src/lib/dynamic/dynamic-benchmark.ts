import type { Agent } from '@reev/agent';
import type { DatabaseWriterPort } from '@reev/db';
import {
  assertionAddresses,
  marketValuation,
  scoredToolCalls,
  scoreOutcome,
  withConditions,
  type LoadedBenchmark,
  type ScoreBreakdown,
  type SolanaEnv,
} from '@reev/lib';
import type { StepResult, TestCase, TransactionResult } from '@reev/types';
import type { BenchmarkRunOptions, BenchmarkRunResult, StepReport } from '../benchmark/benchmark-executor';
import { ExecutionRecorder } from '../execution/execution-recorder';
import { errorMessage } from '../execution/step-runner';
import { ContextResolver } from './context-resolver';
import { DEFAULT_WALLET } from './default-state';
import type { PingPongExecutor, FlowRunResult } from './ping-pong-executor';
import { PlanningError, plannerTokens, type Planner } from './planner';
import { marketPriceSource } from './price-source';

export interface DynamicBenchmarkDeps {
  writer: DatabaseWriterPort;
  executor: PingPongExecutor;
  planner: Planner;
  createEnv: () => SolanaEnv;
}

/** Transactions a dynamic step executed, kept in its output by the PingPongExecutor. */
export function transactionsOf(step: StepResult): TransactionResult[] {
  const output = step.output as { transactions?: TransactionResult[] } | null;
  return output?.transactions ?? [];
}

/**
 * A dynamic benchmark file (3xx): apply its initial_state, plan its prompt from the wallet's real context,
 * run the plan through the PingPongExecutor, then grade its ground truth on the final chain state.
 */
export async function runDynamicBenchmark(
  deps: DynamicBenchmarkDeps,
  benchmark: LoadedBenchmark,
  agent: Agent,
  options: BenchmarkRunOptions,
  executionId: string,
): Promise<BenchmarkRunResult> {
  const testCase = benchmark.testCase;
  const started = performance.now();
  const env = deps.createEnv();
  try {
    const reset = await env.reset(testCase, { seed: options.seed ?? 0 });
    const resolveAddress = env.resolveAddress.bind(env);
    const observed = await assertionAddresses(testCase.ground_truth, resolveAddress);
    const initial = await env.observe(observed);
    const grade = (steps: StepResult[]): Promise<ScoreBreakdown> =>
      gradeTestCase(env, testCase, initial, observed, steps);

    const resolver = new ContextResolver(env, marketPriceSource(env));
    let flow: FlowRunResult;
    try {
      const context = await resolver.resolveWalletContext(DEFAULT_WALLET);
      const plan = await deps.planner.plan(testCase.prompt, context, plannerTokens(env));
      flow = await deps.executor.runPlan(plan, agent, {
        env,
        resolver,
        wallet: context.owner,
        executionId,
        benchmark,
        interfaceKind: options.interfaceKind ?? 'cli',
        ...(options.maxTurns !== undefined ? { maxTurns: options.maxTurns } : {}),
        ...(options.stepTimeoutMs !== undefined ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
        ...(options.consolidationTimeoutMs !== undefined ? { consolidationTimeoutMs: options.consolidationTimeoutMs } : {}),
        runIndex: options.runIndex ?? 0,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.events ? { events: options.events } : {}),
        gradeGroundTruth: grade,
      });
    } catch (error) {
      if (!(error instanceof PlanningError)) throw error;
      return recordPlanningFailure(deps.writer, benchmark, agent, executionId, error, await grade([]), reset.keyMap, started);
    }
    const steps: StepReport[] = flow.step_results.map((result) => ({ result, transactions: transactionsOf(result) }));
    return {
      executionId,
      benchmarkId: testCase.id,
      agent: agent.name,
      status: flow.status,
      score: flow.score,
      passed: flow.pass.passed,
      pass: flow.pass,
      breakdown: flow.ground_truth ?? (await grade(flow.step_results)),
      steps,
      keyMap: reset.keyMap,
      ...(flow.consolidated_session_id !== undefined ? { consolidatedSessionId: flow.consolidated_session_id } : {}),
      ...(flow.consolidation_error !== undefined ? { consolidationError: flow.consolidation_error } : {}),
      durationMs: performance.now() - started,
    };
  } finally {
    await env.close();
  }
}

async function gradeTestCase(
  env: SolanaEnv,
  testCase: TestCase,
  initial: Awaited<ReturnType<SolanaEnv['observe']>>,
  observed: string[],
  steps: StepResult[],
): Promise<ScoreBreakdown> {
  return scoreOutcome({
    groundTruth: testCase.ground_truth,
    isFlow: true,
    resolveAddress: env.resolveAddress.bind(env),
    transactions: steps.flatMap(transactionsOf),
    toolCalls: steps.flatMap((step) => scoredToolCalls(step.tool_calls)),
    initial,
    final: await env.observe(observed),
    valuation: marketValuation(env.toolContext()),
  });
}

async function recordPlanningFailure(
  writer: DatabaseWriterPort,
  benchmark: LoadedBenchmark,
  agent: Agent,
  executionId: string,
  error: PlanningError,
  breakdown: ScoreBreakdown,
  keyMap: Record<string, string>,
  started: number,
): Promise<BenchmarkRunResult> {
  const message = `planning failed: ${errorMessage(error)}`;
  const recorder = await ExecutionRecorder.start(writer, {
    executionId,
    benchmark,
    agent: agent.name,
    mode: 'dynamic',
    prompt: benchmark.testCase.prompt,
  });
  await recorder.fail(message, { breakdown });
  return {
    executionId,
    benchmarkId: benchmark.testCase.id,
    agent: agent.name,
    status: 'failed',
    score: 0,
    passed: false,
    pass: withConditions(breakdown.pass, [message]),
    breakdown,
    steps: [],
    keyMap,
    consolidationError: message,
    durationMs: performance.now() - started,
  };
}
