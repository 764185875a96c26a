import { describeTarget, missedTargets, ratio, target } from './targets';

describe('targets', () => {
  it('a maximum is met at or below its limit and missed above it', () => {
    const spec = { id: 'x', description: 'x', limit: 1.5, kind: 'max' as const, unit: '×' as const };
    expect(target({ ...spec, value: 1.5 }).met).toBe(true);
    expect(target({ ...spec, value: 1.51 }).met).toBe(false);
  });

  it('a minimum is met at or above its limit', () => {
    const spec = { id: 'x', description: 'x', limit: 0.5, kind: 'min' as const, unit: '×' as const };
    expect(target({ ...spec, value: 0.5 }).met).toBe(true);
    expect(target({ ...spec, value: 0.49 }).met).toBe(false);
  });

  it('a target whose section did not run is neither met nor missed, and says so', () => {
    const item = target({ id: 'cli', description: 'CLI run', value: undefined, limit: 5000, kind: 'max', unit: 'ms' });
    expect(item.met).toBeUndefined();
    expect(describeTarget(item)).toBe('—      CLI run: not measured (target ≤ 5000 ms)');
  });

  it('describes a missed ratio with its value and bound', () => {
    const item = target({ id: 'r', description: 'flow ÷ raw', value: 3.256, limit: 1.5, kind: 'max', unit: '×', note: 'why' });
    expect(describeTarget(item)).toBe('MISSED flow ÷ raw: 3.26× (target ≤ 1.5×) — why');
  });

  it('shows the spread of a ratio measured in rounds', () => {
    const spread = { median: 1.7, min: 1.55, max: 1.82, rounds: [1.55, 1.7, 1.82] };
    const item = target({ id: 'c', description: 'c16 ÷ c1', value: 1.7, spread, limit: 1.6, kind: 'min', unit: '×' });
    expect(describeTarget(item)).toBe('MET    c16 ÷ c1: 1.70× (rounds 1.55–1.82, median of 3) (target ≥ 1.6×)');
  });

  it('missed targets are the measured ones not met; unmeasured ones are not missed', () => {
    const spec = { description: 'x', limit: 1, kind: 'max' as const, unit: '×' as const };
    const targets = [target({ ...spec, id: 'a', value: 2 }), target({ ...spec, id: 'b', value: 0.5 }), target({ ...spec, id: 'c', value: undefined })];
    expect(missedTargets(targets).map((item) => item.id)).toEqual(['a']);
  });

  it('ratio is undefined when a side is missing or the divisor is 0', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(3, undefined)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
  });
});
