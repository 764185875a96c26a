import { JLSOL_MINT, JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { suiteTestCase } from './test-support/benchmarks';
import { SOL, USDC, toolHarness, walletCase } from './test-support/tool-harness';

const { env, call, balances } = toolHarness();
afterAll(() => env.close());

describe('jupiter_swap on the simulated market', () => {
  const market = { prices_usd: { SOL: 151.37 }, swap_slippage_bps: 25 };

  it('sells SOL for USDC at the configured price minus slippage; the market pays the fees', async () => {
    const { wallet, keyMap } = await env.reset(walletCase('swap-sol-usdc', market));
    const outcome = await call('jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: SOL, slippage_bps: 50 });
    expect(outcome.ok).toBe(true);
    expect(outcome.output).toMatchObject({
      protocol: 'jupiter-sim',
      operation: 'swap',
      status: 'Success',
      input: { symbol: 'SOL', amount: SOL, ui_amount: '1' },
      output: { symbol: 'USDC', amount: 150_991_575, ui_amount: '150.991575' },
      prices_usd: { SOL: 151.37, USDC: 1 },
      slippage_bps: 25,
      signature: outcome.transactions[0].signature,
    });
    expect(outcome.transactions).toHaveLength(1);
    expect(outcome.transactions[0].feeLamports).toBe(10_000);
    const { solBalances, tokenAccounts } = await balances();
    expect(solBalances[wallet]).toBe(4 * SOL);
    expect(tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(100 * USDC + 150_991_575);
  });

  it('sells USDC for SOL', async () => {
    const { wallet, keyMap } = await env.reset(walletCase('swap-usdc-sol', market));
    const outcome = await call('jupiter_swap', { user_pubkey: wallet, input_mint: USDC_MINT, output_mint: 'SOL', amount: 100 * USDC });
    expect(outcome.ok).toBe(true);
    expect(outcome.output).toMatchObject({ output: { symbol: 'SOL', amount: 658_981_304 } });
    const { solBalances, tokenAccounts } = await balances();
    expect(solBalances[wallet]).toBe(5 * SOL + 658_981_304);
    expect(tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(0);
  });

  it("creates the buyer's USDC account when it has none (at the market's cost)", async () => {
    const { wallet } = await env.reset(suiteTestCase('110-jup-lend-deposit-sol'));
    const outcome = await call('jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 100_000_000 });
    expect(outcome.ok).toBe(true);
    const usdcAccount = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: wallet, mint: USDC_MINT });
    const { solBalances, tokenAccounts } = await balances();
    expect(tokenAccounts[usdcAccount]).toEqual({ mint: USDC_MINT, owner: wallet, amount: 15 * USDC });
    expect(solBalances[wallet]).toBe(5 * SOL - 100_000_000);
  });

  it('refuses a slippage limit below the market slippage, without a transaction', async () => {
    const { wallet } = await env.reset(walletCase('swap-slippage', market));
    const outcome = await call('jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: SOL, slippage_bps: 10 });
    expect(outcome).toMatchObject({ ok: false, transactions: [] });
    expect(outcome.error).toBe(
      "slippage_bps: 10 bps is below the market's current slippage of 25 bps, so the swap would not fill; allow at least 25 bps",
    );
    expect((await balances()).solBalances[wallet]).toBe(5 * SOL);
    const atLimit = await call('jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: SOL, slippage_bps: 25 });
    expect(atLimit.ok).toBe(true);
  });

  it('refuses pairs the market has no price for, and a swap of a token for itself', async () => {
    const { wallet } = await env.reset(walletCase('swap-pairs'));
    const shares = await call('jupiter_swap', { user_pubkey: wallet, input_mint: USDC_MINT, output_mint: JLUSDC_MINT, amount: USDC });
    expect(shares).toMatchObject({ ok: false, transactions: [] });
    expect(shares.error).toBe('the jupiter-sim market has no price for USDC → jlUSDC; it trades SOL and USDC');
    const same = await call('jupiter_swap', { user_pubkey: wallet, input_mint: USDC_MINT, output_mint: 'usdc', amount: USDC });
    expect(same.error).toBe('output_mint: the same token as input_mint (USDC); nothing to swap');
  });

  it('fails on chain when the seller has too little SOL', async () => {
    const { wallet, keyMap } = await env.reset(walletCase('swap-too-much'));
    const outcome = await call('jupiter_swap', { user_pubkey: wallet, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 10 * SOL });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^transaction failed: System program: insufficient lamports .*\(instruction 1 of 3\)$/);
    const { solBalances, tokenAccounts } = await balances();
    expect(solBalances[wallet]).toBe(5 * SOL);
    expect(tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(100 * USDC);
  });
});

describe('Jupiter lend earn on the simulated market (USDC at 1.05, SOL at 1.02 per share)', () => {
  const market = { lend_exchange_rates: { USDC: 1.05, SOL: 1.02 } };

  it('deposits, withdraws, mints and redeems USDC with exact share arithmetic', async () => {
    const { wallet, keyMap } = await env.reset(walletCase('lend-usdc', market));
    const shareAccount = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: wallet, mint: JLUSDC_MINT });
    const holdings = async () => {
      const { tokenAccounts, solBalances } = await balances();
      return { usdc: tokenAccounts[keyMap.USER_USDC_ATA].amount, shares: tokenAccounts[shareAccount]?.amount, sol: solBalances[wallet] };
    };

    const deposit = await call('jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 50 * USDC });
    expect(deposit.ok).toBe(true);
    expect(deposit.output).toMatchObject({
      protocol: 'jupiter-sim',
      operation: 'deposit',
      underlying: { symbol: 'USDC', amount: 50 * USDC },
      shares: { symbol: 'jlUSDC', amount: 47_619_047, account: shareAccount },
      exchange_rate: 1.05,
    });
    expect(await holdings()).toEqual({ usdc: 50 * USDC, shares: 47_619_047, sol: 5 * SOL });

    const withdraw = await call('jupiter_lend_earn_withdraw', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 10 * USDC });
    expect(withdraw.output).toMatchObject({ operation: 'withdraw', underlying: { amount: 10 * USDC }, shares: { amount: 9_523_810 } });
    expect(await holdings()).toEqual({ usdc: 60 * USDC, shares: 38_095_237, sol: 5 * SOL });

    const mint = await call('jupiter_lend_earn_mint', { asset: USDC_MINT, signer: wallet, shares: 1_000_000 });
    expect(mint.output).toMatchObject({ operation: 'mint', underlying: { amount: 1_050_000 }, shares: { amount: 1_000_000 } });
    expect(await holdings()).toEqual({ usdc: 58_950_000, shares: 39_095_237, sol: 5 * SOL });

    const redeem = await call('jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: wallet, shares: 1_000_001 });
    expect(redeem.output).toMatchObject({ operation: 'redeem', underlying: { amount: 1_050_001 }, shares: { amount: 1_000_001 } });
    expect(await holdings()).toEqual({ usdc: 60_000_001, shares: 38_095_236, sol: 5 * SOL });

    const position = await call('get_jupiter_lend_earn_position', { user_pubkey: wallet });
    expect(position).toMatchObject({ ok: true, transactions: [] });
    expect(position.output).toMatchObject({
      protocol: 'jupiter-sim',
      total_positions: 1,
      positions: [
        {
          asset: { symbol: 'USDC' },
          share: { symbol: 'jlUSDC', mint: JLUSDC_MINT, account: shareAccount },
          shares: 38_095_236,
          underlying: { amount: 39_999_997, ui_amount: '39.999997' },
          value_usd: 39.999997,
          exchange_rate: 1.05,
          supply_apy_pct: 5.2,
        },
        { asset: { symbol: 'SOL' }, share: { symbol: 'jlSOL', mint: JLSOL_MINT }, shares: 0, exchange_rate: 1.02, supply_apy_pct: 6.1 },
      ],
    });
  });

  it('deposits, withdraws, mints and redeems native SOL; only the lent lamports leave the wallet', async () => {
    const { wallet } = await env.reset(walletCase('lend-sol', market));
    const shareAccount = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: wallet, mint: JLSOL_MINT });
    const holdings = async () => {
      const { tokenAccounts, solBalances } = await balances();
      return { sol: solBalances[wallet], shares: tokenAccounts[shareAccount]?.amount };
    };
    expect((await call('jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: WSOL_MINT, amount: SOL })).ok).toBe(true);
    expect(await holdings()).toEqual({ sol: 4 * SOL, shares: 980_392_156 });
    expect((await call('jupiter_lend_earn_withdraw', { user_pubkey: wallet, asset_mint: 'SOL', amount: 100_000_000 })).ok).toBe(true);
    expect(await holdings()).toEqual({ sol: 4_100_000_000, shares: 882_352_940 });
    expect((await call('jupiter_lend_earn_mint', { asset: WSOL_MINT, signer: wallet, shares: 1_000_000 })).ok).toBe(true);
    expect(await holdings()).toEqual({ sol: 4_100_000_000 - 1_020_000, shares: 883_352_940 });
    expect((await call('jupiter_lend_earn_redeem', { asset: WSOL_MINT, signer: wallet, shares: 999_999 })).ok).toBe(true);
    expect(await holdings()).toEqual({ sol: 4_099_999_998, shares: 882_352_941 });
    const position = await call('get_jupiter_lend_earn_position', { user_pubkey: wallet });
    expect(position.output).toMatchObject({
      total_positions: 1,
      positions: [{ shares: 0 }, { shares: 882_352_941, underlying: { amount: 899_999_999 }, exchange_rate: 1.02 }],
    });
  });

  it('withdraws the 0.1 jlSOL position of benchmark 112 at the default rate', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('112-jup-lend-withdraw-sol'));
    const outcome = await call('jupiter_lend_earn_withdraw', { user_pubkey: wallet, asset_mint: WSOL_MINT, amount: 100_000_000 });
    expect(outcome.ok).toBe(true);
    const { solBalances, tokenAccounts } = await balances();
    expect(tokenAccounts[keyMap.USER_L_SOL_ATA_PLACEHOLDER].amount).toBe(0);
    expect(solBalances[wallet]).toBe(5 * SOL + 100_000_000);
  });

  it('fails on chain when withdrawing more than the shares are worth, or without any shares', async () => {
    const { wallet } = await env.reset(walletCase('lend-too-much', market));
    const none = await call('jupiter_lend_earn_withdraw', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: USDC });
    expect(none.ok).toBe(false);
    expect(none.error).toContain('Token program: invalid account data (an account is missing');
    await call('jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 10 * USDC });
    const tooMuch = await call('jupiter_lend_earn_withdraw', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 20 * USDC });
    expect(tooMuch.ok).toBe(false);
    expect(tooMuch.error).toBe('transaction failed: Token program: insufficient funds (instruction 1 of 3)');
    const overdraft = await call('jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 500 * USDC });
    expect(overdraft.error).toBe('transaction failed: Token program: insufficient funds (instruction 1 of 3)');
  });

  it('refuses amounts worth less than one unit', async () => {
    const { wallet } = await env.reset(walletCase('lend-dust', { lend_exchange_rates: { USDC: 2 } }));
    const deposit = await call('jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 1 });
    expect(deposit).toMatchObject({ ok: false, transactions: [], error: 'amount: 1 is worth less than one share at rate 2' });
  });
});
