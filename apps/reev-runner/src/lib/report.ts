import type { Colors } from 'picocolors/types';
import { PASS_RULE } from '@reev/lib';
import type { BenchmarkRunResult, RepeatedRunStats } from '@reev/orchestrator';
import { wireExecutionStatus, type InstructionRecord, type StepUsage, type TransactionResult } from '@reev/types';

export interface RunReport {
  agent: string;
  database: string;
  elapsedMs: number;
  results: BenchmarkRunResult[];
  /** One entry per benchmark when each ran more than once. */
  repeated: RepeatedRunStats[];
}

const PROGRAM_NAMES: Record<string, string> = {
  '11111111111111111111111111111111': 'System',
  TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA: 'SPL Token',
  ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL: 'Associated Token',
};

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address;
}

function nameOf(address: string, names: Map<string, string>): string {
  return names.get(address) ?? PROGRAM_NAMES[address] ?? shortAddress(address);
}

function describeInstruction(ix: InstructionRecord, names: Map<string, string>): string {
  const accounts = ix.accounts
    .map((meta) => `${nameOf(meta.pubkey, names)}${meta.isSigner ? ' s' : ''}${meta.isWritable ? ' w' : ''}`)
    .join(', ');
  return `${nameOf(ix.programId, names)} [${accounts}]`;
}

function describeTransaction(tx: TransactionResult, pc: Colors): string {
  const status = tx.status === 'Success' ? pc.green('Success') : pc.red(`Failure: ${tx.error ?? 'unknown error'}`);
  return `tx ${status} ${shortAddress(tx.signature)} (${tx.computeUnits} CU, fee ${tx.feeLamports})`;
}

/** ", 1200/85 tokens in 2 calls, $0.0012" for LLM steps; nothing for steps that used no model. */
export function usageText(usage: StepUsage | undefined): string {
  if (!usage) return '';
  const cost = usage.cost_usd !== undefined ? `, $${usage.cost_usd.toFixed(4)}` : '';
  return `, ${usage.input_tokens}/${usage.output_tokens} tokens in/out in ${usage.llm_calls} model call${usage.llm_calls === 1 ? '' : 's'}${cost}`;
}

function formatArguments(input: unknown): string {
  if (input === null || typeof input !== 'object') return JSON.stringify(input);
  return Object.entries(input as Record<string, unknown>)
    .map(([key, value]) => `${key}=${typeof value === 'string' && value.length > 24 ? shortAddress(value) : JSON.stringify(value)}`)
    .join(' ');
}

/** The human-readable results tree; `pc` decides whether it is coloured. */
export function renderTree(report: RunReport, pc: Colors): string {
  const lines: string[] = [];
  for (const result of report.results) {
    const names = new Map(Object.entries(result.keyMap).map(([name, address]) => [address, name]));
    const mark = result.passed ? pc.green('✔') : pc.red('✘');
    const min = result.breakdown.minScore.toFixed(2);
    lines.push(
      `${mark} ${pc.bold(result.benchmarkId)}  score ${result.score.toFixed(3)} (min ${min})  ${result.status}  ${Math.round(result.durationMs)} ms`,
    );
    for (const step of result.steps) {
      const status = step.result.success ? pc.green(step.result.status) : pc.red(step.result.status);
      lines.push(
        `  ├─ step ${step.result.step_id}: ${status}${usageText(step.result.usage)}${step.result.error_message ? ` — ${step.result.error_message}` : ''}`,
      );
      for (const call of step.result.tool_calls) {
        const args = formatArguments(call.input);
        lines.push(`  │  ├─ ${call.tool_name}${args ? ` ${args}` : ''}${call.error ? pc.red(`  ✘ ${call.error}`) : ''}`);
      }
      for (const tx of step.transactions) {
        for (const ix of tx.instructions) lines.push(`  │  │  ├─ ix ${describeInstruction(ix, names)}`);
        lines.push(`  │  │  └─ ${describeTransaction(tx, pc)}`);
      }
    }
    const { breakdown } = result;
    const failedAssertions = breakdown.assertionChecks.filter((check) => !check.matched);
    const met = breakdown.assertionChecks.length - failedAssertions.length;
    lines.push(
      `  └─ instructions ${breakdown.instructionScore === null ? 'not scored' : breakdown.instructionScore.toFixed(3)}, on-chain ${breakdown.onChainScore.toFixed(3)}, assertions ${met}/${breakdown.assertionChecks.length} met`,
    );
    // Why the run did not pass, condition by condition (failed assertions included).
    for (const condition of result.pass.failed_conditions) lines.push(pc.red(`     ✘ ${condition}`));
    if (result.consolidationError) lines.push(pc.red(`     consolidation: ${result.consolidationError}`));
  }
  if (report.repeated.length > 0) {
    lines.push('', pc.bold(`Repeated runs (k = ${report.repeated[0]?.k ?? 0})`));
    for (const stats of report.repeated) {
      lines.push(
        `  ${stats.benchmarkId.padEnd(40)} mean ${stats.meanScore.toFixed(3)} ± ${stats.stdDevScore.toFixed(3)}  passed ${stats.passes}/${stats.runs}  pass@${stats.k} ${stats.passAtK.toFixed(3)}  pass^${stats.k} ${stats.passHatK.toFixed(3)}`,
      );
    }
  }
  const passed = report.results.filter((result) => result.passed).length;
  const mean = report.results.reduce((sum, result) => sum + result.score, 0) / Math.max(1, report.results.length);
  lines.push('');
  lines.push(
    `${passed}/${report.results.length} passed, mean score ${mean.toFixed(3)}, agent ${report.agent}, ${(report.elapsedMs / 1000).toFixed(2)} s. Stored in ${report.database}`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderJsonReport(report: RunReport): string {
  const passed = report.results.filter((result) => result.passed).length;
  return `${JSON.stringify(
    {
      agent: report.agent,
      database: report.database,
      elapsed_ms: Math.round(report.elapsedMs),
      pass_rule: PASS_RULE,
      summary: {
        total: report.results.length,
        passed,
        failed: report.results.length - passed,
        mean_score: report.results.reduce((sum, r) => sum + r.score, 0) / Math.max(1, report.results.length),
      },
      results: report.results.map((result) => ({
        benchmark_id: result.benchmarkId,
        execution_id: result.executionId,
        consolidated_session_id: result.consolidatedSessionId ?? null,
        consolidation_error: result.consolidationError ?? null,
        status: wireExecutionStatus(result.status),
        score: result.score,
        min_score: result.breakdown.minScore,
        passed: result.passed,
        pass: result.pass,
        duration_ms: Math.round(result.durationMs),
        breakdown: result.breakdown,
        steps: result.steps.map((step) => ({ ...step.result, transactions: step.transactions })),
      })),
      repeated: report.repeated.map((stats) => ({
        benchmark_id: stats.benchmarkId,
        runs: stats.runs,
        passes: stats.passes,
        mean_score: stats.meanScore,
        std_dev_score: stats.stdDevScore,
        k: stats.k,
        pass_at_k: stats.passAtK,
        pass_hat_k: stats.passHatK,
      })),
    },
    null,
    2,
  )}\n`;
}
