import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { getBase58Decoder } from '@solana/kit';
import { derivePlaceholderAddress, isBase58Address, KeyDerivationCache, placeholderKeyLabel } from './keys';

/** The same derivation done with node:crypto alone: Ed25519 private key = sha256(label), address = base58(public key). */
function addressByNodeCrypto(label: string): string {
  const seed = createHash('sha256').update(label).digest();
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  return getBase58Decoder().decode(Buffer.from(x ?? '', 'base64url'));
}

describe('placeholder key derivation', () => {
  it('labels keys "reev|<benchmark id>|<name>|<seed>"', () => {
    expect(placeholderKeyLabel('001-sol-transfer', 'USER_WALLET_PUBKEY')).toBe('reev|001-sol-transfer|USER_WALLET_PUBKEY|0');
    expect(placeholderKeyLabel('001-sol-transfer', 'USER_WALLET_PUBKEY', 7)).toBe('reev|001-sol-transfer|USER_WALLET_PUBKEY|7');
  });

  it('derives the Ed25519 key whose private key is sha256 of the label', async () => {
    const derived = await derivePlaceholderAddress('001-sol-transfer', 'USER_WALLET_PUBKEY');
    expect(derived).toBe(addressByNodeCrypto('reev|001-sol-transfer|USER_WALLET_PUBKEY|0'));
    expect(isBase58Address(derived)).toBe(true);
  });

  it('differs by benchmark, by name and by seed', async () => {
    const addresses = await Promise.all([
      derivePlaceholderAddress('001-sol-transfer', 'USER_WALLET_PUBKEY'),
      derivePlaceholderAddress('002-spl-transfer', 'USER_WALLET_PUBKEY'),
      derivePlaceholderAddress('001-sol-transfer', 'RECIPIENT_WALLET_PUBKEY'),
      derivePlaceholderAddress('001-sol-transfer', 'USER_WALLET_PUBKEY', 1),
    ]);
    expect(new Set(addresses).size).toBe(4);
  });

  it('caches derivations by label', async () => {
    const cache = new KeyDerivationCache();
    const first = await cache.derive('reev|x|A|0');
    expect(await cache.derive('reev|x|A|0')).toBe(first);
    expect(first.address).toBe(addressByNodeCrypto('reev|x|A|0'));
  });

  it('tells base58 keys from placeholder names', () => {
    expect(isBase58Address('11111111111111111111111111111111')).toBe(true);
    expect(isBase58Address('USER_WALLET_PUBKEY')).toBe(false);
    expect(isBase58Address('UNUSED_PLACEHOLDER')).toBe(false);
  });
});
