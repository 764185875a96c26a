/** An exact positive rational number; market prices and rates are converted to these so rounding is exact. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The exact decimal value of a positive finite number as written by JavaScript (0.1 → 1/10, 1e-7 → 1/10^7). */
export function ratioOf(value: number): Ratio {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`expected a positive finite number, got ${value}`);
  }
  const [mantissa, exponentText = '0'] = value.toString().split('e');
  const [integerDigits, fractionDigits = ''] = mantissa.split('.');
  const exponent = Number(exponentText) - fractionDigits.length;
  const digits = BigInt(integerDigits + fractionDigits);
  return exponent >= 0
    ? { numerator: digits * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator: digits, denominator: 10n ** BigInt(-exponent) };
}

export function floorDiv(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('floorDiv expects a non-negative numerator and a positive denominator');
  return numerator / denominator;
}

export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('ceilDiv expects a non-negative numerator and a positive denominator');
  return (numerator + denominator - 1n) / denominator;
}

/** A bigint amount as a JS number, refusing values that a number cannot hold exactly. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} (${value}) is too large to represent exactly`);
  }
  return Number(value);
}

