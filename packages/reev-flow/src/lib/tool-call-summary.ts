import { shorten } from './text';
import { findKnownToken, formatUnits, LEND_SHARE_TOKENS, SOL, type KnownToken } from '@reev/types';

const BASE58_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const BASE_UNITS = /^\d+$/;
/** Longest argument value shown in the generic form; the whole label is cut again by the renderer. */
const MAX_VALUE_LENGTH = 24;

/** A Solana address as `7xKX…9fGh`; any other text unchanged. */
export function shortAddress(value: string): string {
  return BASE58_ADDRESS.test(value) ? `${value.slice(0, 4)}…${value.slice(-4)}` : value;
}

/** An integer amount in base units as the tools record it (a number, or digits from an LLM), else undefined. */
/** A known token named by an argument (mint, symbol or alias), or undefined. */
function tokenOf(value: unknown): KnownToken | undefined {
  return typeof value === 'string' ? findKnownToken(value.trim()) : undefined;
}

function baseUnits(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && BASE_UNITS.test(value)) return BigInt(value);
  return undefined;
}

/** A mint argument as people read it: the symbol of a known token, else the short address. */
function tokenName(mint: unknown): string | undefined {
  if (typeof mint !== 'string') return undefined;
  return tokenOf(mint)?.symbol ?? shortAddress(mint);
}

/**
 * An amount with its unit: whole units of a known token ("0.1 SOL"), or base units of whatever `mint`
 * names ("1500000 base units of 4k3D…9fGh"). undefined when the amount is not an integer of base units.
 */
function amountOf(amount: unknown, token: KnownToken | undefined, mint?: unknown): string | undefined {
  const base = baseUnits(amount);
  if (base === undefined) return undefined;
  if (token) return `${formatUnits(base, token.decimals)} ${token.symbol}`;
  const name = tokenName(mint);
  return `${base} base units${name ? ` of ${name}` : ''}`;
}

function addressOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? shortAddress(value) : undefined;
}

type Args = Record<string, unknown>;
/** Key arguments of a known tool as label parts, or undefined when they are not there to read. */
type Describer = (args: Args) => string[] | undefined;

function transfer(amount: string | undefined, recipient: string | undefined): string[] | undefined {
  if (amount === undefined || recipient === undefined) return undefined;
  return [`${amount} → ${recipient}`];
}

function lend(args: Args, assetKey: string): string[] | undefined {
  const amount = amountOf(args['amount'], tokenOf(args[assetKey]), args[assetKey]);
  return amount === undefined ? undefined : [amount];
}

function shares(args: Args): string[] | undefined {
  const asset = tokenOf(args['asset']);
  const shareToken = asset ? LEND_SHARE_TOKENS.get(asset.symbol) : undefined;
  const amount = shareToken
    ? amountOf(args['shares'], shareToken)
    : amountOf(args['shares'], undefined, args['asset'])?.replace('base units', 'share base units');
  return amount === undefined ? undefined : [`${amount} shares`];
}

const DESCRIBERS: Readonly<Record<string, Describer>> = {
  sol_transfer: (args) => transfer(amountOf(args['amount'], SOL), addressOf(args['recipient_pubkey'])),
  spl_transfer: (args) =>
    transfer(
      amountOf(args['amount'], tokenOf(args['mint_address']), args['mint_address']),
      addressOf(args['recipient_pubkey']),
    ),
  jupiter_swap: (args) => {
    const amount = amountOf(args['amount'], tokenOf(args['input_mint']), args['input_mint']);
    const output = tokenName(args['output_mint']);
    if (amount === undefined || output === undefined) return undefined;
    const slippage = args['slippage_bps'];
    return [`${amount} → ${output}`, ...(typeof slippage === 'number' ? [`slippage ${slippage} bps`] : [])];
  },
  jupiter_lend_earn_deposit: (args) => lend(args, 'asset_mint'),
  jupiter_lend_earn_withdraw: (args) => lend(args, 'asset_mint'),
  jupiter_lend_earn_mint: shares,
  jupiter_lend_earn_redeem: shares,
  get_account_balance: (args) => {
    const owner = addressOf(args['pubkey']);
    if (owner === undefined) return undefined;
    const token = tokenName(args['token_mint']);
    return [owner, ...(token ? [token] : [])];
  },
  get_jupiter_lend_earn_position: (args) => {
    const owner = addressOf(args['user_pubkey']);
    return owner === undefined ? undefined : [owner];
  },
};

function isArgs(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function genericValue(value: unknown): string {
  return shorten(valueText(value), MAX_VALUE_LENGTH);
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return shortAddress(value);
  if (typeof value === 'bigint') return value.toString();
  // Stored arguments are JSON, so this only sees JSON values; undefined and functions have no JSON text.
  return JSON.stringify(value) ?? String(value);
}

/** Every argument as `key=value`, for tools without a describer or arguments a describer cannot read. */
function genericArgs(input: unknown): string[] {
  if (input === undefined || input === null) return [];
  if (!isArgs(input)) return [genericValue(input)];
  return Object.entries(input).map(([key, value]) => `${key}=${genericValue(value)}`);
}

/**
 * The key arguments of a tool call in words, e.g. `0.1 SOL → 7xKX…9fGh` for a sol_transfer of 100000000
 * lamports: amounts of known mints in whole units, addresses shortened. Unknown tools and unreadable
 * arguments fall back to `key=value` pairs. Raw text: renderers escape and cut it.
 */
export function describeToolArguments(toolName: string, input: unknown): string {
  const describer = Object.hasOwn(DESCRIBERS, toolName) ? DESCRIBERS[toolName] : undefined;
  const parts = (describer && isArgs(input) ? describer(input) : undefined) ?? genericArgs(input);
  return parts.join(' · ');
}

/** `tool_name · key arguments`, the text of one tool call in every rendering. */
export function describeToolCall(call: { tool_name: string; input: unknown }): string {
  const args = describeToolArguments(call.tool_name, call.input);
  return args ? `${call.tool_name} · ${args}` : call.tool_name;
}
