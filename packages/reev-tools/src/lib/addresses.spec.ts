import { SYSTEM_PROGRAM_ID, USDC_MINT } from '@reev/types';
import { checkedAddress, isValidAddress } from './addresses';

// 43 base58 characters that decode to 31 bytes: the pattern of a key, not a key.
const THIRTY_ONE_BYTES = '1111111111111111111111111111111111111111111';

describe('validated addresses', () => {
  it('accepts a key, again and again, as the same string', () => {
    expect(checkedAddress(USDC_MINT)).toBe(USDC_MINT);
    expect(checkedAddress(USDC_MINT)).toBe(USDC_MINT);
    expect(isValidAddress(SYSTEM_PROGRAM_ID)).toBe(true);
    expect(isValidAddress(SYSTEM_PROGRAM_ID)).toBe(true);
  });

  it('refuses what is not a key of 32 bytes every time it is asked, never remembering it as valid', () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(isValidAddress(THIRTY_ONE_BYTES)).toBe(false);
      expect(() => checkedAddress(THIRTY_ONE_BYTES)).toThrow();
      expect(isValidAddress('not base58 0OIl')).toBe(false);
      expect(() => checkedAddress('')).toThrow();
    }
  });
});
