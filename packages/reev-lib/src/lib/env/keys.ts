import { createHash, type webcrypto } from 'node:crypto';
import { address, createKeyPairFromPrivateKeyBytes, getAddressFromPublicKey, isAddress } from '@solana/kit';
import { findAssociatedTokenPda } from '@solana-program/token';
import { TOKEN_PROGRAM_ID } from '@reev/types';

declare global {
  // @solana/kit types keys with the DOM's WebCrypto globals; Node's type definitions keep them under `webcrypto`.
  interface CryptoKey {
    readonly algorithm: webcrypto.KeyAlgorithm;
    readonly extractable: boolean;
    readonly type: webcrypto.KeyType;
    readonly usages: webcrypto.KeyUsage[];
  }
  interface CryptoKeyPair {
    privateKey: CryptoKey;
    publicKey: CryptoKey;
  }
}

export type KeyPair = CryptoKeyPair;

/** Valid addresses seen so far (bounded): checking one decodes its base58 text, and the same few recur all the time. */
const knownAddresses = new Set<string>();
const KNOWN_ADDRESSES_LIMIT = 50_000;

/** True when `value` is a base58 public key (32 bytes), as opposed to a placeholder name. */
export function isBase58Address(value: string): boolean {
  if (knownAddresses.has(value)) return true;
  if (!isAddress(value)) return false;
  if (knownAddresses.size >= KNOWN_ADDRESSES_LIMIT) knownAddresses.clear();
  knownAddresses.add(value);
  return true;
}

/** The label whose sha256 is a placeholder's private key: "reev|<benchmark id>|<name>|<seed>". */
export function placeholderKeyLabel(benchmarkId: string, name: string, seed = 0): string {
  return `reev|${benchmarkId}|${name}|${seed}`;
}

/** A deterministic Ed25519 key pair whose 32-byte private key is sha256(label). */
export function deriveKeyPairFromLabel(label: string): Promise<KeyPair> {
  const privateKey = createHash('sha256').update(label, 'utf8').digest();
  return createKeyPairFromPrivateKeyBytes(new Uint8Array(privateKey));
}

/** The key pair a placeholder (USER_WALLET_PUBKEY, …) of a benchmark stands for: the same on every run with the same seed. */
export function derivePlaceholderKeyPair(benchmarkId: string, name: string, seed = 0): Promise<KeyPair> {
  return deriveKeyPairFromLabel(placeholderKeyLabel(benchmarkId, name, seed));
}

/** The base58 address of `derivePlaceholderKeyPair(benchmarkId, name, seed)`. */
export async function derivePlaceholderAddress(benchmarkId: string, name: string, seed = 0): Promise<string> {
  const keyPair = await derivePlaceholderKeyPair(benchmarkId, name, seed);
  return getAddressFromPublicKey(keyPair.publicKey);
}

export interface DerivedKey {
  address: string;
  keyPair: KeyPair;
}

/**
 * Derived keys and associated token addresses, memoised. Derivation is deterministic, so one cache may serve
 * every environment of a process (pass it in LiteSvmEnvOptions): Ed25519 and PDA derivations then run once.
 */
export class KeyDerivationCache {
  private readonly byLabel = new Map<string, Promise<DerivedKey>>();
  private readonly associatedAddresses = new Map<string, Promise<string>>();

  associatedTokenAddress(owner: string, mint: string): Promise<string> {
    const key = `${owner}|${mint}`;
    let derived = this.associatedAddresses.get(key);
    if (!derived) {
      derived = findAssociatedTokenPda({
        owner: address(owner),
        mint: address(mint),
        tokenProgram: address(TOKEN_PROGRAM_ID),
      }).then(([pda]) => pda);
      this.associatedAddresses.set(key, derived);
    }
    return derived;
  }

  derive(label: string): Promise<DerivedKey> {
    let derived = this.byLabel.get(label);
    if (!derived) {
      derived = deriveKeyPairFromLabel(label).then(async (keyPair) => ({
        address: await getAddressFromPublicKey(keyPair.publicKey),
        keyPair,
      }));
      this.byLabel.set(label, derived);
    }
    return derived;
  }
}
