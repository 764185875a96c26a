/** Exact decimal arithmetic on amounts: no floating point between the prompt and the tool arguments. */

const DECIMAL = /^(\d+)(?:\.(\d+))?$|^\.(\d+)$/;

/** A positive rational number, e.g. a lending exchange rate of 1.05 = 105/100. */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

/** "0.1" with 9 decimals → 100000000n. Throws when the text has more decimals than the token. */
export function decimalToBaseUnits(text: string, decimals: number, symbol: string): bigint {
  const match = DECIMAL.exec(text);
  if (match === null) throw new RangeError(`"${text}" is not a decimal number`);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) {
    throw new RangeError(`${text} ${symbol} has more decimal places than ${symbol}'s ${decimals}`);
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** "12.5" (percent) → 1250 basis points. Throws outside (0, 100] or below one basis point. */
export function percentToBasisPoints(text: string): number {
  const match = DECIMAL.exec(text);
  if (match === null) throw new RangeError(`"${text}%" is not a percentage`);
  const fraction = (match[2] ?? match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) throw new RangeError(`${text}% is finer than one basis point (0.01%)`);
  const basisPoints = Number(match[1] ?? '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (basisPoints <= 0 || basisPoints > 10_000) throw new RangeError(`${text}% is not between 0% and 100%`);
  return basisPoints;
}

/** `share` of `balance`, rounded down. */
export function shareOf(balance: bigint, share: { numerator: number; denominator: number }): bigint {
  return (balance * BigInt(share.numerator)) / BigInt(share.denominator);
}

/** The whole of what it is a share of. */
export function isWhole(share: { numerator: number; denominator: number }): boolean {
  return share.numerator === share.denominator;
}

/**
 * A positive decimal (a number as JSON prints it, or its string) as an exact ratio: 1.05 → 105/100,
 * 2.5e-7 → 25/100000000. Undefined for anything else.
 */
export function parseRatio(value: unknown): Ratio | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined) return undefined;
  const match = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0') - fraction.length;
  let numerator = BigInt((match[1] ?? '0') + fraction);
  let denominator = 1n;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator = 10n ** BigInt(-exponent);
  if (numerator === 0n) return undefined;
  return { numerator, denominator };
}

/** floor(a / b) or ceil(a / b) for non-negative a and positive b. */
export function divide(a: bigint, b: bigint, rounding: 'down' | 'up'): bigint {
  const quotient = a / b;
  return rounding === 'up' && quotient * b !== a ? quotient + 1n : quotient;
}

/** Base units of a token as a whole-token decimal string: 100000000n with 9 decimals → "0.1". */
export function formatBaseUnits(baseUnits: bigint, decimals: number): string {
  const negative = baseUnits < 0n;
  const digits = (negative ? -baseUnits : baseUnits).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
