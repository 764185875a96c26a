import type { SolanaEnv } from '@reev/lib';
import type { AddressRef } from '@reev/types';

/** Scoring names accounts by AddressRef; the environment resolves names and ATA derivations. */
export function addressResolverOf(env: SolanaEnv): (ref: AddressRef) => Promise<string> {
  return (ref) => env.resolveAddress(ref.type === 'Key' ? ref.name : ref);
}
