// After a crash: executions a dead process left running become interrupted, queued ones are claimed to start again.
import { hostname } from 'node:os';
import type { StatementExecutor } from './executor';
import type { QueuedExecution } from './port';
import { decodeQueuedExecution, decodeUnfinishedExecution } from './rows';
import { CLAIM_QUEUED_EXECUTION, MARK_INTERRUPTED, SELECT_QUEUED_EXECUTIONS, SELECT_UNFINISHED_EXECUTIONS } from './statements';
import { nowIso } from './storage';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why an execution owned by `pid` on `host` no longer runs; undefined while its owner may still be running it. */
function interruptionReason(pid: number | null, host: string | null, thisHost: string): string | undefined {
  if (pid === null && host === null) return 'interrupted: no owner process was recorded for this execution';
  if (host !== thisHost || pid === null) return undefined;
  if (processIsAlive(pid)) return undefined;
  return `interrupted: owner process ${pid} on ${host} is no longer running`;
}

/** Takes over the queued executions whose owner is gone (see DatabaseWriterPort.claimQueuedExecutions). */
export async function claimQueuedExecutions(executor: StatementExecutor): Promise<QueuedExecution[]> {
  const host = hostname();
  const claimed: QueuedExecution[] = [];
  for (const { queued, ownerPid, ownerHost } of (await executor.rows(SELECT_QUEUED_EXECUTIONS, [])).map(decodeQueuedExecution)) {
    if (interruptionReason(ownerPid, ownerHost, host) === undefined) continue;
    if ((await executor.run(CLAIM_QUEUED_EXECUTION, [process.pid, host, nowIso(), queued.executionId])) === 0) continue;
    claimed.push(queued);
  }
  return claimed;
}

/** Marks the unfinished executions whose owner is gone as interrupted; their ids. */
export async function markInterruptedExecutions(executor: StatementExecutor): Promise<string[]> {
  const host = hostname();
  const interrupted: string[] = [];
  for (const { executionId, ownerPid, ownerHost } of (await executor.rows(SELECT_UNFINISHED_EXECUTIONS, [])).map(decodeUnfinishedExecution)) {
    const reason = interruptionReason(ownerPid, ownerHost, host);
    if (reason === undefined) continue;
    if ((await executor.run(MARK_INTERRUPTED, [reason, nowIso(), executionId])) > 0) interrupted.push(executionId);
  }
  return interrupted;
}
