import type { InitialStateItem } from '@reev/types';

export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const USDC_MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

/** The wallet a free request acts on unless `--state` says otherwise: 10 SOL and 100 USDC. */
export const DEFAULT_DYNAMIC_STATE: InitialStateItem[] = [
  { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM, lamports: 10_000_000_000 },
  {
    pubkey: 'USER_USDC_ATA',
    owner: TOKEN_PROGRAM,
    lamports: 2_039_280,
    data: { mint: USDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: 100_000_000 },
  },
];

export const DEFAULT_WALLET = 'USER_WALLET_PUBKEY';
