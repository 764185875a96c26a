/**
 * The words the intent grammar knows. Everything the parser recognises is listed here, so a new
 * phrasing is supported by adding a word to a table rather than a pattern to the parser.
 */

/**
 * What a verb asks for. `earn` counts as a deposit only when an amount follows ("earn with 50 USDC").
 * `unsupported` verbs name actions beyond one send/swap/lend step (staking, strategies): a clause
 * asking for one fails the prompt, so the agent never does half of a request silently.
 */
export type Action = 'transfer' | 'swap' | 'buy' | 'deposit' | 'earn' | 'move' | 'withdraw' | 'mint' | 'redeem' | 'query' | 'unsupported';

const VERB_FORMS: Record<Action, readonly string[]> = {
  transfer: ['send', 'sending', 'transfer', 'transferring', 'pay', 'paying'],
  swap: ['swap', 'swapping', 'convert', 'converting', 'exchange', 'exchanging', 'trade', 'trading', 'sell', 'selling'],
  buy: ['buy', 'buying', 'purchase'],
  // "lending" is left out on purpose: in "Jupiter lending" it names the protocol, not the action.
  deposit: ['deposit', 'depositing', 'lend', 'supply', 'supplying'],
  earn: ['earn'],
  // Where the funds go decides the action: a recipient (send), lending (deposit) or another token (swap).
  move: ['move', 'moving', 'put', 'putting', 'place', 'placing'],
  withdraw: ['withdraw', 'withdrawing'],
  mint: ['mint', 'minting'],
  redeem: ['redeem', 'redeeming'],
  query: [
    'check', 'checking', 'show', 'see', 'view', 'get', 'display', 'list', 'tell', 'fetch', 'what', "what's", 'how',
    // Reading before deciding: what they read is the clause's topic (balances, positions, lending pools).
    'analyze', 'analyse', 'analyzing', 'analysing', 'compare', 'comparing', 'review', 'reviewing', 'evaluate', 'assess', 'examine', 'inspect',
  ],
  unsupported: [
    'stake', 'staking', 'unstake', 'bridge', 'borrow', 'borrowing', 'repay', 'rebalance', 'rebalancing', 'optimize',
    'optimise', 'optimizing', 'maximize', 'maximise', 'maximizing', 'multiply', 'leverage', 'hedge', 'farm', 'compound',
    'diversify', 'calculate', 'implement', 'execute', 'allocate', 'preserve',
  ],
};

export const VERBS: ReadonlyMap<string, Action> = new Map(
  Object.entries(VERB_FORMS).flatMap(([action, forms]) => forms.map((form) => [form, action as Action] as const)),
);

/** A verb form right after one of these is a noun: "the swap", "my deposit". */
export const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'your', 'our', 'their', 'this', 'that', 'these', 'those', 'each', 'every', 'its', 'his', 'her']);

/** A verb form right after a protocol name is part of the name: "Jupiter lend", "Jup swap". */
export const PROTOCOL_NAMES = new Set(['jupiter', 'jup', "jupiter's"]);

/** A verb form right before one of these is a noun: "supply rate", "mint address", "transfer tool". */
export const NOUN_FOLLOWERS = new Set(['rate', 'rates', 'apy', 'apr', 'address', 'account', 'tool', 'amount', 'fee', 'fees', 'history', 'transaction', 'instruction', 'program', 'authority', 'price']);

/** Words that end one action and let the next begin ("swap …, then deposit …", "by converting …"). */
export const CONNECTORS = new Set(['and', 'then', 'after', 'afterwards', 'next', 'finally', 'also', 'later', 'lastly', 'by', 'plus']);

/** A sentence opening with one of these continues a sequence, so it never merely restates another. */
export const SEQUENCE_OPENERS = new Set(['then', 'next', 'after', 'afterwards', 'finally', 'also', 'lastly', 'and', 'second', 'secondly', 'third', 'thirdly']);

/** Words asking for an action to happen once more: such a sentence is never a restatement. */
export const REPEAT_MARKERS = new Set(['again', 'twice', 'another', 'more']);

/** "all the USDC", "the full USDC balance", "everything". */
export const WHOLE_BALANCE_WORDS = new Set(['all', 'everything', 'entire', 'full', 'whole', 'max', 'maximum']);

/** Fractions by their denominator: "half", "a third", "two thirds", "a quarter", "three quarters". */
export const FRACTION_WORDS: ReadonlyMap<string, number> = new Map([
  ['half', 2],
  ['halves', 2],
  ['third', 3],
  ['thirds', 3],
  ['quarter', 4],
  ['quarters', 4],
]);

/** How many parts, right before a fraction word ("two thirds"); none means one. */
export const FRACTION_COUNTS: ReadonlyMap<string, number> = new Map([
  ['a', 1],
  ['an', 1],
  ['one', 1],
  ['two', 2],
  ['three', 3],
]);

/** Pronouns pointing at what the previous action produced ("deposit it", "lend that", "redeem those jUSDC tokens"). */
export const RESULT_PRONOUNS = new Set(['it', 'them', 'those', 'these', 'that']);

/** "the USDC I received", "the proceeds", "the result". Without an earlier action in the prompt they mean the balance. */
export const RECEIVED_WORDS = new Set(['received', 'got', 'obtained', 'proceeds', 'resulting', 'result', 'output']);

/** Where "put", "place" or "move" sends funds into lending: "put 50 USDC into lending", "move it to the USDC pool". */
export const LENDING_DESTINATIONS = new Set(['lending', 'lend', 'earn', 'pool', 'pools', 'savings', 'vault', 'jupiter', 'jup', "jupiter's"]);

/** Quantities too vague to act on ("send the rest", "some SOL"): the clause fails instead of guessing. */
export const VAGUE_QUANTITY_WORDS = new Set(['some', 'rest', 'remainder', 'remaining', 'part', 'portion', 'most', 'few', 'bit', 'little', 'enough', 'several', 'any']);

/** Words allowed between a percentage and its token: "50% of my SOL". */
export const AMOUNT_FILLERS = new Set(['of', 'my', 'the', 'your', 'our']);

/** Before a recipient: "to the recipient (RECIPIENT_WALLET_PUBKEY)". */
export const RECIPIENT_PREPOSITIONS = new Set(['to', 'into']);

/** Before the token paid with, in "buy USDC with 1 SOL". */
export const PAYMENT_PREPOSITIONS = new Set(['with', 'using', 'from']);

export const SLIPPAGE_WORDS = new Set(['slippage']);
export const BASIS_POINT_WORDS = new Set(['bps', 'bp']);

/** What a question is about. */
export const BALANCE_TOPICS = new Set(['balance', 'balances', 'holdings', 'funds', 'have', 'hold', 'own']);
export const POSITION_TOPICS = new Set(['position', 'positions', 'earnings', 'earned', 'yield', 'interest']);
/** Of these, the ones that name the wallet's own positions even in a question about the lending pools. */
export const OWN_POSITION_TOPICS = new Set(['position', 'positions', 'earnings', 'earned']);

/**
 * A question about the lending pools themselves: a rate word alone ("compare current APYs"), or a pool or
 * rate word with a lending word in the clause ("analyze all Jupiter lending pools", "check the lending rates").
 */
export const LENDING_RATE_TOPICS = new Set(['apy', 'apys', 'apr', 'aprs']);
export const POOL_TOPICS = new Set(['pool', 'pools', 'rate', 'rates', 'market', 'markets']);
export const LENDING_WORDS = new Set(['lending', 'lend', 'earn', 'supply', 'deposit', 'deposits', 'interest', 'yield', 'yields']);

/**
 * Token names as users write them (lower case) → the symbol the environment uses. The environment's own
 * symbols (AgentContext.tokens) are recognised too, so a token added there needs no entry here.
 */
export const TOKEN_ALIASES: ReadonlyMap<string, string> = new Map([
  ['sol', 'SOL'],
  ['wsol', 'SOL'],
  ['usdc', 'USDC'],
  ['jlusdc', 'jlUSDC'],
  ['jusdc', 'jlUSDC'],
  ['l-usdc', 'jlUSDC'],
  ['lusdc', 'jlUSDC'],
  ['jlsol', 'jlSOL'],
  ['jsol', 'jlSOL'],
  ['l-sol', 'jlSOL'],
  ['lsol', 'jlSOL'],
]);

/** Jupiter lend markets: underlying symbol → share token symbol. */
export const LEND_SHARE_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['USDC', 'jlUSDC'],
  ['SOL', 'jlSOL'],
]);
