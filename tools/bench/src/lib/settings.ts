import type { Repetition } from './stats';

export const SECTIONS = ['raw', 'suite', 'dynamic', 'throughput', 'growth', 'api', 'cli', 'soak'] as const;
export type Section = (typeof SECTIONS)[number];

/** How much of each measurement a run does. */
export interface BenchSettings {
  quick: boolean;
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
  /** The concurrent runs stop starting flows after this long, or at `sequentialFlows`. */
  concurrentBudgetMs: number;
  concurrencies: number[];
  growthLevels: number[];
  growth: Repetition;
  apiSeconds: number;
  cliRuns: number;
  /** Benchmark runs through one reev-api process for its resident memory (the soak section). */
  soakRuns: number;
}

export const FULL_SETTINGS: BenchSettings = {
  quick: false,
  raw: { warmup: 20, repeat: 200 },
  bareRouteSeconds: 10,
  suite: { warmup: 1, repeat: 5 },
  dynamic: { warmup: 3, repeat: 30 },
  sequentialFlows: 1000,
  memoryCheckpoints: [100, 1000],
  maxRssBytes: 4 * 1024 ** 3,
  concurrentBudgetMs: 20_000,
  concurrencies: [1, 4, 16],
  growthLevels: [0, 10_000, 100_000],
  growth: { warmup: 3, repeat: 15 },
  apiSeconds: 10,
  cliRuns: 3,
  soakRuns: 1000,
};

/** A smoke run: every section once with small counts; its ratios are indicative only. */
export const QUICK_SETTINGS: BenchSettings = {
  quick: true,
  raw: { warmup: 5, repeat: 50 },
  bareRouteSeconds: 2,
  suite: { warmup: 0, repeat: 1 },
  dynamic: { warmup: 1, repeat: 5 },
  sequentialFlows: 100,
  memoryCheckpoints: [10, 100],
  maxRssBytes: 4 * 1024 ** 3,
  concurrentBudgetMs: 3_000,
  concurrencies: [1, 4, 16],
  growthLevels: [0, 1_000, 10_000],
  growth: { warmup: 1, repeat: 5 },
  apiSeconds: 2,
  cliRuns: 1,
  soakRuns: 100,
};
