import { container } from 'tsyringe';
import { systemTransfer, tokenTransfer } from '@reev/tools';
import { KNOWN_TOKENS, USDC_MINT } from '@reev/types';
import { TRANSACTION_HISTORY_CAPACITY } from './chain-pool';
import { LiteSvmEnv } from './litesvm-env';
import { registerLiteSvmEnv, SOLANA_ENV_FACTORY } from './registration';
import { suiteTestCase, testCase } from './test-support/benchmarks';

const SOL = 1_000_000_000;

describe('LiteSvmEnv.execute', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  it('executes a System transfer: the recipient gets the amount, the sender also pays 5000 lamports', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const recipient = keyMap.RECIPIENT_WALLET_PUBKEY;
    const result = await env.execute([systemTransfer(wallet, recipient, 100_000_000n)], { signers: [wallet] });
    expect(result).toMatchObject({ status: 'Success', feeLamports: 5000 });
    expect(result.error).toBeUndefined();
    expect(result.signature).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    expect(result.logs).toContain('Program 11111111111111111111111111111111 success');
    expect(result.computeUnits).toBeGreaterThan(0);
    expect(result.balanceChanges).toEqual([
      { pubkey: wallet, before: SOL, after: 899_995_000 },
      { pubkey: recipient, before: 0, after: 100_000_000 },
    ]);
    const observation = await env.observe();
    expect(observation.solBalances[recipient]).toBe(100_000_000);
    expect(observation.solBalances[wallet]).toBe(899_995_000);
  });

  it('executes the same transfer twice as two transactions', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const transfer = [systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 100_000_000n)];
    const first = await env.execute(transfer, { signers: [wallet] });
    const second = await env.execute(transfer, { signers: [wallet] });
    expect([first.status, second.status]).toEqual(['Success', 'Success']);
    expect(second.signature).not.toBe(first.signature);
    const observation = await env.observe();
    expect(observation.solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(200_000_000);
    expect(observation.solBalances[wallet]).toBe(SOL - 200_000_000 - 10_000);
  });

  it('executes transfers sent at the same time one after the other', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const transfer = [systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 100_000_000n)];
    const results = await Promise.all([1, 2, 3].map(() => env.execute(transfer, { signers: [wallet] })));
    expect(results.map((result) => result.status)).toEqual(['Success', 'Success', 'Success']);
    expect((await env.observe()).solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(300_000_000);
  });

  it('refuses a transaction beyond what its chain remembers, so a repeated one cannot pass as new', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const transfer = [systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 1_000_000n)];
    // Sending 10,000 transactions would take seconds; the run's count is set just below the bound instead.
    (env as unknown as { session: { transactionsSent: number } }).session.transactionsSent = TRANSACTION_HISTORY_CAPACITY - 1;
    expect((await env.execute(transfer, { signers: [wallet] })).status).toBe('Success');
    await expect(env.execute(transfer, { signers: [wallet] })).rejects.toThrow(
      `execute: this run already sent ${TRANSACTION_HISTORY_CAPACITY} transactions, as many as its chain remembers; ` +
        'a further one could not be told apart from a repeated one',
    );
  });

  it('reports insufficient lamports as a failed transaction that still pays its fee', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const result = await env.execute([systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 2n * BigInt(SOL))], {
      signers: [wallet],
    });
    expect(result.status).toBe('Failure');
    expect(result.error).toBe(
      'System program: insufficient lamports — Transfer: insufficient lamports 999995000, need 2000000000 (instruction 1 of 1)',
    );
    expect(result.feeLamports).toBe(5000);
    expect(result.balanceChanges).toEqual([{ pubkey: wallet, before: SOL, after: SOL - 5000 }]);
    expect((await env.observe()).solBalances[keyMap.RECIPIENT_WALLET_PUBKEY]).toBe(0);
  });

  it('reports insufficient token funds (003) and leaves both balances unchanged', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('003-spl-transfer-fail'));
    const result = await env.execute([tokenTransfer(keyMap.USER_USDC_ATA, keyMap.RECIPIENT_USDC_ATA, wallet, 15_000_000n)], {
      signers: [wallet],
    });
    expect(result.status).toBe('Failure');
    expect(result.error).toBe('Token program: insufficient funds (instruction 1 of 1)');
    const { tokenAccounts } = await env.observe();
    expect(tokenAccounts[keyMap.USER_USDC_ATA].amount).toBe(10_000_000);
    expect(tokenAccounts[keyMap.RECIPIENT_USDC_ATA].amount).toBe(0);
  });

  it('reports a missing token account in words', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const missing = await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: wallet, mint: USDC_MINT });
    const result = await env.execute([tokenTransfer(missing, keyMap.RECIPIENT_WALLET_PUBKEY, wallet, 1n)], { signers: [wallet] });
    expect(result.status).toBe('Failure');
    expect(result.error).toBe(
      'Token program: invalid account data (an account is missing or is not the kind of account the instruction expects) (instruction 1 of 1)',
    );
  });

  it('rejects a transaction whose fee payer does not exist, without charging a fee', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const unfunded = keyMap.RECIPIENT_WALLET_PUBKEY;
    const result = await env.execute([systemTransfer(unfunded, wallet, 1n)], { signers: [unfunded] });
    expect(result).toMatchObject({
      status: 'Failure',
      feeLamports: 0,
      error: 'transaction rejected: account not found (the fee payer account does not exist (it holds no SOL))',
      balanceChanges: [],
    });
  });

  it('reports a transfer that would leave a new account below rent exemption', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const result = await env.execute([systemTransfer(wallet, keyMap.RECIPIENT_WALLET_PUBKEY, 1000n)], { signers: [wallet] });
    expect(result.status).toBe('Failure');
    expect(result.error).toBe(
      `insufficient funds for rent: account ${keyMap.RECIPIENT_WALLET_PUBKEY} would be left with lamports below the rent-exempt minimum`,
    );
  });

  it('throws for programmer errors: an unknown signer, a missing signature, no instructions', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('001-sol-transfer'));
    const stranger = '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR';
    await expect(env.execute([systemTransfer(stranger, wallet, 1n)], { signers: [stranger] })).rejects.toThrow(
      `execute: no signing key for ${stranger}`,
    );
    await expect(
      env.execute([systemTransfer(keyMap.RECIPIENT_WALLET_PUBKEY, wallet, 1n)], { signers: [wallet] }),
    ).rejects.toThrow(`execute: instruction 1 needs a signature from ${keyMap.RECIPIENT_WALLET_PUBKEY}, which is not among the signers`);
    await expect(env.execute([], { signers: [wallet] })).rejects.toThrow('at least one instruction');
    await expect(env.execute([systemTransfer(wallet, wallet, 1n)], { signers: [] })).rejects.toThrow('someone must pay the fee');
  });

  it('lets another signer pay the fee', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('002-spl-transfer'));
    const payer = keyMap.RECIPIENT_WALLET_PUBKEY;
    const result = await env.execute([systemTransfer(wallet, payer, 100_000_000n)], { signers: [wallet, payer], feePayer: payer });
    expect(result.status).toBe('Success');
    expect(result.feeLamports).toBe(10_000);
    expect(result.balanceChanges).toEqual([
      { pubkey: payer, before: SOL, after: SOL + 100_000_000 - 10_000 },
      { pubkey: wallet, before: SOL, after: SOL - 100_000_000 },
    ]);
  });
});

describe('LiteSvmEnv observation and context', () => {
  const env = new LiteSvmEnv();
  afterAll(() => env.close());

  it('resolves placeholders, base58 keys and ATA derivations', async () => {
    const { wallet, keyMap } = await env.reset(suiteTestCase('002-spl-transfer'));
    expect(await env.resolveAddress('RECIPIENT_WALLET_PUBKEY')).toBe(keyMap.RECIPIENT_WALLET_PUBKEY);
    expect(await env.resolveAddress(wallet)).toBe(wallet);
    expect(await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: 'RECIPIENT_WALLET_PUBKEY', mint: USDC_MINT })).toBe(
      keyMap.RECIPIENT_USDC_ATA,
    );
    expect(await env.resolveAddress('USER_USDC_ATA_PLACEHOLDER')).toBe(keyMap.USER_USDC_ATA);
    expect(await env.resolveAddress({ type: 'Key', name: 'RECIPIENT_USDC_ATA' })).toBe(keyMap.RECIPIENT_USDC_ATA);
    expect(await env.resolveAddress({ type: 'Key', name: 'USER_SHARES_ATA', mint: '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D' })).toBe(
      await env.resolveAddress({ type: 'AssociatedTokenAccount', owner: wallet, mint: '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D' }),
    );
    await expect(env.resolveAddress('USER_SAVINGS_ATA')).rejects.toThrow('cannot resolve USER_SAVINGS_ATA');
  });

  it('gives the agent its wallet, key map, observation and known tokens', async () => {
    const reset = await env.reset(suiteTestCase('002-spl-transfer'));
    const context = await env.agentContext();
    expect(context).toEqual({ wallet: reset.wallet, keyMap: reset.keyMap, observation: reset.observation, tokens: [...KNOWN_TOKENS] });
    expect(context.tokens.map((token) => token.symbol)).toEqual(['USDC', 'SOL', 'jlUSDC', 'jlSOL']);
  });

  it('says which Jupiter implementation serves the tools', () => {
    expect(env.protocol).toBe('jupiter-sim');
    expect(env.toolContext().market.protocol).toBe('jupiter-sim');
  });

  it('refuses a tool context from before the last reset', async () => {
    await env.reset(suiteTestCase('001-sol-transfer'));
    const stale = env.toolContext();
    await env.reset(suiteTestCase('001-sol-transfer'));
    await expect(stale.getSolBalance(stale.wallet)).rejects.toThrow('this tool context belongs to an earlier reset');
    await expect(env.toolContext().getSolBalance(stale.wallet)).resolves.toBe(SOL);
  });

  it('needs a reset before use and refuses use after close', async () => {
    const fresh = new LiteSvmEnv();
    await expect(fresh.observe()).rejects.toThrow('observe: call reset(testCase) first');
    expect(() => fresh.toolContext()).toThrow('toolContext: call reset(testCase) first');
    await fresh.reset(testCase({ id: 'closing', initial_state: [] }));
    await fresh.close();
    await expect(fresh.observe()).rejects.toThrow('the LiteSVM environment is closed');
    await expect(fresh.reset(testCase({ id: 'closing', initial_state: [] }))).rejects.toThrow('closed');
  });

  it('is made per run by the registered factory', async () => {
    const child = container.createChildContainer();
    registerLiteSvmEnv(child, { market: { prices_usd: { SOL: 200 } } });
    const makeEnv = child.resolve(SOLANA_ENV_FACTORY);
    const first = makeEnv();
    const second = makeEnv();
    expect(first).not.toBe(second);
    expect(first).toBeInstanceOf(LiteSvmEnv);
    await first.reset(testCase({ id: 'factory', initial_state: [] }));
    expect(first.toolContext().market.config.pricesUsd.SOL).toBe(200);
    await Promise.all([first.close(), second.close()]);
  });
});
