import { createHash } from 'node:crypto';
import {
  DynamicFlowPlanSchema,
  type AtomicMode,
  type DynamicFlowPlan,
  type DynamicStep,
  type ExpectedEffect,
  type KnownToken,
  type ToolName,
  type WalletContext,
} from '@reev/types';
import { parseIntents, PromptNotUnderstoodError, type AmountSpec, type Intent } from '@reev/agent';
import type { AgentContext } from '@reev/types';
import { SOL_MINT } from './context-resolver';
import { PlanningError, validateUserRequest, type Planner } from './planner';
import { formatUnits } from '@reev/types';

/** SOL left in the wallet when a plan spends "all" SOL, for fees. */
export const SOL_FEE_RESERVE_LAMPORTS = 50_000_000;

type Amount = { kind: 'units'; value: number } | { kind: 'received'; stepId: string; symbol: string };

interface TokenInfo extends KnownToken {
  priceUsd: number | undefined;
}

/** The tokens a plan can name, with the wallet's projected balances as the plan spends and receives. */
class TokenBook {
  private readonly bySymbol = new Map<string, TokenInfo>();
  private readonly projected = new Map<string, number>();

  constructor(
    private readonly tokens: readonly KnownToken[],
    readonly context: WalletContext,
  ) {
    const all: KnownToken[] = [{ symbol: 'SOL', mint: SOL_MINT, decimals: 9 }, ...tokens.filter((t) => t.mint !== SOL_MINT)];
    for (const token of all) {
      const info = { ...token, priceUsd: context.token_prices[token.mint] };
      this.bySymbol.set(token.symbol.toUpperCase(), info);
      this.projected.set(token.mint, token.mint === SOL_MINT ? context.sol_balance : (context.token_balances[token.mint]?.balance ?? 0));
    }
    for (const [alias, symbol] of [['JUSDC', 'JLUSDC'], ['JSOL', 'JLSOL'], ['WSOL', 'SOL']] as const) {
      const token = this.bySymbol.get(symbol);
      if (token) this.bySymbol.set(alias, token);
    }
  }

  find(symbolOrMint: string): TokenInfo | undefined {
    return this.bySymbol.get(symbolOrMint.toUpperCase()) ?? [...this.bySymbol.values()].find((t) => t.mint === symbolOrMint);
  }

  get(symbol: string): TokenInfo {
    const token = this.find(symbol);
    if (!token) throw new PlanningError(`the environment has no token ${symbol}`, 'unplannable');
    return token;
  }

  shareTokenOf(underlying: TokenInfo): TokenInfo {
    const share = this.find(`jl${underlying.symbol}`);
    if (!share) throw new PlanningError(`Jupiter lending has no market for ${underlying.symbol}`, 'unplannable');
    return share;
  }

  knownTokens(): readonly KnownToken[] {
    return this.tokens;
  }

  balance(token: TokenInfo): number {
    return this.projected.get(token.mint) ?? 0;
  }

  spend(token: TokenInfo, units: number, what: string): void {
    const held = this.balance(token);
    if (units > held) {
      throw new PlanningError(
        `${what} needs ${formatUnits(units, token.decimals)} ${token.symbol}, but the wallet will hold only ${formatUnits(held, token.decimals)} ${token.symbol}`,
        'unaffordable',
      );
    }
    this.projected.set(token.mint, held - units);
  }

  receive(token: TokenInfo, units: number): void {
    this.projected.set(token.mint, this.balance(token) + units);
  }

  /** Base units of `to` that `units` of `from` buy at the environment's prices, or undefined without prices. */
  convert(from: TokenInfo, to: TokenInfo, units: number): number | undefined {
    if (from.priceUsd === undefined || to.priceUsd === undefined) return undefined;
    return Math.floor(((units / 10 ** from.decimals) * from.priceUsd * 10 ** to.decimals) / to.priceUsd);
  }

  valueUsd(token: TokenInfo, units: number): number {
    return (units / 10 ** token.decimals) * (token.priceUsd ?? 0);
  }
}

/** Accumulates steps, checking each amount against the projected balance. */
class PlanBuilder {
  readonly steps: DynamicStep[] = [];
  private counter = 0;

  constructor(readonly book: TokenBook) {}

  private id(kind: string): string {
    this.counter += 1;
    return `${kind}_${this.counter}`;
  }

  private amountText(amount: Amount, token: TokenInfo): string {
    return amount.kind === 'units' ? formatUnits(amount.value, token.decimals) : `{{${amount.stepId}.received.${amount.symbol}}}`;
  }

  private add(
    kind: string,
    tools: ToolName[],
    prompt: string,
    description: string,
    effects: ExpectedEffect[],
    dependsOn: string[] = [],
    critical = true,
  ): string {
    const stepId = this.id(kind);
    this.steps.push({
      step_id: stepId,
      critical,
      prompt_template: prompt,
      description,
      required_tools: tools,
      estimated_time_seconds: 30,
      expected_effects: effects,
      depends_on: dependsOn,
      weight: 1,
    });
    return stepId;
  }

  private effect(token: TokenInfo, direction: 'increase' | 'decrease', minDelta = 1): ExpectedEffect {
    return {
      account_owner: this.book.context.owner,
      mint: token.mint === SOL_MINT ? 'SOL' : token.mint,
      direction,
      min_delta: minDelta,
    };
  }

  private dependencies(amount: Amount): string[] {
    return amount.kind === 'received' ? [amount.stepId] : [];
  }

  private spend(token: TokenInfo, amount: Amount, what: string): void {
    if (amount.kind === 'units') {
      if (amount.value <= 0) throw new PlanningError(`${what}: the amount must be positive`, 'unplannable');
      this.book.spend(token, amount.value, what);
    }
  }

  balanceCheck(description = 'Read the wallet balances'): string {
    return this.add('balance', ['get_account_balance'], 'Check my wallet balance.', description, [], [], false);
  }

  positions(): string {
    return this.add(
      'positions',
      ['get_jupiter_lend_earn_position'],
      'Show my Jupiter lending positions and earnings.',
      'Read the Jupiter lending positions',
      [],
      [],
      false,
    );
  }

  swap(from: TokenInfo, to: TokenInfo, amount: Amount): string {
    this.spend(from, amount, `swapping ${from.symbol} to ${to.symbol}`);
    if (amount.kind === 'units') this.book.receive(to, this.book.convert(from, to, amount.value) ?? 0);
    const text = this.amountText(amount, from);
    return this.add(
      'swap',
      ['jupiter_swap'],
      `Swap ${text} ${from.symbol} to ${to.symbol} using Jupiter.`,
      `Swap ${text} ${from.symbol} to ${to.symbol}`,
      [this.effect(to, 'increase'), this.effect(from, 'decrease', amount.kind === 'units' ? amount.value : 1)],
      this.dependencies(amount),
    );
  }

  lend(token: TokenInfo, amount: Amount): string {
    const share = this.book.shareTokenOf(token);
    this.spend(token, amount, `lending ${token.symbol}`);
    const text = this.amountText(amount, token);
    return this.add(
      'lend',
      ['jupiter_lend_earn_deposit'],
      `Deposit ${text} ${token.symbol} into Jupiter lending.`,
      `Lend ${text} ${token.symbol} on Jupiter`,
      [this.effect(share, 'increase')],
      this.dependencies(amount),
    );
  }

  withdraw(token: TokenInfo, amount: Amount): string {
    const share = this.book.shareTokenOf(token);
    const text = this.amountText(amount, token);
    if (amount.kind === 'units') this.book.receive(token, amount.value);
    return this.add(
      'withdraw',
      ['jupiter_lend_earn_withdraw'],
      `Withdraw ${text} ${token.symbol} from Jupiter lending.`,
      `Withdraw ${text} ${token.symbol} from Jupiter lending`,
      [this.effect(token, 'increase'), this.effect(share, 'decrease')],
      this.dependencies(amount),
    );
  }

  redeem(share: TokenInfo, shares: number, underlying: TokenInfo): string {
    this.book.spend(share, shares, `redeeming ${share.symbol}`);
    this.book.receive(underlying, this.book.convert(share, underlying, shares) ?? shares);
    const text = formatUnits(shares, share.decimals);
    return this.add(
      'redeem',
      ['jupiter_lend_earn_redeem'],
      `Redeem ${text} ${share.symbol} shares from Jupiter lending.`,
      `Redeem ${text} ${share.symbol}`,
      [this.effect(share, 'decrease', shares), this.effect(underlying, 'increase')],
    );
  }

  transfer(token: TokenInfo, amount: Amount, recipient: string): string {
    this.spend(token, amount, `sending ${token.symbol}`);
    const text = this.amountText(amount, token);
    const tool: ToolName = token.mint === SOL_MINT ? 'sol_transfer' : 'spl_transfer';
    return this.add(
      'transfer',
      [tool],
      `Send ${text} ${token.symbol} to ${recipient}.`,
      `Send ${text} ${token.symbol}`,
      [this.effect(token, 'decrease', amount.kind === 'units' ? amount.value : 1)],
      this.dependencies(amount),
    );
  }
}

const PERCENT = /(\d+(?:\.\d+)?)\s*%|\bhalf\b/i;
/** Words that start an explicit action; a request that starts with one is a sequence, not a strategy. */
const ACTION_START = /^(please\s+)?(swap|convert|exchange|trade|sell|lend|deposit|supply|withdraw|redeem|mint|send|transfer|pay|check|show|get)\b/;

function percentOf(text: string): number | undefined {
  const match = PERCENT.exec(text);
  if (!match) return undefined;
  if (match[0].toLowerCase() === 'half') return 0.5;
  const percent = Number(match[1]);
  if (percent <= 0 || percent > 100) throw new PlanningError(`${match[0]} is not a percentage between 0 and 100`, 'unplannable');
  return percent / 100;
}

function fraction(units: number, share: number): number {
  return Math.floor(units * share);
}

/** Rule-based planner: known strategies first, then explicit action sequences ("swap … then lend …"). */
export class RuleBasedPlanner implements Planner {
  readonly kind = 'rules' as const;

  plan(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): Promise<DynamicFlowPlan> {
    return Promise.resolve().then(() => this.planNow(prompt, context, tokens));
  }

  private planNow(prompt: string, context: WalletContext, tokens: readonly KnownToken[]): DynamicFlowPlan {
    const text = validateUserRequest(prompt);
    const lower = text.toLowerCase();
    const book = new TokenBook(tokens, context);
    const builder = new PlanBuilder(book);
    const category =
      planEmergencyExit(lower, builder) ??
      planRebalance(lower, builder) ??
      planMultiply(lower, builder) ??
      planYield(lower, builder) ??
      planSequence(text, builder);
    const atomicMode: AtomicMode = 'Strict';
    return validatePlan(
      {
        flow_id: `flow-${createHash('sha256').update(`${text}|${context.owner}|${Date.now()}|${Math.random()}`).digest('hex').slice(0, 16)}`,
        user_prompt: text,
        steps: builder.steps,
        context,
        metadata: {
          created_at: new Date().toISOString(),
          category,
          complexity_score: Math.min(10, builder.steps.length + 1),
          tags: [category],
          version: '1',
          planner: 'rules',
        },
        atomic_mode: atomicMode,
      },
      tokens,
    );
  }
}

function solBudget(lower: string, book: TokenBook, sol: TokenInfo): number | undefined {
  const clause =
    /(\d+(?:\.\d+)?\s*%|half)\s*(?:of\s+)?(?:my\s+)?(?:available\s+|total\s+)?(?:sol|capital|funds|portfolio)|my\s+(\d+(?:\.\d+)?)\s*%\s*sol/.exec(
      lower,
    );
  if (!clause) return undefined;
  const share = clause[2] !== undefined ? Number(clause[2]) / 100 : percentOf(clause[1] ?? '');
  return share === undefined ? undefined : fraction(book.balance(sol), share);
}

function planMultiply(lower: string, builder: PlanBuilder): string | undefined {
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
  const perLamport = book.convert(sol, target, 1_000_000_000);
  if (!perLamport) throw new PlanningError(`the environment has no price for ${target.symbol}`, 'unplannable');
  const lamportsNeeded = Math.ceil((needed * 1_000_000_000) / perLamport);
  const budget = solBudget(lower, book, sol) ?? book.balance(sol) - SOL_FEE_RESERVE_LAMPORTS;
  const lamports = Math.min(lamportsNeeded, budget);
  builder.balanceCheck();
  const swap = builder.swap(sol, target, { kind: 'units', value: lamports });
  builder.lend(target, { kind: 'received', stepId: swap, symbol: target.symbol });
  builder.balanceCheck('Confirm the final balances');
  return 'multiplication';
}

function planYield(lower: string, builder: PlanBuilder): string | undefined {
  // Strategy wording only; "lend 50% of my SOL" is an explicit action for planSequence.
  if (!/\b(yield|earn|farm|farming|growth|grow|returns|interest|apy|strategy)\b/.test(lower)) return undefined;
  if (ACTION_START.test(lower)) return undefined;
  const book = builder.book;
  const sol = book.get('SOL');
  const usdc = book.get('USDC');
  const budget = solBudget(lower, book, sol);
  if (budget === undefined) return undefined;
  const capital = /\b(capital|funds|portfolio)\b/.test(lower);
  const diversified = /\b(multi-pool|multiple|diversif\w*|across|pools)\b/.test(lower);
  const share = budget / Math.max(1, book.balance(sol));
  const existingUsdc = capital ? fraction(book.balance(usdc), share) : 0;

  builder.balanceCheck();
  if (diversified) {
    const lentAsSol = Math.floor(budget / 2);
    builder.lend(sol, { kind: 'units', value: lentAsSol });
    const swap = builder.swap(sol, usdc, { kind: 'units', value: budget - lentAsSol });
    builder.lend(usdc, { kind: 'received', stepId: swap, symbol: 'USDC' });
  } else {
    const swap = builder.swap(sol, usdc, { kind: 'units', value: budget });
    builder.lend(usdc, { kind: 'received', stepId: swap, symbol: 'USDC' });
  }
  if (existingUsdc > 0) builder.lend(usdc, { kind: 'units', value: existingUsdc });
  builder.balanceCheck('Confirm the final balances');
  return diversified ? 'yield_farming' : 'yield';
}

function planRebalance(lower: string, builder: PlanBuilder): string | undefined {
  if (!/\brebalanc/.test(lower)) return undefined;
  const book = builder.book;
  const sol = book.get('SOL');
  const usdc = book.get('USDC');
  const split = /(\d{1,3})\s*\/\s*(\d{1,3})/.exec(lower) ?? /(\d{1,3})\s*%\s*(?:in\s+)?sol/.exec(lower);
  const solShare = split ? Number(split[1]) / (split[2] !== undefined ? Number(split[1]) + Number(split[2]) : 100) : 0.5;
  if (!(solShare >= 0 && solShare <= 1)) throw new PlanningError(`the target split ${split?.[0]} is not a valid split`, 'unplannable');
  const solValue = book.valueUsd(sol, book.balance(sol));
  const usdcValue = book.valueUsd(usdc, book.balance(usdc));
  const targetSolValue = (solValue + usdcValue) * solShare;
  builder.balanceCheck();
  if (solValue - targetSolValue > 0.01 * (solValue + usdcValue)) {
    const lamports = Math.floor(((solValue - targetSolValue) / (sol.priceUsd ?? 1)) * 1e9);
    builder.swap(sol, usdc, { kind: 'units', value: lamports });
  } else if (targetSolValue - solValue > 0.01 * (solValue + usdcValue)) {
    const units = Math.floor(((targetSolValue - solValue) / (usdc.priceUsd ?? 1)) * 10 ** usdc.decimals);
    builder.swap(usdc, sol, { kind: 'units', value: units });
  }
  builder.balanceCheck('Confirm the final balances');
  return 'rebalancing';
}

function planEmergencyExit(lower: string, builder: PlanBuilder): string | undefined {
  if (!/\b(emergency|exit all|exit my|withdraw all|withdraw everything|liquidat\w*)\b/.test(lower)) return undefined;
  const book = builder.book;
  const sol = book.get('SOL');
  const usdc = book.get('USDC');
  builder.balanceCheck();
  for (const underlying of [usdc, sol]) {
    const share = book.shareTokenOf(underlying);
    const shares = book.balance(share);
    if (shares > 0) builder.redeem(share, shares, underlying);
  }
  const lamports = book.balance(sol) - SOL_FEE_RESERVE_LAMPORTS;
  if (lamports > 0) builder.swap(sol, usdc, { kind: 'units', value: lamports });
  builder.balanceCheck('Confirm the final balances');
  return 'emergency_exit';
}

/** The wallet as the deterministic agent's prompt parser reads it (no named addresses: requests name them inline). */
function parserContext(context: WalletContext, tokens: readonly KnownToken[]): AgentContext {
  return {
    wallet: context.owner,
    keyMap: {},
    observation: { solBalances: { [context.owner]: context.sol_balance }, tokenAccounts: {} },
    tokens: [...tokens],
  };
}

/** Explicit actions ("swap 2 SOL to USDC then lend it"), read with the deterministic agent's intent grammar. */
function planSequence(text: string, builder: PlanBuilder): string {
  const book = builder.book;
  let intents: Intent[];
  try {
    intents = parseIntents(text, parserContext(book.context, book.knownTokens()));
  } catch (error) {
    if (error instanceof PromptNotUnderstoodError) throw new PlanningError(`could not understand the request: ${error.reason}`, 'unplannable');
    throw error;
  }
  const stepIds: string[] = [];
  const amountIn = (spec: AmountSpec, token: TokenInfo): Amount => {
    switch (spec.kind) {
      case 'exact':
        return { kind: 'units', value: Number(spec.baseUnits) };
      case 'percent':
        return { kind: 'units', value: fraction(book.balance(token), spec.basisPoints / 10_000) };
      case 'all':
        return { kind: 'units', value: book.balance(token) - (token.mint === SOL_MINT ? SOL_FEE_RESERVE_LAMPORTS : 0) };
      case 'previous': {
        const stepId = stepIds[spec.intentIndex];
        if (stepId === undefined) throw new PlanningError(`"${text}": refers to a result that comes later`, 'unplannable');
        return { kind: 'received', stepId, symbol: token.symbol };
      }
    }
  };
  const units = (amount: Amount, what: string): number => {
    if (amount.kind !== 'units') throw new PlanningError(`${what}: the amount must be known before the flow starts`, 'unplannable');
    return amount.value;
  };
  for (const intent of intents) {
    switch (intent.kind) {
      case 'swap': {
        const from = book.get(intent.from.symbol);
        stepIds.push(builder.swap(from, book.get(intent.to.symbol), amountIn(intent.amount, from)));
        break;
      }
      case 'deposit': {
        const asset = book.get(intent.market.asset.symbol);
        stepIds.push(builder.lend(asset, amountIn(intent.amount, book.get(intent.amount.token.symbol))));
        break;
      }
      case 'withdraw': {
        const asset = book.get(intent.market.asset.symbol);
        const amountToken = book.get(intent.amount.token.symbol);
        const amount = units(amountIn(intent.amount, amountToken), `"${intent.clause}"`);
        stepIds.push(
          amountToken.mint === asset.mint
            ? builder.withdraw(asset, { kind: 'units', value: amount })
            : builder.redeem(amountToken, amount, asset),
        );
        break;
      }
      case 'redeem': {
        const share = book.get(intent.market.share.symbol);
        const asset = book.get(intent.market.asset.symbol);
        const amountToken = book.get(intent.amount.token.symbol);
        const amount = units(amountIn(intent.amount, amountToken), `"${intent.clause}"`);
        const shares = amountToken.mint === share.mint ? amount : (book.convert(asset, share, amount) ?? amount);
        stepIds.push(builder.redeem(share, shares, asset));
        break;
      }
      case 'transfer': {
        const token = book.get(intent.token.symbol);
        stepIds.push(builder.transfer(token, amountIn(intent.amount, token), intent.recipient));
        break;
      }
      case 'balance':
        stepIds.push(builder.balanceCheck());
        break;
      case 'positions':
        stepIds.push(builder.positions());
        break;
      case 'mint':
        throw new PlanningError(`"${intent.clause}": minting shares is a benchmark action; ask to lend instead`, 'unplannable');
    }
  }
  return builder.steps.length > 1 ? 'multi_step' : 'single_step';
}

/** Schema validation plus consistency: known tools, positive amounts, unique step ids, dependencies that exist earlier. */
export function validatePlan(candidate: unknown, tokens: readonly KnownToken[]): DynamicFlowPlan {
  const parsed = DynamicFlowPlanSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanningError(`invalid plan: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'schema mismatch'}`, 'invalid_plan');
  }
  const plan = parsed.data;
  const seen = new Set<string>();
  for (const step of plan.steps) {
    if (seen.has(step.step_id)) throw new PlanningError(`invalid plan: step id ${step.step_id} is used twice`, 'invalid_plan');
    for (const dep of step.depends_on) {
      if (!seen.has(dep)) throw new PlanningError(`invalid plan: step ${step.step_id} depends on ${dep}, which does not come before it`, 'invalid_plan');
    }
    for (const reference of step.prompt_template.matchAll(/\{\{\s*([A-Za-z0-9_-]+)\.(received|spent)\.([A-Za-z0-9]+)\s*\}\}/g)) {
      if (!seen.has(reference[1] ?? '')) {
        throw new PlanningError(`invalid plan: step ${step.step_id} uses the result of ${reference[1]}, which does not come before it`, 'invalid_plan');
      }
      const symbol = reference[3] ?? '';
      if (symbol !== 'SOL' && !tokens.some((token) => token.symbol === symbol)) {
        throw new PlanningError(`invalid plan: step ${step.step_id} names unknown token ${symbol}`, 'invalid_plan');
      }
    }
    if (/(^|\s)(-\d|0(\.0+)?\s)/.test(step.prompt_template)) {
      throw new PlanningError(`invalid plan: step ${step.step_id} has a zero or negative amount: "${step.prompt_template}"`, 'invalid_plan');
    }
    for (const recovery of step.recovery_strategy?.type === 'AlternativeFlow' ? [step.recovery_strategy] : []) {
      if (!plan.alternatives?.some((alt) => (alt as DynamicFlowPlan).flow_id === recovery.flow_id)) {
        throw new PlanningError(`invalid plan: step ${step.step_id} names alternative flow ${recovery.flow_id}, which the plan lacks`, 'invalid_plan');
      }
    }
    seen.add(step.step_id);
  }
  return plan;
}
