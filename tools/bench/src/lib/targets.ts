import type { RoundRatio } from './stats';

export interface Target {
  id: string;
  description: string;
  /** The measured ratio or time; undefined when the section did not run. */
  value: number | undefined;
  /** `value` must be at most (`max`) or at least (`min`) this. */
  limit: number;
  kind: 'max' | 'min';
  unit: '×' | 'ms' | 'MB';
  met: boolean | undefined;
  note?: string;
  /** For a ratio measured in rounds: each round's value, their min and max (`value` is their median). */
  spread?: RoundRatio;
  /** For a missed target: the measured part that misses it and why. */
  why?: string;
}

export function target(spec: Omit<Target, 'met'>): Target {
  const met = spec.value === undefined ? undefined : spec.kind === 'max' ? spec.value <= spec.limit : spec.value >= spec.limit;
  return { ...spec, met };
}

/** `a / b`, undefined when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

export function describeTarget(item: Target): string {
  const bound = `${item.kind === 'max' ? '≤' : '≥'} ${item.limit}${item.unit === '×' ? '×' : ` ${item.unit}`}`;
  const spread = item.spread
    ? ` (rounds ${item.spread.min.toFixed(2)}–${item.spread.max.toFixed(2)}, median of ${item.spread.rounds.length})`
    : '';
  const value =
    item.value === undefined ? 'not measured' : item.unit === '×' ? `${item.value.toFixed(2)}×${spread}` : `${item.value.toFixed(0)} ${item.unit}`;
  const verdict = item.met === undefined ? '—' : item.met ? 'MET' : 'MISSED';
  const why = item.met === false && item.why ? `\n          why: ${item.why}` : '';
  return `${verdict.padEnd(6)} ${item.description}: ${value} (target ${bound})${item.note ? ` — ${item.note}` : ''}${why}`;
}

/** Targets measured and missed: what makes the bench exit non-zero. */
export function missedTargets(targets: readonly Target[]): Target[] {
  return targets.filter((item) => item.met === false);
}
