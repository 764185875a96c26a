/** Statistics over k runs of one benchmark (τ-bench's pass^k beside the usual pass@k). */
export interface RepeatedRunStats {
  benchmarkId: string;
  runs: number;
  passes: number;
  meanScore: number;
  /** Population standard deviation of the scores. */
  stdDevScore: number;
  /** P(at least one of k runs drawn from the n passes), 1 − C(n−c, k) / C(n, k). */
  passAtK: number;
  /** P(all k runs drawn pass), C(c, k) / C(n, k) — τ-bench's reliability measure. */
  passHatK: number;
  k: number;
}

/** C(n, k) as a float; exact for the small n of repeated runs. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i += 1) result = (result * (n - k + i)) / i;
  return result;
}

function checkCounts(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`expected 0 ≤ passes ≤ runs and 1 ≤ k ≤ runs, got runs=${n} passes=${c} k=${k}`);
  }
}

export function passAtK(runs: number, passes: number, k: number): number {
  checkCounts(runs, passes, k);
  return 1 - choose(runs - passes, k) / choose(runs, k);
}

export function passHatK(runs: number, passes: number, k: number): number {
  checkCounts(runs, passes, k);
  return choose(passes, k) / choose(runs, k);
}

export function repeatedRunStats(benchmarkId: string, results: { score: number; passed: boolean }[], k = results.length): RepeatedRunStats {
  const runs = results.length;
  const passes = results.filter((result) => result.passed).length;
  const meanScore = results.reduce((sum, result) => sum + result.score, 0) / runs;
  const variance = results.reduce((sum, result) => sum + (result.score - meanScore) ** 2, 0) / runs;
  return {
    benchmarkId,
    runs,
    passes,
    meanScore,
    stdDevScore: Math.sqrt(variance),
    passAtK: passAtK(runs, passes, k),
    passHatK: passHatK(runs, passes, k),
    k,
  };
}
