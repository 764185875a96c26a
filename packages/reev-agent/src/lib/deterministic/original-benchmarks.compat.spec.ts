import { JLSOL_MINT, JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { edgeForBenchmark, loadOriginalBenchmark } from './test-support/original-benchmarks';
import { runStep } from './test-support/run-step';

/** The prompts of the original suite (0xx, 1xx, and the flow of 200), read from its YAML files. */

function setUp(id: string) {
  const testCase = loadOriginalBenchmark(id);
  const edge = edgeForBenchmark(testCase);
  const key = (name: string): string => {
    const address = edge.keyMap[name];
    if (address === undefined) throw new Error(`${id}: no ${name}`);
    return address;
  };
  return { testCase, edge, wallet: edge.wallet, key };
}

function flowPrompt(testCase: ReturnType<typeof loadOriginalBenchmark>, step: number): string {
  const prompt = testCase.flow?.find((entry) => entry.step === step)?.prompt;
  if (prompt === undefined) throw new Error(`${testCase.id} has no flow step ${step}`);
  return prompt;
}

describe('DeterministicAgent on the original benchmark prompts', () => {
  it('001: sends 0.1 SOL as exactly 100000000 lamports', async () => {
    const { testCase, edge, wallet, key } = setUp('001');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([['sol_transfer', { user_pubkey: wallet, recipient_pubkey: key('RECIPIENT_WALLET_PUBKEY'), amount: 100_000_000 }]]);
    expect(edge.lamports.get(key('RECIPIENT_WALLET_PUBKEY'))).toBe(100_000_000n);
    expect(edge.lamports.get(wallet)).toBe(899_995_000n);
    expect(response.turns).toBe(1);
  });

  it('002: sends 15 USDC into the recipient token account named in the prompt', async () => {
    const { testCase, edge, wallet, key } = setUp('002');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([
      ['spl_transfer', { user_pubkey: wallet, recipient_pubkey: key('RECIPIENT_USDC_ATA'), amount: 15_000_000, mint_address: USDC_MINT }],
    ]);
    expect(edge.tokenAccounts.get(key('USER_USDC_ATA'))?.amount).toBe(35_000_000n);
    expect(edge.tokenAccounts.get(key('RECIPIENT_USDC_ATA'))?.amount).toBe(15_000_000n);
  });

  it('003: makes the right transfer and reports its on-chain failure', async () => {
    const { testCase, edge, wallet, key } = setUp('003');
    const response = await runStep(edge, testCase.prompt);
    expect(edge.invoked).toEqual([
      ['spl_transfer', { user_pubkey: wallet, recipient_pubkey: key('RECIPIENT_USDC_ATA'), amount: 15_000_000, mint_address: USDC_MINT }],
    ]);
    expect(response.error).toBe('spl_transfer failed: Token program: insufficient funds');
    expect(response.turns).toBe(1);
    expect(edge.tokenAccounts.get(key('USER_USDC_ATA'))?.amount).toBe(10_000_000n);
  });

  it('004: sends 5 USDC', async () => {
    const { testCase, edge, wallet, key } = setUp('004');
    await runStep(edge, testCase.prompt);
    expect(edge.invoked).toEqual([
      ['spl_transfer', { user_pubkey: wallet, recipient_pubkey: key('RECIPIENT_USDC_ATA'), amount: 5_000_000, mint_address: USDC_MINT }],
    ]);
  });

  it('100: swaps 0.1 SOL for USDC on Jupiter', async () => {
    const { testCase, edge, wallet, key } = setUp('100');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([['jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 100_000_000 }]]);
    expect(edge.tokenAccounts.get(key('USER_USDC_ATA'))?.amount).toBe(15_000_000n);
  });

  it.each([
    ['110', 'jupiter_lend_earn_deposit', WSOL_MINT, 100_000_000],
    ['111', 'jupiter_lend_earn_deposit', USDC_MINT, 50_000_000],
    ['112', 'jupiter_lend_earn_withdraw', WSOL_MINT, 100_000_000],
    ['113', 'jupiter_lend_earn_withdraw', USDC_MINT, 50_000_000],
  ])('%s: calls %s for %s, %d base units', async (id, tool, assetMint, amount) => {
    const { testCase, edge, wallet } = setUp(id);
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([[tool, { user_pubkey: wallet, asset_mint: assetMint, amount }]]);
  });

  it('112: the withdrawal gives back all 0.1 jlSOL of the position', async () => {
    const { testCase, edge, wallet } = setUp('112');
    await runStep(edge, testCase.prompt);
    expect(edge.tokenBalance(wallet, JLSOL_MINT)).toBe(0n);
  });

  it('114: reads the Jupiter lending positions once and reports them', async () => {
    const { testCase, edge, wallet } = setUp('114');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([['get_jupiter_lend_earn_position', { user_pubkey: wallet }]]);
    expect(response.finalMessage).toContain('supply_apy_pct');
  });

  it('115: mints the jlUSDC shares 50 USDC buy at the position exchange rate', async () => {
    const { testCase, edge, wallet } = setUp('115');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([
      ['get_jupiter_lend_earn_position', { user_pubkey: wallet }],
      ['jupiter_lend_earn_mint', { asset: USDC_MINT, signer: wallet, shares: 50_000_000 }],
    ]);
    expect(edge.tokenBalance(wallet, USDC_MINT)).toBe(50_000_000n);
    expect(response.finalMessage).toContain('restating');
  });

  it('116 (whole prompt): mints, then redeems exactly the shares minted', async () => {
    const { testCase, edge, wallet } = setUp('116');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([
      ['get_jupiter_lend_earn_position', { user_pubkey: wallet }],
      ['jupiter_lend_earn_mint', { asset: USDC_MINT, signer: wallet, shares: 50_000_000 }],
      ['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: wallet, shares: 50_000_000 }],
    ]);
    expect(edge.tokenBalance(wallet, JLUSDC_MINT)).toBe(0n);
    expect(edge.tokenBalance(wallet, USDC_MINT)).toBe(100_000_000n);
  });

  it('116 (flow): step 1 mints, step 2 reads the jlUSDC balance and redeems all of it', async () => {
    const { testCase, edge, wallet } = setUp('116');
    const first = await runStep(edge, flowPrompt(testCase, 1));
    expect(first.error).toBeUndefined();
    const second = await runStep(edge, flowPrompt(testCase, 2));
    expect(second.error).toBeUndefined();
    expect(edge.invoked).toEqual([
      ['get_jupiter_lend_earn_position', { user_pubkey: wallet }],
      ['jupiter_lend_earn_mint', { asset: USDC_MINT, signer: wallet, shares: 50_000_000 }],
      ['get_account_balance', { pubkey: wallet, token_mint: JLUSDC_MINT }],
      ['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: wallet, shares: 50_000_000 }],
    ]);
    expect(edge.tokenBalance(wallet, JLUSDC_MINT)).toBe(0n);
  });

  it('200 (flow): step 1 swaps 2.0 SOL, step 2 deposits the USDC balance the swap produced', async () => {
    const { testCase, edge, wallet } = setUp('200');
    const first = await runStep(edge, flowPrompt(testCase, 1));
    expect(first.error).toBeUndefined();
    const second = await runStep(edge, flowPrompt(testCase, 2));
    expect(second.error).toBeUndefined();
    expect(edge.invoked).toEqual([
      ['jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 2_000_000_000 }],
      ['get_account_balance', { pubkey: wallet, token_mint: USDC_MINT }],
      ['jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 300_000_000 }],
    ]);
    expect(edge.tokenBalance(wallet, USDC_MINT)).toBe(0n);
    expect(edge.tokenBalance(wallet, JLUSDC_MINT)).toBe(300_000_000n);
  });

  it('200 (whole prompt): deposits what the swap produced, read from the swap result', async () => {
    const { testCase, edge, wallet } = setUp('200');
    const response = await runStep(edge, testCase.prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual([
      ['jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 2_000_000_000 }],
      ['jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 300_000_000 }],
    ]);
  });
});
