import { randomUUID } from 'node:crypto';
import { loadBenchmarks } from '@reev/lib';
import { recordQueuedExecution, repeatedRunStats, type BenchmarkRunResult } from '@reev/orchestrator';
import { isDynamicTestCase } from '@reev/types';
import { colorsFor, EXIT_BELOW_MIN_SCORE, EXIT_OK, UsageError, type CliIo } from '../cli-io';
import { withRunnerGraph, type ContainerOverrides } from '../composition';
import type { RunnerOptions } from '../program';
import { Progress } from '../progress';
import { renderJsonReport, renderTree } from '../report';
import { runPool } from '../run-pool';

/** Benchmark files (the default mode): every run of every file, `--concurrency` at once; exit 1 when one fails. */
export async function runBenchmarks(paths: string[], options: RunnerOptions, io: CliIo, overrides?: ContainerOverrides): Promise<number> {
  const benchmarks = await loadBenchmarks(paths);
  for (const benchmark of benchmarks) {
    for (const warning of benchmark.warnings) io.stderr.write(`warning: ${warning.message}\n`);
  }
  if (benchmarks.length === 0) throw new UsageError(`no .yml/.yaml benchmark files found in ${paths.join(', ')}`);

  return withRunnerGraph(options, overrides, async ({ gateway, writer }) => {
    const agent = gateway.resolveAgent(options.agent);
    const jobs = benchmarks.flatMap((benchmark) =>
      Array.from({ length: options.runs }, (_, runIndex) => ({ benchmark, runIndex, executionId: randomUUID() })),
    );
    // Every run is stored as queued before the first starts: if this process dies, the next one marks the runs it
    // did not finish interrupted instead of them never having existed.
    for (const { benchmark, runIndex, executionId } of jobs) {
      await recordQueuedExecution(writer, {
        executionId,
        benchmarkId: benchmark.testCase.id,
        agent: agent.name,
        mode: isDynamicTestCase(benchmark.testCase) ? 'dynamic' : 'static',
        metadata: { interface: 'cli', source: benchmark.sourcePath, seed: options.seed, run_index: runIndex },
      });
    }
    const progress = new Progress(io.stderr, jobs.length, !options.json);
    const started = performance.now();
    const results = await runPool(jobs, options.concurrency, async ({ benchmark, runIndex, executionId }) => {
      const result = await gateway.executeBenchmark(benchmark, agent, { seed: options.seed, runIndex, interfaceKind: 'cli', executionId });
      progress.advance(benchmark.testCase.id, result.passed, result.score);
      return result;
    });
    progress.finish();
    const elapsedMs = performance.now() - started;
    const repeated =
      options.runs > 1
        ? benchmarks.map((benchmark) =>
            repeatedRunStats(
              benchmark.testCase.id,
              results.filter((result) => result.benchmarkId === benchmark.testCase.id),
            ),
          )
        : [];
    const report = { agent: agent.name, database: options.db, elapsedMs, results, repeated };
    io.stdout.write(options.json ? renderJsonReport(report) : renderTree(report, colorsFor(io.stdout)));
    return results.every((result: BenchmarkRunResult) => result.passed) ? EXIT_OK : EXIT_BELOW_MIN_SCORE;
  });
}
