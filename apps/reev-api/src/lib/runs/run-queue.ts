import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { inject, injectable } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import type { LoadedBenchmark } from '@reev/lib';
import {
  OrchestratorGateway,
  PlanningError,
  type BenchmarkRunResult,
  type DynamicRunOptions,
  type ExecutionEvent,
  type FlowRunResult,
} from '@reev/orchestrator';
import {
  isDynamicTestCase,
  type AtomicMode,
  type DynamicFlowPlan,
  type ExecutionMode,
  type ExecutionStatus,
  type InitialStateItem,
} from '@reev/types';
import { ApiError, conflict } from '../http/errors';
import { API_LOGGER, API_SETTINGS, type ApiSettings } from '../settings';
import { ExecutionEventLog } from './event-log';

export type RunKind = 'benchmark' | 'request';

/** How a run ended: its result, stopped before it started, or an error thrown by the run. */
export type RunOutcome =
  | { kind: 'benchmark'; result: BenchmarkRunResult }
  | { kind: 'request'; result: FlowRunResult }
  | { kind: 'not_started'; reason: string }
  | { kind: 'error'; error: unknown };

/** One execution started through the API, as this process sees it. */
export interface LiveRun {
  readonly executionId: string;
  readonly kind: RunKind;
  readonly benchmarkId: string | undefined;
  readonly agent: string;
  readonly mode: ExecutionMode;
  readonly createdAt: string;
  status: ExecutionStatus;
  updatedAt: string;
  finishedAt: string | undefined;
  score: number | undefined;
  error: string | undefined;
  readonly events: ExecutionEventLog;
  /** Settles (never rejects) when the run has ended and everything about it is stored. */
  readonly finished: Promise<RunOutcome>;
}

export interface RequestRun {
  prompt: string;
  wallet: string;
  agent: Agent;
  executionId?: string;
  atomicMode?: AtomicMode;
  initialState?: InitialStateItem[];
  /** A plan made beforehand (execute-recovery sets its recovery strategies): run instead of planning `prompt`. */
  plan?: DynamicFlowPlan;
  /** Waits between attempts of the plan's Retry strategies. */
  retry?: Pick<DynamicRunOptions, 'retryBackoffMs' | 'retryBackoffMultiplier' | 'maxRetryDelayMs'>;
}

export type StopResult =
  | { kind: 'stopped'; run: LiveRun }
  | { kind: 'not_running'; run: LiveRun };

interface QueuedRun {
  run: LiveRun;
  controller: AbortController;
  execute(signal: AbortSignal, events: { emit(event: ExecutionEvent): void }): Promise<RunOutcome>;
  settle(outcome: RunOutcome): void;
}

const ACTIVE: ReadonlySet<ExecutionStatus> = new Set(['queued', 'running']);

function errorOf(outcome: RunOutcome): string | undefined {
  if (outcome.kind === 'request') return outcome.result.error_message ?? outcome.result.consolidation_error;
  if (outcome.kind === 'benchmark') {
    return outcome.result.status === 'stopped' ? 'execution stopped' : outcome.result.consolidationError;
  }
  return undefined;
}

export function isActive(run: LiveRun): boolean {
  return ACTIVE.has(run.status);
}

/**
 * Executes the API's runs in this process, in the background: at most `maxConcurrentRuns` at once, the rest
 * wait in submission order. Keeps each run's live status and events; `stop` cancels a run through its
 * AbortSignal (a waiting run is stopped without starting).
 */
@injectable()
export class RunQueue {
  private readonly runs = new Map<string, QueuedRun>();
  private readonly waiting: QueuedRun[] = [];
  private readonly finishedOrder: string[] = [];
  private running = 0;
  private closing = false;

  constructor(
    @inject(OrchestratorGateway) private readonly gateway: OrchestratorGateway,
    @inject(DATABASE_WRITER) private readonly writer: DatabaseWriterPort,
    @inject(API_SETTINGS) private readonly settings: ApiSettings,
    @inject(API_LOGGER) private readonly log: FastifyBaseLogger,
  ) {}

  /** Queues a benchmark run (static or dynamic, as the file says). */
  startBenchmark(benchmark: LoadedBenchmark, agent: Agent, executionId: string = randomUUID()): LiveRun {
    const mode: ExecutionMode = isDynamicTestCase(benchmark.testCase) ? 'dynamic' : 'static';
    return this.enqueue(executionId, 'benchmark', benchmark.testCase.id, agent.name, mode, async (signal, events) => ({
      kind: 'benchmark',
      result: await this.gateway.executeBenchmark(benchmark, agent, { executionId, signal, events, interfaceKind: 'api' }),
    }));
  }

  /** Queues a free request: plan it against the wallet's real context, then run the plan. */
  startRequest(request: RequestRun): LiveRun {
    const executionId = request.executionId ?? randomUUID();
    return this.enqueue(executionId, 'request', undefined, request.agent.name, 'dynamic', async (signal, events) => {
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

  private enqueue(
    executionId: string,
    kind: RunKind,
    benchmarkId: string | undefined,
    agent: string,
    mode: ExecutionMode,
    execute: QueuedRun['execute'],
  ): LiveRun {
    if (this.closing) throw new ApiError(503, 'shutting_down', 'the server is shutting down; no new runs are accepted');
    if (this.runs.has(executionId)) throw conflict(`execution ${executionId} already exists`);
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
      run.error = error instanceof Error ? error.message : String(error);
      if (error instanceof PlanningError) this.log.info({ executionId: run.executionId }, `request not planned: ${run.error}`);
      else this.log.error({ err: error, executionId: run.executionId }, 'run failed');
    }
    this.finish(entry, outcome);
  }

  private async stopBeforeStart(entry: QueuedRun, reason: string): Promise<void> {
    const { run } = entry;
    run.status = 'stopped';
    run.score = 0;
    run.error = reason;
    try {
      // Stored so the stop outlives this process's memory; mode and agent as the run would have stored them.
      await this.writer.createExecution({
        executionId: run.executionId,
        ...(run.benchmarkId !== undefined ? { benchmarkId: run.benchmarkId } : {}),
        agent: run.agent,
        mode: run.mode,
        status: 'queued',
        metadata: { interface: 'api', stopped_before_start: true },
      });
      await this.writer.completeExecution(run.executionId, { status: 'stopped', score: 0, result: null, error: reason });
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
    this.finishedOrder.push(run.executionId);
    while (this.finishedOrder.length > this.settings.retainedRuns) {
      this.runs.delete(this.finishedOrder.shift() as string);
    }
  }
}
