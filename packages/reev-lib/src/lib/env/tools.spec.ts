import type { TestCase, ToolOutcome } from '@reev/types';
import { createToolRegistry } from '@reev/tools';
import { ASSOCIATED_TOKEN_PROGRAM_ID, JLSOL_MINT, JLUSDC_MINT, SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MINT, WSOL_MINT } from '@reev/types';
import { getBase58Encoder } from '@solana/kit';
import { LiteSvmEnv } from './litesvm-env';
import { suiteTestCase, testCase } from './test-support/benchmarks';

const SOL = 1_000_000_000;
const USDC = 1_000_000;
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const STRANGER = '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR';

const registry = createToolRegistry();
const env = new LiteSvmEnv();
afterAll(() => env.close());

function call(name: string, args: unknown): Promise<ToolOutcome> {
  return registry.invoke(env.toolContext(), { callId: `${name}-call`, name, arguments: args });
}

async function balances() {
  return env.observe();
}

/** A wallet with SOL and USDC, a recipient wallet without token accounts, and market settings to try. */
function walletCase(id: string, market?: TestCase['market'], usdc = 100 * USDC): TestCase {
  return testCase({
    id,
    market,
    initial_state: [
      { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: 5 * SOL },
      { pubkey: 'RECIPIENT_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: SOL },
      {
        pubkey: 'USER_USDC_ATA',
        owner: TOKEN,
        lamports: 2_039_280,
        data: { mint: USDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: usdc },
      },
    ],
  });
}

describe('get_account_balance', () => {
  it('reports a wallet: SOL in lamports and every token account it owns', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('002-spl-transfer'));
    const outcome = await call('get_account_balance', { pubkey: wallet });
    expect(outcome).toEqual({
      ok: true,
      transactions: [],
      output: {
        pubkey: wallet,
        account_type: 'wallet',
        lamports: SOL,
        sol: '1',
        token_accounts: [
          { address: keyMap.USER_USDC_ATA, owner: wallet, mint: USDC_MINT, symbol: 'USDC', decimals: 6, amount: 50 * USDC, ui_amount: '50' },
        ],
      },
    });
  });

  it('reports a token account, and filters by token_mint', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('002-spl-transfer'));
    const tokenAccount = await call('get_account_balance', { pubkey: keyMap.USER_USDC_ATA });
    expect(tokenAccount.output).toMatchObject({
      account_type: 'token_account',
      lamports: 2_039_280,
      token_accounts: [{ mint: USDC_MINT, owner: wallet, amount: 50 * USDC }],
    });
    const noShares = await call('get_account_balance', { pubkey: wallet, token_mint: JLUSDC_MINT });
    expect(noShares).toMatchObject({ ok: true, output: { token_accounts: [] } });
    const mismatch = await call('get_account_balance', { pubkey: keyMap.USER_USDC_ATA, token_mint: JLUSDC_MINT });
    expect(mismatch.ok).toBe(false);
    expect(mismatch.error).toBe(`token_mint: ${keyMap.USER_USDC_ATA} is a token account of mint ${USDC_MINT}, not of ${JLUSDC_MINT}`);
  });
});

describe('sol_transfer', () => {
  it('sends 0.1 SOL with one System transfer; the sender pays 5000 lamports', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const outcome = await call('sol_transfer', { user_pubkey: wallet, recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY, amount: 100_000_000 });
    expect(outcome.ok).toBe(true);
    expect(outcome.output).toMatchObject({ status: 'Success', lamports: 100_000_000, sol: '0.1', fee_lamports: 5000 });
    expect(outcome.transactions).toHaveLength(1);
    expect(outcome.transactions[0].instructions).toEqual([
      {
        programId: SYSTEM_PROGRAM_ID,
        accounts: [
          { pubkey: wallet, isSigner: true, isWritable: true },
          { pubkey: keyMap.RECIPIENT_WALLET_PUBKEY, isSigner: false, isWritable: true },
        ],
        data: expect.any(String),
      },
    ]);
    const { solBalances } = await balances();
    expect(solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(100_000_000);
    expect(solBalances[wallet]).toBe(899_995_000);
  });

  it('moves funds twice when the same transfer is sent twice', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const args = { user_pubkey: wallet, recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY, amount: 100_000_000 };
    const first = await call('sol_transfer', args);
    const second = await call('sol_transfer', args);
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(second.transactions[0].signature).not.toBe(first.transactions[0].signature);
    expect((await balances()).solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(200_000_000);
  });

  it('fails on chain when the sender has too little SOL', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const outcome = await call('sol_transfer', { user_pubkey: wallet, recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY, amount: 5 * SOL });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/^transaction failed: System program: insufficient lamports/);
    expect(outcome.transactions[0].status).toBe('Failure');
    expect(outcome.output).toMatchObject({ status: 'Failure', error: outcome.transactions[0].error });
  });

  it('reports a sender the environment cannot sign for instead of throwing', async () => {
    const { keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const outcome = await call('sol_transfer', { user_pubkey: STRANGER, recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY, amount: 1 });
    expect(outcome).toMatchObject({ ok: false, transactions: [] });
    expect(outcome.error).toBe(
      `sol_transfer failed: execute: no signing key for ${STRANGER}; the environment holds keys only for the benchmark's placeholder accounts and the jupiter-sim market`,
    );
  });
});

describe('spl_transfer', () => {
  it('sends 15 USDC into an existing token account with one Transfer (002)', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('002-spl-transfer'));
    const outcome = await call('spl_transfer', { user_pubkey: wallet, recipient_pubkey: keyMap.RECIPIENT_USDC_ATA, amount: 15 * USDC });
    expect(outcome.ok).toBe(true);
    expect(outcome.output).toMatchObject({ mint: USDC_MINT, amount: 15 * USDC, ui_amount: '15', recipient_token_account_created: false });
    const [instruction] = outcome.transactions[0].instructions;
    expect(outcome.transactions[0].instructions).toHaveLength(1);
    expect(instruction.programId).toBe(TOKEN_PROGRAM_ID);
    expect(instruction.accounts).toEqual([
      { pubkey: keyMap.USER_USDC_ATA, isSigner: false, isWritable: true },
      { pubkey: keyMap.RECIPIENT_USDC_ATA, isSigner: false, isWritable: true },
      { pubkey: wallet, isSigner: true, isWritable: false },
    ]);
    expect(getBase58Encoder().encode(instruction.data)[0]).toBe(3);
    const { tokenAccounts, solBalances } = await balances();
    expect(tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(35 * USDC);
    expect(tokenAccounts[keyMap.RECIPIENT_USDC_ATA].amount).toBe(15 * USDC);
    expect(solBalances[wallet]).toBe(SOL - 5000);
  });

  it("creates a recipient wallet's token account when it is missing, at the sender's cost", async () => {
    const { wallet, keyMap } = await env.reset(walletCase('spl-to-wallet'));
    const recipientAta = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: 'RECIPIENT_WALLET_PUBKEY', mint: USDC_MINT });
    const outcome = await call('spl_transfer', {
      user_pubkey: wallet,
      recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY,
      amount: 7 * USDC,
      mint_address: USDC_MINT,
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.output).toMatchObject({ destination: recipientAta, recipient_token_account_created: true });
    expect(outcome.transactions[0].instructions.map((instruction) => instruction.programId)).toEqual([
      ASSOCIATED_TOKEN_PROGRAM_ID,
      TOKEN_PROGRAM_ID,
    ]);
    const { tokenAccounts, solBalances } = await env.observe([recipientAta]);
    expect(tokenAccounts[recipientAta]).toEqual({ mint: USDC_MINT, owner: keyMap.RECIPIENT_WALLET_PUBKEY, amount: 7 * USDC });
    expect(solBalances[wallet]).toBe(5 * SOL - 2_039_280 - 5000);

    const again = await call('spl_transfer', {
      user_pubkey: wallet,
      recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY,
      amount: 1 * USDC,
      mint_address: USDC_MINT,
    });
    expect(again.transactions[0].instructions.map((instruction) => instruction.programId)).toEqual([TOKEN_PROGRAM_ID]);
    expect((await env.observe([recipientAta])).tokenAccounts[recipientAta].amount).toBe(8 * USDC);
  });

  it('needs mint_address for a wallet recipient and refuses a mint the recipient account does not hold', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('002-spl-transfer'));
    const noMint = await call('spl_transfer', { user_pubkey: wallet, recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY, amount: 1 });
    expect(noMint).toMatchObject({ ok: false, transactions: [] });
    expect(noMint.error).toBe(`mint_address: required because recipient_pubkey ${keyMap.RECIPIENT_WALLET_PUBKEY} is a wallet, not a token account`);
    const wrongMint = await call('spl_transfer', {
      user_pubkey: wallet,
      recipient_pubkey: keyMap.RECIPIENT_USDC_ATA,
      amount: 1,
      mint_address: JLUSDC_MINT,
    });
    expect(wrongMint.error).toBe(
      `mint_address: recipient_pubkey ${keyMap.RECIPIENT_USDC_ATA} is a token account of mint ${USDC_MINT}, not of ${JLUSDC_MINT}`,
    );
  });

  it('fails on chain with insufficient funds and leaves balances unchanged (003)', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('003-spl-transfer-fail'));
    const outcome = await call('spl_transfer', { user_pubkey: wallet, recipient_pubkey: keyMap.RECIPIENT_USDC_ATA, amount: 15 * USDC });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe('transaction failed: Token program: insufficient funds (instruction 1 of 1)');
    const { tokenAccounts } = await balances();
    expect(tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(10 * USDC);
    expect(tokenAccounts[keyMap.RECIPIENT_USDC_ATA].amount).toBe(0);
  });

  it('fails on chain when the sender has no token account', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('110-jup-lend-deposit-sol'));
    const outcome = await call('spl_transfer', {
      user_pubkey: wallet,
      recipient_pubkey: keyMap.RECIPIENT_WALLET_PUBKEY,
      amount: 1,
      mint_address: USDC_MINT,
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toContain('Token program: invalid account data (an account is missing');
  });
});

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

describe('tool calls the registry refuses on a real environment', () => {
  it('returns ok:false naming the field, without a transaction', async () => {
    const { wallet } = await env.reset(suiteTestCase('001-sol-transfer'));
    const outcome = await call('sol_transfer', { user_pubkey: wallet, recipient_pubkey: 'RECIPIENT_WALLET_PUBKEY', amount: 0 });
    expect(outcome).toMatchObject({ ok: false, transactions: [], output: null });
    expect(outcome.error).toContain('recipient_pubkey: expected a base58 public key');
    expect(outcome.error).toContain('amount: expected a positive integer number of lamports');
    expect((await balances()).solBalances[wallet]).toBe(SOL);
  });

  it('returns ok:false for an unknown tool', async () => {
    await env.reset(suiteTestCase('001-sol-transfer'));
    const outcome = await call('jupiter_earn', {});
    expect(outcome).toMatchObject({ ok: false, transactions: [] });
    expect(outcome.error).toMatch(/^unknown tool "jupiter_earn"/);
  });
});
