import type { ToolOutcome } from '@reev/types';
import { parseRatio, type Ratio } from './amounts';
import type { TokenRef } from './intent';

/**
 * Reading amounts back from what the tools return. The typed part of a ToolOutcome (its transactions'
 * balance changes) is preferred; the JSON `output` is read by field names, accepting the spellings the
 * tools use (snake_case and camelCase) and only integer base units, never display amounts.
 */

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object in `value`, breadth first (shallow objects before nested ones). */
function objectsByDepth(value: unknown): JsonObject[][] {
  const levels: JsonObject[][] = [];
  let frontier: unknown[] = [value];
  while (frontier.length > 0) {
    const level: JsonObject[] = [];
    const next: unknown[] = [];
    for (const item of frontier) {
      if (Array.isArray(item)) next.push(...(item as unknown[]));
      else if (isObject(item)) {
        level.push(item);
        next.push(...Object.values(item));
      }
    }
    if (level.length > 0) levels.push(level);
    frontier = next;
  }
  return levels;
}

/** An integer amount in base units: a safe integer number or a string of digits. */
function baseUnits(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  return undefined;
}

function firstAmount(object: JsonObject, keys: readonly string[]): bigint | undefined {
  for (const key of keys) {
    const amount = baseUnits(object[key]);
    if (amount !== undefined) return amount;
  }
  return undefined;
}

const MINT_KEYS = ['mint', 'token_mint', 'tokenMint', 'mint_address', 'mintAddress'];
const TOKEN_AMOUNT_KEYS = ['amount', 'raw_amount', 'rawAmount', 'amount_raw', 'base_units', 'baseUnits', 'balance', 'token_amount', 'tokenAmount'];
const LAMPORT_KEYS = ['lamports', 'sol_balance_lamports', 'solBalanceLamports', 'balance_lamports', 'sol_lamports', 'sol_balance', 'solBalance'];
const RATE_KEYS = ['exchange_rate', 'exchangeRate', 'rate'];

const hasMint = (object: JsonObject, mint: string): boolean => MINT_KEYS.some((key) => object[key] === mint);

/**
 * The amount of `mint` an output states: the balance in a get_account_balance output, or what a swap or
 * lend call moved (`output: { mint, amount }`). Read from an object naming the mint with an amount
 * (`{ mint, amount }`), or a map keyed by the mint (`{ "<mint>": { balance } }` or `{ "<mint>": "15" }`).
 * Undefined when absent; throws when the output states two different amounts for the mint.
 */
export function readTokenAmount(output: unknown, mint: string): bigint | undefined {
  const found = new Set<bigint>();
  for (const object of objectsByDepth(output).flat()) {
    const entry = object[mint];
    const keyed = isObject(entry) ? firstAmount(entry, TOKEN_AMOUNT_KEYS) : baseUnits(entry);
    if (keyed !== undefined) found.add(keyed);
    if (hasMint(object, mint)) {
      const amount = firstAmount(object, TOKEN_AMOUNT_KEYS);
      if (amount !== undefined) found.add(amount);
    }
  }
  if (found.size > 1) throw new Error(`the output states several amounts of ${mint}: ${[...found].join(', ')}`);
  return [...found][0];
}

/** The SOL balance (lamports) in a get_account_balance output: the shallowest lamport field outside token entries. */
export function readLamports(output: unknown): bigint | undefined {
  for (const level of objectsByDepth(output)) {
    for (const key of LAMPORT_KEYS) {
      for (const object of level) {
        if (MINT_KEYS.some((mintKey) => mintKey in object)) continue;
        const amount = baseUnits(object[key]);
        if (amount !== undefined) return amount;
      }
    }
  }
  return undefined;
}

/**
 * The exchange rate (underlying per share) of a lend market in a get_jupiter_lend_earn_position output:
 * the rate field of the entry naming the market's asset or share mint, directly (`{ asset_mint, exchange_rate }`)
 * or one level down (`{ asset: { mint }, share: { mint }, exchange_rate }`).
 */
export function readExchangeRate(output: unknown, market: { asset: TokenRef; share: TokenRef }): Ratio | undefined {
  const mints: unknown[] = [market.asset.mint, market.share.mint];
  const names = (value: unknown): boolean => mints.includes(value) || (isObject(value) && Object.values(value).some((inner) => mints.includes(inner)));
  for (const object of objectsByDepth(output).flat()) {
    if (!Object.values(object).some(names)) continue;
    for (const key of RATE_KEYS) {
      const rate = parseRatio(object[key]);
      if (rate !== undefined) return rate;
    }
  }
  return undefined;
}

/**
 * How much of `token` a tool call put into the user's hands, from its successful transactions' balance
 * changes: for SOL the wallet's lamport change, for a token the increases of accounts of that mint.
 * Undefined when the transactions report no change for it.
 */
export function receivedFromBalanceChanges(outcome: ToolOutcome, token: TokenRef, wallet: string): bigint | undefined {
  const changes = outcome.transactions.filter((transaction) => transaction.status === 'Success').flatMap((transaction) => transaction.balanceChanges);
  const relevant = token.native
    ? changes.filter((change) => change.mint === undefined && change.pubkey === wallet)
    : changes.filter((change) => change.mint === token.mint && change.after > change.before);
  if (relevant.length === 0) return undefined;
  return relevant.reduce((sum, change) => sum + BigInt(change.after) - BigInt(change.before), 0n);
}
