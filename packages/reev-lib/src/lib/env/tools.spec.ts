import { ASSOCIATED_TOKEN_PROGRAM_ID, JLUSDC_MINT, SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MINT } from '@reev/types';
import { getBase58Encoder } from '@solana/kit';
import { suiteTestCase } from './test-support/benchmarks';
import { SOL, USDC, toolHarness, walletCase } from './test-support/tool-harness';

const STRANGER = '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR';
const { env, call, balances } = toolHarness();
afterAll(() => env.close());

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
