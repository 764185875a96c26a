import type { DatabaseReader, ExecutionDetail } from '@reev/db';
import type { ExecutionEvent } from '@reev/orchestrator';
import { StepResultSchema, type ExecutionStatus } from '@reev/types';
import type { StreamListener } from './event-log';
import { streamData } from './event-log';

type StoredEvent = Extract<ExecutionEvent, { type: 'step_finished' | 'consolidated' | 'done' }>;

const UNFINISHED: ReadonlySet<ExecutionStatus> = new Set(['queued', 'running']);

export interface StoredEventFollower {
  stop(): void;
}

function consolidationErrorOf(detail: ExecutionDetail): string {
  const result = detail.result as { consolidation_error?: unknown } | null;
  return typeof result?.consolidation_error === 'string' ? result.consolidation_error : (detail.error ?? 'not consolidated');
}

/**
 * Events of an execution this process does not run (another process, or one that ended before this server
 * started), read from the database: a step_finished per stored step, then `consolidated` and `done` once the
 * execution has ended. An unfinished execution is re-read every `intervalMs` until it ends.
 */
export function followStoredExecution(
  reader: DatabaseReader,
  executionId: string,
  listener: StreamListener,
  options: { intervalMs: number; afterId: number; onEnd(): void; onError(error: unknown): void },
): StoredEventFollower {
  let nextId = 1;
  let sentSteps = -1;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const send = (event: StoredEvent): void => {
    const id = nextId++;
    if (id > options.afterId) listener({ id, type: event.type, data: streamData(event) });
  };

  const poll = async (): Promise<void> => {
    const detail = await reader.getExecution(executionId);
    if (stopped) return;
    if (!detail) throw new Error(`execution ${executionId} disappeared from the database`);
    for (const step of detail.steps) {
      if (step.stepIndex <= sentSteps) continue;
      const result = StepResultSchema.safeParse(step.content);
      if (!result.success) continue;
      send({ type: 'step_finished', executionId, stepIndex: step.stepIndex, stepId: step.stepId, result: result.data });
      sentSteps = step.stepIndex;
    }
    if (UNFINISHED.has(detail.status)) {
      timer = setTimeout(() => void run(), options.intervalMs);
      return;
    }
    const [consolidated] = await reader.getConsolidatedSessionsByExecution(executionId);
    if (stopped) return;
    send({
      type: 'consolidated',
      executionId,
      outcome: consolidated
        ? { ok: true, consolidatedSessionId: consolidated.consolidatedSessionId, content: consolidated.content }
        : { ok: false, error: consolidationErrorOf(detail) },
    });
    send({
      type: 'done',
      executionId,
      status: detail.status,
      score: detail.score ?? 0,
      ...(detail.error !== undefined ? { error: detail.error } : {}),
    });
    options.onEnd();
  };

  const run = async (): Promise<void> => {
    try {
      await poll();
    } catch (error) {
      if (!stopped) options.onError(error);
    }
  };

  void run();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
