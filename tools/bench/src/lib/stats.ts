/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Repetition {
  /** Runs whose time is thrown away (JIT, caches, first-open costs). */
  warmup: number;
  /** Runs whose times are kept. */
  repeat: number;
}

export interface Sampled<T> {
  samplesMs: number[];
  medianMs: number;
  /** What the last measured run returned. */
  last: T;
}

/** Times `run` `repeat` times after `warmup` unmeasured runs, one after another. */
export async function sample<T>(repetition: Repetition, run: (index: number) => Promise<T> | T): Promise<Sampled<T>> {
  if (!Number.isInteger(repetition.repeat) || repetition.repeat < 1) {
    throw new Error(`repeat must be a positive integer, got ${repetition.repeat}`);
  }
  for (let index = 0; index < repetition.warmup; index += 1) await run(index);
  const samplesMs: number[] = [];
  let last: T | undefined;
  for (let index = 0; index < repetition.repeat; index += 1) {
    const started = performance.now();
    last = await run(repetition.warmup + index);
    samplesMs.push(performance.now() - started);
  }
  return { samplesMs, medianMs: median(samplesMs), last: last as T };
}

/** The per-key median of several records with the same keys. */
export function medianByKey<K extends string>(records: readonly Record<K, number>[]): Record<K, number> {
  const first = records[0];
  if (first === undefined) throw new Error('medianByKey of no records');
  const keys = Object.keys(first) as K[];
  return Object.fromEntries(keys.map((key) => [key, median(records.map((record) => record[key]))])) as Record<K, number>;
}

/** A ratio measured once per round: its median over the rounds and how far the rounds spread. */
export interface RoundRatio {
  median: number;
  min: number;
  max: number;
  rounds: number[];
}

export function roundRatio(rounds: readonly number[]): RoundRatio {
  if (rounds.length === 0) throw new Error('roundRatio of no rounds');
  return { median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds), rounds: [...rounds] };
}

/**
 * Runs `round` `count` times and returns what each returned. Compared measurements go inside one round, one after
 * the other (A, B, A, B…), so both sides see the same machine load; a ratio per round then has a spread.
 */
export async function inRounds<T>(count: number, round: (index: number) => Promise<T>): Promise<T[]> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`rounds must be a positive integer, got ${count}`);
  const results: T[] = [];
  for (let index = 0; index < count; index += 1) results.push(await round(index));
  return results;
}
