import { parseChecks, parseIntents, PromptNotUnderstoodError, type AmountSpec, type Intent } from '@reev/agent';
import { WSOL_MINT, type AgentContext, type KnownToken, type WalletContext } from '@reev/types';
import type { Amount, PlanBuilder } from './plan-builder';
import { PlanningError } from './planner';
import { SOL_FEE_RESERVE_LAMPORTS, type ProjectedWallet, type TokenInfo } from './projected-wallet';

/** The wallet as the intent grammar reads it (no named addresses: requests name recipients inline). */
function parserContext(context: WalletContext, tokens: readonly KnownToken[]): AgentContext {
  return {
    wallet: context.owner,
    keyMap: {},
    observation: { solBalances: { [context.owner]: context.sol_balance }, tokenAccounts: {} },
    tokens: [...tokens],
  };
}

/** Reads a request with the intent grammar the deterministic agent uses; anything it cannot read is refused. */
export function readIntents(text: string, context: WalletContext, tokens: readonly KnownToken[]): Intent[] {
  try {
    return parseIntents(text, parserContext(context, tokens));
  } catch (error) {
    if (error instanceof PromptNotUnderstoodError) throw new PlanningError(`could not understand the request: ${error.reason}`, 'unplannable');
    throw error;
  }
}

/**
 * The lending-pool reads a request asks for ("analyze all Jupiter lending pools", "compare current APYs"), each
 * once: a strategy plans the actions itself and puts these reads before them. A request the grammar cannot read
 * (an unknown token) asks for none; the strategy then decides alone.
 */
export function poolReadsOf(text: string, book: ProjectedWallet): (TokenInfo | undefined)[] {
  let checks: Intent[];
  try {
    checks = parseChecks(text, parserContext(book.context, book.knownTokens()));
  } catch (error) {
    if (error instanceof PromptNotUnderstoodError) return [];
    throw error;
  }
  return checks.flatMap((check) => (check.kind === 'pools' ? [check.token ? book.get(check.token.symbol) : undefined] : []));
}

/** Explicit actions ("swap 2 SOL to USDC then lend half of it") become one step each, in order. */
export function planSequence(text: string, builder: PlanBuilder): string {
  const book = builder.book;
  const intents = readIntents(text, book.context, book.knownTokens());
  const stepIds: string[] = [];
  const amountIn = (spec: AmountSpec, token: TokenInfo): Amount => {
    switch (spec.kind) {
      case 'exact':
        return { kind: 'units', value: Number(spec.baseUnits) };
      case 'share':
        return { kind: 'units', value: Math.floor((book.balance(token) * spec.share.numerator) / spec.share.denominator) };
      case 'all':
        return { kind: 'units', value: book.balance(token) - (token.mint === WSOL_MINT ? SOL_FEE_RESERVE_LAMPORTS : 0) };
      case 'previous': {
        const stepId = stepIds[spec.intentIndex];
        if (stepId === undefined) throw new PlanningError(`"${text}": refers to a result that comes later`, 'unplannable');
        return { kind: 'received', stepId, symbol: token.symbol, ...(spec.share ? { share: spec.share } : {}) };
      }
    }
  };
  const units = (amount: Amount, what: string): number => {
    if (amount.kind !== 'units') throw new PlanningError(`${what}: the amount must be known before the flow starts`, 'unplannable');
    return amount.value;
  };
  for (const intent of intents) {
    stepIds.push(stepFor(intent, builder, amountIn, units));
  }
  return builder.steps.length > 1 ? 'multi_step' : 'single_step';
}

function stepFor(
  intent: Intent,
  builder: PlanBuilder,
  amountIn: (spec: AmountSpec, token: TokenInfo) => Amount,
  units: (amount: Amount, what: string) => number,
): string {
  const book = builder.book;
  switch (intent.kind) {
    case 'swap': {
      const from = book.get(intent.from.symbol);
      return builder.swap(from, book.get(intent.to.symbol), amountIn(intent.amount, from));
    }
    case 'deposit': {
      const asset = book.get(intent.market.asset.symbol);
      return builder.lend(asset, amountIn(intent.amount, book.get(intent.amount.token.symbol)));
    }
    case 'withdraw': {
      const asset = book.get(intent.market.asset.symbol);
      const amountToken = book.get(intent.amount.token.symbol);
      const amount = units(amountIn(intent.amount, amountToken), `"${intent.clause}"`);
      return amountToken.mint === asset.mint ? builder.withdraw(asset, amount) : builder.redeem(amountToken, amount, asset);
    }
    case 'redeem': {
      const share = book.get(intent.market.share.symbol);
      const asset = book.get(intent.market.asset.symbol);
      const amountToken = book.get(intent.amount.token.symbol);
      const amount = units(amountIn(intent.amount, amountToken), `"${intent.clause}"`);
      const shares = amountToken.mint === share.mint ? amount : (book.convert(asset, share, amount) ?? amount);
      return builder.redeem(share, shares, asset);
    }
    case 'transfer': {
      const token = book.get(intent.token.symbol);
      return builder.transfer(token, amountIn(intent.amount, token), intent.recipient, intent.recipientLabel);
    }
    case 'balance':
      return builder.balanceCheck();
    case 'positions':
      return builder.positions();
    case 'pools':
      return builder.lendPools(intent.token ? book.get(intent.token.symbol) : undefined);
    case 'mint':
      throw new PlanningError(`"${intent.clause}": minting shares is a benchmark action; ask to lend instead`, 'unplannable');
  }
}
