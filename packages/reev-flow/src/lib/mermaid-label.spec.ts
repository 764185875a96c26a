import { mermaidLabel } from './mermaid-label';

describe('mermaidLabel', () => {
  it('leaves letters, digits, spaces and harmless punctuation as they are', () => {
    expect(mermaidLabel("Swap 2.0 SOL, then (maybe) lend it! 50/50 - ok? a+c=d @x 'z' |~^")).toBe(
      "Swap 2.0 SOL, then (maybe) lend it! 50/50 - ok? a+c=d @x 'z' |~^",
    );
  });

  it('writes every character with a meaning to mermaid as an entity code', () => {
    expect(mermaidLabel('"#$%&:;<>[\\]`{}')).toBe('#34;#35;#36;#37;#38;#58;#59;#60;#62;#91;#92;#93;#96;#123;#125;');
    expect(mermaidLabel('s0 --> [*]')).toBe('s0 --#62; #91;#42;#93;');
  });

  it('writes Markdown emphasis marks as codes, but keeps underscores inside words', () => {
    expect(mermaidLabel('*em* **strong** _em_ __strong__')).toBe('#42;em#42; #42;#42;strong#42;#42; #95;em#95; #95;#95;strong#95;#95;');
    expect(mermaidLabel('jupiter_lend_earn_deposit 1_000 é_ü snake_ _x')).toBe('jupiter_lend_earn_deposit 1_000 é_ü snake#95; #95;x');
    expect(mermaidLabel('a_#b')).toBe('a#95;#35;b');
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

  it('keeps mermaid’s entity placeholder pairs apart, so text cannot render as an entity', () => {
    expect(mermaidLabel('ﬂ°°35¶ß')).toBe('ﬂ\u2060°°35¶\u2060ß');
    expect(mermaidLabel('ﬂ ° ¶ ß Straße')).toBe('ﬂ ° ¶ ß Straße');
  });

  it('keeps other unicode, puts everything on one line and cuts long text', () => {
    expect(mermaidLabel('é 漢字 🚀\nnext\tline')).toBe('é 漢字 🚀 next line');
    expect(mermaidLabel('abcdefghij', 5)).toBe('abcd…');
    // The cut comes before the codes, so a code is never split.
    expect(mermaidLabel('::::::::', 3)).toBe('#58;#58;…');
  });
});
