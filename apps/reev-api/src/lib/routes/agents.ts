import type { AgentPerformanceSummary, StoredAgentPerformance } from '@reev/db';
import { repeatedRunStats } from '@reev/orchestrator';
import { wireExecutionStatus } from '@reev/types';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { AgentConfigSchema, AgentTypeParamsSchema, MaskedAgentConfigSchema } from '../request-schemas';
import { AgentPerformanceSchema, AgentTestResponseSchema, ErrorResponseSchema, SavedResponseSchema } from '../response-schemas';
import { API_PREFIX, type RouteContext } from './context';

/** The lengths of the lists in a summary, as before the repeated-run figures. */
const LISTED_RESULTS = 50;
const LISTED_BENCHMARKS = 3;
/** Rows per agent the repeated-run figures are computed from: the reader's largest page. */
export const REPEATED_RUN_WINDOW = 1000;

/** Per benchmark, by id: k = runs, so pass@k says "passed at least once", pass^k "passed every time". */
function repeatedRuns(results: StoredAgentPerformance[]) {
  const byBenchmark = new Map<string, StoredAgentPerformance[]>();
  for (const result of results) {
    const runs = byBenchmark.get(result.benchmarkId);
    if (runs) runs.push(result);
    else byBenchmark.set(result.benchmarkId, [result]);
  }
  return [...byBenchmark.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([benchmarkId, runs]) => {
      const stats = repeatedRunStats(benchmarkId, runs);
      return {
        benchmark_id: stats.benchmarkId,
        runs: stats.runs,
        passes: stats.passes,
        mean_score: stats.meanScore,
        std_dev_score: stats.stdDevScore,
        pass_at_k: stats.passAtK,
        pass_hat_k: stats.passHatK,
        k: stats.k,
      };
    });
}

function performanceOf(summary: AgentPerformanceSummary) {
  return {
    agent_type: summary.agent,
    total_benchmarks: summary.runs,
    average_score: summary.averageScore,
    success_rate: summary.successRate,
    best_benchmarks: summary.bestBenchmarks.map((benchmark) => benchmark.benchmarkId),
    worst_benchmarks: summary.worstBenchmarks.map((benchmark) => benchmark.benchmarkId),
    results: summary.results.slice(0, LISTED_RESULTS).map((result) => ({
      id: result.sessionId,
      session_id: result.sessionId,
      execution_id: result.executionId ?? null,
      benchmark_id: result.benchmarkId,
      agent_type: result.agent,
      score: result.score,
      final_status: wireExecutionStatus(result.finalStatus),
      passed: result.passed,
      execution_time_ms: Math.round(result.executionTimeMs),
      timestamp: result.createdAt,
    })),
    repeated_runs: repeatedRuns(summary.results),
  };
}

export function registerAgentRoutes(context: RouteContext): void {
  const { app, table, agents } = context;

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/agents`,
    summary: 'Agent names (gpt-*, o1*/o3*/o4* and openai-compatible:<model> work as well)',
    tag: 'agents',
    responses: { 200: { description: 'agent names', schema: AgentConfigSchema.shape.agent_type.array() } },
    handler: () => agents.names(),
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/agent-performance`,
    summary: 'Per agent: runs, mean score, pass rate, best and worst benchmarks, latest results, and per benchmark the repeated-run figures (mean, standard deviation, pass@k, pass^k)',
    tag: 'agents',
    responses: { 200: { description: 'one summary per agent', schema: AgentPerformanceSchema.array() } },
    handler: async () =>
      (await context.reader.agentPerformanceSummary({ resultsPerAgent: REPEATED_RUN_WINDOW, benchmarksPerSide: LISTED_BENCHMARKS })).map(
        performanceOf,
      ),
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/agents/config`,
    summary: "Save an LLM agent's endpoint, key and model (in memory; used by later runs of that agent)",
    tag: 'agents',
    body: AgentConfigSchema,
    responses: {
      200: { description: 'saved', schema: SavedResponseSchema },
      400: { description: 'invalid config', schema: ErrorResponseSchema },
    },
    handler: ({ body }) => {
      agents.saveConfig(body);
      return { status: 'saved' as const, agent_type: body.agent_type };
    },
  });

  defineRoute(app, table, {
    method: 'POST',
    url: `${API_PREFIX}/agents/test`,
    summary: "Test Connection: ask the agent's model endpoint (GET {api_url}/models) with the given, else the saved, config",
    tag: 'agents',
    body: AgentConfigSchema,
    responses: {
      200: { description: 'status success (with the models listed) or error (with the reason)', schema: AgentTestResponseSchema },
      400: { description: 'invalid config', schema: ErrorResponseSchema },
    },
    handler: ({ body }) => agents.test(body),
  });

  defineRoute(app, table, {
    method: 'GET',
    url: `${API_PREFIX}/agents/config/:agent_type`,
    summary: "A saved agent config; the API key shows only its last 4 characters",
    tag: 'agents',
    params: AgentTypeParamsSchema,
    responses: {
      200: { description: 'the config, key masked', schema: MaskedAgentConfigSchema },
      404: { description: 'no config saved for this agent', schema: ErrorResponseSchema },
    },
    handler: ({ params }) => {
      const config = agents.maskedConfig(params.agent_type);
      if (!config) throw notFound(`no config saved for agent ${params.agent_type}`);
      return config;
    },
  });
}
