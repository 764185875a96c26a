import { decimalToBaseUnits, divide, formatBaseUnits, parseRatio, percentToBasisPoints, shareOf } from './amounts';

describe('amounts', () => {
  it.each([
    ['0.1', 9, 100_000_000n],
    ['2.0', 9, 2_000_000_000n],
    ['1000', 6, 1_000_000_000n],
    ['.5', 6, 500_000n],
    ['0.000001', 6, 1n],
    ['123456789.123456789', 9, 123_456_789_123_456_789n],
    ['15.500000000', 6, 15_500_000n],
  ])('%s with %d decimals is %p base units', (text, decimals, expected) => {
    expect(decimalToBaseUnits(text, decimals, 'TOKEN')).toBe(expected);
  });

  it('refuses more decimal places than the token has, and non-numbers', () => {
    expect(() => decimalToBaseUnits('0.0000001', 6, 'USDC')).toThrow("0.0000001 USDC has more decimal places than USDC's 6");
    expect(() => decimalToBaseUnits('1e5', 6, 'USDC')).toThrow('"1e5" is not a decimal number');
  });

  it.each([
    ['50', 5_000],
    ['12.5', 1_250],
    ['0.01', 1],
    ['100', 10_000],
  ])('%s%% is %d basis points', (text, expected) => {
    expect(percentToBasisPoints(text)).toBe(expected);
  });

  it('refuses percentages outside (0, 100] and finer than a basis point', () => {
    expect(() => percentToBasisPoints('0')).toThrow('0% is not between 0% and 100%');
    expect(() => percentToBasisPoints('100.5')).toThrow('100.5% is not between 0% and 100%');
    expect(() => percentToBasisPoints('0.005')).toThrow('0.005% is finer than one basis point');
  });

  it('takes shares of balances rounding down', () => {
    expect(shareOf(10_000_000_001n, { numerator: 5_000, denominator: 10_000 })).toBe(5_000_000_000n);
    expect(shareOf(3n, { numerator: 3_333, denominator: 10_000 })).toBe(0n);
    expect(shareOf(10_000_000_000n, { numerator: 1, denominator: 3 })).toBe(3_333_333_333n);
  });

  it.each([
    [1, 1n, 1n],
    [1.05, 105n, 100n],
    ['1.25', 125n, 100n],
    [2.5e-7, 25n, 100_000_000n],
    ['3E+2', 300n, 1n],
  ])('reads the rate %p exactly as %p/%p', (value, numerator, denominator) => {
    expect(parseRatio(value)).toEqual({ numerator, denominator });
  });

  it.each([[0], [-1], ['abc'], [null], [{}], [Number.NaN]])('reads no rate from %p', (value) => {
    expect(parseRatio(value)).toBeUndefined();
  });

  it('divides rounding down or up', () => {
    expect(divide(10n, 4n, 'down')).toBe(2n);
    expect(divide(10n, 4n, 'up')).toBe(3n);
    expect(divide(12n, 4n, 'up')).toBe(3n);
  });

  it('formats base units as whole tokens', () => {
    expect(formatBaseUnits(100_000_000n, 9)).toBe('0.1');
    expect(formatBaseUnits(15_000_000n, 6)).toBe('15');
    expect(formatBaseUnits(1n, 6)).toBe('0.000001');
    expect(formatBaseUnits(-2_500_000n, 6)).toBe('-2.5');
    expect(formatBaseUnits(7n, 0)).toBe('7');
  });
});
