/**
 * The intent grammar, in stages:
 *   1. lex: the prompt becomes sentences of words, numbers, percentages, addresses and placeholder names;
 *   2. clauses: each verb of the vocabulary (send, swap, lend, …) opens a clause that runs to the next verb;
 *   3. arguments: in each clause, the token mentions, the accounts, and the amount — fixed ("0.1 SOL"), a
 *      share of a balance ("50% of my SOL"), the whole balance ("all my USDC"), or what an earlier clause
 *      produced ("deposit it", "the USDC I received");
 *   4. candidates: one intent per clause, or the reason it cannot be one;
 *   5. restatements: sentences that only repeat or summarise others are set aside;
 *   6. intents: what remains, in order — or an error naming the first clause that is unclear.
 */
import { deepFreeze, type AgentContext } from '@reev/types';
import { decimalToBaseUnits } from './amounts';
import { type AmountPhrase, ClauseArgumentError, type ClauseArguments, type Mention, readClauseArguments } from './clause-arguments';
import { type Clause, type SentenceClauses, splitClauses } from './clauses';
import { type AmountSpec, type Intent, type LendMarket, type ParsedPrompt, PromptNotUnderstoodError, type TokenRef } from './intent';
import { type Lexeme, lex } from './lexer';
import { type Candidate, invalid, type Problem, signatureOf, underspecified } from './candidates';
import { findRestatements, toIntents } from './restatements';
import { TokenLexicon, UnknownTokenError } from './tokens';
import {
  type Action,
  BALANCE_TOPICS,
  LENDING_DESTINATIONS,
  LENDING_RATE_TOPICS,
  LENDING_WORDS,
  OWN_POSITION_TOPICS,
  PAYMENT_PREPOSITIONS,
  POOL_TOPICS,
  POSITION_TOPICS,
  RECIPIENT_PREPOSITIONS,
} from './vocabulary';

/** The intent a reference ("it", "the USDC") points at: the last earlier action that was understood. */
interface Antecedent {
  index: number;
  produces: TokenRef;
}

/** Intents that move funds; the others are checks, read by readQuery. */
type MovingKind = Exclude<Intent['kind'], 'balance' | 'positions' | 'pools'>;
type LendKind = Exclude<MovingKind, 'transfer' | 'swap'>;

const KIND_OF_ACTION: Record<Exclude<Action, 'query' | 'unsupported' | 'move'>, MovingKind> = {
  transfer: 'transfer',
  swap: 'swap',
  buy: 'swap',
  deposit: 'deposit',
  earn: 'deposit',
  withdraw: 'withdraw',
  mint: 'mint',
  redeem: 'redeem',
};

/** The intent kind a clause is about, for reporting; questions and unsupported verbs count as checks. */
const kindOf = (action: Action): Intent['kind'] =>
  action === 'query' || action === 'unsupported' ? 'balance' : action === 'move' ? 'transfer' : KIND_OF_ACTION[action];

class ClauseReader {
  constructor(
    private readonly context: AgentContext,
    private readonly book: TokenLexicon,
  ) {}

  read(clause: Clause, antecedent: Antecedent | undefined): Omit<Candidate, 'signature'>[] {
    let args: ClauseArguments;
    try {
      args = readClauseArguments(clause.lexemes, this.book, this.context.keyMap);
    } catch (error) {
      if (error instanceof RangeError || error instanceof ClauseArgumentError) {
        return [{ clause, kind: kindOf(clause.action), problem: invalid(error.message) }];
      }
      throw error;
    }
    if (clause.action === 'unsupported') {
      const verb = clause.lexemes[clause.verbIndex]?.raw ?? '';
      return [{ clause, kind: kindOf(clause.action), problem: invalid(`it asks to ${verb}, which is more than a send, swap, lend or check; a multi-step request needs a plan`) }];
    }
    if (clause.action === 'query') return this.readQuery(clause, args);
    // "to earn yield" states a goal; "earn with 50 USDC" asks for a deposit.
    if (clause.action === 'earn' && args.fixedAmounts.length === 0 && args.whole === undefined) return [];
    const kind = clause.action === 'move' ? this.moveKind(clause, args) : KIND_OF_ACTION[clause.action];
    if (typeof kind !== 'string') return [{ clause, kind: kindOf(clause.action), problem: kind }];
    try {
      const amount = this.chooseAmount(args, antecedent);
      return [this.readAction(clause, kind, args, amount)];
    } catch (error) {
      if (error instanceof RangeError) return [{ clause, kind, problem: invalid(error.message) }];
      throw error;
    }
  }

  /** "put/place/move": to a recipient is a send, into lending a deposit, into another token a swap. */
  private moveKind(clause: Clause, args: ClauseArguments): MovingKind | Problem {
    if (this.findRecipient(clause, args.mentions) !== undefined) return 'transfer';
    const after = clause.lexemes.slice(clause.verbIndex + 1);
    if (after.some((lexeme) => lexeme.type === 'word' && LENDING_DESTINATIONS.has(lexeme.text))) return 'deposit';
    const tokens = new Set(args.mentions.flatMap((mention) => (mention.type === 'token' && mention.index > clause.verbIndex ? [mention.token.mint] : [])));
    if (tokens.size >= 2) return 'swap';
    const verb = clause.lexemes[clause.verbIndex]?.raw ?? '';
    return invalid(`it says "${verb}" but not where to: name a recipient, Jupiter lending, or the token to swap into`);
  }

  private readQuery(clause: Clause, args: ClauseArguments): Omit<Candidate, 'signature'>[] {
    const asked = clause.lexemes.slice(clause.verbIndex);
    const words = new Set(asked.flatMap((lexeme) => (lexeme.type === 'word' ? [lexeme.text] : [])));
    const mentions = args.mentions.filter((mention) => mention.index >= clause.verbIndex);
    const account = mentions.find((mention) => mention.type === 'account');
    if (account?.type === 'account' && account.address === undefined) {
      return [{ clause, kind: 'balance', problem: invalid(`${account.label} is not a name the context knows (keyMap)`) }];
    }
    const pubkey = account?.type === 'account' && account.address !== undefined ? account.address : this.context.wallet;
    const candidates: Omit<Candidate, 'signature'>[] = [];
    if ([...BALANCE_TOPICS].some((topic) => words.has(topic))) {
      // One token named: only its balance. Several ("my SOL and USDC balances"): the whole account.
      const named = new Map(mentions.flatMap((candidate) => (candidate.type === 'token' ? [[candidate.token.mint, candidate.token] as const] : [])));
      const token = named.size === 1 ? [...named.values()][0] : undefined;
      candidates.push({ clause, kind: 'balance', intent: { kind: 'balance', clause: clause.text, pubkey, ...(token ? { token } : {}) } });
    }
    const asksPools =
      [...LENDING_RATE_TOPICS].some((topic) => words.has(topic)) ||
      ([...POOL_TOPICS].some((topic) => words.has(topic)) && [...LENDING_WORDS].some((word) => words.has(word)));
    // In a question about the pools, "interest" and "yield" describe the pools; "my positions" still asks for the wallet's.
    const positionTopics = asksPools ? OWN_POSITION_TOPICS : POSITION_TOPICS;
    if ([...positionTopics].some((topic) => words.has(topic))) {
      candidates.push({ clause, kind: 'positions', intent: { kind: 'positions', clause: clause.text, owner: pubkey } });
    }
    if (asksPools) candidates.push(this.readPools(clause, mentions));
    return candidates;
  }

  /** One pool when the clause names one lendable token ("the USDC lending rate"), every pool otherwise. */
  private readPools(clause: Clause, mentions: readonly Mention[]): Omit<Candidate, 'signature'> {
    const named = new Map(
      mentions.flatMap((mention) => (mention.type === 'token' && this.book.lendMarketOf(mention.token) !== undefined ? [[this.book.lendMarketOf(mention.token)?.asset.mint, mention.token] as const] : [])),
    );
    const token = named.size === 1 ? [...named.values()][0] : undefined;
    return { clause, kind: 'pools', intent: { kind: 'pools', clause: clause.text, ...(token ? { token } : {}) } };
  }

  /** Picks the clause's amount; `undefined` when it states none. Throws RangeError for a malformed one. */
  private chooseAmount(args: ClauseArguments, antecedent: Antecedent | undefined): AmountSpec | Problem | undefined {
    const [fixed, ...others] = args.fixedAmounts;
    if (others.length > 0) {
      return invalid(`it states several amounts (${args.fixedAmounts.map(describePhrase).join(', ')}); say one`);
    }
    const previous = (token: TokenRef | undefined): AmountSpec | undefined =>
      antecedent !== undefined && (token === undefined || token.mint === antecedent.produces.mint)
        ? { kind: 'previous', token: antecedent.produces, intentIndex: antecedent.index }
        : undefined;
    const refersBack = args.reference !== undefined || args.mentionsReceived;
    // "half of it", "a third of the proceeds": a share of what the earlier action produced.
    if (fixed?.kind === 'share' && fixed.token === undefined && refersBack) {
      const fromAntecedent = previous(args.reference?.token);
      if (fromAntecedent?.kind === 'previous') return { ...fromAntecedent, share: fixed.share };
      return underspecified(`"${fixed.share.text}" of an earlier result, but no earlier action in this prompt produces ${args.reference?.token?.symbol ?? 'one'}`);
    }
    if (fixed !== undefined) return this.toSpec(fixed);
    // "all of it": the whole of what the earlier action produced.
    if (args.whole !== undefined && args.whole.token === undefined && args.reference?.kind === 'reference' && args.reference.strength === 'pronoun') {
      const fromAntecedent = previous(args.reference.token);
      if (fromAntecedent !== undefined) return fromAntecedent;
    }
    if (args.mentionsReceived) {
      const fromAntecedent = previous(args.whole?.token ?? args.reference?.token);
      if (fromAntecedent !== undefined) return fromAntecedent;
      const token = args.whole?.token ?? args.reference?.token;
      if (args.whole === undefined && token !== undefined) return { kind: 'all', token };
    }
    if (args.whole !== undefined) {
      return args.whole.token !== undefined ? { kind: 'all', token: args.whole.token } : underspecified('it says "all" but not of which token');
    }
    const reference = args.reference;
    if (reference?.kind === 'reference' && reference.strength !== 'received') {
      const fromAntecedent = previous(reference.token);
      if (fromAntecedent !== undefined) return fromAntecedent;
      if (reference.strength === 'pronoun') {
        return antecedent === undefined
          ? underspecified('it refers to an earlier result, but no earlier action in this prompt produces one')
          : invalid(`it refers to ${reference.token?.symbol ?? 'a token'}, but the previous action produces ${antecedent.produces.symbol}`);
      }
    }
    if (args.vagueQuantity !== undefined) return underspecified(`"${args.vagueQuantity}" is not an amount; say how much`);
    const namesToken = args.mentions.some((mention) => mention.type === 'token');
    if (!namesToken && antecedent !== undefined) return previous(undefined);
    if (args.bareNumbers.length > 0) return underspecified(`the amount ${args.bareNumbers.join(', ')} names no token`);
    return undefined;
  }

  private toSpec(phrase: AmountPhrase): AmountSpec | Problem {
    switch (phrase.kind) {
      case 'exact': {
        const baseUnits = decimalToBaseUnits(phrase.text, phrase.token.decimals, phrase.token.symbol);
        if (baseUnits === 0n) return invalid(`${phrase.text} ${phrase.token.symbol} is zero; an amount must be positive`);
        return { kind: 'exact', token: phrase.token, baseUnits, text: phrase.text };
      }
      case 'share':
        return phrase.token !== undefined
          ? { kind: 'share', token: phrase.token, share: phrase.share }
          : underspecified(`"${phrase.share.text}" is not of a named token (e.g. "50% of my SOL", "a third of my USDC")`);
      case 'all':
      case 'reference':
        throw new TypeError(`a ${phrase.kind} amount is not a fixed amount`);
    }
  }

  private readAction(clause: Clause, kind: MovingKind, args: ClauseArguments, chosen: AmountSpec | Problem | undefined): Omit<Candidate, 'signature'> {
    if (chosen !== undefined && 'severity' in chosen) return { clause, kind, problem: chosen };
    const amount = chosen;
    const base = { clause, kind };
    switch (kind) {
      case 'transfer':
        return { ...base, ...this.readTransfer(clause, args, amount) };
      case 'swap':
        return { ...base, ...this.readSwap(clause, args, amount) };
      default:
        return { ...base, ...this.readLend(clause, kind, args, amount) };
    }
  }

  private readTransfer(clause: Clause, args: ClauseArguments, amount: AmountSpec | undefined): Pick<Candidate, 'intent' | 'problem' | 'produces'> {
    if (amount === undefined) return { problem: underspecified('no amount to send') };
    const token = amount.token;
    const recipient = this.findRecipient(clause, args.mentions);
    if (recipient === undefined) return { problem: underspecified('no recipient (a placeholder name or a base58 address)') };
    if (recipient.address === undefined) return { problem: invalid(`the recipient ${recipient.label} is not a name the context knows (keyMap)`) };
    if (recipient.address === this.context.wallet) return { problem: invalid(`the recipient ${recipient.label} is the user's own wallet`) };
    const tokenAccount = this.context.observation.tokenAccounts[recipient.address];
    if (tokenAccount !== undefined && (token.native || tokenAccount.mint !== token.mint)) {
      const held = this.book.byMintAddress(tokenAccount.mint)?.symbol ?? tokenAccount.mint;
      return { problem: invalid(`the recipient ${recipient.label} is a token account for ${held}, not for ${token.symbol}`) };
    }
    return {
      intent: { kind: 'transfer', clause: clause.text, token, amount, recipient: recipient.address, recipientLabel: recipient.label },
      produces: token,
    };
  }

  /** The account after "to"/"into"; otherwise the only account in the clause that is not the user's. */
  private findRecipient(clause: Clause, mentions: readonly Mention[]): Extract<Mention, { type: 'account' }> | undefined {
    const accounts = mentions.filter((mention): mention is Extract<Mention, { type: 'account' }> => mention.type === 'account');
    const prepositions = clause.lexemes.flatMap((lexeme, index) => (lexeme.type === 'word' && RECIPIENT_PREPOSITIONS.has(lexeme.text) ? [index] : []));
    for (const at of prepositions) {
      const after = accounts.find((account) => account.index > at);
      if (after !== undefined) return after;
    }
    const others = accounts.filter((account) => !this.isUsersOwn(account));
    return others.length === 1 ? others[0] : undefined;
  }

  private isUsersOwn(account: Extract<Mention, { type: 'account' }>): boolean {
    if (account.label.startsWith('USER_')) return true;
    if (account.address === undefined) return false;
    return account.address === this.context.wallet || this.context.observation.tokenAccounts[account.address]?.owner === this.context.wallet;
  }

  private readSwap(clause: Clause, args: ClauseArguments, amount: AmountSpec | undefined): Pick<Candidate, 'intent' | 'problem' | 'produces'> {
    const tokens = args.mentions.filter((mention): mention is Extract<Mention, { type: 'token' }> => mention.type === 'token' && mention.index > clause.verbIndex);
    const paidWith = clause.action === 'buy' ? tokens.find((mention) => isAfterWord(clause, mention.index, PAYMENT_PREPOSITIONS)) : undefined;
    const from = paidWith?.token ?? amount?.token;
    if (amount === undefined) {
      const named = from ?? tokens[0]?.token;
      return { problem: underspecified(named ? `no amount of ${named.symbol} to swap` : 'no amount to swap') };
    }
    if (from === undefined) return { problem: underspecified('which token to swap') };
    if (amount.token.mint !== from.mint) {
      return { problem: invalid(`the swap tool takes the amount to spend: say how much ${from.symbol} to swap, not how much ${amount.token.symbol} to get`) };
    }
    const to = tokens.find((mention) => mention.token.mint !== from.mint)?.token;
    if (to === undefined) return { problem: underspecified(`no token to receive for the ${from.symbol}`) };
    return {
      intent: { kind: 'swap', clause: clause.text, from, to, amount, ...(args.slippageBps !== undefined ? { slippageBps: args.slippageBps } : {}) },
      produces: to,
    };
  }

  private readLend(clause: Clause, kind: LendKind, args: ClauseArguments, amount: AmountSpec | undefined): Pick<Candidate, 'intent' | 'problem' | 'produces'> {
    if (amount === undefined) return { problem: underspecified(`no amount to ${kind}`) };
    const market = this.book.lendMarketOf(amount.token);
    if (market === undefined) return { problem: invalid(`Jupiter lending has no market for ${amount.token.symbol}`) };
    const otherShare = args.mentions.find(
      (mention) => mention.type === 'token' && this.book.lendMarketOf(mention.token) !== undefined && this.book.lendMarketOf(mention.token)?.asset.mint !== market.asset.mint,
    );
    if (otherShare?.type === 'token') {
      return { problem: invalid(`${amount.token.symbol} and ${otherShare.token.symbol} belong to different lending markets`) };
    }
    const inShares = amount.token.mint === market.share.mint;
    if (kind === 'deposit' && inShares) {
      return { problem: invalid(`${market.share.symbol} is the lending share token; deposit takes the underlying ${market.asset.symbol}`) };
    }
    if (kind === 'mint' && inShares && amount.kind !== 'exact') {
      return { problem: invalid(`mint takes a number of ${market.share.symbol} shares or an amount of ${market.asset.symbol}, not a part of a ${market.share.symbol} balance`) };
    }
    const intent = buildLendIntent(kind, clause.text, market, amount);
    const produces = kind === 'deposit' || kind === 'mint' ? market.share : market.asset;
    return { intent, produces };
  }
}

/** One case per kind so that each object is checked against its own member of the Intent union. */
function buildLendIntent(kind: LendKind, clause: string, market: LendMarket, amount: AmountSpec): Intent {
  switch (kind) {
    case 'deposit':
      return { kind, clause, market, amount };
    case 'withdraw':
      return { kind, clause, market, amount };
    case 'mint':
      return { kind, clause, market, amount };
    case 'redeem':
      return { kind, clause, market, amount };
  }
}

function isAfterWord(clause: Clause, index: number, words: ReadonlySet<string>): boolean {
  const before = clause.lexemes[index - 1];
  const twoBefore = clause.lexemes[index - 2];
  return (before?.type === 'word' && words.has(before.text)) || (twoBefore?.type === 'word' && words.has(twoBefore.text));
}

function describePhrase(phrase: AmountPhrase): string {
  switch (phrase.kind) {
    case 'exact':
      return `${phrase.text} ${phrase.token.symbol}`;
    case 'share':
      return `${phrase.share.text}${phrase.token ? ` of ${phrase.token.symbol}` : ''}`;
    case 'all':
      return `all${phrase.token ? ` ${phrase.token.symbol}` : ''}`;
    case 'reference':
      return `the earlier result`;
  }
}

/** Parses a prompt into intents, in the order they are to be carried out. */
export function parsePrompt(prompt: string, context: AgentContext): ParsedPrompt {
  const key = parseKey(prompt, context);
  const cached = parsedPrompts.get(key);
  if (cached !== undefined) return cached;
  const parsed = deepFreeze(parseUncached(prompt, context));
  if (parsedPrompts.size >= PARSED_PROMPTS_MAX) parsedPrompts.delete(parsedPrompts.keys().next().value as string);
  parsedPrompts.set(key, parsed);
  return parsed;
}

/**
 * Parses of recent prompts: a step's prompt comes back whenever its flow or benchmark runs again (the same state,
 * the same amounts), and a parse costs far more than its key. Frozen, so that no caller can change a shared one.
 */
const parsedPrompts = new Map<string, ParsedPrompt>();
const PARSED_PROMPTS_MAX = 512;

/**
 * Everything of the context the grammar reads: the wallet, the placeholder names, the tokens, and of the observed
 * token accounts their mint and owner (a recipient must not be another token's account or the user's own).
 */
function parseKey(prompt: string, context: AgentContext): string {
  const accounts: string[] = [];
  for (const [address, account] of Object.entries(context.observation.tokenAccounts)) {
    accounts.push(`${address}:${account.mint}:${account.owner}`);
  }
  return JSON.stringify([prompt, context.wallet, context.keyMap, context.tokens, accounts]);
}


function parseUncached(prompt: string, context: AgentContext): ParsedPrompt {
  const sentences = lex(prompt).map((sentence, index) => splitClauses(sentence, index));
  const candidates = readCandidates(sentences, context);
  if (candidates.length === 0) throw new PromptNotUnderstoodError(noActionReason(prompt, sentences.flatMap((entry) => entry.sentence.lexemes)));
  const restatements = findRestatements(sentences, candidates);
  return { intents: toIntents(candidates, restatements), restatements: restatements.sentences };
}

function readCandidates(sentences: readonly SentenceClauses[], context: AgentContext): Candidate[] {
  const reader = new ClauseReader(context, new TokenLexicon(context.tokens));
  const candidates: Candidate[] = [];
  try {
    for (const clause of sentences.flatMap((entry) => entry.clauses)) {
      for (const read of reader.read(clause, lastUnderstoodAction(candidates))) {
        candidates.push({ ...read, signature: signatureOf(read.intent, read.kind) });
      }
    }
  } catch (error) {
    if (error instanceof UnknownTokenError) throw new PromptNotUnderstoodError(error.message);
    throw error;
  }
  return candidates;
}

/** Intents that only read: asked for anywhere in a prompt, they never depend on the other clauses. */
const CHECK_KINDS: ReadonlySet<Intent['kind']> = new Set(['balance', 'positions', 'pools']);

/**
 * The checks a prompt asks for (balances, positions, lending pools), each once and in order, whatever else it
 * asks: for a planner that plans a goal itself ("optimize my yield … analyze all Jupiter lending pools") and
 * reads only the clauses the grammar understands. Throws PromptNotUnderstoodError when it names an unknown token.
 */
export function parseChecks(prompt: string, context: AgentContext): Intent[] {
  const candidates = readCandidates(lex(prompt).map((sentence, index) => splitClauses(sentence, index)), context);
  const seen = new Set<string>();
  return candidates.flatMap(({ intent, problem, kind, signature }) => {
    if (intent === undefined || problem !== undefined || !CHECK_KINDS.has(kind) || seen.has(signature)) return [];
    seen.add(signature);
    return [intent];
  });
}

/** Parses a prompt into the intents to carry out; throws PromptNotUnderstoodError naming what is unclear. */
export function parseIntents(prompt: string, context: AgentContext): Intent[] {
  return parsePrompt(prompt, context).intents;
}

function lastUnderstoodAction(candidates: readonly Candidate[]): Antecedent | undefined {
  for (let index = candidates.length - 1; index >= 0; index -= 1) {
    const candidate = candidates[index];
    if (candidate?.problem === undefined && candidate?.produces !== undefined) return { index, produces: candidate.produces };
  }
  return undefined;
}

function noActionReason(prompt: string, lexemes: readonly Lexeme[]): string {
  const multiplier = lexemes.find((lexeme) => lexeme.type === 'multiplier');
  const found = prompt.trim() === '' ? 'the prompt is empty' : 'no action found';
  const expected = 'expected send/transfer, swap/convert, lend/deposit, withdraw, mint, redeem, or a balance, position or lending-pool check';
  return multiplier !== undefined
    ? `${found}; "${multiplier.raw}" is a multiplication target, which needs a multi-step plan rather than one action (${expected})`
    : `${found} (${expected})`;
}
