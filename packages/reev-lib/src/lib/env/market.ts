import { type JupiterSimConfig, type JupiterSimMarket } from '@reev/tools';
import { JLSOL, JLUSDC, LAMPORTS_PER_SOL, SOL, USDC } from '@reev/types';

/** Labels of the market's keys: fixed, so market addresses are the same in every run. */
export const MARKET_AUTHORITY_LABEL = 'reev|jupiter-sim|market-authority';
export const LEND_VAULT_LABEL = 'reev|jupiter-sim|lend-vault';

/** Reserves large enough for any benchmark, small enough to stay exact as JS numbers (< 2^53). */
export const MARKET_SOL_RESERVE_LAMPORTS = 1_000_000 * LAMPORTS_PER_SOL;
export const MARKET_USDC_RESERVE_BASE_UNITS = 1_000_000_000 * 10 ** USDC.decimals;

export interface MarketAccounts {
  market: JupiterSimMarket;
  /** System accounts the market funds with SOL. */
  systemAccounts: { address: string; lamports: number }[];
  /** Token accounts the market funds. */
  tokenAccounts: { address: string; owner: string; mint: string; amount: number }[];
}

/**
 * The simulated Jupiter market: the authority's own system account and USDC account are the swap vaults; a separate
 * lend vault key holds lent SOL in its system account and lent USDC in its USDC account.
 */
export async function buildJupiterSimMarket(
  keys: { authority: string; lendVault: string },
  config: JupiterSimConfig,
  associatedTokenAddress: (owner: string, mint: string) => Promise<string>,
): Promise<MarketAccounts> {
  const authorityUsdc = await associatedTokenAddress(keys.authority, USDC.mint);
  const lendVaultUsdc = await associatedTokenAddress(keys.lendVault, USDC.mint);
  return {
    market: {
      protocol: 'jupiter-sim',
      config,
      authority: keys.authority,
      swapVaults: [
        { token: SOL, address: keys.authority, authority: keys.authority },
        { token: USDC, address: authorityUsdc, authority: keys.authority },
      ],
      lendPools: [
        { asset: USDC, share: JLUSDC, vault: lendVaultUsdc, vaultAuthority: keys.lendVault },
        { asset: SOL, share: JLSOL, vault: keys.lendVault, vaultAuthority: keys.lendVault },
      ],
    },
    systemAccounts: [
      { address: keys.authority, lamports: MARKET_SOL_RESERVE_LAMPORTS },
      { address: keys.lendVault, lamports: MARKET_SOL_RESERVE_LAMPORTS },
    ],
    tokenAccounts: [
      { address: authorityUsdc, owner: keys.authority, mint: USDC.mint, amount: MARKET_USDC_RESERVE_BASE_UNITS },
      { address: lendVaultUsdc, owner: keys.lendVault, mint: USDC.mint, amount: MARKET_USDC_RESERVE_BASE_UNITS },
    ],
  };
}
