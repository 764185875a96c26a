import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { inject, injectable } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import type { LoadedBenchmark } from '@reev/lib';
import {
  OrchestratorGateway,
  PlanningError,
  recordExecutionEnd,
  recordQueuedExecution,
  type DynamicRunOptions,
  type ExecutionEvent,
} from '@reev/orchestrator';
import { isDynamicTestCase, type ExecutionMode } from '@reev/types';
import { ApiError, conflict } from '../http/errors';
import { API_LOGGER, API_SETTINGS, type ApiSettings } from '../settings';
import { ExecutionEventLog } from './event-log';
import {
  errorOf,
  isActive,
  type LiveRun,
  type RequestRun,
  type RunKind,
  type RunOrigin,
  type RunOutcome,
  type StopResult,
  type StoredRunRequest,
} from './live-run';
import { NativeMemoryGovernor } from './native-memory';

interface QueuedRun {
  run: LiveRun;
  controller: AbortController;
  execute(signal: AbortSignal, events: { emit(event: ExecutionEvent): void }): Promise<RunOutcome>;
  settle(outcome: RunOutcome): void;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Executes the API's runs in this process, in the background: at most `maxConcurrentRuns` at once, the rest
 * wait in submission order. Keeps each run's live status and events; `stop` cancels a run through its
 * AbortSignal (a waiting run is stopped without starting).
 */
@injectable()
export class RunQueue {
  private readonly runs = new Map<string, QueuedRun>();
  /** Ids whose queued row is being written: a second submission with the same id is a conflict meanwhile. */
  private readonly storing = new Set<string>();
  private readonly waiting: QueuedRun[] = [];
  private readonly finishedOrder: string[] = [];
  private running = 0;
  private closing = false;
  private readonly memory: NativeMemoryGovernor;

  constructor(
    @inject(OrchestratorGateway) private readonly gateway: OrchestratorGateway,
    @inject(DATABASE_WRITER) private readonly writer: DatabaseWriterPort,
    @inject(API_SETTINGS) private readonly settings: ApiSettings,
    @inject(API_LOGGER) private readonly log: FastifyBaseLogger,
  ) {
    this.memory = new NativeMemoryGovernor(settings.memoryTargetBytes);
  }

  /**
   * Queues a benchmark run (static or dynamic, as the file says). Resolves once the run is stored as `queued`
   * with its request, so an acknowledged run outlives a crash of this process.
   */
  startBenchmark(
    benchmark: LoadedBenchmark,
    agent: Agent,
    origin: RunOrigin = { llmCache: 'off', withConfig: false },
    executionId: string = randomUUID(),
  ): Promise<LiveRun> {
    const mode: ExecutionMode = isDynamicTestCase(benchmark.testCase) ? 'dynamic' : 'static';
    const request: StoredRunRequest = {
      kind: 'benchmark',
      benchmark_id: benchmark.testCase.id,
      agent: agent.name,
      llm_cache: origin.llmCache,
      with_config: origin.withConfig,
    };
    return this.enqueue(executionId, 'benchmark', benchmark.testCase.id, agent.name, mode, request, origin, async (signal, events) => ({
      kind: 'benchmark',
      result: await this.gateway.executeBenchmark(benchmark, agent, { executionId, signal, events, interfaceKind: 'api' }),
    }));
  }

  /** Queues a free request: plan it against the wallet's real context, then run the plan. Stored first, like startBenchmark. */
  startRequest(request: RequestRun, origin: RunOrigin = { llmCache: 'off', withConfig: false }): Promise<LiveRun> {
    const executionId = request.executionId ?? randomUUID();
    const stored: StoredRunRequest = {
      kind: 'request',
      prompt: request.prompt,
      wallet: request.wallet,
      agent: request.agent.name,
      llm_cache: origin.llmCache,
      with_config: origin.withConfig,
      ...(request.atomicMode ? { atomic_mode: request.atomicMode } : {}),
      ...(request.initialState ? { initial_state: request.initialState } : {}),
      ...(request.plan ? { plan: request.plan } : {}),
      ...(request.retry ? { retry: request.retry } : {}),
    };
    return this.enqueue(executionId, 'request', undefined, request.agent.name, 'dynamic', stored, origin, async (signal, events) => {
      const options: DynamicRunOptions = {
        executionId,
        signal,
        events,
        interfaceKind: 'api',
        ...(request.atomicMode ? { atomicMode: request.atomicMode } : {}),
        ...(request.initialState ? { initialState: request.initialState } : {}),
        ...request.retry,
      };
      return {
        kind: 'request',
        result: request.plan
          ? await this.gateway.executeFlowPlan(request.plan, request.agent, { ...options, wallet: request.wallet })
          : await this.gateway.executeDynamicFlow(request.prompt, request.wallet, request.agent, options),
      };
    });
  }

  get(executionId: string): LiveRun | undefined {
    return this.runs.get(executionId)?.run;
  }

  /** Runs this process knows, newest first. */
  list(filter: { benchmarkId?: string; agent?: string } = {}): LiveRun[] {
    return [...this.runs.values()]
      .map((entry) => entry.run)
      .filter((run) => filter.benchmarkId === undefined || run.benchmarkId === filter.benchmarkId)
      .filter((run) => filter.agent === undefined || run.agent === filter.agent)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  counts(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  /** Cancels a run: a waiting one ends `stopped` without starting; a running one is aborted and awaited. */
  async stop(executionId: string): Promise<StopResult | undefined> {
    const entry = this.runs.get(executionId);
    if (!entry) return undefined;
    const { run } = entry;
    if (!isActive(run)) return { kind: 'not_running', run };
    const position = this.waiting.indexOf(entry);
    if (position >= 0) {
      this.waiting.splice(position, 1);
      await this.stopBeforeStart(entry, 'stopped before it started');
    } else {
      entry.controller.abort();
      await run.finished;
    }
    return { kind: 'stopped', run };
  }

  /** Stops every run (waiting ones without starting) and waits until all have ended. Submissions are refused after. */
  async close(): Promise<void> {
    this.closing = true;
    const waiting = this.waiting.splice(0);
    await Promise.all(waiting.map((entry) => this.stopBeforeStart(entry, 'the server shut down before it started')));
    const active = [...this.runs.values()].filter((entry) => isActive(entry.run));
    for (const entry of active) entry.controller.abort();
    await Promise.all(active.map((entry) => entry.run.finished));
  }

  private async enqueue(
    executionId: string,
    kind: RunKind,
    benchmarkId: string | undefined,
    agent: string,
    mode: ExecutionMode,
    request: StoredRunRequest,
    origin: RunOrigin,
    execute: QueuedRun['execute'],
  ): Promise<LiveRun> {
    if (this.closing) throw new ApiError(503, 'shutting_down', 'the server is shutting down; no new runs are accepted');
    if (this.runs.has(executionId) || this.storing.has(executionId)) throw conflict(`execution ${executionId} already exists`);
    if (!origin.resumed) {
      this.storing.add(executionId);
      try {
        await recordQueuedExecution(this.writer, {
          executionId,
          ...(benchmarkId !== undefined ? { benchmarkId } : {}),
          agent,
          mode,
          metadata: { interface: 'api', request },
        });
      } catch (error) {
        throw new ApiError(503, 'storage_unavailable', `the run could not be stored, so it was not started: ${errorMessage(error)}`, {}, { cause: error });
      } finally {
        this.storing.delete(executionId);
      }
      if (this.closing) {
        await this.storeEnd(executionId, 'stopped', 'the server shut down before it started');
        throw new ApiError(503, 'shutting_down', 'the server is shutting down; no new runs are accepted');
      }
    }
    let settle!: (outcome: RunOutcome) => void;
    const finished = new Promise<RunOutcome>((resolve) => {
      settle = resolve;
    });
    const now = new Date().toISOString();
    const run: LiveRun = {
      executionId,
      kind,
      benchmarkId,
      agent,
      mode,
      createdAt: now,
      status: 'queued',
      updatedAt: now,
      finishedAt: undefined,
      score: undefined,
      error: undefined,
      events: new ExecutionEventLog(),
      finished,
    };
    const entry: QueuedRun = { run, controller: new AbortController(), execute, settle };
    this.runs.set(executionId, entry);
    this.waiting.push(entry);
    this.pump();
    return run;
  }

  private pump(): void {
    while (this.running < this.settings.maxConcurrentRuns && this.waiting.length > 0) {
      const entry = this.waiting.shift() as QueuedRun;
      this.running += 1;
      entry.run.status = 'running';
      entry.run.updatedAt = new Date().toISOString();
      void this.execute(entry).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async execute(entry: QueuedRun): Promise<void> {
    const { run } = entry;
    const events = {
      emit: (event: ExecutionEvent) => {
        run.updatedAt = new Date().toISOString();
        run.events.append(event);
      },
    };
    let outcome: RunOutcome;
    try {
      outcome = await entry.execute(entry.controller.signal, events);
      const result = outcome.kind === 'benchmark' || outcome.kind === 'request' ? outcome.result : undefined;
      if (result) {
        run.status = result.status;
        run.score = result.score;
        run.error = errorOf(outcome);
      }
    } catch (error) {
      outcome = { kind: 'error', error };
      run.status = 'failed';
      run.score = 0;
      run.error = errorMessage(error);
      if (error instanceof PlanningError) this.log.info({ executionId: run.executionId }, `request not planned: ${run.error}`);
      else this.log.error({ err: error, executionId: run.executionId }, 'run failed');
      // The run threw before or while storing its end (a planning error, a full disk, …): its row must not stay
      // queued or running. Stored in the background, retried while the storage refuses it.
      await this.storeEnd(run.executionId, 'failed', run.error);
    }
    this.finish(entry, outcome);
  }

  /**
   * Stores how a run ended. When the storage refuses (full disk, lock held for long), tries again in the background
   * with growing pauses until it succeeds or the queue closes, so the row ends with the reason once writes succeed.
   */
  private async storeEnd(executionId: string, status: 'failed' | 'stopped' | 'interrupted', reason: string, attempt = 1): Promise<void> {
    try {
      await recordExecutionEnd(this.writer, executionId, status, reason);
    } catch (error) {
      if (attempt === 1) this.log.error({ err: error, executionId }, `could not store that the run ended ${status}; retrying`);
      if (this.closing) return;
      setTimeout(() => void this.storeEnd(executionId, status, reason, attempt + 1), Math.min(30_000, 250 * 2 ** attempt)).unref();
    }
  }

  private async stopBeforeStart(entry: QueuedRun, reason: string): Promise<void> {
    const { run } = entry;
    run.status = 'stopped';
    run.score = 0;
    run.error = reason;
    try {
      // Its queued row was written when it was accepted.
      await recordExecutionEnd(this.writer, run.executionId, 'stopped', reason);
    } catch (error) {
      this.log.error({ err: error, executionId: run.executionId }, 'could not store a stopped run');
    }
    this.finish(entry, { kind: 'not_started', reason });
  }

  private finish(entry: QueuedRun, outcome: RunOutcome): void {
    const { run } = entry;
    const now = new Date().toISOString();
    run.updatedAt = now;
    run.finishedAt = now;
    // Runs that ended without the orchestrator's `done` (stopped while waiting, or thrown) still close their streams.
    run.events.append({
      type: 'done',
      executionId: run.executionId,
      status: run.status,
      score: run.score ?? 0,
      ...(run.error !== undefined ? { error: run.error } : {}),
    });
    entry.settle(outcome);
    this.memory.afterRun();
    this.finishedOrder.push(run.executionId);
    while (this.finishedOrder.length > this.settings.retainedRuns) {
      this.runs.delete(this.finishedOrder.shift() as string);
    }
  }
}
