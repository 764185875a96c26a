import type { TokenAccountState } from '@reev/types';
import { type TokenAccountEntry } from '@reev/tools';
import { SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@reev/types';
import { address, getAddressDecoder, getAddressEncoder, type Address, type ReadonlyUint8Array } from '@solana/kit';
import { AccountState, getTokenSize, getMintSize } from '@solana-program/token';
import type { LiteSVM } from 'litesvm';
import { getNativeAccount, getNativeProgramAccounts, setNativeAccount, type NativeAccount } from './native-chain';

export const TOKEN_ACCOUNT_SIZE = getTokenSize();
export const MINT_ACCOUNT_SIZE = getMintSize();

function toSafeInteger(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} (${value}) is too large for a JS number`);
  return Number(value);
}

export function writeAccount(
  vm: LiteSVM,
  account: { address: string; lamports: number | bigint; owner: string; data?: Uint8Array },
): void {
  // Keys from the per-process cache.
  setNativeAccount(vm, addressBytes(account.address) as Uint8Array, {
    lamports: BigInt(account.lamports),
    data: account.data ?? new Uint8Array(),
    owner: addressBytes(account.owner) as Uint8Array,
  });
}

export function writeSystemAccount(vm: LiteSVM, account: string, balance: number | bigint): void {
  writeAccount(vm, { address: account, lamports: balance, owner: SYSTEM_PROGRAM_ID });
}

export function writeTokenAccount(
  vm: LiteSVM,
  account: { address: string; lamports: number | bigint; mint: string; owner: string; amount: number | bigint },
): void {
  writeAccount(vm, { address: account.address, lamports: account.lamports, owner: TOKEN_PROGRAM_ID, data: encodeTokenAccount(account) });
}

/**
 * An initialised SPL token account without delegate, native amount or close authority, as the token program's
 * encoder writes it: mint, owner, amount (u64 LE), delegate (COption: 4-byte tag + key), state, is-native (COption
 * u64), delegated amount (u64), close authority (COption key).
 */
export function encodeTokenAccount(account: { mint: string; owner: string; amount: number | bigint }): Uint8Array {
  const data = new Uint8Array(TOKEN_ACCOUNT_SIZE);
  data.set(addressBytes(account.mint), 0);
  data.set(addressBytes(account.owner), TOKEN_OWNER_OFFSET);
  new DataView(data.buffer).setBigUint64(TOKEN_AMOUNT_OFFSET, BigInt(account.amount), true);
  data[TOKEN_STATE_OFFSET] = AccountState.Initialized;
  return data;
}

export function writeMint(
  vm: LiteSVM,
  mint: { address: string; lamports: number | bigint; decimals: number; supply: bigint; mintAuthority: string },
): void {
  writeAccount(vm, { address: mint.address, lamports: mint.lamports, owner: TOKEN_PROGRAM_ID, data: encodeMint(mint) });
}

/**
 * An initialised SPL mint without freeze authority, as the token program's encoder writes it: mint authority
 * (COption: 4-byte tag + key), supply (u64 LE), decimals, is-initialized, freeze authority (COption key).
 */
export function encodeMint(mint: { decimals: number; supply: bigint; mintAuthority: string }): Uint8Array {
  const data = new Uint8Array(MINT_ACCOUNT_SIZE);
  const view = new DataView(data.buffer);
  view.setUint32(0, 1, true);
  data.set(addressBytes(mint.mintAuthority), 4);
  view.setBigUint64(36, mint.supply, true);
  data[44] = mint.decimals;
  data[45] = 1;
  return data;
}

/** Entries kept per cache before it starts over, so a long-lived process with many seeds stays bounded. */
const CODEC_CACHE_LIMIT = 50_000;
const addressEncoder = getAddressEncoder();
const addressDecoder = getAddressDecoder();
const keyBytes = new Map<string, ReadonlyUint8Array>();
const keyStrings = new Map<string, Address>();

/** The 32 bytes of a base58 address; throws on an invalid one, as `address()` does. */
export function addressBytes(account: string): ReadonlyUint8Array {
  let bytes = keyBytes.get(account);
  if (bytes === undefined) {
    bytes = addressEncoder.encode(address(account));
    if (keyBytes.size >= CODEC_CACHE_LIMIT) keyBytes.clear();
    keyBytes.set(account, bytes);
  }
  return bytes;
}

function addressOf(bytes: Uint8Array): Address {
  const cacheKey = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let text = keyStrings.get(cacheKey);
  if (text === undefined) {
    text = addressDecoder.decode(bytes);
    if (keyStrings.size >= CODEC_CACHE_LIMIT) keyStrings.clear();
    keyStrings.set(cacheKey, text);
  }
  return text;
}

/** `account` as an Address, validated once per process instead of on every use. */
export function knownAddress(account: string): Address {
  addressBytes(account);
  return account as Address;
}

const TOKEN_PROGRAM_BYTES = addressBytes(TOKEN_PROGRAM_ID);

function sameBytes(a: Uint8Array, b: ReadonlyUint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/** SPL token account layout: mint, owner, amount (u64 LE), delegate (COption), state (u8, 0 = uninitialized), … */
const TOKEN_OWNER_OFFSET = 32;
const TOKEN_AMOUNT_OFFSET = 64;
const TOKEN_STATE_OFFSET = 108;

/** An account as the chain holds it, its amounts not yet converted to JS numbers (a conversion that can throw). */
export interface ChainAccount {
  lamports: bigint;
  /** Set for an initialised SPL token account. */
  token?: ChainToken;
}

interface ChainToken {
  mint: Address;
  owner: Address;
  amount: bigint;
}

/** The token state in the data of an account the token program owns; undefined for a mint or an uninitialised account. */
function decodeTokenData(data: Uint8Array): ChainToken | undefined {
  if (data.length !== TOKEN_ACCOUNT_SIZE || data[TOKEN_STATE_OFFSET] === (AccountState.Uninitialized as number)) return undefined;
  return {
    mint: addressOf(data.subarray(0, TOKEN_OWNER_OFFSET)),
    owner: addressOf(data.subarray(TOKEN_OWNER_OFFSET, TOKEN_AMOUNT_OFFSET)),
    amount: new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(TOKEN_AMOUNT_OFFSET, true),
  };
}

/** `found` as a ChainAccount; `ownedByTokenProgram` when the caller knows already (its owner is one more native call). */
function chainAccountOf(found: NativeAccount, ownedByTokenProgram = sameBytes(found.owner(), TOKEN_PROGRAM_BYTES)): ChainAccount {
  const token = ownedByTokenProgram ? decodeTokenData(found.data()) : undefined;
  return token ? { lamports: found.lamports(), token } : { lamports: found.lamports() };
}

/** The account at `account` as the chain holds it, or null when there is none. */
export function readChainAccount(vm: LiteSVM, account: string): ChainAccount | null {
  const found = getNativeAccount(vm, addressBytes(account) as Uint8Array);
  return found === null ? null : chainAccountOf(found);
}

/** Lamports of an account read from the chain; 0 when it does not exist. */
export function lamportsOf(found: ChainAccount | null, account: string): number {
  return found === null ? 0 : toSafeInteger(found.lamports, `lamports of ${account}`);
}

/** The SPL token state of an account read from the chain, or undefined when it is none (missing, or not a token account). */
export function tokenAccountOf(found: ChainAccount | null, account: string): TokenAccountState | undefined {
  return found?.token && tokenStateOf(found.token, account);
}

function tokenStateOf(token: ChainToken, account: string): TokenAccountState {
  return { mint: token.mint, owner: token.owner, amount: toSafeInteger(token.amount, `token amount of ${account}`) };
}

/** An account as an observation reports it: whether it exists, its lamports and, for an SPL token account, the token state. */
export interface ObservedAccount {
  exists: boolean;
  lamports: number;
  token?: TokenAccountState;
}

export function observedAccountOf(found: ChainAccount | null, account: string): ObservedAccount {
  if (found === null) return { exists: false, lamports: 0 };
  const token = tokenAccountOf(found, account);
  const lamports = lamportsOf(found, account);
  return token ? { exists: true, lamports, token } : { exists: true, lamports };
}

/**
 * Every SPL token account owned by `owner`, ordered by address. Handing over each account the token program owns
 * and decoding it costs more than finding them, so an account already in `known` (read from the same chain state)
 * is taken from there, and one read here is added to it.
 */
export function listTokenAccountsOf(vm: LiteSVM, owner: string, known: Map<string, ChainAccount | null>): TokenAccountEntry[] {
  return getNativeProgramAccounts(vm, TOKEN_PROGRAM_BYTES as Uint8Array)
    .flatMap((entry) => {
      const address = addressOf(entry.address);
      let found = known.get(address);
      if (!found) {
        found = chainAccountOf(entry.account(), true);
        known.set(address, found);
      }
      const state = found.token && tokenStateOf(found.token, address);
      return state && state.owner === owner ? [{ address, ...state }] : [];
    })
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}
