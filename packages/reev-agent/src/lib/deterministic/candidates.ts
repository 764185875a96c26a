import type { Clause } from './clauses';
import type { Intent, TokenRef } from './intent';

/**
 * Why a clause yields no intent. `underspecified` clauses (no amount, no token) may be a summary that
 * another sentence states in full; `invalid` ones are always an error.
 */
export interface Problem {
  severity: 'underspecified' | 'invalid';
  message: string;
}

/** An intent read from one clause, before restatements are removed. References point at candidate indexes. */
export interface Candidate {
  clause: Clause;
  kind: Intent['kind'];
  intent?: Intent;
  problem?: Problem;
  /** The token this intent leaves in the wallet, for "deposit it" in a later clause. */
  produces?: TokenRef;
  /** Equal signatures = the same request. */
  signature: string;
}

export const underspecified = (message: string): Problem => ({ severity: 'underspecified', message });
export const invalid = (message: string): Problem => ({ severity: 'invalid', message });

export function signatureOf(intent: Intent | undefined, kind: Intent['kind']): string {
  if (intent === undefined) return `${kind}:?`;
  return JSON.stringify(intent, (key, value: unknown) => {
    if (key === 'clause' || key === 'intentIndex') return undefined;
    return typeof value === 'bigint' ? value.toString() : value;
  });
}

