import type { QueuedExecution } from './port';
import type {
  ConsolidatedContent,
  ConsolidationMetadata,
  ExecutionMode,
  ExecutionStatus,
  InterfaceKind,
  SessionStatus,
  ToolCallStatus,
} from '@reev/types';
import type {
  agentPerformance,
  benchmarks,
  executionSessions,
  executionStates,
  llmResponses,
  sessionToolCalls,
} from './schema';

/** Rows as @reev/db returns them: camelCase names, JSON columns parsed, SQL NULL as undefined. */
export interface StoredBenchmark {
  id: string;
  name: string;
  prompt: string;
  /** The benchmark YAML. */
  content: string;
  contentHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredExecution {
  executionId: string;
  benchmarkId?: string;
  agent: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
  progress: number;
  score?: number;
  error?: string;
  /** JSON as stored by completeExecution (null when the run stored none). */
  result: unknown;
  /** JSON as given to createExecution (null when none). */
  metadata: unknown;
  ownerPid?: number;
  ownerHost?: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
}

export interface StoredSession {
  sessionId: string;
  executionId: string;
  benchmarkId?: string;
  agent: string;
  interface: InterfaceKind;
  prompt?: string;
  status: SessionStatus;
  score?: number;
  /** JSON as given to completeSession (null when none). */
  content: unknown;
  startedAt: string;
  endedAt?: string;
  updatedAt: string;
}

export interface StoredStepSession {
  executionId: string;
  stepIndex: number;
  stepId: string;
  sessionId: string;
  /** The step content exactly as stored (for the executor: its StepResult). */
  content: unknown;
  success: boolean;
  error?: string;
  toolCount: number;
  score: number;
  startedAt: string;
  durationMs: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoredToolCall {
  sessionId: string;
  callId: string;
  toolName: string;
  startedAt: string;
  durationMs: number;
  input: unknown;
  output: unknown;
  status: ToolCallStatus;
  error?: string;
  createdAt: string;
}

export interface StoredConsolidatedSession {
  consolidatedSessionId: string;
  executionId: string;
  content: ConsolidatedContent;
  metadata: ConsolidationMetadata;
  originalSessionIds: string[];
  avgScore: number;
  totalTools: number;
  successRate: number;
  executionDurationMs: number;
  createdAt: string;
}

export interface StoredAgentPerformance {
  sessionId: string;
  executionId?: string;
  benchmarkId: string;
  agent: string;
  score: number;
  finalStatus: ExecutionStatus;
  passed: boolean;
  executionTimeMs: number;
  createdAt: string;
}

const present = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** @internal (takes a drizzle row type: kept out of the published declarations) */
export function toStoredBenchmark(row: typeof benchmarks.$inferSelect): StoredBenchmark {
  return { ...row };
}

/** @internal (takes a drizzle row type: kept out of the published declarations) */
export function toStoredExecution(row: typeof executionStates.$inferSelect): StoredExecution {
  return {
    executionId: row.executionId,
    benchmarkId: present(row.benchmarkId),
    agent: row.agent,
    mode: row.mode,
    status: row.status,
    progress: row.progress,
    score: present(row.score),
    error: present(row.error),
    result: row.result ?? null,
    metadata: row.metadata ?? null,
    ownerPid: present(row.ownerPid),
    ownerHost: present(row.ownerHost),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: present(row.completedAt),
  };
}

/** @internal (takes a drizzle row type: kept out of the published declarations) */
export function toStoredSession(row: typeof executionSessions.$inferSelect): StoredSession {
  return {
    sessionId: row.sessionId,
    executionId: row.executionId,
    benchmarkId: present(row.benchmarkId),
    agent: row.agent,
    interface: row.interface,
    prompt: present(row.prompt),
    status: row.status,
    score: present(row.score),
    content: row.content ?? null,
    startedAt: row.startedAt,
    endedAt: present(row.endedAt),
    updatedAt: row.updatedAt,
  };
}

/** A row of SELECT_STEP_SESSIONS (statements.ts), in its column order; the columns are NOT NULL except error. */
export function decodeStepSession(row: unknown[]): StoredStepSession {
  const [executionId, stepIndex, stepId, sessionId, content, success, error, toolCount, score, startedAt, durationMs] = row;
  return {
    executionId: executionId as string,
    stepIndex: stepIndex as number,
    stepId: stepId as string,
    sessionId: sessionId as string,
    content: JSON.parse(content as string) as unknown,
    success: Number(success) === 1,
    error: present(error as string | null),
    toolCount: toolCount as number,
    score: score as number,
    startedAt: startedAt as string,
    durationMs: durationMs as number,
    createdAt: row[11] as string,
    updatedAt: row[12] as string,
  };
}

/** @internal (takes a drizzle row type: kept out of the published declarations) */
export function toStoredToolCall(row: typeof sessionToolCalls.$inferSelect): StoredToolCall {
  return {
    sessionId: row.sessionId,
    callId: row.callId,
    toolName: row.toolName,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    input: row.input ?? null,
    output: row.output ?? null,
    status: row.status,
    error: present(row.error),
    createdAt: row.createdAt,
  };
}

/** A row of the consolidated-session SELECTs (statements.ts), in their column order; every column is NOT NULL. */
export function decodeConsolidatedSession(row: unknown[]): StoredConsolidatedSession {
  const [id, executionId, content, metadata, originalSessionIds, avgScore, totalTools, successRate, durationMs, createdAt] =
    row;
  return {
    consolidatedSessionId: id as string,
    executionId: executionId as string,
    // Validated against ConsolidatedContentSchema / ConsolidationMetadataSchema when stored.
    content: JSON.parse(content as string) as ConsolidatedContent,
    metadata: JSON.parse(metadata as string) as ConsolidationMetadata,
    originalSessionIds: JSON.parse(originalSessionIds as string) as string[],
    avgScore: avgScore as number,
    totalTools: totalTools as number,
    successRate: successRate as number,
    executionDurationMs: durationMs as number,
    createdAt: createdAt as string,
  };
}

/** @internal (takes a drizzle row type: kept out of the published declarations) */
export function toStoredAgentPerformance(row: typeof agentPerformance.$inferSelect): StoredAgentPerformance {
  return {
    sessionId: row.sessionId,
    executionId: present(row.executionId),
    benchmarkId: row.benchmarkId,
    agent: row.agent,
    score: row.score,
    finalStatus: row.finalStatus,
    passed: row.passed,
    executionTimeMs: row.executionTimeMs,
    createdAt: row.createdAt,
  };
}

export interface StoredLlmResponse {
  cacheKey: string;
  model: string;
  baseUrl: string;
  turn: number;
  /** The entry exactly as given to putLlmResponse, parsed. */
  entry: unknown;
  createdAt: string;
}

/** @internal (takes a drizzle row type: kept out of the published declarations) */
export function toStoredLlmResponse(row: typeof llmResponses.$inferSelect): StoredLlmResponse {
  return {
    cacheKey: row.cacheKey,
    model: row.model,
    baseUrl: row.baseUrl,
    turn: row.turn,
    entry: row.entry,
    createdAt: row.createdAt,
  };
}

/** An execution's recorded owner process (both null when none was recorded). */
export interface ExecutionOwner {
  ownerPid: number | null;
  ownerHost: string | null;
}

/** A row of SELECT_UNFINISHED_EXECUTIONS (statements.ts), in its column order. */
export function decodeUnfinishedExecution(row: unknown[]): { executionId: string } & ExecutionOwner {
  const [executionId, ownerPid, ownerHost] = row;
  return { executionId: executionId as string, ownerPid: ownerPid as number | null, ownerHost: ownerHost as string | null };
}

/** A row of SELECT_QUEUED_EXECUTIONS (statements.ts), in its column order: the queued request and its owner. */
export function decodeQueuedExecution(row: unknown[]): { queued: QueuedExecution } & ExecutionOwner {
  const [executionId, benchmarkId, agent, mode, metadata, ownerPid, ownerHost, createdAt] = row;
  return {
    queued: {
      executionId: executionId as string,
      ...(benchmarkId !== null ? { benchmarkId: benchmarkId as string } : {}),
      agent: agent as string,
      mode: mode as QueuedExecution['mode'],
      metadata: metadata === null ? null : (JSON.parse(metadata as string) as unknown),
      createdAt: createdAt as string,
    },
    ownerPid: ownerPid as number | null,
    ownerHost: ownerHost as string | null,
  };
}
