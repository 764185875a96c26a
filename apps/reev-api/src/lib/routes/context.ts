import type { FastifyInstance } from 'fastify';
import type { DatabaseHealth, DatabaseReader, DatabaseWriterPort, ExecutionDetail } from '@reev/db';
import type { EnvFactory, OrchestratorGateway } from '@reev/orchestrator';
import type { AgentDirectory } from '../agents/agent-directory';
import type { BenchmarkCatalog } from '../benchmarks/benchmark-catalog';
import { notFound } from '../http/errors';
import type { RouteTable } from '../http/route';
import type { LiveRun } from '../runs/live-run';
import type { RunQueue } from '../runs/run-queue';
import type { ApiSettings } from '../settings';

/** What every route module registers against. */
export interface RouteContext {
  app: FastifyInstance;
  table: RouteTable;
  reader: DatabaseReader;
  writer: DatabaseWriterPort;
  catalog: BenchmarkCatalog;
  runs: RunQueue;
  agents: AgentDirectory;
  /** The database's real state (write probe, free space, integrity) for /health. */
  health: DatabaseHealth;
  settings: ApiSettings;
  /** The environment every run uses; execute-direct checks a client's initial_state on a fresh one. */
  createEnv: EnvFactory;
  /** Plans free requests outside a run slot (execute-recovery adjusts the plan before running it). */
  gateway: OrchestratorGateway;
  version: string;
}

export const API_PREFIX = '/api/v1';

/** An execution as this process sees it (`live`) and as stored; at least one is present. */
export interface FoundExecution {
  executionId: string;
  live: LiveRun | undefined;
  stored: ExecutionDetail | undefined;
}

export function benchmarkOf(found: FoundExecution): string | undefined {
  return found.stored?.benchmarkId ?? found.live?.benchmarkId;
}

export async function findExecution(context: RouteContext, executionId: string): Promise<FoundExecution | undefined> {
  const live = context.runs.get(executionId);
  const stored = await context.reader.getExecution(executionId);
  return live || stored ? { executionId, live, stored } : undefined;
}

export async function requireExecution(context: RouteContext, executionId: string): Promise<FoundExecution> {
  const found = await findExecution(context, executionId);
  if (!found) throw notFound(`no execution ${executionId}`);
  return found;
}

/** An execution by its id, or by the flow id of its plan (execute-direct answers both; the original's docs use either). */
export async function requireExecutionOrFlow(context: RouteContext, id: string): Promise<FoundExecution> {
  const found = await findExecution(context, id);
  if (found) return found;
  const executionId = await context.reader.findExecutionIdByFlowId(id);
  const byFlow = executionId === undefined ? undefined : await findExecution(context, executionId);
  if (!byFlow) throw notFound(`no execution or flow ${id}`);
  return byFlow;
}

/**
 * The execution under a benchmark path. A free request (execute-direct) belongs to no benchmark and is found
 * under any benchmark id.
 */
export async function requireBenchmarkExecution(context: RouteContext, benchmarkId: string, executionId: string): Promise<FoundExecution> {
  const found = await requireExecution(context, executionId);
  const owner = benchmarkOf(found);
  if (owner !== undefined && owner !== benchmarkId) {
    throw notFound(`execution ${executionId} belongs to benchmark ${owner}, not ${benchmarkId}`);
  }
  return found;
}

/** Known from the benchmarks directory, or stored by an earlier run (e.g. the CLI's). */
export async function requireKnownBenchmark(context: RouteContext, benchmarkId: string): Promise<void> {
  if (context.catalog.get(benchmarkId)) return;
  if (await context.reader.getBenchmark(benchmarkId)) return;
  throw notFound(`no benchmark ${benchmarkId}`);
}

/** The newest execution of a benchmark (optionally of one agent), live or stored. */
export async function latestExecution(context: RouteContext, benchmarkId: string, agent?: string): Promise<FoundExecution> {
  const [newestLive] = context.runs.list({ benchmarkId, ...(agent !== undefined ? { agent } : {}) });
  const [newestStored] = (
    await context.reader.listExecutions({ benchmarkId, ...(agent !== undefined ? { agent } : {}), limit: 1 })
  ).executions;
  const newest =
    newestLive && (!newestStored || newestLive.createdAt >= newestStored.createdAt) ? newestLive.executionId : newestStored?.executionId;
  if (newest === undefined) {
    throw notFound(`benchmark ${benchmarkId} has no executions${agent !== undefined ? ` by agent ${agent}` : ''}`);
  }
  return requireExecution(context, newest);
}

export async function executionFor(context: RouteContext, benchmarkId: string, executionId: string | undefined): Promise<FoundExecution> {
  await requireKnownBenchmark(context, benchmarkId);
  return executionId === undefined
    ? latestExecution(context, benchmarkId)
    : requireBenchmarkExecution(context, benchmarkId, executionId);
}
