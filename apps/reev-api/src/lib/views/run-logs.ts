import { stringify } from 'yaml';
import { z } from 'zod';
import type { DatabaseReader, ExecutionDetail } from '@reev/db';
import { toAscii } from '@reev/flow';
import { StepResultSchema, TransactionResultSchema, type TransactionResult } from '@reev/types';

export interface StepTransaction {
  step_index: number;
  step_id: string;
  signature: string;
  status: string;
  error: string | null;
  compute_units: number;
  fee_lamports: number;
  logs: string[];
}

const TransactionsSchema = z.array(TransactionResultSchema);

/**
 * The transactions each stored step executed: dynamic steps keep them in their StepResult output, benchmark-mode
 * steps in their session log's `transaction` events.
 */
export async function stepTransactions(reader: DatabaseReader, execution: ExecutionDetail): Promise<StepTransaction[]> {
  const found: StepTransaction[] = [];
  for (const step of execution.steps) {
    const content = StepResultSchema.safeParse(step.content);
    const output = content.success ? (content.data.output as { transactions?: unknown } | null) : null;
    const fromOutput = TransactionsSchema.safeParse(output?.transactions);
    let transactions: TransactionResult[];
    if (fromOutput.success) {
      transactions = fromOutput.data;
    } else {
      const log = await reader.getSessionLog(step.sessionId);
      transactions = (log?.events ?? [])
        .filter((event) => event.kind === 'transaction')
        .map((event) => TransactionResultSchema.safeParse(event.data))
        .flatMap((parsed) => (parsed.success ? [parsed.data] : []));
    }
    for (const tx of transactions) {
      found.push({
        step_index: step.stepIndex,
        step_id: step.stepId,
        signature: tx.signature,
        status: tx.status,
        error: tx.error ?? null,
        compute_units: tx.computeUnits,
        fee_lamports: tx.feeLamports,
        logs: tx.logs,
      });
    }
  }
  return found;
}

const COMPUTE_UNIT_LINE = /^Program \S+ consumed \d+ of \d+ compute units$/;

function visibleLogs(logs: string[], showComputeUnits: boolean): string[] {
  return showComputeUnits ? logs : logs.filter((line) => !COMPUTE_UNIT_LINE.test(line));
}

/** The program logs as text: a YAML document per step, or indented plain lines. */
export function renderTransactionLogs(transactions: StepTransaction[], format: 'yaml' | 'plain', showComputeUnits: boolean): string {
  if (transactions.length === 0) return '';
  if (format === 'yaml') {
    return stringify(
      transactions.map((tx) => ({
        step: tx.step_id,
        signature: tx.signature,
        status: tx.status,
        ...(tx.error !== null ? { error: tx.error } : {}),
        ...(showComputeUnits ? { compute_units: tx.compute_units } : {}),
        fee_lamports: tx.fee_lamports,
        logs: visibleLogs(tx.logs, showComputeUnits),
      })),
    );
  }
  const lines: string[] = [];
  for (const tx of transactions) {
    const units = showComputeUnits ? `, ${tx.compute_units} CU` : '';
    lines.push(`Step ${tx.step_index + 1} (${tx.step_id}): ${tx.status} ${tx.signature}${units}${tx.error !== null ? `: ${tx.error}` : ''}`);
    for (const line of visibleLogs(tx.logs, showComputeUnits)) lines.push(`  ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The run as an ASCII tree: from its newest consolidated session, or, before consolidation (a run in progress),
 * one tree per stored step session.
 */
export async function executionTrace(reader: DatabaseReader, execution: ExecutionDetail): Promise<string> {
  const [consolidated] = await reader.getConsolidatedSessionsByExecution(execution.executionId);
  if (consolidated) return toAscii(consolidated.content);
  const trees: string[] = [];
  for (const step of execution.steps) {
    const log = await reader.getSessionLog(step.sessionId);
    if (log) trees.push(toAscii(log));
  }
  return trees.join('\n');
}
