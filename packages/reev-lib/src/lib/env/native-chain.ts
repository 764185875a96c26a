import type { Account, FailedTransactionMetadata, LiteSVM, TransactionMetadata } from 'litesvm';

/** The native chain object behind the LiteSVM wrapper: it takes and returns raw 32-byte keys. */
export interface NativeAccount {
  lamports(): bigint;
  data(): Uint8Array;
  owner(): Uint8Array;
}

export interface NativeChain {
  getAccount(pubkey: Uint8Array): NativeAccount | null;
  getProgramAccounts(programId: Uint8Array): { address: Uint8Array; account(): NativeAccount }[];
  setAccount(pubkey: Uint8Array, account: Account): void;
  /** A serialised versioned transaction (signatures, then the message), as the wrapper's sendTransaction passes it. */
  sendVersionedTransaction(bytes: Uint8Array): TransactionMetadata | FailedTransactionMetadata;
}

/**
 * The wrapper's `getAccount` and `sendTransaction` validate and base58-convert every address and build new codecs
 * on every call (≈0.1 ms per read, most of a step's observation). reev-lib calls the native object instead, with
 * keys decoded once per process (accounts.ts) and each transaction serialised once (sendSignedTransaction).
 */
export function nativeChain(vm: LiteSVM): NativeChain {
  const inner = (vm as unknown as { inner?: Partial<NativeChain> }).inner;
  if (
    typeof inner?.getAccount !== 'function' ||
    typeof inner.getProgramAccounts !== 'function' ||
    typeof inner.setAccount !== 'function' ||
    typeof inner.sendVersionedTransaction !== 'function'
  ) {
    throw new Error(
      'litesvm: LiteSVM.inner lacks getAccount, getProgramAccounts, setAccount or sendVersionedTransaction; this litesvm version ' +
        'changed its wrapper (reev-lib reads and writes accounts and sends transactions through it)',
    );
  }
  return inner as NativeChain;
}

/**
 * Sends a fully signed version-0 transaction. Wire format: the signature count (compact-u16, one byte below 128),
 * the 64-byte signatures in the order of the message's signer keys, then the message.
 */
export function sendSignedTransaction(
  vm: LiteSVM,
  signatures: readonly (Uint8Array | null)[],
  messageBytes: Uint8Array,
): TransactionMetadata | FailedTransactionMetadata {
  if (signatures.length === 0 || signatures.length > 127) {
    throw new Error(`sendSignedTransaction: a transaction carries 1 to 127 signatures, got ${signatures.length}`);
  }
  const wire = new Uint8Array(1 + signatures.length * 64 + messageBytes.length);
  wire[0] = signatures.length;
  for (const [index, signature] of signatures.entries()) {
    if (signature === null || signature.length !== 64) throw new Error(`sendSignedTransaction: signature ${index + 1} is missing`);
    wire.set(signature, 1 + index * 64);
  }
  wire.set(messageBytes, 1 + signatures.length * 64);
  return nativeChain(vm).sendVersionedTransaction(wire);
}
