import type { KnownToken } from '@reev/types';
import { z } from 'zod';
import { findKnownToken, KNOWN_TOKENS } from '@reev/types';
import { isValidAddress } from './addresses';

/** Error text for a base type: "is required" when the field is missing, `message` otherwise. */
function requiredOr(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

const BASE58_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

export function pubkeyField(description: string) {
  return z
    .string({ error: requiredOr('expected a base58 public key (a string)') })
    .regex(BASE58_PATTERN, {
      message: 'expected a base58 public key; placeholder names must be replaced by their addresses from the key map',
      abort: true,
    })
    .refine((value) => isValidAddress(value), 'expected a base58 public key of 32 bytes')
    .describe(description);
}

/** A positive integer amount in base units; `unit` names the unit in the description and in errors. */
export function baseUnitsField(unit: string, description: string) {
  const message = `expected a positive integer number of ${unit}`;
  return z
    .number({ error: requiredOr(message) })
    .int({ error: message })
    .positive({ error: message })
    .describe(`${description} Integer in ${unit}.`);
}

export function describeTokens(tokens: readonly KnownToken[]): string {
  return tokens.map((token) => `${token.symbol} (${token.mint})`).join(', ');
}

/** A mint address (or symbol) of one of the `allowed` tokens; `description` should say which tokens make sense. */
export function knownTokenField(description: string, allowed: readonly KnownToken[] = KNOWN_TOKENS) {
  const list = describeTokens(allowed);
  return z
    .string({ error: requiredOr('expected a mint address (a string)') })
    .refine(
      (value) => {
        const token = findKnownToken(value);
        return token !== undefined && allowed.includes(token);
      },
      { message: `expected one of ${list}` },
    )
    .describe(description);
}

/** The known token a validated `knownTokenField` value names. */
export function knownToken(mintOrSymbol: string): KnownToken {
  const token = findKnownToken(mintOrSymbol);
  if (!token) throw new Error(`unknown token "${mintOrSymbol}"; known tokens: ${describeTokens(KNOWN_TOKENS)}`);
  return token;
}
