/**
 * Strategies: requests that name a goal rather than actions ("multiply my USDC 1.5x", "rebalance", "earn
 * yield with 30% of my SOL", "exit all my positions"). Each returns its category, or undefined when the
 * request is not one of its kind. A strategy acts only when its precondition holds in the wallet: the
 * words alone never move funds.
 */
import type { PlanBuilder } from './plan-builder';
import { PlanningError } from './planner';
import { SOL_FEE_RESERVE_LAMPORTS, type ProjectedWallet, type TokenInfo } from './projected-wallet';

/** Share of what a yield strategy would lend that stays in the wallet when the request asks to keep liquidity. */
export const LIQUID_SHARE = 0.1;

/** Words that start an explicit action; a request that starts with one is a sequence, not a strategy. */
const ACTION_START = /^(please\s+)?(swap|convert|exchange|trade|sell|lend|deposit|supply|put|place|move|withdraw|redeem|mint|send|transfer|pay|check|show|get)\b/;
const YIELD_WORDS = /\b(yield|earn|farm|farming|growth|grow|returns|interest|apy|strategy)\b/;
const KEEPS_LIQUIDITY = /\b(liquid|liquidity)\b/;

function fraction(units: number, share: number): number {
  return Math.floor(units * share);
}

function percentShare(text: string): number {
  if (/^half$/i.test(text)) return 0.5;
  const percent = Number(/(\d+(?:\.\d+)?)/.exec(text)?.[1]);
  if (!(percent > 0 && percent <= 100)) throw new PlanningError(`${text} is not a percentage between 0 and 100`, 'unplannable');
  return percent / 100;
}

/** "50% of my SOL", "half of my capital", "my 50% sol": the share and what it is a share of. */
function budgetClause(lower: string): { share: number; of: 'sol' | 'capital' } | undefined {
  const clause =
    /(\d+(?:\.\d+)?\s*%|half)\s*(?:of\s+)?(?:my\s+)?(?:available\s+|total\s+)?(sol|capital|funds|portfolio)\b|my\s+(\d+(?:\.\d+)?)\s*%\s*(sol)\b/.exec(lower);
  if (!clause) return undefined;
  if (clause[3] !== undefined) return { share: percentShare(`${clause[3]}%`), of: 'sol' };
  return { share: percentShare(clause[1] ?? ''), of: clause[2] === 'sol' ? 'sol' : 'capital' };
}

export function planMultiply(lower: string, builder: PlanBuilder): string | undefined {
  const match = /multiply\s+(?:my\s+)?(\w+)(?:\s+\w+){0,3}?\s+(\d+(?:\.\d+)?)\s*x\b/.exec(lower);
  if (!match) return undefined;
  const book = builder.book;
  const target = book.get(match[1] ?? '');
  const factor = Number(match[2]);
  if (!(factor > 1)) throw new PlanningError(`multiplying by ${match[2]}x does not grow the position`, 'unplannable');
  const sol = book.get('SOL');
  const held = book.balance(target);
  if (held === 0) throw new PlanningError(`the wallet holds no ${target.symbol} to multiply`, 'unaffordable');
  const needed = Math.ceil(held * (factor - 1));
  const perSol = book.convert(sol, target, 1_000_000_000);
  if (!perSol) throw new PlanningError(`the environment has no price for ${target.symbol}`, 'unplannable');
  const lamportsNeeded = Math.ceil((needed * 1_000_000_000) / perSol);
  const budget = budgetClause(lower);
  const cap = budget ? fraction(book.balance(sol), budget.share) : book.balance(sol) - SOL_FEE_RESERVE_LAMPORTS;
  builder.balanceCheck();
  const swap = builder.swap(sol, target, { kind: 'units', value: Math.min(lamportsNeeded, cap) });
  builder.lend(target, { kind: 'received', stepId: swap, symbol: target.symbol });
  builder.balanceCheck('Confirm the final balances');
  return 'multiplication';
}

export function planYield(lower: string, builder: PlanBuilder): string | undefined {
  // Strategy wording only; "lend 50% of my SOL" is an explicit action for the intent grammar.
  if (!YIELD_WORDS.test(lower) || ACTION_START.test(lower)) return undefined;
  const budget = budgetClause(lower);
  if (budget === undefined) return undefined;
  const book = builder.book;
  const sol = book.get('SOL');
  const usdc = book.get('USDC');
  const solBudget = fraction(book.balance(sol), budget.share);
  // A share of the capital takes that share of each holding; a share of the SOL leaves the USDC alone.
  const existingUsdc = budget.of === 'capital' ? fraction(book.balance(usdc), budget.share) : 0;
  const diversified = /\b(multi-pool|multiple|diversif\w*|across|pools)\b/.test(lower);

  builder.balanceCheck();
  if (diversified) {
    const lentAsSol = Math.floor(solBudget / 2);
    builder.lend(sol, { kind: 'units', value: lentAsSol });
    const swap = builder.swap(sol, usdc, { kind: 'units', value: solBudget - lentAsSol });
    builder.lend(usdc, { kind: 'received', stepId: swap, symbol: 'USDC' });
  } else {
    const swap = builder.swap(sol, usdc, { kind: 'units', value: solBudget });
    builder.lend(usdc, { kind: 'received', stepId: swap, symbol: 'USDC' });
  }
  if (existingUsdc > 0) builder.lend(usdc, { kind: 'units', value: existingUsdc });
  builder.balanceCheck('Confirm the final balances');
  return diversified ? 'yield_farming' : 'yield';
}

/**
 * Rebalances SOL and USDC to a split by value (50/50 unless stated). When the request also asks for yield,
 * the USDC side is lent, keeping LIQUID_SHARE of it in the wallet if the request asks to keep liquidity.
 */
export function planRebalance(lower: string, builder: PlanBuilder): string | undefined {
  if (!/\brebalanc/.test(lower)) return undefined;
  const book = builder.book;
  const sol = book.get('SOL');
  const usdc = book.get('USDC');
  if (sol.priceUsd === undefined || usdc.priceUsd === undefined) throw new PlanningError('rebalancing needs the prices of SOL and USDC', 'unplannable');
  const split = /(\d{1,3})\s*\/\s*(\d{1,3})/.exec(lower) ?? /(\d{1,3})\s*%\s*(?:in\s+)?sol/.exec(lower);
  const solShare = split ? Number(split[1]) / (split[2] !== undefined ? Number(split[1]) + Number(split[2]) : 100) : 0.5;
  if (!(solShare >= 0 && solShare <= 1)) throw new PlanningError(`the target split ${split?.[0]} is not a valid split`, 'unplannable');
  const solValue = book.valueUsd(sol, book.balance(sol));
  const usdcValue = book.valueUsd(usdc, book.balance(usdc));
  const total = solValue + usdcValue;
  if (total === 0) throw new PlanningError('the wallet holds neither SOL nor USDC to rebalance', 'unaffordable');
  const targetSolValue = total * solShare;
  builder.balanceCheck();
  if (solValue - targetSolValue > 0.01 * total) {
    builder.swap(sol, usdc, { kind: 'units', value: Math.floor(((solValue - targetSolValue) / sol.priceUsd) * 1e9) });
  } else if (targetSolValue - solValue > 0.01 * total) {
    builder.swap(usdc, sol, { kind: 'units', value: Math.floor(((targetSolValue - solValue) / usdc.priceUsd) * 10 ** usdc.decimals) });
  }
  if (YIELD_WORDS.test(lower)) {
    const lendable = book.balance(usdc);
    const lent = KEEPS_LIQUIDITY.test(lower) ? fraction(lendable, 1 - LIQUID_SHARE) : lendable;
    if (lent > 0) builder.lend(usdc, { kind: 'units', value: lent });
  }
  builder.balanceCheck('Confirm the final balances');
  return 'rebalancing';
}

function lendingPositions(book: ProjectedWallet): { underlying: TokenInfo; share: TokenInfo; shares: number }[] {
  return [book.get('USDC'), book.get('SOL')].flatMap((underlying) => {
    const share = book.shareTokenOf(underlying);
    const shares = book.balance(share);
    return shares > 0 ? [{ underlying, share, shares }] : [];
  });
}

/**
 * "Exit all my positions", "withdraw all my lending positions", "emergency exit": withdraws every lending
 * position, then (for an emergency, or when asked for stables) swaps the SOL to USDC but a fee reserve.
 * Without a lending position there is nothing to exit, and the request is refused.
 */
export function planExit(lower: string, builder: PlanBuilder): string | undefined {
  const asksExit =
    /\b(emergency|exit|liquidat\w*)\b/.test(lower) || /\bwithdraw\s+(?:all|every\w*)\b(?:\s+\w+){0,3}?\s+positions?\b|\bwithdraw\s+everything\b/.test(lower);
  if (!asksExit) return undefined;
  const book = builder.book;
  const positions = lendingPositions(book);
  if (positions.length === 0) {
    throw new PlanningError('the request asks to exit lending positions, but the wallet has no lending position; nothing was planned', 'no_position');
  }
  const toStable = /\b(emergency|stable\w*|usdc|liquidat\w*|risky|volatile)\b/.test(lower);
  builder.balanceCheck();
  for (const { underlying, share, shares } of positions) {
    const value = book.convert(share, underlying, shares);
    // Withdraw by value where the value is exact in shares; otherwise give back every share.
    if (value !== undefined && value > 0 && book.convert(underlying, share, value) === shares) builder.withdraw(underlying, value);
    else builder.redeem(share, shares, underlying);
  }
  if (toStable) {
    const sol = book.get('SOL');
    const lamports = book.balance(sol) - SOL_FEE_RESERVE_LAMPORTS;
    if (lamports > 0) builder.swap(sol, book.get('USDC'), { kind: 'units', value: lamports });
  }
  builder.positions('Confirm the lending positions are closed');
  builder.balanceCheck('Confirm the final balances');
  return toStable ? 'emergency_exit' : 'exit_positions';
}
