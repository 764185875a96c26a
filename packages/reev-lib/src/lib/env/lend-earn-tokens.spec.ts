import type { ToolOutcome } from '@reev/types';
import { createToolRegistry } from '@reev/tools';
import { JLSOL_MINT, JLUSDC_MINT, SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_MINT, WSOL_MINT } from '@reev/types';
import { LiteSvmEnv } from './litesvm-env';
import { MARKET_SOL_RESERVE_LAMPORTS, MARKET_USDC_RESERVE_BASE_UNITS } from './market';
import { testCase } from './test-support/benchmarks';

const SOL = 1_000_000_000;
const USDC = 1_000_000;

const registry = createToolRegistry();
const env = new LiteSvmEnv();
afterAll(() => env.close());

function call(name: string, args: unknown): Promise<ToolOutcome> {
  return registry.invoke(env.toolContext(), { callId: `${name}-call`, name, arguments: args });
}

/** The pools listed by the tool, reduced to what a filter selects. */
const listed = (outcome: ToolOutcome): string[] => (outcome.output as { tokens: { symbol: string }[] }).tokens.map((token) => token.symbol);

const wallet = (market?: Parameters<typeof testCase>[0]['market']) =>
  testCase({
    id: 'lend-earn-tokens',
    market,
    initial_state: [
      { pubkey: 'USER_WALLET_PUBKEY', owner: SYSTEM_PROGRAM_ID, lamports: 5 * SOL },
      { pubkey: 'USER_USDC_ATA', owner: TOKEN_PROGRAM_ID, lamports: 2_039_280, data: { mint: USDC_MINT, owner: 'USER_WALLET_PUBKEY', amount: 100 * USDC } },
    ],
  });

describe('get_jupiter_lend_earn_tokens on the embedded market', () => {
  it("lists both pools in the original's response shape, with the market's prices, exchange rates and supply rates", async () => {
    await env.reset(wallet({ prices_usd: { SOL: 151.37 }, lend_exchange_rates: { USDC: 1.05 } }));
    const outcome = await call('get_jupiter_lend_earn_tokens', {});
    expect(outcome).toEqual({
      ok: true,
      transactions: [],
      output: {
        protocol: 'jupiter-sim',
        tokens: [
          {
            id: 1,
            address: JLUSDC_MINT,
            name: 'Jupiter Lend USDC',
            symbol: 'jlUSDC',
            decimals: 6,
            assetAddress: USDC_MINT,
            asset: { address: USDC_MINT, symbol: 'USDC', decimals: 6, price: '1' },
            convert_to_assets: '1.05',
            convert_to_shares: String(1 / 1.05),
            supply_rate: '520',
            rewards_rate: '0',
            total_rate: '520',
            supply_apy_pct: 5.2,
            liquidity_supply_data: { withdrawable: String(MARKET_USDC_RESERVE_BASE_UNITS) },
          },
          {
            id: 2,
            address: JLSOL_MINT,
            name: 'Jupiter Lend SOL',
            symbol: 'jlSOL',
            decimals: 9,
            assetAddress: WSOL_MINT,
            asset: { address: WSOL_MINT, symbol: 'SOL', decimals: 9, price: '151.37' },
            convert_to_assets: '1',
            convert_to_shares: '1',
            supply_rate: '610',
            rewards_rate: '0',
            total_rate: '610',
            supply_apy_pct: 6.1,
            liquidity_supply_data: { withdrawable: String(MARKET_SOL_RESERVE_LAMPORTS) },
          },
        ],
        query_params: { symbol: null, mint_address: null, jupiter_address: null },
        total_tokens: 2,
      },
    });
  }, 60_000);

  it('reads the withdrawable liquidity from the vault on chain: a deposit raises it', async () => {
    const { wallet: user } = await env.reset(wallet());
    expect((await call('jupiter_lend_earn_deposit', { user_pubkey: user, asset_mint: USDC_MINT, amount: 40 * USDC })).ok).toBe(true);
    const outcome = await call('get_jupiter_lend_earn_tokens', { symbol: 'USDC' });
    expect(outcome.output).toMatchObject({ tokens: [{ symbol: 'jlUSDC', liquidity_supply_data: { withdrawable: String(MARKET_USDC_RESERVE_BASE_UNITS + 40 * USDC) } }] });
  }, 60_000);

  it('filters by symbol (asset, share or alias), by asset mint and by lending token address, and combines the filters', async () => {
    await env.reset(wallet());
    expect(listed(await call('get_jupiter_lend_earn_tokens', { symbol: 'USDC' }))).toEqual(['jlUSDC']);
    expect(listed(await call('get_jupiter_lend_earn_tokens', { symbol: 'jusdc' }))).toEqual(['jlUSDC']);
    expect(listed(await call('get_jupiter_lend_earn_tokens', { symbol: 'sol' }))).toEqual(['jlSOL']);
    expect(listed(await call('get_jupiter_lend_earn_tokens', { mint_address: WSOL_MINT }))).toEqual(['jlSOL']);
    expect(listed(await call('get_jupiter_lend_earn_tokens', { jupiter_address: JLUSDC_MINT }))).toEqual(['jlUSDC']);
    const both = await call('get_jupiter_lend_earn_tokens', { symbol: 'USDC', mint_address: USDC_MINT });
    expect(both.output).toMatchObject({ total_tokens: 1, query_params: { symbol: 'USDC', mint_address: USDC_MINT, jupiter_address: null } });
  }, 60_000);

  it('answers a filter that names no pool with a tool error, never an empty success', async () => {
    await env.reset(wallet());
    const unknownSymbol = await call('get_jupiter_lend_earn_tokens', { symbol: 'USDT' });
    expect(unknownSymbol).toMatchObject({ ok: false, output: null, transactions: [] });
    expect(unknownSymbol.error).toMatch(/^symbol: no Jupiter lending pool for "USDT"; the pools are jlUSDC \(asset USDC/);
    const unknownMint = await call('get_jupiter_lend_earn_tokens', { mint_address: '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR' });
    expect(unknownMint.error).toMatch(/^mint_address: no Jupiter lending pool lends the asset 8qbH/);
    const shareAsMint = await call('get_jupiter_lend_earn_tokens', { mint_address: JLSOL_MINT });
    expect(shareAsMint.error).toBe(
      `mint_address: ${JLSOL_MINT} is the jlSOL share token; mint_address filters by the underlying asset (${WSOL_MINT}), jupiter_address by the share token`,
    );
    const unknownAddress = await call('get_jupiter_lend_earn_tokens', { jupiter_address: USDC_MINT });
    expect(unknownAddress.error).toMatch(/^jupiter_address: EPjF\w+ is no Jupiter lending token/);
    const disjoint = await call('get_jupiter_lend_earn_tokens', { symbol: 'SOL', jupiter_address: JLUSDC_MINT });
    expect(disjoint.error).toMatch(/^no Jupiter lending pool matches all of symbol SOL, jupiter_address 9BEc\w+; the pools are/);
    const placeholder = await call('get_jupiter_lend_earn_tokens', { mint_address: 'USER_USDC_ATA' });
    expect(placeholder.error).toMatch(/^invalid arguments for get_jupiter_lend_earn_tokens: mint_address: expected a base58 public key/);
    const unknownArgument = await call('get_jupiter_lend_earn_tokens', { user_pubkey: USDC_MINT });
    expect(unknownArgument.error).toBe('invalid arguments for get_jupiter_lend_earn_tokens: unknown argument "user_pubkey"');
  }, 60_000);
});
