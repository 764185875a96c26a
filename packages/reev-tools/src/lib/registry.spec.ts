import { TOOL_NAMES, type ToolName } from '@reev/types';
import { createToolRegistry, ToolRegistry } from './registry';
import { USDC_MINT, WSOL_MINT } from '@reev/types';
import { solTransferTool } from './tools/native';

const WALLET = '8qbHbw2BbbTHBW1sbeqakYXVKRQM8Ne7pLK7m6CVfeR';
const RECIPIENT = 'Hozo7TadHq6PMMiGLGNvgk79Hvj5VTAM7Ybvp2HbGd1c';

function validationError(registry: ToolRegistry, name: string, args: unknown, allowed?: ToolName[]): string {
  const result = registry.validate({ callId: 'call-1', name, arguments: args }, allowed);
  if (result.ok) throw new Error(`expected ${name} to be rejected`);
  return result.error;
}

describe('ToolRegistry', () => {
  const registry = createToolRegistry();

  it('holds all ten tools in the order of TOOL_NAMES', () => {
    expect(registry.names).toEqual([...TOOL_NAMES]);
  });

  it('refuses two tools with one name', () => {
    expect(() => new ToolRegistry([solTransferTool, solTransferTool])).toThrow('tool "sol_transfer" is registered twice');
  });

  it('describes every tool with a JSON schema of its parameters', () => {
    const specs = registry.specs();
    expect(specs).toHaveLength(10);
    for (const spec of specs) {
      expect(spec.description.length).toBeGreaterThan(80);
      expect(spec.parameters).toMatchObject({ type: 'object', additionalProperties: false });
      expect(spec.parameters).not.toHaveProperty('$schema');
    }
    const swap = specs.find((spec) => spec.name === 'jupiter_swap');
    expect(swap?.parameters).toMatchObject({
      required: ['user_pubkey', 'input_mint', 'output_mint', 'amount'],
      properties: { amount: { type: 'integer' }, slippage_bps: { type: 'integer', minimum: 0, maximum: 10_000 } },
    });
    expect(swap?.description).toMatch(/lamports/);
  });

  it("describes get_jupiter_lend_earn_tokens with the original's three optional filters", () => {
    const [tokens] = registry.specs(['get_jupiter_lend_earn_tokens']);
    expect(tokens?.parameters).toMatchObject({ type: 'object', properties: { symbol: { type: 'string' }, mint_address: { type: 'string' }, jupiter_address: { type: 'string' } } });
    expect(tokens?.parameters).not.toHaveProperty('required');
    expect(registry.validate({ callId: 'call-1', name: 'get_jupiter_lend_earn_tokens', arguments: '' })).toMatchObject({ ok: true, args: {} });
  });

  it('spells out the units of every amount parameter', () => {
    for (const spec of registry.specs()) {
      const properties = spec.parameters.properties as Record<string, { description?: string }>;
      for (const field of ['amount', 'shares'].filter((name) => name in properties)) {
        expect(properties[field].description).toMatch(/Integer in .*(lamports|base units)/);
      }
    }
  });

  it('hands out its specs frozen, so no caller can change what the next step is offered', () => {
    const [first] = registry.specs(['sol_transfer']);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.parameters.properties)).toBe(true);
    expect(() => {
      (first as { description: string }).description = 'changed';
    }).toThrow(TypeError);
    expect(registry.specs(['sol_transfer'])[0]?.description).not.toBe('changed');
  });

  it('lists only the allowed tools', () => {
    expect(registry.specs(['sol_transfer', 'get_account_balance']).map((spec) => spec.name)).toEqual([
      'get_account_balance',
      'sol_transfer',
    ]);
  });

  it('accepts valid arguments, also as a JSON string', () => {
    const args = { user_pubkey: WALLET, recipient_pubkey: RECIPIENT, amount: 100_000_000 };
    expect(registry.validate({ callId: '1', name: 'sol_transfer', arguments: args })).toMatchObject({ ok: true, args });
    expect(registry.validate({ callId: '2', name: 'sol_transfer', arguments: JSON.stringify(args) })).toMatchObject({ ok: true, args });
    expect(
      registry.validate({
        callId: '3',
        name: 'jupiter_swap',
        arguments: { user_pubkey: WALLET, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 1, slippage_bps: 50 },
      }),
    ).toMatchObject({ ok: true });
  });

  it('names an unknown tool and lists the available ones', () => {
    expect(validationError(registry, 'jupiter_earn', {}, ['sol_transfer'])).toBe(
      'unknown tool "jupiter_earn"; available tools: sol_transfer',
    );
  });

  it('refuses a tool outside the allowed set', () => {
    expect(validationError(registry, 'sol_transfer', {}, ['get_account_balance'])).toBe(
      'tool "sol_transfer" is not allowed here; allowed tools: get_account_balance',
    );
  });

  it('names every invalid field', () => {
    const error = validationError(registry, 'sol_transfer', { user_pubkey: 'USER_WALLET_PUBKEY', amount: 1.5, mint: 'x' });
    expect(error).toMatch(/^invalid arguments for sol_transfer: /);
    expect(error).toContain('user_pubkey: expected a base58 public key; placeholder names must be replaced');
    expect(error).toContain('recipient_pubkey: is required');
    expect(error).toContain('amount: expected a positive integer number of lamports');
    expect(error).toContain('unknown argument "mint"');
  });

  it('refuses a negative amount, a string amount and an unknown mint', () => {
    expect(validationError(registry, 'jupiter_lend_earn_deposit', { user_pubkey: WALLET, asset_mint: USDC_MINT, amount: -5 })).toContain(
      'amount: expected a positive integer number of base units of the asset',
    );
    expect(validationError(registry, 'spl_transfer', { user_pubkey: WALLET, recipient_pubkey: RECIPIENT, amount: '15' })).toContain(
      'amount: expected a positive integer number of token base units',
    );
    expect(
      validationError(registry, 'jupiter_swap', { user_pubkey: WALLET, input_mint: 'BONK', output_mint: USDC_MINT, amount: 1 }),
    ).toContain('input_mint: expected one of USDC');
    expect(
      validationError(registry, 'jupiter_lend_earn_mint', { asset: 'jlUSDC', signer: WALLET, shares: 1 }),
    ).toContain('asset: expected one of USDC (EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v), SOL');
  });

  it('refuses a slippage outside 0..10000 basis points', () => {
    expect(
      validationError(registry, 'jupiter_swap', { user_pubkey: WALLET, input_mint: 'SOL', output_mint: 'USDC', amount: 1, slippage_bps: 20_000 }),
    ).toContain('slippage_bps: expected 0 to 10000 basis points');
  });

  it('reports arguments that are not JSON, or not an object', () => {
    expect(validationError(registry, 'get_account_balance', '{"pubkey": ')).toMatch(
      /^invalid arguments for get_account_balance: the arguments are not valid JSON/,
    );
    expect(validationError(registry, 'get_account_balance', [WALLET])).toMatch(/^invalid arguments for get_account_balance: .*object/);
  });

  it('treats missing arguments as an empty object', () => {
    expect(validationError(registry, 'get_jupiter_lend_earn_position', undefined)).toBe(
      'invalid arguments for get_jupiter_lend_earn_position: user_pubkey: is required',
    );
  });
});
