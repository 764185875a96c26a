import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { WalletContextError, type EnvFactory, type FlowRunResult } from '@reev/orchestrator';
import { TestCaseSchema, wireExecutionStatus, type DynamicFlowPlan, type InitialStateItem, type StepResult } from '@reev/types';
import { ApiError, conflict } from '../http/errors';
import { defineRoute, type ResponseSpec } from '../http/route';
import { withRecovery } from '../runs/recovery-plan';
import { ExecuteDirectBodySchema, ExecuteRecoveryBodySchema, RecoveryConfigSchema, type RecoveryConfig } from '../request-schemas';
import { ErrorResponseSchema, ExecuteDirectResponseSchema } from '../response-schemas';
import { toolCallSummary } from '../views/views';
import { API_PREFIX, findExecution, type RouteContext } from './context';

function stepLine(step: StepResult): string {
  const calls = step.tool_calls.length;
  const error = step.error_message !== undefined ? `: ${step.error_message}` : '';
  return `step ${step.step_index + 1} ${step.step_id} (attempt ${step.attempt}): ${step.status}, score ${step.score.toFixed(2)}, ${calls} tool call${calls === 1 ? '' : 's'}${error}`;
}

function flowLogs(result: FlowRunResult): string[] {
  return [
    `planned ${result.plan.steps.length} step${result.plan.steps.length === 1 ? '' : 's'} (flow ${result.flow_id}, ${result.plan.atomic_mode})`,
    ...result.step_results.map(stepLine),
    result.consolidated_session_id !== undefined
      ? `consolidated as ${result.consolidated_session_id}`
      : `not consolidated: ${result.consolidation_error ?? 'unknown reason'}`,
    `${result.status}: score ${result.score.toFixed(2)}`,
  ];
}

const REQUEST_ID = 'dynamic-request';

/**
 * Sets a client's initial_state up on a fresh environment, as the run will, so an account the environment cannot
 * create (an owner that is no program id, token data on a non-token account, …) is a 400 naming it, not a failed run.
 */
async function checkInitialState(createEnv: EnvFactory, prompt: string, initialState: InitialStateItem[]): Promise<void> {
  const env = createEnv();
  try {
    const testCase = TestCaseSchema.parse({ id: REQUEST_ID, flow_type: 'dynamic', prompt, initial_state: initialState, ground_truth: {} });
    await env.reset(testCase, { seed: 0 });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(`benchmark ${REQUEST_ID}: `, '');
    throw new ApiError(400, 'invalid_initial_state', `body.initial_state: ${message}`);
  } finally {
    await env.close();
  }
}

/**
 * An empty wallet after the client's own initial_state is that list's fault (it funds other accounts), not the
 * wallet's: say so, naming the pubkeys it did fund.
 */
function blameInitialState(error: unknown, wallet: string, initialState: InitialStateItem[] | undefined): unknown {
  if (!(error instanceof WalletContextError) || initialState === undefined || !/is empty/.test(error.message)) return error;
  const funded = initialState.map((item) => item.pubkey).join(', ');
  return new ApiError(
    400,
    'invalid_initial_state',
    `body.initial_state: no item funds the wallet ${wallet} (the items fund ${funded}); give it an item with pubkey ${wallet}, or set body.wallet to one of them`,
  );
}


type ExecutionMode = 'direct' | 'bridge' | 'recovery';
type FreeRequest = (typeof ExecuteDirectBodySchema)['_output'];

/** Where execute-bridge writes each plan as YAML (the original wrote a temporary YML file too). */
export const BRIDGE_PLAN_DIR = path.join(tmpdir(), 'reev-bridge');

async function writeBridgePlan(plan: DynamicFlowPlan): Promise<string> {
  await mkdir(BRIDGE_PLAN_DIR, { recursive: true });
  const file = path.join(BRIDGE_PLAN_DIR, `${plan.flow_id}.yml`);
  await writeFile(file, stringify(plan), 'utf8');
  return file;
}

/**
 * Plans a free request and runs it to the end in a run slot; answers with the real outcome. `direct` plans and runs;
 * `bridge` does the same and writes the plan as YAML (`result.yml_file`); `recovery` plans first and gives each step
 * the recovery strategies the config allows (see withRecovery) before running it.
 */
async function runFreeRequest(context: RouteContext, body: FreeRequest, mode: ExecutionMode, recovery?: RecoveryConfig) {
  if (body.execution_id !== undefined && (await findExecution(context, body.execution_id))) {
    throw conflict(`execution ${body.execution_id} already exists; choose another execution_id`);
  }
  if (body.initial_state !== undefined) await checkInitialState(context.createEnv, body.prompt, body.initial_state);
  const agent = await context.agents.resolve(body.agent, { config: body.config, llmCache: body.llm_cache });
  if (body.config) context.agents.saveConfig(body.config, body.agent);
  const started = performance.now();
  let plan: DynamicFlowPlan | undefined;
  if (recovery) {
    const planned = await context.gateway.processUserRequest(body.prompt, body.wallet, {
      ...(body.initial_state !== undefined ? { initialState: body.initial_state } : {}),
    });
    plan = withRecovery(body.atomic_mode ? { ...planned, atomic_mode: body.atomic_mode } : planned, recovery);
  }
  const run = await context.runs.startRequest({
    prompt: body.prompt,
    wallet: body.wallet,
    agent,
    ...(body.execution_id !== undefined ? { executionId: body.execution_id } : {}),
    ...(body.atomic_mode !== undefined ? { atomicMode: body.atomic_mode } : {}),
    ...(body.initial_state !== undefined ? { initialState: body.initial_state } : {}),
    ...(plan ? { plan } : {}),
    ...(recovery
      ? {
          retry: {
            retryBackoffMs: recovery.base_retry_delay_ms,
            retryBackoffMultiplier: recovery.backoff_multiplier,
            maxRetryDelayMs: recovery.max_retry_delay_ms,
          },
        }
      : {}),
  }, { llmCache: body.llm_cache, withConfig: Boolean(body.config) });
  const outcome = await run.finished;
  const durationMs = Math.round(performance.now() - started);
  if (outcome.kind === 'error') throw blameInitialState(outcome.error, body.wallet, body.initial_state);
  const metadata = (flowId: string | null, toolCount: number, atomicMode: DynamicFlowPlan['atomic_mode'] | null) => ({
    tool_count: toolCount,
    agent: agent.name,
    execution_mode: mode,
    flow_id: flowId,
    wallet: body.wallet,
    atomic_mode: atomicMode,
  });
  if (outcome.kind !== 'request') {
    const reason = outcome.kind === 'not_started' ? outcome.reason : 'not a request run';
    return {
      execution_id: run.executionId,
      status: wireExecutionStatus(run.status),
      duration_ms: durationMs,
      result: null,
      error: reason,
      logs: [reason],
      tool_calls: [],
      metadata: metadata(plan?.flow_id ?? null, 0, plan?.atomic_mode ?? null),
    };
  }
  const result = outcome.result;
  const toolCalls = result.step_results.flatMap((step) => step.tool_calls).map(toolCallSummary);
  const ymlFile = mode === 'bridge' ? await writeBridgePlan(result.plan) : undefined;
  return {
    execution_id: result.execution_id,
    status: wireExecutionStatus(result.status),
    duration_ms: durationMs,
    result: {
      execution_id: result.execution_id,
      flow_id: result.flow_id,
      steps_generated: result.plan.steps.length,
      consolidated_session_id: result.consolidated_session_id ?? null,
      consolidation_error: result.consolidation_error ?? null,
      execution_mode: mode,
      prompt_processed: body.prompt,
      success: result.success,
      score: result.score,
      completed_steps: result.completed_steps,
      total_steps: result.total_steps,
      questions: result.questions ?? null,
      step_results: result.step_results,
      passed: result.passed,
      pass: result.pass,
      // The original's result fields: it consolidated every run, and repeated the tool calls here.
      consolidation_enabled: true as const,
      tool_calls: toolCalls,
      ...(ymlFile !== undefined ? { yml_file: ymlFile } : {}),
      ...(recovery ? { recovery_enabled: true as const, recovery_config: recovery } : {}),
    },
    error: result.error_message ?? result.consolidation_error ?? null,
    logs: [...(ymlFile !== undefined ? [`plan written to ${ymlFile}`] : []), ...flowLogs(result)],
    tool_calls: toolCalls,
    metadata: metadata(result.flow_id, toolCalls.length, result.plan.atomic_mode),
  };
}

const freeRequestResponses: Record<number, ResponseSpec> = {
  200: { description: 'the run ended (Completed, Failed, Stopped, NeedsInput, …)', schema: ExecuteDirectResponseSchema },
  400: { description: 'invalid input; the message names the field', schema: ErrorResponseSchema },
  409: { description: 'execution_id is already taken', schema: ErrorResponseSchema },
  422: { description: 'the request cannot be planned (e.g. not affordable with this wallet)', schema: ErrorResponseSchema },
  502: { description: "the LLM agent's model endpoint does not answer or rejects the key (preflight)", schema: ErrorResponseSchema },
};

export function registerDynamicRoutes(context: RouteContext): void {
  const { app, table } = context;

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/benchmarks/execute-direct`,
    summary: 'Plan a free request against the wallet, run the plan to the end and return its real outcome',
    tag: 'runs',
    body: ExecuteDirectBodySchema,
    responses: freeRequestResponses,
    handler: ({ body }) => runFreeRequest(context, body, 'direct'),
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/benchmarks/execute-bridge`,
    summary: 'As execute-direct, and the plan is written as YAML (result.yml_file); the embedded LiteSVM needs no shared validator',
    tag: 'runs',
    body: ExecuteDirectBodySchema,
    responses: freeRequestResponses,
    handler: ({ body }) => runFreeRequest(context, body, 'bridge'),
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/benchmarks/execute-recovery`,
    summary: 'As execute-direct, with recovery: failed steps are retried with backoff within recovery_config, alternative flows and user questions as it allows',
    tag: 'runs',
    body: ExecuteRecoveryBodySchema,
    responses: freeRequestResponses,
    handler: ({ body }) => runFreeRequest(context, body, 'recovery', body.recovery_config ?? RecoveryConfigSchema.parse({})),
  });
}
