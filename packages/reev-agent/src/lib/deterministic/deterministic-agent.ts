import type { ToolName, ToolOutcome } from '@reev/types';
import type { Agent, AgentStepRequest, AgentStepResponse, AgentUsage } from '../agent';
import { divide, formatBaseUnits, isWhole, shareOf } from './amounts';
import type { AmountSpec, Intent, LendMarket, ParsedPrompt, TokenRef } from './intent';
import { PromptNotUnderstoodError } from './intent';
import { parsePrompt } from './parse-intents';
import { SOL_FEE_RESERVE_LAMPORTS } from './tokens';
import { readExchangeRate, readLamports, readTokenAmount, receivedFromBalanceChanges } from './tool-output';

const NO_USAGE: AgentUsage = { inputTokens: 0, outputTokens: 0, llmCalls: 0, latencyMs: 0 };

/** Ends the step: a failed tool call, an abort, the turn limit, or a result that cannot be read. */
class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** What an intent left in the wallet, for a later "deposit it". */
type Produced = { token: TokenRef; amount: bigint } | { token: TokenRef; unknown: string };

/** How a withdrawal or redemption is expressed: shares to give back, or underlying to take out. */
const countsShares = (amount: AmountSpec, market: LendMarket): boolean => amount.token.mint === market.share.mint;

/** The tools an intent will call, known before any call is made. */
function toolsFor(intent: Intent): ToolName[] {
  const readsBalance = 'amount' in intent && (intent.amount.kind === 'all' || intent.amount.kind === 'share');
  const balance: ToolName[] = readsBalance ? ['get_account_balance'] : [];
  switch (intent.kind) {
    case 'transfer':
      return [...balance, intent.token.native ? 'sol_transfer' : 'spl_transfer'];
    case 'swap':
      return [...balance, 'jupiter_swap'];
    case 'deposit':
      return [...balance, 'jupiter_lend_earn_deposit'];
    case 'withdraw':
      return readsBalance || countsShares(intent.amount, intent.market)
        ? [...balance, 'jupiter_lend_earn_redeem']
        : ['jupiter_lend_earn_withdraw'];
    case 'mint':
      return countsShares(intent.amount, intent.market)
        ? ['jupiter_lend_earn_mint']
        : [...balance, 'get_jupiter_lend_earn_position', 'jupiter_lend_earn_mint'];
    case 'redeem':
      return readsBalance || countsShares(intent.amount, intent.market)
        ? [...balance, 'jupiter_lend_earn_redeem']
        : ['get_jupiter_lend_earn_position', 'jupiter_lend_earn_redeem'];
    case 'balance':
      return ['get_account_balance'];
    case 'positions':
      return ['get_jupiter_lend_earn_position'];
    case 'pools':
      return ['get_jupiter_lend_earn_tokens'];
  }
}

const describe = (amount: bigint, token: TokenRef): string =>
  `${formatBaseUnits(amount, token.decimals)} ${token.symbol} (${amount} ${token.native ? 'lamports' : 'base units'})`;

/** Carries out the intents of one step through `callTool`, one tool call per turn. */
class StepRun {
  turns = 0;
  readonly log: string[] = [];
  /** Per intent, what it produced; undefined for checks, which move no funds. */
  private readonly produced: (Produced | undefined)[] = [];

  constructor(private readonly request: AgentStepRequest) {}

  private get wallet(): string {
    return this.request.context.wallet;
  }

  async carryOut(intent: Intent): Promise<void> {
    this.produced.push(await this.execute(intent));
  }

  private async execute(intent: Intent): Promise<Produced | undefined> {
    switch (intent.kind) {
      case 'transfer': {
        const amount = await this.resolve(intent.amount, 'send');
        const outcome = intent.token.native
          ? await this.call('sol_transfer', { user_pubkey: this.wallet, recipient_pubkey: intent.recipient, amount: toArgument(amount) })
          : await this.call('spl_transfer', { user_pubkey: this.wallet, recipient_pubkey: intent.recipient, amount: toArgument(amount), mint_address: intent.token.mint });
        this.note(outcome, `sent ${describe(amount, intent.token)} to ${intent.recipientLabel}${intent.recipientLabel === intent.recipient ? '' : ` (${intent.recipient})`}`);
        return { token: intent.token, amount };
      }
      case 'swap': {
        const amount = await this.resolve(intent.amount, 'swap');
        const outcome = await this.call('jupiter_swap', {
          user_pubkey: this.wallet,
          input_mint: intent.from.mint,
          output_mint: intent.to.mint,
          amount: toArgument(amount),
          ...(intent.slippageBps !== undefined ? { slippage_bps: intent.slippageBps } : {}),
        });
        const produced = this.received(outcome, intent.to, 'jupiter_swap');
        this.note(outcome, `swapped ${describe(amount, intent.from)} for ${'amount' in produced ? describe(produced.amount, intent.to) : intent.to.symbol}`);
        return produced;
      }
      case 'deposit': {
        const amount = await this.resolve(intent.amount, 'deposit');
        const outcome = await this.call('jupiter_lend_earn_deposit', { user_pubkey: this.wallet, asset_mint: intent.market.asset.mint, amount: toArgument(amount) });
        const produced = this.received(outcome, intent.market.share, 'jupiter_lend_earn_deposit');
        this.note(outcome, `deposited ${describe(amount, intent.market.asset)} into Jupiter lending`);
        return produced;
      }
      case 'withdraw': {
        if (intent.amount.kind === 'all' || intent.amount.kind === 'share' || countsShares(intent.amount, intent.market)) {
          return this.redeemShares(intent.market, await this.shares(intent.amount, intent.market, 'withdraw'));
        }
        const amount = await this.resolve(intent.amount, 'withdraw');
        const outcome = await this.call('jupiter_lend_earn_withdraw', { user_pubkey: this.wallet, asset_mint: intent.market.asset.mint, amount: toArgument(amount) });
        this.note(outcome, `withdrew ${describe(amount, intent.market.asset)} from Jupiter lending`);
        return this.received(outcome, intent.market.asset, 'jupiter_lend_earn_withdraw');
      }
      case 'mint': {
        const { asset, share } = intent.market;
        const shares = countsShares(intent.amount, intent.market)
          ? await this.resolve(intent.amount, 'mint')
          : await this.toShares(await this.resolve(intent.amount, 'mint'), intent.market, 'down');
        const outcome = await this.call('jupiter_lend_earn_mint', { asset: asset.mint, signer: this.wallet, shares: toArgument(shares) });
        this.note(outcome, `minted ${describe(shares, share)} in Jupiter lending`);
        return { token: share, amount: shares };
      }
      case 'redeem':
        return this.redeemShares(intent.market, await this.shares(intent.amount, intent.market, 'redeem'));
      case 'balance': {
        const outcome = await this.call('get_account_balance', { pubkey: intent.pubkey, ...(intent.token && !intent.token.native ? { token_mint: intent.token.mint } : {}) });
        this.note(outcome, `balance of ${intent.pubkey}${intent.token ? ` (${intent.token.symbol})` : ''}: ${JSON.stringify(outcome.output)}`);
        return undefined;
      }
      case 'positions': {
        const outcome = await this.call('get_jupiter_lend_earn_position', { user_pubkey: intent.owner });
        this.note(outcome, `Jupiter lending positions and earnings of ${intent.owner}: ${JSON.stringify(outcome.output)}`);
        return undefined;
      }
      case 'pools': {
        const outcome = await this.call('get_jupiter_lend_earn_tokens', intent.token ? { symbol: intent.token.symbol } : {});
        this.note(outcome, `Jupiter lending pools${intent.token ? ` (${intent.token.symbol})` : ''}: ${JSON.stringify(outcome.output)}`);
        return undefined;
      }
    }
  }

  private async redeemShares(market: LendMarket, shares: bigint): Promise<Produced> {
    const outcome = await this.call('jupiter_lend_earn_redeem', { asset: market.asset.mint, signer: this.wallet, shares: toArgument(shares) });
    const produced = this.received(outcome, market.asset, 'jupiter_lend_earn_redeem');
    this.note(outcome, `redeemed ${describe(shares, market.share)} for ${'amount' in produced ? describe(produced.amount, market.asset) : market.asset.symbol}`);
    return produced;
  }

  /** Shares to give back for a withdrawal or redemption: all or part of the position, a count, or a value. */
  private async shares(amount: AmountSpec, market: LendMarket, verb: string): Promise<bigint> {
    if (amount.kind === 'all' || amount.kind === 'share') {
      const position = await this.walletBalance(market.share);
      const shares = amount.kind === 'all' ? position : shareOf(position, amount.share);
      if (shares <= 0n) throw new StepFailure(`nothing to ${verb}: the wallet holds ${describe(position, market.share)}`);
      return shares;
    }
    const resolved = await this.resolve(amount, verb);
    return countsShares(amount, market) ? resolved : this.toShares(resolved, market, 'up');
  }

  /** Underlying base units → share base units at the position's exchange rate (underlying per share). */
  private async toShares(underlying: bigint, market: LendMarket, rounding: 'down' | 'up'): Promise<bigint> {
    const outcome = await this.call('get_jupiter_lend_earn_position', { user_pubkey: this.wallet });
    const rate = readExchangeRate(outcome.output, market);
    if (rate === undefined) {
      throw new StepFailure(`get_jupiter_lend_earn_position reported no exchange rate for ${market.asset.symbol}/${market.share.symbol}: ${JSON.stringify(outcome.output)}`);
    }
    const shares = divide(
      underlying * rate.denominator * 10n ** BigInt(market.share.decimals),
      rate.numerator * 10n ** BigInt(market.asset.decimals),
      rounding,
    );
    if (shares <= 0n) throw new StepFailure(`${describe(underlying, market.asset)} is worth no whole ${market.share.symbol} base unit at the exchange rate ${rate.numerator}/${rate.denominator}`);
    return shares;
  }

  /** The base units an amount stands for, reading a balance or an earlier result when it must. */
  private async resolve(amount: AmountSpec, verb: string): Promise<bigint> {
    switch (amount.kind) {
      case 'exact':
        return amount.baseUnits;
      case 'previous': {
        const produced = this.produced[amount.intentIndex];
        if (produced === undefined || !('amount' in produced)) {
          throw new StepFailure(`cannot tell how much ${amount.token.symbol} the earlier action produced: ${produced === undefined ? 'it moves no funds' : produced.unknown}`);
        }
        if (produced.amount <= 0n) throw new StepFailure(`nothing to ${verb}: the earlier action produced no ${amount.token.symbol}`);
        if (amount.share === undefined) return produced.amount;
        const part = shareOf(produced.amount, amount.share);
        if (part <= 0n) throw new StepFailure(`nothing to ${verb}: ${amount.share.text} of ${describe(produced.amount, amount.token)} is less than one base unit`);
        return part;
      }
      case 'all':
      case 'share': {
        const balance = await this.walletBalance(amount.token);
        const whole = amount.kind === 'all' || isWhole(amount.share);
        const reserve = amount.token.native && whole ? SOL_FEE_RESERVE_LAMPORTS : 0n;
        const resolved = whole ? balance - reserve : shareOf(balance, amount.share);
        if (resolved <= 0n) {
          const kept = reserve > 0n ? ` after keeping ${describe(reserve, amount.token)} for fees` : '';
          throw new StepFailure(`nothing to ${verb}: the wallet holds ${describe(balance, amount.token)}${kept}`);
        }
        return resolved;
      }
    }
  }

  private async walletBalance(token: TokenRef): Promise<bigint> {
    const outcome = await this.call('get_account_balance', { pubkey: this.wallet, ...(token.native ? {} : { token_mint: token.mint }) });
    let balance: bigint | undefined;
    try {
      balance = token.native ? readLamports(outcome.output) : readTokenAmount(outcome.output, token.mint);
    } catch (error) {
      throw new StepFailure(`get_account_balance: ${(error as Error).message}`);
    }
    if (balance === undefined) {
      throw new StepFailure(`get_account_balance reported no ${token.symbol} balance for ${this.wallet}: ${JSON.stringify(outcome.output)}`);
    }
    this.note(outcome, `read the wallet's balance: ${describe(balance, token)}`);
    return balance;
  }

  /** What a call put into the wallet: from its balance changes, else from the amount its output states. */
  private received(outcome: ToolOutcome, token: TokenRef, tool: ToolName): Produced {
    const fromChanges = receivedFromBalanceChanges(outcome, token, this.wallet);
    if (fromChanges !== undefined) return { token, amount: fromChanges };
    try {
      const stated = readTokenAmount(outcome.output, token.mint);
      if (stated !== undefined) return { token, amount: stated };
    } catch (error) {
      return { token, unknown: `${tool}: ${(error as Error).message}` };
    }
    return { token, unknown: `${tool} reported neither a ${token.symbol} balance change nor a ${token.symbol} amount in its output` };
  }

  private async call(name: ToolName, args: Record<string, unknown>): Promise<ToolOutcome> {
    const { signal, maxTurns } = this.request;
    if (signal.aborted) throw new StepFailure(`aborted before ${name}: the step was cancelled after ${this.turns} tool call(s)`);
    if (this.turns >= maxTurns) throw new StepFailure(`turn limit reached: ${name} would be tool call ${this.turns + 1}, but maxTurns is ${maxTurns}`);
    this.turns += 1;
    const outcome = await this.request.callTool({ callId: `${this.request.stepId}#${this.turns}`, name, arguments: args });
    if (!outcome.ok) throw new StepFailure(`${name} failed: ${outcome.error ?? 'the tool gave no reason'}`);
    if (signal.aborted) throw new StepFailure(`aborted after ${name}: the step was cancelled after ${this.turns} tool call(s)`);
    return outcome;
  }

  private note(outcome: ToolOutcome, what: string): void {
    const signature = outcome.transactions[0]?.signature;
    this.log.push(signature === undefined ? what : `${what} (transaction ${signature})`);
  }
}

/** Tool arguments are JSON numbers; base units beyond 2^53 would lose precision, so they are refused. */
function toArgument(amount: bigint): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new StepFailure(`the amount ${amount} is too large to pass as a JSON number`);
  return value;
}

function summarise(log: readonly string[], parsed: ParsedPrompt): string {
  const lines = [...log];
  for (const sentence of parsed.restatements) lines.push(`read as restating the rest of the request: "${sentence}"`);
  return lines.join('\n');
}

/**
 * Solves a step from its prompt alone: parses the intents (see parseIntents), then calls the tools
 * for them in order, using each call's real result. It never guesses: a prompt it cannot read fails the
 * step without any tool call, and a failed call ends the step with that call's error.
 */
export class DeterministicAgent implements Agent {
  readonly name = 'deterministic';

  async runStep(request: AgentStepRequest): Promise<AgentStepResponse> {
    let parsed: ParsedPrompt;
    try {
      parsed = parsePrompt(request.prompt, request.context);
    } catch (error) {
      if (!(error instanceof PromptNotUnderstoodError)) throw error;
      return { finalMessage: `I could not understand the request: ${error.reason}`, turns: 0, error: `deterministic agent could not understand: ${error.reason}`, usage: NO_USAGE };
    }
    const offered = new Set(request.tools.map((tool) => tool.name));
    for (const intent of parsed.intents) {
      const missing = toolsFor(intent).filter((tool) => !offered.has(tool));
      if (missing.length > 0) {
        const error = `"${intent.clause}" needs ${missing.join(', ')}, which this step does not offer (offered: ${[...offered].join(', ') || 'none'})`;
        return { finalMessage: error, turns: 0, error, usage: NO_USAGE };
      }
    }
    const run = new StepRun(request);
    try {
      for (const intent of parsed.intents) await run.carryOut(intent);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      return { finalMessage: summarise([...run.log, `stopped: ${error.message}`], parsed), turns: run.turns, error: error.message, usage: NO_USAGE };
    }
    return { finalMessage: summarise(run.log, parsed), turns: run.turns, usage: NO_USAGE };
  }
}
