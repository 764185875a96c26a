import { KeyObject, sign } from 'node:crypto';
import { addressBytes } from './accounts';

/** The fields of kit's compiled message (compileTransactionMessage) that the wire format holds. */
export interface CompiledMessage {
  version: number | 'legacy';
  header: { numSignerAccounts: number; numReadonlySignerAccounts: number; numReadonlyNonSignerAccounts: number };
  staticAccounts: readonly string[];
  lifetimeToken?: string;
  instructions: readonly { programAddressIndex: number; accountIndices?: readonly number[]; data?: ArrayLike<number> }[];
  addressTableLookups?: readonly unknown[];
}

/** Solana's compact-u16: 7 bits per byte, low bits first, high bit set while more follow. */
function pushShortU16(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`compact-u16 out of range: ${value}`);
  let rest = value;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    if (rest === 0) {
      out.push(low);
      return;
    }
    out.push(low | 0x80);
  }
}

function pushBytes(out: number[], bytes: ArrayLike<number>): void {
  for (let index = 0; index < bytes.length; index += 1) out.push(bytes[index]);
}

/**
 * The wire bytes of a compiled version-0 message, as kit's getCompiledTransactionMessageEncoder writes them, with
 * every key taken from the per-process address cache instead of base58-decoded again (kit's encoder decodes each
 * key with BigInt arithmetic: about half of a transaction's JavaScript time).
 */
export function encodeMessageV0(message: CompiledMessage): Uint8Array {
  if (message.version !== 0) throw new Error(`encodeMessageV0: a version-0 message is expected, got version ${String(message.version)}`);
  if ((message.addressTableLookups ?? []).length > 0) throw new Error('encodeMessageV0: address table lookups are not supported by the embedded environment');
  const lifetime = message.lifetimeToken;
  if (lifetime === undefined) throw new Error('encodeMessageV0: the message has no blockhash');
  const out: number[] = [0x80, message.header.numSignerAccounts, message.header.numReadonlySignerAccounts, message.header.numReadonlyNonSignerAccounts];
  pushShortU16(out, message.staticAccounts.length);
  for (const account of message.staticAccounts) pushBytes(out, addressBytes(account));
  pushBytes(out, addressBytes(lifetime));
  pushShortU16(out, message.instructions.length);
  for (const instruction of message.instructions) {
    out.push(instruction.programAddressIndex);
    const indices = instruction.accountIndices ?? [];
    pushShortU16(out, indices.length);
    pushBytes(out, indices);
    const data = instruction.data ?? new Uint8Array(0);
    pushShortU16(out, data.length);
    pushBytes(out, data);
  }
  pushShortU16(out, 0);
  return Uint8Array.from(out);
}

const signingKeys = new WeakMap<CryptoKey, KeyObject>();

/**
 * An Ed25519 signature made synchronously (node:crypto) instead of through WebCrypto's thread pool. Ed25519 is
 * deterministic, so the bytes are those `crypto.subtle.sign` gives for the same key and message.
 */
export function signEd25519(privateKey: CryptoKey, message: Uint8Array): Uint8Array {
  let key = signingKeys.get(privateKey);
  if (key === undefined) {
    key = KeyObject.from(privateKey);
    signingKeys.set(privateKey, key);
  }
  return new Uint8Array(sign(null, message, key));
}
