import { USDC_MINT, WSOL_MINT, type DynamicFlowPlan, type KnownToken, type WalletContext } from '@reev/types';
import { PlanningError } from './planner';
import { validatePlan } from './plan-validation';
import { RuleBasedPlanner } from './rule-based-planner';

const USDC = USDC_MINT;
const SOL = WSOL_MINT;
const JLUSDC = '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D';
const JLSOL = '2uQsyo1fXXQkDtcpXnLofWy88PxcvnfH2L8FPSE62FVU';
const TOKENS: KnownToken[] = [
  { symbol: 'USDC', mint: USDC, decimals: 6 },
  { symbol: 'SOL', mint: SOL, decimals: 9 },
  { symbol: 'jlUSDC', mint: JLUSDC, decimals: 6 },
  { symbol: 'jlSOL', mint: JLSOL, decimals: 9 },
];
const OWNER = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';
const RECIPIENT = '4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T';

function wallet(sol: number, usdc: number, jlUsdc = 0): WalletContext {
  return {
    owner: OWNER,
    sol_balance: Math.round(sol * 1e9),
    token_balances: {
      [USDC]: { balance: Math.round(usdc * 1e6), decimals: 6, symbol: 'USDC' },
      ...(jlUsdc > 0 ? { [JLUSDC]: { balance: Math.round(jlUsdc * 1e6), decimals: 6, symbol: 'jlUSDC' } } : {}),
    },
    token_prices: { [SOL]: 150, [USDC]: 1, [JLUSDC]: 1, [JLSOL]: 150 },
    total_value_usd: sol * 150 + usdc + jlUsdc,
  };
}

const planner = new RuleBasedPlanner();
const plan = (prompt: string, context = wallet(10, 100)): Promise<DynamicFlowPlan> => planner.plan(prompt, context, TOKENS);
const shape = (p: DynamicFlowPlan) => p.steps.map((step) => `${step.required_tools.join('+')}: ${step.prompt_template}`);

describe('RuleBasedPlanner', () => {
  it.each([
    // [request, expected steps]
    ['use 50% of my SOL to multiply my USDC 1.5x on Jupiter', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 0.333333334 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_2.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['use my 50% sol to multiply usdc 1.5x on jup', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 0.333333334 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_2.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['MULTIPLY MY USDC POSITION BY 2X USING AT MOST 10% OF MY SOL', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 0.666666667 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_2.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['swap 2 SOL to USDC then lend it on Jupiter', [
      'jupiter_swap: Swap 2 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_1.received.USDC}} USDC into Jupiter lending.',
    ]],
    ['Swap 2.5 sol for usdc and then deposit the proceeds into Jupiter lending', [
      'jupiter_swap: Swap 2.5 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_1.received.USDC}} USDC into Jupiter lending.',
    ]],
    ['Convert 50.5 usdc to sol', ['jupiter_swap: Swap 50.5 USDC to SOL using Jupiter.']],
    ['Please check my balance, then swap 1 SOL to USDC, after that lend 20 USDC', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 1 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit 20 USDC into Jupiter lending.',
    ]],
    ['lend 50% of my USDC', ['jupiter_lend_earn_deposit: Deposit 50 USDC into Jupiter lending.']],
    ['deposit all my USDC into Jupiter', ['jupiter_lend_earn_deposit: Deposit 100 USDC into Jupiter lending.']],
    ['lend half of my SOL on jupiter', ['jupiter_lend_earn_deposit: Deposit 5 SOL into Jupiter lending.']],
    ['swap all my SOL to USDC', ['jupiter_swap: Swap 9.95 SOL to USDC using Jupiter.']],
    ['trade 25% of my sol into usdc', ['jupiter_swap: Swap 2.5 SOL to USDC using Jupiter.']],
    [`send 1.5 SOL to ${RECIPIENT}`, [`sol_transfer: Send 1.5 SOL to ${RECIPIENT}.`]],
    [`transfer 12.25 USDC to ${RECIPIENT} and then check my balance`, [
      `spl_transfer: Send 12.25 USDC to ${RECIPIENT}.`,
      'get_account_balance: Check my wallet balance.',
    ]],
    ['show my Jupiter lending positions', ['get_jupiter_lend_earn_position: Show my Jupiter lending positions and earnings.']],
    ['What is my wallet balance?', ['get_account_balance: Check my wallet balance.']],
    ['I want to earn yield with half of my SOL on Jupiter', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 5 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_2.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['Use 30% of my SOL for conservative yield', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 3 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_2.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['Optimize my yield farming with 70% of my capital across multiple pools', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_lend_earn_deposit: Deposit 3.5 SOL into Jupiter lending.',
      'jupiter_swap: Swap 3.5 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_3.received.USDC}} USDC into Jupiter lending.',
      'jupiter_lend_earn_deposit: Deposit 70 USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['rebalance my portfolio 50/50 between SOL and USDC', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 4.666666666 SOL to USDC using Jupiter.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['Rebalance to 80% SOL', [
      'get_account_balance: Check my wallet balance.',
      'jupiter_swap: Swap 1.466666666 SOL to USDC using Jupiter.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['put 50 USDC into Jupiter lending', ['jupiter_lend_earn_deposit: Deposit 50 USDC into Jupiter lending.']],
    ['place a quarter of my USDC into lending', ['jupiter_lend_earn_deposit: Deposit 25 USDC into Jupiter lending.']],
    ['supply a third of my SOL to Jupiter lending', ['jupiter_lend_earn_deposit: Deposit 3.333333333 SOL into Jupiter lending.']],
    ['move 1 SOL into USDC', ['jupiter_swap: Swap 1 SOL to USDC using Jupiter.']],
    [`move 2 USDC to ${RECIPIENT}`, [`spl_transfer: Send 2 USDC to ${RECIPIENT}.`]],
    ['convert two thirds of my USDC to SOL', ['jupiter_swap: Swap 66.666666 USDC to SOL using Jupiter.']],
    ['swap 2 SOL to USDC then lend half of it', [
      'jupiter_swap: Swap 2 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_1.received.USDC * 1/2}} USDC into Jupiter lending.',
    ]],
    ['exchange 1 SOL for USDC and put the result into lending', [
      'jupiter_swap: Swap 1 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_1.received.USDC}} USDC into Jupiter lending.',
    ]],
    ['trade 1 SOL to USDC, then supply all of it', [
      'jupiter_swap: Swap 1 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_1.received.USDC}} USDC into Jupiter lending.',
    ]],
    ['swap 1 SOL to USDC then lend that', [
      'jupiter_swap: Swap 1 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_1.received.USDC}} USDC into Jupiter lending.',
    ]],
  ])('plans %j', async (prompt, expected) => {
    expect(shape(await plan(prompt))).toEqual(expected);
  });

  // A request that asks to analyse, compare or check the lending pools, rates or APYs reads them
  // (get_jupiter_lend_earn_tokens) before the first action, whichever strategy or sequence plans the actions.
  it.each([
    ['Earn yield with 30% of my SOL, but first compare the Jupiter lending APYs', [
      'get_account_balance: Check my wallet balance.',
      'get_jupiter_lend_earn_tokens: Compare the APYs of the Jupiter lending pools.',
      'jupiter_swap: Swap 3 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_3.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['Analyse every lending pool, compare their APY and put 30% of my SOL to earn yield', [
      'get_account_balance: Check my wallet balance.',
      'get_jupiter_lend_earn_tokens: Compare the APYs of the Jupiter lending pools.',
      'jupiter_swap: Swap 3 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_3.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['Review the Jupiter lending rates and rebalance my portfolio to 50/50', [
      'get_account_balance: Check my wallet balance.',
      'get_jupiter_lend_earn_tokens: Compare the APYs of the Jupiter lending pools.',
      'jupiter_swap: Swap 4.666666666 SOL to USDC using Jupiter.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['check the USDC lending rate, then multiply my USDC 2x with 10% of my SOL', [
      'get_account_balance: Check my wallet balance.',
      'get_jupiter_lend_earn_tokens: Check the USDC lending rate on Jupiter.',
      'jupiter_swap: Swap 0.666666667 SOL to USDC using Jupiter.',
      'jupiter_lend_earn_deposit: Deposit {{swap_3.received.USDC}} USDC into Jupiter lending.',
      'get_account_balance: Check my wallet balance.',
    ]],
    ['compare current lending APYs then lend 20 USDC', [
      'get_jupiter_lend_earn_tokens: Compare the APYs of the Jupiter lending pools.',
      'jupiter_lend_earn_deposit: Deposit 20 USDC into Jupiter lending.',
    ]],
    ['what is the SOL lending APY?', ['get_jupiter_lend_earn_tokens: Check the SOL lending rate on Jupiter.']],
  ])('reads the lending pools first for %j', async (prompt, expected) => {
    expect(shape(await plan(prompt))).toEqual(expected);
  });

  it('withdraws from a position the wallet has', async () => {
    expect(shape(await plan('withdraw 40 USDC from jupiter lending', wallet(10, 100, 50)))).toEqual([
      'jupiter_lend_earn_withdraw: Withdraw 40 USDC from Jupiter lending.',
    ]);
  });

  it('withdraws every position without converting anything when only the withdrawal is asked for', async () => {
    expect(shape(await plan('withdraw all my lending positions', wallet(2, 80, 120)))).toEqual([
      'get_account_balance: Check my wallet balance.',
      'jupiter_lend_earn_withdraw: Withdraw 120 USDC from Jupiter lending.',
      'get_jupiter_lend_earn_position: Show my Jupiter lending positions and earnings.',
      'get_account_balance: Check my wallet balance.',
    ]);
  });

  it('plans an emergency exit from the real positions', async () => {
    const result = await plan('EMERGENCY: exit all my positions now!', wallet(2, 80, 120));
    expect(shape(result)).toEqual([
      'get_account_balance: Check my wallet balance.',
      'jupiter_lend_earn_withdraw: Withdraw 120 USDC from Jupiter lending.',
      'jupiter_swap: Swap 1.95 SOL to USDC using Jupiter.',
      'get_jupiter_lend_earn_position: Show my Jupiter lending positions and earnings.',
      'get_account_balance: Check my wallet balance.',
    ]);
    expect(result.metadata.category).toBe('emergency_exit');
  });

  it('fills the plan metadata, context and effects', async () => {
    const result = await plan('swap 2 SOL to USDC then lend it on Jupiter');
    expect(result.metadata.planner).toBe('rules');
    expect(result.context.owner).toBe(OWNER);
    expect(result.atomic_mode).toBe('Strict');
    expect(result.steps[0].expected_effects).toEqual([
      { account_owner: OWNER, mint: USDC, direction: 'increase', min_delta: 1 },
      { account_owner: OWNER, mint: 'SOL', direction: 'decrease', min_delta: 2_000_000_000 },
    ]);
    expect(result.steps[1].depends_on).toEqual(['swap_1']);
    expect(result.steps[1].expected_effects[0]).toMatchObject({ mint: JLUSDC, direction: 'increase' });
  });

  it.each([
    ['', 'empty', /empty/],
    ['   ', 'empty', /empty/],
    ['x'.repeat(1001), 'too_long', /1001 characters.*limit is 1000/],
    ['write me a poem about the sea', 'unplannable', /could not understand the request: no action found/],
    ['swap 100 SOL to USDC', 'unaffordable', /needs 100 SOL plus 0.000005 SOL in transaction fees, but the wallet will hold only 10 SOL/],
    ['swap 10 SOL to USDC', 'unaffordable', /needs 10 SOL plus 0.000005 SOL in transaction fees/],
    ['lend 500 USDC', 'unaffordable', /needs 500 USDC, but the wallet will hold only 100 USDC/],
    ['swap 8 SOL to USDC then swap 5 SOL to USDC', 'unaffordable', /needs 5 SOL plus 0.00001 SOL in transaction fees, but the wallet will hold only 2 SOL/],
    ['withdraw all my lending positions', 'no_position', /the wallet has no lending position; nothing was planned/],
    ['exit everything', 'no_position', /no lending position/],
    ['EMERGENCY: exit all my positions now!', 'no_position', /no lending position/],
    ['withdraw 40 USDC from jupiter lending', 'unaffordable', /the wallet has no USDC lending position \(no jlUSDC\)/],
    ['swap -1 SOL to USDC', 'unplannable', /-1 is negative; an amount must be positive/],
    ['swap -50% of my SOL to USDC', 'unplannable', /-50% is negative; an amount must be positive/],
    ['swap NaN SOL to USDC', 'unplannable', /no amount of SOL to swap/],
    ['send 1 SOL to RECIPIENT_WALLET_PUBKEY', 'unplannable', /recipient RECIPIENT_WALLET_PUBKEY is not a name the context knows/],
    [`send 1 SOL to ${OWNER}`, 'unplannable', /is the user's own wallet/],
    ['put 5 USDC somewhere', 'unplannable', /says "put" but not where to/],
    ['lend the rest of my USDC', 'unplannable', /"rest" is not an amount/],
    ['multiply my USDC 1.5x', 'unaffordable', /holds no USDC/],
    ['swap 0 SOL to USDC', 'unplannable', /0 SOL is zero; an amount must be positive/],
    ['swap SOL to USDC', 'unplannable', /no amount of SOL to swap/],
    ['send 1 SOL', 'unplannable', /no recipient/],
  ])('rejects %j (%s)', async (prompt, reason, message) => {
    const context = prompt.startsWith('multiply') ? wallet(10, 0) : wallet(10, 100);
    const failure = await plan(prompt, context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlanningError);
    expect((failure as PlanningError).reason).toBe(reason);
    expect((failure as PlanningError).message).toMatch(message);
  });

  it('expects a transfer to reach its recipient, not only to leave the wallet', async () => {
    const result = await plan(`send 1.5 SOL to ${RECIPIENT}`);
    expect(result.steps[0].expected_effects).toEqual([
      { account_owner: OWNER, mint: 'SOL', direction: 'decrease', min_delta: 1_500_000_000 },
      { account_owner: RECIPIENT, mint: 'SOL', direction: 'increase', min_delta: 1_500_000_000 },
    ]);
  });

  it('lets a later step spend what an earlier swap receives', async () => {
    const result = await plan('swap 1 SOL to USDC then lend 200 USDC', wallet(10, 100));
    expect(shape(result)[1]).toBe('jupiter_lend_earn_deposit: Deposit 200 USDC into Jupiter lending.');
  });

  it('validatePlan rejects inconsistent plans', async () => {
    const good = await plan('swap 2 SOL to USDC then lend it on Jupiter');
    const forward = { ...good, steps: [...good.steps].reverse() };
    expect(() => validatePlan(forward, TOKENS)).toThrow(/does not come before it/);
    const duplicate = { ...good, steps: [good.steps[0], good.steps[0]] };
    expect(() => validatePlan(duplicate, TOKENS)).toThrow(/used twice/);
    const unknownTool = { ...good, steps: [{ ...good.steps[0], required_tools: ['teleport'] }] };
    expect(() => validatePlan(unknownTool, TOKENS)).toThrow(/invalid plan: steps.0.required_tools.0/);
    const missingAlternative = {
      ...good,
      steps: [{ ...good.steps[0], recovery_strategy: { type: 'AlternativeFlow', flow_id: 'nowhere' } }],
    };
    expect(() => validatePlan(missingAlternative, TOKENS)).toThrow(/alternative flow nowhere/);
  });
});
