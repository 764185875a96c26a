import type { LiteSvmLimits } from './raw-limits';
import { ratio, target, type Target } from './targets';
import type { BenchReport, DynamicFigures, MemoryFigures } from './bench';

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
    `while every flow also needs a fresh LiteSVM chain (${liteSvm.newVmMs.toFixed(1)} ms to build; taken from a pool refilled ` +
    'between flows) and reads balances around every step to verify it on chain'
  );
}

/** Every target of issue 13 and before, met, missed or not measured, with the reason for the two flow targets. */
export function evaluateTargets(report: Omit<BenchReport, 'targets'>): Target[] {
  const { settings } = report;
  const runs = report.throughput?.runs;
  const sequential = runs?.find((run) => run.concurrency === 1);
  const widest = runs?.find((run) => run.concurrency === Math.max(...settings.concurrencies));
  const highest = report.growth?.levels.at(-1);
  const [early, late] = settings.memoryCheckpoints;
  const quickNote = settings.quick ? 'quick run: small counts, indicative only' : undefined;
  const api = report.api?.measured ? report.api : undefined;
  return [
    target({
      id: 'dynamic_flow.overhead_ratio',
      description: 'dynamic flow median ÷ its raw parts',
      value: report.dynamic?.overheadRatio.median,
      ...(report.dynamic ? { spread: report.dynamic.overheadRatio } : {}),
      limit: 4,
      kind: 'max',
      unit: '×',
      ...(quickNote ? { note: quickNote } : {}),
      ...(report.dynamic ? { why: flowOverheadReason(report.dynamic, report.raw.liteSvm) } : {}),
    }),
    target({
      id: 'throughput.concurrency_ratio',
      description: `flows/s at concurrency ${widest?.concurrency ?? 16} ÷ at concurrency 1`,
      value: report.throughput?.ratio.median,
      ...(report.throughput ? { spread: report.throughput.ratio } : {}),
      limit: 1.6,
      kind: 'min',
      unit: '×',
      ...(quickNote ? { note: quickNote } : {}),
      ...(sequential && widest
        ? {
            why:
              `the process used ${sequential.cpuPerWall.toFixed(2)} s of CPU per second of wall time at concurrency 1 and ` +
              `${widest.cpuPerWall.toFixed(2)} at ${widest.concurrency}, and a flow cost ${sequential.cpuMsPerFlow.toFixed(1)} ms ` +
              `of CPU at 1 and ${widest.cpuMsPerFlow.toFixed(1)} at ${widest.concurrency} (worker threads, writes crossing to ` +
              `this thread): with ${report.machine.cpus} cores to itself the ratio is bounded near ` +
              `${(report.machine.cpus * sequential.cpuMsPerFlow / widest.cpuMsPerFlow).toFixed(2)}×; when the process gets no ` +
              'more CPU with more threads, other sessions hold the cores (Linux shares CPU time per session: autogroup)',
          }
        : {}),
    }),
    target({
      id: 'growth.ratio',
      description: `flow median with ${highest?.earlierExecutions ?? 100_000} earlier executions ÷ with 0`,
      value: report.growth?.ratio?.median,
      ...(report.growth?.ratio ? { spread: report.growth.ratio } : {}),
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
      value: api?.ratio.median,
      ...(api ? { spread: api.ratio } : {}),
      limit: 0.5,
      kind: 'min',
      unit: '×',
      ...(report.api && !report.api.measured ? { note: report.api.reason } : quickNote ? { note: quickNote } : {}),
      ...(api
        ? {
            why:
              `each answer is ${Math.round(api.flowRoute.bytesPerResponse)} bytes (the bare route's ` +
              `${Math.round(api.bareRoute.bytesPerResponse)}): the route answers from a cache of serialised flows, so ` +
              'what is left is routing, validation, the CORS hook and moving those bytes (the bench runs the API with --log-level silent)',
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

