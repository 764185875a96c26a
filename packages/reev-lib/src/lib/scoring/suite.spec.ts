import { join } from 'node:path';
import { WSOL_MINT, type TestCase } from '@reev/types';
import { loadBenchmarks } from '../benchmark';
import { scoreOutcome } from './score';
import {
  ata,
  burn,
  buildOutcome,
  JL_SOL,
  JL_USDC,
  mintTo,
  ok,
  SIGNATURE_FEE,
  splTransfer,
  systemTransfer,
  USDC,
  type Outcome,
} from './test-support/chain-fixtures';

const SUITE_DIR = join(__dirname, '../../../../../benchmarks');
const USER = 'USER_WALLET_PUBKEY';
/** Simulated market transactions are co-signed and paid by the market authority. */
const MARKET = { authority: 'MARKET_AUTHORITY', solVault: 'MARKET_SOL_VAULT', usdcVault: 'MARKET_USDC_VAULT', fee: 2 * SIGNATURE_FEE };

const WSOL = WSOL_MINT;
/** A successful call with the arguments a correct agent gives (the ground truths state amounts and mints). */
const called = (name: string, input: Record<string, unknown>) => ({ ...ok(name), input });
const swap = (lamports: number) => called('jupiter_swap', { input_mint: WSOL, output_mint: USDC, amount: lamports });

interface CorrectRun {
  /** What a correct agent does, and what the chain looks like afterwards. */
  outcome: Outcome;
  /** The documented score of that run (docs/benchmarks.md). */
  score: number;
}

const correctRuns: Record<string, CorrectRun> = {
  '001-sol-transfer': {
    outcome: {
      toolCalls: [ok('sol_transfer')],
      transactions: [{ instructions: [systemTransfer(USER, 'RECIPIENT_WALLET_PUBKEY', 100_000_000)] }],
      solChanges: [
        { account: USER, lamports: -100_000_000 - SIGNATURE_FEE },
        { account: 'RECIPIENT_WALLET_PUBKEY', lamports: 100_000_000 },
      ],
    },
    score: 1,
  },
  '002-spl-transfer': {
    outcome: {
      toolCalls: [ok('spl_transfer')],
      transactions: [{ instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 15_000_000)] }],
      solChanges: [{ account: USER, lamports: -SIGNATURE_FEE }],
      tokenChanges: [
        { account: 'USER_USDC_ATA', amount: -15_000_000 },
        { account: 'RECIPIENT_USDC_ATA', amount: 15_000_000 },
      ],
    },
    score: 1,
  },
  '003-spl-transfer-fail': {
    outcome: {
      toolCalls: [{ name: 'spl_transfer', ok: false }],
      transactions: [
        {
          instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 15_000_000)],
          status: 'Failure',
          error: 'Token program: insufficient funds',
        },
      ],
    },
    score: 0.75,
  },
  '004-partial-score-spl-transfer': {
    outcome: {
      toolCalls: [ok('spl_transfer')],
      transactions: [{ instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 5_000_000)] }],
      solChanges: [{ account: USER, lamports: -SIGNATURE_FEE }],
      tokenChanges: [
        { account: 'USER_USDC_ATA', amount: -5_000_000 },
        { account: 'RECIPIENT_USDC_ATA', amount: 5_000_000 },
      ],
    },
    score: 0.75 * (1.25 / 1.75) + 0.25,
  },
  '100-jup-swap-sol-usdc': {
    outcome: {
      toolCalls: [ok('get_account_balance'), swap(100_000_000)],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            systemTransfer(USER, MARKET.solVault, 100_000_000),
            splTransfer(MARKET.usdcVault, 'USER_USDC_ATA', MARKET.authority, 15_000_000),
          ],
        },
      ],
      solChanges: [{ account: USER, lamports: -100_000_000 }],
      tokenChanges: [{ account: 'USER_USDC_ATA', amount: 15_000_000 }],
    },
    score: 1,
  },
  '110-jup-lend-deposit-sol': {
    outcome: {
      toolCalls: [called('jupiter_lend_earn_deposit', { asset_mint: WSOL, amount: 100_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            systemTransfer(USER, MARKET.solVault, 100_000_000),
            mintTo(JL_SOL, ata(USER, JL_SOL), MARKET.authority, 100_000_000),
          ],
        },
      ],
      solChanges: [{ account: USER, lamports: -100_000_000 }],
      tokenChanges: [{ account: ata(USER, JL_SOL), amount: 100_000_000, mint: JL_SOL, owner: USER }],
    },
    score: 1,
  },
  '111-jup-lend-deposit-usdc': {
    outcome: {
      toolCalls: [called('jupiter_lend_earn_deposit', { asset_mint: USDC, amount: 50_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            splTransfer('USER_USDC_ATA_PLACEHOLDER', MARKET.usdcVault, USER, 50_000_000),
            mintTo(JL_USDC, ata(USER, JL_USDC), MARKET.authority, 50_000_000),
          ],
        },
      ],
      tokenChanges: [
        { account: 'USER_USDC_ATA_PLACEHOLDER', amount: -50_000_000 },
        { account: ata(USER, JL_USDC), amount: 50_000_000, mint: JL_USDC, owner: USER },
      ],
    },
    score: 1,
  },
  '112-jup-lend-withdraw-sol': {
    outcome: {
      toolCalls: [called('jupiter_lend_earn_withdraw', { asset_mint: WSOL, amount: 100_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            burn('USER_L_SOL_ATA_PLACEHOLDER', JL_SOL, USER, 100_000_000),
            systemTransfer(MARKET.solVault, USER, 100_000_000),
          ],
        },
      ],
      solChanges: [{ account: USER, lamports: 100_000_000 }],
      tokenChanges: [{ account: 'USER_L_SOL_ATA_PLACEHOLDER', amount: -100_000_000 }],
    },
    score: 1,
  },
  '113-jup-lend-withdraw-usdc': {
    outcome: {
      toolCalls: [called('jupiter_lend_earn_withdraw', { asset_mint: USDC, amount: 50_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            burn('USER_L_USDC_ATA_PLACEHOLDER', JL_USDC, USER, 50_000_000),
            splTransfer(MARKET.usdcVault, 'USER_USDC_ATA_PLACEHOLDER', MARKET.authority, 50_000_000),
          ],
        },
      ],
      tokenChanges: [
        { account: 'USER_L_USDC_ATA_PLACEHOLDER', amount: -50_000_000 },
        { account: 'USER_USDC_ATA_PLACEHOLDER', amount: 50_000_000 },
      ],
    },
    score: 1,
  },
  '114-jup-positions-and-earnings': {
    outcome: { toolCalls: [ok('get_jupiter_lend_earn_position')], transactions: [] },
    score: 1,
  },
  '115-jup-lend-mint-usdc': {
    outcome: {
      toolCalls: [called('jupiter_lend_earn_mint', { asset: USDC, shares: 50_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            splTransfer('USER_USDC_ATA_PLACEHOLDER', MARKET.usdcVault, USER, 50_000_000),
            mintTo(JL_USDC, ata(USER, JL_USDC), MARKET.authority, 50_000_000),
          ],
        },
      ],
      tokenChanges: [
        { account: 'USER_USDC_ATA_PLACEHOLDER', amount: -50_000_000 },
        { account: ata(USER, JL_USDC), amount: 50_000_000, mint: JL_USDC, owner: USER },
      ],
    },
    score: 1,
  },
  '116-jup-lend-redeem-usdc': {
    outcome: {
      toolCalls: [ok('get_jupiter_lend_earn_position'), called('jupiter_lend_earn_redeem', { asset: USDC, shares: 50_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            burn('USER_L_USDC_ATA_PLACEHOLDER', JL_USDC, USER, 50_000_000),
            splTransfer(MARKET.usdcVault, 'USER_USDC_ATA_PLACEHOLDER', MARKET.authority, 50_000_000),
          ],
        },
      ],
      tokenChanges: [
        { account: 'USER_L_USDC_ATA_PLACEHOLDER', amount: -50_000_000 },
        { account: 'USER_USDC_ATA_PLACEHOLDER', amount: 50_000_000 },
      ],
    },
    score: 1,
  },
  '200-jup-swap-then-lend-deposit': {
    outcome: {
      toolCalls: [swap(2_000_000_000), ok('get_account_balance'), called('jupiter_lend_earn_deposit', { asset_mint: USDC, amount: 300_000_000 })],
      transactions: [
        {
          feeLamports: MARKET.fee,
          instructions: [
            systemTransfer(USER, MARKET.solVault, 2_000_000_000),
            splTransfer(MARKET.usdcVault, 'USER_USDC_ATA', MARKET.authority, 300_000_000),
          ],
        },
        {
          feeLamports: MARKET.fee,
          instructions: [
            splTransfer('USER_USDC_ATA', MARKET.usdcVault, USER, 300_000_000),
            mintTo(JL_USDC, ata(USER, JL_USDC), MARKET.authority, 300_000_000),
          ],
        },
      ],
      solChanges: [{ account: USER, lamports: -2_000_000_000 }],
      tokenChanges: [
        { account: 'USER_USDC_ATA', amount: 300_000_000 - 300_000_000 },
        { account: ata(USER, JL_USDC), amount: 300_000_000, mint: JL_USDC, owner: USER },
      ],
    },
    score: 1,
  },
};

let suite: Map<string, TestCase>;

beforeAll(async () => {
  const loaded = await loadBenchmarks([SUITE_DIR]);
  suite = new Map(loaded.map((benchmark) => [benchmark.testCase.id, benchmark.testCase]));
});

function benchmark(id: string): TestCase {
  const testCase = suite.get(id);
  if (testCase === undefined) throw new Error(`benchmark ${id} is not in ${SUITE_DIR}`);
  return testCase;
}

it('has a correct-run fixture for every static suite benchmark', () => {
  const staticIds = [...suite.keys()].filter((id) => !id.startsWith('3')).sort();
  expect(staticIds).toEqual(Object.keys(correctRuns).sort());
});

describe.each(Object.entries(correctRuns))('%s', (id, run) => {
  it(`scores a correct run ${run.score.toFixed(4)} and passes`, async () => {
    const breakdown = await scoreOutcome(await buildOutcome(benchmark(id), run.outcome));
    expect(breakdown.score).toBeCloseTo(run.score, 12);
    expect(breakdown.passed).toBe(true);
    // Every assertion describes the correct end state, also in 003 where they are diagnostics only.
    expect(breakdown.assertionChecks.filter((check) => !check.matched)).toEqual([]);
    expect(breakdown.toolCallChecks.filter((check) => !check.matched)).toEqual([]);
  });

  it('fails an agent that does nothing', async () => {
    const breakdown = await scoreOutcome(await buildOutcome(benchmark(id), { toolCalls: [], transactions: [] }));
    expect(breakdown.passed).toBe(false);
    expect(breakdown.score).toBeLessThan(breakdown.minScore);
  });
});

describe('scores that need explaining', () => {
  it('003: a perfect instruction in a failed transaction keeps the instruction score only', async () => {
    const breakdown = await scoreOutcome(await buildOutcome(benchmark('003-spl-transfer-fail'), correctRuns['003-spl-transfer-fail'].outcome));
    expect(breakdown.instructionScore).toBe(1);
    expect(breakdown.onChainScore).toBe(0);
    expect(breakdown.transactionStatus).toMatchObject({ expected: 'Success', actual: 'Failure', matched: false });
    expect(breakdown.transactionStatus.reason).toContain('insufficient funds');
  });

  it('004: everything but the data matches, and the data check says what differs', async () => {
    const breakdown = await scoreOutcome(
      await buildOutcome(benchmark('004-partial-score-spl-transfer'), correctRuns['004-partial-score-spl-transfer'].outcome),
    );
    const [check] = breakdown.instructionChecks;
    expect(check?.earned).toBeCloseTo(1.25, 12);
    expect(check?.weight).toBeCloseTo(1.75, 12);
    const unmatched = check?.parts.filter((part) => !part.matched);
    expect(unmatched?.map((part) => part.part)).toEqual(['data']);
    expect(unmatched?.[0]?.reason).toBe('instruction data differs: expected gvQzKgr3xhN2h, found 3QDJ9TwUE2Dm (base58)');
  });

  it('114: a do-nothing agent keeps every balance but misses the position tool: 0.25', async () => {
    const breakdown = await scoreOutcome(await buildOutcome(benchmark('114-jup-positions-and-earnings'), { toolCalls: [], transactions: [] }));
    expect(breakdown.onChainScore).toBe(1);
    expect(breakdown.instructionScore).toBe(0);
    expect(breakdown.score).toBe(0.25);
  });

  it('200: a flow that stops after the swap fails its min_score of 0.6', async () => {
    const swapOnly: Outcome = {
      toolCalls: [swap(2_000_000_000)],
      transactions: [correctRuns['200-jup-swap-then-lend-deposit'].outcome.transactions[0]],
      solChanges: [{ account: USER, lamports: -2_000_000_000 }],
      tokenChanges: [{ account: 'USER_USDC_ATA', amount: 300_000_000 }],
    };
    const breakdown = await scoreOutcome(await buildOutcome(benchmark('200-jup-swap-then-lend-deposit'), swapOnly));
    expect(breakdown.minScore).toBe(0.6);
    // Tool calls 1 of 2, assertions 1 of 3 (the SOL balance): 0.75 × 0.5 + 0.25 × 1/3.
    expect(breakdown.score).toBeCloseTo(0.75 * 0.5 + 0.25 / 3, 12);
    expect(breakdown.passed).toBe(false);
  });

  it('the USDC assertions of 111 find the account created from USER_USDC_ATA_PLACEHOLDER', async () => {
    const breakdown = await scoreOutcome(await buildOutcome(benchmark('111-jup-lend-deposit-usdc'), correctRuns['111-jup-lend-deposit-usdc'].outcome));
    expect(breakdown.assertionChecks[0]?.actual).toBe(50_000_000);
    expect(breakdown.assertionChecks[0]?.reason).toContain(`ATA(owner USER_WALLET_PUBKEY, mint ${USDC})`);
  });
});
