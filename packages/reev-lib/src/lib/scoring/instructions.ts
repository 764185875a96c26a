import type { AccountMeta, ExpectedInstruction, InstructionRecord, TransactionResult } from '@reev/types';
import type { AddressBook } from './addresses';
import { maximumWeightAssignment } from './assignment';
import type { InstructionCheck, InstructionPartCheck } from './types';

interface ExecutedInstruction {
  transactionIndex: number;
  instructionIndex: number;
  instruction: InstructionRecord;
}

interface ResolvedAccount {
  name: string;
  pubkey: string;
  isSigner: boolean;
  isWritable: boolean;
  weight: number;
}

interface ResolvedInstruction {
  index: number;
  programName: string;
  programId: string;
  programWeight: number;
  accounts: ResolvedAccount[];
  /** undefined when the data is not scored (absent or "..."). */
  data: string | undefined;
  dataWeight: number;
}

/** "…" in YAML, i.e. data present but not scored. */
const UNSCORED_DATA = '...';

/**
 * Checks every expected instruction against the instructions of all executed transactions (failed ones too:
 * the instruction was built correctly even if the chain refused it). Each expected instruction is paired with a
 * distinct executed instruction of the same program so that the total earned weight is as large as possible.
 */
export async function checkInstructions(
  expected: readonly ExpectedInstruction[],
  transactions: readonly TransactionResult[],
  addresses: AddressBook,
): Promise<InstructionCheck[]> {
  const resolved = await Promise.all(expected.map((instruction, index) => resolveInstruction(instruction, index, addresses)));
  const executed: ExecutedInstruction[] = transactions.flatMap((transaction, transactionIndex) =>
    transaction.instructions.map((instruction, instructionIndex) => ({ transactionIndex, instructionIndex, instruction })),
  );
  // A tiny bonus for the right program keeps a zero-weight match preferable to no match at all.
  const values = resolved.map((want) =>
    executed.map(({ instruction }) =>
      instruction.programId === want.programId ? earnedOf(compareParts(want, instruction)) + 1e-9 : 0,
    ),
  );
  const pairing = maximumWeightAssignment(values);
  return resolved.map((want, row) => {
    const column = pairing[row];
    const match = column === null || column === undefined ? undefined : executed[column];
    return match === undefined ? unmatchedCheck(want, executed) : matchedCheck(want, match);
  });
}

async function resolveInstruction(instruction: ExpectedInstruction, index: number, addresses: AddressBook): Promise<ResolvedInstruction> {
  const scoresData = instruction.data !== undefined && instruction.data !== UNSCORED_DATA;
  return {
    index,
    programName: instruction.program_id,
    programId: await addresses.key(instruction.program_id),
    programWeight: instruction.program_id_weight,
    accounts: await Promise.all(
      instruction.accounts.map(async (account) => ({
        name: account.pubkey,
        pubkey: await addresses.key(account.pubkey),
        isSigner: account.is_signer,
        isWritable: account.is_writable,
        weight: account.weight,
      })),
    ),
    data: scoresData ? instruction.data : undefined,
    dataWeight: scoresData ? (instruction.data_weight ?? 1) : 0,
  };
}

/** Summed in the same order as earnedOf, so a complete match earns exactly its weight. */
function totalWeight(want: ResolvedInstruction): number {
  const weights = [want.programWeight, ...want.accounts.map((account) => account.weight), ...(want.data === undefined ? [] : [want.dataWeight])];
  return weights.reduce((sum, weight) => sum + weight, 0);
}

function earnedOf(parts: readonly InstructionPartCheck[]): number {
  return parts.reduce((sum, part) => sum + (part.matched ? part.weight : 0), 0);
}

function compareParts(want: ResolvedInstruction, actual: InstructionRecord): InstructionPartCheck[] {
  const parts: InstructionPartCheck[] = [
    {
      part: 'program id',
      expected: named(want.programName, want.programId),
      found: actual.programId,
      weight: want.programWeight,
      matched: actual.programId === want.programId,
      reason: actual.programId === want.programId ? 'same program' : `a different program: ${actual.programId}`,
    },
  ];
  want.accounts.forEach((account, position) => parts.push(compareAccount(account, actual.accounts[position], position)));
  if (want.data !== undefined) {
    const same = actual.data === want.data;
    parts.push({
      part: 'data',
      expected: want.data,
      found: actual.data,
      weight: want.dataWeight,
      matched: same,
      reason: same ? 'same instruction data' : `instruction data differs: expected ${want.data}, found ${actual.data} (base58)`,
    });
  }
  return parts;
}

function compareAccount(want: ResolvedAccount, actual: AccountMeta | undefined, position: number): InstructionPartCheck {
  const expected = `${named(want.name, want.pubkey)} ${flags(want)}`;
  if (actual === undefined) {
    return { part: `account ${position}`, expected, found: 'no account at this position', weight: want.weight, matched: false, reason: `the instruction has no account ${position}` };
  }
  const problems: string[] = [];
  if (actual.pubkey !== want.pubkey) problems.push(`a different account: ${actual.pubkey}`);
  if (actual.isSigner !== want.isSigner) problems.push(want.isSigner ? 'not a signer' : 'a signer, but should not be');
  if (actual.isWritable !== want.isWritable) problems.push(want.isWritable ? 'not writable' : 'writable, but should not be');
  return {
    part: `account ${position}`,
    expected,
    found: `${actual.pubkey} ${flags(actual)}`,
    weight: want.weight,
    matched: problems.length === 0,
    reason: problems.length === 0 ? 'same account, signer and writable flags' : problems.join('; '),
  };
}

function matchedCheck(want: ResolvedInstruction, match: ExecutedInstruction): InstructionCheck {
  const parts = compareParts(want, match.instruction);
  const earned = earnedOf(parts);
  const weight = totalWeight(want);
  const failed = parts.filter((part) => !part.matched);
  const where = `transaction ${match.transactionIndex}, instruction ${match.instructionIndex}`;
  return {
    index: want.index,
    expected: describeExpected(want),
    found: `${match.instruction.programId} instruction at ${where}`,
    weight,
    earned,
    matched: failed.length === 0,
    reason:
      failed.length === 0
        ? `matched ${where} completely`
        : `matched ${where}; differs in ${failed.map((part) => `${part.part} (${part.reason})`).join(', ')}`,
    matchedInstruction: { transactionIndex: match.transactionIndex, instructionIndex: match.instructionIndex },
    parts,
  };
}

function unmatchedCheck(want: ResolvedInstruction, executed: readonly ExecutedInstruction[]): InstructionCheck {
  const sameProgram = executed.filter(({ instruction }) => instruction.programId === want.programId).length;
  const reason =
    sameProgram === 0
      ? `no executed instruction calls program ${named(want.programName, want.programId)}`
      : `every executed instruction of program ${named(want.programName, want.programId)} was paired with another expected instruction`;
  const missing = (part: string, expected: string, weight: number): InstructionPartCheck => ({
    part,
    expected,
    found: 'no matching instruction',
    weight,
    matched: false,
    reason,
  });
  return {
    index: want.index,
    expected: describeExpected(want),
    found: `${executed.length} executed instruction${executed.length === 1 ? '' : 's'}, none paired`,
    weight: totalWeight(want),
    earned: 0,
    matched: false,
    reason,
    matchedInstruction: null,
    parts: [
      missing('program id', named(want.programName, want.programId), want.programWeight),
      ...want.accounts.map((account, position) => missing(`account ${position}`, `${named(account.name, account.pubkey)} ${flags(account)}`, account.weight)),
      ...(want.data === undefined ? [] : [missing('data', want.data, want.dataWeight)]),
    ],
  };
}

function describeExpected(want: ResolvedInstruction): string {
  const accounts = want.accounts.map((account) => `${account.name} ${flags(account)}`).join(', ');
  const data = want.data === undefined ? 'data not scored' : `data ${want.data}`;
  return `${want.programName} instruction with accounts [${accounts}], ${data}`;
}

function flags(account: { isSigner: boolean; isWritable: boolean }): string {
  const signer = account.isSigner ? 'signer' : 'not signer';
  const writable = account.isWritable ? 'writable' : 'read-only';
  return `(${signer}, ${writable})`;
}

function named(name: string, address: string): string {
  return name === address ? address : `${name} = ${address}`;
}
