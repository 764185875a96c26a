import { USDC_MINT, WSOL_MINT } from '@reev/types';
import { address } from '@solana/kit';
import { AccountState, getMintEncoder, getTokenEncoder } from '@solana-program/token';
import { LiteSVM } from 'litesvm';
import { encodeMint, encodeTokenAccount, observedAccountOf, readChainAccount, writeSystemAccount, writeTokenAccount } from './accounts';

const OWNER = 'Ga6tAn7ydtcd4vYk5bpsofTqXaNUvJmAvHMJqbfA7sLt';
const TOKEN_ACCOUNT = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';
const readAccount = (vm: LiteSVM, account: string) => observedAccountOf(readChainAccount(vm, account), account);

describe('account codecs on the native chain', () => {
  it('encodes a token account exactly as the token program encoder does', () => {
    const expected = getTokenEncoder().encode({
      mint: address(USDC_MINT),
      owner: address(OWNER),
      amount: 2n ** 63n + 12_345n,
      delegate: null,
      state: AccountState.Initialized,
      isNative: null,
      delegatedAmount: 0n,
      closeAuthority: null,
    });
    expect(encodeTokenAccount({ mint: USDC_MINT, owner: OWNER, amount: 2n ** 63n + 12_345n })).toEqual(new Uint8Array(expected));
  });

  it('encodes a mint exactly as the token program encoder does', () => {
    const expected = getMintEncoder().encode({
      mintAuthority: address(OWNER),
      supply: 2n ** 64n - 1n,
      decimals: 6,
      isInitialized: true,
      freezeAuthority: null,
    });
    expect(encodeMint({ mintAuthority: OWNER, supply: 2n ** 64n - 1n, decimals: 6 })).toEqual(new Uint8Array(expected));
  });

  it('reads back what it wrote, as the LiteSVM wrapper sees it', () => {
    const vm = new LiteSVM();
    writeSystemAccount(vm, OWNER, 5_000_000_000n);
    writeTokenAccount(vm, { address: TOKEN_ACCOUNT, lamports: 2_039_280, mint: USDC_MINT, owner: OWNER, amount: 42 });
    expect(readAccount(vm, OWNER)).toEqual({ exists: true, lamports: 5_000_000_000 });
    expect(readAccount(vm, TOKEN_ACCOUNT)).toEqual({ exists: true, lamports: 2_039_280, token: { mint: USDC_MINT, owner: OWNER, amount: 42 } });
    expect(readAccount(vm, WSOL_MINT).exists).toBe(false);
    const viaWrapper = vm.getAccount(address(TOKEN_ACCOUNT));
    expect(viaWrapper.exists && [viaWrapper.lamports, viaWrapper.programAddress, viaWrapper.executable]).toEqual([
      2_039_280n,
      'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
      false,
    ]);
  }, 60_000);

  it('refuses an address that is not base58', () => {
    expect(() => readAccount(new LiteSVM(), 'not-an-address')).toThrow();
  }, 60_000);
});
