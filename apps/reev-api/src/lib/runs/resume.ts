import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseWriterPort, QueuedExecution } from '@reev/db';
import { recordExecutionEnd } from '@reev/orchestrator';
import type { AgentDirectory } from '../agents/agent-directory';
import type { BenchmarkCatalog } from '../benchmarks/benchmark-catalog';
import type { ApiSettings } from '../settings';
import type { StoredRunRequest } from './live-run';
import type { RunQueue } from './run-queue';

export interface QueuedRunRecoveryDeps {
  writer: DatabaseWriterPort;
  runs: RunQueue;
  catalog: BenchmarkCatalog;
  agents: AgentDirectory;
  settings: ApiSettings;
  log: FastifyBaseLogger;
}

export interface QueuedRunRecoveryResult {
  resumed: string[];
  /** Claimed but not startable again (why: in the row's error). */
  interrupted: string[];
}

/** The stored request of a queued row written by RunQueue, or why there is none. */
function storedRequest(execution: QueuedExecution): StoredRunRequest | string {
  const metadata = execution.metadata as { interface?: unknown; request?: Partial<StoredRunRequest> } | null;
  const request = metadata?.request;
  if (metadata?.interface !== 'api' || typeof request !== 'object' || request === null) {
    return 'queued by another program (no API request stored with it)';
  }
  if (request.kind === 'benchmark' && typeof request.benchmark_id === 'string' && typeof request.agent === 'string') {
    return request as StoredRunRequest;
  }
  if (request.kind === 'request' && typeof request.prompt === 'string' && typeof request.agent === 'string') {
    return request as StoredRunRequest;
  }
  return 'its stored request is incomplete';
}

/**
 * At start: takes over the runs a crashed process acknowledged but never finished (rows still `queued`) and
 * queues them again under their ids (`queuedRuns: 'resume'`, the default). A run that cannot start again (its
 * benchmark is gone, its agent had a per-request configuration, whose key is never stored) is marked
 * `interrupted` with the reason. With `queuedRuns: 'interrupt'` nothing is claimed here and the start-up
 * recovery marks them all `interrupted`. Either way no acknowledged id is lost.
 */
export async function recoverQueuedRuns(deps: QueuedRunRecoveryDeps): Promise<QueuedRunRecoveryResult> {
  const result: QueuedRunRecoveryResult = { resumed: [], interrupted: [] };
  if (deps.settings.queuedRuns !== 'resume') return result;
  for (const execution of await deps.writer.claimQueuedExecutions()) {
    const reason = await resume(deps, execution).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    if (reason === undefined) {
      result.resumed.push(execution.executionId);
      continue;
    }
    const error = `interrupted: the process that queued it stopped, and it cannot be resumed: ${reason}`;
    await recordExecutionEnd(deps.writer, execution.executionId, 'interrupted', error);
    result.interrupted.push(execution.executionId);
  }
  if (result.resumed.length + result.interrupted.length > 0) {
    deps.log.info(result, `queued runs of a stopped process: ${result.resumed.length} resumed, ${result.interrupted.length} interrupted`);
  }
  return result;
}

/** Queues the run again; returns why it cannot be, if so. */
async function resume(deps: QueuedRunRecoveryDeps, execution: QueuedExecution): Promise<string | undefined> {
  const request = storedRequest(execution);
  if (typeof request === 'string') return request;
  if (request.with_config) return 'it was started with an agent configuration, whose API key is not stored; start it again';
  const agent = await deps.agents.resolve(request.agent, { llmCache: request.llm_cache });
  const origin = { llmCache: request.llm_cache, withConfig: false, resumed: true };
  if (request.kind === 'benchmark') {
    const benchmark = deps.catalog.get(request.benchmark_id);
    if (!benchmark) return `benchmark ${request.benchmark_id} is no longer in the benchmarks directory`;
    await deps.runs.startBenchmark(benchmark, agent, origin, execution.executionId);
    return undefined;
  }
  await deps.runs.startRequest(
    {
      prompt: request.prompt,
      wallet: request.wallet,
      agent,
      executionId: execution.executionId,
      ...(request.atomic_mode ? { atomicMode: request.atomic_mode } : {}),
      ...(request.initial_state ? { initialState: request.initial_state } : {}),
      ...(request.plan ? { plan: request.plan } : {}),
      ...(request.retry ? { retry: request.retry } : {}),
    },
    origin,
  );
  return undefined;
}
