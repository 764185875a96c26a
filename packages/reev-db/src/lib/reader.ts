import type { ExecutionStatus, SessionLog } from '@reev/types';
import { ValidationError, type RowRef } from './errors';
import type { StatementExecutor } from './executor';
import {
  selectAgentResults,
  selectAgentTotals,
  selectBenchmark,
  selectBenchmarkScores,
  selectBenchmarks,
  selectConsolidatedSession,
  selectConsolidatedSessionsByExecution,
  selectExecution,
  selectExecutionByFlowId,
  selectExecutions,
  selectLlmResponse,
  selectLlmResponses,
  selectSessionLogContent,
  selectSessionsOfExecution,
  selectStepSessions,
  selectToolCalls,
  type BenchmarkScore,
} from './queries';
import type {
  StoredAgentPerformance,
  StoredBenchmark,
  StoredConsolidatedSession,
  StoredExecution,
  StoredLlmResponse,
  StoredSession,
  StoredStepSession,
  StoredToolCall,
} from './rows';

/** How the reader reaches the database: the writer's connection (serialised) or its read pool. */
export interface ReadAccess {
  read<T>(row: RowRef | undefined, work: (executor: StatementExecutor) => Promise<T>): Promise<T>;
}

export interface ListExecutionsOptions {
  benchmarkId?: string;
  agent?: string;
  status?: ExecutionStatus;
  /** 1..1000, default 50. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

export interface ExecutionPage {
  /** Newest first. */
  executions: StoredExecution[];
  /** Executions matching the filter, regardless of limit/offset. */
  total: number;
  limit: number;
  offset: number;
}

export interface ExecutionDetail extends StoredExecution {
  /** step_sessions, by step index. */
  steps: StoredStepSession[];
  /** execution_sessions, in the order they started. */
  sessions: StoredSession[];
}

export interface AgentPerformanceSummary {
  agent: string;
  runs: number;
  averageScore: number;
  /** Share of runs that passed, 0..1. */
  successRate: number;
  /** Up to `benchmarksPerSide` benchmarks with the highest average score, best first. */
  bestBenchmarks: BenchmarkScore[];
  /** Up to `benchmarksPerSide` benchmarks with the lowest average score, worst first (overlaps bestBenchmarks when the agent ran few). */
  worstBenchmarks: BenchmarkScore[];
  /** The agent's latest runs, newest first. */
  results: StoredAgentPerformance[];
}

export interface AgentPerformanceOptions {
  /** Default 50. */
  resultsPerAgent?: number;
  /** Default 3. */
  benchmarksPerSide?: number;
}

const MAX_PAGE = 1000;

function requireCount(value: number, field: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/**
 * The queries the API and the CLI need. Obtain it from a writer (`writer.reader`), from `openDatabase`,
 * or from the container (DATABASE_READER); it reads through its writer's connections.
 */
export class DatabaseReader {
  constructor(private readonly access: ReadAccess) {}

  async listExecutions(options: ListExecutionsOptions = {}): Promise<ExecutionPage> {
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    requireCount(limit, 'limit', 1, MAX_PAGE);
    requireCount(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const filter = {
      ...(options.benchmarkId !== undefined ? { benchmarkId: options.benchmarkId } : {}),
      ...(options.agent !== undefined ? { agent: options.agent } : {}),
      ...(options.status !== undefined ? { status: options.status } : {}),
    };
    return await this.access.read({ table: 'execution_states', key: filter }, async (executor) => ({
      ...(await selectExecutions(executor, filter, limit, offset)),
      limit,
      offset,
    }));
  }

  getExecution(executionId: string): Promise<ExecutionDetail | undefined> {
    return this.access.read({ table: 'execution_states', key: { execution_id: executionId } }, async (executor) => {
      const execution = await selectExecution(executor, executionId);
      if (execution === undefined) return undefined;
      const steps = await selectStepSessions(executor, executionId);
      const sessions = await selectSessionsOfExecution(executor, executionId);
      return { ...execution, steps, sessions };
    });
  }

  /** The newest dynamic execution that ran the plan with this flow id (execute-direct's `result.flow_id`). */
  findExecutionIdByFlowId(flowId: string): Promise<string | undefined> {
    return this.access.read({ table: 'execution_states', key: { flow_id: flowId } }, async (executor) => {
      return (await selectExecutionByFlowId(executor, flowId))?.executionId;
    });
  }

  getConsolidatedSession(consolidatedSessionId: string): Promise<StoredConsolidatedSession | undefined> {
    return this.access.read(
      { table: 'consolidated_sessions', key: { consolidated_session_id: consolidatedSessionId } },
      (executor) => selectConsolidatedSession(executor, consolidatedSessionId),
    );
  }

  /** Newest first. */
  getConsolidatedSessionsByExecution(executionId: string): Promise<StoredConsolidatedSession[]> {
    return this.access.read({ table: 'consolidated_sessions', key: { execution_id: executionId } }, (executor) =>
      selectConsolidatedSessionsByExecution(executor, executionId),
    );
  }

  /** In the order they started. */
  getToolCalls(sessionId: string): Promise<StoredToolCall[]> {
    return this.access.read({ table: 'session_tool_calls', key: { session_id: sessionId } }, (executor) =>
      selectToolCalls(executor, sessionId),
    );
  }

  getSessionLog(sessionId: string): Promise<SessionLog | undefined> {
    return this.access.read({ table: 'session_logs', key: { session_id: sessionId } }, async (executor) => {
      // Stored by storeSessionLog, which only accepts a SessionLog.
      return (await selectSessionLogContent(executor, sessionId)) as SessionLog | undefined;
    });
  }

  /** By id. */
  listBenchmarks(): Promise<StoredBenchmark[]> {
    return this.access.read({ table: 'benchmarks', key: {} }, (executor) => selectBenchmarks(executor));
  }

  getBenchmark(id: string): Promise<StoredBenchmark | undefined> {
    return this.access.read({ table: 'benchmarks', key: { id } }, (executor) => selectBenchmark(executor, id));
  }

  /** The benchmark's most recent executions, newest first. */
  async latestExecutions(benchmarkId: string, limit = 10): Promise<StoredExecution[]> {
    const page = await this.listExecutions({ benchmarkId, limit });
    return page.executions;
  }

  getLlmResponse(cacheKey: string): Promise<StoredLlmResponse | undefined> {
    return this.access.read({ table: 'llm_responses', key: { cache_key: cacheKey } }, (executor) =>
      selectLlmResponse(executor, cacheKey),
    );
  }

  /** Every recorded LLM answer (of one model, if given), oldest first: what an export of the response cache holds. */
  listLlmResponses(options: { model?: string } = {}): Promise<StoredLlmResponse[]> {
    const key: Record<string, string> = options.model === undefined ? {} : { model: options.model };
    return this.access.read({ table: 'llm_responses', key }, (executor) => selectLlmResponses(executor, options.model));
  }

  async agentPerformanceSummary(options: AgentPerformanceOptions = {}): Promise<AgentPerformanceSummary[]> {
    const resultsPerAgent = options.resultsPerAgent ?? 50;
    const benchmarksPerSide = options.benchmarksPerSide ?? 3;
    requireCount(resultsPerAgent, 'resultsPerAgent', 0, MAX_PAGE);
    requireCount(benchmarksPerSide, 'benchmarksPerSide', 0, MAX_PAGE);
    return await this.access.read({ table: 'agent_performance', key: {} }, async (executor) => {
      const summaries: AgentPerformanceSummary[] = [];
      for (const totals of await selectAgentTotals(executor)) {
        const scores = await selectBenchmarkScores(executor, totals.agent);
        summaries.push({
          ...totals,
          bestBenchmarks: scores.slice(0, benchmarksPerSide),
          worstBenchmarks: scores.slice().reverse().slice(0, benchmarksPerSide),
          results: resultsPerAgent === 0 ? [] : await selectAgentResults(executor, totals.agent, resultsPerAgent),
        });
      }
      return summaries;
    });
  }
}
