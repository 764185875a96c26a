import { ceilDiv, floorDiv, ratioOf, toSafeNumber } from './amounts';

describe('ratioOf', () => {
  it.each([
    [150, 150n, 1n],
    [0.1, 1n, 10n],
    [1.05, 105n, 100n],
    [151.37, 15137n, 100n],
    [1e-7, 1n, 10_000_000n],
    [2.5e21, 2_500_000_000_000_000_000_000n, 1n],
  ])('reads %p exactly as written', (value, numerator, denominator) => {
    expect(ratioOf(value)).toEqual({ numerator, denominator });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) => {
    expect(() => ratioOf(value)).toThrow(/positive finite number/);
  });
});

describe('integer division', () => {
  it('rounds down and up', () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(ceilDiv(7n, 2n)).toBe(4n);
    expect(ceilDiv(8n, 2n)).toBe(4n);
    expect(ceilDiv(0n, 3n)).toBe(0n);
  });

  it('refuses a zero denominator', () => {
    expect(() => floorDiv(1n, 0n)).toThrow(RangeError);
    expect(() => ceilDiv(1n, 0n)).toThrow(RangeError);
  });
});

describe('toSafeNumber', () => {
  it('keeps exact values and refuses larger ones', () => {
    expect(toSafeNumber(9_007_199_254_740_991n, 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(9_007_199_254_740_992n, 'swap output')).toThrow(/swap output .* too large/);
  });
});

