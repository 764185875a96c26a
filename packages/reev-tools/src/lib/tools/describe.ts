import type { TransactionResult } from '@reev/types';
import { formatUnits } from '@reev/types';
import type { TokenAccountEntry } from '../context';
import { findKnownToken } from '@reev/types';

/** A token amount as agents see it: base units plus the human reading when the decimals are known. */
export function describeTokenAmount(mint: string, amount: number | bigint) {
  const token = findKnownToken(mint);
  return {
    mint,
    symbol: token?.symbol ?? null,
    decimals: token?.decimals ?? null,
    amount: Number(amount),
    ui_amount: token ? formatUnits(amount, token.decimals) : null,
  };
}

export function describeTokenAccount(entry: TokenAccountEntry) {
  return { address: entry.address, owner: entry.owner, ...describeTokenAmount(entry.mint, entry.amount) };
}

/** The transaction facts every transacting tool reports. */
export function describeTransaction(transaction: TransactionResult) {
  return {
    signature: transaction.signature,
    status: transaction.status,
    fee_lamports: transaction.feeLamports,
    ...(transaction.error === undefined ? {} : { error: transaction.error }),
  };
}
