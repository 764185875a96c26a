import type { Lexeme, Sentence } from './lexer';
import { type Action, CONNECTORS, DETERMINERS, NOUN_FOLLOWERS, PROTOCOL_NAMES, REPEAT_MARKERS, SEQUENCE_OPENERS, VERBS } from './vocabulary';

/** One verb and the words it governs: from the verb to the next verb that starts another action. */
export interface Clause {
  action: Action;
  /** The words of the clause; the first clause of a sentence also carries the words before its verb. */
  lexemes: Lexeme[];
  /** Position of the verb in `lexemes`. */
  verbIndex: number;
  text: string;
  sentenceIndex: number;
}

export interface SentenceClauses {
  sentence: Sentence;
  clauses: Clause[];
  /** Opens with "then", "next", … or asks for a repetition: never a restatement of another sentence. */
  continuesSequence: boolean;
}

/** The action a lexeme asks for, when it is a verb here (not a noun such as "the swap" or "supply rate"). */
function verbAt(lexemes: readonly Lexeme[], index: number): Action | undefined {
  const lexeme = lexemes[index];
  if (lexeme?.type !== 'word') return undefined;
  const action = VERBS.get(lexeme.text);
  if (action === undefined) return undefined;
  const before = lexemes[index - 1];
  const after = lexemes[index + 1];
  const twoBefore = lexemes[index - 2];
  // "after that withdraw 40 USDC": "that" closes the connector "after that" and determines nothing.
  const closesConnector = before?.text === 'that' && twoBefore?.type === 'word' && CONNECTORS.has(twoBefore.text);
  if (before?.type === 'word' && DETERMINERS.has(before.text) && !closesConnector) return undefined;
  if (before?.type === 'word' && PROTOCOL_NAMES.has(before.text)) return undefined;
  // "supply rate", "swap fee": a noun; but "check rates", "compare APYs" ask a question.
  if (action !== 'query' && after?.type === 'word' && NOUN_FOLLOWERS.has(after.text)) return undefined;
  return action;
}

const isConnector = (lexeme: Lexeme): boolean =>
  lexeme.type === 'comma' || (lexeme.type === 'word' && CONNECTORS.has(lexeme.text));

/**
 * Splits a sentence at its verbs. A verb after "to" with no connector since the previous verb states a
 * purpose ("mint 50 USDC … to earn yield", "mint my USDC to get jUSDC") and stays in the open clause.
 */
export function splitClauses(sentence: Sentence, sentenceIndex: number): SentenceClauses {
  const { lexemes } = sentence;
  const starts: { index: number; action: Action }[] = [];
  let connectorSinceVerb = false;
  lexemes.forEach((lexeme, index) => {
    const action = verbAt(lexemes, index);
    if (action === undefined) {
      if (isConnector(lexeme)) connectorSinceVerb = true;
      return;
    }
    const previous = lexemes[index - 1];
    const isPurpose = starts.length > 0 && !connectorSinceVerb && previous?.type === 'word' && previous.text === 'to';
    if (isPurpose) return;
    starts.push({ index, action });
    connectorSinceVerb = false;
  });
  const clauses = starts.map(({ index, action }, position): Clause => {
    const from = position === 0 ? 0 : index;
    const to = starts[position + 1]?.index ?? lexemes.length;
    const clauseLexemes = lexemes.slice(from, to);
    return {
      action,
      lexemes: clauseLexemes,
      verbIndex: index - from,
      text: clauseLexemes.map((lexeme) => lexeme.raw).join(' ').replace(/ ,/g, ','),
      sentenceIndex,
    };
  });
  const first = lexemes[0];
  const continuesSequence =
    (first?.type === 'word' && SEQUENCE_OPENERS.has(first.text)) ||
    lexemes.some((lexeme) => lexeme.type === 'word' && REPEAT_MARKERS.has(lexeme.text));
  return { sentence, clauses, continuesSequence };
}
