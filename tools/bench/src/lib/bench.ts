import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { measureFlowRoute, measureBareRoute, type ApiFigures } from './api';
import { measureCli, type CliFigures } from './cli-run';
import { measureFlowBreakdown, measureThroughput, type FlowBreakdown, type ThroughputRun } from './flows';
import { captureExecutionTemplate, seedExecutions } from './growth';
import type { LoadResult } from './http-load';
import { measureLibsql, measureLiteSvm, type LibsqlLimits, type LiteSvmLimits } from './raw-limits';
import { plainReev, runDynamicFlow } from './reev';
import { SUITE_DIR } from './paths';
import type { BenchSettings, Section } from './settings';
import { measureApiSoak, type SoakFigures } from './soak';
import { measureSuite, type SuiteFigures } from './suite';
import { ratio, target, type Target } from './targets';
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
}

export interface MemoryFigures {
  /** Flow count → resident bytes. */
  rssAfter: Record<number, number>;
  checkpoints: [number, number];
  gcForced: boolean;
}

export interface DynamicFigures extends FlowBreakdown {
  /** Transactions at the raw build+sign+send cost plus commits at the raw commit cost. */
  rawPartsMs: number;
  overheadRatio: number;
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
  throughput?: ThroughputRun[];
  memory?: MemoryFigures;
  growth?: GrowthFigures;
  api?: ApiFigures;
  cli?: CliFigures;
  soak?: SoakFigures;
  targets: Target[];
  notes: string[];
}

export type Progress = (message: string) => void;

async function measureGrowth(directory: string, settings: BenchSettings, progress: Progress): Promise<GrowthFigures> {
  const url = `file:${path.join(directory, 'growth.db')}`;
  const levels: GrowthLevel[] = [];
  let bytesPerExecution = 0;
  let seededTables: string[] = [];
  let template: Awaited<ReturnType<typeof captureExecutionTemplate>> | undefined;
  let seeded = 0;
  for (const level of settings.growthLevels) {
    let seedMs = 0;
    if (level > seeded) {
      if (template === undefined) throw new Error('growth: the first level must be 0 earlier executions');
      progress(`growth: seeding executions ${seeded + 1}..${level}`);
      const started = performance.now();
      await seedExecutions(url, template, seeded + 1, level);
      seedMs = performance.now() - started;
      seeded = level;
    }
    progress(`growth: flows with ${level} earlier executions`);
    const { medianMs, partsMs } = await measureFlowBreakdown(url, settings.growth);
    levels.push({ earlierExecutions: level, medianMs, partsMs, databaseBytes: statSync(url.slice('file:'.length)).size, seedMs });
    if (template === undefined) {
      const client = createClient({ url });
      try {
        const latest = await client.execute('SELECT execution_id FROM execution_states ORDER BY created_at DESC LIMIT 1');
        const executionId = latest.rows[0]?.['execution_id'];
        if (typeof executionId !== 'string') throw new Error('growth: no execution stored by the level-0 flows');
        template = await captureExecutionTemplate(client, executionId);
      } finally {
        client.close();
      }
      bytesPerExecution = template.bytes;
      seededTables = [...new Set(template.rows.map((row) => row.table))];
    }
  }
  return { levels, bytesPerExecution, seededTables };
}

/** The latest memory figure: after the run's last checkpoint, or where the memory cap stopped it. */
function lastFlowCount(memory: MemoryFigures): number {
  return Math.max(...Object.keys(memory.rssAfter).map(Number));
}

function lastRss(memory: MemoryFigures): number | undefined {
  return memory.rssAfter[lastFlowCount(memory)];
}

/** Which parts of the flow exceed their raw cost, largest first, and the fixed cost of a fresh chain. */
function flowOverheadReason(dynamic: DynamicFigures, liteSvm: LiteSvmLimits): string {
  const parts = Object.entries(dynamic.partsMs)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 4)
    .map(([part, ms]) => `${part} ${ms.toFixed(1)} ms`)
    .join(', ');
  return (
    `largest parts: ${parts}; the raw parts count only ${dynamic.transactions} transactions and ${dynamic.commits} commits, ` +
    `while every flow also builds a fresh LiteSVM chain (${liteSvm.newVmMs.toFixed(1)} ms measured above) so that runs are ` +
    'isolated and their signatures reproducible, and reads balances around every step to verify it on chain'
  );
}

function evaluateTargets(report: Omit<BenchReport, 'targets'>): Target[] {
  const { settings } = report;
  const sequential = report.throughput?.find((run) => run.concurrency === 1);
  const widest = report.throughput?.find((run) => run.concurrency === Math.max(...settings.concurrencies));
  const lowest = report.growth?.levels[0];
  const highest = report.growth?.levels.at(-1);
  const [early, late] = settings.memoryCheckpoints;
  const quickNote = settings.quick ? 'quick run: small counts, indicative only' : undefined;
  const api = report.api?.measured ? report.api.flowRoute.requestsPerSecond : undefined;
  return [
    target({
      id: 'dynamic_flow.overhead_ratio',
      description: 'dynamic flow median ÷ its raw parts',
      value: report.dynamic?.overheadRatio,
      limit: 1.5,
      kind: 'max',
      unit: '×',
      ...(quickNote ? { note: quickNote } : {}),
      ...(report.dynamic ? { why: flowOverheadReason(report.dynamic, report.raw.liteSvm) } : {}),
    }),
    target({
      id: 'throughput.concurrency_ratio',
      description: `flows/s at concurrency ${widest?.concurrency ?? 16} ÷ at concurrency 1`,
      value: ratio(widest?.flowsPerSecond, sequential?.flowsPerSecond),
      limit: 1.5,
      kind: 'min',
      unit: '×',
      ...(quickNote ? { note: quickNote } : {}),
      ...(sequential && widest
        ? {
            why:
              `the process used ${sequential.cpuPerWall.toFixed(2)} s of CPU per second of wall time at concurrency 1 and ` +
              `${widest.cpuPerWall.toFixed(2)} at ${widest.concurrency}: a flow's work (LiteSVM and libSQL are synchronous native ` +
              'calls) keeps a thread busy; concurrent flows run on worker threads (WorkerFlowPool), and what they gain is ' +
              'bounded by the cores and by every write crossing to the one writer thread',
          }
        : {}),
    }),
    target({
      id: 'growth.ratio',
      description: `flow median with ${highest?.earlierExecutions ?? 100_000} earlier executions ÷ with 0`,
      value: ratio(highest?.medianMs, lowest?.medianMs),
      limit: 1.2,
      kind: 'max',
      unit: '×',
      ...(quickNote ? { note: quickNote } : {}),
    }),
    target({
      id: 'memory.ratio',
      description: `resident memory after ${report.memory ? lastFlowCount(report.memory) : late} flows ÷ after ${early}`,
      value: ratio(report.memory ? lastRss(report.memory) : undefined, report.memory?.rssAfter[early]),
      limit: 1.2,
      kind: 'max',
      unit: '×',
      ...(quickNote ? { note: quickNote } : {}),
    }),
    target({
      id: 'api.flow_route_ratio',
      description: 'GET /api/v1/flows/{id} requests/s ÷ bare route',
      value: ratio(api, report.raw.bareRoute?.requestsPerSecond),
      limit: 0.5,
      kind: 'min',
      unit: '×',
      ...(report.api && !report.api.measured ? { note: report.api.reason } : quickNote ? { note: quickNote } : {}),
      ...(report.api?.measured && report.raw.bareRoute
        ? {
            why:
              `each answer is ${Math.round(report.api.flowRoute.bytesPerResponse)} bytes (the bare route's ` +
              `${Math.round(report.raw.bareRoute.bytesPerResponse)}): the route answers from a cache of serialised flows, so ` +
              'what is left is routing, validation, a request log line and moving those bytes',
          }
        : {}),
    }),
    target({
      id: 'cli.suite_ms',
      description: 'CLI run of the whole suite, process start included',
      value: report.cli?.medianMs,
      limit: 5000,
      kind: 'max',
      unit: 'ms',
    }),
    target({
      id: 'soak.rss_mb',
      description: `reev-api resident memory after ${report.soak?.runs ?? report.settings.soakRuns} API runs, no forced GC`,
      value: report.soak ? (report.soak.rssAfter[report.soak.runs] ?? 0) / 1024 ** 2 : undefined,
      limit: 400,
      kind: 'max',
      unit: 'MB',
      ...(report.settings.quick && report.soak ? { note: 'quick run: far fewer runs than the target names' } : {}),
    }),
  ];
}

/** Runs the selected sections in one process, one after another, and evaluates the targets. */
export async function runBench(settings: BenchSettings, sections: readonly Section[], progress: Progress): Promise<BenchReport> {
  const began = performance.now();
  const loadAverageAtStart = loadavg();
  const directory = mkdtempSync(path.join(tmpdir(), 'reev-bench-'));
  const notes: string[] = [];
  const selected = new Set(sections);
  try {
    progress('raw limits: LiteSVM transfer, libSQL commit');
    const liteSvm = await measureLiteSvm(settings.raw);
    const libsql = await measureLibsql(settings.raw);
    let bareRoute: LoadResult | undefined;
    if (selected.has('raw') || selected.has('api')) {
      progress(`raw limits: bare Fastify route, ${settings.bareRouteSeconds} s`);
      bareRoute = await measureBareRoute(settings.bareRouteSeconds);
    }

    let suite: SuiteFigures | undefined;
    if (selected.has('suite')) {
      progress('static suite');
      suite = await measureSuite(SUITE_DIR, `file:${path.join(directory, 'suite.db')}`, settings.suite);
    }

    let dynamic: DynamicFigures | undefined;
    if (selected.has('dynamic')) {
      progress('dynamic flow: breakdown');
      const breakdown = await measureFlowBreakdown(`file:${path.join(directory, 'dynamic.db')}`, settings.dynamic);
      const rawPartsMs = breakdown.transactions * liteSvm.transferMs + breakdown.commits * libsql.insertCommitMs;
      dynamic = { ...breakdown, rawPartsMs, overheadRatio: breakdown.medianMs / rawPartsMs };
    }

    let throughput: ThroughputRun[] | undefined;
    let memory: MemoryFigures | undefined;
    if (selected.has('throughput')) {
      throughput = [];
      for (const concurrency of settings.concurrencies) {
        const sequential = concurrency === 1;
        progress(`throughput: concurrency ${concurrency}`);
        const run = await measureThroughput(`file:${path.join(directory, `throughput-${concurrency}.db`)}`, {
          flows: settings.sequentialFlows,
          concurrency,
          // Concurrent flows run on worker threads; writes stay on this thread. One worker more than cores, because a
          // worker waits for the writer's replies.
          ...(sequential ? {} : { workers: Math.min(concurrency, availableParallelism() + 1) }),
          ...(sequential
            ? { rssCheckpoints: settings.memoryCheckpoints, maxRssBytes: settings.maxRssBytes }
            : { budgetMs: settings.concurrentBudgetMs }),
          onProgress: (done) => {
            if (done % 100 === 0) progress(`throughput: concurrency ${concurrency}, ${done} flows`);
          },
        });
        throughput.push(run);
        if (run.timeBoxed) {
          notes.push(
            `throughput at concurrency ${concurrency}: ${run.flows} flows, not ${settings.sequentialFlows}: the run is time-boxed at ` +
              `${settings.concurrentBudgetMs / 1000} s to keep the bench under 5 minutes`,
          );
        }
        if (run.memoryCapped) {
          notes.push(
            `throughput and memory at concurrency ${concurrency}: stopped after ${run.flows} flows because resident memory passed ` +
              `${(settings.maxRssBytes / 1024 ** 3).toFixed(0)} GiB (the memory ratio compares that point with ${settings.memoryCheckpoints[0]} flows)`,
          );
        }
        if (sequential) memory = { rssAfter: run.rssAfter, checkpoints: settings.memoryCheckpoints, gcForced: typeof (globalThis as { gc?: unknown }).gc === 'function' };
      }
    }

    let growth: GrowthFigures | undefined;
    if (selected.has('growth')) growth = await measureGrowth(directory, settings, progress);

    let api: ApiFigures | undefined;
    if (selected.has('api')) {
      progress(`api: GET /api/v1/flows/{id}, ${settings.apiSeconds} s`);
      const url = `file:${path.join(directory, 'api.db')}`;
      const reev = plainReev(url);
      let consolidatedId: string;
      try {
        consolidatedId = (await runDynamicFlow(reev)).consolidatedSessionId;
      } finally {
        await reev.close();
      }
      api = await measureFlowRoute(url, consolidatedId, settings.apiSeconds);
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
      raw: { liteSvm, libsql, ...(bareRoute ? { bareRoute } : {}) },
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
