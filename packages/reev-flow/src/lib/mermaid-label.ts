import { shorten } from './text';

/**
 * ASCII characters a label may carry as they are. Everything else in ASCII is written as a Mermaid entity
 * code (`#58;` for ":"), which Mermaid turns back into the character when it renders: `"` ends a
 * `state "…"` label; `:` and `;` end a `: …` description or note; `{ }` open and close composite states;
 * `[ ]` and `< >` make `[[fork]]`/`<<choice>>` states; `#` starts a comment and entity codes; `%` starts
 * `%%` comments and `%%{init}%%` directives; `&` would start an HTML entity; `<` and `>` would be HTML;
 * backticks start Markdown strings; `$` starts KaTeX; `\` starts escapes.
 */
const PLAIN_ASCII = /[A-Za-z0-9 .,_+=?!@*'()/|~^-]/;

/**
 * Mermaid's own placeholders for entity codes (it rewrites `#35;` to `ﬂ°°35¶ß` before parsing and back
 * after rendering); written as codes so that text containing them cannot forge an entity.
 */
const MERMAID_PLACEHOLDER_CHARS = new Set(['\ufb02', '\u00b0', '\u00b6', '\u00df']);

/**
 * Mermaid's lexer takes any line containing `direction TB|BT|RL|LR` for a direction statement, wherever
 * the words stand; the spaces between them are written as codes so the words no longer match.
 */
const DIRECTION_WORDS = /direction( +)(?:tb|bt|rl|lr)/gi;

export const DEFAULT_MAX_LABEL_LENGTH = 80;

/**
 * Any text as a Mermaid stateDiagram label that parses in every label position (`state "…" as id`,
 * `id : …`, `note … : …`) and renders as the text itself: on one line, at most `maxLength` characters
 * (cut with "…"), special characters as entity codes.
 */
export function mermaidLabel(text: string, maxLength = DEFAULT_MAX_LABEL_LENGTH): string {
  const line = shorten(text, maxLength);
  const codedSpaces = new Set<number>();
  for (const match of line.matchAll(DIRECTION_WORDS)) {
    const spacesStart = match.index + 'direction'.length;
    for (let index = spacesStart; index < spacesStart + (match[1] ?? '').length; index++) codedSpaces.add(index);
  }
  let label = '';
  let index = 0;
  for (const char of line) {
    label += needsCode(char) || codedSpaces.has(index) ? `#${char.codePointAt(0)};` : char;
    index += char.length;
  }
  return label;
}

function needsCode(char: string): boolean {
  if (char.length === 1 && char.charCodeAt(0) < 0x80) return !PLAIN_ASCII.test(char);
  return MERMAID_PLACEHOLDER_CHARS.has(char);
}
