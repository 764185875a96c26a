import { findKnownToken, formatUnits, isNativeSol, JLSOL, JLUSDC, KNOWN_TOKENS, SOL, USDC, WSOL_MINT } from './tokens';

describe('known tokens', () => {
  it('lists USDC, SOL, jlUSDC and jlSOL with their decimals', () => {
    expect(KNOWN_TOKENS.map((token) => [token.symbol, token.decimals])).toEqual([
      ['USDC', 6],
      ['SOL', 9],
      ['jlUSDC', 6],
      ['jlSOL', 9],
    ]);
  });

  it.each([
    ['EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', USDC],
    ['usdc', USDC],
    [WSOL_MINT, SOL],
    ['wSOL', SOL],
    ['jUSDC', JLUSDC],
    ['L-USDC', JLUSDC],
    ['jlusdc', JLUSDC],
    ['jSOL', JLSOL],
    ['L-SOL', JLSOL],
  ])('finds %p', (query, token) => {
    expect(findKnownToken(query)).toBe(token);
  });

  it('finds nothing for an unknown token', () => {
    expect(findKnownToken('BONK')).toBeUndefined();
    expect(findKnownToken('DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263')).toBeUndefined();
  });

  it('treats only the wSOL mint as native SOL', () => {
    expect(KNOWN_TOKENS.filter(isNativeSol)).toEqual([SOL]);
  });
});

describe('formatUnits', () => {
  it.each([
    [1_500_000, 6, '1.5'],
    [100_000_000, 9, '0.1'],
    [0, 6, '0'],
    [15_000_000, 6, '15'],
    [1, 9, '0.000000001'],
    [-2_500_000, 6, '-2.5'],
  ])('%p base units with %p decimals is %p', (amount, decimals, expected) => {
    expect(formatUnits(amount, decimals)).toBe(expected);
  });
});
