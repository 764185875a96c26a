import type { ConsolidatedContent } from '@reev/types';
import { MERMAID_START_TIMEOUT_MS, MermaidParser, viewDiagram, type DiagramView } from '../test-support/mermaid-parser';
import {
  consolidated,
  failedDynamicRun,
  RECIPIENT,
  sessionLog,
  solTransferRun,
  step,
  swapThenLendRun,
  toolCall,
  USER,
} from '../test-support/runs';
import { toMermaid } from './mermaid';
import { shorten, singleLine } from './text';

let parser: MermaidParser;
beforeAll(async () => {
  parser = await MermaidParser.start();
}, MERMAID_START_TIMEOUT_MS);
afterAll(() => parser.close());

/** Every diagram of these specs goes through the real mermaid parser; a parse failure fails the test. */
async function parsed(diagram: string): Promise<DiagramView> {
  const result = await parser.parseValid(diagram);
  expect(result.diagramType).toBe('stateDiagram');
  return viewDiagram(result);
}

function labels(view: DiagramView): Record<string, string> {
  return Object.fromEntries([...view.states].map(([id, state]) => [id, state.label]));
}

describe('toMermaid on realistic runs', () => {
  it('draws a one-step SOL transfer: prompt, agent, the step with its tool call, end', async () => {
    const diagram = toMermaid(solTransferRun());
    expect(diagram).toBe(
      [
        'stateDiagram-v2',
        '  state "Prompt · Please send 0.1 SOL to the recipient (RECIPIENT_WALLET_PUBK…" as s0',
        '  state "Agent · deterministic" as s1',
        '  [*] --> s0',
        '  s0 --> s1',
        '  state "✔ Step 1 · 001-sol-transfer · completed" as s2 {',
        '    state "✔ sol_transfer · 0.1 SOL → 9WzD…AWWM" as s3',
        '    [*] --> s3',
        '    s3 --> [*]',
        '  }',
        '  note right of s2 : score 1.00',
        '  s1 --> s2',
        '  state "End · 1/1 steps succeeded · avg score 1.00 · 850 ms" as s4',
        '  s2 --> s4',
        '  s4 --> [*]',
        '',
      ].join('\n'),
    );
    const view = await parsed(diagram);
    expect(view.transitions).toEqual(['[*] --> s0', 's0 --> s1', '[*] --> s3', 's3 --> [*]', 's1 --> s2', 's2 --> s4', 's4 --> [*]']);
    expect(view.states.get('s3')?.parentId).toBe('s2');
    expect(view.states.get('s2')?.isGroup).toBe(true);
    expect(view.notes).toEqual(new Map([['s2', 'score 1.00']]));
  });

  it('draws a swap then a lend as two composite states with the tool calls in order', async () => {
    const view = await parsed(toMermaid(swapThenLendRun()));
    expect(labels(view)).toEqual({
      s0: 'Prompt · I want to earn yield on my SOL by converting it to USDC and…',
      s1: 'Agent · deterministic',
      s2: '✔ Step 1 · swap · completed',
      s3: '✔ jupiter_swap · 2 SOL → USDC · slippage 50 bps',
      s4: '✔ Step 2 · lend · completed',
      s5: '✔ get_account_balance · 7xKX…gAsU · USDC',
      s6: '✔ jupiter_lend_earn_deposit · 301.234567 USDC',
      s7: 'End · 2/2 steps succeeded · avg score 0.88 · 2.5 s',
    });
    expect(view.states.get('s5')?.parentId).toBe('s4');
    expect(view.states.get('s6')?.parentId).toBe('s4');
    expect(view.transitions).toEqual([
      '[*] --> s0',
      's0 --> s1',
      '[*] --> s3',
      's3 --> [*]',
      's1 --> s2',
      '[*] --> s5',
      's5 --> s6',
      's6 --> [*]',
      's2 --> s4',
      's4 --> s7',
      's7 --> [*]',
    ]);
    expect(view.notes).toEqual(
      new Map([
        ['s2', 'score 1.00'],
        ['s4', 'score 0.75'],
      ]),
    );
    expect([...view.states.values()].every((state) => state.classes.length === 0)).toBe(true);
  });

  it('marks the failed critical step, its failed tool call with the error, and the skipped steps', async () => {
    const diagram = toMermaid(failedDynamicRun());
    expect(diagram).toContain('  classDef failed fill:#fde2e2,stroke:#c0392b,color:#7b241c\n');
    expect(diagram).toContain('  class s4,s5 failed\n');
    expect(diagram).toContain('  class s7,s8 skipped\n');
    const view = await parsed(diagram);
    expect(labels(view)).toEqual({
      s0: 'Prompt · use my 50% sol to multiply usdc 1.5x on jup',
      s1: 'Agent · deterministic',
      s2: '✔ Step 1 · swap_sol_to_usdc · completed',
      s3: '✔ jupiter_swap · 2 SOL → USDC',
      s4: '✘ Step 2 · lend_usdc · failed',
      s5: '✘ jupiter_lend_earn_deposit · 450 USDC',
      s6: '✔ get_account_balance · 7xKX…gAsU · USDC',
      s7: '⊘ Step 3 · verify_position · skipped',
      s8: '⊘ Step 4 · report_yield · skipped',
      s9: 'End · 1/4 steps succeeded · avg score 0.25 · 3.1 s',
    });
    expect(view.states.get('s4')?.classes).toEqual(['failed']);
    expect(view.states.get('s5')?.classes).toEqual(['failed']);
    expect(view.states.get('s5')?.description).toEqual(['Token program: insufficient funds']);
    expect(view.states.get('s6')?.classes).toEqual([]);
    expect(view.states.get('s7')?.classes).toEqual(['skipped']);
    expect(view.states.get('s8')?.classes).toEqual(['skipped']);
    expect(view.states.get('s7')?.isGroup).toBe(false);
    expect(view.notes).toEqual(
      new Map([
        ['s2', 'score 1.00'],
        ['s4', 'score 0.00 · jupiter_lend_earn_deposit failed: Token program: insufficient funds'],
        ['s7', 'score 0.00 · skipped: critical step lend_usdc failed (Strict mode)'],
        ['s8', 'score 0.00 · not run'],
      ]),
    );
    expect(view.transitions).toEqual([
      '[*] --> s0',
      's0 --> s1',
      '[*] --> s3',
      's3 --> [*]',
      's1 --> s2',
      '[*] --> s5',
      's5 --> s6',
      's6 --> [*]',
      's2 --> s4',
      's4 --> s7',
      's7 --> s8',
      's8 --> s9',
      's9 --> [*]',
    ]);
  });

  it('draws a single session log as a one-step flow (the fallback when nothing was consolidated)', async () => {
    const view = await parsed(toMermaid(sessionLog()));
    expect(labels(view)).toEqual({
      s0: 'Prompt · Send 15 USDC to the recipient.',
      s1: 'Agent · openai:gpt-4o-mini',
      s2: '✔ Step 1 · 002-spl-transfer · completed',
      s3: '✔ spl_transfer · 15 USDC → 9WzD…AWWM',
      s4: 'End · 1/1 steps succeeded · avg score 1.00 · 640 ms',
    });
  });

  it('says when a session log recorded no outcome, and draws a step without tool calls as a plain state', async () => {
    const log = sessionLog({ tool_calls: [] });
    delete log.success;
    delete log.score;
    const view = await parsed(toMermaid(log));
    expect(view.states.get('s2')).toMatchObject({ label: '• Step 1 · 002-spl-transfer · outcome not recorded', isGroup: false });
    expect(view.notes.get('s2')).toBe('no score recorded');
    expect(view.states.get('s3')?.label).toBe('End · 0/1 steps succeeded · 640 ms');
  });

  it('marks timeouts, steps waiting for input, and completed steps that did not succeed', async () => {
    const run = consolidated([
      step(0, 'swap', {
        status: 'timeout',
        success: false,
        score: 0,
        error: 'step timed out after 30000 ms',
        tool_calls: [toolCall('jupiter_swap', { amount: 1 }, { ok: false, error: '', status: 'timeout' })],
      }),
      step(1, 'confirm', { status: 'needs_input', success: false, score: 0 }),
      step(2, 'lend', { status: 'completed', success: false, score: 0.4 }),
    ]);
    const diagram = toMermaid(run);
    expect(diagram).toContain('  classDef waiting ');
    const view = await parsed(diagram);
    expect(view.states.get('s2')).toMatchObject({ label: '✘ Step 1 · swap · timeout', classes: ['failed'] });
    expect(view.states.get('s3')).toMatchObject({ label: '✘ jupiter_swap · amount=1', classes: ['failed'], description: ['timed out'] });
    expect(view.states.get('s4')).toMatchObject({ label: '⏸ Step 2 · confirm · needs input', classes: ['waiting'] });
    expect(view.states.get('s5')).toMatchObject({ label: '✘ Step 3 · lend · completed without success', classes: ['failed'] });
    expect(view.notes.get('s5')).toBe('score 0.40');
  });

  it('draws a run without steps as prompt, agent and end', async () => {
    const view = await parsed(toMermaid(consolidated([], { prompt: 'nothing to do' })));
    expect([...view.states.keys()]).toEqual(['s0', 's1', 's2']);
    expect(view.transitions).toEqual(['[*] --> s0', 's0 --> s1', 's1 --> s2', 's2 --> [*]']);
    expect(view.states.get('s2')?.label).toBe('End · 0/0 steps succeeded · 1.2 s');
  });

  it('cuts labels at maxLabelLength and the prompt at maxPromptLength', async () => {
    const view = await parsed(toMermaid(swapThenLendRun(), { maxLabelLength: 20, maxPromptLength: 12 }));
    expect(view.states.get('s0')?.label).toBe('Prompt · I want to…');
    expect(view.states.get('s3')?.label).toBe('✔ jupiter_swap · 2…');
    for (const state of view.states.values()) expect([...state.label].length).toBeLessThanOrEqual(20);
  });

  it('rejects options that are not positive integers', () => {
    expect(() => toMermaid(solTransferRun(), { maxLabelLength: 0 })).toThrow(
      'toMermaid: options.maxLabelLength must be a positive integer, got 0',
    );
    expect(() => toMermaid(solTransferRun(), { maxPromptLength: 2.5 })).toThrow(/options\.maxPromptLength/);
  });

  it('rejects input that is neither a consolidated run nor a session log, saying what is wrong', () => {
    expect(() => toMermaid(null as never)).toThrow('toMermaid: expected a ConsolidatedContent or a SessionLog object, got null');
    const broken = { ...solTransferRun(), steps: [{ ...solTransferRun().steps[0], score: 7 }] };
    expect(() => toMermaid(broken)).toThrow(/^toMermaid: input is not a ConsolidatedContent: steps\.0\.score: /);
    expect(() => toMermaid({ session_id: 'x' } as never)).toThrow(/^toMermaid: input is neither a ConsolidatedContent .* nor a SessionLog: /);
  });
});

/**
 * Hostile text in every place user or agent text reaches a label: the prompt, the agent name, step ids,
 * step errors, tool names, tool arguments (keys and values) and tool errors.
 */
const HOSTILE: Record<string, string> = {
  'double and single quotes': 'say "hi" and \'bye\' ""',
  newlines: 'line one\nline two\r\nline three\rline four\u2028line five\u2029six',
  colons: 'key: value :: more ::: class',
  semicolons: 'a; b;; c ;',
  braces: '} state x { } {{',
  brackets: '[*] --> [[fork]] [[choice]] [x]',
  arrows: 's0 --> s1 --> [*] -- -> ->> <-- ---',
  'mermaid comments and directives': '%% comment %%{init: {"theme":"dark"}}%% %%{wrap}%%',
  hashes: '#35; #quot; #lt; # heading ##',
  backticks: '`code` ```markdown``` "`md`"',
  markdown: '*em* **strong** _em_ __strong__ ~~strike~~ [link](http://x) ![img](x) - item 1. list',
  'angle brackets and HTML': '<script>alert(1)</script> <b>bold</b> <<choice>> <<fork>> <br/> <img src=x onerror=alert(1)>',
  'direction statements': 'direction LR then DIRECTION  tb and redirection RL',
  'diagram keywords': 'end note note right of s0 : x classDef failed fill:#f00; class s0 failed style s0 fill:#f00; click s0 href',
  'state ids': 's0 s1 root_start root_end s2_start [*]',
  unicode: 'é 漢字 🚀 👨‍👩‍👧 עברית ﬂ°°35¶ß ß° ¶',
  'bidi and invisible characters': 'safe\u202Eevil\u202C zero\u200Bwidth \uFEFFbom \u2066isolate\u2069 soft\u00ADhyphen',
  'entities and escapes': '&amp; &lt; &#60; &#x3c; $$x^2$$ \\n \\t \\',
  'terminal controls': '\u001b[31mred\u001b[0m \u0007bell\ttab \u0000nul \u007fdel',
  'very long text': `${'long '.repeat(400)}end`,
  'nothing visible': '\u200B\u202E\n\t ',
};

function hostileRun(text: string): ConsolidatedContent {
  return consolidated(
    [
      step(0, text, {
        status: 'failed',
        success: false,
        score: 0.5,
        error: text,
        tool_calls: [
          toolCall('sol_transfer', { user_pubkey: USER, recipient_pubkey: text, amount: 5 }, { ok: false, error: text }),
          toolCall(text, { [text]: text, recipient: RECIPIENT }),
        ],
      }),
      step(1, 'after', { status: 'skipped', success: false, score: 0, error: text }),
    ],
    { prompt: text, agent: text, benchmark_id: text },
  );
}

/** Mermaid's entity placeholder pairs (ﬂ° and ¶ß) are kept apart by a word joiner in labels. */
const apart = (text: string) => text.replace(/ﬂ°/g, 'ﬂ\u2060°').replace(/¶ß/g, '¶\u2060ß');

/** `raw` on one line, or the placeholder the renderings show when nothing visible is left. */
const orPlaceholder = (raw: string, placeholder: string) => singleLine(raw) || placeholder;

describe('toMermaid on hostile text', () => {
  it.each(Object.entries(HOSTILE))('keeps the diagram intact with %s everywhere', async (_, text) => {
    const diagram = toMermaid(hostileRun(text));
    const view = await parsed(diagram);

    expect([...view.states.keys()]).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
    expect(view.transitions).toEqual([
      '[*] --> s0',
      's0 --> s1',
      '[*] --> s3',
      's3 --> s4',
      's4 --> [*]',
      's1 --> s2',
      's2 --> s5',
      's5 --> s6',
      's6 --> [*]',
    ]);
    const label = (raw: string) => apart(shorten(raw, 80));
    const error = orPlaceholder(text, 'unspecified error');
    expect(labels(view)).toEqual({
      s0: label(`Prompt · ${shorten(orPlaceholder(text, '(no prompt recorded)'), 60)}`),
      s1: label(`Agent · ${orPlaceholder(text, '(unnamed)')}`),
      s2: label(`✘ Step 1 · ${orPlaceholder(text, '(no step id)')} · failed`),
      s3: label(`✘ sol_transfer · 0.000000005 SOL → ${text}`),
      s4: label(`✔ ${orPlaceholder(text, '(unnamed tool)')} · ${text}=${shorten(text, 24)} · recipient=9WzD…AWWM`),
      s5: '⊘ Step 2 · after · skipped',
      s6: 'End · 0/2 steps succeeded · avg score 0.25 · 1.2 s',
    });
    expect(view.states.get('s3')?.description).toEqual([label(orPlaceholder(text, 'failed'))]);
    expect(view.states.get('s3')?.parentId).toBe('s2');
    expect(view.states.get('s4')?.parentId).toBe('s2');
    expect(view.notes).toEqual(
      new Map([
        ['s2', label(`score 0.50 · ${error}`)],
        ['s5', label(`score 0.00 · ${error}`)],
      ]),
    );
    expect(view.states.get('s2')?.classes).toEqual(['failed']);
    expect(view.states.get('s3')?.classes).toEqual(['failed']);
    expect(view.states.get('s4')?.classes).toEqual([]);
    expect(view.states.get('s5')?.classes).toEqual(['skipped']);
    // One statement per line: the text added no line and no statement.
    expect(diagram.split('\n')).toHaveLength(toMermaid(hostileRun('plain')).split('\n').length);
  });

  it('keeps unicode text readable and drops the characters that reorder or hide text', async () => {
    const view = await parsed(toMermaid(consolidated([], { prompt: 'é 漢字 🚀 👨‍👩‍👧 \u202Eevil\u202C zero\u200Bwidth' })));
    expect(view.states.get('s0')?.label).toBe('Prompt · é 漢字 🚀 👨‍👩‍👧 evil zerowidth');
  });

  it('cuts very long text with an ellipsis without splitting characters', async () => {
    const view = await parsed(toMermaid(consolidated([], { prompt: '🚀'.repeat(500) }), { maxPromptLength: 500, maxLabelLength: 30 }));
    expect(view.states.get('s0')?.label).toBe(`Prompt · ${'🚀'.repeat(20)}…`);
  });
});
