import { SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MINT, type InitialStateItem } from '@reev/types';

/** The wallet a free request acts on unless `--state` says otherwise: 10 SOL and 100 USDC. */
export const DEFAULT_DYNAMIC_STATE: InitialStateItem[] = [
  { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: 10_000_000_000 },
  {
    pubkey: 'USER_USDC_ATA',
    owner: TOKEN_PROGRAM_ID,
    lamports: 2_039_280,
    data: { mint: USDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: 100_000_000 },
  },
];

export const DEFAULT_WALLET = 'USER_WALLET_PUBKEY';
