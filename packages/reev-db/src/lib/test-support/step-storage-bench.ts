// Micro-benchmark of the per-step storage path (not part of npm test):
//   cd packages/reev-db && npm run bench:storage [-- --flows 300] [-- --pooled]
// Stores 4-step flows the way the dynamic executor does (createExecution; per step one storeStep — one transaction
// with createSession, storeStepSession, storeSessionLog, storeToolCall, completeSession, updateExecutionStatus;
// then getSessionsForConsolidation, a transaction with storeConsolidatedSession, completeExecution and a read
// of the consolidated session) on a file database, and prints the median per stored step and per flow (wall and
// CPU time) next to the same step as six single calls in transaction() (the path before storeStep) and the same
// statements sent straight to a libSQL client (the floor this layer adds to). The three alternate flow by flow.
import 'reflect-metadata';
import { createClient, type Client } from '@libsql/client';
import { USDC_MINT, type ConsolidatedContent, type ConsolidationMetadata, type SessionLog, type StepResult, type ToolCallRecord } from '@reev/types';
import type { StepWrite } from '../port';
import { PooledDatabaseWriter } from '../pooled-writer';
import { DatabaseWriter } from '../writer';
import { tempDirectory } from './temp-database';

const STEPS = 4;
const KEY = 'BnCUJNTswdZcToGzUNz3Axh7xfqxc5xMmg7wWbvfHvfR';
const MINT = USDC_MINT;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A tool call shaped like the dynamic flow's (an output of ~0.6 KB). */
function toolCall(flow: string, step: number): ToolCallRecord {
  return {
    tool_name: 'jupiter_lend_earn_deposit',
    call_id: `${flow}:step_${step}#1`,
    input: { user_pubkey: KEY, asset_mint: MINT, amount: 50_000_000 },
    output: {
      protocol: 'jupiter-sim',
      signature: `sig-${flow}-${step}`.padEnd(88, 'x'),
      status: 'Success',
      fee_lamports: 10_000,
      underlying: { mint: MINT, symbol: 'USDC', decimals: 6, amount: 50_000_000, ui_amount: '50' },
      shares: { mint: MINT, symbol: 'jlUSDC', decimals: 6, amount: 50_000_000, ui_amount: '50', account: KEY },
      exchange_rate: 1,
    },
    status: 'success',
    started_at: new Date().toISOString(),
    duration_ms: 28.25,
  };
}

/** A step result of ~3.5 KB, with transaction logs as the flow's steps carry them. */
function stepResult(flow: string, step: number): StepResult {
  return {
    step_id: `step_${step}`,
    step_index: step,
    status: 'completed',
    success: true,
    score: 1,
    tool_calls: [toolCall(flow, step)],
    output: {
      prompt: 'Deposit 50 USDC into Jupiter lending.',
      deltas: { USDC: -50_000_000, jlUSDC: 50_000_000 },
      checks: Array.from({ length: 4 }, (_, index) => ({ description: `check ${index} of the step`, passed: true })),
      final_message: `deposited 50 USDC into Jupiter lending (transaction sig-${flow}-${step})`,
      transactions: [
        {
          status: 'Success',
          signature: `sig-${flow}-${step}`,
          logs: Array.from({ length: 30 }, (_, index) => `Program TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA invoke [${index}]`),
        },
      ],
    },
    attempt: 1,
    started_at: new Date().toISOString(),
    execution_time_ms: 41.5,
  };
}

function sessionLog(flow: string, sessionId: string, result: StepResult): SessionLog {
  return {
    session_id: sessionId,
    execution_id: flow,
    agent: 'deterministic',
    prompt: 'Deposit 50 USDC into Jupiter lending.',
    started_at: result.started_at,
    ended_at: new Date().toISOString(),
    events: [{ at: result.started_at, kind: 'step', message: `${result.step_id} attempt 1: completed` }],
    tool_calls: result.tool_calls,
    final_message: `deposited 50 USDC into Jupiter lending: ${JSON.stringify(result.tool_calls[0]?.output)}`,
    score: 1,
    success: true,
  };
}

function consolidation(flow: string, id: string, steps: StepResult[]): { content: ConsolidatedContent; metadata: ConsolidationMetadata } {
  const metadata: ConsolidationMetadata = {
    successful_steps: steps.length,
    failed_steps: 0,
    skipped_steps: 0,
    total_steps: steps.length,
    success_rate: 1,
    avg_score: 1,
    total_tools: steps.length,
    execution_duration_ms: 120,
    original_session_ids: steps.map((step) => `${flow}-s${step.step_index}`),
  };
  const content: ConsolidatedContent = {
    execution_id: flow,
    consolidated_session_id: id,
    agent: 'deterministic',
    prompt: 'use 50% of my SOL to multiply my USDC 1.5x on Jupiter',
    steps: steps.map((step) => ({
      step_index: step.step_index,
      step_id: step.step_id,
      session_id: `${flow}-s${step.step_index}`,
      status: step.status,
      success: step.success,
      score: step.score,
      tool_calls: step.tool_calls,
      started_at: step.started_at,
      duration_ms: step.execution_time_ms,
    })),
    metadata,
    created_at: new Date().toISOString(),
  };
  return { content, metadata };
}

interface FlowTimes {
  stepsMs: number[];
  flowMs: number;
  cpuMs: number;
}

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/**
 * One flow through the writer, exactly the calls the dynamic executor makes (step-store.ts, consolidate.ts), each
 * step through storeStep or, with `singleCalls`, as the six single calls in transaction().
 */
async function writerFlow(writer: DatabaseWriter, flow: string, singleCalls: boolean): Promise<FlowTimes> {
  const began = performance.now();
  const cpu = process.cpuUsage();
  const plan = { flow_id: flow, steps: Array.from({ length: STEPS }, (_, index) => ({ step_id: `step_${index}`, weight: 1 })) };
  await writer.createExecution({ executionId: flow, agent: 'deterministic', mode: 'dynamic', metadata: { flow_id: flow, plan } });
  const results: StepResult[] = [];
  const stepsMs: number[] = [];
  for (let index = 0; index < STEPS; index += 1) {
    const result = stepResult(flow, index);
    const sessionId = `${flow}-s${index}`;
    const log = sessionLog(flow, sessionId, result);
    const step: StepWrite = {
      executionId: flow,
      stepIndex: index,
      session: { sessionId, executionId: flow, agent: 'deterministic', interface: 'library', prompt: 'p' },
      completion: { status: 'completed', score: 1, content: { step_id: result.step_id, status: result.status } },
      content: result,
      meta: {
        stepId: result.step_id,
        sessionId,
        success: result.success,
        toolCount: result.tool_calls.length,
        score: result.score,
        startedAt: result.started_at,
        durationMs: result.execution_time_ms,
      },
      log,
      toolCalls: result.tool_calls,
      status: 'running',
      statusUpdate: { progress: (index + 1) / STEPS },
    };
    const stepBegan = performance.now();
    if (singleCalls) {
      await writer.transaction(flow, async () => {
        await writer.createSession(step.session);
        await writer.storeStepSession(flow, index, result, step.meta);
        await writer.storeSessionLog(sessionId, log);
        for (const call of result.tool_calls) await writer.storeToolCall(sessionId, call);
        await writer.completeSession(sessionId, step.completion);
        await writer.updateExecutionStatus(flow, step.status, step.statusUpdate);
      });
    } else {
      await writer.storeStep(step);
    }
    stepsMs.push(performance.now() - stepBegan);
    results.push(result);
  }
  const stored = await writer.getSessionsForConsolidation(flow);
  if (stored.length !== STEPS) throw new Error(`flow ${flow}: ${stored.length} steps read back, not ${STEPS}`);
  const consolidatedId = `consolidated-${flow}`;
  const { content, metadata } = consolidation(flow, consolidatedId, results);
  await writer.transaction(flow, () => writer.storeConsolidatedSession(consolidatedId, flow, content, metadata));
  await writer.completeExecution(flow, { status: 'completed', score: 1, result: { plan, step_results: results, score: 1 } });
  if ((await writer.getConsolidatedSession(consolidatedId)) === undefined) throw new Error(`flow ${flow}: no consolidation`);
  return { stepsMs, flowMs: performance.now() - began, cpuMs: cpuMsSince(cpu) };
}

const now = () => new Date().toISOString();

/** The same rows with hand-written SQL on a bare client: what the statements cost without this layer. */
async function rawFlow(client: Client, flow: string): Promise<FlowTimes> {
  const began = performance.now();
  const cpu = process.cpuUsage();
  const plan = { flow_id: flow, steps: Array.from({ length: STEPS }, (_, index) => ({ step_id: `step_${index}`, weight: 1 })) };
  await client.execute({
    sql: 'INSERT INTO execution_states (execution_id, agent, mode, status, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    args: [flow, 'deterministic', 'dynamic', 'running', JSON.stringify({ flow_id: flow, plan }), now(), now()],
  });
  const results: StepResult[] = [];
  const stepsMs: number[] = [];
  for (let index = 0; index < STEPS; index += 1) {
    const result = stepResult(flow, index);
    const sessionId = `${flow}-s${index}`;
    const log = sessionLog(flow, sessionId, result);
    const stepBegan = performance.now();
    const transaction = await client.transaction('write');
    try {
      await transaction.execute({
        sql: 'INSERT INTO execution_sessions (session_id, execution_id, agent, interface, prompt, status, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        args: [sessionId, flow, 'deterministic', 'library', 'p', 'running', now(), now()],
      });
      await transaction.execute({
        sql: 'INSERT INTO step_sessions (execution_id, step_index, step_id, session_id, content, success, tool_count, score, started_at, duration_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (execution_id, step_index) DO UPDATE SET content = excluded.content',
        args: [flow, index, result.step_id, sessionId, JSON.stringify(result), 1, 1, 1, result.started_at, 41.5, now(), now()],
      });
      await transaction.execute({
        sql: 'INSERT INTO session_logs (session_id, content, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET content = excluded.content',
        args: [sessionId, JSON.stringify(log), now(), now()],
      });
      for (const call of result.tool_calls) {
        await transaction.execute({
          sql: 'INSERT INTO session_tool_calls (session_id, call_id, tool_name, started_at, duration_ms, input, output, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, call_id) DO UPDATE SET output = excluded.output',
          args: [sessionId, call.call_id, call.tool_name, call.started_at, call.duration_ms, JSON.stringify(call.input), JSON.stringify(call.output), call.status, now()],
        });
      }
      await transaction.execute({
        sql: 'UPDATE execution_sessions SET status = ?, score = ?, content = ?, ended_at = ?, updated_at = ? WHERE session_id = ?',
        args: ['completed', 1, JSON.stringify({ step_id: result.step_id, status: result.status }), now(), now(), sessionId],
      });
      await transaction.execute({
        sql: 'UPDATE execution_states SET status = ?, progress = ?, updated_at = ? WHERE execution_id = ?',
        args: ['running', (index + 1) / STEPS, now(), flow],
      });
      await transaction.commit();
    } finally {
      transaction.close();
    }
    stepsMs.push(performance.now() - stepBegan);
    results.push(result);
  }
  await client.execute({ sql: 'SELECT * FROM step_sessions WHERE execution_id = ? ORDER BY step_index', args: [flow] });
  const consolidatedId = `consolidated-${flow}`;
  const { content, metadata } = consolidation(flow, consolidatedId, results);
  await client.execute({
    sql: 'INSERT INTO consolidated_sessions (consolidated_session_id, execution_id, consolidated_content, metadata, original_session_ids, avg_score, total_tools, success_rate, execution_duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    args: [consolidatedId, flow, JSON.stringify(content), JSON.stringify(metadata), JSON.stringify(metadata.original_session_ids), 1, STEPS, 1, 120, now()],
  });
  await client.execute({
    sql: 'UPDATE execution_states SET status = ?, score = ?, result = ?, progress = 1, completed_at = ?, updated_at = ? WHERE execution_id = ?',
    args: ['completed', 1, JSON.stringify({ plan, step_results: results, score: 1 }), now(), now(), flow],
  });
  await client.execute({ sql: 'SELECT * FROM consolidated_sessions WHERE consolidated_session_id = ?', args: [consolidatedId] });
  return { stepsMs, flowMs: performance.now() - began, cpuMs: cpuMsSince(cpu) };
}

function summary(label: string, times: FlowTimes[]): string {
  const step = median(times.flatMap((flow) => flow.stepsMs));
  const flow = median(times.map((one) => one.flowMs));
  const cpu = median(times.map((one) => one.cpuMs));
  return `${label.padEnd(36)} per stored step ${step.toFixed(3)} ms   per flow ${flow.toFixed(3)} ms, CPU ${cpu.toFixed(3)} ms`;
}

async function main(): Promise<void> {
  const flows = Number(option('--flows') ?? '300');
  const warmup = Math.max(5, Math.floor(flows / 10));
  const pooled = process.argv.includes('--pooled');
  const temp = tempDirectory('reev-db-bench-');
  const url = temp.fileUrl();
  const writer = pooled ? new PooledDatabaseWriter({ url }) : new DatabaseWriter({ url });
  const raw = createClient({ url, concurrency: 1 });
  try {
    await writer.open();
    // The raw client gets the writer's PRAGMAs (the file is already in WAL mode).
    for (const pragma of ['foreign_keys=ON', 'synchronous=NORMAL', 'busy_timeout=5000', 'cache_size=-65536']) {
      await raw.execute(`PRAGMA ${pragma}`);
    }
    const measured: { writer: FlowTimes[]; single: FlowTimes[]; raw: FlowTimes[] } = { writer: [], single: [], raw: [] };
    // Alternating flows: all three see the same machine load and the same database size.
    for (let run = 0; run < warmup + flows; run += 1) {
      // Either may follow the raw client's flow, whose writes make the writer's connection reload its page cache.
      const storeStepFirst = run % 2 === 0;
      const first = await writerFlow(writer, `${storeStepFirst ? 'w' : 's'}-${run}`, !storeStepFirst);
      const second = await writerFlow(writer, `${storeStepFirst ? 's' : 'w'}-${run}`, storeStepFirst);
      const [viaWriter, viaSingleCalls] = storeStepFirst ? [first, second] : [second, first];
      const viaClient = await rawFlow(raw, `r-${run}`);
      if (run < warmup) continue;
      measured.writer.push(viaWriter);
      measured.single.push(viaSingleCalls);
      measured.raw.push(viaClient);
    }
    const kind = pooled ? 'PooledDatabaseWriter' : 'DatabaseWriter';
    process.stdout.write(`${flows} flows of ${STEPS} steps after ${warmup} warm-up flows, file database\n`);
    process.stdout.write(
      `${summary(`${kind}, storeStep`, measured.writer)}\n${summary(`${kind}, six calls per step`, measured.single)}\n` +
        `${summary('raw @libsql/client', measured.raw)}\n`,
    );
  } finally {
    raw.close();
    await writer.close();
    temp.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
