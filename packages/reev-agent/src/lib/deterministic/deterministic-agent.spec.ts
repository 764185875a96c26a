import type { ToolInvocation, ToolOutcome } from '@reev/types';
import { JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { addressFor, ALL_TOOL_SPECS, DEFAULT_MARKET, FakeToolEdge } from './test-support/fake-tool-edge';
import { runStep } from './test-support/run-step';

const FRIEND = addressFor('friend wallet');

/** A wallet with 10 SOL, 1000 USDC and 40 jlUSDC; a recipient wallet; prices SOL 150, USDC 1. */
function setUp(market = DEFAULT_MARKET) {
  const edge = new FakeToolEdge(addressFor('unseen|USER_WALLET_PUBKEY'), market);
  edge.fundWallet('USER_WALLET_PUBKEY', 10_000_000_000n);
  const recipient = edge.fundWallet('RECIPIENT_WALLET_PUBKEY', 1_000_000_000n);
  edge.fundTokenAccount('USER_USDC_ATA', edge.wallet, USDC_MINT, 1_000_000_000n);
  edge.fundTokenAccount('USER_L_USDC_ATA', edge.wallet, JLUSDC_MINT, 40_000_000n);
  return { edge, wallet: edge.wallet, recipient };
}

type Expected = (wallet: string, recipient: string) => [string, unknown][];

describe('DeterministicAgent on prompts it has never seen', () => {
  it.each<[string, Expected]>([
    ['send 0.25 sol to RECIPIENT_WALLET_PUBKEY', (w, r) => [['sol_transfer', { user_pubkey: w, recipient_pubkey: r, amount: 250_000_000 }]]],
    [
      `Transfer 1,000 USDC to ${FRIEND} please`,
      (w) => [['spl_transfer', { user_pubkey: w, recipient_pubkey: FRIEND, amount: 1_000_000_000, mint_address: USDC_MINT }]],
    ],
    [
      'Hey, could you PLEASE transfer 2.5 usdc over to my friend at (RECIPIENT_WALLET_PUBKEY) today?',
      (w, r) => [['spl_transfer', { user_pubkey: w, recipient_pubkey: r, amount: 2_500_000, mint_address: USDC_MINT }]],
    ],
    [`Pay ${FRIEND} 1.5 SOL`, (w) => [['sol_transfer', { user_pubkey: w, recipient_pubkey: FRIEND, amount: 1_500_000_000 }]]],
    ['Swap 150 USDC for SOL on Jupiter', (w) => [['jupiter_swap', { user_pubkey: w, input_mint: USDC_MINT, output_mint: WSOL_MINT, amount: 150_000_000 }]]],
    ['convert 0.5 SOL into usdc', (w) => [['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 500_000_000 }]]],
    [
      'Exchange 10 USDC to SOL with 0.5% slippage.',
      (w) => [['jupiter_swap', { user_pubkey: w, input_mint: USDC_MINT, output_mint: WSOL_MINT, amount: 10_000_000, slippage_bps: 50 }]],
    ],
    [
      `trade 5 ${USDC_MINT} for SOL`,
      (w) => [['jupiter_swap', { user_pubkey: w, input_mint: USDC_MINT, output_mint: WSOL_MINT, amount: 5_000_000 }]],
    ],
    ['Buy USDC with 0.2 SOL', (w) => [['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 200_000_000 }]]],
    ['Supply 25.5 USDC to Jupiter lend', (w) => [['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 25_500_000 }]]],
    ['lend 1 sol on jupiter so I can earn', (w) => [['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: WSOL_MINT, amount: 1_000_000_000 }]]],
    ['I would like to earn with 12 USDC on Jupiter.', (w) => [['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 12_000_000 }]]],
    ['Withdraw 20 USDC from my Jupiter lending position', (w) => [['jupiter_lend_earn_withdraw', { user_pubkey: w, asset_mint: USDC_MINT, amount: 20_000_000 }]]],
    ['Mint 10 jlUSDC shares', (w) => [['jupiter_lend_earn_mint', { asset: USDC_MINT, signer: w, shares: 10_000_000 }]]],
    ['Redeem 5 L-USDC please', (w) => [['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: w, shares: 5_000_000 }]]],
    ['What is my USDC balance?', (w) => [['get_account_balance', { pubkey: w, token_mint: USDC_MINT }]]],
    ['check my balance', (w) => [['get_account_balance', { pubkey: w }]]],
    ['Check my USDC and SOL balances.', (w) => [['get_account_balance', { pubkey: w }]]],
    ['Redeem 12.5 jlUSDC shares from Jupiter lending.', (w) => [['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: w, shares: 12_500_000 }]]],
    ['Check the balance of RECIPIENT_WALLET_PUBKEY', (_w, r) => [['get_account_balance', { pubkey: r }]]],
    ['Show my Jupiter earnings', (w) => [['get_jupiter_lend_earn_position', { user_pubkey: w }]]],
    ['Compare the current Jupiter lending APYs', () => [['get_jupiter_lend_earn_tokens', {}]]],
    // The planner's step prompts for a lending-pool read.
    ['Compare the APYs of the Jupiter lending pools.', () => [['get_jupiter_lend_earn_tokens', {}]]],
    ['Check the SOL lending rate on Jupiter.', () => [['get_jupiter_lend_earn_tokens', { symbol: 'SOL' }]]],
    ['What is the USDC lending rate?', () => [['get_jupiter_lend_earn_tokens', { symbol: 'USDC' }]]],
    [
      'Review the lending pools, then lend 10 USDC on Jupiter',
      (w) => [
        ['get_jupiter_lend_earn_tokens', {}],
        ['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 10_000_000 }],
      ],
    ],
    [
      'Swap 1 SOL to USDC, then send the USDC to RECIPIENT_WALLET_PUBKEY',
      (w, r) => [
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 1_000_000_000 }],
        ['spl_transfer', { user_pubkey: w, recipient_pubkey: r, amount: 150_000_000, mint_address: USDC_MINT }],
      ],
    ],
    [
      'Deposit 100 USDC into Jupiter lending and after that withdraw 40 USDC.',
      (w) => [
        ['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 100_000_000 }],
        ['jupiter_lend_earn_withdraw', { user_pubkey: w, asset_mint: USDC_MINT, amount: 40_000_000 }],
      ],
    ],
    [
      'sell 3 sol for usdc and lend the proceeds on jupiter',
      (w) => [
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 3_000_000_000 }],
        ['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 450_000_000 }],
      ],
    ],
    [
      "I'd like to swap 2 SOL to USDC. Then deposit it into Jupiter.",
      (w) => [
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 2_000_000_000 }],
        ['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 300_000_000 }],
      ],
    ],
    [
      'Show me my SOL balance and my Jupiter positions',
      (w) => [
        ['get_account_balance', { pubkey: w }],
        ['get_jupiter_lend_earn_position', { user_pubkey: w }],
      ],
    ],
    [
      'Swap 1 SOL to USDC. Deposit into Jupiter lending.',
      (w) => [
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 1_000_000_000 }],
        ['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 150_000_000 }],
      ],
    ],
    [
      'Swap 0.1 SOL to USDC. Swap 0.1 SOL to USDC again.',
      (w) => [
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 100_000_000 }],
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 100_000_000 }],
      ],
    ],
  ])('%s', async (prompt, expected) => {
    const { edge, wallet, recipient } = setUp();
    const response = await runStep(edge, prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual(expected(wallet, recipient));
    expect(response.turns).toBe(edge.calls.length);
  });

  it('mints the shares an amount of USDC buys at a non-1 exchange rate, rounding down', async () => {
    const { edge, wallet } = setUp({ ...DEFAULT_MARKET, exchangeRates: { ...DEFAULT_MARKET.exchangeRates, [USDC_MINT]: [5n, 4n] } });
    const response = await runStep(edge, 'Mint 30.000001 USDC into Jupiter lending');
    expect(response.error).toBeUndefined();
    // 30.000001 USDC / 1.25 = 24.0000008 jlUSDC → 24000000 base units.
    expect(edge.invoked[1]).toEqual(['jupiter_lend_earn_mint', { asset: USDC_MINT, signer: wallet, shares: 24_000_000 }]);
  });

  it('redeems enough shares for an amount of USDC at a non-1 exchange rate, rounding up', async () => {
    const { edge, wallet } = setUp({ ...DEFAULT_MARKET, exchangeRates: { ...DEFAULT_MARKET.exchangeRates, [USDC_MINT]: [5n, 4n] } });
    const response = await runStep(edge, 'Redeem 10.000001 USDC worth of jlUSDC');
    expect(response.error).toBeUndefined();
    // 10.000001 USDC / 1.25 = 8.0000008 jlUSDC → 8000001 base units, so at least 10.000001 USDC comes back.
    expect(edge.invoked[1]).toEqual(['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: wallet, shares: 8_000_001 }]);
    expect(edge.tokenBalance(wallet, USDC_MINT)).toBe(1_010_000_001n);
  });

  it('chains the real swap output, not a price assumption, when the market fills below the price', async () => {
    const { edge, wallet } = setUp({ ...DEFAULT_MARKET, slippageBps: 100 });
    const response = await runStep(edge, 'swap 2 SOL to USDC and then deposit the USDC');
    expect(response.error).toBeUndefined();
    // 2 SOL × 150 = 300 USDC, filled 1% below: 297 USDC.
    expect(edge.invoked[1]).toEqual(['jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 297_000_000 }]);
  });

  it('reads the swap output from the tool output when the transaction reports no balance changes', async () => {
    const { edge, wallet } = setUp();
    edge.reportBalanceChanges = false;
    const response = await runStep(edge, 'Swap 1 SOL for USDC and then lend it on Jupiter');
    expect(response.error).toBeUndefined();
    expect(edge.invoked[1]).toEqual(['jupiter_lend_earn_deposit', { user_pubkey: wallet, asset_mint: USDC_MINT, amount: 150_000_000 }]);
  });
});

describe('DeterministicAgent with balances: "all" and percentages', () => {
  it.each<[string, Expected]>([
    [
      'Send all my USDC to RECIPIENT_WALLET_PUBKEY',
      (w, r) => [
        ['get_account_balance', { pubkey: w, token_mint: USDC_MINT }],
        ['spl_transfer', { user_pubkey: w, recipient_pubkey: r, amount: 1_000_000_000, mint_address: USDC_MINT }],
      ],
    ],
    [
      'swap 50% of my SOL for USDC',
      (w) => [
        ['get_account_balance', { pubkey: w }],
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 5_000_000_000 }],
      ],
    ],
    [
      'use my 25% sol to buy usdc',
      (w) => [
        ['get_account_balance', { pubkey: w }],
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 2_500_000_000 }],
      ],
    ],
    [
      'Swap 12.5% of my USDC for SOL',
      (w) => [
        ['get_account_balance', { pubkey: w, token_mint: USDC_MINT }],
        ['jupiter_swap', { user_pubkey: w, input_mint: USDC_MINT, output_mint: WSOL_MINT, amount: 125_000_000 }],
      ],
    ],
    [
      'Swap all my SOL to USDC',
      (w) => [
        ['get_account_balance', { pubkey: w }],
        ['jupiter_swap', { user_pubkey: w, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 9_990_000_000 }],
      ],
    ],
    [
      'send half of my SOL to RECIPIENT_WALLET_PUBKEY',
      (w, r) => [
        ['get_account_balance', { pubkey: w }],
        ['sol_transfer', { user_pubkey: w, recipient_pubkey: r, amount: 5_000_000_000 }],
      ],
    ],
    [
      'Deposit my entire USDC balance into Jupiter lending',
      (w) => [
        ['get_account_balance', { pubkey: w, token_mint: USDC_MINT }],
        ['jupiter_lend_earn_deposit', { user_pubkey: w, asset_mint: USDC_MINT, amount: 1_000_000_000 }],
      ],
    ],
    [
      'Withdraw all my USDC from Jupiter lending',
      (w) => [
        ['get_account_balance', { pubkey: w, token_mint: JLUSDC_MINT }],
        ['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: w, shares: 40_000_000 }],
      ],
    ],
    [
      'Redeem half of my jlUSDC',
      (w) => [
        ['get_account_balance', { pubkey: w, token_mint: JLUSDC_MINT }],
        ['jupiter_lend_earn_redeem', { asset: USDC_MINT, signer: w, shares: 20_000_000 }],
      ],
    ],
  ])('%s', async (prompt, expected) => {
    const { edge, wallet, recipient } = setUp();
    const response = await runStep(edge, prompt);
    expect(response.error).toBeUndefined();
    expect(edge.invoked).toEqual(expected(wallet, recipient));
  });

  it('fails when "all" leaves nothing to use', async () => {
    const empty = new FakeToolEdge(addressFor('empty wallet'));
    empty.fundWallet('USER_WALLET_PUBKEY', 5_000_000n);
    const response = await runStep(empty, 'Swap all my SOL to USDC');
    expect(response.error).toBe('nothing to swap: the wallet holds 0.005 SOL (5000000 lamports) after keeping 0.01 SOL (10000000 lamports) for fees');
    expect(empty.invoked.map(([name]) => name)).toEqual(['get_account_balance']);
  });

  it('fails naming the output when the balance cannot be read from it', async () => {
    const { edge } = setUp();
    const unreadable = (invocation: ToolInvocation): Promise<ToolOutcome> =>
      invocation.name === 'get_account_balance' ? Promise.resolve({ ok: true, output: { note: 'nothing here' }, transactions: [] }) : edge.callTool(invocation);
    const response = await runStep(edge, 'Deposit all my USDC into Jupiter lending', { callTool: unreadable });
    expect(response.error).toBe(`get_account_balance reported no USDC balance for ${edge.wallet}: {"note":"nothing here"}`);
  });
});

describe('DeterministicAgent refusing prompts it cannot understand', () => {
  it.each([
    ['', 'the prompt is empty'],
    ['Hello there, how are you?', 'no action found'],
    ['use my 50% sol to multiply usdc 1.5x on jup', 'it asks to multiply'],
    ['Send some SOL to RECIPIENT_WALLET_PUBKEY', '"Send some SOL to RECIPIENT_WALLET_PUBKEY": "some" is not an amount; say how much'],
    ['Swap 1 SOL to USDC and send the rest to RECIPIENT_WALLET_PUBKEY', '"send the rest to RECIPIENT_WALLET_PUBKEY": "rest" is not an amount'],
    ['Send SOL to RECIPIENT_WALLET_PUBKEY', 'no amount to send'],
    ['Swap 1 SOL', 'no token to receive for the SOL'],
    ['send 0.0000000001 SOL to RECIPIENT_WALLET_PUBKEY', "0.0000000001 SOL has more decimal places than SOL's 9"],
    ['Send 5 USDC to UNKNOWN_FRIEND_WALLET', 'the recipient UNKNOWN_FRIEND_WALLET is not a name the context knows (keyMap)'],
    ['Send 5 USDC to USER_WALLET_PUBKEY', "is the user's own wallet"],
    ['Swap 1 SOL to USDC and then stake it', 'it asks to stake'],
    ['Send 2 SOL and 3 USDC to RECIPIENT_WALLET_PUBKEY', 'several amounts (2 SOL, 3 USDC)'],
    ['Deposit 5 jlUSDC into Jupiter lending', 'deposit takes the underlying USDC'],
    ['Buy 10 USDC with SOL', 'say how much SOL to swap, not how much USDC to get'],
    ['Send 1 BONK to RECIPIENT_WALLET_PUBKEY', 'the amount 1 names no token'],
    ['Deposit everything into Jupiter lending', 'it says "all" but not of which token'],
    ['Redeem those jUSDC tokens', 'no earlier action in this prompt produces one'],
    ['Swap 150% of my SOL for USDC', '150% is not between 0% and 100%'],
    ['Send 5 SOL to USER_USDC_ATA', 'is a token account for USDC, not for SOL'],
  ])('%j', async (prompt, reason) => {
    const { edge } = setUp();
    const response = await runStep(edge, prompt);
    expect(response.error).toMatch(/^deterministic agent could not understand: /);
    expect(response.error).toContain(reason);
    expect(response.turns).toBe(0);
    expect(edge.calls).toHaveLength(0);
  });
});

describe('DeterministicAgent limits', () => {
  it('reports a failed tool call with its error and stops there', async () => {
    const { edge } = setUp();
    const response = await runStep(edge, 'Swap 20 SOL to USDC and then deposit the USDC into Jupiter lending');
    expect(response.error).toBe('jupiter_swap failed: System program: insufficient lamports');
    expect(edge.invoked.map(([name]) => name)).toEqual(['jupiter_swap']);
    expect(response.finalMessage).toContain('stopped: jupiter_swap failed');
  });

  it('reports an argument the tool refused', async () => {
    const { edge } = setUp({ ...DEFAULT_MARKET, slippageBps: 100 });
    const response = await runStep(edge, 'Swap 1 SOL for USDC with 50 bps slippage');
    expect(response.error).toBe("jupiter_swap failed: slippage_bps: 50 is below the market's 100");
  });

  it('stops at maxTurns, each tool call being one turn', async () => {
    const { edge } = setUp();
    const response = await runStep(edge, 'Send all my USDC to RECIPIENT_WALLET_PUBKEY', { maxTurns: 1 });
    expect(response.error).toBe('turn limit reached: spl_transfer would be tool call 2, but maxTurns is 1');
    expect(response.turns).toBe(1);
    expect(edge.invoked.map(([name]) => name)).toEqual(['get_account_balance']);
  });

  it('calls nothing when the signal is already aborted', async () => {
    const { edge } = setUp();
    const controller = new AbortController();
    controller.abort();
    const response = await runStep(edge, 'Send 1 SOL to RECIPIENT_WALLET_PUBKEY', { signal: controller.signal });
    expect(response.error).toBe('aborted before sol_transfer: the step was cancelled after 0 tool call(s)');
    expect(edge.calls).toHaveLength(0);
  });

  it('stops after the call during which the signal fired', async () => {
    const { edge } = setUp();
    const controller = new AbortController();
    const abortingEdge = (invocation: ToolInvocation): Promise<ToolOutcome> => {
      controller.abort();
      return edge.callTool(invocation);
    };
    const response = await runStep(edge, 'swap 1 SOL to USDC and then deposit the USDC', { signal: controller.signal, callTool: abortingEdge });
    expect(response.error).toBe('aborted after jupiter_swap: the step was cancelled after 1 tool call(s)');
    expect(edge.invoked.map(([name]) => name)).toEqual(['jupiter_swap']);
  });

  it('calls nothing when the step does not offer a tool the prompt needs', async () => {
    const { edge } = setUp();
    const tools = ALL_TOOL_SPECS.filter((tool) => tool.name !== 'jupiter_lend_earn_deposit');
    const response = await runStep(edge, 'swap 1 SOL to USDC and then deposit the USDC', { tools });
    expect(response.error).toContain('"deposit the USDC" needs jupiter_lend_earn_deposit, which this step does not offer');
    expect(edge.calls).toHaveLength(0);
  });

  it('fails, naming why, when a later action needs a result the tool did not report', async () => {
    const { edge } = setUp();
    edge.reportBalanceChanges = false;
    const silent = async (invocation: ToolInvocation): Promise<ToolOutcome> => ({ ...(await edge.callTool(invocation)), output: { protocol: 'jupiter-sim' } });
    const response = await runStep(edge, 'swap 1 SOL to USDC and then deposit the USDC', { callTool: silent });
    expect(response.error).toBe(
      'cannot tell how much USDC the earlier action produced: jupiter_swap reported neither a USDC balance change nor a USDC amount in its output',
    );
    expect(edge.invoked.map(([name]) => name)).toEqual(['jupiter_swap']);
  });

  it('uses distinct call ids and reports zero LLM usage', async () => {
    const { edge } = setUp();
    const response = await runStep(edge, 'Swap 1 SOL to USDC, then send the USDC to RECIPIENT_WALLET_PUBKEY');
    expect(edge.calls.map((call) => call.callId)).toEqual(['test-step#1', 'test-step#2']);
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0, llmCalls: 0, latencyMs: 0 });
    expect(response.finalMessage).toContain('swapped 1 SOL (1000000000 lamports) for 150 USDC (150000000 base units)');
  });
});
