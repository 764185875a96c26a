import { Account, type FailedTransactionMetadata, type LiteSVM, type TransactionMetadata } from 'litesvm';

/**
 * The one module that reaches behind litesvm's public wrapper. `LiteSVM` (litesvm 1.5) keeps its native chain in a
 * private field, `inner`, which takes and returns raw 32-byte keys. The wrapper's `getAccount`, `setAccount` and
 * `sendTransaction` validate and base58-convert every address and build new codecs on every call: 5× the cost of
 * a token account read through `inner` (57–76 µs against 11–16 µs, decoding included) and 15× that of a write
 * (57–62 µs against 4 µs) — reads around every step are most of a flow's observation. native-chain.spec.ts compares
 * every function here with the wrapper's public methods, so a litesvm release that changes the field fails there
 * first, loudly; `nativeChain` also refuses a wrapper without it at run time.
 */

/** An account as the native chain returns it. */
export interface NativeAccount {
  lamports(): bigint;
  data(): Uint8Array;
  owner(): Uint8Array;
}

interface NativeChain {
  getAccount(pubkey: Uint8Array): NativeAccount | null;
  getProgramAccounts(programId: Uint8Array): { address: Uint8Array; account(): NativeAccount }[];
  setAccount(pubkey: Uint8Array, account: Account): void;
  /** A serialised versioned transaction (signatures, then the message), as the wrapper's sendTransaction passes it. */
  sendVersionedTransaction(bytes: Uint8Array): TransactionMetadata | FailedTransactionMetadata;
}

// Checked on every call rather than remembered per chain: a WeakMap from chain to native object kept dropped chains
// (and their ~10 MB of native memory each) alive until a full collection — about 75 MB more resident memory after 100 flows.
function nativeChain(vm: LiteSVM): NativeChain {
  const inner = (vm as unknown as { inner?: Partial<NativeChain> }).inner;
  if (
    typeof inner?.getAccount !== 'function' ||
    typeof inner.getProgramAccounts !== 'function' ||
    typeof inner.setAccount !== 'function' ||
    typeof inner.sendVersionedTransaction !== 'function'
  ) {
    throw new Error(
      'litesvm: LiteSVM.inner lacks getAccount, getProgramAccounts, setAccount or sendVersionedTransaction; this litesvm version ' +
        'changed its wrapper (reev-lib reads and writes accounts and sends transactions through it: native-chain.ts)',
    );
  }
  return inner as NativeChain;
}

/** The account at `key` (32 bytes), or null when there is none. */
export function getNativeAccount(vm: LiteSVM, key: Uint8Array): NativeAccount | null {
  return nativeChain(vm).getAccount(key);
}

/** Every account owned by `programId` (32 bytes), with its address bytes. */
export function getNativeProgramAccounts(vm: LiteSVM, programId: Uint8Array): { address: Uint8Array; account(): NativeAccount }[] {
  return nativeChain(vm).getProgramAccounts(programId);
}

/** Creates or overwrites a non-executable account, as the wrapper's setAccount does (rent epoch 0). */
export function setNativeAccount(vm: LiteSVM, key: Uint8Array, account: { lamports: bigint; data: Uint8Array; owner: Uint8Array }): void {
  nativeChain(vm).setAccount(key, new Account(account.lamports, account.data, account.owner, false, 0n));
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
