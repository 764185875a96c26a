import { JLUSDC_MINT, USDC_MINT, WSOL_MINT } from '@reev/types';
import { lex } from './lexer';
import { PromptNotUnderstoodError } from './intent';
import { parseIntents, parsePrompt } from './parse-intents';
import { addressFor, FakeToolEdge } from './test-support/fake-tool-edge';

function context() {
  const edge = new FakeToolEdge(addressFor('parser|USER_WALLET_PUBKEY'));
  edge.fundWallet('USER_WALLET_PUBKEY', 1_000_000_000n);
  edge.fundWallet('RECIPIENT_WALLET_PUBKEY', 0n);
  edge.fundTokenAccount('RECIPIENT_USDC_ATA', edge.keyMap['RECIPIENT_WALLET_PUBKEY'] ?? '', USDC_MINT, 0n);
  return edge.context();
}

describe('lex', () => {
  it('reads numbers with separators, percentages, multipliers, placeholders, addresses and sentences', () => {
    const address = addressFor('x');
    const [first, second] = lex(`Send 1,000.5 USDC to (RECIPIENT_WALLET_PUBKEY). Use 50% or 12 percent, 1.5x of ${address}!`);
    expect(first?.lexemes.map((lexeme) => [lexeme.type, lexeme.text])).toEqual([
      ['word', 'send'],
      ['number', '1000.5'],
      ['word', 'usdc'],
      ['word', 'to'],
      ['placeholder', 'RECIPIENT_WALLET_PUBKEY'],
    ]);
    expect(second?.lexemes.map((lexeme) => lexeme.type)).toEqual(['word', 'percent', 'word', 'percent', 'comma', 'multiplier', 'word', 'address']);
    expect(second?.text).toBe(`Use 50% or 12 percent, 1.5x of ${address}!`);
  });
});

describe('parseIntents', () => {
  it('gives the planner typed intents with base units and token references', () => {
    const ctx = context();
    const [swap, deposit] = parseIntents('Swap 2 SOL to USDC and then deposit the USDC into Jupiter lending', ctx);
    expect(swap).toMatchObject({
      kind: 'swap',
      from: { symbol: 'SOL', mint: WSOL_MINT, decimals: 9, native: true },
      to: { symbol: 'USDC', mint: USDC_MINT },
      amount: { kind: 'exact', baseUnits: 2_000_000_000n, text: '2' },
      clause: 'Swap 2 SOL to USDC and then',
    });
    expect(deposit).toMatchObject({
      kind: 'deposit',
      market: { asset: { symbol: 'USDC' }, share: { symbol: 'jlUSDC', mint: JLUSDC_MINT } },
      amount: { kind: 'previous', token: { symbol: 'USDC' }, intentIndex: 0 },
    });
  });

  it('resolves a recipient token account through the key map', () => {
    const ctx = context();
    const [transfer] = parseIntents('send 3 usdc to RECIPIENT_USDC_ATA', ctx);
    expect(transfer).toMatchObject({ kind: 'transfer', recipient: ctx.keyMap['RECIPIENT_USDC_ATA'], recipientLabel: 'RECIPIENT_USDC_ATA' });
  });

  it('drops a sentence that repeats an earlier one and points later references at the original', () => {
    const parsed = parsePrompt('Swap 1 SOL to USDC. Swap 1 SOL to USDC. Then deposit it into Jupiter lending.', context());
    expect(parsed.intents.map((intent) => intent.kind)).toEqual(['swap', 'deposit']);
    expect(parsed.intents[1]).toMatchObject({ amount: { kind: 'previous', intentIndex: 0 } });
    expect(parsed.restatements).toEqual(['Swap 1 SOL to USDC.']);
  });

  it('drops a summary sentence that another sentence states in full', () => {
    const parsed = parsePrompt('I want to earn yield on my SOL by converting it to USDC and depositing it. Swap 1 SOL to USDC, then lend it on Jupiter.', context());
    expect(parsed.intents.map((intent) => intent.kind)).toEqual(['swap', 'deposit']);
    expect(parsed.restatements).toEqual(['I want to earn yield on my SOL by converting it to USDC and depositing it.']);
  });

  it('does not treat an unclear sentence as a summary when it continues the sequence', () => {
    expect(() => parseIntents('Swap 1 SOL to USDC. Then swap my USDC for jlSOL.', context())).toThrow(
      new PromptNotUnderstoodError('"Then swap my USDC for jlSOL": no amount of USDC to swap'),
    );
  });

  it('treats nouns that look like verbs as nouns', () => {
    const intents = parseIntents('Deposit all the USDC I received from the swap into Jupiter lend to check the supply rate', context());
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ kind: 'deposit', amount: { kind: 'all', token: { symbol: 'USDC' } } });
  });

  it('leaves multiplication targets to the planner', () => {
    expect(() => parseIntents('get 1.5x more USDC', context())).toThrow(/"1.5x" is a multiplication target/);
  });

  it('knows a token by its mint address and refuses an alias missing from the environment', () => {
    const ctx = context();
    expect(parseIntents(`swap 1 ${WSOL_MINT} for ${USDC_MINT}`, ctx)[0]).toMatchObject({ from: { symbol: 'SOL' }, to: { symbol: 'USDC' } });
    const withoutJlSol = { ...ctx, tokens: ctx.tokens.filter((token) => token.symbol !== 'jlSOL') };
    expect(() => parseIntents('redeem 1 jSOL', withoutJlSol)).toThrow('jSOL (jlSOL) is not a token of this environment');
  });

  // The accepted forms of docs/agents.md ("The intent grammar"), one example each.
  it.each<[string, string]>([
    ['put 50 USDC into Jupiter lending', 'deposit USDC exact 50000000'],
    ['place 0.5 SOL in the SOL pool', 'deposit SOL exact 500000000'],
    ['supply 10 USDC to lending', 'deposit USDC exact 10000000'],
    ['lend 10 USDC', 'deposit USDC exact 10000000'],
    ['move 0.1 SOL to RECIPIENT_WALLET_PUBKEY', 'transfer SOL exact 100000000'],
    ['move 1 SOL into USDC', 'swap SOL exact 1000000000'],
    ['exchange 0.2 SOL for USDC', 'swap SOL exact 200000000'],
    ['trade a quarter of my SOL for USDC', 'swap SOL share 1/4'],
    ['convert a third of my SOL to USDC', 'swap SOL share 1/3'],
    ['convert two thirds of my SOL to USDC', 'swap SOL share 2/3'],
    ['swap half of my SOL to USDC', 'swap SOL share 1/2'],
    ['swap 12.5% of my SOL to USDC', 'swap SOL share 1250/10000'],
    ['swap all of my SOL to USDC', 'swap SOL all'],
  ])('reads %j', (prompt, expected) => {
    const [intent] = parseIntents(prompt, context());
    const amount = intent !== undefined && 'amount' in intent ? intent.amount : undefined;
    const detail =
      amount?.kind === 'exact' ? `exact ${amount.baseUnits}` : amount?.kind === 'share' ? `share ${amount.share.numerator}/${amount.share.denominator}` : amount?.kind;
    expect(`${intent?.kind} ${amount?.token.symbol} ${detail}`).toBe(expected);
  });

  // A read of the lending pools (get_jupiter_lend_earn_tokens): a rate word, or a pool/rate word with a lending word.
  it.each<[string, string[]]>([
    ['compare the APYs of the Jupiter pools', ['pools']],
    ['What are the current lending rates?', ['pools']],
    ['check rates on Jupiter lending', ['pools']],
    ['review the Jupiter lend pool rates, then lend 10 USDC', ['pools', 'deposit USDC']],
    ['check the USDC lending rate', ['pools USDC']],
    ['assess the jlSOL APR', ['pools jlSOL']],
    ['evaluate the SOL and USDC supply APR', ['pools']],
    ['show my lending positions and the pool APYs', ['positions', 'pools']],
    ['show the interest rates of the lending pools', ['pools']],
    ['examine every lending pool and compare their APY', ['pools']],
    ['Analyze my holdings', ['balance']],
    ['show my interest', ['positions']],
  ])('reads the pool check in %j', (prompt, expected) => {
    const described = parseIntents(prompt, context()).map((intent) =>
      intent.kind === 'pools' ? `pools${intent.token ? ` ${intent.token.symbol}` : ''}` : intent.kind === 'deposit' ? `deposit ${intent.market.asset.symbol}` : intent.kind,
    );
    expect(described).toEqual(expected);
  });

  it.each(['check current market rates', 'compare the swap rates', 'analyze the liquidity pools'])('does not read %j as a lending-pool check', (prompt) => {
    expect(() => parseIntents(prompt, context())).toThrow(/no action found/);
  });

  it.each<[string, object]>([
    ['swap 1 SOL to USDC then lend it', { kind: 'previous', intentIndex: 0 }],
    ['swap 1 SOL to USDC then lend that', { kind: 'previous', intentIndex: 0 }],
    ['swap 1 SOL to USDC then lend the proceeds', { kind: 'previous', intentIndex: 0 }],
    ['swap 1 SOL to USDC then put the result into lending', { kind: 'previous', intentIndex: 0 }],
    ['swap 1 SOL to USDC then lend all of it', { kind: 'previous', intentIndex: 0 }],
    ['swap 1 SOL to USDC then lend half of it', { kind: 'previous', intentIndex: 0, share: { numerator: 1, denominator: 2 } }],
    ['swap 1 SOL to USDC then supply a third of the proceeds', { kind: 'previous', intentIndex: 0, share: { numerator: 1, denominator: 3 } }],
  ])('refers back in %j', (prompt, amount) => {
    const intents = parseIntents(prompt, context());
    expect(intents.map((intent) => intent.kind)).toEqual(['swap', 'deposit']);
    expect(intents[1]).toMatchObject({ amount: { ...amount, token: { symbol: 'USDC' } } });
  });

  it.each<[string, RegExp]>([
    ['swap -1 SOL to USDC', /"swap -1 SOL to USDC": -1 is negative; an amount must be positive/],
    ['swap -50% of my SOL to USDC', /-50% is negative; an amount must be positive/],
    ['swap 0 SOL to USDC', /0 SOL is zero; an amount must be positive/],
    ['swap 0.000 SOL to USDC', /0\.000 SOL is zero/],
    ['swap NaN SOL to USDC', /no amount of SOL to swap/],
    ['put 5 USDC somewhere', /says "put" but not where to: name a recipient, Jupiter lending, or the token to swap into/],
    ['lend half of it', /"half" of an earlier result, but no earlier action in this prompt produces one/],
    ['swap three halves of my SOL to USDC', /"three halves" is more than the whole/],
    ['lend the rest of my USDC', /"rest" is not an amount; say how much/],
    ['move 1 SOL to UNKNOWN_WALLET_PUBKEY', /the recipient UNKNOWN_WALLET_PUBKEY is not a name the context knows/],
  ])('refuses %j', (prompt, message) => {
    expect(() => parseIntents(prompt, context())).toThrow(message);
  });
});


describe('parsePrompt reuse', () => {
  const prompt = 'Send 1 USDC to RECIPIENT_USDC_ATA';

  it('returns the same frozen parse for the same prompt and context, and a fresh one when what the grammar reads changes', () => {
    const ctx = context();
    const first = parsePrompt(prompt, ctx);
    expect(parsePrompt(prompt, structuredClone(ctx))).toBe(first);
    expect(Object.isFrozen(first.intents[0])).toBe(true);
    expect(first.intents[0]).toMatchObject({ kind: 'transfer', recipient: ctx.keyMap['RECIPIENT_USDC_ATA'] });

    // The recipient becomes a token account of another mint: the same prompt must now be refused.
    const address = ctx.keyMap['RECIPIENT_USDC_ATA'] ?? '';
    const changed = structuredClone(ctx);
    const account = changed.observation.tokenAccounts[address];
    if (account === undefined) throw new Error('the test context has no token account for RECIPIENT_USDC_ATA');
    changed.observation.tokenAccounts[address] = { ...account, mint: JLUSDC_MINT };
    expect(() => parsePrompt(prompt, changed)).toThrow(/token account for jlUSDC, not for USDC/);

    // Another address behind the same placeholder name: the intent names it.
    const moved = structuredClone(ctx);
    moved.keyMap['RECIPIENT_USDC_ATA'] = addressFor('parser|another recipient');
    expect(parsePrompt(prompt, moved).intents[0]).toMatchObject({ recipient: addressFor('parser|another recipient') });
  });
});
