import { TOKEN_PROGRAM_ID, USDC_MINT } from '@reev/types';
import {
  address,
  appendTransactionMessageInstruction,
  compileTransaction,
  createTransactionMessage,
  getAddressDecoder,
  getAddressEncoder,
  getAddressFromPublicKey,
  getBase58Encoder,
  lamports,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransaction,
  AccountRole,
} from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM, TransactionMetadata } from 'litesvm';
import { systemTransfer } from '@reev/tools';
import { encodeTokenAccount, TOKEN_ACCOUNT_SIZE } from './accounts';
import { deriveKeyPairFromLabel } from './keys';
import { getNativeAccount, getNativeProgramAccounts, sendSignedTransaction, setNativeAccount } from './native-chain';

// These specs hold reev-lib's use of litesvm's private `inner` field (native-chain.ts) to the public wrapper's
// behaviour: when a litesvm release changes that field, they fail here, naming what differs.
const OWNER = 'Ga6tAn7ydtcd4vYk5bpsofTqXaNUvJmAvHMJqbfA7sLt';
const TOKEN_ACCOUNT = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';
const keyBytes = (text: string) => new Uint8Array(getAddressEncoder().encode(address(text)));

describe("litesvm's native chain behind the public wrapper", () => {
  it('reads every kind of account as the public getAccount does, and a missing one as missing', () => {
    const vm = new LiteSVM();
    vm.airdrop(address(OWNER), lamports(5_000_000_000n));
    vm.setAccount({
      address: address(TOKEN_ACCOUNT),
      lamports: lamports(2_039_280n),
      data: encodeTokenAccount({ mint: USDC_MINT, owner: OWNER, amount: 42 }),
      programAddress: address(TOKEN_PROGRAM_ID),
      executable: false,
      space: BigInt(TOKEN_ACCOUNT_SIZE),
    });
    // A system account, a token account and an executable program.
    for (const account of [OWNER, TOKEN_ACCOUNT, TOKEN_PROGRAM_ID]) {
      const viaWrapper = vm.getAccount(address(account));
      const native = getNativeAccount(vm, keyBytes(account));
      if (!viaWrapper.exists || native === null) throw new Error(`${account}: missing (wrapper ${viaWrapper.exists}, native ${native !== null})`);
      expect({ account, lamports: native.lamports(), owner: [...native.owner()], data: [...native.data()] }).toEqual({
        account,
        lamports: viaWrapper.lamports,
        owner: [...keyBytes(viaWrapper.programAddress)],
        data: [...viaWrapper.data],
      });
    }
    expect(vm.getAccount(address(USDC_MINT)).exists).toBe(false);
    expect(getNativeAccount(vm, keyBytes(USDC_MINT))).toBeNull();
  }, 60_000);

  it('lists the accounts of a program as the public getProgramAccounts does', () => {
    const vm = new LiteSVM();
    setNativeAccount(vm, keyBytes(TOKEN_ACCOUNT), {
      lamports: 2_039_280n,
      data: encodeTokenAccount({ mint: USDC_MINT, owner: OWNER, amount: 7 }),
      owner: keyBytes(TOKEN_PROGRAM_ID),
    });
    const viaWrapper = vm.getProgramAccounts(address(TOKEN_PROGRAM_ID)).map((account) => [account.address, [...account.data]]);
    const native = getNativeProgramAccounts(vm, keyBytes(TOKEN_PROGRAM_ID)).map((entry) => [
      getAddressDecoder().decode(entry.address),
      [...entry.account().data()],
    ]);
    expect(viaWrapper).toHaveLength(1);
    expect(native).toEqual(viaWrapper);
  }, 60_000);

  it('writes an account the public wrapper then reads exactly as its own setAccount would have written it', () => {
    const direct = new LiteSVM();
    const wrapped = new LiteSVM();
    const data = encodeTokenAccount({ mint: USDC_MINT, owner: OWNER, amount: 99 });
    setNativeAccount(direct, keyBytes(TOKEN_ACCOUNT), { lamports: 2_039_280n, data, owner: keyBytes(TOKEN_PROGRAM_ID) });
    wrapped.setAccount({
      address: address(TOKEN_ACCOUNT),
      lamports: lamports(2_039_280n),
      data,
      programAddress: address(TOKEN_PROGRAM_ID),
      executable: false,
      space: BigInt(TOKEN_ACCOUNT_SIZE),
    });
    expect(direct.getAccount(address(TOKEN_ACCOUNT))).toEqual(wrapped.getAccount(address(TOKEN_ACCOUNT)));
  }, 60_000);

  it('executes a signed transaction as the public sendTransaction does: same signature, logs, compute units and balances', async () => {
    const payer = await deriveKeyPairFromLabel('native-chain-spec');
    const payerAddress = await getAddressFromPublicKey(payer.publicKey);
    const chains = [new LiteSVM(), new LiteSVM()];
    for (const vm of chains) vm.airdrop(payerAddress, lamports(10_000_000_000n));
    const transfer = systemTransfer(payerAddress, OWNER, 1_000_000_000n);
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayer(payerAddress, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: chains[0].latestBlockhash(), lastValidBlockHeight: 0n }, m),
      (m) =>
        appendTransactionMessageInstruction(
          {
            programAddress: address(transfer.programId),
            accounts: transfer.accounts.map((account) => ({
              address: address(account.pubkey),
              role: account.isSigner ? AccountRole.WRITABLE_SIGNER : AccountRole.WRITABLE,
            })),
            data: getBase58Encoder().encode(transfer.data),
          },
          m,
        ),
    );
    const signed = await signTransaction([payer], compileTransaction(message));
    const viaWrapper = chains[0].sendTransaction(signed);
    const native = sendSignedTransaction(chains[1], [signed.signatures[payerAddress]], new Uint8Array(signed.messageBytes));
    if (!(viaWrapper instanceof TransactionMetadata) || !(native instanceof TransactionMetadata)) {
      const failed = [viaWrapper, native].find((outcome) => outcome instanceof FailedTransactionMetadata);
      throw new Error(`the transfer failed: ${String(failed?.err())}`);
    }
    expect([...native.signature()]).toEqual([...viaWrapper.signature()]);
    expect(native.logs()).toEqual(viaWrapper.logs());
    expect(native.computeUnitsConsumed()).toBe(viaWrapper.computeUnitsConsumed());
    for (const account of [payerAddress, address(OWNER)]) expect(chains[1].getBalance(account)).toBe(chains[0].getBalance(account));
    expect(chains[1].getBalance(address(OWNER))).toBe(1_000_000_000n);
  }, 60_000);

  it('refuses a wrapper without the native chain, naming the module that depends on it', () => {
    const changed = Object.assign(Object.create(LiteSVM.prototype) as LiteSVM, { inner: {} });
    expect(() => getNativeAccount(changed, keyBytes(OWNER))).toThrow(
      'litesvm: LiteSVM.inner lacks getAccount, getProgramAccounts, setAccount or sendVersionedTransaction; this litesvm version ' +
        'changed its wrapper (reev-lib reads and writes accounts and sends transactions through it: native-chain.ts)',
    );
  });
});
