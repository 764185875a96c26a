import { wireExecutionStatus } from '@reev/types';
import { conflict, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { isActive } from '../runs/live-run';
import { BenchmarkDetailQuerySchema, BenchmarkExecutionParamsSchema, BenchmarkParamsSchema, LatestStatusQuerySchema, RunBenchmarkBodySchema, UpsertYmlBodySchema } from '../request-schemas';
import { BenchmarkDetailSchema, BenchmarkInfoSchema, ErrorResponseSchema, ExecutionResponseSchema, ExecutionStateSchema, StopResponseSchema, UpsertYmlResponseSchema } from '../response-schemas';
import { benchmarkInfo, executionState, recentExecution, recentLiveRun } from '../views/views';
import { API_PREFIX, latestExecution, requireBenchmarkExecution, type RouteContext } from './context';

const errors = {
  400: { description: 'invalid input; the message names the field', schema: ErrorResponseSchema },
  404: { description: 'unknown benchmark or execution', schema: ErrorResponseSchema },
};

export function registerBenchmarkRoutes(context: RouteContext): void {
  const { app, table, catalog, runs, reader } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/benchmarks`,
    summary: 'Benchmarks of the benchmarks directory and those uploaded since, by id',
    tag: 'benchmarks',
    responses: { 200: { description: 'benchmarks', schema: BenchmarkInfoSchema.array() } },
    handler: () => catalog.list().map(benchmarkInfo),
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/benchmarks/:id`,
    summary: 'One benchmark with its recent executions, newest first',
    tag: 'benchmarks',
    params: BenchmarkParamsSchema,
    query: BenchmarkDetailQuerySchema,
    responses: { 200: { description: 'the benchmark', schema: BenchmarkDetailSchema }, ...errors },
    handler: async ({ params, query }) => {
      const benchmark = catalog.get(params.id);
      if (!benchmark) throw notFound(`no benchmark ${params.id}`);
      const stored = (await reader.listExecutions({ benchmarkId: params.id, limit: query.limit })).executions.map(recentExecution);
      // Runs still waiting for a slot exist only in this process so far.
      const waiting = runs
        .list({ benchmarkId: params.id })
        .filter((run) => isActive(run) && !stored.some((execution) => execution.execution_id === run.executionId))
        .map(recentLiveRun);
      const recent = [...waiting, ...stored].slice(0, query.limit);
      return { ...benchmarkInfo(benchmark), recent_executions: recent, latest_execution_id: recent[0]?.execution_id ?? null };
    },
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/benchmarks/:id/run`,
    summary: 'Start a run in the background; poll status/{execution_id} or stream executions/{execution_id}/events',
    tag: 'runs',
    params: BenchmarkParamsSchema,
    body: RunBenchmarkBodySchema,
    responses: {
      200: { description: 'queued or running', schema: ExecutionResponseSchema },
      ...errors,
      502: { description: "the LLM agent's model endpoint does not answer or rejects the key (preflight)", schema: ErrorResponseSchema },
    },
    handler: async ({ params, body }) => {
      const benchmark = catalog.get(params.id);
      if (!benchmark) throw notFound(`no benchmark ${params.id}`);
      const agent = await context.agents.resolve(body.agent, { config: body.config, llmCache: body.llm_cache });
      if (body.config) context.agents.saveConfig(body.config, body.agent);
      const run = await runs.startBenchmark(benchmark, agent, { llmCache: body.llm_cache, withConfig: Boolean(body.config) });
      return {
        execution_id: run.executionId,
        status: wireExecutionStatus(run.status),
        duration_ms: 0,
        result: null,
        error: null,
        logs: [`benchmark ${params.id} ${run.status} for agent ${agent.name}`],
        tool_calls: [],
      };
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/benchmarks/:id/status/:execution_id`,
    summary: 'Execution state: live while this process runs it, else as stored',
    tag: 'runs',
    params: BenchmarkExecutionParamsSchema,
    responses: { 200: { description: 'execution state', schema: ExecutionStateSchema }, ...errors },
    handler: async ({ params }) => {
      const found = await requireBenchmarkExecution(context, params.id, params.execution_id);
      return executionState(found.stored, found.live);
    },
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/benchmarks/:id/status`,
    summary: "The benchmark's latest execution state (of one agent with ?agent=)",
    tag: 'runs',
    params: BenchmarkParamsSchema,
    query: LatestStatusQuerySchema,
    responses: { 200: { description: 'execution state', schema: ExecutionStateSchema }, ...errors },
    handler: async ({ params, query }) => {
      if (!catalog.get(params.id) && !(await reader.getBenchmark(params.id))) throw notFound(`no benchmark ${params.id}`);
      const found = await latestExecution(context, params.id, query.agent);
      return executionState(found.stored, found.live);
    },
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/benchmarks/:id/stop/:execution_id`,
    summary: 'Stop a run: a waiting one ends without starting, a running one is cancelled (completed steps stay stored)',
    tag: 'runs',
    params: BenchmarkExecutionParamsSchema,
    responses: {
      200: { description: 'the run has ended stopped', schema: StopResponseSchema },
      ...errors,
      409: { description: 'the execution is not running (or runs in another process)', schema: ErrorResponseSchema },
    },
    handler: async ({ params }) => {
      const found = await requireBenchmarkExecution(context, params.id, params.execution_id);
      if (!found.live) {
        const status = found.stored?.status;
        if (status === 'running' || status === 'queued') {
          throw conflict(`execution ${params.execution_id} runs in another process (pid ${found.stored?.ownerPid ?? '?'} on ${found.stored?.ownerHost ?? '?'}); stop it there`);
        }
        throw conflict(`execution ${params.execution_id} is not running (${status ?? 'unknown'})`);
      }
      const stopped = await runs.stop(params.execution_id);
      if (!stopped || stopped.kind === 'not_running') {
        throw conflict(`execution ${params.execution_id} is not running (${found.live.status})`);
      }
      return {
        execution_id: stopped.run.executionId,
        status: wireExecutionStatus(stopped.run.status),
        message: `execution ${stopped.run.executionId} ended ${stopped.run.status}`,
      };
    },
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/upsert-yml`,
    summary: 'Add or replace a benchmark: validated like a file, written as <id>.yml, stored in the database',
    tag: 'benchmarks',
    body: UpsertYmlBodySchema,
    responses: {
      200: { description: 'stored', schema: UpsertYmlResponseSchema },
      400: { description: 'invalid YAML or benchmark; the message names line and field', schema: ErrorResponseSchema },
      409: { description: 'the file is held by another benchmark or is a symbolic link', schema: ErrorResponseSchema },
      413: { description: 'body larger than the limit', schema: ErrorResponseSchema },
    },
    handler: async ({ body }) => {
      const { benchmark, created, file } = await catalog.upsert(body.yml_content);
      return {
        success: true as const,
        benchmark_id: benchmark.testCase.id,
        created,
        file,
        message: `benchmark ${benchmark.testCase.id} ${created ? 'created' : 'updated'}`,
        warnings: benchmark.warnings.map((warning) => warning.message),
      };
    },
  });
}
