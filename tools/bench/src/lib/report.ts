import type { BenchReport } from './bench';
import { FLOW_PARTS } from './timeline';
import { describeTarget } from './targets';

const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** The machine-readable report: every figure, every target and whether it is met. */
export function toJsonReport(report: BenchReport): unknown {
  const { raw, dynamic } = report;
  return {
    date: report.date,
    quick: report.settings.quick,
    sections: report.sections,
    duration_seconds: round(report.durationSeconds, 1),
    machine: {
      cpus: report.machine.cpus,
      cpu_model: report.machine.cpuModel,
      node: report.machine.node,
      platform: report.machine.platform,
      load_average_at_start: report.machine.loadAverageAtStart.map((value) => round(value, 2)),
      load_average_at_end: report.machine.loadAverageAtEnd.map((value) => round(value, 2)),
    },
    raw: {
      litesvm_transfer_ms: round(raw.liteSvm.transferMs),
      litesvm_send_only_ms: round(raw.liteSvm.sendOnlyMs),
      litesvm_new_vm_ms: round(raw.liteSvm.newVmMs),
      libsql_insert_commit_ms: round(raw.libsql.insertCommitMs),
      libsql_row_bytes: raw.libsql.rowBytes,
      fastify_bare_rps: raw.bareRoute ? round(raw.bareRoute.requestsPerSecond, 0) : null,
    },
    static_suite: report.suite
      ? {
          benchmarks: report.suite.benchmarks.map((item) => ({ id: item.id, median_ms: round(item.medianMs), steps: item.steps, score: item.score })),
          total_ms: round(report.suite.totalMs),
          load_ms: round(report.suite.loadMs),
        }
      : null,
    dynamic_flow: dynamic
      ? {
          median_ms: round(dynamic.medianMs),
          raw_parts_ms: round(dynamic.rawPartsMs),
          overhead_ratio: round(dynamic.overheadRatio.median),
          overhead_ratio_rounds: dynamic.overheadRatio.rounds.map((value) => round(value)),
          transactions: dynamic.transactions,
          commits: dynamic.commits,
          writer_calls: dynamic.writerCalls,
          parts_ms: Object.fromEntries(FLOW_PARTS.map((part) => [part, round(dynamic.partsMs[part])])),
          samples_ms: dynamic.samplesMs.map((value) => round(value, 2)),
          timed_median_ms: round(dynamic.timed.medianMs),
        }
      : null,
    throughput: report.throughput
      ? {
          concurrency_ratio: round(report.throughput.ratio.median),
          concurrency_ratio_rounds: report.throughput.ratio.rounds.map((value) => round(value)),
          runs: report.throughput.runs.map((run) => ({
          concurrency: run.concurrency,
          flows: run.flows,
          time_boxed: run.timeBoxed,
          memory_capped: run.memoryCapped,
          wall_ms: round(run.wallMs, 0),
          flows_per_second: round(run.flowsPerSecond, 2),
          cpu_per_wall: round(run.cpuPerWall, 2),
          cpu_ms_per_flow: round(run.cpuMsPerFlow, 2),
          workers: run.workers,
        })),
        }
      : null,
    memory: report.memory
      ? {
          rss_after_bytes: Object.fromEntries(Object.entries(report.memory.rssAfter)),
          checkpoints: report.memory.checkpoints,
          gc_forced: report.memory.gcForced,
        }
      : null,
    growth: report.growth
      ? {
          levels: report.growth.levels.map((level) => ({
            earlier_executions: level.earlierExecutions,
            median_ms: round(level.medianMs),
            parts_ms: Object.fromEntries(FLOW_PARTS.map((part) => [part, round(level.partsMs[part])])),
            database_bytes: level.databaseBytes,
            seed_ms: round(level.seedMs, 0),
          })),
          ratio_rounds: report.growth.ratio ? report.growth.ratio.rounds.map((value) => round(value)) : null,
          bytes_per_execution: report.growth.bytesPerExecution,
          seeded_tables: report.growth.seededTables,
        }
      : null,
    api: report.api
      ? report.api.measured
        ? {
            path: report.api.path,
            flow_route_rps: round(report.api.flowRoute.requestsPerSecond, 0),
            flow_route_p99_ms: report.api.flowRoute.latencyP99Ms,
            bare_route_rps: round(report.api.bareRoute.requestsPerSecond, 0),
            ratio_rounds: report.api.ratio.rounds.map((value) => round(value)),
            seconds_per_route_per_round: report.api.flowRoute.durationSeconds,
          }
        : { measured: false, reason: report.api.reason }
      : null,
    soak: report.soak
      ? {
          runs: report.soak.runs,
          rss_after_bytes: report.soak.rssAfter,
          duration_seconds: round(report.soak.durationSeconds, 1),
          integrity: {
            database_bytes: report.soak.integrity.databaseBytes,
            open_checked_ms: round(report.soak.integrity.openCheckedMs, 1),
            open_background_ms: round(report.soak.integrity.openBackgroundMs, 1),
          },
        }
      : null,
    cli: report.cli ? { median_ms: round(report.cli.medianMs, 0), samples_ms: report.cli.samplesMs.map((value) => round(value, 0)), command: report.cli.command } : null,
    targets: report.targets.map((item) => ({
      id: item.id,
      description: item.description,
      value: item.value === undefined ? null : round(item.value),
      limit: item.limit,
      kind: item.kind,
      met: item.met ?? null,
      ...(item.spread ? { rounds: item.spread.rounds.map((value) => round(value)), min: round(item.spread.min), max: round(item.spread.max) } : {}),
      ...(item.note ? { note: item.note } : {}),
      ...(item.met === false && item.why ? { why: item.why } : {}),
    })),
    notes: report.notes,
  };
}

/** The human-readable report: each figure beside the raw limit it is compared with. */
export function renderText(report: BenchReport): string {
  const lines: string[] = [];
  const { raw } = report;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  lines.push(`reev bench ${report.date}${report.settings.quick ? ' (quick)' : ''}`);
  lines.push(
    `machine: ${report.machine.cpus} × ${report.machine.cpuModel}, node ${report.machine.node}, ${report.machine.platform}; ` +
      `load average ${load(report.machine.loadAverageAtStart)} at start, ${load(report.machine.loadAverageAtEnd)} at end; ` +
      `${report.durationSeconds.toFixed(0)} s`,
  );
  lines.push('', '1. Raw limits (median after warm-up)');
  lines.push(`   LiteSVM build+sign+send, SOL transfer   ${ms(raw.liteSvm.transferMs)}   (send alone ${ms(raw.liteSvm.sendOnlyMs)}, new LiteSVM() ${ms(raw.liteSvm.newVmMs)})`);
  lines.push(`   libSQL insert+commit, ${raw.libsql.rowBytes} B row, WAL     ${ms(raw.libsql.insertCommitMs)}`);
  if (raw.bareRoute) lines.push(`   Fastify bare route {}                    ${perSecond(raw.bareRoute.requestsPerSecond)}   (p99 ${raw.bareRoute.latencyP99Ms} ms, ${raw.bareRoute.durationSeconds} s)`);

  if (report.suite) {
    lines.push('', `2. Static suite, deterministic agent, in-process (median per benchmark)`);
    for (const item of report.suite.benchmarks) lines.push(`   ${item.id.padEnd(38)} ${ms(item.medianMs).padStart(9)}   ${item.steps} step(s), score ${item.score.toFixed(2)}`);
    lines.push(`   ${'total (sum of medians)'.padEnd(38)} ${ms(report.suite.totalMs).padStart(9)}   (loading the YAML once: ${ms(report.suite.loadMs)})`);
  }

  if (report.dynamic) {
    const dynamic = report.dynamic;
    lines.push('', '3. Dynamic flow (balance → swap → lend → balance), LiteSVM + file database');
    lines.push(`   median ${ms(dynamic.medianMs)} vs raw parts ${ms(dynamic.rawPartsMs)} = ${dynamic.transactions} transactions × ${ms(raw.liteSvm.transferMs)} + ${dynamic.commits} commits × ${ms(raw.libsql.insertCommitMs)}`);
    lines.push(
      `   overhead ratio ${dynamic.overheadRatio.median.toFixed(2)}× (rounds ${dynamic.overheadRatio.rounds.map((value) => value.toFixed(2)).join(', ')})   (${dynamic.writerCalls} writer calls per flow)`,
    );
    const rawOf: Partial<Record<string, number>> = {
      transactions: dynamic.transactions * raw.liteSvm.transferMs,
      storage: dynamic.commits * raw.libsql.insertCommitMs,
    };
    for (const part of Object.keys(dynamic.partsMs) as (keyof typeof dynamic.partsMs)[]) {
      const value = dynamic.partsMs[part];
      const limit = rawOf[part];
      const share = ((value / dynamic.timed.medianMs) * 100).toFixed(0).padStart(3);
      lines.push(`   ${part.padEnd(14)} ${ms(value).padStart(9)} ${share}%${limit !== undefined ? `   raw ${ms(limit)}` : ''}`);
    }
    lines.push(`   (parts from instrumented flows alternating with the measured ones: their median ${ms(dynamic.timed.medianMs)}, the timers' own cost included)`);
  }

  if (report.throughput) {
    lines.push('', '4. Throughput (one gateway, one database file)');
    const sequential = report.throughput.runs.find((run) => run.concurrency === 1);
    for (const run of report.throughput.runs) {
      const versus = sequential && run !== sequential ? `   ${(run.flowsPerSecond / sequential.flowsPerSecond).toFixed(2)}× concurrency 1` : '';
      lines.push(`   concurrency ${String(run.concurrency).padEnd(3)} ${run.flowsPerSecond.toFixed(1).padStart(7)} flows/s   (${run.flows} flows in ${(run.wallMs / 1000).toFixed(1)} s${run.timeBoxed ? ', time-boxed' : ''}${run.memoryCapped ? ', stopped at the memory cap' : ''}; ${run.cpuMsPerFlow.toFixed(1)} ms CPU per flow, ${run.cpuPerWall.toFixed(2)} CPU/wall)${versus}`);
    }
  }

  if (report.growth) {
    lines.push('', `5. Growth (earlier executions seeded into ${report.growth.seededTables.join(', ')}; ${(report.growth.bytesPerExecution / 1024).toFixed(1)} KB each)`);
    const base = report.growth.levels[0];
    for (const level of report.growth.levels) {
      const versus = base && level !== base ? `   ${(level.medianMs / base.medianMs).toFixed(2)}× at 0` : '';
      lines.push(`   ${level.earlierExecutions.toLocaleString('en-US').padStart(8)} earlier   median ${ms(level.medianMs).padStart(9)}   database ${mb(level.databaseBytes)}${level.seedMs > 0 ? `, seeded in ${(level.seedMs / 1000).toFixed(1)} s` : ''}${versus}`);
      lines.push(`            ${FLOW_PARTS.map((part) => `${part} ${level.partsMs[part].toFixed(1)}`).join(', ')} ms`);
    }
  }

  if (report.memory) {
    lines.push('', `6. Memory (resident, ${report.memory.gcForced ? 'after a forced GC' : 'no forced GC: run node with --expose-gc'})`);
    for (const [flows, bytes] of Object.entries(report.memory.rssAfter)) lines.push(`   after ${flows.padStart(5)} flows   ${mb(bytes)}`);
  }

  if (report.api) {
    lines.push('', '7. API (autocannon, 10 connections, loopback; servers in their own processes)');
    if (report.api.measured) {
      const bare = report.api.bareRoute.requestsPerSecond;
      lines.push(`   GET ${report.api.path.replace(/[^/]+$/, '{id}')}   ${perSecond(report.api.flowRoute.requestsPerSecond)}   (p99 ${report.api.flowRoute.latencyP99Ms} ms)   vs bare route ${perSecond(bare)}`);
      lines.push(`   ratio per round: ${report.api.ratio.rounds.map((value) => value.toFixed(2)).join(', ')}`);
    } else {
      lines.push(`   not measured: ${report.api.reason}`);
    }
  }

  if (report.cli) {
    lines.push('', '8. CLI');
    lines.push(`   ${report.cli.command}   ${ms(report.cli.medianMs)}   (runs: ${report.cli.samplesMs.map((value) => value.toFixed(0)).join(', ')} ms)`);
  }

  if (report.soak) {
    const soak = report.soak;
    lines.push('', `9. Soak (one reev-api process, ${soak.runs} runs of the ${soak.benchmarks} suite benchmarks in turn, 4 in flight, no forced GC)`);
    for (const [runs, bytes] of Object.entries(soak.rssAfter)) lines.push(`   after ${runs.padStart(5)} runs   ${mb(bytes)}`);
    lines.push(`   ${soak.runs} runs in ${soak.durationSeconds.toFixed(0)} s`);
    lines.push(
      `   opening its ${mb(soak.integrity.databaseBytes)} database: ${ms(soak.integrity.openCheckedMs)} with PRAGMA quick_check first, ` +
        `${ms(soak.integrity.openBackgroundMs)} with the check on a worker thread`,
    );
  }

  lines.push('', 'Targets');
  for (const item of report.targets) lines.push(`   ${describeTarget(item)}`);
  if (report.notes.length > 0) {
    lines.push('', 'Notes');
    for (const note of report.notes) lines.push(`   - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
