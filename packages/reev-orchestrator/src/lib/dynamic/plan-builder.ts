import { formatUnits, WSOL_MINT, type DynamicStep, type ExpectedEffect, type ToolName } from '@reev/types';
import { PlanningError } from './planner';
import { requirePositiveUnits, type ProjectedWallet, type TokenInfo } from './projected-wallet';

/** A fixed amount in base units, or what an earlier step really received (filled in at run time). */
export type Amount =
  | { kind: 'units'; value: number }
  | { kind: 'received'; stepId: string; symbol: string; share?: { numerator: number; denominator: number } };

/** Tools that only read; every other step sends a transaction the wallet pays a fee for. */
const READ_ONLY_TOOLS: ReadonlySet<ToolName> = new Set(['get_account_balance', 'get_jupiter_lend_earn_position', 'get_jupiter_lend_earn_tokens']);

/** Accumulates steps, checking each amount against the projected wallet before the step exists. */
export class PlanBuilder {
  readonly steps: DynamicStep[] = [];
  private counter = 0;
  /** Lending-pool reads the request asks for, added right before the first step that moves funds. */
  private poolReadsBeforeActions: (TokenInfo | undefined)[];

  constructor(
    readonly book: ProjectedWallet,
    options: { poolReadsBeforeActions?: readonly (TokenInfo | undefined)[] } = {},
  ) {
    this.poolReadsBeforeActions = [...(options.poolReadsBeforeActions ?? [])];
  }

  private id(kind: string): string {
    this.counter += 1;
    return `${kind}_${this.counter}`;
  }

  private amountText(amount: Amount, token: TokenInfo): string {
    if (amount.kind === 'units') return formatUnits(amount.value, token.decimals);
    const share = amount.share ? ` * ${amount.share.numerator}/${amount.share.denominator}` : '';
    return `{{${amount.stepId}.received.${amount.symbol}${share}}}`;
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
    if (tools.some((tool) => !READ_ONLY_TOOLS.has(tool))) {
      const reads = this.poolReadsBeforeActions;
      this.poolReadsBeforeActions = [];
      for (const token of reads) this.lendPools(token);
      this.book.payFee(description);
    }
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

  private effect(token: TokenInfo, direction: 'increase' | 'decrease', minDelta = 1, owner = this.book.context.owner): ExpectedEffect {
    return { account_owner: owner, mint: token.mint === WSOL_MINT ? 'SOL' : token.mint, direction, min_delta: minDelta };
  }

  private dependencies(amount: Amount): string[] {
    return amount.kind === 'received' ? [amount.stepId] : [];
  }

  private spend(token: TokenInfo, amount: Amount, what: string): void {
    if (amount.kind === 'units') this.book.spend(token, amount.value, what);
  }

  /** At least one base unit moves; a fixed amount moves exactly that much. */
  private delta(amount: Amount): number {
    return amount.kind === 'units' ? amount.value : 1;
  }

  balanceCheck(description = 'Read the wallet balances'): string {
    return this.add('balance', ['get_account_balance'], 'Check my wallet balance.', description, [], [], false);
  }

  positions(description = 'Read the Jupiter lending positions'): string {
    return this.add('positions', ['get_jupiter_lend_earn_position'], 'Show my Jupiter lending positions and earnings.', description, [], [], false);
  }

  /** Reads the Jupiter lending pools (prices, rates, APYs), all of them or the one of `token`. */
  lendPools(token?: TokenInfo): string {
    const prompt = token ? `Check the ${token.symbol} lending rate on Jupiter.` : 'Compare the APYs of the Jupiter lending pools.';
    const description = token ? `Read the ${token.symbol} Jupiter lending pool and its rates` : 'Read the Jupiter lending pools and their rates';
    return this.add('pools', ['get_jupiter_lend_earn_tokens'], prompt, description, [], [], false);
  }

  swap(from: TokenInfo, to: TokenInfo, amount: Amount): string {
    if (from.mint === to.mint) throw new PlanningError(`a swap needs two different tokens, not ${from.symbol} to ${to.symbol}`, 'unplannable');
    this.spend(from, amount, `swapping ${from.symbol} to ${to.symbol}`);
    if (amount.kind === 'units') this.book.receive(to, this.book.convert(from, to, amount.value) ?? 0);
    const text = this.amountText(amount, from);
    return this.add(
      'swap',
      ['jupiter_swap'],
      `Swap ${text} ${from.symbol} to ${to.symbol} using Jupiter.`,
      `Swap ${text} ${from.symbol} to ${to.symbol}`,
      [this.effect(to, 'increase'), this.effect(from, 'decrease', this.delta(amount))],
      this.dependencies(amount),
    );
  }

  lend(token: TokenInfo, amount: Amount): string {
    const share = this.book.shareTokenOf(token);
    this.spend(token, amount, `lending ${token.symbol}`);
    if (amount.kind === 'units') this.book.receive(share, this.book.convert(token, share, amount.value) ?? amount.value);
    const text = this.amountText(amount, token);
    return this.add(
      'lend',
      ['jupiter_lend_earn_deposit'],
      `Deposit ${text} ${token.symbol} into Jupiter lending.`,
      `Lend ${text} ${token.symbol} on Jupiter`,
      [this.effect(share, 'increase'), this.effect(token, 'decrease', this.delta(amount))],
      this.dependencies(amount),
    );
  }

  /** Withdraws `units` of the underlying; the position must be worth that much when the step runs. */
  withdraw(token: TokenInfo, units: number): string {
    const share = this.book.shareTokenOf(token);
    const what = `withdrawing ${token.symbol} from Jupiter lending`;
    requirePositiveUnits(units, what);
    const held = this.book.balance(share);
    if (held === 0) throw new PlanningError(`${what}: the wallet has no ${token.symbol} lending position (no ${share.symbol})`, 'unaffordable');
    const shares = Math.max(1, this.book.convert(token, share, units) ?? units);
    if (shares > held) {
      throw new PlanningError(
        `${what} needs a position worth ${formatUnits(units, token.decimals)} ${token.symbol}, but it holds only ${formatUnits(held, share.decimals)} ${share.symbol}`,
        'unaffordable',
      );
    }
    this.book.spend(share, shares, what);
    this.book.receive(token, units);
    const text = formatUnits(units, token.decimals);
    return this.add(
      'withdraw',
      ['jupiter_lend_earn_withdraw'],
      `Withdraw ${text} ${token.symbol} from Jupiter lending.`,
      `Withdraw ${text} ${token.symbol} from Jupiter lending`,
      [this.effect(token, 'increase', units), this.effect(share, 'decrease')],
    );
  }

  redeem(share: TokenInfo, shares: number, underlying: TokenInfo): string {
    const what = `redeeming ${share.symbol}`;
    if (this.book.balance(share) === 0) throw new PlanningError(`${what}: the wallet has no ${underlying.symbol} lending position (no ${share.symbol})`, 'unaffordable');
    this.book.spend(share, shares, what);
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

  /** The recipient's balance of the token must rise by the amount sent, not only the sender's fall. */
  transfer(token: TokenInfo, amount: Amount, recipient: string, recipientLabel = recipient): string {
    if (recipient === this.book.context.owner) throw new PlanningError(`sending ${token.symbol}: the recipient ${recipientLabel} is the wallet itself`, 'unplannable');
    this.spend(token, amount, `sending ${token.symbol}`);
    const text = this.amountText(amount, token);
    const tool: ToolName = token.mint === WSOL_MINT ? 'sol_transfer' : 'spl_transfer';
    return this.add(
      'transfer',
      [tool],
      `Send ${text} ${token.symbol} to ${recipient}.`,
      `Send ${text} ${token.symbol}`,
      [this.effect(token, 'decrease', this.delta(amount)), this.effect(token, 'increase', this.delta(amount), recipient)],
      this.dependencies(amount),
    );
  }
}
