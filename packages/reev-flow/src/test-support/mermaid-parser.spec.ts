import { MERMAID_START_TIMEOUT_MS, MermaidParser, viewDiagram } from './mermaid-parser';

// The validator the diagram specs rely on: it must reject what mermaid rejects, and it must show what
// a document really means, so that text which turns into other statements is caught too.
describe('MermaidParser (real mermaid in a child process)', () => {
  let parser: MermaidParser;
  beforeAll(async () => {
    parser = await MermaidParser.start();
  }, MERMAID_START_TIMEOUT_MS);
  afterAll(() => parser.close());

  it('accepts a well-formed stateDiagram-v2 and reports its states, notes and transitions', async () => {
    const view = viewDiagram(
      await parser.parseValid(
        ['stateDiagram-v2', '  state "Hello #58; world" as s0', '  [*] --> s0', '  note right of s0 : a note', '  s0 --> [*]'].join('\n'),
      ),
    );
    expect([...view.states.keys()]).toEqual(['s0']);
    expect(view.states.get('s0')?.label).toBe('Hello : world');
    expect(view.notes.get('s0')).toBe('a note');
    expect(view.transitions).toEqual(['[*] --> s0', 's0 --> [*]']);
  });

  it.each([
    ['an unterminated label', 'stateDiagram-v2\n  state "oops as s0\n  s0 --> [*]'],
    ['a dangling arrow', 'stateDiagram-v2\n  s0 --> --> s1'],
    ['an unclosed composite state', 'stateDiagram-v2\n  state "a" as s0 {\n    s1 --> s2\n'],
    ['a quote inside a label', 'stateDiagram-v2\n  state "say "hi"" as s0'],
  ])('rejects %s', async (_, text) => {
    const reply = await parser.parse(text);
    expect(reply.ok).toBe(false);
    await expect(parser.parseValid(text)).rejects.toThrow(/mermaid rejected the diagram/);
  });

  it('reports the diagram type, so another kind of diagram cannot pass as a state diagram', async () => {
    expect((await parser.parseValid('stateDiagram-v2\n  [*] --> s0')).diagramType).toBe('stateDiagram');
    expect((await parser.parseValid('flowchart TD\n  a --> b')).diagramType).not.toBe('stateDiagram');
  });

  it('shows when unescaped text parses but means something else', async () => {
    // "direction LR" anywhere on a line makes mermaid's lexer read the whole line as a direction statement.
    const view = viewDiagram(await parser.parseValid('stateDiagram-v2\n  state "go direction LR now" as s0\n  s1 --> [*]'));
    expect(view.states.has('s0')).toBe(false);
    // The same words with the spaces written as codes stay a label.
    const escaped = viewDiagram(await parser.parseValid('stateDiagram-v2\n  state "go direction#32;LR now" as s0\n  s0 --> [*]'));
    expect(escaped.states.get('s0')?.label).toBe('go direction LR now');
  });
});
