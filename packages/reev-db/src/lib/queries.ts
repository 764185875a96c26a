// The SELECTs both the writer and the reader need, each on whatever connection or transaction `executor` runs on.
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { ExecutionStatus } from '@reev/types';
import { queriesOf, type StatementExecutor } from './executor';
import {
  decodeConsolidatedSession,
  decodeStepSession,
  toStoredAgentPerformance,
  toStoredBenchmark,
  toStoredExecution,
  toStoredLlmResponse,
  toStoredSession,
  toStoredToolCall,
  type StoredAgentPerformance,
  type StoredBenchmark,
  type StoredConsolidatedSession,
  type StoredExecution,
  type StoredLlmResponse,
  type StoredSession,
  type StoredStepSession,
  type StoredToolCall,
} from './rows';
import { agentPerformance, benchmarks, executionSessions, executionStates, llmResponses, sessionLogs, sessionToolCalls } from './schema';
import {
  SELECT_CONSOLIDATED_SESSION,
  SELECT_CONSOLIDATED_SESSIONS_OF_EXECUTION,
  SELECT_SESSION_EXECUTION,
  SELECT_STEP_SESSIONS,
} from './statements';

export async function selectStepSessions(executor: StatementExecutor, executionId: string): Promise<StoredStepSession[]> {
  return (await executor.rows(SELECT_STEP_SESSIONS, [executionId])).map(decodeStepSession);
}

export async function selectConsolidatedSession(
  executor: StatementExecutor,
  consolidatedSessionId: string,
): Promise<StoredConsolidatedSession | undefined> {
  const [row] = await executor.rows(SELECT_CONSOLIDATED_SESSION, [consolidatedSessionId]);
  return row === undefined ? undefined : decodeConsolidatedSession(row);
}

/** Newest first; rows stored in the same millisecond keep their insertion order, reversed. */
export async function selectConsolidatedSessionsByExecution(
  executor: StatementExecutor,
  executionId: string,
): Promise<StoredConsolidatedSession[]> {
  return (await executor.rows(SELECT_CONSOLIDATED_SESSIONS_OF_EXECUTION, [executionId])).map(decodeConsolidatedSession);
}

export async function selectSessionExecutionId(executor: StatementExecutor, sessionId: string): Promise<string | undefined> {
  const [row] = await executor.rows(SELECT_SESSION_EXECUTION, [sessionId]);
  return row === undefined ? undefined : (row[0] as string);
}

export interface ExecutionFilter {
  benchmarkId?: string;
  agent?: string;
  status?: ExecutionStatus;
}

function executionFilter(filter: ExecutionFilter): SQL | undefined {
  return and(
    filter.benchmarkId === undefined ? undefined : eq(executionStates.benchmarkId, filter.benchmarkId),
    filter.agent === undefined ? undefined : eq(executionStates.agent, filter.agent),
    filter.status === undefined ? undefined : eq(executionStates.status, filter.status),
  );
}

/** Newest first (rowid breaks ties between executions created in the same millisecond). */
export async function selectExecutions(
  executor: StatementExecutor,
  filter: ExecutionFilter,
  limit: number,
  offset: number,
): Promise<{ executions: StoredExecution[]; total: number }> {
  const where = executionFilter(filter);
  const rows = await queriesOf(executor)
    .select()
    .from(executionStates)
    .where(where)
    .orderBy(desc(executionStates.createdAt), desc(sql`${executionStates}.rowid`))
    .limit(limit)
    .offset(offset);
  const [counted] = await queriesOf(executor).select({ total: count() }).from(executionStates).where(where);
  return { executions: rows.map(toStoredExecution), total: counted?.total ?? 0 };
}

export async function selectExecution(executor: StatementExecutor, executionId: string): Promise<StoredExecution | undefined> {
  const [row] = await queriesOf(executor).select().from(executionStates).where(eq(executionStates.executionId, executionId));
  return row === undefined ? undefined : toStoredExecution(row);
}

/**
 * The newest dynamic execution whose plan had this flow id (stored in its metadata at its start). The original
 * API's clients read `result.flow_id` and ask for it where an execution id goes. Not indexed: dynamic rows only.
 */
export async function selectExecutionByFlowId(executor: StatementExecutor, flowId: string): Promise<StoredExecution | undefined> {
  const [row] = await queriesOf(executor)
    .select()
    .from(executionStates)
    .where(and(eq(executionStates.mode, 'dynamic'), sql`json_extract(${executionStates.metadata}, '$.flow_id') = ${flowId}`))
    .orderBy(desc(executionStates.createdAt), desc(sql`${executionStates}.rowid`))
    .limit(1);
  return row === undefined ? undefined : toStoredExecution(row);
}

export async function selectSessionsOfExecution(executor: StatementExecutor, executionId: string): Promise<StoredSession[]> {
  const rows = await queriesOf(executor)
    .select()
    .from(executionSessions)
    .where(eq(executionSessions.executionId, executionId))
    .orderBy(asc(executionSessions.startedAt), asc(sql`${executionSessions}.rowid`));
  return rows.map(toStoredSession);
}

export async function selectToolCalls(executor: StatementExecutor, sessionId: string): Promise<StoredToolCall[]> {
  const rows = await queriesOf(executor)
    .select()
    .from(sessionToolCalls)
    .where(eq(sessionToolCalls.sessionId, sessionId))
    .orderBy(asc(sessionToolCalls.startedAt), asc(sessionToolCalls.id));
  return rows.map(toStoredToolCall);
}

export async function selectSessionLogContent(executor: StatementExecutor, sessionId: string): Promise<unknown> {
  const [row] = await queriesOf(executor)
    .select({ content: sessionLogs.content })
    .from(sessionLogs)
    .where(eq(sessionLogs.sessionId, sessionId));
  return row?.content;
}

export async function selectBenchmarks(executor: StatementExecutor): Promise<StoredBenchmark[]> {
  const rows = await queriesOf(executor).select().from(benchmarks).orderBy(asc(benchmarks.id));
  return rows.map(toStoredBenchmark);
}

export async function selectBenchmark(executor: StatementExecutor, id: string): Promise<StoredBenchmark | undefined> {
  const [row] = await queriesOf(executor).select().from(benchmarks).where(eq(benchmarks.id, id));
  return row === undefined ? undefined : toStoredBenchmark(row);
}

export interface AgentTotals {
  agent: string;
  runs: number;
  averageScore: number;
  successRate: number;
}

export async function selectAgentTotals(executor: StatementExecutor): Promise<AgentTotals[]> {
  const rows = await queriesOf(executor)
    .select({
      agent: agentPerformance.agent,
      runs: count(),
      averageScore: sql<number>`avg(${agentPerformance.score})`,
      successRate: sql<number>`avg(${agentPerformance.passed})`,
    })
    .from(agentPerformance)
    .groupBy(agentPerformance.agent)
    .orderBy(asc(agentPerformance.agent));
  return rows.map((row) => ({ ...row, averageScore: Number(row.averageScore), successRate: Number(row.successRate) }));
}

export interface BenchmarkScore {
  benchmarkId: string;
  runs: number;
  averageScore: number;
}

/** Per benchmark for one agent, best average first (ties by benchmark id). */
export async function selectBenchmarkScores(executor: StatementExecutor, agent: string): Promise<BenchmarkScore[]> {
  const averageScore = sql<number>`avg(${agentPerformance.score})`;
  const rows = await queriesOf(executor)
    .select({ benchmarkId: agentPerformance.benchmarkId, runs: count(), averageScore })
    .from(agentPerformance)
    .where(eq(agentPerformance.agent, agent))
    .groupBy(agentPerformance.benchmarkId)
    .orderBy(desc(averageScore), asc(agentPerformance.benchmarkId));
  return rows.map((row) => ({ ...row, averageScore: Number(row.averageScore) }));
}

export async function selectAgentResults(
  executor: StatementExecutor,
  agent: string,
  limit: number,
): Promise<StoredAgentPerformance[]> {
  const rows = await queriesOf(executor)
    .select()
    .from(agentPerformance)
    .where(eq(agentPerformance.agent, agent))
    .orderBy(desc(agentPerformance.createdAt), desc(agentPerformance.id))
    .limit(limit);
  return rows.map(toStoredAgentPerformance);
}

export async function selectLlmResponse(executor: StatementExecutor, cacheKey: string): Promise<StoredLlmResponse | undefined> {
  const [row] = await queriesOf(executor).select().from(llmResponses).where(eq(llmResponses.cacheKey, cacheKey));
  return row === undefined ? undefined : toStoredLlmResponse(row);
}

/** Oldest first, then by key, so an export of the same rows is always the same file. */
export async function selectLlmResponses(executor: StatementExecutor, model: string | undefined): Promise<StoredLlmResponse[]> {
  const rows = await queriesOf(executor)
    .select()
    .from(llmResponses)
    .where(model === undefined ? undefined : eq(llmResponses.model, model))
    .orderBy(asc(llmResponses.createdAt), asc(llmResponses.cacheKey));
  return rows.map(toStoredLlmResponse);
}
