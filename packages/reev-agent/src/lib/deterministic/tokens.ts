import { WSOL_MINT, type KnownToken } from '@reev/types';
import type { LendMarket, TokenRef } from './intent';
import { LEND_SHARE_SYMBOLS, TOKEN_ALIASES } from './vocabulary';

const SOL_DECIMALS = 9;

/** Lamports left in the wallet for fees when the user asks to use all of their SOL (0.01 SOL). */
export const SOL_FEE_RESERVE_LAMPORTS = 10_000_000n;

/**
 * The tokens of one environment (AgentContext.tokens), looked up by what a prompt calls them; the wSOL mint
 * stands for native SOL in swap and lend tool arguments.
 */
export class TokenLexicon {
  private readonly bySymbol = new Map<string, TokenRef>();
  private readonly byMint = new Map<string, TokenRef>();

  constructor(tokens: readonly KnownToken[]) {
    for (const token of tokens) {
      const native = token.symbol.toUpperCase() === 'SOL';
      const ref: TokenRef = native
        ? { symbol: 'SOL', mint: WSOL_MINT, decimals: token.decimals, native }
        : { ...token, native };
      this.bySymbol.set(ref.symbol.toLowerCase(), ref);
      this.byMint.set(ref.mint, ref);
    }
    // Native SOL exists in every Solana environment, listed or not.
    if (!this.bySymbol.has('sol')) {
      const sol: TokenRef = { symbol: 'SOL', mint: WSOL_MINT, decimals: SOL_DECIMALS, native: true };
      this.bySymbol.set('sol', sol);
      this.byMint.set(WSOL_MINT, sol);
    }
  }

  /**
   * The token a word names: an alias ("jUSDC"), an environment symbol, or undefined when the word is
   * no token. A known alias of a token this environment lacks is an error, not "no token".
   */
  byWord(word: string): TokenRef | undefined {
    const lower = word.toLowerCase();
    const alias = TOKEN_ALIASES.get(lower);
    if (alias !== undefined) {
      const token = this.bySymbol.get(alias.toLowerCase());
      if (token === undefined) throw new UnknownTokenError(`${word} (${alias}) is not a token of this environment`);
      return token;
    }
    return this.bySymbol.get(lower);
  }

  byMintAddress(mint: string): TokenRef | undefined {
    return this.byMint.get(mint);
  }

  /** The lend market `token` belongs to, as its asset or as its share token. */
  lendMarketOf(token: TokenRef): LendMarket | undefined {
    for (const [assetSymbol, shareSymbol] of LEND_SHARE_SYMBOLS) {
      if (token.symbol !== assetSymbol && token.symbol !== shareSymbol) continue;
      const asset = this.bySymbol.get(assetSymbol.toLowerCase());
      const share = this.bySymbol.get(shareSymbol.toLowerCase());
      return asset !== undefined && share !== undefined ? { asset, share } : undefined;
    }
    return undefined;
  }
}

export class UnknownTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownTokenError';
  }
}
