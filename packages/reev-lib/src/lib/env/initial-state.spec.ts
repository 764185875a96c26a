import { systemTransfer } from '@reev/tools';
import { JLSOL_MINT, SYSTEM_PROGRAM_ID, USDC_MINT } from '@reev/types';
import { derivePlaceholderAddress } from './keys';
import { LiteSvmEnv } from './litesvm-env';
import { benchmarkFiles, REPOSITORY_BENCHMARKS_DIR, suiteTestCase, testCase } from './test-support/benchmarks';
import { ata, expectBenchmarkFileApplied } from './test-support/initial-state-check';

describe('LiteSvmEnv.reset applies initial_state', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  describe('repository benchmarks', () => {
    it.each(benchmarkFiles(REPOSITORY_BENCHMARKS_DIR))('%s', (file) => expectBenchmarkFileApplied(env, REPOSITORY_BENCHMARKS_DIR, file));
  });

  it('derives plain placeholders from (benchmark id, name, seed)', async () => {
    const reset = await env.reset(suiteTestCase('002-spl-transfer'));
    expect(reset.keyMap.RECIPIENT_WALLET_PUBKEY).toBe(await derivePlaceholderAddress('002-spl-transfer', 'RECIPIENT_WALLET_PUBKEY', 0));
    expect(reset.keyMap.USER_USDC_ATA).toBe(await ata(reset.wallet, USDC_MINT));
  });

  it('gives the same addresses and balances on every reset and in every environment', async () => {
    const test = suiteTestCase('113-jup-lend-withdraw-usdc');
    const first = await env.reset(test);
    const second = await env.reset(test);
    const other = new LiteSvmEnv();
    const third = await other.reset(test);
    await other.close();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('gives other addresses with another seed', async () => {
    const test = suiteTestCase('002-spl-transfer');
    const seed0 = await env.reset(test);
    const seed1 = await env.reset(test, { seed: 1 });
    for (const name of Object.keys(seed0.keyMap)) {
      expect(seed1.keyMap[name]).not.toBe(seed0.keyMap[name]);
    }
    expect(seed1.keyMap.USER_WALLET_PUBKEY).toBe(await derivePlaceholderAddress(test.id, 'USER_WALLET_PUBKEY', 1));
    expect(Object.values(seed1.observation.solBalances)).toEqual(Object.values(seed0.observation.solBalances));
  });

  it('starts from a fresh chain: nothing from the previous run remains', async () => {
    const test = suiteTestCase('001-sol-transfer');
    const { wallet, keyMap } = await env.reset(test);
    const transfer = await env.execute([systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 100_000_000n)], {
      signers: [wallet],
    });
    expect(transfer.status).toBe('Success');
    const again = await env.reset(test);
    expect(again.observation.solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(0);
    expect(again.observation.solBalances[wallet]).toBe(1_000_000_000);
  });

  it('resolves placeholders named only in prompts into the key map', async () => {
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
