import { JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { RECIPIENT, USER } from '../test-support/runs';
import { describeToolArguments, describeToolCall, shortAddress } from './tool-call-summary';


describe('shortAddress', () => {
  it('shortens base58 addresses and leaves other text alone', () => {
    expect(shortAddress(USER)).toBe('7xKX…gAsU');
    expect(shortAddress('11111111111111111111111111111111')).toBe('1111…1111');
    expect(shortAddress('USER_WALLET_PUBKEY')).toBe('USER_WALLET_PUBKEY');
    expect(shortAddress(`${USER}0`)).toBe(`${USER}0`);
  });
});

describe('describeToolCall', () => {
  it.each([
    ['sol_transfer', { user_pubkey: USER, recipient_pubkey: RECIPIENT, amount: 100_000_000 }, 'sol_transfer · 0.1 SOL → 9WzD…AWWM'],
    [
      'spl_transfer',
      { user_pubkey: USER, recipient_pubkey: RECIPIENT, amount: 15_000_000, mint_address: USDC_MINT },
      'spl_transfer · 15 USDC → 9WzD…AWWM',
    ],
    [
      'spl_transfer',
      { user_pubkey: USER, recipient_pubkey: RECIPIENT, amount: 15_000_000 },
      'spl_transfer · 15000000 base units → 9WzD…AWWM',
    ],
    [
      'spl_transfer',
      { user_pubkey: USER, recipient_pubkey: RECIPIENT, amount: 42, mint_address: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263' },
      'spl_transfer · 42 base units of DezX…B263 → 9WzD…AWWM',
    ],
    [
      'jupiter_swap',
      { user_pubkey: USER, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 2_000_000_000, slippage_bps: 50 },
      'jupiter_swap · 2 SOL → USDC · slippage 50 bps',
    ],
    ['jupiter_swap', { user_pubkey: USER, input_mint: 'USDC', output_mint: 'sol', amount: '2500000' }, 'jupiter_swap · 2.5 USDC → SOL'],
    [
      'jupiter_lend_earn_deposit',
      { user_pubkey: USER, asset_mint: USDC_MINT, amount: 301_234_567 },
      'jupiter_lend_earn_deposit · 301.234567 USDC',
    ],
    ['jupiter_lend_earn_withdraw', { user_pubkey: USER, asset_mint: WSOL_MINT, amount: 500_000_000 }, 'jupiter_lend_earn_withdraw · 0.5 SOL'],
    ['jupiter_lend_earn_mint', { asset: USDC_MINT, signer: USER, shares: 10_000_000 }, 'jupiter_lend_earn_mint · 10 jlUSDC shares'],
    ['jupiter_lend_earn_redeem', { asset: 'SOL', signer: USER, shares: 1_500_000_000 }, 'jupiter_lend_earn_redeem · 1.5 jlSOL shares'],
    [
      'jupiter_lend_earn_redeem',
      { asset: JLUSDC_MINT, signer: USER, shares: 7 },
      'jupiter_lend_earn_redeem · 7 share base units of jlUSDC shares',
    ],
    ['get_account_balance', { pubkey: USER, token_mint: JLUSDC_MINT }, 'get_account_balance · 7xKX…gAsU · jlUSDC'],
    ['get_account_balance', { pubkey: USER }, 'get_account_balance · 7xKX…gAsU'],
    ['get_jupiter_lend_earn_position', { user_pubkey: USER }, 'get_jupiter_lend_earn_position · 7xKX…gAsU'],
  ])('%s %j reads "%s"', (tool_name, input, expected) => {
    expect(describeToolCall({ tool_name, input })).toBe(expected);
  });

  it('falls back to key=value pairs when a known tool’s key arguments cannot be read', () => {
    expect(describeToolCall({ tool_name: 'sol_transfer', input: { recipient_pubkey: RECIPIENT, amount: 0.5 } })).toBe(
      'sol_transfer · recipient_pubkey=9WzD…AWWM · amount=0.5',
    );
    expect(describeToolCall({ tool_name: 'jupiter_swap', input: { input_mint: WSOL_MINT, amount: 'all' } })).toBe(
      'jupiter_swap · input_mint=So11…1112 · amount=all',
    );
  });

  it('shows unknown tools and odd inputs with their values shortened', () => {
    expect(describeToolCall({ tool_name: 'custom', input: { note: 'not an address, '.repeat(3), nested: { a: [1, 2] }, flag: true } })).toBe(
      'custom · note=not an address, not an… · nested={"a":[1,2]} · flag=true',
    );
    expect(describeToolArguments('custom', 'free text')).toBe('free text');
    expect(describeToolArguments('custom', [1, 2])).toBe('[1,2]');
    expect(describeToolCall({ tool_name: 'custom', input: null })).toBe('custom');
    expect(describeToolCall({ tool_name: 'custom', input: {} })).toBe('custom');
  });

  it('does not take a tool name like "constructor" or "__proto__" for a known tool', () => {
    expect(describeToolCall({ tool_name: 'constructor', input: { a: 1 } })).toBe('constructor · a=1');
    expect(describeToolCall({ tool_name: '__proto__', input: { a: 1 } })).toBe('__proto__ · a=1');
  });
});
