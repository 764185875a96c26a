import { mermaidLabel } from './mermaid-label';

describe('mermaidLabel', () => {
  it('leaves letters, digits, spaces and harmless punctuation as they are', () => {
    expect(mermaidLabel("Swap 2.0 SOL, then (maybe) lend it! 50/50 - ok? a_b+c=d @x *y* 'z' |~^")).toBe(
      "Swap 2.0 SOL, then (maybe) lend it! 50/50 - ok? a_b+c=d @x *y* 'z' |~^",
    );
  });

  it('writes every character with a meaning to mermaid as an entity code', () => {
    expect(mermaidLabel('"#$%&:;<>[\\]`{}')).toBe('#34;#35;#36;#37;#38;#58;#59;#60;#62;#91;#92;#93;#96;#123;#125;');
    expect(mermaidLabel('s0 --> [*]')).toBe('s0 --#62; #91;*#93;');
  });

  it('keeps the user’s own entity codes as text', () => {
    expect(mermaidLabel('#35; and #quot;')).toBe('#35;35#59; and #35;quot#59;');
  });

  it('breaks "direction TB|BT|RL|LR" wherever it stands, in any case', () => {
    expect(mermaidLabel('go direction LR now')).toBe('go direction#32;LR now');
    expect(mermaidLabel('redirection  tb')).toBe('redirection#32;tb');
    expect(mermaidLabel('Direction Rl and direction bt')).toBe('Direction#32;Rl and direction#32;bt');
    expect(mermaidLabel('direction up')).toBe('direction up');
  });

  it('writes mermaid’s own entity placeholder characters as codes', () => {
    expect(mermaidLabel('ﬂ°°35¶ß')).toBe('#64258;#176;#176;35#182;#223;');
  });

  it('keeps other unicode, puts everything on one line and cuts long text', () => {
    expect(mermaidLabel('é 漢字 🚀\nnext\tline')).toBe('é 漢字 🚀 next line');
    expect(mermaidLabel('abcdefghij', 5)).toBe('abcd…');
    // The cut comes before the codes, so a code is never split.
    expect(mermaidLabel('::::::::', 3)).toBe('#58;#58;…');
  });
});
