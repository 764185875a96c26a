import type { KnownToken } from './agent-io';

export const SYSTEM_PROGRAM_ID = '11111111111111111111111111111111';
export const TOKEN_PROGRAM_ID = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const ASSOCIATED_TOKEN_PROGRAM_ID = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
/** Jupiter's real programs: named by benchmarks, not executable offline. */
export const JUPITER_SWAP_PROGRAM_ID = 'JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4';
export const JUPITER_LEND_PROGRAM_ID = 'jup3YeL8QhtSx1e253b2FDvsMNC87fDrgQZivbrndc9';

export const USDC_MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
/** The wrapped-SOL mint; in swap and lend arguments it stands for native SOL (lamports). */
export const WSOL_MINT = 'So11111111111111111111111111111111111111112';
export const JLUSDC_MINT = '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D';
export const JLSOL_MINT = '2uQsyo1fXXQkDtcpXnLofWy88PxcvnfH2L8FPSE62FVU';

export const LAMPORTS_PER_SOL = 1_000_000_000;

export const USDC: KnownToken = { symbol: 'USDC', mint: USDC_MINT, decimals: 6 };
export const SOL: KnownToken = { symbol: 'SOL', mint: WSOL_MINT, decimals: 9 };
export const JLUSDC: KnownToken = { symbol: 'jlUSDC', mint: JLUSDC_MINT, decimals: 6 };
export const JLSOL: KnownToken = { symbol: 'jlSOL', mint: JLSOL_MINT, decimals: 9 };

/** Every token the embedded environment knows, in the order agents see them. */
export const KNOWN_TOKENS: readonly KnownToken[] = [USDC, SOL, JLUSDC, JLSOL];

/** The share token the simulated Jupiter lend market mints for each lendable asset. */
export const LEND_SHARE_TOKENS: ReadonlyMap<string, KnownToken> = new Map([
  [USDC.symbol, JLUSDC],
  [SOL.symbol, JLSOL],
]);

/** Other spellings of each symbol (the original benchmarks say jUSDC, L-USDC, wSOL, …), compared case-insensitively. */
const TOKEN_ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  [USDC.symbol, ['USDC']],
  [SOL.symbol, ['SOL', 'WSOL']],
  [JLUSDC.symbol, ['JLUSDC', 'JUSDC', 'L-USDC', 'L_USDC', 'LUSDC']],
  [JLSOL.symbol, ['JLSOL', 'JSOL', 'L-SOL', 'L_SOL', 'LSOL']],
]);

/** All spellings of a known token's symbol (upper case), e.g. jlUSDC → JLUSDC, JUSDC, L-USDC, L_USDC, LUSDC. */
export function tokenAliases(token: KnownToken): readonly string[] {
  return TOKEN_ALIASES.get(token.symbol) ?? [token.symbol.toUpperCase()];
}

/** A known token by mint address, symbol or alias (case-insensitive), or undefined. */
export function findKnownToken(mintOrSymbol: string): KnownToken | undefined {
  const byMint = KNOWN_TOKENS.find((token) => token.mint === mintOrSymbol);
  if (byMint) return byMint;
  const upper = mintOrSymbol.toUpperCase();
  return KNOWN_TOKENS.find((token) => tokenAliases(token).includes(upper));
}

/** True for the token that is native SOL (moved by System transfers, not by the Token program). */
export function isNativeSol(token: KnownToken): boolean {
  return token.mint === WSOL_MINT;
}

/** Base units as a decimal string in whole units: (1500000, 6) → "1.5", (100000000, 9) → "0.1". */
export function formatUnits(amount: number | bigint, decimals: number): string {
  const value = BigInt(amount);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
