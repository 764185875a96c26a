import type { AccountData, TestCase } from '@reev/types';
import { JLSOL_MINT, JLUSDC_MINT } from '@reev/types';
import { address } from '@solana/kit';
import { findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { derivePlaceholderAddress, isBase58Address } from '../keys';
import type { LiteSvmEnv } from '../litesvm-env';
import type { ResetResult } from '../solana-env';
import { loadTestCase } from './benchmarks';

const SHARE_MINT_BY_POSITION_KEY: Record<string, string> = {
  jUSDC_balance: JLUSDC_MINT,
  jlUSDC_balance: JLUSDC_MINT,
  jSOL_balance: JLSOL_MINT,
  jlSOL_balance: JLSOL_MINT,
};

export async function ata(owner: string, mint: string): Promise<string> {
  const [pda] = await findAssociatedTokenPda({ owner: address(owner), mint: address(mint), tokenProgram: TOKEN_PROGRAM_ADDRESS });
  return pda;
}

function isTokenData(data: unknown): data is AccountData {
  return typeof data === 'object' && data !== null && 'mint' in data;
}

/** Checks, item by item, that the observation after reset shows exactly what initial_state describes. */
async function expectInitialStateApplied(env: LiteSvmEnv, test: TestCase, reset: ResetResult): Promise<void> {
  const context = env.toolContext();
  const resolve = (name: string) => (isBase58Address(name) ? name : reset.keyMap[name]);
  for (const item of test.initial_state) {
    const data = item.data;
    if (data === undefined) {
      const account = resolve(item.pubkey);
      expect(account).toBeDefined();
      expect(reset.observation.solBalances[account]).toBe(item.lamports);
    } else if (isTokenData(data)) {
      const owner = resolve(data.owner);
      const account = /_ATA(_PLACEHOLDER)?$/.test(item.pubkey) ? await ata(owner, data.mint) : resolve(item.pubkey);
      expect(resolve(item.pubkey)).toBe(account);
      expect(reset.observation.tokenAccounts[account]).toEqual({ mint: data.mint, owner, amount: data.amount });
      expect(await context.getSolBalance(account)).toBe(item.lamports);
    } else {
      const holder = resolve(item.pubkey);
      for (const [key, amount] of Object.entries(data)) {
        const mint = SHARE_MINT_BY_POSITION_KEY[key];
        const account = await ata(holder, mint);
        expect(reset.observation.tokenAccounts[account]).toEqual({ mint, owner: holder, amount });
      }
    }
  }
}

/** Resets `env` to the benchmark file and checks its wallet, key map and every initial_state item. */
export async function expectBenchmarkFileApplied(env: LiteSvmEnv, directory: string, file: string): Promise<void> {
  const test = loadTestCase(directory, file);
  const reset = await env.reset(test);
  expect(reset.wallet).toBe(reset.keyMap.USER_WALLET_PUBKEY);
  expect(reset.wallet).toBe(await derivePlaceholderAddress(test.id, 'USER_WALLET_PUBKEY'));
  for (const item of test.initial_state) {
    if (!isBase58Address(item.pubkey)) expect(reset.keyMap).toHaveProperty(item.pubkey);
  }
  await expectInitialStateApplied(env, test, reset);
}
