import { createToolRegistry } from '@reev/tools';
import { USDC_MINT } from '@reev/types';
import { LiteSvmEnv } from './litesvm-env';
import { originalTestCase } from './test-support/benchmarks';

const SOL = 1_000_000_000;
const USDC = 1_000_000;

describe('LiteSvmEnv on the lending position the original 304 writes in initial_state', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  it('observes the key map, the wallet token accounts and extra addresses', async () => {
    const { wallet, keyMap } = await env.reset(originalTestCase('304-emergency-exit-strategy'));
    const jlUsdc = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: 'USER_WALLET_PUBKEY', mint: '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D' });
    const stranger = '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR';
    const observation = await env.observe([stranger]);
    expect(observation.solBalances).toEqual({ [wallet]: 2 * SOL, [stranger]: 0 });
    expect(observation.tokenAccounts).toEqual({
      [keyMap.USER_USDC_ATA]: { mint: USDC_MINT, owner: wallet, amount: 80_000_000 },
      [jlUsdc]: { mint: '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D', owner: wallet, amount: 120_000_000 },
    });
  });

  it('redeems the jUSDC position written as a lending position (304)', async () => {
    const { wallet, keyMap } = await env.reset(originalTestCase('304-emergency-exit-strategy'));
    const outcome = await createToolRegistry().invoke(env.toolContext(), {
      callId: 'jupiter_lend_earn_redeem-call',
      name: 'jupiter_lend_earn_redeem',
      arguments: { asset: USDC_MINT, signer: wallet, shares: 120 * USDC },
    });
    expect(outcome.ok).toBe(true);
    expect((await env.observe()).tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(200 * USDC);
  });
});
