/**
 * Text from prompts, tool arguments and errors, made fit for one line of a diagram or a terminal:
 * invisible format characters removed (bidi overrides, zero-width spaces, BOM, tag characters — they can
 * reorder or hide text), every control character and Unicode separator (newlines, tabs, ESC, U+2028, NBSP …)
 * turned into a plain space, runs of spaces collapsed. ZWJ and ZWNJ stay: emoji sequences and several
 * scripts need them.
 */
export function singleLine(text: string): string {
  return text
    .replace(/[\p{Cf}]/gu, (char) => (char === '\u200c' || char === '\u200d' ? char : ''))
    .replace(/\p{Cs}/gu, '\ufffd')
    .replace(/[\p{Cc}\p{Z}]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** At most `maxLength` user-perceived characters; a cut text ends with "…". Never splits an emoji or accent. */
export function truncate(text: string, maxLength: number): string {
  requirePositiveInteger(maxLength, 'truncate: maxLength');
  if (text.length <= maxLength) return text;
  const parts = Array.from(graphemes.segment(text), (part) => part.segment);
  if (parts.length <= maxLength) return text;
  return `${parts.slice(0, maxLength - 1).join('').trimEnd()}…`;
}

/** `singleLine` then `truncate`: the one way free text enters a label. */
export function shorten(text: string, maxLength: number): string {
  return truncate(singleLine(text), maxLength);
}

/** `value` when it is a positive integer; else a RangeError naming `what` (e.g. "toMermaid: options.maxLabelLength"). */
export function requirePositiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${value}`);
  return value;
}
