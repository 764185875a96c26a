import type { BalanceChange, InstructionRecord, TransactionResult } from '@reev/types';
import {
  AccountRole,
  appendTransactionMessageInstructions,
  compileTransactionMessage,
  createTransactionMessage,
  getBase58Decoder,
  getBase58Encoder,
  getCompiledTransactionMessageDecoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Instruction,
} from '@solana/kit';
import { FailedTransactionMetadata } from 'litesvm';
import { knownAddress } from './accounts';
import { TRANSACTION_HISTORY_CAPACITY } from './chain-pool';
import type { BalanceSnapshot, LiteSvmSession } from './session';
import type { ExecuteOptions } from './solana-env';
import { describeTransactionError } from './transaction-errors';
import { encodeMessageV0, signEd25519 } from './transaction-wire';

/** LiteSVM charges the standard fee: 5000 lamports per signature, no priority fee. */
const LAMPORTS_PER_SIGNATURE = 5000;

const base58Bytes = getBase58Encoder();
const base58Text = getBase58Decoder();
const messageDecoder = getCompiledTransactionMessageDecoder();

function accountRole(isSigner: boolean, isWritable: boolean): AccountRole {
  if (isSigner) return isWritable ? AccountRole.WRITABLE_SIGNER : AccountRole.READONLY_SIGNER;
  return isWritable ? AccountRole.WRITABLE : AccountRole.READONLY;
}

function toKitInstruction(record: InstructionRecord): Instruction {
  return {
    programAddress: knownAddress(record.programId),
    accounts: record.accounts.map((account) => ({
      address: knownAddress(account.pubkey),
      role: accountRole(account.isSigner, account.isWritable),
    })),
    data: base58Bytes.encode(record.data),
  };
}

/** The signers a transaction needs (the fee payer first), each checked against `options.signers`. */
function requiredSignersOf(instructions: readonly InstructionRecord[], options: ExecuteOptions, feePayer: string): string[] {
  const authorised = new Set([...options.signers, feePayer]);
  const requiredSigners = [feePayer];
  for (const [index, instruction] of instructions.entries()) {
    for (const account of instruction.accounts) {
      if (!account.isSigner || requiredSigners.includes(account.pubkey)) continue;
      if (!authorised.has(account.pubkey)) {
        throw new Error(
          `execute: instruction ${index + 1} needs a signature from ${account.pubkey}, which is not among the signers (${options.signers.join(', ')})`,
        );
      }
      requiredSigners.push(account.pubkey);
    }
  }
  return requiredSigners;
}

/**
 * Builds, signs and sends one transaction on the session's chain, then expires the blockhash. A failed transaction
 * is a result with status Failure and a readable error; only programmer errors throw.
 */
export function executeTransaction(session: LiteSvmSession, instructions: InstructionRecord[], options: ExecuteOptions): TransactionResult {
  if (instructions.length === 0) throw new Error('execute: a transaction needs at least one instruction');
  const feePayer = options.feePayer ?? options.signers[0];
  if (feePayer === undefined) throw new Error('execute: give signers or a feePayer; someone must pay the fee');
  if (session.transactionsSent >= TRANSACTION_HISTORY_CAPACITY) {
    throw new Error(
      `execute: this run already sent ${session.transactionsSent} transactions, as many as its chain remembers; a further ` +
        'one could not be told apart from a repeated one',
    );
  }
  const keyPairs = new Map(
    requiredSignersOf(instructions, options, feePayer).map((signer) => {
      const keyPair = session.keyPairFor(signer);
      if (!keyPair) {
        throw new Error(
          `execute: no signing key for ${signer}; the environment holds keys only for the benchmark's placeholder accounts and the jupiter-sim market`,
        );
      }
      return [signer, keyPair] as const;
    }),
  );
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(knownAddress(feePayer), m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: session.latestBlockhash(), lastValidBlockHeight: 0n }, m),
    (m) => appendTransactionMessageInstructions(instructions.map(toKitInstruction), m),
  );
  const compiled = compileTransactionMessage(message);
  const messageBytes = encodeMessageV0(compiled);
  // Ed25519 signatures are deterministic: the same message and keys give the same bytes as kit's signTransaction.
  const signers = compiled.staticAccounts.slice(0, compiled.header.numSignerAccounts);
  const signatures = signers.map((signer) => {
    const keyPair = keyPairs.get(signer);
    if (!keyPair) throw new Error(`execute: the compiled message needs a signature from ${signer}, which no instruction asked for`);
    return signEd25519(keyPair.privateKey, messageBytes);
  });
  const touched = [
    ...new Set([feePayer, ...instructions.flatMap((ix) => ix.accounts.filter((a) => a.isWritable).map((a) => a.pubkey))]),
  ];
  const before = touched.map((account) => session.snapshot(account));
  session.transactionsSent += 1;
  const outcome = session.send(signatures, messageBytes);
  const after = touched.map((account) => session.snapshot(account));
  const balanceChanges = balanceChangesOf(touched, before, after);
  const signature = base58Text.decode(signatures[0]);
  if (outcome instanceof FailedTransactionMetadata) {
    const logs = outcome.meta().logs();
    // touched[0] is the fee payer.
    const paid = before[0].lamports - after[0].lamports;
    return {
      status: 'Failure',
      signature,
      error: describeTransactionError(outcome.err(), {
        programIds: instructions.map((ix) => ix.programId),
        // Decoded only on failure: error messages name accounts by their index in the message.
        accountKeys: messageDecoder.decode(messageBytes).staticAccounts.map(String),
        logs,
      }),
      logs,
      computeUnits: Number(outcome.meta().computeUnitsConsumed()),
      // A failed transaction that was processed still pays its fee; one rejected before processing pays nothing.
      feeLamports: Math.max(paid, 0),
      instructions,
      balanceChanges,
    };
  }
  return {
    status: 'Success',
    signature,
    logs: outcome.logs(),
    computeUnits: Number(outcome.computeUnitsConsumed()),
    feeLamports: signatures.length * LAMPORTS_PER_SIGNATURE,
    instructions,
    balanceChanges,
  };
}

function balanceChangesOf(touched: readonly string[], before: readonly BalanceSnapshot[], after: readonly BalanceSnapshot[]): BalanceChange[] {
  return touched.flatMap((account, index) => {
    const was = before[index];
    const is = after[index];
    const changes: BalanceChange[] = [];
    if (was.lamports !== is.lamports) changes.push({ pubkey: account, before: was.lamports, after: is.lamports });
    const mint = is.token?.mint ?? was.token?.mint;
    const tokensBefore = was.token?.amount ?? 0;
    const tokensAfter = is.token?.amount ?? 0;
    if (mint !== undefined && tokensBefore !== tokensAfter) {
      changes.push({ pubkey: account, mint, before: tokensBefore, after: tokensAfter });
    }
    return changes;
  });
}
