import { shorten } from './text';

/**
 * ASCII characters a label may carry as they are. Everything else in ASCII is written as a Mermaid entity
 * code (`#58;` for ":"), which Mermaid turns back into the character when it renders: `"` ends a
 * `state "…"` label; `:` and `;` end a `: …` description or note; `{ }` open and close composite states;
 * `[ ]` and `< >` make `[[fork]]`/`<<choice>>` states; `#` starts a comment and entity codes; `%` starts
 * `%%` comments and `%%{init}%%` directives; `&` would start an HTML entity; `<` and `>` would be HTML;
 * labels render as Markdown, so `*` (and `_`, see below) would make emphasis, backticks code; `$` starts
 * KaTeX; `\` starts escapes.
 */
const PLAIN_ASCII = /[A-Za-z0-9 .,+=?!@'()/|~^-]/;

/** Between two letters or digits `_` cannot open or close Markdown emphasis, so tool and step names keep theirs. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Mermaid writes entity codes as placeholders (`#35;` → `ﬂ°°35¶ß`) before parsing and turns every `ﬂ°°`, `ﬂ°`
 * and `¶ß` in the finished SVG into `&#`, `&` and `;`, so those pairs in the text itself would render as
 * entities. A word joiner (U+2060, invisible) between the two characters keeps them apart.
 */
const MERMAID_PLACEHOLDER_PAIRS = /\ufb02\u00b0|\u00b6\u00df/g;
const WORD_JOINER = '\u2060';

/**
 * Mermaid's lexer takes any line containing `direction TB|BT|RL|LR` for a direction statement, wherever
 * the words stand; the spaces between them are written as codes so the words no longer match.
 */
const DIRECTION_WORDS = /direction( +)(?:tb|bt|rl|lr)/gi;

export const DEFAULT_MAX_LABEL_LENGTH = 80;

/**
 * Any text as a Mermaid stateDiagram label that parses in every label position (`state "…" as id`,
 * `id : …`, `note … : …`) and renders as the text itself: on one line, at most `maxLength` characters
 * (cut with "…"; word joiners come on top), special characters as entity codes.
 */
export function mermaidLabel(text: string, maxLength = DEFAULT_MAX_LABEL_LENGTH): string {
  const line = shorten(text, maxLength).replace(MERMAID_PLACEHOLDER_PAIRS, (pair: string) => `${pair[0]}${WORD_JOINER}${pair[1]}`);
  const codedSpaces = new Set<number>();
  for (const match of line.matchAll(DIRECTION_WORDS)) {
    const spacesStart = match.index + 'direction'.length;
    for (let index = spacesStart; index < spacesStart + (match[1] ?? '').length; index++) codedSpaces.add(index);
  }
  const chars = [...line];
  let label = '';
  let index = 0;
  chars.forEach((char, position) => {
    const code = codedSpaces.has(index) || needsCode(char, chars[position - 1], chars[position + 1]);
    label += code ? `#${char.codePointAt(0)};` : char;
    index += char.length;
  });
  return label;
}

function needsCode(char: string, before: string | undefined, after: string | undefined): boolean {
  if (char === '_') return !(before !== undefined && after !== undefined && WORD_CHAR.test(before) && WORD_CHAR.test(after));
  return char.length === 1 && char.charCodeAt(0) < 0x80 && !PLAIN_ASCII.test(char);
}
