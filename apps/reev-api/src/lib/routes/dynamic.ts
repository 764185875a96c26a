import type { EnvFactory, FlowRunResult } from '@reev/orchestrator';
import { TestCaseSchema, type InitialStateItem, type StepResult } from '@reev/types';
import { ApiError, conflict } from '../http/errors';
import { defineRoute } from '../http/route';
import { ErrorResponseSchema, ExecuteDirectBodySchema, ExecuteDirectResponseSchema } from '../schemas';
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

export function registerDynamicRoutes(context: RouteContext): void {
  const { app, table } = context;

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/benchmarks/execute-direct`,
    summary: 'Plan a free request against the wallet, run the plan to the end and return its real outcome',
    tag: 'runs',
    body: ExecuteDirectBodySchema,
    responses: {
      200: { description: 'the run ended (completed, failed, stopped, needs_input, …)', schema: ExecuteDirectResponseSchema },
      400: { description: 'invalid input; the message names the field', schema: ErrorResponseSchema },
      409: { description: 'execution_id is already taken', schema: ErrorResponseSchema },
      422: { description: 'the request cannot be planned (e.g. not affordable with this wallet)', schema: ErrorResponseSchema },
      502: { description: "the LLM agent's model endpoint does not answer or rejects the key (preflight)", schema: ErrorResponseSchema },
    },
    handler: async ({ body }) => {
      if (body.execution_id !== undefined && (await findExecution(context, body.execution_id))) {
        throw conflict(`execution ${body.execution_id} already exists; choose another execution_id`);
      }
      if (body.initial_state !== undefined) await checkInitialState(context.createEnv, body.prompt, body.initial_state);
      const agent = await context.agents.resolve(body.agent, { config: body.config, llmCache: body.llm_cache });
      if (body.config) context.agents.saveConfig(body.config, body.agent);
      const started = performance.now();
      const run = context.runs.startRequest({
        prompt: body.prompt,
        wallet: body.wallet,
        agent,
        ...(body.execution_id !== undefined ? { executionId: body.execution_id } : {}),
        ...(body.atomic_mode !== undefined ? { atomicMode: body.atomic_mode } : {}),
        ...(body.initial_state !== undefined ? { initialState: body.initial_state } : {}),
      });
      const outcome = await run.finished;
      const durationMs = Math.round(performance.now() - started);
      if (outcome.kind === 'error') throw outcome.error;
      if (outcome.kind !== 'request') {
        const reason = outcome.kind === 'not_started' ? outcome.reason : 'not a request run';
        return { execution_id: run.executionId, status: run.status, duration_ms: durationMs, result: null, error: reason, logs: [reason], tool_calls: [] };
      }
      const result = outcome.result;
      return {
        execution_id: result.execution_id,
        status: result.status,
        duration_ms: durationMs,
        result: {
          execution_id: result.execution_id,
          flow_id: result.flow_id,
          steps_generated: result.plan.steps.length,
          consolidated_session_id: result.consolidated_session_id ?? null,
          consolidation_error: result.consolidation_error ?? null,
          execution_mode: 'direct' as const,
          prompt_processed: body.prompt,
          success: result.success,
          score: result.score,
          completed_steps: result.completed_steps,
          total_steps: result.total_steps,
          questions: result.questions ?? null,
          step_results: result.step_results,
          passed: result.passed,
          pass: result.pass,
        },
        error: result.error_message ?? result.consolidation_error ?? null,
        logs: flowLogs(result),
        tool_calls: result.step_results.flatMap((step) => step.tool_calls).map(toolCallSummary),
      };
    },
  });
}
