import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import { dynamicRunScore, dynamicStepScore, judgeFlow } from '@reev/lib';
import { TOOL_REGISTRY, type ToolRegistry } from '@reev/tools';
import type { AtomicMode, DynamicFlowPlan, DynamicStep, ExecutionStatus, StepResult, ToolName } from '@reev/types';
import { DEFAULT_MAX_TURNS, DEFAULT_STEP_TIMEOUT_MS, ExecutionRecorder } from '../execution/execution-recorder';
import { errorMessage, runAgentStep } from '../execution/step-runner';
import { stepUsageOf } from '../execution/step-usage';
import { renderStepPrompt, TemplateError } from './step-template';
import { deltasOf, holdingsOfOthers, verifyStep } from './step-verification';
import { criticalFailure, flowScoreOf, type FlowRun, type FlowRunOptions, type FlowRunResult } from './flow-run';

export type { FlowRunOptions, FlowRunResult } from './flow-run';

export interface PingPongExecutorDeps {
  writer: DatabaseWriterPort;
  tools: ToolRegistry;
}

const DEFAULT_RETRY_BACKOFF_MS = 200;
/** Reading balances is allowed in every step: "deposit all the USDC I received" needs it. */
const ALWAYS_ALLOWED_TOOLS: ToolName[] = ['get_account_balance'];

/**
 * Runs a DynamicFlowPlan step by step: each step's prompt carries the real results of earlier steps, the agent
 * acts on the environment, the step's expected effect is verified on chain, and the step is stored in its own
 * transaction the moment it ends. Consolidation follows, bounded by a timeout; it never makes this throw.
 */
@injectable()
export class PingPongExecutor {
  private readonly deps: PingPongExecutorDeps;

  constructor(@inject(DATABASE_WRITER) writer: DatabaseWriterPort, @inject(TOOL_REGISTRY) tools: ToolRegistry) {
    this.deps = { writer, tools };
  }

  /** Runs an already planned flow on the environment in `options` (the gateway's executeFlowPlan prepares one). */
  async runPlan(plan: DynamicFlowPlan, agent: Agent, options: FlowRunOptions): Promise<FlowRunResult> {
    const recorder = await ExecutionRecorder.start(this.deps.writer, {
      executionId: options.executionId ?? randomUUID(),
      ...(options.benchmark ? { benchmark: options.benchmark } : {}),
      ...(options.benchmarkId !== undefined ? { benchmarkId: options.benchmarkId } : {}),
      agent: agent.name,
      mode: 'dynamic',
      prompt: plan.user_prompt,
      metadata: { flow_id: plan.flow_id, prompt: plan.user_prompt, plan },
      interfaceKind: options.interfaceKind ?? 'cli',
      ...(options.events ? { events: options.events } : {}),
    });
    const { executionId } = recorder;

    const run: FlowRun = {
      executionId,
      recorder,
      plan,
      agent,
      options,
      // The tool context's token list is the agent context's, without the observation agentContext() also makes.
      tokens: [...options.env.toolContext().tokens],
      stored: [],
      finalByStep: new Map(),
      outcomes: new Map(),
      deltas: new Map(),
      recovered: new Set(),
    };

    try {
      await this.runSteps(run, plan.steps, plan.atomic_mode);
    } catch (error) {
      // Storage or environment failure: the steps stored so far stay; the execution is marked failed.
      await recorder.fail(errorMessage(error));
      throw error;
    }

    const flowScore = flowScoreOf(run);
    let result!: FlowRunResult;
    await recorder.finish(options.consolidationTimeoutMs, async (consolidation) => {
      const groundTruth = options.gradeGroundTruth ? await options.gradeGroundTruth(run.stored) : undefined;
      const score = dynamicRunScore({
        flowScore,
        ...(groundTruth ? { groundTruthScore: groundTruth.score } : {}),
        consolidated: consolidation.ok,
        stopped: run.stop?.status === 'stopped',
      });
      const criticalFailed = criticalFailure(run);
      const status: ExecutionStatus = run.stop?.status ?? 'completed';
      const success = status === 'completed' && criticalFailed === undefined && consolidation.ok;
      const pass = judgeFlow({
        score,
        ...(groundTruth ? { groundTruth: { pass: groundTruth.pass, minScore: groundTruth.minScore } } : {}),
        ...(criticalFailed !== undefined ? { criticalFailure: criticalFailed } : {}),
        ...(consolidation.ok ? {} : { consolidationError: consolidation.error }),
        ...(run.stop ? { stopReason: `${run.stop.status}: ${run.stop.message}` } : {}),
      });
      const stepResults = plan.steps.map((step) => run.finalByStep.get(step.step_id)).filter((r) => r !== undefined);
      const errorText = run.stop?.message ?? criticalFailed;
      result = {
        execution_id: executionId,
        flow_id: plan.flow_id,
        status,
        success,
        score,
        completed_steps: stepResults.filter((step) => step.success).length,
        total_steps: plan.steps.length,
        step_results: run.stored,
        ...(consolidation.ok
          ? { consolidated_session_id: consolidation.consolidatedSessionId }
          : { consolidation_error: consolidation.error }),
        execution_time_ms: recorder.elapsedMs(),
        ...(errorText !== undefined ? { error_message: errorText } : {}),
        ...(run.stop?.questions ? { questions: run.stop.questions } : {}),
        plan,
        flow_score: flowScore,
        ...(groundTruth ? { ground_truth: groundTruth } : {}),
        passed: pass.passed,
        pass,
      };
      return {
        status,
        score,
        passed: pass.passed,
        result,
        ...(errorText !== undefined ? { error: errorText } : {}),
        executionTimeMs: result.execution_time_ms,
      };
    });
    return result;
  }

  private async runSteps(run: FlowRun, steps: DynamicStep[], mode: AtomicMode): Promise<void> {
    for (const [position, step] of steps.entries()) {
      if (run.stop) {
        await this.storeSkipped(run, step, run.stop.message);
        continue;
      }
      const blocked = mode === 'Conditional' ? step.depends_on.find((dep) => run.outcomes.get(dep) !== 'succeeded') : undefined;
      if (blocked !== undefined) {
        await this.storeSkipped(run, step, `depends on ${blocked}, which did not succeed`);
        continue;
      }

      const result = await this.runWithRetries(run, step);
      run.finalByStep.set(step.step_id, result);
      run.outcomes.set(step.step_id, result.success ? 'succeeded' : 'failed');
      if (result.success) continue;

      if (result.status === 'stopped') {
        run.stop = { status: 'stopped', message: 'execution stopped' };
        continue;
      }
      const recovery = step.recovery_strategy;
      if (recovery?.type === 'UserFulfillment') {
        run.stop = {
          status: 'needs_input',
          message: `step ${step.step_id} needs input: ${recovery.questions.join(' ')}`,
          questions: recovery.questions,
        };
        continue;
      }
      if (recovery?.type === 'AlternativeFlow') {
        const alternative = run.plan.alternatives?.find((plan) => (plan as DynamicFlowPlan).flow_id === recovery.flow_id) as
          | DynamicFlowPlan
          | undefined;
        if (!alternative) throw new Error(`step ${step.step_id}: alternative flow ${recovery.flow_id} is not in the plan`);
        await this.runSteps(run, alternative.steps, alternative.atomic_mode);
        if (alternative.steps.every((alt) => run.outcomes.get(alt.step_id) === 'succeeded')) run.recovered.add(step.step_id);
        for (const remaining of steps.slice(position + 1)) {
          await this.storeSkipped(run, remaining, `replaced by alternative flow ${recovery.flow_id}`);
        }
        return;
      }
      if (mode === 'Strict' && step.critical) {
        run.stop = {
          status: result.status === 'timeout' ? 'timeout' : 'failed',
          message: `critical step ${step.step_id} failed: ${result.error_message ?? 'unknown error'}`,
        };
      }
    }
  }

  private async runWithRetries(run: FlowRun, step: DynamicStep): Promise<StepResult> {
    const retries = step.recovery_strategy?.type === 'Retry' ? step.recovery_strategy.attempts : 0;
    const backoff = run.options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
    const multiplier = run.options.retryBackoffMultiplier ?? 2;
    const maxDelay = run.options.maxRetryDelayMs ?? Number.POSITIVE_INFINITY;
    let result = await this.runAttempt(run, step, 1);
    for (let attempt = 2; !result.success && result.status !== 'stopped' && attempt <= retries + 1; attempt += 1) {
      await sleep(Math.min(maxDelay, backoff * multiplier ** (attempt - 2)));
      result = await this.runAttempt(run, step, attempt);
    }
    return result;
  }

  private async runAttempt(run: FlowRun, step: DynamicStep, attempt: number): Promise<StepResult> {
    const { options } = run;
    const stepIndex = run.stored.length;
    options.events?.emit({ type: 'step_started', executionId: run.executionId, stepIndex, stepId: step.step_id });

    let prompt: string;
    try {
      prompt = renderStepPrompt(step.prompt_template, run.deltas, run.tokens);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return this.finishAttempt(run, step, step.prompt_template, {
        step_id: step.step_id,
        step_index: stepIndex,
        status: 'failed',
        success: false,
        score: 0,
        error_message: error.message,
        tool_calls: [],
        output: null,
        attempt,
        started_at: new Date().toISOString(),
        execution_time_ms: 0,
      });
    }

    const acting = { address: options.wallet, planOwner: run.plan.context.owner };
    const before = await options.resolver.balances(options.wallet);
    const othersBefore = await holdingsOfOthers(options.resolver, step, acting);
    const allowed = [...new Set([...ALWAYS_ALLOWED_TOOLS, ...step.required_tools, ...(step.expected_tools ?? [])])];
    const agentRun = await runAgentStep({
      agent: run.agent,
      stepId: `${run.plan.flow_id}:${step.step_id}`,
      prompt,
      env: options.env,
      tools: this.deps.tools,
      allowedTools: allowed,
      maxTurns: options.maxTurns ?? DEFAULT_MAX_TURNS,
      timeoutMs: options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
      runIndex: options.runIndex ?? 0,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const after = await options.resolver.balances(options.wallet);
    const othersAfter = await holdingsOfOthers(options.resolver, step, acting);
    const deltas = deltasOf(before, after, run.tokens);
    const checks = verifyStep(step, {
      toolCalls: agentRun.toolCalls,
      transactionStatuses: agentRun.transactions.map((tx) => tx.status),
      agentStatus: agentRun.status,
      acting,
      wallet: { before, after },
      others: { before: othersBefore, after: othersAfter },
    });
    const success = agentRun.status === 'completed' && checks.every((check) => check.passed);
    if (success) run.deltas.set(step.step_id, deltas);
    const firstFailure = checks.find((check) => !check.passed);
    const usage = stepUsageOf(agentRun.response?.usage);
    const error = agentRun.error ?? (firstFailure ? firstFailure.description : undefined);

    return this.finishAttempt(
      run,
      step,
      prompt,
      {
        step_id: step.step_id,
        step_index: stepIndex,
        status: agentRun.status === 'completed' ? (success ? 'completed' : 'failed') : agentRun.status,
        success,
        score: dynamicStepScore(checks, agentRun.status === 'completed'),
        ...(error !== undefined ? { error_message: error } : {}),
        tool_calls: agentRun.toolCalls,
        output: {
          prompt,
          deltas: deltas.bySymbol,
          checks,
          final_message: agentRun.response?.finalMessage ?? null,
          transactions: agentRun.transactions,
        },
        attempt,
        started_at: agentRun.startedAt,
        execution_time_ms: agentRun.durationMs,
        ...(usage ? { usage } : {}),
      },
      agentRun.response?.finalMessage,
    );
  }

  private async finishAttempt(
    run: FlowRun,
    step: DynamicStep,
    prompt: string,
    result: StepResult,
    finalMessage?: string,
  ): Promise<StepResult> {
    await this.store(run, prompt, result, finalMessage);
    run.options.events?.emit({
      type: 'step_finished',
      executionId: run.executionId,
      stepIndex: result.step_index,
      stepId: step.step_id,
      result,
    });
    return result;
  }

  private async storeSkipped(run: FlowRun, step: DynamicStep, reason: string): Promise<void> {
    // A skipped step is final at once, so progress counts it; an attempted one is counted once its retries end.
    const finished = run.finalByStep.size + (run.finalByStep.has(step.step_id) ? 0 : 1);
    const progress = Math.min(1, finished / run.plan.steps.length);
    const result = await run.recorder.storeSkippedStep(
      { stepId: step.step_id, stepIndex: run.stored.length, prompt: step.prompt_template },
      reason,
      progress,
    );
    run.finalByStep.set(step.step_id, result);
    run.outcomes.set(step.step_id, 'skipped');
    run.stored.push(result);
  }

  private async store(run: FlowRun, prompt: string, result: StepResult, finalMessage?: string): Promise<void> {
    run.stored.push(result);
    await run.recorder.storeStep({
      prompt,
      result,
      logEvents: [{ at: result.started_at, kind: 'step', message: `${result.step_id} attempt ${result.attempt}: ${result.status}` }],
      ...(finalMessage !== undefined ? { finalMessage } : {}),
      progress: Math.min(1, run.finalByStep.size / run.plan.steps.length),
    });
  }
}
