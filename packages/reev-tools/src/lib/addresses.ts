// From @solana/addresses rather than @solana/kit: the published declarations then name only that package's
// types (@solana/kit's pull in RPC subscription types that need the DOM library; docs/library.md).
import { address, isAddress, type Address } from '@solana/addresses';

/** Entries kept before the set starts over, so a long-lived process with many seeds stays bounded. */
const VALIDATED_LIMIT = 50_000;
/**
 * Addresses already found to be base58 keys of 32 bytes. Every step builds its instructions from the same few dozen
 * keys, and decoding each one's base58 again to validate it was a large share of building an instruction.
 */
const validated = new Set<string>();

function remember(text: string): void {
  if (validated.size >= VALIDATED_LIMIT) validated.clear();
  validated.add(text);
}

/** `text` as an Address; throws as @solana/addresses' `address()` does when it is not a base58 key of 32 bytes. */
export function checkedAddress(text: string): Address {
  if (!validated.has(text)) {
    address(text);
    remember(text);
  }
  return text as Address;
}

/** Whether `text` is a base58 key of 32 bytes (as @solana/addresses' `isAddress`). */
export function isValidAddress(text: string): boolean {
  if (validated.has(text)) return true;
  if (!isAddress(text)) return false;
  remember(text);
  return true;
}
