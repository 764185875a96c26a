import path from 'node:path';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Agent } from '@reev/agent';
import { DEFAULT_DATABASE_URL } from '@reev/db';
import type { EnvFactory, Planner } from '@reev/orchestrator';

export const DEFAULT_MAX_CONCURRENT_RUNS = 4;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_EVENT_POLL_INTERVAL_MS = 1000;
export const DEFAULT_RETAINED_RUNS = 500;
export const DEFAULT_MEMORY_TARGET_BYTES = 320 * 1024 * 1024;

/** What to do at start with runs a crashed process acknowledged but did not finish (still `queued`). */
export type QueuedRunRecovery = 'resume' | 'interrupt';
export const QUEUED_RUN_RECOVERIES: readonly QueuedRunRecovery[] = ['resume', 'interrupt'];

export interface ServerOptions {
  /** `file:path` (default file:.reev/reev.db), `:memory:`, or a libSQL server URL. */
  databaseUrl?: string;
  /** Auth token of a libSQL server database. */
  databaseAuthToken?: string;
  /** The benchmark YAML directory (default `<cwd>/benchmarks`); upsert-yml writes into it. */
  benchmarksDir?: string;
  /** When set (default: env REEV_API_TOKEN), every POST needs `Authorization: Bearer <token>`. */
  apiToken?: string;
  /** Runs executing at once; the rest wait in order (default 4). */
  maxConcurrentRuns?: number;
  /** Largest accepted request body (default 1 MiB); larger ones get 413. */
  bodyLimitBytes?: number;
  /** Fastify's logger option: false (default) or pino options. */
  logger?: FastifyServerOptions['logger'];
  /** Extra agents by name, next to the built-in `deterministic` and the LLM routes. */
  agents?: Record<string, () => Agent>;
  /** Environment factory; defaults to the embedded LiteSVM environment. */
  createEnv?: EnvFactory;
  planner?: Planner;
  /** How often an event stream re-reads an execution another process is running (default 1000 ms). */
  eventPollIntervalMs?: number;
  /** Finished runs kept in memory for late event-stream subscribers (default 500). */
  retainedRuns?: number;
  /** Variables the LLM agent routes read (default process.env). */
  environment?: Readonly<Record<string, string | undefined>>;
  /** Browser origins allowed besides localhost/127.0.0.1 on any port, e.g. `http://reev.example:8080`. */
  corsOrigins?: string[];
  /**
   * Runs a crashed process left `queued`: `resume` (default) starts them again, `interrupt` marks them
   * `interrupted`. Default: env REEV_QUEUED_RUNS, else `resume`.
   */
  queuedRuns?: QueuedRunRecovery;
  /** Resident memory above which a finished run triggers a full garbage collection (default 320 MiB). */
  memoryTargetBytes?: number;
  /**
   * Re-registers tokens of the server's container (composition.ts) before anything is resolved: a spec
   * substitutes a fake edge (PLANNER, SOLANA_ENV_FACTORY) or another database (DATABASE_OPTIONS) this way.
   */
  overrides?: (container: DependencyContainer) => void;
}

/** ServerOptions with every default applied, shared by the server's parts through the container. */
export interface ApiSettings {
  databaseUrl: string;
  benchmarksDir: string;
  apiToken: string | undefined;
  maxConcurrentRuns: number;
  bodyLimitBytes: number;
  eventPollIntervalMs: number;
  retainedRuns: number;
  environment: Readonly<Record<string, string | undefined>>;
  corsOrigins: string[];
  queuedRuns: QueuedRunRecovery;
  memoryTargetBytes: number;
}

export const API_SETTINGS: InjectionToken<ApiSettings> = Symbol('reev.api.Settings');
/** The server's logger (Fastify's), for parts that log outside a request. */
export const API_LOGGER: InjectionToken<FastifyBaseLogger> = Symbol('reev.api.Logger');

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new SettingsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export function resolveSettings(options: ServerOptions): ApiSettings {
  const token = options.apiToken ?? process.env['REEV_API_TOKEN'];
  return {
    databaseUrl: options.databaseUrl ?? DEFAULT_DATABASE_URL,
    benchmarksDir: path.resolve(options.benchmarksDir ?? path.join(process.cwd(), 'benchmarks')),
    // An empty token would let an empty Authorization header through.
    apiToken: token === undefined || token === '' ? undefined : token,
    maxConcurrentRuns: positiveInteger(options.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS, 'maxConcurrentRuns'),
    bodyLimitBytes: positiveInteger(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, 'bodyLimitBytes'),
    eventPollIntervalMs: positiveInteger(options.eventPollIntervalMs ?? DEFAULT_EVENT_POLL_INTERVAL_MS, 'eventPollIntervalMs'),
    retainedRuns: positiveInteger(options.retainedRuns ?? DEFAULT_RETAINED_RUNS, 'retainedRuns'),
    environment: options.environment ?? process.env,
    corsOrigins: options.corsOrigins ?? [],
    queuedRuns: queuedRunRecovery(options.queuedRuns ?? process.env['REEV_QUEUED_RUNS'] ?? 'resume'),
    memoryTargetBytes: positiveInteger(options.memoryTargetBytes ?? DEFAULT_MEMORY_TARGET_BYTES, 'memoryTargetBytes'),
  };
}

function queuedRunRecovery(value: string): QueuedRunRecovery {
  if ((QUEUED_RUN_RECOVERIES as readonly string[]).includes(value)) return value as QueuedRunRecovery;
  throw new SettingsError(`queued runs recovery must be one of ${QUEUED_RUN_RECOVERIES.join(', ')} (REEV_QUEUED_RUNS or --queued-runs), got "${value}"`);
}
