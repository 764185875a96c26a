import { median, medianByKey, type Repetition } from './stats';
import { WorkerFlowPool } from '@reev/orchestrator';
import { DYNAMIC_PROMPT, DYNAMIC_WALLET, plainReev, runDynamicFlow, timedReev } from './reev';
import { Timeline, type PartTimes } from './timeline';

export interface FlowBreakdown {
  medianMs: number;
  samplesMs: number[];
  /** Median of each part's exclusive time over the measured flows. */
  partsMs: PartTimes;
  /** Per flow (the same for every run of this flow). */
  transactions: number;
  commits: number;
  writerCalls: number;
}

/** A timed gateway on one database, kept open so its flows can be measured in several rounds. */
export interface FlowBench {
  /** The 4-step flow, one at a time, each run timed whole and by part. */
  measure(repetition: Repetition): Promise<FlowBreakdown>;
  close(): Promise<void>;
}

interface TimedFlow {
  elapsedMs: number;
  parts: PartTimes;
  counts: { transactions: number; commits: number; writerCalls: number };
}

/**
 * A pause of one event-loop turn before a flow, as between a server's requests: the chain pool builds the replacement
 * of the chain the last flow used here, not inside the next flow (the throughput runs, back to back, have no such
 * pause and pay for every chain).
 */
const betweenFlows = () => new Promise((resolve) => setImmediate(resolve));

/** One flow at a time on a gateway whose writer, environment, planner and agent are timed on a timeline. */
function timedFlows(databaseUrl: string) {
  const timeline = new Timeline();
  const reev = timedReev(databaseUrl, timeline);
  return {
    async run(): Promise<TimedFlow> {
      await betweenFlows();
      timeline.restart();
      const started = performance.now();
      await runDynamicFlow(reev, reev.agent, timeline);
      const elapsedMs = performance.now() - started;
      const parts = timeline.finish();
      return { elapsedMs, parts, counts: { transactions: timeline.transactions, commits: timeline.commits, writerCalls: timeline.writerCalls } };
    },
    close: () => reev.close(),
  };
}

function breakdownOf(flows: readonly TimedFlow[]): FlowBreakdown {
  const samplesMs = flows.map((flow) => flow.elapsedMs);
  return { medianMs: median(samplesMs), samplesMs, partsMs: medianByKey(flows.map((flow) => flow.parts)), ...medianByKey(flows.map((flow) => flow.counts)) };
}

export function openFlowBench(databaseUrl: string): FlowBench {
  const flows = timedFlows(databaseUrl);
  return {
    async measure(repetition) {
      const measured: TimedFlow[] = [];
      for (let run = 0; run < repetition.warmup + repetition.repeat; run += 1) {
        const flow = await flows.run();
        if (run >= repetition.warmup) measured.push(flow);
      }
      return breakdownOf(measured);
    },
    close: () => flows.close(),
  };
}

/** The flow as users run it (the figure), and an instrumented copy of it (where the time goes). */
export interface DynamicBreakdown extends FlowBreakdown {
  /** The instrumented flows: their median includes the cost of the instrumentation itself. */
  timed: FlowBreakdown;
}

export interface DynamicFlowBench {
  measure(repetition: Repetition): Promise<DynamicBreakdown>;
  close(): Promise<void>;
}

/**
 * The dynamic flow's figure comes from createReev's default composition, nothing wrapped, as library users run it;
 * wrapping every writer, environment, planner and agent call in a timer costs time of its own (the bench's, not
 * reev's). The parts come from an instrumented gateway on a second database, its flows alternating with the plain
 * ones flow by flow so that both see the same machine.
 */
export function openDynamicFlowBench(plainUrl: string, timedUrl: string): DynamicFlowBench {
  const plain = plainReev(plainUrl);
  const timed = timedFlows(timedUrl);
  return {
    async measure(repetition) {
      const samplesMs: number[] = [];
      const measured: TimedFlow[] = [];
      for (let run = 0; run < repetition.warmup + repetition.repeat; run += 1) {
        await betweenFlows();
        const started = performance.now();
        await runDynamicFlow(plain);
        const elapsedMs = performance.now() - started;
        const flow = await timed.run();
        if (run < repetition.warmup) continue;
        samplesMs.push(elapsedMs);
        measured.push(flow);
      }
      const parts = breakdownOf(measured);
      return { ...parts, medianMs: median(samplesMs), samplesMs, timed: parts };
    },
    async close() {
      try {
        await timed.close();
      } finally {
        await plain.close();
      }
    },
  };
}

/** Breakdowns of several rounds as one: every sample, and the per-part median over all flows' medians. */
export function mergeBreakdowns(breakdowns: readonly FlowBreakdown[]): FlowBreakdown {
  const samplesMs = breakdowns.flatMap((breakdown) => breakdown.samplesMs);
  return {
    medianMs: median(samplesMs),
    samplesMs,
    partsMs: medianByKey(breakdowns.map((breakdown) => breakdown.partsMs)),
    ...medianByKey(breakdowns.map(({ transactions, commits, writerCalls }) => ({ transactions, commits, writerCalls }))),
  };
}

export interface ThroughputRun {
  concurrency: number;
  /** Flows finished (fewer than asked when the time budget ran out). */
  flows: number;
  /** True when the time budget, not the flow count, ended the run. */
  timeBoxed: boolean;
  /** True when resident memory passed `maxRssBytes` and the run stopped early (its last flow count is in rssAfter). */
  memoryCapped: boolean;
  wallMs: number;
  flowsPerSecond: number;
  /** Resident set size (bytes, after a forced GC when available) once this many flows had finished. */
  rssAfter: Record<number, number>;
  /** Process CPU time ÷ wall time over the run: about 1 means one thread was busy the whole time. */
  cpuPerWall: number;
  /** Process CPU time (every thread) per finished flow: what a flow costs, whatever else runs on the machine. */
  cpuMsPerFlow: number;
  /** Worker threads the flows ran on (0: the main thread). */
  workers: number;
}

export interface ThroughputOptions {
  flows: number;
  /** No flow starts after this long; the run then reports the flows it finished. */
  budgetMs?: number;
  concurrency: number;
  /** Flow counts after which to record resident memory. */
  rssCheckpoints?: number[];
  /** Stop starting flows once resident memory passes this (protects a shared machine from a leak). */
  maxRssBytes?: number;
  /** Rounds of warm-up flows, one per thread at once (default 3). */
  warmupFlows?: number;
  onProgress?: (done: number) => void;
  /** Run the flows on this many worker threads (WorkerFlowPool) instead of this thread; 0 or absent: this thread. */
  workers?: number;
}

/** Resident memory now; collects garbage first when node runs with --expose-gc, so the figure is what stays alive. */
export function residentBytes(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) collect();
  return process.memoryUsage().rss;
}

/** `flows` dynamic flows on ONE gateway (one writer, one file), `concurrency` of them in flight at a time. */
export async function measureThroughput(databaseUrl: string, options: ThroughputOptions): Promise<ThroughputRun> {
  const reev = plainReev(databaseUrl);
  const workers = options.workers ?? 0;
  const pool = workers > 0 ? new WorkerFlowPool(reev.writer, { workers }) : undefined;
  const flow = async (): Promise<void> => {
    if (!pool) {
      await runDynamicFlow(reev);
      return;
    }
    const result = await pool.executeDynamicFlow(DYNAMIC_PROMPT, DYNAMIC_WALLET, 'deterministic');
    if (!result.success || result.consolidated_session_id === undefined) {
      throw new Error(`dynamic flow ${result.execution_id} on a worker did not succeed (status ${result.status}): ${result.error_message ?? ''}`);
    }
  };
  try {
    // Every worker warms up: flows one at a time would all go to the first (least busy) worker, and the others would
    // compile their code inside the measured run.
    for (let run = 0; run < (options.warmupFlows ?? 3); run += 1) {
      await Promise.all(Array.from({ length: Math.max(1, workers) }, flow));
    }
    const checkpoints = new Set(options.rssCheckpoints ?? []);
    const rssAfter: Record<number, number> = {};
    let started = 0;
    let done = 0;
    let timeBoxed = false;
    let memoryCapped = false;
    const began = performance.now();
    const cpuBefore = process.cpuUsage();
    const mayStart = () => {
      if (started >= options.flows || memoryCapped) return false;
      if (options.budgetMs !== undefined && performance.now() - began > options.budgetMs) {
        timeBoxed = true;
        return false;
      }
      return true;
    };
    const worker = async () => {
      while (mayStart()) {
        started += 1;
        await flow();
        done += 1;
        options.onProgress?.(done);
        if (checkpoints.has(done)) rssAfter[done] = residentBytes();
        if (options.maxRssBytes !== undefined && !memoryCapped && process.memoryUsage().rss > options.maxRssBytes) {
          memoryCapped = true;
          rssAfter[done] = residentBytes();
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const wallMs = performance.now() - began;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerWall = (cpu.user + cpu.system) / 1000 / wallMs;
    const cpuMsPerFlow = (cpu.user + cpu.system) / 1000 / Math.max(1, done);
    return { concurrency: options.concurrency, flows: done, timeBoxed, memoryCapped, wallMs, flowsPerSecond: (done / wallMs) * 1000, rssAfter, cpuPerWall, cpuMsPerFlow, workers };
  } finally {
    await pool?.close();
    await reev.close();
  }
}
