import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  address,
  appendTransactionMessageInstruction,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  generateKeyPair,
  getAddressFromPublicKey,
  lamports,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransaction,
} from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';
import { sample, type Repetition } from './stats';

export interface LiteSvmLimits {
  /** Build, sign and send one SOL transfer (a fresh blockhash each time, as the environment does). */
  transferMs: number;
  /** sendTransaction alone, of an already signed transfer. */
  sendOnlyMs: number;
  /** `new LiteSVM()`: what every fresh chain costs before any account is written. */
  newVmMs: number;
}

const DESTINATION = address('9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin');

/** LiteSVM with @solana/kit directly: nothing of reev in the path. */
export async function measureLiteSvm(repetition: Repetition): Promise<LiteSvmLimits> {
  const vm = new LiteSVM().withTransactionHistory(1_000_000n);
  const payer = await generateKeyPair();
  const payerAddress = await getAddressFromPublicKey(payer.publicKey);
  vm.airdrop(payerAddress, lamports(1_000_000_000_000n));
  // A rent-exempt destination, so tiny transfers into it are valid.
  vm.airdrop(DESTINATION, lamports(1_000_000_000n));
  const transferOf = (amount: bigint) =>
    getTransferSolInstruction({ source: createNoopSigner(payerAddress), destination: DESTINATION, amount });
  const buildAndSign = async (amount: bigint) => {
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(payerAddress, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: vm.latestBlockhash(), lastValidBlockHeight: 0n }, m),
      (m) => appendTransactionMessageInstruction(transferOf(amount), m),
    );
    return signTransaction([payer], compileTransaction(message));
  };
  const send = (transaction: Awaited<ReturnType<typeof buildAndSign>>) => {
    const outcome = vm.sendTransaction(transaction);
    if (outcome instanceof FailedTransactionMetadata) throw new Error(`raw LiteSVM transfer failed: ${outcome.toString()}`);
  };

  const transfer = await sample(repetition, async () => {
    send(await buildAndSign(1_000n));
    // A fresh blockhash per transaction, as the environment does, so an identical transfer is a new transaction.
    vm.expireBlockhash();
  });
  // Distinct amounts make distinct transactions on one blockhash, so they can all be signed before timing.
  const runs = repetition.warmup + repetition.repeat;
  const signed = await Promise.all(Array.from({ length: runs }, (_, index) => buildAndSign(2_000n + BigInt(index))));
  const sendOnly = await sample(repetition, (index) => send(signed[index]));
  const newVm = await sample({ warmup: 1, repeat: Math.max(5, Math.min(10, repetition.repeat)) }, () => new LiteSVM());
  return { transferMs: transfer.medianMs, sendOnlyMs: sendOnly.medianMs, newVmMs: newVm.medianMs };
}

export interface LibsqlLimits {
  /** BEGIN IMMEDIATE, INSERT of one row, COMMIT, on a WAL file database. */
  insertCommitMs: number;
  rowBytes: number;
}

/** A JSON document about the size of a stored step session (2-4 KB). */
export function stepSizedJson(index: number): string {
  const toolCall = (call: number) => ({
    tool_name: 'jupiter_swap',
    call_id: `call-${index}-${call}`,
    input: { user_pubkey: 'Ga6tAn7ydtcd4vYk5bpsofTqXaNUvJmAvHMJqbfA7sLt', input_mint: 'So11111111111111111111111111111111111111112', amount: 2_500_000_000 },
    output: { signature: '5'.repeat(88), status: 'Success', received: 187_500_000, logs: ['Program 11111111111111111111111111111111 invoke [1]', 'Program 11111111111111111111111111111111 success'] },
    status: 'success',
    started_at: '2026-01-01T00:00:00.000Z',
    duration_ms: 1.5,
  });
  return JSON.stringify({
    step_id: `step-${index}`,
    step_index: index % 4,
    status: 'completed',
    success: true,
    score: 1,
    tool_calls: [toolCall(0), toolCall(1), toolCall(2)],
    output: { prompt: 'Swap 2.5 SOL to USDC using Jupiter.', deltas: { SOL: -2_500_005_000, USDC: 187_500_000 }, final_message: 'done' },
    attempt: 1,
    started_at: '2026-01-01T00:00:00.000Z',
    execution_time_ms: 12.5,
  });
}

/** @libsql/client directly on a temporary WAL file (synchronous=NORMAL, as reev-db sets it). */
export async function measureLibsql(repetition: Repetition): Promise<LibsqlLimits> {
  const directory = mkdtempSync(path.join(tmpdir(), 'reev-bench-raw-'));
  const client = createClient({ url: `file:${path.join(directory, 'raw.db')}`, concurrency: 1 });
  try {
    const mode = (await client.execute('PRAGMA journal_mode=WAL')).rows[0]?.[0];
    if (mode !== 'wal') throw new Error(`raw libSQL: PRAGMA journal_mode=WAL gave ${JSON.stringify(mode)}`);
    await client.execute('PRAGMA synchronous=NORMAL');
    await client.execute(
      'CREATE TABLE raw_rows (id INTEGER PRIMARY KEY, execution_id TEXT NOT NULL, step_index INTEGER NOT NULL, content TEXT NOT NULL)',
    );
    const result = await sample(repetition, async (index) => {
      const transaction = await client.transaction('write');
      try {
        await transaction.execute({
          sql: 'INSERT INTO raw_rows (execution_id, step_index, content) VALUES (?, ?, ?)',
          args: [`execution-${index}`, index % 4, stepSizedJson(index)],
        });
        await transaction.commit();
      } finally {
        transaction.close();
      }
    });
    return { insertCommitMs: result.medianMs, rowBytes: Buffer.byteLength(stepSizedJson(0)) };
  } finally {
    client.close();
    rmSync(directory, { recursive: true, force: true });
  }
}
