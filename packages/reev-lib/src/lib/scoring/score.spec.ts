import { TestCaseSchema, WSOL_MINT, type TestCase } from '@reev/types';
import { reachesMinScore } from './pass-rule';
import { assertionAddresses, scoreOutcome } from './score';
import {
  ata,
  buildOutcome,
  conventionResolver,
  JL_USDC,
  ok,
  SIGNATURE_FEE,
  splTransfer,
  SYSTEM_PROGRAM,
  systemTransfer,
  TOKEN_PROGRAM,
  USDC,
  type NamedInstruction,
} from './test-support/chain-fixtures';

const USER = 'USER_WALLET_PUBKEY';
const RECIPIENT = 'RECIPIENT_WALLET_PUBKEY';

const wallet = (pubkey: string, lamports: number) => ({ pubkey, owner: SYSTEM_PROGRAM, lamports });
const usdcAccount = (pubkey: string, owner: string, amount: number) => ({
  pubkey,
  owner: TOKEN_PROGRAM,
  lamports: 2_039_280,
  data: { mint: USDC, owner, amount: String(amount) },
});

/** A small benchmark written inline: the initial state of 002 and the given ground truth. */
function unitCase(groundTruth: Record<string, unknown>, flow = false): TestCase {
  return TestCaseSchema.parse({
    id: 'unit',
    prompt: 'unit test',
    initial_state: [wallet(USER, 1_000_000_000), wallet(RECIPIENT, 0), usdcAccount('USER_USDC_ATA', USER, 50_000_000), usdcAccount('RECIPIENT_USDC_ATA', RECIPIENT, 0)],
    ...(flow ? { flow: [{ step: 1, prompt: 'a' }, { step: 2, prompt: 'b' }] } : {}),
    ground_truth: groundTruth,
  });
}

const transferExpectation = {
  program_id: TOKEN_PROGRAM,
  accounts: [
    { pubkey: 'USER_USDC_ATA', is_signer: false, is_writable: true },
    { pubkey: 'RECIPIENT_USDC_ATA', is_signer: false, is_writable: true },
    { pubkey: USER, is_signer: true, is_writable: false },
  ],
};

describe('instruction checks', () => {
  const spl = (instruction: NamedInstruction) => ({ toolCalls: [ok('spl_transfer')], transactions: [{ instructions: [instruction] }] });

  it('scores each account by pubkey, signer and writable flag, and says which differ', async () => {
    const groundTruth = { expected_instructions: [transferExpectation] };
    // Source and destination swapped: program id matches, accounts 0 and 1 do not, the owner does.
    const breakdown = await scoreOutcome(await buildOutcome(unitCase(groundTruth), spl(splTransfer('RECIPIENT_USDC_ATA', 'USER_USDC_ATA', USER, 1))));
    const [check] = breakdown.instructionChecks;
    expect(check?.parts.map((part) => [part.part, part.matched])).toEqual([
      ['program id', true],
      ['account 0', false],
      ['account 1', false],
      ['account 2', true],
    ]);
    expect(check?.parts[1]?.reason).toMatch(/^a different account: /);
    expect(check?.earned).toBe(2);
    expect(breakdown.instructionScore).toBe(0.5);
  });

  it('reports a signer flag that differs', async () => {
    const groundTruth = {
      expected_instructions: [{ ...transferExpectation, accounts: [{ pubkey: 'USER_USDC_ATA', is_signer: true, is_writable: true }] }],
    };
    const breakdown = await scoreOutcome(await buildOutcome(unitCase(groundTruth), spl(splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 1))));
    expect(breakdown.instructionChecks[0]?.parts[1]).toMatchObject({ matched: false, reason: 'not a signer' });
  });

  it('gives no credit for an instruction of another program, even with the same accounts', async () => {
    const groundTruth = {
      expected_instructions: [{ program_id: SYSTEM_PROGRAM, accounts: [{ pubkey: USER, is_signer: true, is_writable: true }] }],
    };
    const breakdown = await scoreOutcome(await buildOutcome(unitCase(groundTruth), spl(splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 1))));
    expect(breakdown.instructionChecks[0]).toMatchObject({ earned: 0, matched: false, matchedInstruction: null });
    expect(breakdown.instructionChecks[0]?.reason).toBe(`no executed instruction calls program ${SYSTEM_PROGRAM}`);
  });

  it('pairs two expected instructions with two distinct executed ones', async () => {
    const toRecipient = { program_id: SYSTEM_PROGRAM, accounts: [{ pubkey: USER, is_signer: true, is_writable: true }, { pubkey: RECIPIENT, is_signer: false, is_writable: true }] };
    const groundTruth = { expected_instructions: [toRecipient, toRecipient] };
    const once = await scoreOutcome(
      await buildOutcome(unitCase(groundTruth), { toolCalls: [], transactions: [{ instructions: [systemTransfer(USER, RECIPIENT, 1)] }] }),
    );
    expect(once.instructionChecks.map((check) => check.matched)).toEqual([true, false]);
    expect(once.instructionChecks[1]?.reason).toBe(`every executed instruction of program ${SYSTEM_PROGRAM} was paired with another expected instruction`);
    const twice = await scoreOutcome(
      await buildOutcome(unitCase(groundTruth), {
        toolCalls: [],
        transactions: [{ instructions: [systemTransfer(USER, RECIPIENT, 1)] }, { instructions: [systemTransfer(USER, RECIPIENT, 2)] }],
      }),
    );
    expect(twice.instructionChecks.map((check) => check.matchedInstruction?.transactionIndex).sort()).toEqual([0, 1]);
    expect(twice.instructionScore).toBe(1);
  });

  it('compares data exactly when given, and ignores it when it is "..."', async () => {
    const fifteen = splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 15_000_000);
    const exact = await scoreOutcome(await buildOutcome(unitCase({ expected_instructions: [{ ...transferExpectation, data: '3mimF1vf45io' }] }), spl(fifteen)));
    expect(exact.instructionScore).toBe(1);
    const wrongAmount = await scoreOutcome(
      await buildOutcome(unitCase({ expected_instructions: [{ ...transferExpectation, data: '3mimF1vf45io' }] }), spl(splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 14_000_000))),
    );
    expect(wrongAmount.instructionScore).toBe(4 / 5);
    const unscored = await scoreOutcome(await buildOutcome(unitCase({ expected_instructions: [{ ...transferExpectation, data: '...', data_weight: 3 }] }), spl(fifteen)));
    expect(unscored.instructionChecks[0]?.weight).toBe(4);
  });

  it('adds expected tool calls to the instruction score, one successful call per expectation', async () => {
    const groundTruth = {
      expected_tool_calls: [
        { tool_name: 'get_account_balance', weight: 1 },
        { tool_name: 'get_account_balance', weight: 1 },
        { tool_name: 'jupiter_swap', weight: 2 },
      ],
    };
    const breakdown = await scoreOutcome(
      await buildOutcome(unitCase(groundTruth), {
        toolCalls: [ok('get_account_balance'), { name: 'jupiter_swap', ok: false }, { name: 'get_account_balance', ok: false }],
        transactions: [],
      }),
    );
    expect(breakdown.toolCallChecks.map((check) => [check.matched, check.reason])).toEqual([
      [true, 'get_account_balance succeeded'],
      [false, 'get_account_balance is expected 2 times but succeeded 1 time'],
      [false, 'every call of jupiter_swap failed'],
    ]);
    expect(breakdown.instructionScore).toBe(1 / 4);
    expect(breakdown.score).toBe(0.75 * 0.25 + 0.25 * 1);
  });

  it('scores on-chain only when skip_instruction_validation is set or nothing is expected', async () => {
    const assertions = [{ type: 'SolBalance', pubkey: RECIPIENT, expected: 0 }];
    const skipped = await scoreOutcome(
      await buildOutcome(unitCase({ skip_instruction_validation: true, expected_instructions: [transferExpectation], expected_tool_calls: [{ tool_name: 'spl_transfer' }], final_state_assertions: assertions }), {
        toolCalls: [],
        transactions: [],
      }),
    );
    expect(skipped).toMatchObject({ instructionScore: null, instructionChecks: [], toolCallChecks: [] });
    // expected_instructions still require a transaction for the status to be Success.
    expect(skipped.transactionStatus).toMatchObject({ actual: 'None', matched: false });
    const nothingExpected = await scoreOutcome(await buildOutcome(unitCase({ final_state_assertions: assertions }), { toolCalls: [], transactions: [] }));
    expect(nothingExpected).toMatchObject({ instructionScore: null, onChainScore: 1, score: 1 });
  });
});

describe('transaction status', () => {
  it('meets an expected Failure when a transaction failed', async () => {
    const breakdown = await scoreOutcome(
      await buildOutcome(unitCase({ transaction_status: 'Failure', final_state_assertions: [{ type: 'TokenAccountBalance', pubkey: 'USER_USDC_ATA', expected: 50_000_000 }] }), {
        toolCalls: [],
        transactions: [{ status: 'Failure', error: 'Token program: insufficient funds', instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 99_000_000)] }],
      }),
    );
    expect(breakdown.transactionStatus).toEqual({ expected: 'Failure', actual: 'Failure', matched: true, reason: '1 of 1 transaction failed: Token program: insufficient funds' });
    expect(breakdown.onChainScore).toBe(1);
  });

  it('counts any failed transaction against an expected Success, whatever the assertions say', async () => {
    const breakdown = await scoreOutcome(
      await buildOutcome(unitCase({ final_state_assertions: [{ type: 'SolBalance', pubkey: RECIPIENT, expected: 0 }] }), {
        toolCalls: [],
        transactions: [{ instructions: [systemTransfer(USER, RECIPIENT, 1)] }, { status: 'Failure', instructions: [systemTransfer(USER, RECIPIENT, 1)] }],
      }),
    );
    expect(breakdown.transactionStatus.reason).toBe('expected Success, but 1 of 2 transactions failed: transaction fixture-signature-1 failed');
    expect(breakdown.assertionChecks[0]?.matched).toBe(true);
    expect(breakdown.onChainScore).toBe(0);
  });
});

describe('assertions', () => {
  it('treats a missing token account as balance 0 and says so', async () => {
    const groundTruth = { final_state_assertions: [{ type: 'TokenAccountBalance', pubkey: 'USER_L_USDC_ATA', mint: JL_USDC, expected_gte: 1 }] };
    const breakdown = await scoreOutcome(await buildOutcome(unitCase(groundTruth), { toolCalls: [], transactions: [] }));
    const [check] = breakdown.assertionChecks;
    expect(check).toMatchObject({ matched: false, actual: 0 });
    expect(check?.reason).toMatch(/^not met: the token balance of USER_L_USDC_ATA \(\w+\) is 0 base units \(the token account does not exist, so its balance counts as 0\), expected ≥ 1$/);
  });

  it('fails a token account that holds another mint', async () => {
    const groundTruth = { final_state_assertions: [{ type: 'TokenAccountBalance', pubkey: 'USER_USDC_ATA', mint: JL_USDC, expected: 50_000_000 }] };
    const breakdown = await scoreOutcome(await buildOutcome(unitCase(groundTruth), { toolCalls: [], transactions: [] }));
    expect(breakdown.assertionChecks[0]).toMatchObject({ matched: false, found: `a token account of mint ${USDC}` });
  });

  it('evaluates balance changes against the initial observation', async () => {
    const groundTruth = {
      final_state_assertions: [
        { type: 'SolBalanceChange', pubkey: USER, expected_change_lte: -1, expected_change_gte: -6000 },
        { type: 'SolBalanceChange', pubkey: RECIPIENT, expected_change_not_zero: true },
        { type: 'TokenAccountBalanceChange', pubkey: 'USER_USDC_ATA', expected_change: -15_000_000 },
        { type: 'TokenAccountBalance', pubkey: 'RECIPIENT_USDC_ATA', expected_change_not_zero: true, expected_lte: 15_000_000, weight: 2 },
      ],
    };
    const breakdown = await scoreOutcome(
      await buildOutcome(unitCase(groundTruth), {
        toolCalls: [],
        transactions: [{ instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 15_000_000)] }],
        solChanges: [{ account: USER, lamports: -SIGNATURE_FEE }],
        tokenChanges: [
          { account: 'USER_USDC_ATA', amount: -15_000_000 },
          { account: 'RECIPIENT_USDC_ATA', amount: 15_000_000 },
        ],
      }),
    );
    expect(breakdown.assertionChecks.map((check) => [check.matched, check.actual])).toEqual([
      [true, -5000],
      [false, 0],
      [true, -15_000_000],
      [true, 15_000_000],
    ]);
    expect(breakdown.assertionChecks[1]?.reason).toMatch(/changed by 0 lamports \(0 → 0\), expected ≠ 0$/);
    expect(breakdown.onChainScore).toBe(4 / 5);
  });

  it('counts an assertion type reev does not define as failed', async () => {
    const breakdown = await scoreOutcome(
      await buildOutcome(unitCase({ final_state_assertions: [{ type: 'JupiterLendingPosition', pubkey: USER }, { type: 'SolBalance', pubkey: RECIPIENT, expected: 0, weight: 3 }] }), {
        toolCalls: [],
        transactions: [],
      }),
    );
    expect(breakdown.assertionChecks[0]).toMatchObject({ matched: false, address: null, reason: 'assertion type JupiterLendingPosition is not defined by reev; counted as failed' });
    expect(breakdown.onChainScore).toBe(3 / 4);
  });

  it('lists the addresses to observe once each, derivations resolved, unevaluable types left out', async () => {
    const testCase = unitCase({
      final_state_assertions: [
        { type: 'SolBalance', pubkey: USER, expected: 1 },
        { type: 'SolBalanceChange', pubkey: USER, expected_change: 0 },
        { type: 'TokenAccountBalance', pubkey: 'UNUSED_PLACEHOLDER', address_derivation: { type: 'AssociatedTokenAccount', owner: USER, mint: USDC }, expected: 1 },
        { type: 'TokenAccountBalance', pubkey: 'USER_USDC_ATA', expected: 1 },
        { type: 'JupiterLendingPosition', pubkey: 'SOMETHING_ELSE' },
      ],
    });
    const resolve = conventionResolver(testCase);
    const addresses = await assertionAddresses(testCase.ground_truth, resolve);
    expect(addresses).toEqual([await resolve({ type: 'Key', name: USER }), await resolve(ata(USER, USDC))]);
    expect(addresses[1]).toBe(await resolve({ type: 'Key', name: 'USER_USDC_ATA' }));
  });

  it('names the reference it could not resolve', async () => {
    const outcome = await buildOutcome(unitCase({ final_state_assertions: [{ type: 'SolBalance', pubkey: USER, expected: 1 }] }), { toolCalls: [], transactions: [] });
    const failing = { ...outcome, resolveAddress: () => Promise.reject(new Error('unknown placeholder')) };
    await expect(scoreOutcome(failing)).rejects.toThrow('cannot resolve USER_WALLET_PUBKEY: unknown placeholder');
  });
});

describe('min_score and the pass rule', () => {
  const met = (weight: number) => ({ type: 'SolBalance', pubkey: RECIPIENT, expected: 0, weight });
  const missed = (weight: number) => ({ type: 'SolBalance', pubkey: RECIPIENT, expected: 1, weight });
  /** Instruction score 0.6 (get_account_balance called, jupiter_swap not), every assertion met: 0.75 × 0.6 + 0.25 = 0.7. */
  const partialCalls = [
    { tool_name: 'get_account_balance', weight: 0.6 },
    { tool_name: 'jupiter_swap', weight: 0.4 },
  ];
  const score = (groundTruth: Record<string, unknown>, flow = false) =>
    buildOutcome(unitCase(groundTruth, flow), { toolCalls: [ok('get_account_balance')], transactions: [] }).then(scoreOutcome);

  it('defaults to 0.75 for one step and 0.6 for a flow', async () => {
    const groundTruth = { expected_tool_calls: partialCalls, final_state_assertions: [met(1)] };
    expect(await score(groundTruth)).toMatchObject({ score: 0.7, minScore: 0.75, passed: false });
    expect((await score(groundTruth)).pass.failed_conditions).toEqual(['score 0.700 is below min_score 0.75']);
    expect(await score(groundTruth, true)).toMatchObject({ score: 0.7, minScore: 0.6, passed: true, pass: { passed: true, failed_conditions: [] } });
  });

  it('passes a score that equals min_score up to floating-point rounding', () => {
    // (0.3 + 0.3) / (0.3 + 0.3 + 0.2) is 0.7499999999999999 in floating point.
    const score = (0.3 + 0.3) / (0.3 + 0.3 + 0.2);
    expect(score).toBeLessThan(0.75);
    expect(reachesMinScore(score, 0.75)).toBe(true);
    expect(reachesMinScore(0.7499, 0.75)).toBe(false);
  });

  it('honours ground_truth.min_score', async () => {
    expect(await score({ min_score: 0.5, expected_tool_calls: partialCalls })).toMatchObject({ minScore: 0.5, passed: true });
    expect(await score({ min_score: 0.9, expected_tool_calls: partialCalls }, true)).toMatchObject({ minScore: 0.9, passed: false });
  });

  it('fails a run with a missed final-state assertion even when its score reaches min_score, and says which', async () => {
    const breakdown = await score({ min_score: 0.5, final_state_assertions: [met(0.6), missed(0.4)] });
    expect(breakdown.score).toBe(0.6);
    expect(breakdown.passed).toBe(false);
    expect(breakdown.pass.failed_conditions).toEqual([
      'final-state assertion 1 (SolBalance) not met: the SOL balance of RECIPIENT_WALLET_PUBKEY (' +
        breakdown.assertionChecks[1]?.address +
        ') is 0 lamports, expected = 1',
    ]);
  });

  it('fails a run whose transaction status differs from the stated one; an unstated status only costs score', async () => {
    const failedTransfer = {
      toolCalls: [ok('spl_transfer')],
      transactions: [{ status: 'Failure' as const, error: 'insufficient funds', instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 15_000_000)] }],
    };
    const stated = await scoreOutcome(
      await buildOutcome(unitCase({ min_score: 0.5, transaction_status: 'Success', expected_instructions: [transferExpectation] }), failedTransfer),
    );
    expect(stated).toMatchObject({ score: 0.75, passed: false });
    expect(stated.pass.failed_conditions).toEqual(['transaction status: expected Success, but 1 of 1 transaction failed: insufficient funds']);
    const unstated = await scoreOutcome(await buildOutcome(unitCase({ min_score: 0.5, expected_instructions: [transferExpectation] }), failedTransfer));
    expect(unstated).toMatchObject({ score: 0.75, onChainScore: 0, passed: true });
  });
});

describe('tool-call arguments', () => {
  const swapExpectation = { tool_name: 'jupiter_swap', arguments: { input_mint: WSOL_MINT, output_mint: USDC, amount: 100_000_000, user_pubkey: USER } };
  const swap = (amount: number, user: string) => ({ name: 'jupiter_swap', ok: true, input: { user_pubkey: user, input_mint: WSOL_MINT, output_mint: USDC, amount } });

  it('meets an expected call only when the call was made with the stated amount, mints and accounts', async () => {
    const testCase = unitCase({ expected_tool_calls: [swapExpectation] });
    const user = await conventionResolver(testCase)({ type: 'Key', name: USER });
    const right = await scoreOutcome(await buildOutcome(testCase, { toolCalls: [swap(100_000_000, user)], transactions: [] }));
    expect(right.toolCallChecks[0]).toMatchObject({ matched: true });
    const wrong = await scoreOutcome(await buildOutcome(testCase, { toolCalls: [swap(200_000_000, user)], transactions: [] }));
    expect(wrong.toolCallChecks[0]).toMatchObject({
      matched: false,
      reason: 'jupiter_swap succeeded, but amount is 200000000, expected 100000000',
    });
    expect(wrong.instructionScore).toBe(0);
    const otherWallet = await scoreOutcome(await buildOutcome(testCase, { toolCalls: [swap(100_000_000, WSOL_MINT)], transactions: [] }));
    expect(otherWallet.toolCallChecks[0]?.reason).toMatch(/user_pubkey is "So1+2", expected "USER_WALLET_PUBKEY"/);
  });

  it('compares tokens by the token they name and amounts as integers', async () => {
    const testCase = unitCase({ expected_tool_calls: [{ tool_name: 'jupiter_lend_earn_deposit', arguments: { asset_mint: 'USDC', amount: '50000000' } }] });
    const deposit = { name: 'jupiter_lend_earn_deposit', ok: true, input: { asset_mint: USDC, amount: 50_000_000 } };
    const breakdown = await scoreOutcome(await buildOutcome(testCase, { toolCalls: [deposit], transactions: [] }));
    expect(breakdown.toolCallChecks[0]?.matched).toBe(true);
  });

  it('lets an expectation with arguments claim its call before one without', async () => {
    const testCase = unitCase({ expected_tool_calls: [{ tool_name: 'jupiter_swap' }, { ...swapExpectation, arguments: { amount: 100_000_000 } }] });
    const calls = [swap(100_000_000, USER), swap(300_000_000, USER)];
    const breakdown = await scoreOutcome(await buildOutcome(testCase, { toolCalls: calls, transactions: [] }));
    expect(breakdown.toolCallChecks.map((check) => check.matched)).toEqual([true, true]);
  });
});
