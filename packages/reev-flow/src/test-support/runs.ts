import { USDC_MINT, WSOL_MINT, type ConsolidatedContent, type ConsolidatedStep, type SessionLog, type ToolCallRecord } from '@reev/types';

/** Realistic stored runs, shaped as the orchestrator stores them (consolidated content, session logs). */

export const USER = '7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU';
export const RECIPIENT = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

export function toolCall(
  tool_name: string,
  input: unknown,
  outcome: { ok: true; output?: unknown } | { ok: false; error: string; status?: 'error' | 'timeout' } = { ok: true },
  startMs = 0,
): ToolCallRecord {
  return {
    tool_name,
    call_id: `call-${tool_name}-${startMs}`,
    input,
    output: outcome.ok ? (outcome.output ?? { signature: '5h3W…' }) : null,
    status: outcome.ok ? 'success' : (outcome.status ?? 'error'),
    ...(outcome.ok ? {} : { error: outcome.error }),
    started_at: at(startMs),
    duration_ms: 12,
  };
}

export function step(
  index: number,
  step_id: string,
  fields: Partial<Omit<ConsolidatedStep, 'step_index' | 'step_id'>> & Pick<ConsolidatedStep, 'status' | 'success' | 'score'>,
): ConsolidatedStep {
  return {
    step_index: index,
    step_id,
    session_id: `exec-1-s${index}`,
    tool_calls: [],
    started_at: at(index * 1000),
    duration_ms: 400,
    ...fields,
  };
}

/** A consolidated record with metadata computed the way consolidation computes it. */
export function consolidated(
  steps: ConsolidatedStep[],
  fields: Partial<Pick<ConsolidatedContent, 'benchmark_id' | 'agent' | 'prompt'>> & { execution_duration_ms?: number } = {},
): ConsolidatedContent {
  const ran = steps.filter((entry) => entry.status !== 'skipped');
  const successful = ran.filter((entry) => entry.success).length;
  const { execution_duration_ms = 1234, ...rest } = fields;
  return {
    execution_id: 'exec-1',
    consolidated_session_id: 'consolidated-0b7c',
    agent: 'deterministic',
    ...rest,
    steps,
    metadata: {
      successful_steps: successful,
      failed_steps: ran.length - successful,
      skipped_steps: steps.length - ran.length,
      total_steps: steps.length,
      success_rate: steps.length === 0 ? 0 : successful / steps.length,
      avg_score: steps.length === 0 ? 0 : steps.reduce((sum, entry) => sum + entry.score, 0) / steps.length,
      total_tools: steps.reduce((sum, entry) => sum + entry.tool_calls.length, 0),
      execution_duration_ms,
      original_session_ids: steps.map((entry) => entry.session_id),
    },
    created_at: at(10_000),
  };
}

/** 001-sol-transfer: one step, one sol_transfer of 0.1 SOL. */
export function solTransferRun(): ConsolidatedContent {
  return consolidated(
    [
      step(0, '001-sol-transfer', {
        status: 'completed',
        success: true,
        score: 1,
        tool_calls: [toolCall('sol_transfer', { user_pubkey: USER, recipient_pubkey: RECIPIENT, amount: 100_000_000 })],
      }),
    ],
    {
      benchmark_id: '001-sol-transfer',
      prompt: 'Please send 0.1 SOL to the recipient (RECIPIENT_WALLET_PUBKEY).',
      execution_duration_ms: 850,
    },
  );
}

/** 200-jup-swap-then-lend-deposit: swap 2 SOL to USDC, then lend the USDC received. */
export function swapThenLendRun(): ConsolidatedContent {
  return consolidated(
    [
      step(0, 'swap', {
        status: 'completed',
        success: true,
        score: 1,
        tool_calls: [
          toolCall('jupiter_swap', {
            user_pubkey: USER,
            input_mint: WSOL_MINT,
            output_mint: USDC_MINT,
            amount: 2_000_000_000,
            slippage_bps: 50,
          }),
        ],
      }),
      step(1, 'lend', {
        status: 'completed',
        success: true,
        score: 0.75,
        tool_calls: [
          toolCall('get_account_balance', { pubkey: USER, token_mint: USDC_MINT }, { ok: true }, 1000),
          toolCall('jupiter_lend_earn_deposit', { user_pubkey: USER, asset_mint: USDC_MINT, amount: 301_234_567 }, { ok: true }, 1100),
        ],
      }),
    ],
    {
      benchmark_id: '200-jup-swap-then-lend-deposit',
      prompt:
        'I want to earn yield on my SOL by converting it to USDC and depositing into Jupiter lending. Can you help me swap 2.0 SOL to USDC and then deposit the USDC into Jupiter lending?',
      execution_duration_ms: 2480,
    },
  );
}

/** A dynamic flow (Strict mode): the critical lend step fails, the two steps after it are skipped. */
export function failedDynamicRun(): ConsolidatedContent {
  return consolidated(
    [
      step(0, 'swap_sol_to_usdc', {
        status: 'completed',
        success: true,
        score: 1,
        tool_calls: [
          toolCall('jupiter_swap', { user_pubkey: USER, input_mint: WSOL_MINT, output_mint: USDC_MINT, amount: 2_000_000_000 }),
        ],
      }),
      step(1, 'lend_usdc', {
        status: 'failed',
        success: false,
        score: 0,
        error: 'jupiter_lend_earn_deposit failed: Token program: insufficient funds',
        tool_calls: [
          toolCall(
            'jupiter_lend_earn_deposit',
            { user_pubkey: USER, asset_mint: USDC_MINT, amount: 450_000_000 },
            { ok: false, error: 'Token program: insufficient funds' },
            1000,
          ),
          toolCall('get_account_balance', { pubkey: USER, token_mint: USDC_MINT }, { ok: true }, 1100),
        ],
      }),
      step(2, 'verify_position', {
        status: 'skipped',
        success: false,
        score: 0,
        error: 'skipped: critical step lend_usdc failed (Strict mode)',
        duration_ms: 0,
      }),
      step(3, 'report_yield', { status: 'skipped', success: false, score: 0, duration_ms: 0 }),
    ],
    {
      benchmark_id: '300-jup-swap-then-lend-deposit-dyn',
      prompt: 'use my 50% sol to multiply usdc 1.5x on jup',
      execution_duration_ms: 3100,
    },
  );
}

/** The log of one session (no consolidated record yet): the fallback input. */
export function sessionLog(fields: Partial<SessionLog> = {}): SessionLog {
  return {
    session_id: 'exec-2-s0',
    execution_id: 'exec-2',
    benchmark_id: '002-spl-transfer',
    agent: 'openai:gpt-4o-mini',
    prompt: 'Send 15 USDC to the recipient.',
    started_at: at(0),
    ended_at: at(640),
    events: [{ at: at(300), kind: 'transaction', message: 'Success 4sGj…' }],
    tool_calls: [
      toolCall('spl_transfer', { user_pubkey: USER, recipient_pubkey: RECIPIENT, amount: 15_000_000, mint_address: USDC_MINT }),
    ],
    score: 1,
    success: true,
    ...fields,
  };
}
