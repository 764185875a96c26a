import type { Repetition } from './stats';

export const SECTIONS = ['raw', 'suite', 'dynamic', 'throughput', 'growth', 'api', 'cli', 'soak'] as const;
export type Section = (typeof SECTIONS)[number];

/** How much of each measurement a run does. */
export interface BenchSettings {
  quick: boolean;
  /** Rounds of every compared pair (flow and raw parts, concurrency 1 and N, growth levels, API and bare route). */
  rounds: number;
  raw: Repetition;
  bareRouteSeconds: number;
  suite: Repetition;
  dynamic: Repetition;
  /** Flows of the concurrency-1 run, which also records memory. */
  sequentialFlows: number;
  /** Flow counts after which memory is recorded (the second is the run's end). */
  memoryCheckpoints: [number, number];
  /** The concurrency-1 run stops early above this resident memory, so a leak cannot exhaust a shared machine. */
  maxRssBytes: number;
  /** Each throughput run of a round stops starting flows after this long. */
  concurrentBudgetMs: number;
  concurrencies: number[];
  growthLevels: number[];
  growth: Repetition;
  /** Load per route per round. */
  apiSeconds: number;
  cliRuns: number;
  /** Benchmark runs through one reev-api process for its resident memory (the soak section). */
  soakRuns: number;
}

export const FULL_SETTINGS: BenchSettings = {
  quick: false,
  rounds: 5,
  raw: { warmup: 20, repeat: 100 },
  bareRouteSeconds: 10,
  suite: { warmup: 1, repeat: 5 },
  dynamic: { warmup: 20, repeat: 30 },
  sequentialFlows: 1000,
  memoryCheckpoints: [100, 1000],
  maxRssBytes: 4 * 1024 ** 3,
  concurrentBudgetMs: 6_000,
  concurrencies: [1, 4, 16],
  growthLevels: [0, 10_000, 100_000],
  growth: { warmup: 2, repeat: 6 },
  apiSeconds: 4,
  cliRuns: 3,
  soakRuns: 1000,
};

/** A smoke run: every section once with small counts; its ratios are indicative only. */
export const QUICK_SETTINGS: BenchSettings = {
  quick: true,
  rounds: 2,
  raw: { warmup: 5, repeat: 30 },
  bareRouteSeconds: 2,
  suite: { warmup: 0, repeat: 1 },
  dynamic: { warmup: 5, repeat: 6 },
  sequentialFlows: 100,
  memoryCheckpoints: [10, 100],
  maxRssBytes: 4 * 1024 ** 3,
  concurrentBudgetMs: 1_500,
  concurrencies: [1, 4, 16],
  growthLevels: [0, 1_000, 10_000],
  growth: { warmup: 1, repeat: 3 },
  apiSeconds: 1,
  cliRuns: 1,
  soakRuns: 100,
};
