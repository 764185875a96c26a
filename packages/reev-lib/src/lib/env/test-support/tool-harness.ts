import { createToolRegistry } from '@reev/tools';
import { SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MINT, type TestCase, type ToolOutcome } from '@reev/types';
import { LiteSvmEnv } from '../litesvm-env';
import { testCase } from './benchmarks';

export const SOL = 1_000_000_000;
export const USDC = 1_000_000;

/** The real tool registry over one LiteSVM environment; the spec closes it in afterAll. */
export function toolHarness() {
  const registry = createToolRegistry();
  const env = new LiteSvmEnv();
  return {
    env,
    call: (name: string, args: unknown): Promise<ToolOutcome> =>
      registry.invoke(env.toolContext(), { callId: `${name}-call`, name, arguments: args }),
    balances: () => env.observe(),
  };
}

/** A wallet with SOL and USDC, a recipient wallet without token accounts, and market settings to try. */
export function walletCase(id: string, market?: TestCase['market'], usdc = 100 * USDC): TestCase {
  return testCase({
    id,
    market,
    initial_state: [
      { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: 5 * SOL },
      { pubkey: 'RECIPIENT_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: SOL },
      {
        pubkey: 'USER_USDC_ATA',
        owner: TOKEN_PROGRAM_ID,
        lamports: 2_039_280,
        data: { mint: USDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: usdc },
      },
    ],
  });
}
