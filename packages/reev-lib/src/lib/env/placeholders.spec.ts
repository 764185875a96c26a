import { JLSOL_MINT, JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { isAssociatedTokenAccountName, mintFromAccountName } from './placeholders';

describe('placeholder names', () => {
  it.each([
    ['USER_USDC_ATA', true],
    ['USER_USDC_ATA_PLACEHOLDER', true],
    ['RECIPIENT_USDC_ATA', true],
    ['USER_WALLET_PUBKEY', false],
    ['UNUSED_PLACEHOLDER', false],
    ['USER_ATAX', false],
  ])('%s is an ATA name: %p', (name, expected) => {
    expect(isAssociatedTokenAccountName(name)).toBe(expected);
  });

  it.each([
    ['USER_USDC_ATA', USDC_MINT],
    ['USER_USDC_ATA_PLACEHOLDER', USDC_MINT],
    ['USER_L_USDC_ATA', JLUSDC_MINT],
    ['USER_L_USDC_ATA_PLACEHOLDER', JLUSDC_MINT],
    ['USER_JUSDC_ATA', JLUSDC_MINT],
    ['USER_JLUSDC_ATA', JLUSDC_MINT],
    ['USER_L_SOL_ATA_PLACEHOLDER', JLSOL_MINT],
    ['USER_WSOL_ATA', WSOL_MINT],
    ['USDC_ATA', USDC_MINT],
  ])('%s names the mint %s', (name, mint) => {
    expect(mintFromAccountName(name)).toBe(mint);
  });

  it('finds no mint in a name without a known symbol', () => {
    expect(mintFromAccountName('MY_SAVINGS_ATA')).toBeUndefined();
    expect(mintFromAccountName('USER_XUSDC_ATA')).toBeUndefined();
  });
});
