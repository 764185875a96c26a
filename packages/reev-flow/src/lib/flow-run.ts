import {
  ConsolidatedContentSchema,
  SessionLogSchema,
  type ConsolidatedContent,
  type SessionLog,
  type StepStatus,
  type ToolCallRecord,
} from '@reev/types';

/** What the renderings accept: a consolidated run (every step) or, as a fallback, one session's log. */
export type FlowInput = ConsolidatedContent | SessionLog;

/** How a step ended, as the diagrams mark it. */
export type StepOutcome = 'succeeded' | 'failed' | 'skipped' | 'needs_input' | 'unrecorded';

export interface FlowStep {
  /** 1-based position in the run. */
  number: number;
  stepId: string;
  /** The stored status; `unrecorded` for a session log that carries no outcome. */
  status: StepStatus | 'unrecorded';
  outcome: StepOutcome;
  score?: number;
  error?: string;
  durationMs?: number;
  toolCalls: ToolCallRecord[];
}

/** One run, whatever it was stored as: the one model every rendering draws. */
export interface FlowRun {
  source: 'consolidated' | 'session';
  /** consolidated_session_id, or session_id for a session log. */
  id: string;
  executionId: string;
  benchmarkId?: string;
  agent?: string;
  prompt?: string;
  steps: FlowStep[];
  executionTimeMs: number;
}

export function isFailedToolCall(call: ToolCallRecord): boolean {
  return call.status !== 'success';
}

/**
 * Validates `input` against the stored schemas and turns it into a FlowRun. `caller` names the public
 * function in errors, e.g. "toMermaid: input is not a ConsolidatedContent: steps.0.score: …".
 */
export function readFlowRun(input: unknown, caller: string): FlowRun {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`${caller}: expected a ConsolidatedContent or a SessionLog object, got ${describeValue(input)}`);
  }
  if ('steps' in input || 'consolidated_session_id' in input) {
    const parsed = ConsolidatedContentSchema.safeParse(input);
    if (!parsed.success) throw new TypeError(`${caller}: input is not a ConsolidatedContent: ${issues(parsed.error)}`);
    return fromConsolidated(parsed.data);
  }
  const parsed = SessionLogSchema.safeParse(input);
  if (!parsed.success) {
    throw new TypeError(`${caller}: input is neither a ConsolidatedContent (no "steps") nor a SessionLog: ${issues(parsed.error)}`);
  }
  return fromSession(parsed.data);
}

function fromConsolidated(content: ConsolidatedContent): FlowRun {
  const steps = [...content.steps]
    .sort((a, b) => a.step_index - b.step_index)
    .map((step, index): FlowStep => ({
      number: index + 1,
      stepId: step.step_id,
      status: step.status,
      outcome: outcomeOf(step.status, step.success),
      score: step.score,
      ...(step.error !== undefined ? { error: step.error } : {}),
      durationMs: step.duration_ms,
      toolCalls: step.tool_calls,
    }));
  return {
    source: 'consolidated',
    id: content.consolidated_session_id,
    executionId: content.execution_id,
    ...(content.benchmark_id !== undefined ? { benchmarkId: content.benchmark_id } : {}),
    ...(content.agent !== undefined ? { agent: content.agent } : {}),
    ...(content.prompt !== undefined ? { prompt: content.prompt } : {}),
    steps,
    executionTimeMs: content.metadata.execution_duration_ms,
  };
}

function fromSession(log: SessionLog): FlowRun {
  const status: FlowStep['status'] = log.success === undefined ? 'unrecorded' : log.success ? 'completed' : 'failed';
  const wallTimeMs = elapsedMs(log.started_at, log.ended_at);
  // Without an end time the only time recorded is the time spent inside tool calls.
  const executionTimeMs = wallTimeMs ?? log.tool_calls.reduce((sum, call) => sum + call.duration_ms, 0);
  const step: FlowStep = {
    number: 1,
    stepId: log.benchmark_id ?? log.session_id,
    status,
    outcome: status === 'unrecorded' ? 'unrecorded' : outcomeOf(status, log.success === true),
    ...(log.score !== undefined ? { score: log.score } : {}),
    ...(wallTimeMs !== undefined ? { durationMs: wallTimeMs } : {}),
    toolCalls: log.tool_calls,
  };
  return {
    source: 'session',
    id: log.session_id,
    executionId: log.execution_id,
    ...(log.benchmark_id !== undefined ? { benchmarkId: log.benchmark_id } : {}),
    agent: log.agent,
    ...(log.prompt !== undefined ? { prompt: log.prompt } : {}),
    steps: [step],
    executionTimeMs,
  };
}

function outcomeOf(status: StepStatus, success: boolean): StepOutcome {
  if (status === 'skipped') return 'skipped';
  if (success) return 'succeeded';
  if (status === 'needs_input') return 'needs_input';
  return 'failed';
}

function elapsedMs(startedAt: string, endedAt: string | undefined): number | undefined {
  if (endedAt === undefined) return undefined;
  const elapsed = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(elapsed) && elapsed >= 0 ? elapsed : undefined;
}

function issues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const listed = error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  const more = error.issues.length - listed.length;
  return `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
