import { consolidated, failedDynamicRun, sessionLog, solTransferRun, step, swapThenLendRun, toolCall } from '../test-support/runs';
import { toAscii } from './ascii';

const ESC = '\u001b';
const ANSI_SEQUENCE = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

describe('toAscii', () => {
  it('draws a one-step SOL transfer', () => {
    expect(toAscii(solTransferRun())).toBe(
      [
        'Run 001-sol-transfer · execution exec-1 · consolidated session consolidated-0b7c',
        'Prompt · Please send 0.1 SOL to the recipient (RECIPIENT_WALLET_PUBKEY).',
        'Agent · deterministic',
        '└── ✔ Step 1 · 001-sol-transfer · completed · score 1.00 · 400 ms',
        '    └── ✔ sol_transfer · 0.1 SOL → 9WzD…AWWM',
        'End · 1/1 steps succeeded · avg score 1.00 · 850 ms',
        '',
      ].join('\n'),
    );
  });

  it('draws a swap then a lend with the tool calls of each step', () => {
    expect(toAscii(swapThenLendRun())).toBe(
      [
        'Run 200-jup-swap-then-lend-deposit · execution exec-1 · consolidated session consolidated-0b7c',
        'Prompt · I want to earn yield on my SOL by converting it to USDC and depositing into Jupiter lending. Can yo…',
        'Agent · deterministic',
        '├── ✔ Step 1 · swap · completed · score 1.00 · 400 ms',
        '│   └── ✔ jupiter_swap · 2 SOL → USDC · slippage 50 bps',
        '└── ✔ Step 2 · lend · completed · score 0.75 · 400 ms',
        '    ├── ✔ get_account_balance · 7xKX…gAsU · USDC',
        '    └── ✔ jupiter_lend_earn_deposit · 301.234567 USDC',
        'End · 2/2 steps succeeded · avg score 0.88 · 2.5 s',
        '',
      ].join('\n'),
    );
  });

  it('shows the failed critical step with its errors and the skipped steps', () => {
    expect(toAscii(failedDynamicRun())).toBe(
      [
        'Run 300-jup-swap-then-lend-deposit-dyn · execution exec-1 · consolidated session consolidated-0b7c',
        'Prompt · use my 50% sol to multiply usdc 1.5x on jup',
        'Agent · deterministic',
        '├── ✔ Step 1 · swap_sol_to_usdc · completed · score 1.00 · 400 ms',
        '│   └── ✔ jupiter_swap · 2 SOL → USDC',
        '├── ✘ Step 2 · lend_usdc · failed · score 0.00 · 400 ms',
        '│   ├── ✘ jupiter_lend_earn_deposit · 450 USDC',
        '│   │   └── error: Token program: insufficient funds',
        '│   ├── ✔ get_account_balance · 7xKX…gAsU · USDC',
        '│   └── error: jupiter_lend_earn_deposit failed: Token program: insufficient funds',
        '├── ⊘ Step 3 · verify_position · skipped · score 0.00',
        '│   └── skipped: critical step lend_usdc failed (Strict mode)',
        '└── ⊘ Step 4 · report_yield · skipped · score 0.00',
        '    └── not run',
        'End · 1/4 steps succeeded · avg score 0.25 · 3.1 s',
        '',
      ].join('\n'),
    );
  });

  it('draws a session log as a one-step run', () => {
    expect(toAscii(sessionLog())).toBe(
      [
        'Run 002-spl-transfer · execution exec-2 · session exec-2-s0',
        'Prompt · Send 15 USDC to the recipient.',
        'Agent · openai:gpt-4o-mini',
        '└── ✔ Step 1 · 002-spl-transfer · completed · score 1.00 · 640 ms',
        '    └── ✔ spl_transfer · 15 USDC → 9WzD…AWWM',
        'End · 1/1 steps succeeded · avg score 1.00 · 640 ms',
        '',
      ].join('\n'),
    );
  });

  it('colours marks, errors and skipped steps only when asked, with the same text underneath', () => {
    const plain = toAscii(failedDynamicRun());
    const coloured = toAscii(failedDynamicRun(), { color: true });
    expect(plain).not.toMatch(ANSI_SEQUENCE);
    expect(coloured.replace(ANSI_SEQUENCE, '')).toBe(plain);
    expect(coloured).toContain('\u001b[31m✘ Step 2 · lend_usdc · failed · score 0.00 · 400 ms\u001b[39m');
    expect(coloured).toContain('\u001b[31merror: Token program: insufficient funds\u001b[39m');
    expect(coloured).toContain('\u001b[32m✔ Step 1 · swap_sol_to_usdc · completed · score 1.00 · 400 ms\u001b[39m');
    expect(coloured).toContain('\u001b[2m⊘ Step 3 · verify_position · skipped · score 0.00\u001b[22m');
  });

  it('keeps hostile text on its own line, cut, and free of control characters', () => {
    const hostile = `\u001b[2J\u001b[31mwipe\u0007\r\nsecond line\u202Eevil\u202C\t${'x'.repeat(300)}`;
    const run = consolidated(
      [
        step(0, hostile, {
          status: 'failed',
          success: false,
          score: 0,
          error: hostile,
          tool_calls: [toolCall(hostile, { [hostile]: hostile }, { ok: false, error: hostile })],
        }),
      ],
      { prompt: hostile, agent: hostile, benchmark_id: hostile },
    );
    const output = toAscii(run);
    const lines = output.trimEnd().split('\n');
    const plainRun = consolidated([
      step(0, 'x', { status: 'failed', success: false, score: 0, error: 'x', tool_calls: [toolCall('x', {}, { ok: false, error: 'x' })] }),
    ]);
    expect(lines).toHaveLength(toAscii(plainRun).trimEnd().split('\n').length);
    expect(output.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(lines[1]).toBe(`Prompt · [2J [31mwipe second lineevil ${'x'.repeat(70)}…`);
    // The prompt is cut at 100 characters, every other line's own text at 120; the tree's indentation comes on top. characters; the tree's indentation comes on top.
    for (const line of lines) expect([...line.replace(/^[│├└─ ]+/, '')].length).toBeLessThanOrEqual(120);
  });

  it('cuts lines and the prompt at the lengths asked for', () => {
    const output = toAscii(swapThenLendRun(), { maxLineLength: 30, maxPromptLength: 10 });
    expect(output.split('\n')[1]).toBe('Prompt · I want to…');
    expect(output.split('\n')[4]).toBe('│   └── ✔ jupiter_swap · 2 SOL → USDC…');
  });

  it('rejects options that are not positive integers and input that is not a run', () => {
    expect(() => toAscii(solTransferRun(), { maxLineLength: -1 })).toThrow('toAscii: options.maxLineLength must be a positive integer, got -1');
    expect(() => toAscii('a run' as never)).toThrow('toAscii: expected a ConsolidatedContent or a SessionLog object, got string');
  });
});
