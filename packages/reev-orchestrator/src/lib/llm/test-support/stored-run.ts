import type { DatabaseReader } from '@reev/db';

/** Fields that differ between two runs of the same thing: wall-clock times and durations. */
const TIMING_KEYS = new Set([
  'started_at',
  'ended_at',
  'created_at',
  'updated_at',
  'startedAt',
  'endedAt',
  'createdAt',
  'updatedAt',
  'completedAt',
  'duration_ms',
  'durationMs',
  'execution_time_ms',
  'execution_duration_ms',
  'executionDurationMs',
  'latency_ms',
]);

/** `value` without timing fields, with each of `ids` (execution, consolidated session, flow ids) replaced by its name. */
export function withoutRunIdentity(value: unknown, ids: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    return Object.entries(ids).reduce((text, [name, id]) => text.split(id).join(`<${name}>`), value);
  }
  if (Array.isArray(value)) return value.map((item) => withoutRunIdentity(item, ids));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !TIMING_KEYS.has(key))
      .map(([key, member]) => [key, withoutRunIdentity(member, ids)]),
  );
}

/**
 * Everything the database holds about one execution — its state and result, every step with its tool calls and
 * transactions, and the consolidated session — modulo ids and timings, for comparing a replay with its recording.
 */
export async function storedRun(
  reader: DatabaseReader,
  executionId: string,
  consolidatedSessionId: string | undefined,
  extraIds: Readonly<Record<string, string>> = {},
): Promise<unknown> {
  const execution = await reader.getExecution(executionId);
  if (!execution) throw new Error(`execution ${executionId} is not stored`);
  const consolidated = consolidatedSessionId === undefined ? undefined : await reader.getConsolidatedSession(consolidatedSessionId);
  const toolCalls = await Promise.all(execution.sessions.map((session) => reader.getToolCalls(session.sessionId)));
  const ids = { execution: executionId, ...(consolidatedSessionId ? { consolidated: consolidatedSessionId } : {}), ...extraIds };
  return withoutRunIdentity(
    {
      status: execution.status,
      score: execution.score,
      error: execution.error,
      result: execution.result,
      steps: execution.steps,
      sessions: execution.sessions,
      toolCalls,
      consolidated: consolidated?.content,
    },
    ids,
  );
}
