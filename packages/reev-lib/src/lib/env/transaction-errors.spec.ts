import { describeTransactionError, type FailureContext } from './transaction-errors';

const context: FailureContext = { programIds: ['11111111111111111111111111111111'], accountKeys: [], logs: [] };

describe('describeTransactionError for errors LiteSVM reports as bare numbers', () => {
  it.each([
    [6, 'transaction rejected: already processed (this exact transaction was already executed)'],
    [7, "transaction rejected: blockhash not found (the transaction's blockhash is unknown or expired)"],
    [2, 'transaction rejected: account not found (the fee payer account does not exist (it holds no SOL))'],
    [4, 'transaction rejected: insufficient funds for fee (the fee payer cannot pay the transaction fee)'],
    [9, 'transaction rejected: missing signature for fee'],
    [21, 'transaction rejected: too many account locks'],
    [99, 'transaction rejected: transaction error 99'],
  ])('%p → %p', (code, message) => {
    expect(describeTransactionError(code, context)).toBe(message);
  });
});
