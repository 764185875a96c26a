import { join } from 'node:path';
import type { TestCase } from '@reev/types';
import { originalBenchmarksDir } from '@reev/testing';
import { loadBenchmarkFile } from '../benchmark';
import { scoreOutcome } from './score';
import { buildOutcome, ok, SIGNATURE_FEE, splTransfer, systemTransfer } from './test-support/chain-fixtures';

const USER = 'USER_WALLET_PUBKEY';
const RECIPIENT = 'RECIPIENT_WALLET_PUBKEY';

async function original(name: string): Promise<TestCase> {
  return (await loadBenchmarkFile(join(originalBenchmarksDir(), name))).testCase;
}

describe('worked examples on the original benchmarks', () => {
  it('001 done right scores 1.0', async () => {
    const outcome = await buildOutcome(await original('001-sol-transfer.yml'), {
      toolCalls: [ok('sol_transfer')],
      transactions: [{ instructions: [systemTransfer(USER, RECIPIENT, 100_000_000)] }],
      solChanges: [
        { account: USER, lamports: -100_000_000 - SIGNATURE_FEE },
        { account: RECIPIENT, lamports: 100_000_000 },
      ],
    });
    const breakdown = await scoreOutcome(outcome);
    expect(breakdown).toMatchObject({ score: 1, passed: true, minScore: 0.75, instructionScore: 1, onChainScore: 1 });
  });

  it('003 with the right instruction in a failed transaction scores 0.75', async () => {
    const outcome = await buildOutcome(await original('003-spl-transfer-fail.yml'), {
      toolCalls: [{ name: 'spl_transfer', ok: false }],
      transactions: [{ status: 'Failure', error: 'insufficient funds', instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 15_000_000)] }],
    });
    const breakdown = await scoreOutcome(outcome);
    expect(breakdown.score).toBe(0.75);
    expect(breakdown.instructionScore).toBe(1);
    expect(breakdown.onChainScore).toBe(0);
  });

  it('004 with a correct SPL Transfer that succeeded scores 0.75 × 1.25/1.75 + 0.25', async () => {
    const outcome = await buildOutcome(await original('004-partial-score-spl-transfer.yml'), {
      toolCalls: [ok('spl_transfer')],
      transactions: [{ instructions: [splTransfer('USER_USDC_ATA', 'RECIPIENT_USDC_ATA', USER, 5_000_000)] }],
      solChanges: [{ account: USER, lamports: -SIGNATURE_FEE }],
      tokenChanges: [
        { account: 'USER_USDC_ATA', amount: -5_000_000 },
        { account: 'RECIPIENT_USDC_ATA', amount: 5_000_000 },
      ],
    });
    const breakdown = await scoreOutcome(outcome);
    expect(breakdown.score).toBeCloseTo(0.7857142857, 9);
    expect(breakdown.instructionScore).toBeCloseTo(1.25 / 1.75, 12);
    expect(breakdown.onChainScore).toBe(1);
  });
});
