import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { measureApi, type ApiFigures } from './api';
import { measureCli, type CliFigures } from './cli-run';
import { measureThroughput, mergeBreakdowns, openDynamicFlowBench, openFlowBench, type FlowBench, type FlowBreakdown, type ThroughputRun } from './flows';
import { captureExecutionTemplate, seedExecutions } from './growth';
import type { LoadResult } from './http-load';
import { measureLibsql, measureLiteSvm, type LibsqlLimits, type LiteSvmLimits } from './raw-limits';
import { plainReev, runDynamicFlow } from './reev';
import { SUITE_DIR } from './paths';
import type { BenchSettings, Section } from './settings';
import { measureApiSoak, type SoakFigures } from './soak';
import { measureSuite, type SuiteFigures } from './suite';
import { inRounds, medianByKey, roundRatio, type RoundRatio } from './stats';
import type { Target } from './targets';
import { evaluateTargets } from './evaluate-targets';
import type { PartTimes } from './timeline';

export interface GrowthLevel {
  earlierExecutions: number;
  medianMs: number;
  /** Where the time went, to show which part grows with the database. */
  partsMs: PartTimes;
  databaseBytes: number;
  /** Time to add this level's executions to the previous level's database. */
  seedMs: number;
}

export interface GrowthFigures {
  levels: GrowthLevel[];
  /** Stored bytes one real execution occupies in the seeded tables (the template copied). */
  bytesPerExecution: number;
  seededTables: string[];
  /** The highest level ÷ 0 per round. */
  ratio?: RoundRatio;
}

export interface MemoryFigures {
  /** Flow count → resident bytes. */
  rssAfter: Record<number, number>;
  checkpoints: [number, number];
  gcForced: boolean;
}

export interface DynamicFigures extends FlowBreakdown {
  /** The instrumented flows the parts come from (their median includes the instrumentation's own cost). */
  timed: FlowBreakdown;
  /** Transactions at the raw build+sign+send cost plus commits at the raw commit cost. */
  rawPartsMs: number;
  /** Flow median ÷ raw parts, per round (raw limits and flows measured side by side in each round). */
  overheadRatio: RoundRatio;
}

export interface ThroughputFigures {
  /** Per concurrency, the round whose flows/s is the median. */
  runs: ThroughputRun[];
  /** Widest concurrency ÷ concurrency 1, per round. */
  ratio: RoundRatio;
}

export interface BenchReport {
  date: string;
  settings: BenchSettings;
  sections: Section[];
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  durationSeconds: number;
  raw: { liteSvm: LiteSvmLimits; libsql: LibsqlLimits; bareRoute?: LoadResult };
  suite?: SuiteFigures;
  dynamic?: DynamicFigures;
  throughput?: ThroughputFigures;
  memory?: MemoryFigures;
  growth?: GrowthFigures;
  api?: ApiFigures;
  cli?: CliFigures;
  soak?: SoakFigures;
  targets: Target[];
  notes: string[];
}

export type Progress = (message: string) => void;

/**
 * Warm-up rounds before each throughput run, one flow per thread at once. Every run starts new workers (new V8
 * isolates): 20 flows per thread, as the dynamic section warms up, so the measured window sees compiled code on both
 * sides rather than a worker's first flows beside a warm main thread.
 */
const THROUGHPUT_WARMUP_ROUNDS = 20;

/**
 * Flows on a database with 0 earlier executions and on one seeded with each level's count, measured in alternation
 * round by round once the level is seeded; the ratio per round compares the two sides under the same load.
 */
async function measureGrowth(directory: string, settings: BenchSettings, progress: Progress): Promise<GrowthFigures> {
  const baseUrl = `file:${path.join(directory, 'growth-0.db')}`;
  const url = `file:${path.join(directory, 'growth.db')}`;
  const levels: GrowthLevel[] = [];
  const ratios: RoundRatio[] = [];
  const base = openFlowBench(baseUrl);
  let grown: FlowBench | undefined;
  try {
    progress('growth: flows with 0 earlier executions');
    const first = await base.measure(settings.growth);
    levels.push({ earlierExecutions: 0, medianMs: first.medianMs, partsMs: first.partsMs, databaseBytes: statSync(baseUrl.slice('file:'.length)).size, seedMs: 0 });
    const template = await latestExecutionTemplate(baseUrl);
    // The seeded database gets its schema (and one flow) from a flow run before the first seeding.
    const opened = openFlowBench(url);
    grown = opened;
    await opened.measure({ warmup: 0, repeat: 1 });
    let seeded = 0;
    for (const level of settings.growthLevels.filter((count) => count > 0)) {
      progress(`growth: seeding executions ${seeded + 1}..${level}`);
      const started = performance.now();
      await seedExecutions(url, template, seeded + 1, level);
      const seedMs = performance.now() - started;
      seeded = level;
      progress(`growth: flows with ${level} earlier executions, alternating with 0, ${settings.rounds} rounds`);
      const rounds = await inRounds(settings.rounds, async () => {
        const atZero = await base.measure(settings.growth);
        const atLevel = await opened.measure(settings.growth);
        return { atZero, atLevel };
      });
      const merged = mergeBreakdowns(rounds.map((round) => round.atLevel));
      levels.push({ earlierExecutions: level, medianMs: merged.medianMs, partsMs: merged.partsMs, databaseBytes: statSync(url.slice('file:'.length)).size, seedMs });
      ratios.push(roundRatio(rounds.map((round) => round.atLevel.medianMs / round.atZero.medianMs)));
    }
    return { levels, bytesPerExecution: template.bytes, seededTables: [...new Set(template.rows.map((row) => row.table))], ratio: ratios.at(-1) };
  } finally {
    await grown?.close();
    await base.close();
  }
}

async function latestExecutionTemplate(url: string) {
  const client = createClient({ url });
  try {
    const latest = await client.execute('SELECT execution_id FROM execution_states ORDER BY created_at DESC LIMIT 1');
    const executionId = latest.rows[0]?.['execution_id'];
    if (typeof executionId !== 'string') throw new Error('growth: no execution stored by the level-0 flows');
    return await captureExecutionTemplate(client, executionId);
  } finally {
    client.close();
  }
}

/** Runs the selected sections in one process, one after another, and evaluates the targets. */
export async function runBench(settings: BenchSettings, sections: readonly Section[], progress: Progress): Promise<BenchReport> {
  const began = performance.now();
  const loadAverageAtStart = loadavg();
  const directory = mkdtempSync(path.join(tmpdir(), 'reev-bench-'));
  const notes: string[] = [];
  const selected = new Set(sections);
  try {
    let liteSvm: LiteSvmLimits;
    let libsql: LibsqlLimits;
    let dynamic: DynamicFigures | undefined;
    if (selected.has('dynamic')) {
      progress(`dynamic flow and raw limits, alternating, ${settings.rounds} rounds`);
      const flows = openDynamicFlowBench(`file:${path.join(directory, 'dynamic.db')}`, `file:${path.join(directory, 'dynamic-timed.db')}`);
      try {
        const rounds = await inRounds(settings.rounds, async () => {
          const roundLiteSvm = await measureLiteSvm(settings.raw);
          const roundLibsql = await measureLibsql(settings.raw);
          const breakdown = await flows.measure(settings.dynamic);
          const rawPartsMs = breakdown.transactions * roundLiteSvm.transferMs + breakdown.commits * roundLibsql.insertCommitMs;
          return { roundLiteSvm, roundLibsql, breakdown, overhead: breakdown.medianMs / rawPartsMs };
        });
        liteSvm = medianByKey(rounds.map((round) => round.roundLiteSvm));
        libsql = medianByKey(rounds.map((round) => round.roundLibsql));
        const breakdown = mergeBreakdowns(rounds.map((round) => round.breakdown));
        const timed = mergeBreakdowns(rounds.map((round) => round.breakdown.timed));
        const rawPartsMs = breakdown.transactions * liteSvm.transferMs + breakdown.commits * libsql.insertCommitMs;
        dynamic = { ...breakdown, timed, rawPartsMs, overheadRatio: roundRatio(rounds.map((round) => round.overhead)) };
      } finally {
        await flows.close();
      }
    } else {
      progress('raw limits: LiteSVM transfer, libSQL commit');
      liteSvm = await measureLiteSvm(settings.raw);
      libsql = await measureLibsql(settings.raw);
    }

    let suite: SuiteFigures | undefined;
    if (selected.has('suite')) {
      progress('static suite');
      suite = await measureSuite(SUITE_DIR, `file:${path.join(directory, 'suite.db')}`, settings.suite);
    }

    let throughput: ThroughputFigures | undefined;
    let memory: MemoryFigures | undefined;
    if (selected.has('throughput')) {
      const widest = Math.max(...settings.concurrencies);
      let runIndex = 0;
      const throughputRun = (concurrency: number) => {
        runIndex += 1;
        return measureThroughput(`file:${path.join(directory, `throughput-${runIndex}.db`)}`, {
          flows: settings.sequentialFlows,
          concurrency,
          budgetMs: settings.concurrentBudgetMs,
          // Concurrent flows run on worker threads, as many as WorkerFlowPool's default (one per core); writes stay on
          // this thread. With several flows in flight per worker, a worker waiting for the writer's reply to one flow
          // runs another, so a worker more than cores only adds a V8 heap and chain pool competing for the cores.
          ...(concurrency === 1 ? {} : { workers: Math.min(concurrency, availableParallelism()) }),
          warmupFlows: THROUGHPUT_WARMUP_ROUNDS,
        });
      };
      const rounds = await inRounds(settings.rounds, async (round) => {
        const runs: ThroughputRun[] = [];
        for (const concurrency of settings.concurrencies) {
          progress(`throughput: round ${round + 1}/${settings.rounds}, concurrency ${concurrency}`);
          runs.push(await throughputRun(concurrency));
        }
        return runs;
      });
      const medianRun = (concurrency: number): ThroughputRun => {
        const sorted = rounds.map((runs) => runs.find((run) => run.concurrency === concurrency) as ThroughputRun).sort((a, b) => a.flowsPerSecond - b.flowsPerSecond);
        return sorted[Math.floor(sorted.length / 2)];
      };
      const perRound = rounds.map((runs) => {
        const one = runs.find((run) => run.concurrency === 1);
        const many = runs.find((run) => run.concurrency === widest);
        return one && many ? many.flowsPerSecond / one.flowsPerSecond : Number.NaN;
      });
      throughput = { runs: settings.concurrencies.map(medianRun), ratio: roundRatio(perRound) };
      notes.push(
        `throughput: each concurrency ran ${settings.concurrentBudgetMs / 1000} s per round (flows time-boxed), in ${settings.rounds} rounds alternating the concurrencies; ` +
          `concurrency above 1 on ${Math.min(widest, availableParallelism())} worker threads, after ${THROUGHPUT_WARMUP_ROUNDS} warm-up flows per thread`,
      );

      progress(`memory: ${settings.sequentialFlows} flows at concurrency 1`);
      const sequential = await measureThroughput(`file:${path.join(directory, 'memory.db')}`, {
        flows: settings.sequentialFlows,
        concurrency: 1,
        rssCheckpoints: settings.memoryCheckpoints,
        maxRssBytes: settings.maxRssBytes,
        onProgress: (done) => {
          if (done % 100 === 0) progress(`memory: ${done} flows`);
        },
      });
      if (sequential.memoryCapped) {
        notes.push(
          `memory: stopped after ${sequential.flows} flows because resident memory passed ` +
            `${(settings.maxRssBytes / 1024 ** 3).toFixed(0)} GiB (the memory ratio compares that point with ${settings.memoryCheckpoints[0]} flows)`,
        );
      }
      memory = { rssAfter: sequential.rssAfter, checkpoints: settings.memoryCheckpoints, gcForced: typeof (globalThis as { gc?: unknown }).gc === 'function' };
    }

    let growth: GrowthFigures | undefined;
    if (selected.has('growth')) growth = await measureGrowth(directory, settings, progress);

    let api: ApiFigures | undefined;
    if (selected.has('api')) {
      progress(`api: GET /api/v1/flows/{id} and the bare route, alternating ${settings.apiSeconds} s each, ${settings.rounds} rounds`);
      const url = `file:${path.join(directory, 'api.db')}`;
      const reev = plainReev(url);
      let consolidatedId: string;
      try {
        consolidatedId = (await runDynamicFlow(reev)).consolidatedSessionId;
      } finally {
        await reev.close();
      }
      api = await measureApi(url, consolidatedId, settings.rounds, settings.apiSeconds);
    }

    let cli: CliFigures | undefined;
    if (selected.has('cli')) {
      progress('cli: the whole suite through apps/reev-runner/dist/main.js');
      cli = await measureCli(settings.cliRuns);
      if (cli.built) notes.push('apps/reev-runner/dist was missing: the bench built it first (not part of the CLI figure)');
    }

    let soak: SoakFigures | undefined;
    if (selected.has('soak')) {
      progress(`soak: ${settings.soakRuns} benchmark runs through one reev-api process`);
      soak = await measureApiSoak(`file:${path.join(directory, 'soak.db')}`, settings.soakRuns, (done) => progress(`soak: ${done} runs`));
    }

    const partial: Omit<BenchReport, 'targets'> = {
      date: new Date().toISOString(),
      settings,
      sections: [...sections],
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverageAtStart,
        loadAverageAtEnd: loadavg(),
      },
      durationSeconds: (performance.now() - began) / 1000,
      raw: { liteSvm, libsql, ...(api?.measured ? { bareRoute: api.bareRoute } : {}) },
      ...(suite ? { suite } : {}),
      ...(dynamic ? { dynamic } : {}),
      ...(throughput ? { throughput } : {}),
      ...(memory ? { memory } : {}),
      ...(growth ? { growth } : {}),
      ...(api ? { api } : {}),
      ...(cli ? { cli } : {}),
      ...(soak ? { soak } : {}),
      notes,
    };
    return { ...partial, targets: evaluateTargets(partial) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
