import { requirePositiveInteger, shorten, singleLine, truncate } from './text';

describe('singleLine', () => {
  it('turns newlines, tabs, controls and unicode spaces into single spaces', () => {
    expect(singleLine(' a\r\nb\tc\u0000d\u001b[0m e\u00a0f\u2028g\u3000h  ')).toBe('a b c d [0m e f g h');
  });

  it('removes invisible format characters but keeps the joiners emoji and scripts need', () => {
    expect(singleLine('a\u202eb\u202cc\u200bd\ufeffe\u2066f\u2069g\u00adh')).toBe('abcdefgh');
    expect(singleLine('👨‍👩‍👧 می‌خواهم')).toBe('👨‍👩‍👧 می‌خواهم');
  });

  it('replaces lone surrogates', () => {
    expect(singleLine('a\ud800b')).toBe('a\ufffdb');
  });
});

describe('truncate', () => {
  it('keeps text that fits and cuts longer text with an ellipsis', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello', 1)).toBe('…');
  });

  it('counts and cuts whole characters, never half an emoji', () => {
    expect(truncate('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 3)).toBe('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧');
    expect(truncate('🚀🚀🚀🚀', 3)).toBe('🚀🚀…');
    expect(truncate('éé́é', 2)).toBe('é…');
  });

  it('rejects a length that is not a positive integer', () => {
    expect(() => truncate('x', 0)).toThrow('truncate: maxLength must be a positive integer, got 0');
    expect(() => requirePositiveInteger(Number.NaN, 'x')).toThrow('x must be a positive integer, got NaN');
  });
});

describe('shorten', () => {
  it('puts text on one line, then cuts it', () => {
    expect(shorten('a\nb\nc d e f', 6)).toBe('a b c…');
  });
});
