import { USDC_MINT, WSOL_MINT, type ToolOutcome } from '@reev/types';
import type { TokenRef } from './intent';
import { readExchangeRate, readLamports, readTokenAmount, receivedFromBalanceChanges } from './tool-output';

const USDC = USDC_MINT;
const JLUSDC = '9BEcn9aPEmhSPbPQeFGjidRiEKki46fVQDyPpSQXPA2D';
const usdc: TokenRef = { symbol: 'USDC', mint: USDC, decimals: 6, native: false };
const sol: TokenRef = { symbol: 'SOL', mint: WSOL_MINT, decimals: 9, native: true };
const market = { asset: usdc, share: { symbol: 'jlUSDC', mint: JLUSDC, decimals: 6, native: false } };

describe('reading tool outputs', () => {
  it.each([
    ['a list of token accounts', { pubkey: 'w', lamports: 1, token_accounts: [{ mint: USDC, amount: '15000000', decimals: 6, ui_amount: 15 }] }],
    ['one token entry, camelCase', { tokenBalance: { tokenMint: USDC, rawAmount: 15_000_000, uiAmount: 15 } }],
    ['a map keyed by mint', { token_balances: { [USDC]: { balance: 15_000_000, decimals: 6 } } }],
    ['a map of mint to amount', { balances: { [USDC]: '15000000' } }],
  ])('reads a token balance from %s', (_shape, output) => {
    expect(readTokenAmount(output, USDC)).toBe(15_000_000n);
  });

  it('ignores display amounts and other mints, and refuses contradictory balances', () => {
    expect(readTokenAmount({ tokens: [{ mint: USDC, ui_amount: 15.5 }] }, USDC)).toBeUndefined();
    expect(readTokenAmount({ tokens: [{ mint: JLUSDC, amount: '5' }] }, USDC)).toBeUndefined();
    expect(() => readTokenAmount({ a: { mint: USDC, amount: 1 }, b: { mint: USDC, amount: 2 } }, USDC)).toThrow(`the output states several amounts of ${USDC}: 1, 2`);
  });

  it('reads the wallet lamports, not the rent lamports of its token accounts', () => {
    expect(readLamports({ sol_balance: 5_000_000_000, token_accounts: [{ mint: USDC, lamports: 2_039_280 }] })).toBe(5_000_000_000n);
    expect(readLamports({ wallet: { lamports: '42' }, accounts: [{ mint: USDC, lamports: 7 }] })).toBe(42n);
    expect(readLamports({ accounts: [{ mint: USDC, lamports: 7 }] })).toBeUndefined();
    expect(readLamports({ sol: 1.5 })).toBeUndefined();
  });

  it('reads the exchange rate of the asked market only', () => {
    const output = {
      positions: [
        { asset_mint: 'other', exchange_rate: 9 },
        { asset_mint: USDC, share_mint: JLUSDC, exchange_rate: 1.05 },
      ],
    };
    expect(readExchangeRate(output, market)).toEqual({ numerator: 105n, denominator: 100n });
    expect(readExchangeRate({ markets: [{ shareMint: JLUSDC, exchangeRate: '1.5' }] }, market)).toEqual({ numerator: 15n, denominator: 10n });
    const nested = {
      positions: [
        { asset: { mint: sol.mint }, share: { mint: 'jlsol' }, exchange_rate: 1.1 },
        { asset: { mint: USDC, symbol: 'USDC' }, share: { mint: JLUSDC }, shares: 0, exchange_rate: 1.02 },
      ],
    };
    expect(readExchangeRate(nested, market)).toEqual({ numerator: 102n, denominator: 100n });
    expect(readExchangeRate({ positions: [{ asset_mint: 'other', exchange_rate: 9 }] }, market)).toBeUndefined();
  });

  it('reads what a swap or lend call says it paid out, by mint', () => {
    const swap = { protocol: 'jupiter-sim', input: { mint: sol.mint, amount: 2_000_000_000, ui_amount: '2' }, output: { mint: USDC, amount: 297_000_000, ui_amount: '297' } };
    expect(readTokenAmount(swap, USDC)).toBe(297_000_000n);
    const deposit = { underlying: { mint: USDC, amount: 50_000_000 }, shares: { mint: JLUSDC, amount: 47_619_047, account: 'ata' } };
    expect(readTokenAmount(deposit, JLUSDC)).toBe(47_619_047n);
  });

  it('takes what a call produced from its successful transactions', () => {
    const outcome = (status: 'Success' | 'Failure'): ToolOutcome => ({
      ok: status === 'Success',
      output: null,
      transactions: [
        {
          status,
          signature: 's',
          logs: [],
          computeUnits: 0,
          feeLamports: 0,
          instructions: [],
          balanceChanges: [
            { pubkey: 'wallet', before: 2_000_000_000, after: 1_000_000_000 },
            { pubkey: 'user-ata', mint: USDC, before: 0, after: 150_000_000 },
            { pubkey: 'vault', mint: USDC, before: 900_000_000, after: 750_000_000 },
          ],
        },
      ],
    });
    expect(receivedFromBalanceChanges(outcome('Success'), usdc, 'wallet')).toBe(150_000_000n);
    expect(receivedFromBalanceChanges(outcome('Success'), sol, 'wallet')).toBe(-1_000_000_000n);
    expect(receivedFromBalanceChanges(outcome('Failure'), usdc, 'wallet')).toBeUndefined();
  });
});
