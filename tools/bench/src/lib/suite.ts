import { loadBenchmarks } from '@reev/lib';
import { plainReev } from './reev';
import { sample, type Repetition } from './stats';

export interface SuiteBenchmarkFigure {
  id: string;
  medianMs: number;
  steps: number;
  score: number;
}

export interface SuiteFigures {
  benchmarks: SuiteBenchmarkFigure[];
  /** Sum of the per-benchmark medians: one pass over the suite, in-process, without start-up. */
  totalMs: number;
  /** Loading and validating every YAML file of the suite once. */
  loadMs: number;
}

/** Every benchmark of `directory` with the deterministic agent on one gateway; each must pass, or the figure means nothing. */
export async function measureSuite(directory: string, databaseUrl: string, repetition: Repetition): Promise<SuiteFigures> {
  const loadStarted = performance.now();
  const loaded = await loadBenchmarks([directory]);
  const loadMs = performance.now() - loadStarted;
  const reev = plainReev(databaseUrl);
  try {
    const figures: SuiteBenchmarkFigure[] = [];
    for (const benchmark of loaded) {
      const measured = await sample(repetition, async () => {
        const result = await reev.gateway.executeBenchmark(benchmark, 'deterministic');
        if (!result.passed) {
          throw new Error(`benchmark ${result.benchmarkId} did not pass with the deterministic agent (score ${result.score}, status ${result.status})`);
        }
        return result;
      });
      figures.push({
        id: benchmark.testCase.id,
        medianMs: measured.medianMs,
        steps: measured.last.steps.length,
        score: measured.last.score,
      });
    }
    return { benchmarks: figures, totalMs: figures.reduce((sum, figure) => sum + figure.medianMs, 0), loadMs };
  } finally {
    await reev.close();
  }
}
