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

export function openFlowBench(databaseUrl: string): FlowBench {
  const timeline = new Timeline();
  const reev = timedReev(databaseUrl, timeline);
  return {
    async measure(repetition) {
      const samplesMs: number[] = [];
      const parts: PartTimes[] = [];
      const counts: { transactions: number; commits: number; writerCalls: number }[] = [];
      for (let run = 0; run < repetition.warmup + repetition.repeat; run += 1) {
        // A pause of one event-loop turn between flows, as between a server's requests: the chain pool builds the
        // replacement of the chain the last flow used here, not inside the next flow (the throughput runs, back to
        // back, have no such pause and pay for every chain).
        await new Promise((resolve) => setImmediate(resolve));
        timeline.restart();
        const started = performance.now();
        await runDynamicFlow(reev, reev.agent, timeline);
        const elapsed = performance.now() - started;
        const times = timeline.finish();
        if (run < repetition.warmup) continue;
        samplesMs.push(elapsed);
        parts.push(times);
        counts.push({ transactions: timeline.transactions, commits: timeline.commits, writerCalls: timeline.writerCalls });
      }
      return { medianMs: median(samplesMs), samplesMs, partsMs: medianByKey(parts), ...medianByKey(counts) };
    },
    close: () => reev.close(),
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
