import { randomUUID } from 'node:crypto';
import type { Agent, AgentStepResponse } from '@reev/agent';
import type { SolanaEnv } from '@reev/lib';
import type { ToolRegistry } from '@reev/tools';
import type { ToolCallRecord, ToolInvocation, ToolName, ToolOutcome, TransactionResult } from '@reev/types';

export interface StepRunInput {
  agent: Agent;
  stepId: string;
  prompt: string;
  env: SolanaEnv;
  tools: ToolRegistry;
  allowedTools?: ToolName[];
  maxTurns: number;
  timeoutMs: number;
  runIndex: number;
  /** Cancels the whole execution (API stop). */
  signal?: AbortSignal;
}

export type StepRunStatus = 'completed' | 'failed' | 'timeout' | 'stopped';

export interface StepRunOutput {
  status: StepRunStatus;
  toolCalls: ToolCallRecord[];
  transactions: TransactionResult[];
  response?: AgentStepResponse;
  error?: string;
  startedAt: string;
  durationMs: number;
}

class StepAbortedError extends Error {}

/**
 * Runs one agent step: the agent drives the ping-pong through `callTool`, every call is recorded with its
 * transactions. The step ends when the agent returns, the timeout fires, or the execution is cancelled.
 */
export async function runAgentStep(input: StepRunInput): Promise<StepRunOutput> {
  const startedAt = new Date();
  const started = performance.now();
  const toolCalls: ToolCallRecord[] = [];
  const transactions: TransactionResult[] = [];
  // One controller for both ends of a step (AbortSignal.any cost more than the rest of the step's bookkeeping), and
  // a cleared timer rather than AbortSignal.timeout: a pending timeout signal keeps the step (and its VM) alive.
  const step = new AbortController();
  const timeout = { aborted: false };
  const timer = setTimeout(() => {
    timeout.aborted = true;
    step.abort();
  }, input.timeoutMs);
  const forwardStop = (): void => step.abort();
  if (input.signal?.aborted) step.abort();
  input.signal?.addEventListener('abort', forwardStop, { once: true });
  const signal = step.signal;
  const toolContext = input.env.toolContext();

  const callTool = async (invocation: ToolInvocation): Promise<ToolOutcome> => {
    const callStarted = performance.now();
    const record: ToolCallRecord = {
      tool_name: invocation.name,
      call_id: invocation.callId || randomUUID(),
      input: invocation.arguments,
      output: null,
      status: 'error',
      started_at: new Date().toISOString(),
      duration_ms: 0,
    };
    let outcome: ToolOutcome;
    if (signal.aborted) {
      outcome = { ok: false, output: null, error: abortReason(input, timeout), transactions: [] };
      record.status = timeout.aborted ? 'timeout' : 'error';
    } else {
      outcome = await input.tools.invoke(toolContext, invocation, input.allowedTools);
      record.status = outcome.ok ? 'success' : 'error';
    }
    record.output = outcome.output;
    if (outcome.error !== undefined) record.error = outcome.error;
    record.duration_ms = performance.now() - callStarted;
    toolCalls.push(record);
    transactions.push(...outcome.transactions);
    return outcome;
  };

  const context = await input.env.agentContext();
  const specs = input.tools.specs(input.allowedTools);
  let rejectAborted: (error: StepAbortedError) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    rejectAborted = reject;
  });
  const onAbort = (): void => rejectAborted(new StepAbortedError());
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });

  const finish = (status: StepRunStatus, response?: AgentStepResponse, error?: string): StepRunOutput => ({
    status,
    toolCalls,
    transactions,
    ...(response ? { response } : {}),
    ...(error !== undefined ? { error } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
  });

  try {
    const response = await Promise.race([
      input.agent.runStep({
        stepId: input.stepId,
        prompt: input.prompt,
        context,
        tools: specs,
        maxTurns: input.maxTurns,
        runIndex: input.runIndex,
        signal,
        callTool,
      }),
      aborted,
    ]);
    // A rejected tool call the agent then corrected is not a failure; executors judge the transactions.
    if (response.error !== undefined) return finish('failed', response, response.error);
    return finish('completed', response);
  } catch (error) {
    if (error instanceof StepAbortedError) {
      return timeout.aborted
        ? finish('timeout', undefined, `step timed out after ${input.timeoutMs} ms`)
        : finish('stopped', undefined, 'execution stopped');
    }
    return finish('failed', undefined, `agent ${input.agent.name} crashed: ${errorMessage(error)}`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    input.signal?.removeEventListener('abort', forwardStop);
  }
}

function abortReason(input: StepRunInput, timeout: { aborted: boolean }): string {
  return timeout.aborted ? `step timed out after ${input.timeoutMs} ms` : 'execution stopped';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
