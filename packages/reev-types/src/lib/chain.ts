import { z } from 'zod';

/** Base58 public key (32 bytes encode to 32..44 characters). */
export const PubkeySchema = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'expected a base58 public key');

export const AccountMetaSchema = z.object({
  pubkey: z.string(),
  isSigner: z.boolean(),
  isWritable: z.boolean(),
});
export type AccountMeta = z.infer<typeof AccountMetaSchema>;

/** One Solana instruction as data: what tools build, what scoring compares, what gets stored. */
export const InstructionRecordSchema = z.object({
  programId: z.string(),
  accounts: z.array(AccountMetaSchema),
  /** Instruction data, base58. */
  data: z.string(),
});
export type InstructionRecord = z.infer<typeof InstructionRecordSchema>;

export const TransactionStatusSchema = z.enum(['Success', 'Failure']);
export type TransactionStatus = z.infer<typeof TransactionStatusSchema>;

/** A token account as observed on chain. Amounts are base units (integers). */
export const TokenAccountStateSchema = z.object({
  mint: z.string(),
  owner: z.string(),
  amount: z.number().int().nonnegative(),
});
export type TokenAccountState = z.infer<typeof TokenAccountStateSchema>;

/** SOL (lamports) and token balances of the accounts a benchmark cares about. */
export const ObservationSchema = z.object({
  solBalances: z.record(z.string(), z.number().int().nonnegative()),
  tokenAccounts: z.record(z.string(), TokenAccountStateSchema),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const BalanceChangeSchema = z.object({
  pubkey: z.string(),
  /** undefined for SOL, the mint for token accounts. */
  mint: z.string().optional(),
  before: z.number().int(),
  after: z.number().int(),
});
export type BalanceChange = z.infer<typeof BalanceChangeSchema>;

/** What the environment reports for one executed (or rejected) transaction. */
export const TransactionResultSchema = z.object({
  status: TransactionStatusSchema,
  signature: z.string(),
  /** Failure reason in words, e.g. "Token program: insufficient funds". */
  error: z.string().optional(),
  logs: z.array(z.string()),
  computeUnits: z.number().int().nonnegative(),
  feeLamports: z.number().int().nonnegative(),
  instructions: z.array(InstructionRecordSchema),
  balanceChanges: z.array(BalanceChangeSchema),
});
export type TransactionResult = z.infer<typeof TransactionResultSchema>;
