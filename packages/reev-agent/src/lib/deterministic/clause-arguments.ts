import type { Share, TokenRef } from './intent';
import type { Lexeme } from './lexer';
import { percentToBasisPoints } from './amounts';
import type { TokenLexicon } from './tokens';
import {
  AMOUNT_FILLERS,
  BASIS_POINT_WORDS,
  FRACTION_COUNTS,
  FRACTION_WORDS,
  RECEIVED_WORDS,
  RESULT_PRONOUNS,
  SLIPPAGE_WORDS,
  VAGUE_QUANTITY_WORDS,
  WHOLE_BALANCE_WORDS,
} from './vocabulary';

/** A token or an account named in a clause, at lexeme position `index`. */
export type Mention =
  | { type: 'token'; index: number; token: TokenRef }
  /** `address` is undefined for a placeholder name the context does not know. */
  | { type: 'account'; index: number; address: string | undefined; label: string };

/** How much a clause asks for, before it is tied to the intents around it. */
export type AmountPhrase =
  | { kind: 'exact'; text: string; token: TokenRef }
  /** "50% of my SOL", "a third of it": `token` undefined when no token follows. */
  | { kind: 'share'; share: Share; token: TokenRef | undefined }
  | { kind: 'all'; token: TokenRef | undefined }
  /** "it", "those jUSDC tokens" (pronoun), "the USDC" (article), "the USDC I received" (received). */
  | { kind: 'reference'; strength: 'pronoun' | 'article' | 'received'; token: TokenRef | undefined };

export interface ClauseArguments {
  mentions: Mention[];
  /** Fixed amounts and percentages; more than one makes the clause ambiguous. */
  fixedAmounts: AmountPhrase[];
  whole: AmountPhrase | undefined;
  reference: AmountPhrase | undefined;
  /** "received", "proceeds", …: the amount is what an earlier action produced, or else the balance. */
  mentionsReceived: boolean;
  /** Numbers followed by no token ("send 5 to …"). */
  bareNumbers: string[];
  /** "the rest", "some": a quantity the grammar will not guess. */
  vagueQuantity: string | undefined;
  slippageBps: number | undefined;
}

export class ClauseArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClauseArgumentError';
  }
}

export function mentionsOf(lexemes: readonly Lexeme[], book: TokenLexicon, keyMap: Readonly<Record<string, string>>): Mention[] {
  const mentions: Mention[] = [];
  lexemes.forEach((lexeme, index) => {
    if (lexeme.type === 'word') {
      const token = book.byWord(lexeme.raw);
      if (token !== undefined) mentions.push({ type: 'token', index, token });
    } else if (lexeme.type === 'address') {
      const token = book.byMintAddress(lexeme.text);
      mentions.push(token !== undefined ? { type: 'token', index, token } : { type: 'account', index, address: lexeme.text, label: lexeme.text });
    } else if (lexeme.type === 'placeholder') {
      mentions.push({ type: 'account', index, address: keyMap[lexeme.text], label: lexeme.text });
    }
  });
  return mentions;
}

/** The token right after position `index`, with only filler words ("of my the") in between. */
function tokenAfter(lexemes: readonly Lexeme[], mentions: readonly Mention[], index: number): TokenRef | undefined {
  for (let at = index + 1; at < lexemes.length; at += 1) {
    const mention = mentions.find((candidate) => candidate.index === at);
    if (mention !== undefined) return mention.type === 'token' ? mention.token : undefined;
    const lexeme = lexemes[at];
    if (lexeme?.type !== 'word' || !AMOUNT_FILLERS.has(lexeme.text)) return undefined;
  }
  return undefined;
}

const isWordIn = (lexeme: Lexeme | undefined, words: ReadonlySet<string>): boolean =>
  lexeme?.type === 'word' && words.has(lexeme.text);

/** "with 1% slippage", "slippage of 50 bps", "0.5% slippage": the positions used and the value. */
function findSlippage(lexemes: readonly Lexeme[]): { bps: number; used: Set<number> } | undefined {
  const at = lexemes.findIndex((lexeme) => isWordIn(lexeme, SLIPPAGE_WORDS));
  if (at < 0) return undefined;
  for (const index of [at - 1, at + 1, at + 2, at - 2, at - 3]) {
    const lexeme = lexemes[index];
    if (lexeme?.type === 'percent') {
      return { bps: percentToBasisPoints(lexeme.text), used: new Set([index]) };
    }
    if (lexeme?.type === 'number' && isWordIn(lexemes[index + 1], BASIS_POINT_WORDS)) {
      if (!/^\d+$/.test(lexeme.text)) throw new ClauseArgumentError(`slippage of ${lexeme.text} bps is not a whole number`);
      return { bps: Number(lexeme.text), used: new Set([index]) };
    }
  }
  throw new ClauseArgumentError('slippage is mentioned without a value (e.g. "1% slippage" or "50 bps slippage")');
}

/** "half", "a third", "two thirds" at `index` (the fraction word) as an exact share. */
function fractionAt(lexemes: readonly Lexeme[], index: number): Share {
  const word = lexemes[index];
  const denominator = word?.type === 'word' ? (FRACTION_WORDS.get(word.text) ?? 0) : 0;
  const before = lexemes[index - 1];
  const count = before?.type === 'word' ? FRACTION_COUNTS.get(before.text) : undefined;
  const numerator = count ?? 1;
  const text = count !== undefined ? `${before?.raw ?? ''} ${word?.raw ?? ''}` : (word?.raw ?? '');
  if (numerator > denominator) throw new ClauseArgumentError(`"${text}" is more than the whole`);
  return { numerator, denominator, text };
}

export function readClauseArguments(lexemes: readonly Lexeme[], book: TokenLexicon, keyMap: Readonly<Record<string, string>>): ClauseArguments {
  const mentions = mentionsOf(lexemes, book, keyMap);
  const slippage = findSlippage(lexemes);
  const result: ClauseArguments = {
    mentions,
    fixedAmounts: [],
    whole: undefined,
    reference: undefined,
    mentionsReceived: false,
    bareNumbers: [],
    vagueQuantity: undefined,
    slippageBps: slippage?.bps,
  };
  const tokenMentions = mentions.filter((mention) => mention.type === 'token');
  lexemes.forEach((lexeme, index) => {
    if (slippage?.used.has(index)) return;
    const next = tokenAfter(lexemes, mentions, index);
    if (lexeme.type === 'number') {
      if (next !== undefined) result.fixedAmounts.push({ kind: 'exact', text: lexeme.text, token: next });
      else result.bareNumbers.push(lexeme.raw);
    } else if (lexeme.type === 'percent') {
      const share = { numerator: percentToBasisPoints(lexeme.text), denominator: 10_000, text: lexeme.raw };
      result.fixedAmounts.push({ kind: 'share', share, token: next });
    } else if (lexeme.type === 'negative') {
      throw new ClauseArgumentError(`${lexeme.raw} is negative; an amount must be positive`);
    } else if (lexeme.type !== 'word') {
      return;
    } else if (FRACTION_WORDS.has(lexeme.text)) {
      result.fixedAmounts.push({ kind: 'share', share: fractionAt(lexemes, index), token: next });
    } else if (WHOLE_BALANCE_WORDS.has(lexeme.text)) {
      // "withdraw all from my jlUSDC position": with one token in the clause, "all" is of that token.
      const only = tokenMentions.length === 1 && tokenMentions[0]?.type === 'token' ? tokenMentions[0].token : undefined;
      result.whole ??= { kind: 'all', token: next ?? only };
    } else if (RESULT_PRONOUNS.has(lexeme.text)) {
      result.reference ??= { kind: 'reference', strength: 'pronoun', token: next };
    } else if (lexeme.text === 'the' && next !== undefined && mentions.some((mention) => mention.index === index + 1)) {
      result.reference ??= { kind: 'reference', strength: 'article', token: next };
    } else if (RECEIVED_WORDS.has(lexeme.text)) {
      result.mentionsReceived = true;
    } else if (VAGUE_QUANTITY_WORDS.has(lexeme.text)) {
      result.vagueQuantity ??= lexeme.raw;
    }
  });
  return result;
}
