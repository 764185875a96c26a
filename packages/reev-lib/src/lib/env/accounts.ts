import type { TokenAccountState } from '@reev/types';
import { type TokenAccountEntry } from '@reev/tools';
import { SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@reev/types';
import { address, lamports, type Address, type ReadonlyUint8Array } from '@solana/kit';
import { AccountState, getMintEncoder, getTokenDecoder, getTokenEncoder, getTokenSize, getMintSize } from '@solana-program/token';
import type { LiteSVM } from 'litesvm';

export const TOKEN_ACCOUNT_SIZE = getTokenSize();
export const MINT_ACCOUNT_SIZE = getMintSize();

const tokenEncoder = getTokenEncoder();
const tokenDecoder = getTokenDecoder();
const mintEncoder = getMintEncoder();

function toSafeInteger(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} (${value}) is too large for a JS number`);
  return Number(value);
}

export function writeAccount(
  vm: LiteSVM,
  account: { address: string; lamports: number | bigint; owner: string; data?: Uint8Array },
): void {
  const data = account.data ?? new Uint8Array();
  vm.setAccount({
    address: address(account.address),
    lamports: lamports(BigInt(account.lamports)),
    programAddress: address(account.owner),
    executable: false,
    space: BigInt(data.length),
    data,
  });
}

export function writeSystemAccount(vm: LiteSVM, account: string, balance: number | bigint): void {
  writeAccount(vm, { address: account, lamports: balance, owner: SYSTEM_PROGRAM_ID });
}

export function writeTokenAccount(
  vm: LiteSVM,
  account: { address: string; lamports: number | bigint; mint: string; owner: string; amount: number | bigint },
): void {
  const data = tokenEncoder.encode({
    mint: address(account.mint),
    owner: address(account.owner),
    amount: BigInt(account.amount),
    delegate: null,
    state: AccountState.Initialized,
    isNative: null,
    delegatedAmount: 0n,
    closeAuthority: null,
  });
  writeAccount(vm, { address: account.address, lamports: account.lamports, owner: TOKEN_PROGRAM_ID, data: new Uint8Array(data) });
}

export function writeMint(
  vm: LiteSVM,
  mint: { address: string; lamports: number | bigint; decimals: number; supply: bigint; mintAuthority: string },
): void {
  const data = mintEncoder.encode({
    mintAuthority: address(mint.mintAuthority),
    supply: mint.supply,
    decimals: mint.decimals,
    isInitialized: true,
    freezeAuthority: null,
  });
  writeAccount(vm, { address: mint.address, lamports: mint.lamports, owner: TOKEN_PROGRAM_ID, data: new Uint8Array(data) });
}

/** Lamports at `account`; 0 when it does not exist. */
export function readLamports(vm: LiteSVM, account: string): number {
  const balance = vm.getBalance(address(account));
  return balance === null ? 0 : toSafeInteger(balance, `lamports of ${account}`);
}

function decodeTokenAccount(owner: Address, data: ReadonlyUint8Array, account: string): TokenAccountState | undefined {
  if (owner !== TOKEN_PROGRAM_ID || data.length !== TOKEN_ACCOUNT_SIZE) return undefined;
  const token = tokenDecoder.decode(data);
  if (token.state === AccountState.Uninitialized) return undefined;
  return { mint: token.mint, owner: token.owner, amount: toSafeInteger(token.amount, `token amount of ${account}`) };
}

/** The SPL token account at `account`, or undefined when there is none (missing, or not a token account). */
export function readTokenAccount(vm: LiteSVM, account: string): TokenAccountState | undefined {
  const found = vm.getAccount(address(account));
  return found.exists ? decodeTokenAccount(found.programAddress, found.data, account) : undefined;
}

/** One read of `account`: whether it exists, its lamports and, for an SPL token account, the token state. */
export function readAccount(vm: LiteSVM, account: string): { exists: boolean; lamports: number; token?: TokenAccountState } {
  const found = vm.getAccount(address(account));
  if (!found.exists) return { exists: false, lamports: 0 };
  const token = decodeTokenAccount(found.programAddress, found.data, account);
  const lamports = toSafeInteger(found.lamports, `lamports of ${account}`);
  return token ? { exists: true, lamports, token } : { exists: true, lamports };
}

/** Every SPL token account owned by `owner`, ordered by address. */
export function listTokenAccountsOf(vm: LiteSVM, owner: string): TokenAccountEntry[] {
  return vm
    .getProgramAccounts(address(TOKEN_PROGRAM_ID))
    .flatMap((account) => {
      const state = decodeTokenAccount(account.programAddress, account.data, account.address);
      return state && state.owner === owner ? [{ address: account.address, ...state }] : [];
    })
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}
