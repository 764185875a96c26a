/** A token whose base units the diagrams convert to whole units. */
export interface DisplayToken {
  symbol: string;
  mint: string;
  decimals: number;
  /** Other spellings agents use for the token in mint arguments (compared case-insensitively). */
  aliases: readonly string[];
}

const WSOL_MINT = 'So11111111111111111111111111111111111111112';
const USDC_MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const JLUSDC_MINT = '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D';
const JLSOL_MINT = '2uQsyo1fXXQkDtcpXnLofWy88PxcvnfH2L8FPSE62FVU';

/** Native SOL: lamports, 9 decimals. In swap and lend arguments the wSOL mint stands for it. */
export const SOL: DisplayToken = { symbol: 'SOL', mint: WSOL_MINT, decimals: 9, aliases: ['SOL', 'WSOL'] };
const USDC: DisplayToken = { symbol: 'USDC', mint: USDC_MINT, decimals: 6, aliases: ['USDC'] };
const JLUSDC: DisplayToken = {
  symbol: 'jlUSDC',
  mint: JLUSDC_MINT,
  decimals: 6,
  aliases: ['JLUSDC', 'JUSDC', 'L-USDC', 'L_USDC', 'LUSDC'],
};
const JLSOL: DisplayToken = {
  symbol: 'jlSOL',
  mint: JLSOL_MINT,
  decimals: 9,
  aliases: ['JLSOL', 'JSOL', 'L-SOL', 'L_SOL', 'LSOL'],
};

const KNOWN_TOKENS: readonly DisplayToken[] = [SOL, USDC, JLUSDC, JLSOL];

/** The Jupiter lend share token of each lendable asset (shares of USDC are jlUSDC). */
const SHARE_TOKEN_OF: ReadonlyMap<DisplayToken, DisplayToken> = new Map([
  [USDC, JLUSDC],
  [SOL, JLSOL],
]);

/** A known token by mint address, symbol or alias, or undefined. */
export function knownToken(mintOrSymbol: unknown): DisplayToken | undefined {
  if (typeof mintOrSymbol !== 'string') return undefined;
  const byMint = KNOWN_TOKENS.find((token) => token.mint === mintOrSymbol);
  if (byMint) return byMint;
  const upper = mintOrSymbol.trim().toUpperCase();
  return KNOWN_TOKENS.find((token) => token.aliases.includes(upper));
}

export function shareTokenOf(asset: DisplayToken): DisplayToken | undefined {
  return SHARE_TOKEN_OF.get(asset);
}
