/** Splits a prompt into sentences of lexemes: words, numbers, percentages, addresses, placeholder names. */

export type Lexeme =
  /** `text` is lower case. */
  | { type: 'word'; text: string; raw: string }
  /** `text` without thousands separators: "1,000.5" → "1000.5". */
  | { type: 'number'; text: string; raw: string }
  | { type: 'percent'; text: string; raw: string }
  /** "-1", "-50%": a minus sign before an amount, which no request can mean; the clause is refused. */
  | { type: 'negative'; text: string; raw: string }
  /** "1.5x": a multiplication target, which this grammar reads but never acts on. */
  | { type: 'multiplier'; text: string; raw: string }
  /** A base58 public key written inline. */
  | { type: 'address'; text: string; raw: string }
  /** An upper-case name with underscores, e.g. RECIPIENT_WALLET_PUBKEY. */
  | { type: 'placeholder'; text: string; raw: string }
  | { type: 'comma'; text: ','; raw: string };

export interface Sentence {
  lexemes: Lexeme[];
  /** The sentence as written. */
  text: string;
}

// One alternative per lexeme kind; the first that matches at a position wins, so addresses are tried
// before numbers (an address may start with digits) and numbers before words.
const LEXEME = new RegExp(
  [
    String.raw`(?<placeholder>\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b)`,
    String.raw`(?<address>\b[1-9A-HJ-NP-Za-km-z]{32,44}\b)`,
    String.raw`(?:(?<=^|[\s(:])(?<minus>-))?(?<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:\s*(?<percent>%|percent\b)|(?<multiplier>x\b))?`,
    String.raw`(?<word>[A-Za-z][A-Za-z0-9_'’-]*)`,
    String.raw`(?<sentenceEnd>[.?!;:]+(?=\s|$)|\n)`,
    String.raw`(?<comma>,)`,
  ].join('|'),
  'g',
);

export function lex(prompt: string): Sentence[] {
  const sentences: Sentence[] = [];
  let lexemes: Lexeme[] = [];
  let sentenceStart = 0;
  const endSentence = (end: number): void => {
    if (lexemes.length > 0) sentences.push({ lexemes, text: prompt.slice(sentenceStart, end).trim() });
    lexemes = [];
  };
  for (const match of prompt.matchAll(LEXEME)) {
    const groups = match.groups ?? {};
    const raw = match[0];
    if (lexemes.length === 0) sentenceStart = match.index;
    if (groups['sentenceEnd'] !== undefined) {
      endSentence(match.index + raw.length);
    } else if (groups['placeholder'] !== undefined) {
      lexemes.push({ type: 'placeholder', text: raw, raw });
    } else if (groups['address'] !== undefined) {
      lexemes.push({ type: 'address', text: raw, raw });
    } else if (groups['number'] !== undefined) {
      const text = groups['number'].replace(/,/g, '');
      const type =
        groups['minus'] !== undefined ? 'negative' : groups['percent'] !== undefined ? 'percent' : groups['multiplier'] !== undefined ? 'multiplier' : 'number';
      lexemes.push({ type, text, raw });
    } else if (groups['word'] !== undefined) {
      lexemes.push({ type: 'word', text: raw.toLowerCase().replace(/’/g, "'"), raw });
    } else {
      lexemes.push({ type: 'comma', text: ',', raw });
    }
  }
  endSentence(prompt.length);
  return sentences;
}
