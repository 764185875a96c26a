import { ASSOCIATED_TOKEN_PROGRAM_ID, SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@reev/types';
import type { FailedTransactionMetadata } from 'litesvm';

/** What LiteSVM reports as the reason of a failed transaction. */
export type LiteSvmTransactionError = ReturnType<FailedTransactionMetadata['err']>;

/** "InsufficientFundsForFee" → "insufficient funds for fee". */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** litesvm's TransactionErrorFieldless, by value (a const enum, so not importable under isolatedModules). */
const TRANSACTION_ERROR_NAMES = [
  'AccountInUse', 'AccountLoadedTwice', 'AccountNotFound', 'ProgramAccountNotFound', 'InsufficientFundsForFee',
  'InvalidAccountForFee', 'AlreadyProcessed', 'BlockhashNotFound', 'CallChainTooDeep', 'MissingSignatureForFee',
  'InvalidAccountIndex', 'SignatureFailure', 'InvalidProgramForExecution', 'SanitizeFailure', 'ClusterMaintenance',
  'AccountBorrowOutstanding', 'WouldExceedMaxBlockCostLimit', 'UnsupportedVersion', 'InvalidWritableAccount',
  'WouldExceedMaxAccountCostLimit', 'WouldExceedAccountDataBlockLimit', 'TooManyAccountLocks', 'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner', 'InvalidAddressLookupTableData', 'InvalidAddressLookupTableIndex',
  'InvalidRentPayingAccount', 'WouldExceedMaxVoteCostLimit', 'WouldExceedAccountDataTotalLimit',
  'MaxLoadedAccountsDataSizeExceeded', 'ResanitizationNeeded', 'InvalidLoadedAccountsDataSizeLimit',
  'UnbalancedTransaction', 'ProgramCacheHitMaxLimit', 'CommitCancelled',
] as const;

/** Explanations for the transaction errors an agent's transaction can plausibly hit. */
const TRANSACTION_ERROR_HINTS: Partial<Record<(typeof TRANSACTION_ERROR_NAMES)[number], string>> = {
  AccountNotFound: 'the fee payer account does not exist (it holds no SOL)',
  InsufficientFundsForFee: 'the fee payer cannot pay the transaction fee',
  AlreadyProcessed: 'this exact transaction was already executed',
  BlockhashNotFound: "the transaction's blockhash is unknown or expired",
  ProgramAccountNotFound: 'a program the transaction calls does not exist',
  InvalidProgramForExecution: 'a called account is not an executable program',
};

/** litesvm's InstructionErrorFieldless, by value. */
const INSTRUCTION_ERROR_NAMES = [
  'GenericError', 'InvalidArgument', 'InvalidInstructionData', 'InvalidAccountData', 'AccountDataTooSmall',
  'InsufficientFunds', 'IncorrectProgramId', 'MissingRequiredSignature', 'AccountAlreadyInitialized',
  'UninitializedAccount', 'UnbalancedInstruction', 'ModifiedProgramId', 'ExternalAccountLamportSpend',
  'ExternalAccountDataModified', 'ReadonlyLamportChange', 'ReadonlyDataModified', 'DuplicateAccountIndex',
  'ExecutableModified', 'RentEpochModified', 'NotEnoughAccountKeys', 'AccountDataSizeChanged', 'AccountNotExecutable',
  'AccountBorrowFailed', 'AccountBorrowOutstanding', 'DuplicateAccountOutOfSync', 'InvalidError',
  'ExecutableDataModified', 'ExecutableLamportChange', 'ExecutableAccountNotRentExempt', 'UnsupportedProgramId',
  'CallDepth', 'MissingAccount', 'ReentrancyNotAllowed', 'MaxSeedLengthExceeded', 'InvalidSeeds', 'InvalidRealloc',
  'ComputationalBudgetExceeded', 'PrivilegeEscalation', 'ProgramEnvironmentSetupFailure', 'ProgramFailedToComplete',
  'ProgramFailedToCompile', 'Immutable', 'IncorrectAuthority', 'AccountNotRentExempt', 'InvalidAccountOwner',
  'ArithmeticOverflow', 'UnsupportedSysvar', 'IllegalOwner', 'MaxAccountsDataAllocationsExceeded',
  'MaxAccountsExceeded', 'MaxInstructionTraceLengthExceeded', 'BuiltinProgramsMustConsumeComputeUnits', 'BorshIoError',
] as const;

const INSTRUCTION_ERROR_HINTS: Partial<Record<(typeof INSTRUCTION_ERROR_NAMES)[number], string>> = {
  InvalidAccountData: 'an account is missing or is not the kind of account the instruction expects',
  IncorrectProgramId: 'an account is not owned by the expected program',
  UninitializedAccount: 'an account the instruction needs has not been initialised',
  MissingRequiredSignature: 'an account that must sign did not',
  IllegalOwner: 'an account has the wrong owner',
};

const PROGRAM_NAMES: Record<string, string> = {
  [SYSTEM_PROGRAM_ID]: 'System program',
  [TOKEN_PROGRAM_ID]: 'Token program',
  [ASSOCIATED_TOKEN_PROGRAM_ID]: 'Associated Token program',
};

/** Custom error codes of the programs the environment runs, in words. */
const CUSTOM_ERRORS: Record<string, readonly string[]> = {
  [SYSTEM_PROGRAM_ID]: [
    'account already in use', 'insufficient lamports', 'cannot assign account to this program id',
    'cannot allocate account data of this length', 'seed too long', 'address does not match the seed derivation',
    'nonce: no recent blockhashes', 'nonce: blockhash not expired', 'nonce: unexpected blockhash value',
  ],
  [TOKEN_PROGRAM_ID]: [
    'lamport balance below rent-exempt threshold', 'insufficient funds', 'invalid mint',
    'account not associated with this mint', 'owner does not match', 'fixed supply', 'account already in use',
    'invalid number of provided signers', 'invalid number of required signers', 'state is uninitialized',
    'instruction does not support native tokens', 'non-native account can only be closed if its balance is zero',
    'invalid instruction', 'state is invalid for requested operation', 'operation overflowed',
    'account does not support specified authority type', 'this token mint cannot freeze accounts', 'account is frozen',
    'the provided decimals value differs from the mint decimals', 'instruction does not support non-native tokens',
  ],
  [ASSOCIATED_TOKEN_PROGRAM_ID]: ['associated token account owner does not match address derivation'],
};

function programName(programId: string): string {
  return PROGRAM_NAMES[programId] ?? `program ${programId}`;
}

function withHint(text: string, hint: string | undefined): string {
  return hint ? `${text} (${hint})` : text;
}

function fieldlessTransactionError(code: number): string {
  const name = TRANSACTION_ERROR_NAMES[code];
  return name ? withHint(words(name), TRANSACTION_ERROR_HINTS[name]) : `transaction error ${code}`;
}

/** The program that failed first (innermost, for errors raised inside a cross-program call), from the logs. */
function failingProgram(logs: readonly string[]): { programId: string; index: number } | undefined {
  for (const [index, line] of logs.entries()) {
    const match = /^Program (\S+) failed: /.exec(line);
    if (match) return { programId: match[1], index };
  }
  return undefined;
}

/** The program's own explanation logged just before it failed, e.g. "Transfer: insufficient lamports 5, need 10". */
function programDetail(logs: readonly string[], failureLine: number, message: string): string | undefined {
  const previous = logs[failureLine - 1];
  if (previous === undefined) return undefined;
  const text = previous.startsWith('Program log: ') ? previous.slice('Program log: '.length) : previous;
  if (previous.startsWith('Program ') && text === previous) return undefined;
  const detail = text.replace(/^Error: /, '');
  const simplified = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return simplified(detail) === simplified(message) ? undefined : detail;
}

function instructionErrorText(
  inner: ReturnType<Extract<LiteSvmTransactionError, { err(): unknown }>['err']>,
  programId: string,
): string {
  if (typeof inner === 'number') {
    const name = INSTRUCTION_ERROR_NAMES[inner];
    return name ? withHint(words(name), INSTRUCTION_ERROR_HINTS[name]) : `instruction error ${inner}`;
  }
  if ('code' in inner) {
    const known = CUSTOM_ERRORS[programId]?.[inner.code];
    return known ?? `custom program error ${inner.code} (0x${inner.code.toString(16)})`;
  }
  return `borsh I/O error: ${inner.msg}`;
}

export interface FailureContext {
  /** Program id of each top-level instruction, in order. */
  programIds: readonly string[];
  /** The message's account keys, in order (error account indexes point into these). */
  accountKeys: readonly string[];
  logs: readonly string[];
}

/** A failed transaction's reason in words, e.g. "Token program: insufficient funds (instruction 1 of 1)". */
export function describeTransactionError(error: LiteSvmTransactionError, context: FailureContext): string {
  if (typeof error === 'number') return `transaction rejected: ${fieldlessTransactionError(error)}`;
  const account = (index: number) => context.accountKeys[index] ?? `#${index}`;
  switch (error.constructor.name) {
    case 'TransactionErrorInstructionError': {
      const instructionError = error as Extract<LiteSvmTransactionError, { err(): unknown }>;
      const position = `instruction ${instructionError.index + 1} of ${context.programIds.length}`;
      const topProgram = context.programIds[instructionError.index] ?? 'unknown program';
      const failure = failingProgram(context.logs);
      const programId = failure?.programId ?? topProgram;
      const message = instructionErrorText(instructionError.err(), programId);
      const detail = failure ? programDetail(context.logs, failure.index, message) : undefined;
      const caller = programId === topProgram ? '' : `, called by the ${programName(topProgram)}`;
      return `${programName(programId)}: ${message}${detail ? ` — ${detail}` : ''} (${position}${caller})`;
    }
    case 'TransactionErrorInsufficientFundsForRent': {
      const { accountIndex } = error as Extract<LiteSvmTransactionError, { accountIndex: number }>;
      return `insufficient funds for rent: account ${account(accountIndex)} would be left with lamports below the rent-exempt minimum`;
    }
    case 'TransactionErrorDuplicateInstruction': {
      const { index } = error as Extract<LiteSvmTransactionError, { index: number }>;
      return `transaction rejected: instruction ${index + 1} is a duplicate`;
    }
    case 'TransactionErrorProgramExecutionTemporarilyRestricted': {
      const { accountIndex } = error as Extract<LiteSvmTransactionError, { accountIndex: number }>;
      return `transaction rejected: program execution is temporarily restricted for account ${account(accountIndex)}`;
    }
    default:
      return `transaction failed: ${String(error)}`;
  }
}
