// The SELECTs both the writer and the reader need, each on whatever connection `queries` is bound to.
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { ExecutionStatus } from '@reev/types';
import type { Queries } from './executor';
import {
  toStoredAgentPerformance,
  toStoredBenchmark,
  toStoredConsolidatedSession,
  toStoredExecution,
  toStoredLlmResponse,
  toStoredSession,
  toStoredStepSession,
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
import {
  agentPerformance,
  benchmarks,
  consolidatedSessions,
  executionSessions,
  executionStates,
  llmResponses,
  sessionLogs,
  sessionToolCalls,
  stepSessions,
} from './schema';

export async function selectStepSessions(queries: Queries, executionId: string): Promise<StoredStepSession[]> {
  const rows = await queries
    .select()
    .from(stepSessions)
    .where(eq(stepSessions.executionId, executionId))
    .orderBy(asc(stepSessions.stepIndex));
  return rows.map(toStoredStepSession);
}

export async function selectConsolidatedSession(
  queries: Queries,
  consolidatedSessionId: string,
): Promise<StoredConsolidatedSession | undefined> {
  const [row] = await queries
    .select()
    .from(consolidatedSessions)
    .where(eq(consolidatedSessions.consolidatedSessionId, consolidatedSessionId));
  return row === undefined ? undefined : toStoredConsolidatedSession(row);
}

/** Newest first; rows stored in the same millisecond keep their insertion order, reversed. */
export async function selectConsolidatedSessionsByExecution(
  queries: Queries,
  executionId: string,
): Promise<StoredConsolidatedSession[]> {
  const rows = await queries
    .select()
    .from(consolidatedSessions)
    .where(eq(consolidatedSessions.executionId, executionId))
    .orderBy(desc(consolidatedSessions.createdAt), desc(consolidatedSessions.id));
  return rows.map(toStoredConsolidatedSession);
}

export async function selectSessionExecutionId(queries: Queries, sessionId: string): Promise<string | undefined> {
  const [row] = await queries
    .select({ executionId: executionSessions.executionId })
    .from(executionSessions)
    .where(eq(executionSessions.sessionId, sessionId));
  return row?.executionId;
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
  queries: Queries,
  filter: ExecutionFilter,
  limit: number,
  offset: number,
): Promise<{ executions: StoredExecution[]; total: number }> {
  const where = executionFilter(filter);
  const rows = await queries
    .select()
    .from(executionStates)
    .where(where)
    .orderBy(desc(executionStates.createdAt), desc(sql`${executionStates}.rowid`))
    .limit(limit)
    .offset(offset);
  const [counted] = await queries.select({ total: count() }).from(executionStates).where(where);
  return { executions: rows.map(toStoredExecution), total: counted?.total ?? 0 };
}

export async function selectExecution(queries: Queries, executionId: string): Promise<StoredExecution | undefined> {
  const [row] = await queries.select().from(executionStates).where(eq(executionStates.executionId, executionId));
  return row === undefined ? undefined : toStoredExecution(row);
}

export async function selectSessionsOfExecution(queries: Queries, executionId: string): Promise<StoredSession[]> {
  const rows = await queries
    .select()
    .from(executionSessions)
    .where(eq(executionSessions.executionId, executionId))
    .orderBy(asc(executionSessions.startedAt), asc(sql`${executionSessions}.rowid`));
  return rows.map(toStoredSession);
}

export async function selectToolCalls(queries: Queries, sessionId: string): Promise<StoredToolCall[]> {
  const rows = await queries
    .select()
    .from(sessionToolCalls)
    .where(eq(sessionToolCalls.sessionId, sessionId))
    .orderBy(asc(sessionToolCalls.startedAt), asc(sessionToolCalls.id));
  return rows.map(toStoredToolCall);
}

export async function selectSessionLogContent(queries: Queries, sessionId: string): Promise<unknown> {
  const [row] = await queries
    .select({ content: sessionLogs.content })
    .from(sessionLogs)
    .where(eq(sessionLogs.sessionId, sessionId));
  return row?.content;
}

export async function selectBenchmarks(queries: Queries): Promise<StoredBenchmark[]> {
  const rows = await queries.select().from(benchmarks).orderBy(asc(benchmarks.id));
  return rows.map(toStoredBenchmark);
}

export async function selectBenchmark(queries: Queries, id: string): Promise<StoredBenchmark | undefined> {
  const [row] = await queries.select().from(benchmarks).where(eq(benchmarks.id, id));
  return row === undefined ? undefined : toStoredBenchmark(row);
}

export interface AgentTotals {
  agent: string;
  runs: number;
  averageScore: number;
  successRate: number;
}

export async function selectAgentTotals(queries: Queries): Promise<AgentTotals[]> {
  const rows = await queries
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
export async function selectBenchmarkScores(queries: Queries, agent: string): Promise<BenchmarkScore[]> {
  const averageScore = sql<number>`avg(${agentPerformance.score})`;
  const rows = await queries
    .select({ benchmarkId: agentPerformance.benchmarkId, runs: count(), averageScore })
    .from(agentPerformance)
    .where(eq(agentPerformance.agent, agent))
    .groupBy(agentPerformance.benchmarkId)
    .orderBy(desc(averageScore), asc(agentPerformance.benchmarkId));
  return rows.map((row) => ({ ...row, averageScore: Number(row.averageScore) }));
}

export async function selectAgentResults(
  queries: Queries,
  agent: string,
  limit: number,
): Promise<StoredAgentPerformance[]> {
  const rows = await queries
    .select()
    .from(agentPerformance)
    .where(eq(agentPerformance.agent, agent))
    .orderBy(desc(agentPerformance.createdAt), desc(agentPerformance.id))
    .limit(limit);
  return rows.map(toStoredAgentPerformance);
}

export async function selectLlmResponse(queries: Queries, cacheKey: string): Promise<StoredLlmResponse | undefined> {
  const [row] = await queries.select().from(llmResponses).where(eq(llmResponses.cacheKey, cacheKey));
  return row === undefined ? undefined : toStoredLlmResponse(row);
}

/** Oldest first, then by key, so an export of the same rows is always the same file. */
export async function selectLlmResponses(queries: Queries, model: string | undefined): Promise<StoredLlmResponse[]> {
  const rows = await queries
    .select()
    .from(llmResponses)
    .where(model === undefined ? undefined : eq(llmResponses.model, model))
    .orderBy(asc(llmResponses.createdAt), asc(llmResponses.cacheKey));
  return rows.map(toStoredLlmResponse);
}
