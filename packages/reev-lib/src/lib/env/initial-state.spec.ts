import type { AccountData, TestCase } from '@reev/types';
import { systemTransfer } from '@reev/tools';
import { JLSOL_MINT, JLUSDC_MINT, SYSTEM_PROGRAM_ID } from '@reev/types';
import { address } from '@solana/kit';
import { findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token';
import { derivePlaceholderAddress, isBase58Address } from './keys';
import { LiteSvmEnv } from './litesvm-env';
import type { ResetResult } from './solana-env';
import {
  benchmarkFiles,
  loadTestCase,
  ORIGINAL_BENCHMARKS_DIR,
  originalTestCase,
  REPOSITORY_BENCHMARKS_DIR,
  testCase,
} from './test-support/benchmarks';

const SHARE_MINT_BY_POSITION_KEY: Record<string, string> = {
  jUSDC_balance: JLUSDC_MINT,
  jlUSDC_balance: JLUSDC_MINT,
  jSOL_balance: JLSOL_MINT,
  jlSOL_balance: JLSOL_MINT,
};

async function ata(owner: string, mint: string): Promise<string> {
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

describe('LiteSvmEnv.reset applies initial_state', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  describe.each([
    ['original', ORIGINAL_BENCHMARKS_DIR],
    ['repository', REPOSITORY_BENCHMARKS_DIR],
  ])('%s benchmarks', (_suite, directory) => {
    it.each(benchmarkFiles(directory))('%s', async (file) => {
      const test = loadTestCase(directory, file);
      const reset = await env.reset(test);
      expect(reset.wallet).toBe(reset.keyMap.USER_WALLET_PUBKEY);
      expect(reset.wallet).toBe(await derivePlaceholderAddress(test.id, 'USER_WALLET_PUBKEY'));
      for (const item of test.initial_state) {
        if (!isBase58Address(item.pubkey)) expect(reset.keyMap).toHaveProperty(item.pubkey);
      }
      await expectInitialStateApplied(env, test, reset);
    });
  });

  it('derives plain placeholders from (benchmark id, name, seed)', async () => {
    const reset = await env.reset(originalTestCase('002-spl-transfer'));
    expect(reset.keyMap.RECIPIENT_WALLET_PUBKEY).toBe(await derivePlaceholderAddress('002-spl-transfer', 'RECIPIENT_WALLET_PUBKEY', 0));
    expect(reset.keyMap.USER_USDC_ATA).toBe(await ata(reset.wallet, 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v'));
  });

  it('gives the same addresses and balances on every reset and in every environment', async () => {
    const test = originalTestCase('113-jup-lend-withdraw-usdc');
    const first = await env.reset(test);
    const second = await env.reset(test);
    const other = new LiteSvmEnv();
    const third = await other.reset(test);
    await other.close();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('gives other addresses with another seed', async () => {
    const test = originalTestCase('002-spl-transfer');
    const seed0 = await env.reset(test);
    const seed1 = await env.reset(test, { seed: 1 });
    for (const name of Object.keys(seed0.keyMap)) {
      expect(seed1.keyMap[name]).not.toBe(seed0.keyMap[name]);
    }
    expect(seed1.keyMap.USER_WALLET_PUBKEY).toBe(await derivePlaceholderAddress(test.id, 'USER_WALLET_PUBKEY', 1));
    expect(Object.values(seed1.observation.solBalances)).toEqual(Object.values(seed0.observation.solBalances));
  });

  it('starts from a fresh chain: nothing from the previous run remains', async () => {
    const test = originalTestCase('001-sol-transfer');
    const { wallet, keyMap } = await env.reset(test);
    const transfer = await env.execute([systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 100_000_000n)], {
      signers: [wallet],
    });
    expect(transfer.status).toBe('Success');
    const again = await env.reset(test);
    expect(again.observation.solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(0);
    expect(again.observation.solBalances[wallet]).toBe(1_000_000_000);
  });

  it('resolves placeholders named only in assertions and prompts into the key map', async () => {
    const reset = await env.reset(originalTestCase('200-jup-swap-then-lend-deposit'));
    expect(reset.keyMap.USER_USDC_ATA_PLACEHOLDER).toBe(reset.keyMap.USER_USDC_ATA);
    const prompted = await env.reset(
      testCase({ id: 'prompted', initial_state: [], prompt: 'Send 1 SOL to FRIEND_WALLET_PUBKEY and check USER_L_SOL_ATA.' }),
    );
    expect(prompted.keyMap.FRIEND_WALLET_PUBKEY).toBe(await derivePlaceholderAddress('prompted', 'FRIEND_WALLET_PUBKEY'));
    expect(prompted.keyMap.USER_L_SOL_ATA).toBe(await ata(prompted.wallet, JLSOL_MINT));
  });

  it('reports initial_state it cannot apply, naming the item', async () => {
    await expect(
      env.reset(
        testCase({
          id: 'bad-mint',
          initial_state: [
            {
              pubkey: 'USER_BONK_ATA',
              owner: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
              lamports: 2039280,
              data: { mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', owner: 'USER_WALLET_PUBKEY', amount: 5 },
            },
          ],
        }),
      ),
    ).rejects.toThrow(/benchmark bad-mint: initial_state\[0\] \(USER_BONK_ATA\) uses mint DezX.*which the embedded environment cannot create/);
    await expect(
      env.reset(
        testCase({
          id: 'bad-position',
          initial_state: [{ pubkey: 'USER_WALLET_PUBKEY', owner: 'jup3YeL8QhtSx1e253b2FDvsMNC87fDrgQZivbrndc9', data: { jBONK_balance: 5 } }],
        }),
      ),
    ).rejects.toThrow('benchmark bad-position: initial_state[0] (USER_WALLET_PUBKEY): data.jBONK_balance names no lending share token');
    await expect(
      env.reset(
        testCase({
          id: 'duplicate',
          initial_state: [
            { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: 1 },
            { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: 2 },
          ],
        }),
      ),
    ).rejects.toThrow('initial_state[1] (USER_WALLET_PUBKEY) and initial_state[0] (USER_WALLET_PUBKEY) both describe account');
    await expect(
      env.reset(testCase({ id: 'unresolvable', initial_state: [], prompt: 'Check MY_SAVINGS_ATA.' })),
    ).rejects.toThrow('cannot resolve MY_SAVINGS_ATA');
  });
});
