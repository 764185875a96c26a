import type { DatabaseReader } from '@reev/db';
import { withoutRunIdentity } from '@reev/testing';

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
