import type { AddressDerivation } from '@reev/types';
import { KNOWN_TOKENS, tokenAliases } from '@reev/types';
import { isBase58Address, placeholderKeyLabel, type KeyDerivationCache, type KeyPair } from './keys';

export const USER_WALLET_PLACEHOLDER = 'USER_WALLET_PUBKEY';
const ATA_NAME = /_ATA(?:_PLACEHOLDER)?$/;

/** True for names like USER_USDC_ATA or USER_USDC_ATA_PLACEHOLDER that stand for an associated token account. */
export function isAssociatedTokenAccountName(name: string): boolean {
  return ATA_NAME.test(name);
}

/** The mint a name like USER_USDC_ATA or USER_L_USDC_ATA_PLACEHOLDER refers to by its symbol (longest alias wins). */
export function mintFromAccountName(name: string): string | undefined {
  const stem = name.replace(ATA_NAME, '').toUpperCase();
  let best: { mint: string; length: number } | undefined;
  for (const token of KNOWN_TOKENS) {
    for (const alias of tokenAliases(token)) {
      const matches = stem === alias || stem.endsWith(`_${alias}`);
      if (matches && (!best || alias.length > best.length)) best = { mint: token.mint, length: alias.length };
    }
  }
  return best?.mint;
}

export interface PlaceholderResolverOptions {
  benchmarkId: string;
  seed: number;
  derivations: KeyDerivationCache;
  associatedTokenAddress(owner: string, mint: string): Promise<string>;
}

/**
 * Turns the placeholder names of one benchmark into addresses, following the embedded environment's conventions:
 * a plain name is an Ed25519 key derived from (benchmark id, name, seed); an `_ATA` name is an associated token account.
 * Remembers every key pair it derived, so the environment can sign for those accounts.
 */
export class PlaceholderResolver {
  private readonly resolved = new Map<string, string>();
  private readonly associated = new Map<string, { owner: string; mint: string }>();
  private readonly keyPairs = new Map<string, KeyPair>();

  constructor(private readonly options: PlaceholderResolverOptions) {}

  /** Declares that `name` is the associated token account of (owner, mint), as an initial_state token account says. */
  defineAssociatedTokenAccount(name: string, owner: string, mint: string): void {
    const known = this.associated.get(name);
    if (known && (known.owner !== owner || known.mint !== mint)) {
      throw new Error(
        `${name} is declared twice with different data: (owner ${known.owner}, mint ${known.mint}) and (owner ${owner}, mint ${mint})`,
      );
    }
    this.associated.set(name, { owner, mint });
  }

  /**
   * The address a reference stands for: a base58 key as is, a placeholder name by the conventions, or an
   * AssociatedTokenAccount derivation. `mintHint` names the mint of an `_ATA` name that initial_state does not define.
   */
  async resolve(reference: string | AddressDerivation, mintHint?: string): Promise<string> {
    if (typeof reference !== 'string') {
      const owner = await this.resolve(reference.owner);
      const mint = await this.resolve(reference.mint);
      return this.options.associatedTokenAddress(owner, mint);
    }
    if (isBase58Address(reference)) return reference;
    const cached = this.resolved.get(reference);
    if (cached) return cached;
    const address = await this.resolveName(reference, mintHint);
    this.resolved.set(reference, address);
    return address;
  }

  /** Placeholder name → address for every name resolved so far. */
  keyMap(): Record<string, string> {
    return Object.fromEntries(this.resolved);
  }

  /** The addresses of `keyMap()`, in the same order, without building the record. */
  addresses(): IterableIterator<string> {
    return this.resolved.values();
  }

  /** What `resolve(reference)` gives when it needs no derivation: a base58 key, or a name resolved before. */
  resolvedNow(reference: string): string | undefined {
    return isBase58Address(reference) ? reference : this.resolved.get(reference);
  }

  /** Key pairs of the derived (non-ATA) placeholders, by address. */
  signingKeys(): ReadonlyMap<string, KeyPair> {
    return this.keyPairs;
  }

  private async resolveName(name: string, mintHint: string | undefined): Promise<string> {
    const declared = this.associated.get(name);
    if (declared) {
      return this.options.associatedTokenAddress(await this.resolve(declared.owner), await this.resolve(declared.mint));
    }
    if (isAssociatedTokenAccountName(name)) {
      const mint = mintHint === undefined ? mintFromAccountName(name) : await this.resolve(mintHint);
      if (mint === undefined) {
        throw new Error(
          `cannot resolve ${name}: an _ATA placeholder needs a token account in initial_state, a mint in its assertion, ` +
            `or a known token symbol in its name (e.g. USER_USDC_ATA); known symbols: ${KNOWN_TOKENS.map((t) => t.symbol).join(', ')}`,
        );
      }
      return this.options.associatedTokenAddress(await this.resolve(USER_WALLET_PLACEHOLDER), mint);
    }
    const derived = await this.options.derivations.derive(
      placeholderKeyLabel(this.options.benchmarkId, name, this.options.seed),
    );
    this.keyPairs.set(derived.address, derived.keyPair);
    return derived.address;
  }
}
