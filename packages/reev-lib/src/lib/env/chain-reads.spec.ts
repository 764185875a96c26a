import { systemTransfer, tokenTransfer } from '@reev/tools';
import { USDC_MINT } from '@reev/types';
import { LiteSvmEnv } from './litesvm-env';
import { suiteTestCase } from './test-support/benchmarks';

const SOL = 1_000_000_000;
const FEE = 5000;

/**
 * A session remembers the accounts it read until the chain changes. These specs read every account through every
 * read (observation, agent context, tool reads, token account listing) first, so a read served from before a
 * transaction, a failed one included, or from an earlier reset shows up as a stale balance.
 */
describe('LiteSvmEnv reads after the chain changed', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  async function readEverything(wallet: string, extra: string[]) {
    const tools = env.toolContext();
    return {
      observation: await env.observe(extra),
      context: (await env.agentContext()).observation,
      lamports: await Promise.all([wallet, ...extra].map((account) => tools.getSolBalance(account))),
      tokens: await Promise.all(extra.map(async (account) => (await tools.getTokenAccount(account))?.amount)),
      listed: (await tools.listTokenAccounts(wallet)).map((entry) => [entry.address, entry.amount]),
    };
  }

  it('sees a successful transaction through every read, whatever was read before it', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('003-spl-transfer-fail'));
    const from = keyMap.USER_USDC_ATA;
    const to = keyMap.RECIPIENT_USDC_ATA;
    const before = await readEverything(wallet, [from, to]);
    expect(before.lamports).toEqual([SOL, 2_039_280, 2_039_280]);
    expect(before.tokens).toEqual([10_000_000, 0]);
    expect(before.listed).toEqual([[from, 10_000_000]]);

    const result = await env.execute([tokenTransfer(from, to, wallet, 4_000_000n)], { signers: [wallet] });
    expect(result.status).toBe('Success');

    const after = await readEverything(wallet, [from, to]);
    expect(after.observation.solBalances[wallet]).toBe(SOL - FEE);
    expect(after.observation.tokenAccounts[from].amount).toBe(6_000_000);
    expect(after.observation.tokenAccounts[to].amount).toBe(4_000_000);
    expect(after.context).toEqual(await env.observe());
    expect(after.context.solBalances[wallet]).toBe(SOL - FEE);
    expect(after.lamports).toEqual([SOL - FEE, 2_039_280, 2_039_280]);
    expect(after.tokens).toEqual([6_000_000, 4_000_000]);
    expect(after.listed).toEqual([[from, 6_000_000]]);
  });

  it('sees the fee a failed transaction paid', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('003-spl-transfer-fail'));
    const from = keyMap.USER_USDC_ATA;
    const to = keyMap.RECIPIENT_USDC_ATA;
    await readEverything(wallet, [from, to]);

    const result = await env.execute([tokenTransfer(from, to, wallet, 15_000_000n)], { signers: [wallet] });
    expect(result).toMatchObject({ status: 'Failure', feeLamports: FEE });

    const after = await readEverything(wallet, [from, to]);
    expect(after.observation.solBalances[wallet]).toBe(SOL - FEE);
    expect(after.context.solBalances[wallet]).toBe(SOL - FEE);
    expect(after.lamports[0]).toBe(SOL - FEE);
    expect(after.tokens).toEqual([10_000_000, 0]);
  });

  it('sees an account a transaction created, after reading it as missing', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const recipient = keyMap.RECIPIENT_WALLET_PUBKEY;
    const missingAta = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: recipient, mint: USDC_MINT });
    const before = await readEverything(wallet, [recipient, missingAta]);
    expect(before.lamports).toEqual([SOL, 0, 0]);
    expect(before.observation.solBalances[missingAta]).toBe(0);

    await env.execute([systemTransfer(wallet, recipient, 100_000_000n)], { signers: [wallet] });

    const after = await readEverything(wallet, [recipient]);
    expect(after.lamports).toEqual([SOL - 100_000_000 - FEE, 100_000_000]);
    expect(after.observation.solBalances[recipient]).toBe(100_000_000);
  });

  it('starts every reset from the initial state, not from what the previous chain held', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    await readEverything(wallet, [keyMap.RECIPIENT_WALLET_PUBKEY]);
    await env.execute([systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 100_000_000n)], { signers: [wallet] });
    await readEverything(wallet, [keyMap.RECIPIENT_WALLET_PUBKEY]);

    const again = await env.reset(suiteTestCase('001-sol-transfer'));
    expect(again.observation.solBalances[wallet]).toBe(SOL);
    expect((await readEverything(wallet, [keyMap.RECIPIENT_WALLET_PUBKEY])).lamports).toEqual([SOL, 0]);
  });

  it('reads the accounts a token account listing remembered as a fresh environment reads them', async () => {
    const accounts = async (target: LiteSvmEnv, listFirst: boolean) => {
      const { wallet, keyMap } = await target.reset(suiteTestCase('003-spl-transfer-fail'));
      const tools = target.toolContext();
      if (listFirst) await tools.listTokenAccounts(keyMap.RECIPIENT_WALLET_PUBKEY);
      const addresses = [USDC_MINT, keyMap.RECIPIENT_USDC_ATA, keyMap.USER_USDC_ATA, wallet];
      return {
        observation: await target.observe(addresses),
        lamports: await Promise.all(addresses.map((account) => tools.getSolBalance(account))),
        tokens: await Promise.all(addresses.map((account) => tools.getTokenAccount(account))),
      };
    };
    const fresh = new LiteSvmEnv();
    try {
      const expected = await accounts(fresh, false);
      expect(expected.observation.solBalances[USDC_MINT]).toBeGreaterThan(0);
      expect(await accounts(env, true)).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });

  it('hands out its own copy with every read: changing an answer changes no later one', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('003-spl-transfer-fail'));
    const from = keyMap.USER_USDC_ATA;
    const first = await env.observe();
    first.tokenAccounts[from].amount = 1;
    first.solBalances[wallet] = 1;
    const token = await env.toolContext().getTokenAccount(from);
    if (token) token.amount = 2;
    const [listed] = await env.toolContext().listTokenAccounts(wallet);
    listed.amount = 3;

    const second = await env.observe();
    expect(second.tokenAccounts[from].amount).toBe(10_000_000);
    expect(second.solBalances[wallet]).toBe(SOL);
    expect((await env.toolContext().getTokenAccount(from))?.amount).toBe(10_000_000);
    expect((await env.toolContext().listTokenAccounts(wallet))[0].amount).toBe(10_000_000);
  });
});
