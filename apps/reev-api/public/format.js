// How the page writes scores, amounts, verdicts and transactions in words.

import { el } from './dom.js';

/** Tokens whose amounts the page shows in whole units; anything else stays in base units. */
const KNOWN_TOKENS = {
  So11111111111111111111111111111111111111112: { symbol: 'SOL', decimals: 9 },
  EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v: { symbol: 'USDC', decimals: 6 },
};
const SOL = KNOWN_TOKENS.So11111111111111111111111111111111111111112;

export function formatScore(score) {
  return typeof score === 'number' && Number.isFinite(score) ? score.toFixed(2) : '—';
}

/**
 * Score as symbol + number + class, so it reads the same with or without colour. `passed` is the server's
 * verdict (the pass rule of the benchmark, or a step's success); the page never judges a score itself.
 */
export function scoreBadge(score, detail, passed) {
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return el('span', { className: 'score score-none', title: detail ?? 'not run yet' }, '— not run');
  }
  const [symbol, band] = passed === true ? ['✓', 'high'] : score > 0 ? ['◐', 'partial'] : ['✗', 'zero'];
  return el('span', { className: `score score-${band}`, title: detail }, `${symbol} ${formatScore(score)}`);
}

/** Base units as whole units, exactly (BigInt digits, no floating point): 1500000 with 6 decimals → "1.5". */
function formatUnits(baseUnits, decimals) {
  const digits = BigInt(baseUnits).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function isBaseUnits(value) {
  return (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && /^\d+$/.test(value));
}

function shortAddress(value) {
  return typeof value === 'string' && /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value) ? `${value.slice(0, 4)}…${value.slice(-4)}` : String(value);
}

/** A transaction signature (88 base58 characters) as its first and last 6. */
export function shortSignature(signature) {
  return signature.length > 16 ? `${signature.slice(0, 6)}…${signature.slice(-6)}` : signature;
}

function amountWithUnit(amount, mint) {
  const token = typeof mint === 'string' ? KNOWN_TOKENS[mint] : undefined;
  if (token) return `${formatUnits(amount, token.decimals)} ${token.symbol}`;
  return `${amount} base units${mint ? ` of ${shortAddress(mint)}` : ''}`;
}

/** A token amount as the tools report it ({symbol, ui_amount}), in words. */
function reportedAmount(value) {
  return value && typeof value === 'object' && typeof value.ui_amount === 'string' && typeof value.symbol === 'string'
    ? `${value.ui_amount} ${value.symbol}`
    : undefined;
}

/** A pass verdict ({passed, failed_conditions}) in words. */
export function describeVerdict(pass) {
  if (!pass || typeof pass !== 'object' || typeof pass.passed !== 'boolean') return undefined;
  if (pass.passed) return 'passed';
  const conditions = Array.isArray(pass.failed_conditions) ? pass.failed_conditions : [];
  return conditions.length === 0 ? 'not passed' : `not passed: ${conditions.join('; ')}`;
}

/** The amount a tool call moves, in words: what the tool reported, else its input (the tools' parameter names). */
export function describeAmount(call) {
  const input = call && typeof call.input === 'object' && call.input !== null ? call.input : {};
  const output = call && typeof call.output === 'object' && call.output !== null ? call.output : {};
  const sent = reportedAmount(output.input);
  const received = reportedAmount(output.output);
  if (sent && received) return `${sent} → ${received}`;
  if (isBaseUnits(input.amount)) {
    if (call.tool_name === 'sol_transfer') return `${formatUnits(input.amount, SOL.decimals)} SOL`;
    return amountWithUnit(input.amount, input.mint_address ?? input.input_mint ?? input.asset_mint ?? input.token_mint);
  }
  if (isBaseUnits(input.shares)) return `${input.shares} share base units`;
  return undefined;
}

/** An LLM step's (or run's) token accounting in words; undefined for agents without a model. */
export function describeUsage(usage) {
  if (!usage || typeof usage !== 'object' || !Number.isInteger(usage.llm_calls) || usage.llm_calls === 0) return undefined;
  const cost = typeof usage.cost_usd === 'number' ? ` · $${usage.cost_usd.toFixed(4)}` : '';
  return `${usage.input_tokens} in / ${usage.output_tokens} out · ${usage.llm_calls} model call${usage.llm_calls === 1 ? '' : 's'}${cost}`;
}

export function succeeded(transaction) {
  return String(transaction.status).toLowerCase() === 'success';
}

/** Transactions a tool reported: any object in its output carrying a signature and a status. */
export function transactionsOf(value, found = [], depth = 0) {
  if (depth > 4 || value === null || typeof value !== 'object') return found;
  if (typeof value.signature === 'string' && typeof value.status === 'string') {
    found.push(value);
    return found;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) transactionsOf(child, found, depth + 1);
  return found;
}

export function parseJson(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
