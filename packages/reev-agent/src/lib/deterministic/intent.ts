import type { KnownToken } from '@reev/types';

/**
 * What the user asked for, as parsed from a prompt. Amounts that are known from the prompt alone are
 * already in base units; the others say how to obtain them (a balance, a share of it, or what an
 * earlier intent of the same prompt produced).
 */
export type Intent =
  | TransferIntent
  | SwapIntent
  | LendDepositIntent
  | LendWithdrawIntent
  | LendMintIntent
  | LendRedeemIntent
  | BalanceIntent
  | PositionsIntent
  | LendPoolsIntent;

export type IntentKind = Intent['kind'];

/**
 * A token as tool arguments name it. Native SOL carries the wSOL mint, which stands for SOL in
 * swap and lend arguments; `native` tells balance reads to use lamports instead of a token account.
 */
export interface TokenRef extends KnownToken {
  native: boolean;
}

/** A Jupiter lend market: the underlying asset and the share token it mints. */
export interface LendMarket {
  asset: TokenRef;
  share: TokenRef;
}

export type AmountSpec =
  /** A fixed amount from the prompt ("0.1 SOL", "1,000 USDC"), `text` as written without separators. */
  | { kind: 'exact'; token: TokenRef; baseUnits: bigint; text: string }
  /** A share of the wallet's balance of `token` ("50% of my SOL", "a third of my USDC"). */
  | { kind: 'share'; token: TokenRef; share: Share }
  /** The wallet's whole balance of `token` (for SOL, minus the amount kept for fees). */
  | { kind: 'all'; token: TokenRef }
  /** What the intent at `intentIndex` (in the same prompt) produced of `token`, or `share` of it ("half of it"). */
  | { kind: 'previous'; token: TokenRef; intentIndex: number; share?: Share };

/** An exact part of a whole: 50% is 5000/10000, "a third" is 1/3; `text` as the prompt wrote it. */
export interface Share {
  numerator: number;
  denominator: number;
  text: string;
}

interface IntentSource {
  /** The words of the prompt this intent was read from. */
  clause: string;
}

export interface TransferIntent extends IntentSource {
  kind: 'transfer';
  token: TokenRef;
  amount: AmountSpec;
  /** Resolved address: a wallet, or a token account of `token`. */
  recipient: string;
  /** How the prompt named the recipient (placeholder name or the address itself). */
  recipientLabel: string;
}

export interface SwapIntent extends IntentSource {
  kind: 'swap';
  from: TokenRef;
  to: TokenRef;
  /** Always in `from` (the swap tool takes the amount to spend). */
  amount: AmountSpec;
  slippageBps?: number;
}

export interface LendDepositIntent extends IntentSource {
  kind: 'deposit';
  market: LendMarket;
  /** In the underlying asset. */
  amount: AmountSpec;
}

export interface LendWithdrawIntent extends IntentSource {
  kind: 'withdraw';
  market: LendMarket;
  /** In the underlying asset (withdraw that much) or in the share token (give back that many shares). */
  amount: AmountSpec;
}

export interface LendMintIntent extends IntentSource {
  kind: 'mint';
  market: LendMarket;
  /** In shares, or in the underlying asset (converted to shares at the position's exchange rate). */
  amount: AmountSpec;
}

export interface LendRedeemIntent extends IntentSource {
  kind: 'redeem';
  market: LendMarket;
  /** In shares, or in the underlying asset (converted to shares at the position's exchange rate). */
  amount: AmountSpec;
}

export interface BalanceIntent extends IntentSource {
  kind: 'balance';
  pubkey: string;
  /** Only this token's balance; undefined for everything the account holds. */
  token?: TokenRef;
}

export interface PositionsIntent extends IntentSource {
  kind: 'positions';
  owner: string;
}

/** A read of the Jupiter lending pools with their prices and rates, before choosing where to lend. */
export interface LendPoolsIntent extends IntentSource {
  kind: 'pools';
  /** Only the pool of this token (its asset or its share token); undefined for every pool. */
  token?: TokenRef;
}

/** Result of parsing one prompt. */
export interface ParsedPrompt {
  intents: Intent[];
  /** Sentences read as restating other sentences (a summary of the request, or the same request twice). */
  restatements: string[];
}

/** The prompt could not be turned into intents; `reason` says which words and why. */
export class PromptNotUnderstoodError extends Error {
  constructor(readonly reason: string) {
    super(`could not understand the prompt: ${reason}`);
    this.name = 'PromptNotUnderstoodError';
  }
}
